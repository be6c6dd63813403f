"""The local authorities a partnership covers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.access.views import board_view, current_board

from .forms import LocalAuthorityForm
from .models import LocalAuthority


def _may_manage(request: HttpRequest) -> None:
    """Who may run the statutory imports for the whole board lists its authorities."""
    board = current_board(request)
    if not has_permission(request.user, Permission.DATA_ENTER, board=board, agency=None):
        raise PermissionDenied


@board_view(Permission.DATA_ENTER)
def local_authorities(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    _may_manage(request)
    form = LocalAuthorityForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        area = form.save(commit=False)
        area.board = board
        area.save()
        messages.success(request, f"{area.name} has been added to the board's local authorities.")
        return redirect("dataset:local_authorities", board.slug)
    return render(
        request,
        "dataset/local_authorities.html",
        {"board": board, "form": form, "areas": LocalAuthority.objects.filter(board=board)},
    )


@board_view(Permission.DATA_ENTER)
def local_authority_edit(request: HttpRequest, la_id: int) -> HttpResponse:
    board = current_board(request)
    _may_manage(request)
    area = get_object_or_404(LocalAuthority, pk=la_id, board=board)
    form = LocalAuthorityForm(request.POST or None, instance=area, board=board)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{area.name} has been saved.")
        return redirect("dataset:local_authorities", board.slug)
    return render(
        request,
        "core/form_page.html",
        {
            "board": board,
            "form": form,
            "heading": f"Change {area.name}",
            "submit_label": "Save local authority",
            "cancel": reverse("dataset:local_authorities", args=[board.slug]),
        },
    )
