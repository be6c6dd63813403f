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
        .defer("serialized_data", "changes_text", "additional_data")  # not shown: not read
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
    paginator = Paginator(entries, PAGE_SIZE)
    if not (chosen_type.isdigit() or chosen_action.isdigit()):
        # every entry on the board: counted from the board's links to them alone (an index
        # scan), not joined to the entries themselves
        paginator.count = AuditEntry.boards.through.objects.filter(board=board).count()
    page = paginator.get_page(request.GET.get("page"))
    rows = log_rows(list(page.object_list), known=[board])
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
