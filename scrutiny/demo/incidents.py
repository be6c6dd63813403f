"""Demo serious incidents for Ashbourne, dated from today so they stay current: one
notification inside its rapid-review window (agencies asked, one contribution in, the meeting
ahead) and one local child safeguarding practice review in progress after an earlier rapid
review. A notification on Northvale too, so another board's records exist to be hidden."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from scrutiny.core.workingdays import add_working_days
from scrutiny.incidents import services
from scrutiny.incidents.models import Decision, LocalReview, SeriousIncident
from scrutiny.questionnaires.models import Answer
from scrutiny.tenancy.models import Agency, Region

ASKED = [
    "Riverside Police",
    "Riverside Community Health NHS Trust",
    "Ashbourne Children's Social Care",
]


def _agency(region: Region, name: str) -> Agency:
    return region.agencies.get(name=name)


@transaction.atomic
def create_demo_incidents(region: Region) -> None:
    board = region.boards.get(slug="ashbourne")
    today = timezone.localdate()

    # Open: learned three working days ago, the Panel told the next day; 13 working days
    # of the rapid review's 15 remain.
    learned = add_working_days(today, -3)
    notified = add_working_days(learned, 1)
    open_one = services.record_incident(
        SeriousIncident(
            board=board,
            reference="SI Child R",
            summary="Serious injury to an infant; abuse suspected.",
            learned_on=learned,
            panel_notified_on=notified,
            panel_notified_by="Head of Safeguarding, Children's Social Care",
        )
    )
    rapid = open_one.rapid_review
    rapid.meeting_on = add_working_days(today, 6)
    rapid.save()
    for n, name in enumerate(ASKED):
        req = services.request_contribution(rapid, _agency(region, name), notified)
        if n == 0:
            req.received_on = today
            req.contribution = "Two domestic abuse call-outs to the household in the month before."
            req.save()
    facts = rapid.response.template.sections.get(code="facts").questions.get(code="involvement")
    Answer.objects.create(
        response=rapid.response,
        question=facts,
        text="Health visiting, police and children's social care were involved in the year before.",
    )

    # In progress: an earlier incident whose rapid review decided on a local review.
    learned = today - datetime.timedelta(days=120)
    notified = add_working_days(learned, 2)
    earlier = services.record_incident(
        SeriousIncident(
            board=board,
            reference="SI Child P",
            summary="A teenager seriously harmed; neglect known.",
            learned_on=learned,
            panel_notified_on=notified,
            panel_notified_by="Head of Safeguarding, Children's Social Care",
        )
    )
    decided = add_working_days(notified, 12)
    rapid = earlier.rapid_review
    rapid.meeting_on = decided
    rapid.decision = Decision.LCSPR
    rapid.decision_reason = (
        "The case raises issues of importance locally: how agencies recognised neglect of an "
        "older child, and escalation between schools and children's social care."
    )
    rapid.decided_on = decided
    rapid.sent_to_panel_on = add_working_days(notified, 14)
    rapid.panel_response_on = rapid.sent_to_panel_on + datetime.timedelta(days=21)
    rapid.panel_response = "The Panel agrees a local review is appropriate."
    rapid.save()
    for name in ASKED:
        req = services.request_contribution(rapid, _agency(region, name), notified)
        req.received_on = add_working_days(notified, 4)
        req.contribution = "Summary of involvement provided."
        req.save()
    services.save_local_review(
        LocalReview(
            board=board,
            incident=earlier,
            decided_on=decided,
            commissioned_on=decided + datetime.timedelta(days=14),
            reviewer="Independent reviewer",
            terms_of_reference="How agencies recognised and responded to neglect of an older "
            "child; escalation between schools and children's social care.",
            timetable="Practitioner event in month 2; draft report in month 4; final in month 6.",
        ),
        reference="CSPR Child P",
        title="Neglect of a teenager",
        summary="In progress.",
    )

    other = region.boards.get(slug="northvale")
    services.record_incident(
        SeriousIncident(
            board=other,
            reference="SI Northvale 1",
            learned_on=add_working_days(today, -2),
        )
    )
