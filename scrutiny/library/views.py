from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import FrameworkTemplate, RatingScale, TemplateQuestion, TemplateSection


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    templates = FrameworkTemplate.objects.annotate(
        question_count=Count("sections__questions")
    ).order_by("title", "-version")
    return render(request, "library/template_list.html", {"templates": templates})


@login_required
def template_detail(request: HttpRequest, code: str, version: int) -> HttpResponse:
    template = get_object_or_404(
        FrameworkTemplate.objects.prefetch_related(
            Prefetch(
                "sections",
                queryset=TemplateSection.objects.prefetch_related(
                    Prefetch("questions", queryset=TemplateQuestion.objects.select_related("scale"))
                ),
            ),
            Prefetch("scales", queryset=RatingScale.objects.prefetch_related("levels")),
        ),
        code=code,
        version=version,
    )
    return render(request, "library/template_detail.html", {"template": template})
