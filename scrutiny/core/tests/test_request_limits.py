"""Requests over Django's own limits get a page naming the limit, never a 500."""

from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import (
    MemoryFileUploadHandler,
    TemporaryFileUploadHandler,
)
from django.test import override_settings
from django.urls import reverse

from scrutiny.people.models import Role


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2048)
def test_a_form_body_over_the_limit_answers_413_naming_the_limit(client, db):
    response = client.post(reverse("login"), {"username": "someone", "password": "x" * 5000})
    assert response.status_code == 413
    page = response.content.decode()
    assert "What you sent is too large" in page
    assert "up to 2 KB of text" in page
    assert '<h1 class="govuk-heading-l">' in page


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=5)
def test_too_many_fields_answers_400_naming_the_limit(client, db):
    fields = {f"field{n}": "x" for n in range(10)}
    response = client.post(reverse("login"), fields)
    assert response.status_code == 400
    assert "The form you sent has too many fields" in response.content.decode()
    assert "up to 5 fields" in response.content.decode()


@override_settings(SCRUTINY_MAX_REQUEST_MB=1)
def test_an_upload_over_the_request_limit_is_refused_before_it_is_streamed(
    client, login, make_user, board
):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    big = SimpleUploadedFile("huge.yaml", b"x" * (1024 * 1024 + 1))
    never = AssertionError("the upload was streamed")
    with (
        mock.patch.object(MemoryFileUploadHandler, "receive_data_chunk", side_effect=never),
        mock.patch.object(TemporaryFileUploadHandler, "receive_data_chunk", side_effect=never),
    ):
        response = client.post(reverse("library:adapt_template", args=[board.slug]), {"file": big})
    assert response.status_code == 413
    page = response.content.decode()
    assert "The file you chose is too large" in page
    assert "up to 1 MB in all" in page


@override_settings(SCRUTINY_MAX_REQUEST_MB=1)
def test_an_upload_under_the_request_limit_reaches_the_view(client, login, make_user, board):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    small = SimpleUploadedFile("notes.txt", b"not yaml")
    response = client.post(reverse("library:adapt_template", args=[board.slug]), {"file": small})
    assert response.status_code == 200
    assert "notes.txt is not a .yaml file" in response.content.decode()


def test_a_request_for_another_host_still_gets_a_400_page(client, db):
    response = client.get(reverse("login"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Sorry, the request could not be understood" in response.content.decode()
