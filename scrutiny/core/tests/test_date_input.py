"""The one date widget: the GOV.UK date input (day, month, year in a fieldset), its
messages, and that every date field of a GOV.UK form gets it, a model form's too."""

import datetime

import pytest
from django import forms
from django.template.loader import render_to_string

from scrutiny.core.forms import DateInput, GovukForm, GovukModelForm
from scrutiny.governance.models import Meeting


class DueForm(GovukForm):
    due = forms.DateField(label="Due date", widget=DateInput)
    seen = forms.DateField(label="Seen on", required=False)  # no widget named: gets it too


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("1", "", "2026", "Due date must include a month"),
        ("", "", "2026", "Due date must include a day and month"),
        ("", "4", "", "Due date must include a day and year"),
        ("31", "2", "2026", "Due date must be a real date"),
        ("1", "May", "2026", "Due date must be a real date"),
        ("1", "5", "26", "Year must include 4 numbers"),
        ("", "", "", "Enter the due date"),
    ],
)
def test_what_is_wrong_is_said_plainly(day, month, year, message):
    form = DueForm({"due_day": day, "due_month": month, "due_year": year})
    assert not form.is_valid()
    assert form.errors["due"] == [message]


def test_three_boxes_make_a_date_and_an_iso_date_is_accepted_too():
    form = DueForm({"due_day": " 7 ", "due_month": "03", "due_year": "2027"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"due": datetime.date(2027, 3, 7), "seen": None}
    assert DueForm({"due": "2027-03-07"}).is_valid()
    assert DueForm({"due": "07/03/2027"}).errors["due"] == ["Due date must be a real date"]


def test_the_field_is_drawn_as_a_fieldset_with_day_month_and_year():
    form = DueForm(initial={"due": datetime.date(2027, 3, 7)})
    html = render_to_string("govuk/field.html", {"field": form["due"]})
    assert '<fieldset class="govuk-fieldset" role="group"' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Due date' in html
    for name, value in (("due_day", "7"), ("due_month", "3"), ("due_year", "2027")):
        assert f'name="{name}" type="text" inputmode="numeric" value="{value}"' in html
    assert 'type="date"' not in html
    # the day box carries the field's id, so the error summary's link lands on it
    assert 'id="id_due" name="due_day"' in html
    assert '<label class="govuk-label govuk-date-input__label" for="id_due">Day</label>' in html


def test_an_error_marks_the_boxes():
    form = DueForm({"due_day": "1", "due_month": "", "due_year": "2026"})
    form.is_valid()
    html = render_to_string("govuk/field.html", {"field": form["due"]})
    assert "govuk-form-group--error" in html
    assert html.count("govuk-input--error") == 3
    assert "Due date must include a month" in html


def test_a_model_forms_date_field_gets_the_date_input_too():
    class MeetingDate(GovukModelForm):  # no widget named: the model's DateField
        class Meta:
            model = Meeting
            fields = ["held_on"]

    form = MeetingDate({"held_on_day": "2", "held_on_month": "", "held_on_year": "2027"})
    assert isinstance(form.fields["held_on"].widget, DateInput)
    assert form.errors["held_on"] == ["Held on must include a month"]
    assert isinstance(DueForm().fields["seen"].widget, DateInput)
