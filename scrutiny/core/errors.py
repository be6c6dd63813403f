"""Pages for requests refused before any view runs: a body over Django's limits, too many
fields or files. Django raises these as SuspiciousOperation and answers through handler400;
here the person is told which limit they met and what to do, in the service's own layout."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scrutiny.core.uploads import describe_bytes


class UploadTooBig(RequestDataTooBig):
    """A request with files whose whole body is over SCRUTINY_MAX_REQUEST_MB."""


def max_request_bytes() -> int:
    return settings.SCRUTINY_MAX_REQUEST_MB * 1024 * 1024


class RequestSizeLimitHandler(FileUploadHandler):
    """First of the upload handlers: refuses a multipart body over SCRUTINY_MAX_REQUEST_MB
    from its Content-Length, before Django streams any of it to memory or disk. Each upload
    path then applies its own, smaller limit (core.uploads.read_limited)."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > max_request_bytes():
            raise UploadTooBig(
                f"Request body of {content_length} bytes is over SCRUTINY_MAX_REQUEST_MB."
            )
        return None

    def receive_data_chunk(self, raw_data, start):
        # Django reads no further than Content-Length, so checking it above is enough.
        return raw_data

    def file_complete(self, file_size):
        return None


def refusal(exception: BaseException | None) -> tuple[int, str, str]:
    """(status, heading, explanation) for a refused request."""
    if isinstance(exception, UploadTooBig):
        return (
            413,
            "The file you chose is too large",
            f"Files sent at once can be up to {describe_bytes(max_request_bytes())} in all. "
            "Go back and choose a smaller file; each page says its own limit.",
        )
    if isinstance(exception, RequestDataTooBig):
        return (
            413,
            "What you sent is too large",
            f"A form can hold up to {describe_bytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)} of "
            "text. Go back, copy your text somewhere safe, and save it in shorter parts.",
        )
    if isinstance(exception, TooManyFieldsSent):
        return (
            400,
            "The form you sent has too many fields",
            f"A form can have up to {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,} fields. "
            "Go back and save it in parts.",
        )
    if isinstance(exception, TooManyFilesSent):
        return (
            400,
            "You sent too many files at once",
            f"Up to {settings.DATA_UPLOAD_MAX_NUMBER_FILES:,} files can be sent at once. "
            "Go back and send them in smaller groups.",
        )
    return (
        400,
        "Sorry, the request could not be understood",
        "Go back and try again. If it happens again, tell your board's business manager.",
    )


def bad_request(request: HttpRequest, exception: SuspiciousOperation | None = None) -> HttpResponse:
    status, heading, explanation = refusal(exception)
    return render(
        request,
        "core/request_refused.html",
        {"heading": heading, "explanation": explanation},
        status=status,
    )
