from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse

from scrutiny.access.permissions import Permission
from scrutiny.access.views import board_view, current_board
from scrutiny.audit.versions import kept_drawing
from scrutiny.core.concurrency import keeping
from scrutiny.core.lists import paginate_counted
from scrutiny.core.views import form_page
from scrutiny.tenancy.models import Board

from . import services
from .forms import NewThemeForm, ThemeForm
from .lists import (
    FILTERS,
    filtered,
    name_sources,
    read_sources,
    readers_key,
    source_kinds,
    visible_findings,
)
from .models import FindingKind
from .source_pages import findings_context


@board_view(Permission.THEMES_MANAGE)
def themes(request: HttpRequest) -> HttpResponse:
    """The board's theme list: add a theme; each links to its edit page (rename, retire)."""
    board = current_board(request)
    form = NewThemeForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        theme = services.add_theme(board, form.cleaned_data["name"])
        messages.success(request, f"The theme {theme.name} has been added.")
        return redirect("findings:themes", board.slug)
    themes = board.themes.annotate(
        finding_count=Count("findings", distinct=True),
        audit_count=Count("audits", distinct=True),
        recommendation_count=Count("recommendations", distinct=True),
    )
    return render(request, "findings/themes.html", {"board": board, "form": form, "themes": themes})


@board_view(Permission.THEMES_MANAGE)
def theme_edit(request: HttpRequest, theme_id: int) -> HttpResponse:
    board = current_board(request)
    theme = get_object_or_404(board.themes, pk=theme_id)
    form = ThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        with keeping(form):
            saved = services.save_theme(form)
        messages.success(
            request, f"{saved.name} is {'retired' if saved.retired else 'offered'} for new tags."
        )
        return redirect("findings:themes", board.slug)
    return form_page(
        request,
        form,
        heading=f"Change the theme {theme.name}",
        caption=board.name,
        cancel=reverse("findings:themes", args=[board.slug]),
    )


# Part of the kept findings list's cache key: change it when how the list is drawn changes.
LIST_FORMAT = "findings:list:1"


@board_view(Permission.BOARD_VIEW)
def finding_list(request: HttpRequest) -> HttpResponse:
    """Every finding from every source the person may read, filtered from the address (kind,
    theme, kind of source, without actions), newest first, a page at a time. Drawn once and
    kept until anything in the region changes (`kept_drawing`), for everyone who may read
    and open the same findings (`readers_key`) and asks for the same filter and page (the
    address's query, as the pages' links repeat it)."""
    board = current_board(request)
    content = kept_drawing(
        request,
        LIST_FORMAT,
        "findings/_list_content.html",
        lambda: _list_context(request, board),
        vary=[readers_key(request.user, board), request.GET.urlencode()],
    )
    return render(request, "findings/list.html", {"board": board, "content": content})


def _list_context(request: HttpRequest, board: Board) -> dict[str, Any]:
    """What the findings page's content is drawn with: its filter, the page of findings."""
    findings = visible_findings(request, board)
    kinds = source_kinds(findings)
    filters = {k: request.GET.get(k, "") for k in FILTERS}
    chosen = (
        filtered(findings, board, filters, kinds)
        .select_related("theme", "source_type", "recorded_by")
        .order_by("-found_on", "-pk")
    )
    page, query = paginate_counted(request, chosen)
    rows = list(page.object_list)
    read_sources(rows, board)
    context = findings_context(request.user, board, rows)
    name_sources(context["finding_rows"], request.user, board)
    return {
        "page": page,
        "query": query,
        "filters": filters,
        "kinds": FindingKind.choices,
        "themes": [(str(pk), name) for pk, name in board.themes.values_list("pk", "name")],
        "source_kinds": list(kinds),
        "findings_heading": f"{page.paginator.count} finding{pluralize(page.paginator.count)}",
        **context,
    }
