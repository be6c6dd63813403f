"""core.rows: the pieces of a table row drawn in Python read as the template would write them."""

from __future__ import annotations

import datetime

from django.template import Context, Template
from django.utils import timezone

from scrutiny.core.rows import html, link, options, short_date, table_row

DATE_FILTER = Template('{{ value|date:"j M Y" }}')


def test_short_date_is_what_the_date_filter_shows():
    moments = [datetime.date(2026, month, day) for month in range(1, 13) for day in (1, 9, 28)]
    # a moment late in a summer evening in UTC is the next day in London (BST)
    late = datetime.datetime(2026, 7, 31, 23, 30, tzinfo=datetime.UTC)
    moments += [late, timezone.make_aware(datetime.datetime(2027, 1, 1, 0, 5))]
    for value in moments:
        assert short_date(value) == DATE_FILTER.render(Context({"value": value})), value
    assert short_date(late) == "1 Aug 2026"
    assert short_date(datetime.date(2026, 12, 6)) == "6 Dec 2026"
    assert short_date(None) == ""


def test_cells_are_escaped_unless_already_markup():
    row = table_row("<b>", link("/b/x/?a=1&b=2", "A & B", hidden="for <you>"), 7, numeric_from=2)
    assert row == (
        '<tr class="govuk-table__row"><td class="govuk-table__cell">&lt;b&gt;</td>'
        '<td class="govuk-table__cell"><a class="govuk-link" href="/b/x/?a=1&amp;b=2">A &amp; B'
        '<span class="govuk-visually-hidden">for &lt;you&gt;</span></a></td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">7</td></tr>'
    )
    assert html(row) == str(row)


def test_options_are_what_the_template_loop_draws():
    choices = [("1", "Agency"), ("2", 'R&D "board"'), ("3", "Board")]
    drawn = Template(
        '{% for value, name in choices %}<option value="{{ value }}"'
        "{% if chosen == value %} selected{% endif %}>{{ name }}</option>{% endfor %}"
    ).render(Context({"choices": choices, "chosen": "2"}))
    assert options(choices, "2") == drawn
    assert " selected" not in options(choices, "")
