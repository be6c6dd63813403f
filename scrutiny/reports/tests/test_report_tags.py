from django.template import Context, Template

TABLE = Template("{% load report_tags %}{% table_rows table %}")
CELLS = Template(
    '{% for row in table.rows %}<tr class="govuk-table__row">{% for cell in row %}'
    '<td class="govuk-table__cell">{{ cell }}</td>{% endfor %}</tr>{% endfor %}'
)


def test_table_rows_show_each_cell_as_the_template_would():
    table = {
        "header": ["Agency", "Rate", "Count", "Note"],
        "rows": [["Police & <Crime>", 12.5, 3, None], ["Health 'trust'", 0.1, -4, '"quoted"']],
    }
    drawn = TABLE.render(Context({"table": table}))
    assert drawn == CELLS.render(Context({"table": table}))
    assert (
        "Police &amp; &lt;Crime&gt;" in drawn and '<td class="govuk-table__cell">None</td>' in drawn
    )


def test_table_rows_without_rows_say_so_across_the_table():
    empty = {"header": ["A", "B"], "rows": [], "empty": "No <reviews>."}
    assert TABLE.render(Context({"table": empty})) == (
        '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="2">'
        "No &lt;reviews&gt;.</td></tr>"
    )
    assert 'colspan="0">None.</td>' in TABLE.render(Context({"table": {}}))
