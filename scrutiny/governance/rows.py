"""The meetings list's rows, drawn in Python (see `scrutiny.core.rows`): a board with years of
meetings would otherwise pay the template engine for every cell of the table."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.safestring import SafeString

from scrutiny.core.lists import id_links
from scrutiny.core.rows import link, short_date, table_row, table_rows
from scrutiny.tenancy.models import Board

from .models import Meeting


def meeting_rows(board: Board, meetings: Iterable[Meeting]) -> SafeString:
    """Date (a link to the meeting), group and place of each meeting; its group is read with
    it (`select_related("group")`)."""
    address = id_links("governance:meeting", board.slug)
    return table_rows(
        table_row(link(address(m.pk), short_date(m.held_on)), m.group.name, m.location)
        for m in meetings
    )
