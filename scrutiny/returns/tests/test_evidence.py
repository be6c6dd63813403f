"""Evidence files: type and size checked, content sniffed, downloads permission-checked."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scrutiny.core.tests.files import bomb_xlsx
from scrutiny.core.tests.transactions import calls_depth
from scrutiny.people.models import Role
from scrutiny.returns.models import EvidenceFile

from .conftest import answers_post, edit_url, questions

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, board, ar, name, data):
    return client.post(
        reverse("returns:upload_evidence", args=[board.slug, ar.pk]),
        {"file": SimpleUploadedFile(name, data), "question": ""},
        follow=True,
    )


def test_lead_attaches_a_pdf_and_a_word_file(client, login, lead, board, police_return):
    login(client, lead)
    assert (
        b"training-figures.pdf has been added"
        in upload(client, board, police_return, "training-figures.pdf", PDF).content
    )
    assert (
        b"policy.docx has been added"
        in upload(client, board, police_return, "policy.docx", docx_bytes()).content
    )
    stored = EvidenceFile.objects.order_by("pk")
    assert [e.original_name for e in stored] == ["training-figures.pdf", "policy.docx"]
    first = stored[0]
    assert first.size == len(PDF) and first.content_type == "application/pdf"
    assert "training-figures" not in first.file.name  # stored under an opaque name
    download = client.get(
        reverse("returns:download_evidence", args=[board.slug, police_return.pk, first.pk])
    )
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="training-figures.pdf"' in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("virus.exe", b"MZ\x90\x00", b"virus.exe is not a type we accept. Upload PDF, Word"),
        (
            "fake.pdf",
            b"<html>not a pdf</html>",
            b"fake.pdf does not look like a PDF file: its contents do not match its name",
        ),
        ("fake.docx", b"PK\x03\x04garbage", b"fake.docx does not look like a Word file"),
        ("empty.txt", b"", b"The file was not added. The submitted file is empty."),
        ("binary.csv", b"a,b\n\x00\x01", b"binary.csv does not look like a CSV file"),
    ],
)
def test_bad_files_are_refused_with_the_reason(
    client, login, lead, board, police_return, name, data, reason
):
    login(client, lead)
    response = upload(client, board, police_return, name, data)
    assert reason in response.content
    assert not EvidenceFile.objects.exists()


def test_files_over_the_limit_are_refused(client, login, lead, board, police_return, settings):
    settings.SCRUTINY_MAX_EVIDENCE_MB = 1
    login(client, lead)
    big = PDF + b"0" * (1024 * 1024)
    response = upload(client, board, police_return, "big.pdf", big)
    assert b"big.pdf is 1.0 MB; the limit is 1 MB" in response.content
    assert not EvidenceFile.objects.exists()


def test_board_sees_evidence_only_once_submitted(
    client, login, lead, qa, board, police_return, s11
):
    login(client, lead)
    upload(client, board, police_return, "plan.pdf", PDF)
    evidence = EvidenceFile.objects.get()
    url = reverse("returns:download_evidence", args=[board.slug, police_return.pk, evidence.pk])
    client.logout()
    login(client, qa)
    assert client.get(url).status_code == 404
    client.logout()
    login(client, lead)
    client.post(edit_url(board, police_return), answers_post(s11, intent="submit"))
    client.logout()
    login(client, qa)
    assert client.get(url).status_code == 200


def test_another_agency_cannot_download(
    client, login, make_user, lead, board, police_return, other_agency
):
    login(client, lead)
    upload(client, board, police_return, "plan.pdf", PDF)
    evidence = EvidenceFile.objects.get()
    client.logout()
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=other_agency))
    url = reverse("returns:download_evidence", args=[board.slug, police_return.pk, evidence.pk])
    assert client.get(url).status_code == 404


def test_evidence_is_frozen_once_submitted(client, login, lead, board, police_return, s11):
    login(client, lead)
    upload(client, board, police_return, "plan.pdf", PDF)
    client.post(edit_url(board, police_return), answers_post(s11, intent="submit"))
    late = upload(client, board, police_return, "late.pdf", PDF)
    assert b"Evidence can only be added while the return is a draft" in late.content
    evidence = EvidenceFile.objects.get()
    client.post(
        reverse("returns:delete_evidence", args=[board.slug, police_return.pk, evidence.pk])
    )
    assert EvidenceFile.objects.filter(pk=evidence.pk).exists()


def test_lead_removes_evidence_from_a_draft(
    client, login, lead, board, police_return, django_capture_on_commit_callbacks
):
    import os

    login(client, lead)
    upload(client, board, police_return, "plan.pdf", PDF)
    evidence = EvidenceFile.objects.get()
    path = evidence.file.path
    assert os.path.exists(path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("returns:delete_evidence", args=[board.slug, police_return.pk, evidence.pk]),
            follow=True,
        )
    assert b"plan.pdf has been removed" in response.content
    assert not EvidenceFile.objects.exists()
    assert not os.path.exists(path)


def test_a_drafts_evidence_and_answers_stay_out_of_the_boards_pages(
    client, login, lead, manager, board, police_return, s11
):
    login(client, lead)
    upload(client, board, police_return, "secret-plan.pdf", PDF)
    client.post(edit_url(board, police_return), answers_post(s11))
    client.logout()
    login(client, manager)
    detail = client.get(reverse("returns:detail", args=[board.slug, police_return.pk])).content
    audit = client.get(reverse("audit:board_log", args=[board.slug])).content
    for page in (detail, audit):
        assert b"secret-plan.pdf" not in page
        assert b"Evidence for 1.1" not in page


def test_evidence_that_is_a_zip_bomb_is_refused_by_name(client, login, lead, board, police_return):
    login(client, lead)
    page = upload(client, board, police_return, "figures.xlsx", bomb_xlsx(16)).content.decode()
    assert "The file was not added. figures.xlsx is compressed" in page
    assert not EvidenceFile.objects.exists()


def test_evidence_is_checked_before_any_transaction_opens(
    client, login, lead, board, police_return
):
    login(client, lead)
    with calls_depth("scrutiny.core.uploads.check_archive") as depths:
        page = upload(client, board, police_return, "policy.docx", docx_bytes()).content
    assert b"policy.docx has been added" in page
    assert depths == [0]


# --- uploading from the draft's own form keeps the typed answers -------------------------


def test_uploading_a_file_saves_the_answers_typed_above_it(
    client, login, lead, board, police_return, s11
):
    """The agency lead fills every answer, then uploads: the answers are saved, not lost."""
    login(client, lead)
    page = client.get(edit_url(board, police_return)).content.decode()
    upload_url = reverse("returns:upload_evidence", args=[board.slug, police_return.pk])
    assert f'formaction="{upload_url}"' in page  # the upload button is in the answers' form
    assert "data-warn-unsaved" in page and "warn-unsaved.js" in page  # leaving unsaved warns
    typed = answers_post(s11, intent="upload")
    response = client.post(
        upload_url, typed | {"file": SimpleUploadedFile("policy.pdf", PDF), "question": ""}
    )
    assert response.status_code == 302
    police_return.refresh_from_db()
    assert police_return.revision == 1  # saved through the draft's revision check
    stored = {a.question_id: a.text for a in police_return.response.answers.all()}
    expected = {q.pk: f"Evidence for {q.number}" for q in questions(s11)}
    assert stored == expected
    assert [e.original_name for e in police_return.evidence.all()] == ["policy.pdf"]
    page = client.get(edit_url(board, police_return)).content.decode()
    first = questions(s11)[0]
    assert f"Evidence for {first.number}" in page  # shown again on return


def test_a_refused_file_still_saves_the_answers(client, login, lead, board, police_return, s11):
    login(client, lead)
    response = client.post(
        reverse("returns:upload_evidence", args=[board.slug, police_return.pk]),
        answers_post(s11, intent="upload") | {"file": SimpleUploadedFile("virus.exe", b"MZ")},
        follow=True,
    )
    content = response.content.decode()
    assert (
        "Your draft has been saved." in content and "virus.exe is not a type we accept" in content
    )
    assert police_return.response.answers.count() == len(questions(s11))
    assert not police_return.evidence.exists()


def test_uploading_over_someone_elses_newer_draft_writes_neither(
    client, login, lead, board, police_return, s11
):
    """A stale upload is a conflict like a stale save: no answers and no file are written."""
    login(client, lead)
    client.post(edit_url(board, police_return), answers_post(s11, rated="not-met", revision=0))
    police_return.refresh_from_db()
    assert police_return.revision == 1
    response = client.post(
        reverse("returns:upload_evidence", args=[board.slug, police_return.pk]),
        answers_post(s11, intent="upload", revision=0)
        | {"file": SimpleUploadedFile("policy.pdf", PDF)},
    )
    assert response.status_code == 409
    assert "Someone else has saved this return" in response.content.decode()
    assert not police_return.evidence.exists()
    first = questions(s11)[0]
    assert police_return.response.answers.get(question=first).level.code == "not-met"
