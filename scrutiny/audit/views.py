from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString
from django.utils.text import capfirst

from scrutiny.access.permissions import Permission, grants_key
from scrutiny.access.views import board_view, current_board
from scrutiny.core.rows import options, table_rows
from scrutiny.tenancy.models import Board

from .display import log_rows
from .models import AuditEntry
from .versions import kept_on_board

PAGE_SIZE = 50

# The kept part's name and format: change the number when how the log is drawn changes.
LOG_PART = "audit:log:2"


@dataclass(frozen=True)
class LogPage:
    """One page of a board's audit log, drawn: plain values only, so it can be kept."""

    object_types: list[tuple[str, str]]  # (id, name) for the filter
    count: int
    number: int
    num_pages: int
    rows: SafeString

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def _page_number(raw: str) -> int:
    """The page asked for, as `Paginator.get_page` reads it (not a whole number: the first),
    so that addresses showing the same page share what is kept."""
    try:
        return int(raw)
    except ValueError:
        return 1


@board_view(Permission.AUDIT_LOG_VIEW)
def board_log(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    chosen_type = request.GET.get("type", "")
    chosen_action = request.GET.get("action", "")
    type_id = int(chosen_type) if chosen_type.isdigit() else None
    action = int(chosen_action) if chosen_action.isdigit() else None
    page_number = _page_number(request.GET.get("page", ""))
    # The log is the region's own data: any new entry is a new version, so what is kept here
    # lasts until the next change is made, and is read from the cache until then.
    log = kept_on_board(
        board,
        LOG_PART,
        lambda: _log_page(board, type_id, action, page_number),
        vary=(grants_key(request.user), type_id, action, page_number),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/board_log.html",
        {
            "board": board,
            "log": log,
            "type_options": options(log.object_types, chosen_type),
            "actions": AuditEntry.Action.choices,
            "chosen_type": chosen_type,
            "chosen_action": chosen_action,
            "query": query.urlencode(),
        },
    )


def _log_page(board: Board, type_id: int | None, action: int | None, page_number: int) -> LogPage:
    """A page of the board's log, newest first, of one kind of record and one kind of change
    if asked, with the kinds of record its entries are about for the filter."""
    entries = (
        AuditEntry.objects.filter(boards=board)
        .select_related("actor", "content_type")
        .defer("serialized_data", "changes_text", "additional_data")  # not shown: not read
        .order_by("-timestamp", "-pk")
    )
    type_ids = AuditEntry.objects.filter(boards=board).values("content_type").distinct()
    object_types = [
        (str(ct.pk), str(capfirst(ct.name)))
        for ct in ContentType.objects.filter(pk__in=type_ids).order_by("model")
    ]
    if type_id is not None:
        entries = entries.filter(content_type_id=type_id)
    if action is not None:
        entries = entries.filter(action=action)
    paginator = Paginator(entries, PAGE_SIZE)
    if type_id is None and action is None:
        # every entry on the board: counted from the board's links to them alone (an index
        # scan), not joined to the entries themselves
        paginator.count = AuditEntry.boards.through.objects.filter(board=board).count()
    page = paginator.get_page(page_number)
    rows = log_rows(list(page.object_list), known=[board])
    return LogPage(
        object_types=object_types,
        count=paginator.count,
        number=page.number,
        num_pages=paginator.num_pages,
        rows=table_rows(row.__html__() for row in rows),
    )
