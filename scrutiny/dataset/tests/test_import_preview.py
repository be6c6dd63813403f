"""Every import is upload → preview → confirm: nothing is written before confirmation, the
preview shows each value and each change, and confirming writes all or nothing."""

import datetime
import io
import zipfile
from decimal import Decimal as D

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from scrutiny.audit.models import AuditEntry as LogEntry
from scrutiny.dataset.models import IndicatorValue, PendingImport, ValueSource
from scrutiny.dataset.statutory.common import Computation
from scrutiny.dataset.tests.values import hold
from scrutiny.jobs.tests.helpers import through_job
from scrutiny.people.models import Role

HEADER = "indicator,period,numerator,denominator,agency\n"


def upload(client, board, text, name="values.csv"):
    return through_job(
        client,
        client.post(
            reverse("dataset:import", args=[board.slug]),
            {"file": SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text)},
        ),
    )


def test_the_preview_writes_nothing_and_shows_every_value_and_change(client, login, manager, board):
    hold(board, "assessments-45-days", "2026 Q1", datetime.date(2026, 3, 31), 30, 60)
    hold(board, "missing-episodes", "2026 Q1", datetime.date(2026, 3, 31), 37)
    login(client, manager)
    response = upload(
        client,
        board,
        HEADER + "assessments-45-days,2026 Q1,45,60,\n"  # changes 50% to 75%
        "missing-episodes,2026 Q1,37,,\n"  # the same value: unchanged
        "missing-episodes,2026 Q2,12,,\n",  # new
    )
    assert response.status_code == 302
    assert IndicatorValue.objects.count() == 2  # nothing written yet
    held = {(v.indicator.code, v.period_label): v.numerator for v in IndicatorValue.objects.all()}
    assert held == {("assessments-45-days", "2026 Q1"): 30, ("missing-episodes", "2026 Q1"): 37}

    page = client.get(response["Location"])
    html = page.content.decode()
    table = html[html.index('id="import-values"') :]
    # indicators by name, never by code
    assert "Assessments completed within 45 working days" in table
    assert "assessments-45-days" not in table
    assert "Changed: 50.0 → 75.0 (30/60 → 45/60)" in table
    assert table.count("Unchanged") == 1 and table.count(">New<") == 1
    assert page.context["preview"].counts == {
        "new": 1,
        "changed": 1,
        "unchanged": 1,
        "left_out": 0,
    }


def test_confirming_writes_all_rows_and_the_counts_match_the_preview(client, login, manager, board):
    hold(board, "assessments-45-days", "2026 Q1", datetime.date(2026, 3, 31), 30, 60)
    login(client, manager)
    preview_url = upload(
        client,
        board,
        HEADER + "assessments-45-days,2026 Q1,45,60,\nmissing-episodes,2026 Q2,12,,\n",
    )["Location"]
    counts = client.get(preview_url).context["preview"].counts
    result = client.post(preview_url, {"action": "confirm"}, follow=True)
    assert (
        result.context["held"].outcome
        == counts
        == {
            "new": 1,
            "changed": 1,
            "unchanged": 0,
            "left_out": 0,
        }
    )
    assert "1 new value written, 1 changed" in result.content.decode()
    values = {(v.indicator.code, v.period_label): v.value for v in IndicatorValue.objects.all()}
    assert values == {("assessments-45-days", "2026 Q1"): 75, ("missing-episodes", "2026 Q2"): 12}
    assert {v.source for v in IndicatorValue.objects.all()} == {ValueSource.IMPORT}
    # each value written is in the audit log: one create, one update
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(IndicatorValue)
    )
    assert sorted(e.action for e in entries) == [
        LogEntry.Action.CREATE,  # the held value, created by the test
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
    ]
    written = entries.filter(actor=manager)
    assert written.count() == 2
    assert all(list(e.boards.all()) == [board] for e in written)
    assert all(e.region_id == board.region_id for e in written)
    update = written.get(action=LogEntry.Action.UPDATE)
    assert update.changes["numerator"] == ["30.00", "45"]
    # confirming twice writes nothing more
    client.post(preview_url, {"action": "confirm"})
    assert IndicatorValue.objects.count() == 2


