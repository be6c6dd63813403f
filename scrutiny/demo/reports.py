"""Yearly reports on every board: last year's, published after its checks and sign-off, and a
draft for this year with some narrative written. Partnerships (Ashbourne, Eastmoor) are signed
off by their three lead safeguarding partners; the boards keeping the LSCB model by the chair."""

from __future__ import annotations

import datetime
import io

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from scrutiny.people.models import Role, RoleAssignment, User
from scrutiny.reports.models import (
    Arrangement,
    ReportSettings,
    SignatoryRole,
    year_label,
)
from scrutiny.reports.render import gather_report
from scrutiny.reports.services import (
    acknowledge,
    approve,
    checks,
    default_settings,
    name_signatory,
    publish,
    record_publication,
    record_sent,
    required_roles,
    save_narrative,
    sign_off,
    signatory_for,
    start_report,
    unsettled,
)
from scrutiny.tenancy.models import Board, Region

from .region import DEMO_PASSWORD, demo_email

NARRATIVE = {
    "introduction": (
        "This has been a year of steady progress. Partners have kept their commitment to the "
        "board's priorities, and the board has held them to account through its returns, "
        "audits and challenge log.\n\n"
        "The figures in this report come straight from the board's records."
    ),
    "weaknesses": (
        "The areas for improvement listed below share a cause: demand at the front door rose "
        "faster than capacity, and some agencies were slow to return their Section 11 audits. "
        "The board will track both through next year's priorities."
    ),
}

# Last year's report, as the partners signed it off.
LAST_YEAR = {
    "introduction": (
        "Last year the partners agreed three priorities and kept to them. The board met every "
        "quarter, its sub-groups reported to each meeting, and every finding from an audit or "
        "review was given an owner and a date.\n\n"
        "We are proud of the work on neglect, and honest that the front door is still under "
        "strain. This report says both."
    ),
    "priorities": (
        "The partners agreed the current plan at the start of 2026-27, so no priority of it ran "
        "in this year; the actions the board tracked came from its case reviews, as the table "
        "shows."
    ),
    "weaknesses": (
        "The board began recording findings in Scrutiny in April 2026, so none is listed for "
        "this year. The weaknesses it knew of (demand at the front door, late Section 11 "
        "returns) shaped the priorities below."
    ),
    "next_year": "The priorities for the year ahead follow from the weaknesses above.",
    "arrangements": (
        "The partners met monthly as an executive and quarterly as the full partnership. "
        "Relevant agencies took part through the sub-groups."
    ),
    "effectiveness": "The self-assessment below is the partners' own judgement of the year.",
    "reviews": "Every review's learning was shared through briefings and the training offer.",
    "review_actions": "Each recommendation has an action with an owner; the table says where "
    "each stands.",
    "impact": "The data set shows the outcomes the partners track, against their targets.",
    "training": "Each agency ran its own training this year; the partnership's programme, with "
    "its follow-up evaluations, starts in 2026-27.",
    "little_progress": "Where a priority stalled, the table says so; the partners have "
    "re-planned those actions.",
    "feedback": "Children and families told us what worked; the 'we did' column records what "
    "changed.",
    "independent_scrutiny": (
        "As independent scrutineer I have seen the partners challenge one another openly. "
        "The arrangements are sound; the front door needs the partners' continued attention."
    ),
}

STRUCTURE = {
    "ashbourne": "regional-annual-report-2013",
    "northvale": "regional-annual-report-2013",
    "eastmoor": "wt2023-yearly-report",
    "westbridge": "regional-annual-report-2013",
}
LSCB_BOARDS = {"northvale", "westbridge"}
LOGO_COLOURS = {
    "ashbourne": (29, 112, 184),
    "northvale": (0, 112, 60),
    "eastmoor": (80, 41, 128),
    "westbridge": (170, 45, 45),
}


