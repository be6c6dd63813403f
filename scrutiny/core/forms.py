"""GOV.UK Frontend classes and ARIA wiring for Django form widgets."""

import datetime
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

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
            _use_date_input(field)
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


class QuickSelect(forms.Select):
    """A select drawn in Python: the same markup as Django's Select (optgroups included) without
    a template include per option, which costs a few milliseconds on every page showing a long
    list of choices."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer=None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        selected = set(self.format_value(value))
        parts: list[str] = [format_html("<select{}>", flatatt(final))]

        def option(option_value: Any, label: Any) -> str:
            text = "" if option_value is None else str(option_value)
            chosen = mark_safe(" selected") if text in selected else ""
            return format_html('<option value="{}"{}>{}</option>', text, chosen, label)

        for group, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(format_html('<optgroup label="{}">', group))
                parts.extend(option(v, sub) for v, sub in label)
                parts.append(mark_safe("</optgroup>"))
            else:
                parts.append(option(group, label))
        parts.append(mark_safe("</select>"))
        return format_html_join("", "{}", ((part,) for part in parts))


class DateInput(forms.MultiWidget):
    """The date widget of every form: the GOV.UK date input, three boxes for day, month and
    year inside a fieldset (never the browser's mm/dd/yyyy picker).

    A field `due` posts `due_day`, `due_month` and `due_year`. A single ISO date posted as
    `due` (what scripts and older tests send) is accepted too. `DateField` below turns the
    three parts into a date, with GOV.UK's messages ("Due date must include a month").
    Every `forms.DateField` of a `GovukForm`/`GovukModelForm` gets this widget and field.
    """

    template_name = "govuk/date_input.html"
    input_type = "govuk-date"  # tells govuk/field.html to draw a fieldset and legend
    parts = ("day", "month", "year")

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:
        # `format` is accepted (and unused) so `DateInput(format=...)` keeps working.
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value: Any) -> list:
        if isinstance(value, (list, tuple)):
            return list(value)
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                parsed = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [parsed.day, parsed.month, parsed.year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        parts = [data.get(f"{name}_{part}") for part in self.parts]
        if all(p is None for p in parts) and name in data:
            return data.get(name)  # one ISO date string
        return [(p or "").strip() for p in parts]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and not any(f"{name}_{part}" in data for part in self.parts)

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        values = self.decompress(value)
        base_id = (attrs or {}).get("id") or f"id_{name}"
        error = "govuk-input--error" in self.attrs.get("class", "")
        context["date_parts"] = [
            {
                "name": f"{name}_{part}",
                # the day box carries the field's own id, so labels and the error summary's
                # link (#id_due) land on the first box
                "id": base_id if part == "day" else f"{base_id}_{part}",
                "label": part.capitalize(),
                "value": "" if values[i] in (None, "") else values[i],
                "width": 4 if part == "year" else 2,
                "error": error,
            }
            for i, part in enumerate(self.parts)
        ]
        return context

    def id_for_label(self, id_: str) -> str:
        return id_


class DateField(forms.DateField):
    """A date from the GOV.UK date input's three boxes (or one ISO string), with GOV.UK's
    error messages naming what is missing or wrong."""

    widget = DateInput

    def _name(self) -> str:
        return str(self.label or "Date")

    def to_python(self, value: Any) -> datetime.date | None:
        if not isinstance(value, (list, tuple)):
            if isinstance(value, str) and value.strip():
                try:
                    return datetime.date.fromisoformat(value.strip())
                except ValueError:
                    raise forms.ValidationError(
                        f"{self._name()} must be a real date", code="invalid"
                    ) from None
            return super().to_python(value)
        day, month, year = (str(v).strip() for v in value)
        if not (day or month or year):
            return None
        missing = [
            part for part, v in zip(DateInput.parts, (day, month, year), strict=True) if not v
        ]
        if missing:
            joined = " and ".join(missing) if len(missing) < 3 else "day, month and year"
            raise forms.ValidationError(
                f"{self._name()} must include a {joined}", code="incomplete"
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{self._name()} must be a real date", code="invalid")
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers", code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(
                f"{self._name()} must be a real date", code="invalid"
            ) from None

    def validate(self, value: Any) -> None:
        if value in self.empty_values and self.required:
            message = self.error_messages["required"]
            if message == forms.Field.default_error_messages["required"]:
                message = f"Enter the {self._name()[:1].lower()}{self._name()[1:]}"
            raise forms.ValidationError(message, code="required")
        super().validate(value)

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            data = self.to_python(data)
        except forms.ValidationError:
            return True
        initial = (
            initial
            if isinstance(initial, datetime.date) or initial is None
            else (self.to_python(initial))
        )
        return initial != data


def _use_date_input(field: forms.Field) -> None:
    """Give a plain `forms.DateField` (a form's own, or a model form's) the GOV.UK date input."""
    if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
        if not isinstance(field.widget, DateInput):
            field.widget = DateInput(attrs=dict(field.widget.attrs))
        if not isinstance(field, DateField):
            field.__class__ = DateField


class GovukForm(RevisionFormMixin, GovukFormMixin, forms.Form):
    """A plain form; given `record=`, it carries that record's revision for the edit guard."""


class GovukModelForm(RevisionFormMixin, GovukFormMixin, forms.ModelForm):
    """A model form; editing a `Revisioned` record it refuses to overwrite a newer save."""
