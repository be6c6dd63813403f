"""Page helpers every app's views share. This module imports no app: the foundation's
pages that need tenancy or access (home, board switcher, board home) live in
`scrutiny.pages.views`."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def form_page(
    request: HttpRequest, form: object, *, heading: str, cancel: str, caption: str = ""
) -> HttpResponse:
    """A page holding one GOV.UK form: the shape of most add and edit pages."""
    return render(
        request,
        "core/form_page.html",
        {
            "board": getattr(request, "board", None),
            "form": form,
            "heading": heading,
            "caption": caption,
            "cancel": cancel,
        },
    )
