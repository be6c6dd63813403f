"""The demo partnership: Ashbourne is a safeguarding children partnership with its three
partners and their named people, an agreed arrangements document, a threshold document
awaiting one lead's sign-off, a budget and a relevant agencies register. Northvale and
Westbridge are LSCBs (demo/reports.py), so both wordings show."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from scrutiny.library.models import FrameworkTemplate
from scrutiny.partnership import services
from scrutiny.partnership.models import Contribution, DocumentSignature, Partner, RelevantAgency
from scrutiny.people.models import Role, RoleAssignment, User
from scrutiny.tenancy.models import Agency, Arrangement, Board, BoardAgency, Region

from .region import DEMO_PASSWORD, demo_email

# kind: (agency, (lead email, name, title), (delegate email, name, title), who signs the report)
PARTNERS = {
    "local_authority": (
        "Ashbourne Children's Social Care",
        ("chief.exec.ashbourne", "Helen Marsh", "Chief Executive, Ashbourne Council"),
        ("dcs.ashbourne", "Simon Ashworth", "Director of Children's Services, Ashbourne"),
        "lead",
    ),
    "icb": (
        "Riverside North Integrated Care Board",
        ("chief.exec.icb", "Dr Paul Fairweather", "Chief Executive, Riverside ICB"),
        ("chief.nurse.icb", "Dr Joanna Reeves", "Chief Nurse, Riverside Integrated Care Board"),
        "lead",
    ),
    "police": (
        "Riverside Police",
        ("chief.constable", "Chief Constable Andrew Blake", "Chief Constable, Riverside Police"),
        ("police.lead", "Detective Superintendent Karen Moss", "Head of Public Protection"),
        "delegate",  # the delegate signs the yearly report for the police
    ),
}
# agency: (setting type, URN, audits owed by library code)
REGISTER = {
    "Ashbourne Education Service": ("school", "100001", ["school-safeguarding-audit"]),
    "Riverside Community Health NHS Trust": ("health_provider", "", ["section-11-audit"]),
    "Riverside Probation Service": ("police_justice", "", ["section-11-audit"]),
    "Riverside Children's Charity": ("voluntary", "", []),
}


def _person(local: str, name: str, board: Board) -> User:
    user = User.objects.filter(email=demo_email(local)).first()
    if user is None:
        user = User.objects.create(
            email=demo_email(local), full_name=name, password=make_password(DEMO_PASSWORD)
        )
    if not RoleAssignment.objects.filter(user=user, board=board).exists():
        RoleAssignment.objects.create(user=user, role=Role.VIEWER, region=board.region, board=board)
    return user


@transaction.atomic
def create_demo_partnership(region: Region) -> None:
    board = region.boards.get(slug="ashbourne")
    board.arrangement = Arrangement.PARTNERSHIP
    board.save(update_fields=["arrangement"])
    today = timezone.localdate()
    for kind, (agency, lead, delegate, signer) in PARTNERS.items():
        Partner.objects.update_or_create(
            board=board,
            kind=kind,
            defaults={
                "agency": Agency.objects.filter(region=region, name=agency).first(),
                "lead": _person(lead[0], lead[1], board),
                "lead_title": lead[2],
                "delegate": _person(delegate[0], delegate[1], board),
                "delegate_title": delegate[2],
                "report_signer": signer,
            },
        )
    audits = {t.code: t for t in FrameworkTemplate.objects.filter(owner_board__isnull=True)}
    for name, (setting, urn, owed) in REGISTER.items():
        membership = BoardAgency.objects.filter(board=board, agency__name=name).first()
        if membership is None:
            continue
        entry, _ = RelevantAgency.objects.update_or_create(
            membership=membership,
            defaults={"is_relevant": True, "setting_type": setting, "urn": urn},
        )
        entry.owed_audits.set([audits[code] for code in owed if code in audits])
    manager = User.objects.get(email=demo_email("manager.ashbourne"))
    partners = list(Partner.objects.filter(board=board))
    signed_on = timezone.now() - datetime.timedelta(days=120)
    arrangements = services.add_version(
        board,
        "arrangements",
        effective_on=today - datetime.timedelta(days=110),
        review_on=today + datetime.timedelta(days=255),
        url="https://www.ashbourne-safeguarding.example/arrangements",
        user=manager,
    )
    threshold = services.add_version(
        board,
        "threshold",
        effective_on=today,
        review_on=today + datetime.timedelta(days=365),
        url="https://www.ashbourne-safeguarding.example/threshold",
        notes="Updated after the front door review; the police have still to sign.",
        user=manager,
    )
    for partner in partners:
        assert partner.lead is not None  # named above
        DocumentSignature.objects.create(
            version=arrangements, partner=partner, signed_by=partner.lead, signed_at=signed_on
        )
        if partner.kind != "police":  # the threshold document awaits the police's lead
            services.sign(threshold, partner, partner.lead)
    year = services.financial_year_of(today)
    for kind, amount, pays_for in [
        ("local_authority", "120000", "Business unit staff and the independent scrutineer"),
        ("icb", "80000", "Training programme and the child death review"),
        ("police", "50000", "Case reviews and the data analyst"),
    ]:
        Contribution.objects.create(
            board=board,
            year=year,
            partner=next(p for p in partners if p.kind == kind),
            amount=Decimal(amount),
            pays_for=pays_for,
        )
    probation = Agency.objects.filter(region=region, name="Riverside Probation Service").first()
    if probation:
        Contribution.objects.create(
            board=board,
            year=year,
            agency=probation,
            amount=Decimal("5000"),
            pays_for="Multi-agency training",
        )
