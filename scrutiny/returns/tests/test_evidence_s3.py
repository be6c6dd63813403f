"""Evidence on S3-compatible object storage: uploaded through the page, stored in the bucket
(nothing on local disk), and read back through the permission-checked download view."""

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scrutiny.returns.models import EvidenceFile

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + bytes(range(256)) * 40


def test_evidence_goes_to_the_bucket_and_comes_back_through_the_download_view(
    client,
    login,
    lead,
    board,
    police_return,
    s3_storage,
    settings,
):
    login(client, lead)
    response = client.post(
        reverse("returns:upload_evidence", args=[board.slug, police_return.pk]),
        {"file": SimpleUploadedFile("figures.pdf", PDF), "question": ""},
        follow=True,
    )
    assert b"figures.pdf has been added" in response.content

    evidence = EvidenceFile.objects.get()
    assert s3_storage.objects() == {evidence.file.name: PDF}
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert not settings.MEDIA_ROOT.exists()  # nothing went to local disk

    download = client.get(
        reverse("returns:download_evidence", args=[board.slug, police_return.pk, evidence.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="figures.pdf"' in download["Content-Disposition"]


def test_removing_a_drafts_evidence_deletes_the_object(
    client,
    login,
    lead,
    board,
    police_return,
    s3_storage,
    django_capture_on_commit_callbacks,
):
    login(client, lead)
    client.post(
        reverse("returns:upload_evidence", args=[board.slug, police_return.pk]),
        {"file": SimpleUploadedFile("figures.pdf", PDF), "question": ""},
    )
    evidence = EvidenceFile.objects.get()
    assert len(s3_storage.objects()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("returns:delete_evidence", args=[board.slug, police_return.pk, evidence.pk])
        )
    assert not EvidenceFile.objects.exists()
    assert s3_storage.objects() == {}
