"""A draft's PDF and Word, and the board pack's, are built by a job: the page's button starts
it and the job's page offers the file under the report's own name."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from scrutiny.jobs.models import Job, JobStatus
from scrutiny.jobs.tests.helpers import file_bytes, job_download
from scrutiny.people.models import Role
from scrutiny.reports import services
from scrutiny.reports.jobs import BOARD_PACK_FILE, REPORT_FILE

YEAR = "2026-27"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_drafts_pdf_is_built_by_a_job_under_the_reports_name(client, login, make_user, board):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    report = services.start_report(board, YEAR, manager)
    login(client, manager)
    url = reverse("reports:download", args=[board.slug, report.pk, "pdf"])
    page = client.get(reverse("reports:report", args=[board.slug, report.pk])).content.decode()
    assert f'<form method="post" action="{url}">' in page  # a button, not a link
    # A plain link to the draft's file goes back to the draft; it starts nothing.
    assert client.get(url)["Location"] == reverse("reports:report", args=[board.slug, report.pk])
    assert not Job.objects.exists()

    response = job_download(client, client.post(url))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="alpha-annual-report-2026-27-v1.pdf"'
    )
    assert file_bytes(response).startswith(b"%PDF")
    job = Job.objects.get()
    assert (job.kind, job.board, job.started_by, job.status) == (
        REPORT_FILE,
        board,
        manager,
        JobStatus.DONE,
    )


def test_the_same_build_asked_again_is_the_same_job_until_the_draft_changes(
    client, login, make_user, board
):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    chair = make_user(Role.CHAIR, board=board)
    report = services.start_report(board, YEAR, manager)
    url = reverse("reports:download", args=[board.slug, report.pk, "pdf"])
    login(client, manager)
    first = client.post(url)["Location"]
    assert client.post(url)["Location"] == first  # a double click: one build
    word = client.post(reverse("reports:download", args=[board.slug, report.pk, "docx"]))
    assert word["Location"] != first  # another file is another build
    other = login(Client(), chair).post(url)["Location"]
    assert other != first  # each person their own job
    services.save_narrative(report, "introduction", "Our year, rewritten.", manager)
    assert client.post(url)["Location"] != first  # the draft changed: built afresh
    assert Job.objects.filter(kind=REPORT_FILE).count() == 4


def test_a_board_packs_word_file_is_built_by_a_job(client, login, make_user, board):
    login(client, make_user(Role.LAY_MEMBER, board=board))
    page = client.get(reverse("reports:board_pack", args=[board.slug]), {"quarter": "2026 Q1"})
    build = reverse("reports:board_pack_file", args=[board.slug])
    assert f'action="{build}"' in page.content.decode()
    response = job_download(client, client.post(build, {"quarter": "2026 Q1", "format": "docx"}))
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == 'attachment; filename="alpha-board-pack-2026-q1.docx"'
    content = file_bytes(response)
    assert content.startswith(b"PK")  # a zip, as every .docx is
    header = Document(io.BytesIO(content)).sections[0].header.paragraphs[0].text
    assert header == "Alpha Board: board pack 2026 Q1"
    assert Job.objects.get().kind == BOARD_PACK_FILE


def test_a_bad_quarter_or_format_starts_nothing(client, login, make_user, board):
    login(client, make_user(Role.CHAIR, board=board))
    build = reverse("reports:board_pack_file", args=[board.slug])
    response = client.post(build, {"quarter": "Q9", "format": "pdf"}, follow=True)
    assert "Quarter: &#x27;Q9&#x27; is not a quarter like 2026 Q3" in response.content.decode()
    assert client.post(build, {"quarter": "2026 Q1", "format": "exe"}).status_code == 404
    assert client.get(build).status_code == 405
    assert not Job.objects.exists()


def test_without_the_permission_nobody_starts_a_build_or_fetches_anothers_file(
    client, login, make_user, board, agency, other_board
):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    report = services.start_report(board, YEAR, manager)
    url = reverse("reports:download", args=[board.slug, report.pk, "pdf"])
    job_page = login(Client(), manager).post(url)["Location"]
    job = Job.objects.get()
    file_url = reverse("jobs:file", args=[job.pk])

    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    login(client, lead)
    assert client.post(url).status_code == 404  # a draft is not theirs to see
    pack = reverse("reports:board_pack_file", args=[board.slug])
    assert client.post(pack, {"quarter": "2026 Q1", "format": "pdf"}).status_code == 403
    assert client.get(job_page).status_code == 404
    assert client.get(file_url).status_code == 404

    # A member who may see the board pack, but not the manager's job and its file.
    login(client, make_user(Role.QA_MEMBER, board=board))
    assert client.get(file_url).status_code == 404
    # Another board's manager finds no such board.
    login(client, make_user(Role.BUSINESS_MANAGER, board=other_board))
    assert client.post(url).status_code == 404
    assert client.get(file_url).status_code == 404
    assert Job.objects.count() == 1
