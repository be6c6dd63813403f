from typing import Any

from django import template

register = template.Library()


@register.filter
def dict_get(mapping: dict, key: Any) -> Any:
    """mapping[key] in a template, or None."""
    return mapping.get(key) if mapping else None


@register.filter
def confirmation_box(bound_field: Any) -> Any:
    """The "does not identify a child or family" box that follows a flagged field, or None
    (audits.identifying_text adds it to the form as <name>_not_identifying)."""
    form = getattr(bound_field, "form", None)
    name = f"{bound_field.name}_not_identifying" if form is not None else ""
    return form[name] if form is not None and name in form.fields else None
