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


@register.inclusion_tag("core/_section_nav.html", takes_context=True)
def section_nav(context: template.Context, section: str, current: str | None = None) -> dict:
    """A module's menu of its pages, showing only those the signed-in person may open."""
    from scrutiny.pages.navigation import SECTION_NAVIGATION, section_navigation

    entries = section_navigation(context["request"], context["board"], section, current)
    shown = entries if len(entries) > 1 else []  # one page alone needs no menu
    return {"label": SECTION_NAVIGATION[section].label, "entries": shown}