def _logo(board: Board) -> bytes:
    """A plain mark for the demo: the board's initial on its colour, and its short name."""
    image = Image.new("RGB", (720, 240), "white")
    draw = ImageDraw.Draw(image)
    colour = LOGO_COLOURS.get(board.slug, (29, 112, 184))
    draw.rounded_rectangle([0, 0, 240, 240], radius=36, fill=colour)
    try:
        big = ImageFont.truetype("LiberationSans-Bold.ttf", 160)
        small = ImageFont.truetype("LiberationSans-Bold.ttf", 64)
    except OSError:
        big = small = ImageFont.load_default(size=64)
    draw.text((120, 120), board.short_name[0], fill="white", font=big, anchor="mm")
    draw.text((270, 120), board.short_name, fill=colour, font=small, anchor="lm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _person(local: str, name: str, board: Board) -> User:
    user = User.objects.filter(email=demo_email(local)).first()
    if user is None:
        user = User.objects.create(
            email=demo_email(local), full_name=name, password=make_password(DEMO_PASSWORD)
        )
    if not RoleAssignment.objects.filter(user=user, board=board).exists():
        RoleAssignment.objects.create(user=user, role=Role.VIEWER, region=board.region, board=board)
    return user


def _settings_and_signatories(board: Board, chair: User) -> None:
    record = default_settings(board)
    record.structure_code = STRUCTURE.get(board.slug, record.structure_code)
    record.save()
    board.arrangement = Arrangement.LSCB if board.slug in LSCB_BOARDS else Arrangement.PARTNERSHIP
    board.save(update_fields=["arrangement"])
    if not board.logo:
        board.logo.save(f"{board.slug}-logo.png", ContentFile(_logo(board)), save=True)
    if board.slug in LSCB_BOARDS:
        name_signatory(board, SignatoryRole.CHAIR, chair, "Independent chair")
        return
    if all(signatory_for(board, role) for role in required_roles(board)):
        return  # the partnership names who signs for each partner (demo/partnership.py)
    council = board.local_authority or board.short_name
    directors = {"ashbourne": "Simon Ashworth", "eastmoor": "Rachel Denby"}
    la = _person(f"dcs.{board.slug}", directors.get(board.slug, "Alex Morgan"), board)
    icb = _person("chief.nurse.icb", "Dr Joanna Reeves", board)
    police = _person("police.lead", "Detective Superintendent Karen Moss", board)
    name_signatory(
        board, SignatoryRole.LOCAL_AUTHORITY, la, f"Director of Children's Services, {council}"
    )
    name_signatory(board, SignatoryRole.ICB, icb, "Chief Nurse, Riverside Integrated Care Board")
    name_signatory(
        board, SignatoryRole.POLICE, police, "Head of Public Protection, Riverside Police"
    )


def _publish_last_year(board: Board, manager: User, today: datetime.date) -> None:
    year = year_label(today.replace(year=today.year - 1))
    report = start_report(board, year, manager)
    shape_keys = {s["key"] for s in gather_report(report, today)["structure"]["sections"]}
    for key, text in LAST_YEAR.items():
        if key in shape_keys:
            save_narrative(report, key, text, manager)
    figures = gather_report(report, today)
    for check in unsettled(checks(report, figures, today)):
        acknowledge(report, check.code, _reason(check.code), manager)
    for row in sign_off(report, figures):
        if row.signatory:
            approve(report, row.signatory.user, row.role, figures)
    report = publish(report, manager, today, confirmed=True)
    record_publication(
        report,
        f"https://www.{board.slug}-safeguarding.example/annual-report-{year}",
        today,
        manager,
    )
    for dispatch in report.dispatches.all()[:1]:  # one sent, one still to send
        record_sent(dispatch, today, manager)


def _reason(code: str) -> str:
    if code.startswith("statutory-partner-missing"):
        return "Their new representatives join the board at its next meeting; named in the text."
    if code.startswith("nothing-due"):
        return "The audit runs every two years; the next round is in the coming year."
    if code.startswith("empty") or code.startswith("group-without-members"):
        return "Nothing to report this year; the board agreed to keep the heading."
    if code.startswith("no-next-priorities"):
        return "The new plan is agreed at the board's next meeting."
    return "Agreed by the board when it approved the report."


def create_demo_reports(region: Region) -> None:
    today = timezone.localdate()
    for board in region.boards.all():
        manager = User.objects.filter(
            role_assignments__board=board, role_assignments__role=Role.BUSINESS_MANAGER
        ).first()
        chair = User.objects.filter(
            role_assignments__board=board, role_assignments__role=Role.CHAIR
        ).first()
        if not ReportSettings.objects.filter(board=board).exists():
            _settings_and_signatories(board, chair)
        _publish_last_year(board, manager, today)
        report = start_report(board, year_label(today), manager)
        for key, text in NARRATIVE.items():
            save_narrative(report, key, text, manager)
