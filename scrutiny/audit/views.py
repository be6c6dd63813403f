from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst

from scrutiny.access.permissions import Permission
from scrutiny.access.views import board_view, current_board

from .display import log_rows
from .models import AuditEntry

PAGE_SIZE = 50


@board_view(Permission.AUDIT_LOG_VIEW)
def board_log(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    entries = (
        AuditEntry.objects.filter(boards=board)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
    type_ids = AuditEntry.objects.filter(boards=board).values("content_type").distinct()
    object_types = [  # (id, name) for the filter
        (str(ct.pk), capfirst(ct.name))
        for ct in ContentType.objects.filter(pk__in=type_ids).order_by("model")
    ]
    chosen_type = request.GET.get("type", "")
    if chosen_type.isdigit():
        entries = entries.filter(content_type_id=int(chosen_type))
    chosen_action = request.GET.get("action", "")
    if chosen_action.isdigit():
        entries = entries.filter(action=int(chosen_action))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = log_rows(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/board_log.html",
        {
            "board": board,
            "page": page,
            "rows": rows,
            "object_types": object_types,
            "actions": AuditEntry.Action.choices,
            "chosen_type": chosen_type,
            "chosen_action": chosen_action,
            "query": query.urlencode(),
        },
    )
