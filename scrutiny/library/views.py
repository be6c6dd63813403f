from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from scrutiny.access.permissions import Permission, can_reach_board, has_permission
from scrutiny.access.views import board_view, current_board
from scrutiny.core.forms import GovukForm

from .forms import AdaptTemplateForm
from .loader import LibraryError, dump_template, load_library_sources
from .models import FrameworkTemplate, RatingScale, TemplateQuestion, TemplateSection


def _with_counts(templates):
    return templates.annotate(question_count=Count("sections__questions")).select_related(
        "owner_board"
    )


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    templates = _with_counts(FrameworkTemplate.objects.filter(owner_board__isnull=True))
    return render(
        request,
        "library/template_list.html",
        {"templates": templates.order_by("title", "-version")},
    )


def _template_for(request: HttpRequest, pk: int) -> FrameworkTemplate:
    """A shared template, or a board's adapted one if the user reaches that board."""
    template = get_object_or_404(FrameworkTemplate.objects.select_related("owner_board"), pk=pk)
    if template.owner_board and not can_reach_board(request.user, template.owner_board):
        raise Http404("No such template")
    return template


@login_required
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template_for(request, pk)
    template = FrameworkTemplate.objects.prefetch_related(
        Prefetch(
            "sections",
            queryset=TemplateSection.objects.prefetch_related(
                Prefetch("questions", queryset=TemplateQuestion.objects.select_related("scale"))
            ),
        ),
        Prefetch("scales", queryset=RatingScale.objects.prefetch_related("levels")),
        "subjects",
    ).get(pk=template.pk)
    return render(request, "library/template_detail.html", {"template": template})


@login_required
def template_yaml(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template_for(request, pk)
    response = HttpResponse(dump_template(template), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{template.code}-v{template.version}.yaml"'
    )
    return response


@board_view(Permission.BOARD_VIEW)
def board_templates(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    templates = _with_counts(
        FrameworkTemplate.objects.filter(Q(owner_board__isnull=True) | Q(owner_board=board))
    ).order_by("title", "-version")
    return render(
        request,
        "library/board_templates.html",
        {
            "board": board,
            "templates": templates,
            "can_adapt": has_permission(request.user, Permission.TEMPLATES_ADAPT, board=board),
        },
    )


@board_view(Permission.TEMPLATES_ADAPT)
@transaction.non_atomic_requests  # parsed and checked first; load_library_sources writes atomically
def adapt_template(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    form: GovukForm = AdaptTemplateForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = load_library_sources(
                [(upload.name, form.cleaned_data["contents"])], owner_board=board
            )
        except LibraryError as exc:
            problems = [str(p) for p in exc.problems]
        else:
            for template in result.loaded:
                messages.success(
                    request,
                    f"{template.title} version {template.version} is ready for {board.short_name}.",
                )
            for template in result.unchanged:
                messages.success(
                    request, f"{template.title} version {template.version} was already loaded."
                )
            return redirect("library:board_templates", board.slug)
    return render(
        request, "library/adapt_template.html", {"board": board, "form": form, "problems": problems}
    )
