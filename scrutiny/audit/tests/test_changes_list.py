"""`changes_list`: the audit log's list of one entry's changes, escaped."""

from scrutiny.audit.display import ChangeRow, changes_list
from scrutiny.audit.models import AuditEntry


def test_a_new_records_values_are_listed_without_old_ones():
    entry = AuditEntry(action=AuditEntry.Action.CREATE)
    html = changes_list(entry, [ChangeRow("name", "(empty)", "<b>Board</b>")])
    assert html == (
        '<ul class="govuk-list govuk-body-s govuk-!-margin-bottom-0"><li><span class='
        '"govuk-!-font-weight-bold">Name</span>: &lt;b&gt;Board&lt;/b&gt;</li></ul>'
    )


def test_a_change_shows_old_and_new():
    entry = AuditEntry(action=AuditEntry.Action.UPDATE)
    html = changes_list(entry, [ChangeRow("status", "Open", "Closed")])
    assert 'Status</span>: Open <span aria-hidden="true">→</span>' in html
    assert "changed to</span> Closed</li>" in html


def test_no_changes_is_nothing():
    assert changes_list(AuditEntry(action=AuditEntry.Action.DELETE), []) == ""
