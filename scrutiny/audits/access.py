"""Who may see and work on an audit: the board's oversight roles, and the audit's own team."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.tenancy.models import Board

from .models import Audit


@dataclass(frozen=True)
class AuditAccess:
    on_team: bool  # the lead or an auditor: may audit cases and record interviews
    is_lead: bool  # the audit's lead: moderates grades
    can_manage: bool  # plans audits for the board

    @property
    def directs(self) -> bool:
        """May shape the audit: its team and its findings."""
        return self.is_lead or self.can_manage


def sees_every_audit(user: Any, board: Board) -> bool:
    """The board's oversight roles see all its audits; others those they lead or audit on."""
    return has_permission(user, Permission.AUDITS_VIEW, board=board)


def visible_audits(request: HttpRequest, board: Board) -> QuerySet[Audit]:
    audits = Audit.objects.filter(board=board)
    if sees_every_audit(request.user, board):
        return audits
    return audits.filter(Q(lead=request.user) | Q(team__user=request.user)).distinct()


def get_audit(request: HttpRequest, board: Board, audit_id: int) -> tuple[Audit, AuditAccess]:
    audit = get_object_or_404(
        visible_audits(request, board).select_related("tool", "lead", "re_audit_of"), pk=audit_id
    )
    can_manage = has_permission(request.user, Permission.AUDITS_MANAGE, board=board)
    is_lead = audit.lead_id == request.user.pk
    on_team = is_lead or audit.team.filter(user=request.user).exists()
    if not (on_team or has_permission(request.user, Permission.AUDITS_VIEW, board=board)):
        raise Http404("No such audit")
    return audit, AuditAccess(on_team=on_team, is_lead=is_lead, can_manage=can_manage)