def test_a_value_changed_since_the_preview_is_not_overwritten(client, login, manager, board):
    value = hold(board, "assessments-45-days", "2026 Q1", datetime.date(2026, 3, 31), 30, 60)
    login(client, manager)
    preview_url = upload(
        client,
        board,
        HEADER + "assessments-45-days,2026 Q1,45,60,\nmissing-episodes,2026 Q2,12,,\n",
    )["Location"]
    # someone else edits the value after the preview was made
    IndicatorValue.objects.filter(pk=value.pk).update(numerator=D(40))
    again = client.post(preview_url, {"action": "confirm"})
    assert again.status_code == 200
    assert "Nothing was written: 1 value changed since the preview" in again.content.decode()
    assert "Changed: 66.7 → 75.0 (40/60 → 45/60)" in again.content.decode()
    assert IndicatorValue.objects.count() == 1
    assert IndicatorValue.objects.get().numerator == 40
    # confirming the new preview writes
    client.post(preview_url, {"action": "confirm"})
    assert IndicatorValue.objects.get(period_label="2026 Q1").numerator == 45
    assert IndicatorValue.objects.count() == 2


def test_confirm_is_all_or_nothing(client, login, manager, board, monkeypatch):
    login(client, manager)
    preview_url = upload(
        client, board, HEADER + "missing-episodes,2026 Q1,5,,\nmissing-episodes,2026 Q2,6,,\n"
    )["Location"]

    def audit_fails(*args, **kwargs):
        # the values have been inserted by now; the failure must undo them
        assert IndicatorValue.objects.count() == 2
        raise RuntimeError("disk full")

    monkeypatch.setattr("scrutiny.dataset.pending.log_bulk", audit_fails)
    client.raise_request_exception = False
    assert client.post(preview_url, {"action": "confirm"}).status_code == 500
    assert not IndicatorValue.objects.exists()
    assert PendingImport.objects.get().confirmed_at is None


def test_the_preview_says_when_the_baseline_is_set_or_moves(client, login, manager, board):
    hold(board, "missing-episodes", "2025 Q3", datetime.date(2025, 9, 30), 20)
    hold(board, "missing-episodes", "2025 Q4", datetime.date(2025, 12, 31), 25)
    hold(board, "contacts", "2025 Q3", datetime.date(2025, 9, 30), 900)
    hold(board, "police-protection-powers", "2025 Q3", datetime.date(2025, 9, 30), 4)
    login(client, manager)
    preview_url = upload(
        client,
        board,
        HEADER + "missing-episodes,2025 Q2,18,,\n"  # earlier than the first period: baseline moves
        "contacts,2025 Q3,950,,\n"  # the first period itself changes
        "police-protection-powers,2025 Q4,5,,\n"  # a later period: baseline untouched
        "training-attendance,2025 Q4,40,,\n",  # no value yet: this sets the baseline
    )["Location"]
    changes = [str(c) for c in client.get(preview_url).context["preview"].baseline_changes]
    assert changes == [
        "Contacts to children's social care: the baseline moves from 2025 Q3 (900.0) "
        "to 2025 Q3 (950.0)",
        "Missing episodes: the baseline moves from 2025 Q3 (20.0) to 2025 Q2 (18.0)",
        "Places taken on multi-agency training: the baseline will be 2025 Q4 (40.0), "
        "its first value",
    ]


