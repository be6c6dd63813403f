from django import forms

from scrutiny.core.forms import GovukForm, QuickSelect


class Picker(GovukForm):
    colour = forms.ChoiceField(
        label="Colour",
        required=False,
        widget=QuickSelect,
        choices=[("", "Any"), ("Warm", [("red", "Red & <b>")]), ("blue", "Blue")],
    )


def test_quick_select_draws_the_options_groups_and_choice_escaped():
    html = str(Picker({"colour": "red"})["colour"])
    assert html.startswith('<select class="govuk-select" id="id_colour" name="colour">')
    assert '<option value="">Any</option>' in html
    assert (
        '<optgroup label="Warm"><option value="red" selected>Red &amp; &lt;b&gt;</option>' in html
    )
    assert html.endswith('<option value="blue">Blue</option></select>')


def test_quick_select_with_nothing_chosen_selects_the_empty_option():
    assert '<option value="" selected>Any</option>' in str(Picker()["colour"])
