"""A realistic, fictional demo region: four boards, 22 agencies, a person for every role.

All names are invented. Every demo login shares DEMO_PASSWORD; people whose role needs
two-factor authentication share the TOTP key DEMO_TOTP_KEY (see the README).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from scrutiny.people.models import TWO_FACTOR_ROLES, Role, RoleAssignment, User
from scrutiny.tenancy.models import Agency, AgencyType, Board, BoardAgency, Region

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - published in the README on purpose
# RFC 4226's test secret "12345678901234567890"; base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_DOMAIN = "riverside.example"


@dataclass(frozen=True)
class DemoBoard:
    slug: str
    name: str
    short_name: str
    local_authority: str
    description: str


BOARDS = [
    DemoBoard(
        "ashbourne",
        "Ashbourne Safeguarding Children Partnership",
        "Ashbourne",
        "Ashbourne City Council",
        "A city partnership serving about 62,000 children.",
    ),
    DemoBoard(
        "northvale",
        "Northvale Local Safeguarding Children Board",
        "Northvale",
        "Northvale County Council",
        "A rural county board serving about 118,000 children.",
    ),
    DemoBoard(
        "eastmoor",
        "Eastmoor Safeguarding Children Partnership",
        "Eastmoor",
        "Eastmoor Borough Council",
        "A coastal borough partnership serving about 41,000 children.",
    ),
    DemoBoard(
        "westbridge",
        "Westbridge Local Safeguarding Children Board",
        "Westbridge",
        "Westbridge Metropolitan Borough Council",
        "A metropolitan borough board serving about 77,000 children.",
    ),
]
ALL = [b.slug for b in BOARDS]

# (name, type, boards served, statutory partner on those boards)
AGENCIES: list[tuple[str, AgencyType, list[str], bool]] = [
    ("Ashbourne Children's Social Care", AgencyType.CHILDRENS_SOCIAL_CARE, ["ashbourne"], True),
    ("Northvale Children's Services", AgencyType.CHILDRENS_SOCIAL_CARE, ["northvale"], True),
    ("Eastmoor Children's Social Care", AgencyType.CHILDRENS_SOCIAL_CARE, ["eastmoor"], True),
    ("Westbridge Children's Social Care", AgencyType.CHILDRENS_SOCIAL_CARE, ["westbridge"], True),
    ("Riverside Police", AgencyType.POLICE, ALL, True),
    (
        "Riverside North Integrated Care Board",
        AgencyType.HEALTH_COMMISSIONER,
        ["ashbourne", "northvale"],
        True,
    ),
    (
        "Eastmoor and Westbridge Integrated Care Board",
        AgencyType.HEALTH_COMMISSIONER,
        ["eastmoor", "westbridge"],
        True,
    ),
    (
        "Ashbourne Teaching Hospitals NHS Trust",
        AgencyType.HEALTH_ACUTE,
        ["ashbourne", "northvale"],
        True,
    ),
    ("Eastmoor General Hospital NHS Trust", AgencyType.HEALTH_ACUTE, ["eastmoor"], True),
    ("Westbridge Royal Infirmary NHS Trust", AgencyType.HEALTH_ACUTE, ["westbridge"], True),
    ("Riverside Community Health NHS Trust", AgencyType.HEALTH_COMMUNITY, ALL, True),
    (
        "Riverside Mental Health NHS Trust (CAMHS)",
        AgencyType.HEALTH_MENTAL,
        ["ashbourne", "northvale", "eastmoor"],
        True,
    ),
    ("Riverside Ambulance Service", AgencyType.HEALTH_AMBULANCE, ALL, False),
    ("Ashbourne Public Health", AgencyType.HEALTH_PUBLIC, ["ashbourne"], False),
    ("Ashbourne Education Service", AgencyType.EDUCATION, ["ashbourne"], True),
    ("Northvale Schools and Colleges", AgencyType.SCHOOLS, ["northvale"], False),
    ("Riverside Probation Service", AgencyType.PROBATION, ALL, True),
    (
        "Ashbourne and Northvale Youth Justice Service",
        AgencyType.YOUTH_OFFENDING,
        ["ashbourne", "northvale"],
        True,
    ),
    ("Eastmoor Youth Offending Team", AgencyType.YOUTH_OFFENDING, ["eastmoor"], True),
    ("Westbridge Homes", AgencyType.HOUSING, ["westbridge"], False),
    ("Eastmoor Housing Partnership", AgencyType.HOUSING, ["eastmoor"], False),
    ("Riverside Children's Charity", AgencyType.VOLUNTARY, ALL, False),
]

BOARD_PEOPLE = {
    "ashbourne": ["Margaret Holt", "Daniel Okafor", "Sian Price", "Tom Ellery", "Grace Nwosu"],
    "northvale": ["Richard Fenwick", "Aisha Rahman", "Owen Blake", "Helen Marsh", "Yusuf Ali"],
    "eastmoor": ["Catherine Doyle", "Marcus Reid", "Leah Sutton", "Peter Kaur", "Jane Whitby"],
    "westbridge": ["Anthony Lowe", "Fiona McLeod", "Ravi Patel", "Emma Grant", "Sam O'Neill"],
}
BOARD_ROLE_ORDER = [Role.CHAIR, Role.BUSINESS_MANAGER, Role.QA_MEMBER, Role.LAY_MEMBER, Role.VIEWER]
# Each partnership's independent scrutineer (Working Together 2023): no board member, it reads
# only what its scrutiny plan shares with it.
BOARD_SCRUTINEERS = {
    "ashbourne": "Dr Ruth Camberwell",
    "northvale": "Alan Pryce",
    "eastmoor": "Nicola Fairbairn",
    "westbridge": "Dr Imran Qureshi",
}
ROLE_EMAIL_PREFIX = {
    Role.CHAIR: "chair",
    Role.BUSINESS_MANAGER: "manager",
    Role.QA_MEMBER: "qa",
    Role.LAY_MEMBER: "lay",
    Role.VIEWER: "viewer",
}

# (email local part, name, agency, boards on which they lead for it)
AGENCY_LEADS = [
    ("police.lead", "Detective Superintendent Karen Moss", "Riverside Police", ALL),
    (
        "health.lead",
        "Nadia Hussain",
        "Riverside Community Health NHS Trust",
        ["ashbourne", "northvale"],
    ),
    ("csc.lead.ashbourne", "Gareth Powell", "Ashbourne Children's Social Care", ["ashbourne"]),
    ("probation.lead", "Louise Carter", "Riverside Probation Service", ["eastmoor", "westbridge"]),
    ("education.lead", "Michael Adeyemi", "Ashbourne Education Service", ["ashbourne"]),
]


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


@transaction.atomic
def create_demo_region() -> Region:
    region = Region.objects.create(name="Riverside Region", slug="riverside")
    boards = {
        b.slug: Board.objects.create(
            region=region,
            slug=b.slug,
            name=b.name,
            short_name=b.short_name,
            local_authority=b.local_authority,
            description=b.description,
            # on the board's public forms beside Childline; 01632 960 numbers are kept by
            # Ofcom for drama, so nobody real is rung
            help_line_name=f"{b.local_authority} children's services",
            help_line_phone=f"01632 960 {100 + BOARDS.index(b):03d}",
        )
        for b in BOARDS
    }
    agencies: dict[str, Agency] = {}
    for name, agency_type, served, statutory in AGENCIES:
        agency = Agency.objects.create(
            region=region,
            name=name,
            agency_type=agency_type,
            contact_email=demo_email("safeguarding." + name.split()[0].lower().strip("'s")),
        )
        agencies[name] = agency
        for slug in served:
            BoardAgency.objects.create(
                board=boards[slug], agency=agency, statutory_partner=statutory
            )

    password = make_password(DEMO_PASSWORD)  # hash once; every demo login shares it

    def person(local: str, name: str) -> User:
        user = User.objects.create(email=demo_email(local), full_name=name, password=password)
        return user

    admin = person("admin", "Priya Shah")
    RoleAssignment.objects.create(user=admin, role=Role.REGIONAL_ADMIN, region=region)
    for slug, names in BOARD_PEOPLE.items():
        for role, name in zip(BOARD_ROLE_ORDER, names, strict=True):
            user = person(f"{ROLE_EMAIL_PREFIX[role]}.{slug}", name)
            RoleAssignment.objects.create(user=user, role=role, region=region, board=boards[slug])
    for slug, name in BOARD_SCRUTINEERS.items():
        user = person(f"scrutineer.{slug}", name)
        RoleAssignment.objects.create(
            user=user, role=Role.SCRUTINEER, region=region, board=boards[slug]
        )
    for local, name, agency_name, lead_boards in AGENCY_LEADS:
        user = person(local, name)
        for slug in lead_boards:
            RoleAssignment.objects.create(
                user=user,
                role=Role.AGENCY_LEAD,
                region=region,
                board=boards[slug],
                agency=agencies[agency_name],
            )
    for user in User.objects.filter(role_assignments__role__in=TWO_FACTOR_ROLES).distinct():
        TOTPDevice.objects.create(
            user=user, name="Demo authenticator", key=DEMO_TOTP_KEY, confirmed=True
        )
    return region
