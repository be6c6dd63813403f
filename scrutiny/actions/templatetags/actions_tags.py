import datetime

from django import template
from django.db import models

from scrutiny.actions import impact
from scrutiny.actions.models import Action
from scrutiny.actions.services import StatusTag, status_tag
from scrutiny.tenancy.models import Board

register = template.Library()


@register.simple_tag
def action_status(action: Action, today: datetime.date) -> StatusTag:
    """The action's status as a GOV.UK tag with a note (`actions.services.status_tag`)."""
    return status_tag(action, today)


@register.simple_tag
def measured_change(subject: models.Model, board: Board) -> impact.MeasuredChange | None:
    """The measured change of an action or objective on this board; None without a measure."""
    measure = impact.measure_for(subject, board)
    return impact.measured_change(measure) if measure else None