def test_a_pending_import_belongs_to_its_uploader_and_expires(
    client, login, manager, make_user, board, other_board
):
    login(client, manager)
    preview_url = upload(client, board, HEADER + "missing-episodes,2026 Q1,5,,\n")["Location"]
    colleague = make_user(Role.BUSINESS_MANAGER, board=board)
    login(client, colleague)
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url, {"action": "confirm"}).status_code == 404
    login(client, make_user(Role.VIEWER, board=board))
    assert client.get(preview_url).status_code == 403  # a viewer enters no data at all
    login(client, make_user(Role.BUSINESS_MANAGER, board=other_board))
    assert client.get(preview_url).status_code == 404
    assert not IndicatorValue.objects.exists()
    login(client, manager)
    PendingImport.objects.update(expires=timezone.now() - datetime.timedelta(seconds=1))
    assert client.post(preview_url, {"action": "confirm"}).status_code == 404
    assert not IndicatorValue.objects.exists()


def test_cancel_discards_the_pending_import(client, login, manager, board):
    login(client, manager)
    preview_url = upload(client, board, HEADER + "missing-episodes,2026 Q1,5,,\n")["Location"]
    response = client.post(preview_url, {"action": "cancel"})
    assert response["Location"] == reverse("dataset:import", args=[board.slug])
    assert not PendingImport.objects.exists() and not IndicatorValue.objects.exists()


def test_preview_query_count_does_not_grow_with_rows(client, login, manager, board):
    login(client, manager)

    def queries_for(rows):
        lines = "".join(f"missing-episodes,{2000 + n} Q1,{n},,\n" for n in range(rows))
        url = upload(client, board, HEADER + lines)["Location"]
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    assert queries_for(2) == queries_for(12)


