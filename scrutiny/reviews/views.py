from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.access.views import board_view, current_board
from scrutiny.actions.views import visible_actions
from scrutiny.audit.versions import kept_drawing
from scrutiny.core.exporters import Sheet, csv_export, pdf, safe_filename, xlsx
from scrutiny.core.lists import export_format, paginate
from scrutiny.core.views import form_page
from scrutiny.dataset.periods import financial_year_start
from scrutiny.findings.services import findings_for
from scrutiny.findings.source_forms import FindingForm
from scrutiny.findings.source_pages import findings_context, with_actions
from scrutiny.findings.thematic import HOTSPOT_SOURCES, thematic_view

from . import services
from .forms import (
    ChildDeathForm,
    DisseminationForm,
    MonitoringCycleForm,
    RecommendationActionForm,
    RecommendationForm,
    ReviewForm,
)
from .models import (
    MONITORING_NOTICE_DAYS,
    Recommendation,
    ReviewKind,
    ReviewStatus,
)


def _can_manage(request: HttpRequest) -> bool:
    return has_permission(request.user, Permission.REVIEWS_MANAGE, board=current_board(request))


# Part of the kept register's and themes page's keys: change it when their drawing changes.
PAGES_FORMAT = "1"


@board_view(Permission.BOARD_VIEW)
def register(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    reviews = board.reviews.order_by("-commissioned_on", "-pk")  # the register names no agency
    kind, status = request.GET.get("kind", ""), request.GET.get("status", "")
    if kind in ReviewKind.values:
        reviews = reviews.filter(kind=kind)
    if status in ReviewStatus.values:
        reviews = reviews.filter(status=status)
    export = export_format(request)
    if export:
        return _register_export(board, reviews, export)

    def content() -> dict:
        page, query = paginate(request, reviews)
        return {
            "page": page,
            "query": query,
            "kinds": ReviewKind.choices,
            "statuses": ReviewStatus.choices,
            "kind": kind,
            "status": status,
            "can_manage": _can_manage(request),
        }

    body = kept_drawing(
        request,
        f"reviews:register:{PAGES_FORMAT}",
        "reviews/_register_body.html",
        content,
        vary=sorted(request.GET.lists()),  # the filters and the page number
    )
    return render(request, "reviews/register.html", {"board": board, "body": body})


def _register_export(board, reviews, export: str) -> HttpResponse:
    """Every review the register's filter selects, as a file."""
    header = ["Reference", "Title", "Kind", "Status", "Commissioned", "Completed", "Published"]
    rows = [
        [
            r.reference,
            r.title,
            r.get_kind_display(),
            r.get_status_display(),
            r.commissioned_on,
            r.completed_on or "",
            r.published_on or "",
        ]
        for r in reviews
    ]
    sheet = Sheet("Reviews", header, rows)
    name = safe_filename(board.short_name, "reviews")
    if export == "csv":
        return csv_export(f"{name}.csv", sheet).as_response()
    return xlsx(f"{name}.xlsx", [sheet]).as_response()


@board_view(Permission.REVIEWS_MANAGE)
def review_form(request: HttpRequest, review_id: int | None = None) -> HttpResponse:
    board = current_board(request)
    review = get_object_or_404(board.reviews, pk=review_id) if review_id else None
    form = ReviewForm(request.POST or None, instance=review, board=board)
    if request.method == "POST" and form.is_valid():
        review = services.save_review(form)
        messages.success(request, f"{review.reference} has been saved.")
        return redirect("reviews:detail", board.slug, review.pk)
    return form_page(
        request,
        form,
        heading=f"Edit {review.reference}" if review else "Add a review",
        cancel=reverse("reviews:detail", args=[board.slug, review.pk])
        if review
        else reverse("reviews:register", args=[board.slug]),
    )


@board_view(Permission.BOARD_VIEW)
def detail(request: HttpRequest, review_id: int) -> HttpResponse:
    board = current_board(request)
    review = get_object_or_404(board.reviews.prefetch_related("agencies"), pk=review_id)
    recommendations = list(review.recommendations.prefetch_related("themes", "agencies"))
    actions = services.actions_by_recommendation(
        services.recommendation_actions(
            visible_actions(request, board), recommendations
        ).select_related("agency", "owner")
    )
    for rec in recommendations:
        rec.visible_actions = actions.get(rec.pk, [])  # type: ignore[attr-defined]
    return render(
        request,
        "reviews/detail.html",
        {
            "board": board,
            "review": review,
            "recommendations": recommendations,
            "disseminations": review.disseminations.select_related("course").prefetch_related(
                "agencies"
            ),
            "can_manage": _can_manage(request),
            "today": timezone.localdate(),
            "finding_rows": with_actions(findings_for(review), board),
            "can_raise_action": has_permission(
                request.user, Permission.ACTIONS_MANAGE, board=board
            ),
        },
    )


@board_view(Permission.REVIEWS_MANAGE)
def lesson_finding(request: HttpRequest, review_id: int) -> HttpResponse:
    """Record one of the review's key lessons as a finding, on one of the board's themes."""
    board = current_board(request)
    review = get_object_or_404(board.reviews, pk=review_id)
    form = FindingForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        services.record_review_lesson(
            review,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            theme=form.cleaned_data["theme"],
            user=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, "The lesson has been recorded as a finding.")
        return redirect(reverse("reviews:detail", args=[board.slug, review.pk]) + "#findings")
    return form_page(
        request,
        form,
        heading="Record a key lesson as a finding",
        caption=str(review),
        cancel=review.get_board_url(board),
    )


@board_view(Permission.REVIEWS_MANAGE)
def recommendation_form(
    request: HttpRequest, review_id: int, recommendation_id: int | None = None
) -> HttpResponse:
    board = current_board(request)
    review = get_object_or_404(board.reviews, pk=review_id)
    recommendation = (
        get_object_or_404(review.recommendations, pk=recommendation_id)
        if recommendation_id
        else None
    )
    form = RecommendationForm(request.POST or None, instance=recommendation, review=review)
    if request.method == "POST" and form.is_valid():
        recommendation = services.save_recommendation(form, user=request.user)  # type: ignore[arg-type]
        messages.success(request, f"Recommendation {recommendation.number} has been saved.")
        return redirect("reviews:recommendation", board.slug, recommendation.pk)
    return form_page(
        request,
        form,
        heading=f"Recommendation {recommendation.number}"
        if recommendation
        else "Add a recommendation",
        caption=str(review),
        cancel=reverse("reviews:detail", args=[board.slug, review.pk]),
    )


def _get_recommendation(board, recommendation_id: int) -> Recommendation:
    return get_object_or_404(
        Recommendation.objects.filter(review__board=board)
        .select_related("review")
        .prefetch_related("themes", "agencies"),
        pk=recommendation_id,
    )


@board_view(Permission.BOARD_VIEW, writes=Permission.REVIEWS_MANAGE)
def recommendation(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    board = current_board(request)
    rec = _get_recommendation(board, recommendation_id)
    can_manage = _can_manage(request)
    form = RecommendationActionForm(request.POST or None, recommendation=rec)
    if request.method == "POST" and form.is_valid():
        action = services.add_recommendation_action(
            rec,
            board=board,
            agency=form.cleaned_data["agency"],
            lead_officer=form.cleaned_data["lead_officer"],
            title=form.cleaned_data["title"],
            due_date=form.cleaned_data["due_date"],
            created_by=request.user,  # type: ignore[arg-type]
        )
        messages.success(
            request, f"Action for {action.agency} added, led by {action.owner.full_name}."
        )
        return redirect("reviews:recommendation", board.slug, rec.pk)
    return render(
        request,
        "reviews/recommendation.html",
        {
            "board": board,
            "rec": rec,
            "actions": services.recommendation_actions(
                visible_actions(request, board), [rec]
            ).select_related("agency", "owner"),
            "form": form if can_manage else None,
            **findings_context(request.user, board, findings_for(rec)),
            "can_manage": can_manage,
            "today": timezone.localdate(),
        },
    )


@board_view(Permission.REVIEWS_MANAGE)
def dissemination_add(request: HttpRequest, review_id: int) -> HttpResponse:
    board = current_board(request)
    review = get_object_or_404(board.reviews, pk=review_id)
    form = DisseminationForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The dissemination has been recorded.")
        return redirect("reviews:detail", board.slug, review.pk)
    return form_page(
        request,
        form,
        heading="Record how the learning was shared",
        caption=str(review),
        cancel=reverse("reviews:detail", args=[board.slug, review.pk]),
    )


@board_view(Permission.BOARD_VIEW)
def themes(request: HttpRequest) -> HttpResponse:
    """The thematic view: themes across every source's findings, not only reviews'."""
    board = current_board(request)

    def content() -> dict:
        return {
            "view": thematic_view(board),
            "hotspot_sources": HOTSPOT_SOURCES,
            "can_manage": has_permission(request.user, Permission.THEMES_MANAGE, board=board),
        }

    body = kept_drawing(
        request, f"reviews:themes:{PAGES_FORMAT}", "reviews/_themes_body.html", content
    )
    return render(request, "reviews/themes.html", {"board": board, "body": body})


@board_view(Permission.BOARD_VIEW)
def recurring(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    return render(
        request,
        "reviews/recurring.html",
        {"board": board, "groups": services.recurring_recommendations(board)},
    )


@board_view(Permission.ACTIONS_VIEW_ALL, writes=Permission.REVIEWS_MANAGE)
def monitoring(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    can_manage = _can_manage(request)
    form = MonitoringCycleForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        cycle = form.save()
        messages.success(
            request,
            f"Agencies will be asked to update their actions on {cycle.requests_due_on:%d %B %Y}.",
        )
        return redirect("reviews:monitoring", board.slug)
    return render(
        request,
        "reviews/monitoring.html",
        {
            "board": board,
            "cycles": board.monitoring_cycles.prefetch_related("requests__agency"),
            "form": form if can_manage else None,
            "notice_days": MONITORING_NOTICE_DAYS,
            "today": timezone.localdate(),
        },
    )


PACK_ROWS = 20


@board_view(Permission.ACTIONS_VIEW_ALL)
def monitoring_pack(request: HttpRequest, cycle_id: int) -> HttpResponse:
    board = current_board(request)
    cycle = get_object_or_404(board.monitoring_cycles.select_related("board"), pk=cycle_id)
    today = timezone.localdate()
    pack = services.monitoring_pack(cycle, today)
    context = {
        "board": board,
        "pack": pack,
        "today": today,
        # The page shows the first PACK_ROWS outstanding actions and links to the rest; the
        # PDF lists every one.
        "outstanding": pack.outstanding[:PACK_ROWS],
    }
    if request.GET.get("format") == "pdf":
        context["outstanding"] = pack.outstanding
        name = safe_filename(board.short_name, "review-actions", f"{cycle.meeting_on}")
        return pdf(f"{name}.pdf", "reviews/print/pack.html", context).as_response()
    return render(request, "reviews/pack.html", context)


@board_view(Permission.ACTIONS_VIEW_ALL)
def archive(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    query = request.GET.get("q", "").strip()
    theme = request.GET.get("theme", "")
    theme_id = int(theme) if theme.isdigit() else None
    actions = list(
        services.archive(board, query, theme_id)
        .select_related("agency", "owner", "signed_off_by")
        .order_by("-completed_at", "-pk")[:200]
    )
    recommendations = Recommendation.objects.select_related("review").in_bulk(
        {a.source_id for a in actions}
    )
    rows = [(a, recommendations.get(a.source_id)) for a in actions]
    return render(
        request,
        "reviews/archive.html",
        {
            "board": board,
            "rows": rows,
            "query": query,
            "theme_id": theme_id,
            "themes": board.themes.all(),
        },
    )


@board_view(Permission.BOARD_VIEW)
def child_deaths(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    years = services.review_years(board)
    year_param = request.GET.get("year", "")
    today = timezone.localdate()
    default_year = financial_year_start(today)
    year = int(year_param) if year_param.isdigit() else (years[0] if years else default_year)
    counts = services.child_death_counts(board, year)
    if request.GET.get("format") == "csv":
        rows = [[r.category.label, r.total, r.modifiable, r.expected] for r in counts.rows]
        rows.append(["All categories", counts.total, counts.modifiable, counts.expected])
        sheet = Sheet(
            f"Child deaths reviewed {year}",
            ["Category", "Deaths reviewed", "With modifiable factors", "Expected"],
            rows,
        )
        return csv_export(
            f"{safe_filename(board.short_name, 'child-deaths', str(year))}.csv", sheet
        ).as_response()
    return render(
        request,
        "reviews/child_deaths.html",
        {
            "board": board,
            "counts": counts,
            "years": sorted(set(years) | {year}, reverse=True),
            "can_manage": _can_manage(request),
        },
    )


@board_view(Permission.REVIEWS_MANAGE)
def child_death_add(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    form = ChildDeathForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            death = form.save()
        messages.success(request, "The death has been counted.")
        return redirect(
            reverse("reviews:child_deaths", args=[board.slug]) + f"?year={death.reviewed_in}"
        )
    return form_page(
        request,
        form,
        heading="Count a child death reviewed by the panel",
        caption="No name, date of birth, date of death or address is recorded",
        cancel=reverse("reviews:child_deaths", args=[board.slug]),
    )
