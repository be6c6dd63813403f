from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models.functions import Left

from scrutiny.audit.versions import kept_until_change, region_data_version
from scrutiny.core.forms import GovukForm, QuickSelect
from scrutiny.core.uploads import ALLOWED_DESCRIPTION
from scrutiny.findings.services import library_themes
from scrutiny.library.models import TemplateKind, TemplateQuestion


def criteria_choices():
    return (
        TemplateQuestion.objects.filter(
            section__template__kind=TemplateKind.SELF_ASSESSMENT,
            section__template__owner_board__isnull=True,
        )
        .select_related("section__template")
        .order_by("section__template__title", "section__order", "order")
    )


def criteria_by_framework() -> list[tuple[str, list[tuple[int, str]]]]:
    """The criteria a resource can be tagged with, grouped under their framework's title for a
    search form's picker: one query of only the fields shown."""
    groups: dict[str, list[tuple[int, str]]] = {}
    rows = (
        criteria_choices()
        .annotate(short=Left("text", 70))
        .values_list("pk", "section__template__title", "number", "short")
    )
    for pk, framework, number, text in rows:
        groups.setdefault(framework, []).append((pk, f"{number} {text}"))
    return list(groups.items())


def library_criteria(
    region_id: int, version: tuple[int, str] | None = None
) -> list[tuple[str, list[tuple[int, str]]]]:
    """`criteria_by_framework`, kept in the cache until the library changes: the search form
    offers them on every search. Keyed on the region's data version (`region_data_version`,
    or `version` if the caller has read it), which moves with every change to the library
    too (its audit entries have no region)."""
    return kept_until_change(
        "regional:criteria",
        version or region_data_version(region_id),
        criteria_by_framework,
        settings.SCRUTINY_REPORT_FIGURES_CACHE_SECONDS,
    )


def _criterion_label(q: TemplateQuestion) -> str:
    return f"{q.section.template.title}: {q.number} {q.text[:70]}"


class ResourceForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200)
    description = forms.CharField(
        label="Description",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What it is, who made it, and how another board could use it",
    )
    url = forms.URLField(
        label="Link",
        required=False,
        assume_scheme="https",
        help_text="A web address, or upload a file",
    )
    upload = forms.FileField(
        label="Document", required=False, help_text=f"{ALLOWED_DESCRIPTION}, or give a link"
    )
    themes = forms.MultipleChoiceField(
        label="Themes", choices=library_themes, widget=forms.CheckboxSelectMultiple, required=False
    )
    criteria = forms.ModelMultipleChoiceField(
        label="Self-assessment criteria it helps with",
        queryset=TemplateQuestion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["criteria"]
        field.queryset = criteria_choices()
        field.label_from_instance = _criterion_label

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("url") and not data.get("upload") and "upload" not in self.errors:
            self.add_error("upload", "Upload a document or give a link")
        return data


class SearchForm(GovukForm):
    q = forms.CharField(label="Search the library", required=False)
    theme = forms.ChoiceField(
        label="Theme",
        choices=lambda: [("", "Any theme"), *library_themes()],
        required=False,
        widget=QuickSelect,
    )
    criterion = forms.TypedChoiceField(
        label="Criterion",
        coerce=int,
        empty_value=None,
        required=False,
        widget=QuickSelect,
    )

    def __init__(
        self,
        *args: Any,
        region_id: int,
        version: tuple[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Read once, for both checking the choice and drawing the picker.
        criterion = self.fields["criterion"]
        assert isinstance(criterion, forms.ChoiceField)
        criterion.choices = [("", "Any criterion"), *library_criteria(region_id, version)]
