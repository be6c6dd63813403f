"""The region home's two tables, drawn in Python (see `scrutiny.core.rows`): a region's
agencies each list the boards they serve, which in a template is a loop inside a loop."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.safestring import SafeString

from scrutiny.core.lists import id_links
from scrutiny.core.rows import link, table_row, table_rows
from scrutiny.tenancy.models import Agency, Board, Region


def board_rows(boards: Iterable[Board]) -> SafeString:
    """Each board (a link to its home), its local authority and how many agencies serve it
    (`agency_count`, annotated)."""
    return table_rows(
        table_row(
            link(b.get_absolute_url(), b.name),
            b.local_authority,
            b.agency_count,  # type: ignore[attr-defined]
            numeric_from=2,
        )
        for b in boards
    )


def agency_rows(region: Region, agencies: Iterable[Agency]) -> SafeString:
    """Each agency, its type, the boards it serves (prefetched, in order) and a link to edit
    it."""
    edit = id_links("tenancy:region_agency_edit", region.slug)
    return table_rows(
        table_row(
            a.name,
            a.get_agency_type_display(),
            ", ".join(b.short_name for b in a.boards.all()) or "None",
            link(edit(a.pk), "Edit", hidden=f" {a.name}"),
        )
        for a in agencies
    )
