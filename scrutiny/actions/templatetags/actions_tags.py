import datetime

from django import template

from scrutiny.actions.models import Action, Rag

register = template.Library()


@register.simple_tag
def action_rag(action: Action, today: datetime.date) -> Rag | None:
    return action.rag(today)
