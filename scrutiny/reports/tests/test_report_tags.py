import re

import pytest
from django.template import Context, Template
from django.test import override_settings

TABLE = Template("{% load report_tags %}{% table_rows table %}")
CELLS = Template(
    '{% for row in table.rows %}<tr class="govuk-table__row">{% for cell in row %}'
    '<td class="govuk-table__cell">{{ cell }}</td>{% endfor %}</tr>{% endfor %}'
)


def test_table_rows_show_each_cell_as_the_template_would():
    table = {
        "header": ["Agency", "Rate", "Count", "Note"],
        "rows": [
            ["Police & <Crime>", 12.5, 3, None],
            ["Health 'trust'", 0.1, -4, '"quoted"'],
            ["", 1234567, True, 0],
        ],
    }
    drawn = TABLE.render(Context({"table": table}))
    assert drawn == CELLS.render(Context({"table": table}))
    assert (
        "Police &amp; &lt;Crime&gt;" in drawn and '<td class="govuk-table__cell">None</td>' in drawn
    )
    with override_settings(USE_THOUSAND_SEPARATOR=True):  # whole numbers grouped, as {{ }} does
        grouped = TABLE.render(Context({"table": table}))
        assert grouped == CELLS.render(Context({"table": table})) and "1,234,567" in grouped


def test_table_rows_without_rows_say_so_across_the_table():
    empty = {"header": ["A", "B"], "rows": [], "empty": "No <reviews>."}
    assert TABLE.render(Context({"table": empty})) == (
        '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="2">'
        "No &lt;reviews&gt;.</td></tr>"
    )
    assert 'colspan="0">None.</td>' in TABLE.render(Context({"table": {}}))


# The generic section as a template drew it before `section_body` (kept here to compare).
GENERIC_AS_TEMPLATE = Template(
    """{% load report_tags %}
{% if s.narrative %}<div class="scrutiny-narrative govuk-body">{{ s.narrative|linebreaks }}</div>
{% elif s.narrative_only %}<p class="govuk-body govuk-hint">No text has been written for this section yet.</p>{% endif %}
{% for note in s.data.notes %}<p class="govuk-body">{{ note }}</p>{% endfor %}
{% if s.data.summary %}
<dl class="govuk-summary-list key-figures">
  {% for label, value in s.data.summary %}<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{{ label }}</dt><dd class="govuk-summary-list__value">{{ value }}</dd></div>{% endfor %}
</dl>
{% endif %}
{% for chart in s.charts %}<figure class="scrutiny-figure"><img src="{% if chart_address %}{{ chart_address }}{{ chart.digest }}.png{% else %}{{ chart.uri }}{% endif %}" alt="{{ chart.alt }}" style="max-width: 100%;"></figure>{% endfor %}
{% for table in s.data.tables %}
<table class="govuk-table{% if table.header|length > 6 %} scrutiny-wide-table{% endif %}">
  <caption class="govuk-table__caption govuk-table__caption--s">{{ table.caption }}</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">{% for h in table.header %}<th scope="col" class="govuk-table__header">{{ h }}</th>{% endfor %}</tr></thead>
  <tbody class="govuk-table__body">{% table_rows table %}</tbody>
</table>
{% endfor %}"""
)


def _tags_apart(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def _section(narrative="", narrative_only=False, data=None, charts=()):
    from scrutiny.reports.render import SectionView

    return SectionView(
        number=1,
        key="k",
        title="T",
        template="reports/sections/_generic.html",
        data=data or {},
        narrative=narrative,
        narrative_only=narrative_only,
        hint="",
        requirement="",
        required=False,
        charts=list(charts),
    )


class _Chart:  # as render.Chart, without drawing a picture
    def __init__(self, alt, digest, uri="data:image/png;base64,AAAA"):
        self.alt, self.digest, self.uri = alt, digest, uri


@pytest.mark.parametrize("chart_address", ["/b/x/reports/3/charts/", ""])
def test_a_section_is_drawn_as_the_generic_template_drew_it(chart_address):
    wide = [f"Q{n}" for n in range(7)]
    sections = [
        _section(),
        _section(narrative_only=True),
        _section(
            narrative="First <para>\n\nSecond & line\nbroken",
            data={
                "notes": ["A note & more", 3],
                "summary": [["Children <seen>", 1234], ["Rate", 12.5], ["Empty", None]],
                "tables": [
                    {"caption": "By agency", "header": ["Agency", "Count"], "rows": [["P", 2]]},
                    {"header": wide, "rows": [], "empty": "No <rows>."},
                ],
            },
            charts=[_Chart('Rates "by" quarter', "abc123"), _Chart("Second", "def456")],
        ),
        _section(narrative_only=True, data={"summary": [], "tables": [], "notes": []}),
    ]
    for s in sections:
        context = {"s": s, "chart_address": chart_address}
        drawn = SECTION.render(Context(context))
        assert _tags_apart(drawn) == _tags_apart(GENERIC_AS_TEMPLATE.render(Context(context)))
    drawn = SECTION.render(Context({"s": sections[2], "chart_address": chart_address}))
    assert "<p>First &lt;para&gt;</p>" in drawn and "Second &amp; line<br>broken" in drawn
    assert 'alt="Rates &quot;by&quot; quarter"' in drawn and "scrutiny-wide-table" in drawn
    assert ("/b/x/reports/3/charts/abc123.png" in drawn) == bool(chart_address)


SECTION = Template("{% load report_tags %}{% section_body s chart_address %}")
