"""GOV.UK Frontend classes and ARIA wiring for Django form widgets."""

from typing import Any

from django import forms

from .concurrency import RevisionFormMixin

_WIDGET_CLASSES = {
    forms.Select: "govuk-select",
    forms.Textarea: "govuk-textarea",
    forms.CheckboxInput: "govuk-checkboxes__input",
}


class GovukFormMixin:
    """Give each widget its GOV.UK class; tie hints and errors to inputs for screen readers."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self) -> None:
        """Style every field; forms that add fields after __init__ call it again."""
        for name, field in self.fields.items():
            widget = field.widget
            if "govuk-" in widget.attrs.get("class", ""):
                continue
            css = next(
                (c for w, c in _WIDGET_CLASSES.items() if isinstance(widget, w)), "govuk-input"
            )
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}-hint"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:
                widget = self.fields[name].widget
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = f"{described} id_{name}-error".strip()
                widget.attrs["class"] = widget.attrs.get("class", "") + {
                    "govuk-select": " govuk-select--error",
                    "govuk-textarea": " govuk-textarea--error",
                }.get(widget.attrs.get("class", " ").split()[0], " govuk-input--error")


class DateInput(forms.DateInput):
    """The date widget of every form: the browser's date picker. Its value must be ISO
    (2026-12-03): a `type="date"` input shows a date in the page's locale format (03/12/2026)
    as empty, so an edit form lost its dates."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or "%Y-%m-%d")


class GovukForm(RevisionFormMixin, GovukFormMixin, forms.Form):
    """A plain form; given `record=`, it carries that record's revision for the edit guard."""


class GovukModelForm(RevisionFormMixin, GovukFormMixin, forms.ModelForm):
    """A model form; editing a `Revisioned` record it refuses to overwrite a newer save."""
