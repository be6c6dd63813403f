"""The board's people table, drawn in Python (see `scrutiny.core.rows`): each person lists
their roles, and a manager sees a Remove button for each role, which in a template is a loop
inside a loop with a form per role."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString

from scrutiny.audit.versions import KEPT_TOKEN_MARKER
from scrutiny.core.lists import id_links
from scrutiny.core.rows import table_row, table_rows
from scrutiny.people.models import User
from scrutiny.tenancy.models import Board


def people_rows(
    board: Board, people: Iterable[User], can_manage: bool, viewer_id: int | None
) -> SafeString:
    """Name, email and the roles on the board of each person (`board_roles`, prefetched with
    their agencies); with `can_manage`, a Remove button for each role but the viewer's own.
    Each form's token is the kept-page marker, for the showing to put the person's own in
    (`audit.versions.with_csrf_token`), so the rows may be kept."""
    remove = id_links("people:remove_role", board.slug)
    token = KEPT_TOKEN_MARKER if can_manage else ""

    def role_item(person: User, assignment) -> str:
        label = escape(assignment.get_role_display())
        text = label + (f" ({escape(str(assignment.agency))})" if assignment.agency else "")
        if not can_manage or assignment.user_id == viewer_id:
            return f"<li>{text}</li>"
        return (
            f'<li>{text} <form method="post" action="{remove(assignment.pk)}" '
            'class="scrutiny-inline-form">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
            '<button type="submit" class="scrutiny-link-button scrutiny-link-button--dark '
            'govuk-!-font-size-16">Remove<span class="govuk-visually-hidden"> '
            f"{label} role from {escape(person.full_name)}</span></button></form></li>"
        )

    def roles(person: User) -> SafeString:
        items = "".join(role_item(person, a) for a in person.board_roles)  # type: ignore[attr-defined]
        return SafeString(f'<ul class="govuk-list govuk-!-margin-bottom-0">{items}</ul>')

    return table_rows(table_row(p.full_name, p.email, roles(p)) for p in people)
