"""An agency lead's rows render themselves: the link, when it is due, whether it is overdue."""

import datetime

from scrutiny.pages.home import AgencyRow


def test_a_row_is_a_link_with_its_due_date_and_overdue_tag():
    row = AgencyRow(1, "Fix <it>", "/b/alpha/actions/7/update/", datetime.date(2026, 3, 4), True)
    assert str(row) == (
        '<a class="govuk-link" href="/b/alpha/actions/7/update/">Fix &lt;it&gt;</a> '
        '<span class="govuk-body-s">due 4 Mar 2026</span> '
        '<strong class="govuk-tag govuk-tag--red">Overdue</strong>'
    )
    in_time = AgencyRow(1, "Answer", "/a/", datetime.date(2026, 11, 30))
    assert str(in_time) == (
        '<a class="govuk-link" href="/a/">Answer</a> <span class="govuk-body-s">due 30 Nov 2026</span>'
    )
    assert str(AgencyRow(1, "Evaluate", "/t/")) == '<a class="govuk-link" href="/t/">Evaluate</a>'
