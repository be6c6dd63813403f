import datetime

from django import template
from django.db import models

from scrutiny.actions import impact
from scrutiny.actions.models import Action, Rag
from scrutiny.tenancy.models import Board

register = template.Library()


@register.simple_tag
def action_rag(action: Action, today: datetime.date) -> Rag | None:
    return action.rag(today)


@register.simple_tag
def measured_change(subject: models.Model, board: Board) -> impact.MeasuredChange | None:
    """The measured change of an action or objective on this board; None without a measure."""
    measure = impact.measure_for(subject, board)
    return impact.measured_change(measure) if measure else None
