"""Inspection workflows: the clocks a report sets, the report file, judgements, findings and
the improvement plan's actions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from scrutiny.actions.models import Action
from scrutiny.core.uploads import store_checked
from scrutiny.core.workingdays import add_working_days, working_days
from scrutiny.findings.models import Finding
from scrutiny.findings.services import findings_for, raise_action_from_finding, record_finding
from scrutiny.people.models import User
from scrutiny.tenancy.models import Agency

from .framework import framework
from .models import Inspection, Judgement, ReportFile


@dataclass(frozen=True)
class Clock:
    code: str
    title: str
    starts: datetime.date
    due: datetime.date
    done_on: datetime.date | None
    working_days_left: int  # negative once passed; counted to today, or to the day it was met

    @property
    def state(self) -> str:
        """ "met", "late" (met after the due day), "overdue" or "open"."""
        if self.done_on is not None:
            return "met" if self.done_on <= self.due else "late"
        return "overdue" if self.working_days_left < 0 else "open"

    @property
    def state_label(self) -> str:
        return {"met": "Met", "late": "Met late", "overdue": "Overdue", "open": "Open"}[self.state]


def _clock(code: str, starts: datetime.date, done_on, today: datetime.date) -> Clock:
    rule = framework().clocks[code]
    due = add_working_days(starts, rule.working_days)
    end = done_on or today
    left = working_days(end, due) if end <= due else -working_days(due, end)
    return Clock(code, rule.title, starts, due, done_on, left)


def clocks(inspection: Inspection, today: datetime.date | None = None) -> list[Clock]:
    """The clocks the report has set: none before it is received; the statement's only
    where the inspection requires one."""
    if inspection.report_received_on is None:
        return []
    today = today or timezone.localdate()
    received = inspection.report_received_on
    result = [_clock("report_published", received, inspection.published_on, today)]
    if inspection.statement_required:
        result.append(_clock("statement_of_action", received, inspection.statement_sent_on, today))
    return result


def attach_report(inspection: Inspection, upload, user: User | None) -> ReportFile:
    """Check the upload like any evidence (EvidenceRejected if unfit) and keep it as the
    inspection's report, replacing an earlier one."""
    record = ReportFile(inspection=inspection, uploaded_by=user)
    store_checked(record, upload, name=(upload.name or "report")[:255])
    with transaction.atomic():
        ReportFile.objects.filter(inspection=inspection).delete()
        record.save()
    return record


def set_judgement(inspection: Inspection, local_authority: str, judgement: str) -> Judgement:
    if judgement not in dict(framework().judgements):
        raise ValueError(f"Unknown judgement: {judgement}")
    row, _ = Judgement.objects.update_or_create(
        inspection=inspection,
        local_authority=local_authority.strip(),
        defaults={"judgement": judgement},
    )
    return row


def record_inspection_finding(
    inspection: Inspection, *, kind: str, text: str, theme=None, user: User
) -> Finding:
    return record_finding(
        board=inspection.board,
        source=inspection,
        kind=kind,
        text=text,
        theme=theme,
        recorded_by=user,
    )


def inspection_findings(inspection: Inspection) -> QuerySet[Finding]:
    return findings_for(inspection)


def improvement_action(
    finding: Finding,
    *,
    title: str,
    owner: User | None,
    agency: Agency | None,
    due_date: datetime.date,
    user: User,
) -> Action:
    """An action of the inspection's improvement plan, in the one tracker, from its finding."""
    return raise_action_from_finding(
        finding, title=title, owner=owner, agency=agency, due_date=due_date, created_by=user
    )
