from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from scrutiny.access.permissions import Permission
from scrutiny.access.views import board_view, current_board
from scrutiny.core.views import form_page

from .models import Finding
from .services import raise_action_from_finding
from .source_forms import RaiseActionForm
from .source_pages import next_action_key, source_priorities


@board_view(Permission.ACTIONS_MANAGE)
def raise_action(request: HttpRequest, finding_id: int) -> HttpResponse:
    """Raise an action from any source's finding: owner, agency, due date, objective."""
    board = current_board(request)
    finding = get_object_or_404(
        Finding.objects.select_related("source_type"), pk=finding_id, board=board
    )
    back = finding.source_url or reverse("actions:tracker", args=[board.slug])
    form = RaiseActionForm(
        request.POST or None, board=board, priorities=source_priorities(finding.source)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action = raise_action_from_finding(
            finding,
            title=data["title"],
            owner=data["owner"],
            agency=data["agency"],
            due_date=data["due_date"],
            objective=data["objective"],
            created_by=request.user,  # type: ignore[arg-type]
            key=next_action_key(finding),
        )
        messages.success(request, f"Action “{action.title}” has been added to the tracker.")
        return redirect(back)
    return form_page(
        request,
        form,
        heading="Raise an action from a finding",
        caption=f"{finding.source_kind_label}: {finding.text[:80]}",
        cancel=back,
    )