def test_confirm_query_count_does_not_grow_with_rows(client, login, manager, board):
    login(client, manager)

    def queries_for(rows):
        # half the rows replace values already held, half are new
        for n in range(rows // 2):
            hold(board, "contacts", f"{1900 + rows + n} Q1", datetime.date(2000, 1, 1), 1)
        lines = "".join(f"contacts,{1900 + rows + n} Q1,{n + 5},,\n" for n in range(rows))
        url = upload(client, board, HEADER + lines)["Location"]
        with CaptureQueriesContext(connection) as ctx:
            client.post(url, {"action": "confirm"})
        assert PendingImport.objects.get(pk=url.rstrip("/").rsplit("/", 1)[1]).outcome == {
            "new": rows // 2,
            "changed": rows // 2,
            "unchanged": 0,
            "left_out": 0,
        }
        return len(ctx.captured_queries)

    assert queries_for(4) == queries_for(40)


@pytest.mark.parametrize("limit_setting", ["SCRUTINY_MAX_IMPORT_MB"])
def test_an_oversize_csv_is_refused_naming_the_file_and_limit(
    client, login, manager, board, settings, limit_setting
):
    setattr(settings, limit_setting, 1)
    login(client, manager)
    big = HEADER + "missing-episodes,2026 Q1,5,,\n" * 40_000  # about 1.1 MB
    assert len(big) > 1024 * 1024
    response = upload(client, board, big, name="big.csv")
    assert response.status_code == 200
    html = response.content.decode()
    summary = html[html.index("govuk-error-summary") :]
    assert 'href="#id_file"' in summary
    assert "big.csv is 1.1 MB; the limit is 1 MB." in summary
    assert not PendingImport.objects.exists() and not IndicatorValue.objects.exists()


def zip_bomb_xlsx() -> bytes:
    """An XLSX whose sheet is 16 MB of one repeated cell, zipped to a few kilobytes."""
    cells = "<c><v>1</v></c>" * (16 * 1024 * 1024 // 15)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f"<worksheet><sheetData><row>{cells}</row></sheetData></worksheet>",
        )
    return buffer.getvalue()


def test_an_xlsx_zip_bomb_is_refused_before_openpyxl_opens_it(
    client, login, manager, board, monkeypatch
):
    import openpyxl

    def must_not_open(*args, **kwargs):
        raise AssertionError("openpyxl opened a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_open)
    data = zip_bomb_xlsx()
    assert len(data) < 200 * 1024
    login(client, manager)
    response = upload(client, board, data, name="bomb.xlsx")
    html = response.content.decode()
    assert "bomb.xlsx is compressed" in html and "which only a zip bomb needs" in html
    assert 'href="#id_file"' in html
    assert not PendingImport.objects.exists() and not IndicatorValue.objects.exists()


def test_an_oversize_statutory_file_is_refused(client, login, manager, board, settings):
    settings.SCRUTINY_MAX_STATUTORY_MB = 1
    login(client, manager)
    response = through_job(
        client,
        client.post(
            reverse("dataset:statutory", args=[board.slug]),
            {
                "kind": "cin",
                "files": [SimpleUploadedFile("census.xml", b"<Message>" + b" " * (1024 * 1024))],
            },
        ),
    )
    html = response.content.decode()
    assert "census.xml is 1.0 MB; the limit is 1 MB." in html
    assert 'href="#id_files"' in html
    assert not PendingImport.objects.exists() and not IndicatorValue.objects.exists()


def test_statutory_preview_and_result_list_periods_not_covered_and_skipped(
    client, login, manager, board, monkeypatch
):
    computation = Computation(
        skipped=["census.xml: a CIN episode with no child ID or referral date"],
        periods=["2024-25 Q1", "2024 Q3"],  # financial-year quarters are shown as stored
        not_covered=[("2024-25 Q3", "the census ends on 15 November 2024, mid-quarter")],
    )
    computation.add("missing-episodes", "2024 Q2", 3, None)
    computation.add("missing-episodes", "2024 Q3", 4, None)
    computation.add("assessments-45-days", "2024 Q2", 0, 0)
    monkeypatch.setattr(
        "scrutiny.dataset.jobs.compute_cin", lambda files, population, progress=None: computation
    )
    login(client, manager)
    response = through_job(
        client,
        client.post(
            reverse("dataset:statutory", args=[board.slug]),
            {"kind": "cin", "files": [SimpleUploadedFile("census.xml", b"<Message/>")]},
        ),
    )
    assert response.status_code == 302 and not IndicatorValue.objects.exists()
    for page in (
        client.get(response["Location"]),
        client.post(response["Location"], {"action": "confirm"}, follow=True),
    ):
        html = page.content.decode()
        assert "Computed for: 2024 Q2, 2024 Q3." in html
        assert "2024 Q4: the census ends on 15 November 2024, mid-quarter" in html
        assert "Assessments completed within 45 working days, 2024 Q2: nothing to measure" in html
        assert "census.xml: a CIN episode with no child ID or referral date" in html
    assert page.context["held"].outcome == {"new": 2, "changed": 0, "unchanged": 0, "left_out": 1}
    assert {v.source for v in IndicatorValue.objects.all()} == {ValueSource.CIN}


def test_imports_are_read_and_checked_outside_any_transaction(client, login, manager, board):
    """No request holds the write lock while it parses: the file is read and every row is
    checked before the short write that holds the preview."""
    from scrutiny.core.tests.transactions import calls_depth

    login(client, manager)
    csv_text = HEADER + "contacts,2024 Q1,120,,\n"
    with (
        calls_depth("scrutiny.dataset.jobs.read_rows") as read_depths,
        calls_depth("scrutiny.dataset.jobs.check_rows") as check_depths,
    ):
        response = upload(client, board, csv_text)
    assert response.status_code == 302
    assert read_depths == [0] and check_depths == [0]


def test_statutory_returns_are_parsed_outside_any_transaction(client, login, manager, board):
    from scrutiny.core.tests.transactions import calls_depth
    from scrutiny.dataset.tests.statutory_fixtures import census, child, referral

    login(client, manager)
    with calls_depth("scrutiny.dataset.jobs.compute_cin") as depths:
        through_job(
            client,
            client.post(
                reverse("dataset:statutory", args=[board.slug]),
                {
                    "kind": "cin",
                    "population": "10000",
                    "files": [
                        SimpleUploadedFile(
                            "census.xml", census(2024, [child("C1", referral("2023-05-02"))])
                        )
                    ],
                },
            ),
        )
    assert depths == [0]
