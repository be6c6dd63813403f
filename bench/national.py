"""Benchmark: every main page of one board, for each role, at demo and national scale,
served by gunicorn on PostgreSQL and timed against the sign-in page in the same run.

    .venv/bin/python bench/national.py [--size demo] [--size national] [--reuse] [--repeat 20]

For each size, a PostgreSQL database of its own (DATABASE_URL's name, with `_demo` added for
the demo size; dropped and created again unless --reuse finds it built) is migrated and
given the demo region (scrutiny.demo). At national size the builder adds, with bulk_create,
eight more regions to make 150 boards in 9, their agencies, and the national volumes:
~240,000 indicator values, ~60,000 Section 11 answers, ~22,000 actions, ~2,000 meetings,
~4,800 review recommendations and 10,000 regional-library documents of realistic length.

Then, for each role of the demo board Ashbourne (business manager, chair, QA member, viewer,
agency lead, regional admin), each page the role reaches is

- counted in-process (django.test.Client and connection.execute_wrapper): its queries;
- timed over plain HTTP against `gunicorn scrutiny.wsgi -w 2` on the same database, signed
  in with a stored session cookie: N requests after warm-up, taken in N rounds over every
  page and role (so a burst of noise falls on one request of many pages, not all of one
  page's), p50 and p95, and the ratio of each to the p50 of the sign-in page /login/,
  sampled in every round of the same run.

It prints one markdown table (results are recorded in docs/benchmarks.md). With two sizes the
table has the queries at both, to show they do not grow with the data.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_national"
# The served pages' cache and sessions (the tests use databases 2 and 5).
BENCH_REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.test_settings")
if __name__ == "__main__":
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)

import django  # noqa: E402

django.setup()

from common import count_queries, percentile, session_cookie, signed_in_client  # noqa: E402

# --- the data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """What the builder adds to the demo region (national totals include the demo's own)."""

    regions: int  # more regions, beside the demo's
    boards: int  # boards in all, the demo's four included
    indicator_values: int
    answers: int
    actions: int
    meetings: int
    recommendations: int
    resources: int


SCALES = {
    "demo": None,  # the demo region as `python -m scrutiny demo` makes it
    "national": Scale(
        regions=8,
        boards=150,
        indicator_values=240_000,
        answers=60_000,
        actions=22_000,
        meetings=2_000,
        recommendations=4_800,
        resources=10_000,
    ),
    # for the test that keeps the builder working (tests/test_bench.py)
    "tiny": Scale(
        regions=2,
        boards=8,
        indicator_values=400,
        answers=200,
        actions=40,
        meetings=16,
        recommendations=32,
        resources=20,
    ),
}

VOCABULARY = [
    "safeguarding",
    "partnership",
    "children",
    "families",
    "neglect",
    "assessment",
    "referral",
    "threshold",
    "multi-agency",
    "escalation",
    "supervision",
    "early",
    "help",
    "domestic",
    "abuse",
    "exploitation",
    "county",
    "lines",
    "missing",
    "education",
    "health",
    "visiting",
    "school",
    "nurse",
    "police",
    "probation",
    "youth",
    "justice",
    "housing",
    "mental",
    "health",
    "substance",
    "misuse",
    "fathers",
    "significant",
    "males",
    "information",
    "sharing",
    "strategy",
    "discussion",
    "child",
    "protection",
    "conference",
    "core",
    "group",
    "plan",
    "review",
    "voice",
    "of",
    "the",
    "child",
    "lived",
    "experience",
    "professional",
    "curiosity",
    "disguised",
    "compliance",
    "neurodiversity",
    "transitions",
    "adolescents",
    "contextual",
    "safeguarding",
    "practice",
    "guidance",
    "toolkit",
    "audit",
    "learning",
    "briefing",
    "rapid",
    "review",
    "local",
    "review",
    "thematic",
    "findings",
    "recommendations",
    "assurance",
    "scrutiny",
]  # noqa: SIM905 - a paragraph of words reads better than a list
TITLES = [
    "Neglect toolkit",
    "Seven-minute briefing",
    "Escalation policy",
    "Practice guidance",
    "Audit tool",
    "Learning review summary",
    "Training pack",
    "Threshold document",
    "Information-sharing protocol",
    "Case study",
]


def _pick(*parts: object) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


def _text(rng: random.Random, words: int) -> str:
    sentences, left = [], words
    while left > 0:
        n = min(left, rng.randint(8, 22))
        sentence = " ".join(rng.choice(VOCABULARY) for _ in range(n))
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
        left -= n
    paragraphs = [" ".join(sentences[i : i + 6]) for i in range(0, len(sentences), 6)]
    return "\n\n".join(paragraphs)


def _batched(model, rows, size: int = 5_000) -> list:
    created, batch = [], []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            created += model.objects.bulk_create(batch)
            batch = []
    if batch:
        created += model.objects.bulk_create(batch)
    return created


def build_national(scale: Scale) -> dict[str, int]:
    """Add `scale.regions` regions and the national volumes around whatever regions exist
    (the demo region, normally). Bulk inserts only; returns the counts built."""
    from django.db import transaction

    with transaction.atomic():
        return _build(scale)


def _build(scale: Scale) -> dict[str, int]:
    from django.utils import timezone

    from scrutiny.actions.models import Action, ActionSource, ActionStatus
    from scrutiny.dataset.board_data import current_data_set
    from scrutiny.dataset.models import IndicatorValue, ValueSource
    from scrutiny.dataset.periods import financial_year_start, parse_period
    from scrutiny.findings.models import Theme
    from scrutiny.findings.services import library_themes, seed_themes
    from scrutiny.governance.models import AgendaItem, Group, Meeting
    from scrutiny.library.models import (
        FrameworkTemplate,
        IndicatorUnit,
        ReportingPeriod,
        ScaleLevel,
        TemplateQuestion,
    )
    from scrutiny.questionnaires.models import Answer, Response
    from scrutiny.regional.models import Resource, ResourceStatus
    from scrutiny.returns.models import AgencyReturn, ReturnRequest, ReturnStatus
    from scrutiny.reviews.models import Recommendation, Review
    from scrutiny.tenancy.models import Agency, AgencyType, Board, BoardAgency, Region

    rng = random.Random(19)  # noqa: S311 - repeatable made-up data, not security
    today = timezone.localdate()
    now = timezone.now()

    # Regions, boards and agencies: each new agency serves three neighbouring boards.
    existing_boards = Board.objects.count()
    new_boards = max(scale.boards - existing_boards, scale.regions)
    regions = Region.objects.bulk_create(
        Region(name=f"Bench Region {r + 1}", slug=f"bench-{r + 1}") for r in range(scale.regions)
    )
    boards_in = [
        new_boards // scale.regions + (r < new_boards % scale.regions) for r in range(scale.regions)
    ]
    types = [t for t in AgencyType if t != AgencyType.CHILDRENS_SOCIAL_CARE]
    boards, agencies, links = [], [], []
    for region, count in zip(regions, boards_in, strict=True):
        region_boards = Board.objects.bulk_create(
            Board(
                region=region,
                name=f"{region.name} Partnership {b + 1}",
                short_name=f"R{region.pk}B{b + 1}",
                slug=f"{region.slug}-b{b + 1}",
            )
            for b in range(count)
        )
        region_agencies = Agency.objects.bulk_create(
            Agency(
                region=region,
                name=f"{region.name} agency {a + 1:03d}",
                agency_type=AgencyType.CHILDRENS_SOCIAL_CARE
                if a < count
                else types[a % len(types)],
            )
            for a in range(4 * count)
        )
        for a, agency in enumerate(region_agencies):
            for k in range(3):
                links.append(
                    BoardAgency(
                        board=region_boards[(a + k) % count],
                        agency=agency,
                        statutory_partner=a < count,
                    )
                )
        boards += region_boards
        agencies += region_agencies
    BoardAgency.objects.bulk_create(links, ignore_conflicts=True)
    for board in boards:
        seed_themes(board)
    all_boards = list(Board.objects.order_by("pk"))
    served: dict[int, list[int]] = {}
    board_agencies: dict[int, list[int]] = {}
    for link in BoardAgency.objects.values("board_id", "agency_id"):
        served.setdefault(link["agency_id"], []).append(link["board_id"])
        board_agencies.setdefault(link["board_id"], []).append(link["agency_id"])

    # Indicator values: every board, the current data set, periods going back from the
    # latest (skipping any the demo already holds) until the national total is reached.
    data_set = current_data_set()
    indicators = list(data_set.indicators.all()) if data_set else []
    values = 0
    if indicators:
        have = set(
            IndicatorValue.with_areas.values_list("board_id", "indicator_id", "period_label")
        )
        quarterly = [i for i in indicators if i.period == ReportingPeriod.QUARTER]
        yearly = [i for i in indicators if i.period != ReportingPeriod.QUARTER]
        per_board = scale.indicator_values / len(all_boards)
        # q quarters and q/4 years: len(quarterly)*q + len(yearly)*q/4 = per_board
        q = max(1, round(per_board / (len(quarterly) + len(yearly) / 4 or 1)))
        fy = financial_year_start(today) - 1
        quarters = [
            f"{y} Q{n}" for y in range(today.year - (q // 4) - 2, today.year) for n in (1, 2, 3, 4)
        ][-q:]
        years = [f"{y}-{(y + 1) % 100:02d}" for y in range(fy - max(1, q // 4) + 1, fy + 1)]
        ends = {}

        def rows():
            for board in all_boards:
                children = Decimal(20_000 + _pick(board.pk) % 100_000)
                for indicator in indicators:
                    labels = quarters if indicator in quarterly else years
                    kind = (
                        ReportingPeriod.QUARTER if indicator in quarterly else ReportingPeriod.YEAR
                    )
                    for n, label in enumerate(labels):
                        if (board.pk, indicator.pk, label) in have:
                            continue
                        if label not in ends:
                            ends[label] = parse_period(label, kind).end
                        share = Decimal(20 + (_pick(board.pk, indicator.pk) + n * 7) % 60)
                        if indicator.unit == IndicatorUnit.COUNT:
                            numerator, denominator = (children * share / 10_000).quantize(1), None
                        else:
                            denominator = (children / 100).quantize(1)
                            numerator = (denominator * share / 100).quantize(1)
                        yield IndicatorValue(
                            board=board,
                            indicator=indicator,
                            period_label=label,
                            period_end=ends[label],
                            numerator=numerator,
                            denominator=denominator,
                            source=ValueSource.IMPORT,
                        )

        values = len(_batched(IndicatorValue, rows()))

    # Section 11 returns with every question answered, for earlier years than the demo's.
    s11 = FrameworkTemplate.objects.get(code="section-11-audit", owner_board__isnull=True)
    questions = list(TemplateQuestion.objects.filter(section__template=s11))
    levels = list(ScaleLevel.objects.filter(scale__template=s11).order_by("rank"))
    all_agencies = list(Agency.objects.filter(pk__in=served).order_by("pk"))
    answers_wanted = scale.answers
    specs = []
    year = financial_year_start(today) - 2
    while len(specs) * len(questions) < answers_wanted:
        for agency in all_agencies:
            if len(specs) * len(questions) >= answers_wanted:
                break
            specs.append((agency, year))
        year -= 1
    responses = _batched(Response, (Response(template=s11) for _ in specs))
    returns = _batched(
        AgencyReturn,
        (
            AgencyReturn(
                template=s11,
                agency=agency,
                period_label=f"{y}-{(y + 1) % 100:02d}",
                period_start=datetime.date(y, 4, 1),
                period_end=datetime.date(y + 1, 3, 31),
                response=response,
                status=ReturnStatus.SUBMITTED,
                first_submitted_at=now,
                submitted_at=now,
            )
            for (agency, y), response in zip(specs, responses, strict=True)
        ),
    )
    _batched(
        ReturnRequest,
        (
            ReturnRequest(
                board_id=b,
                agency_return=r,
                due_date=r.period_end + datetime.timedelta(days=60),
                accepted_at=now,
            )
            for r in returns
            for b in served[r.agency_id]
        ),
    )
    answers = len(
        _batched(
            Answer,
            (
                Answer(
                    response_id=r.response_id,
                    question=q,
                    level=levels[_pick(r.pk, q.pk) % len(levels)] if levels else None,
                    text="Evidence held: " + " ".join(rng.choice(VOCABULARY) for _ in range(12)),
                )
                for r in returns
                for q in questions
            ),
        )
    )

    # Actions: an even share for every board, from its own agencies, some overdue.
    statuses = [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.COMPLETED]
    per_board = scale.actions // len(all_boards)
    action_specs = [(board, n) for board in all_boards for n in range(per_board)]
    actions = _batched(
        Action,
        (
            Action(
                region_id=board.region_id,
                agency_id=board_agencies[board.pk][n % len(board_agencies[board.pk])]
                if board.pk in board_agencies
                else None,
                title=f"Improve {rng.choice(VOCABULARY)} {rng.choice(VOCABULARY)} ({n + 1})",
                description=_text(rng, 30),
                due_date=today + datetime.timedelta(days=(_pick(board.pk, n) % 540) - 360),
                status=statuses[n % 3],
                completed_at=now if statuses[n % 3] == ActionStatus.COMPLETED else None,
                source=ActionSource.OTHER,
                source_label="Bench",
            )
            for board, n in action_specs
        ),
    )
    _batched(
        Action.boards.through,
        (
            Action.boards.through(action_id=a.pk, board_id=board.pk)
            for a, (board, _) in zip(actions, action_specs, strict=True)
        ),
    )

    # Meetings of each board's main group, every month or two going back, with an agenda.
    groups = {g.board_id: g for g in Group.objects.filter(is_main_board=True)}
    missing = [b for b in all_boards if b.pk not in groups]
    for g in Group.objects.bulk_create(
        Group(board=b, name="Safeguarding Children Partnership", is_main_board=True)
        for b in missing
    ):
        groups[g.board_id] = g
    per_board = scale.meetings // len(all_boards)
    meetings = _batched(
        Meeting,
        (
            Meeting(
                group=groups[board.pk],
                held_on=today - datetime.timedelta(days=400 + 45 * n),
                location="Online",
                minutes=_text(rng, 120),
            )
            for board in all_boards
            for n in range(per_board)
        ),
    )
    _batched(
        AgendaItem,
        (
            AgendaItem(meeting=m, order=k + 1, title=title)
            for m in meetings
            for k, title in enumerate(["Minutes and actions", "Data report", "Learning"])
        ),
    )

    # Reviews of four recommendations each, two themes and one agency per recommendation.
    per_board = max(1, scale.recommendations // len(all_boards) // 4)
    reviews = _batched(
        Review,
        (
            Review(
                board=board,
                kind="cspr",
                reference=f"Bench {n + 1:03d}",
                title="A review",
                status="published",
                commissioned_on=today - datetime.timedelta(days=500 + 90 * n),
                completed_on=today - datetime.timedelta(days=300 + 90 * n),
            )
            for board in all_boards
            for n in range(per_board)
        ),
    )
    recs = _batched(
        Recommendation,
        (
            Recommendation(review=review, number=100 + k, text=_text(rng, 40))
            for review in reviews
            for k in range(4)
        ),
    )
    themes: dict[int, list[int]] = {}
    for t in Theme.objects.filter(retired=False).values("board_id", "pk"):
        themes.setdefault(t["board_id"], []).append(t["pk"])
    board_of = {r.pk: r.board_id for r in reviews}
    _batched(
        Recommendation.themes.through,
        (
            Recommendation.themes.through(recommendation_id=rec.pk, theme_id=t)
            for rec in recs
            for t in rng.sample(themes.get(board_of[rec.review_id], []), 2)
            if len(themes.get(board_of[rec.review_id], [])) >= 2
        ),
    )
    _batched(
        Recommendation.agencies.through,
        (
            Recommendation.agencies.through(
                recommendation_id=rec.pk,
                agency_id=rng.choice(board_agencies[board_of[rec.review_id]]),
            )
            for rec in recs
            if board_of[rec.review_id] in board_agencies
        ),
    )

    # The regional libraries: published documents of 300 to 1,500 words.
    theme_codes = [code for code, _ in library_themes()]
    all_regions = list(Region.objects.order_by("pk"))
    boards_of_region: dict[int, list[Board]] = {}
    for board in all_boards:
        boards_of_region.setdefault(board.region_id, []).append(board)
    have_resources = Resource.objects.count()
    wanted = max(0, scale.resources - have_resources)
    resources = _batched(
        Resource,
        (
            Resource(
                region=region,
                contributed_by_board=rng.choice(boards_of_region[region.pk]),
                title=f"{rng.choice(TITLES)}: {rng.choice(VOCABULARY)} {n + 1}",
                description=_text(rng, 40),
                extracted_text=_text(rng, rng.randint(300, 1_500)),
                themes=rng.sample(theme_codes, 2) if len(theme_codes) >= 2 else [],
                status=ResourceStatus.PUBLISHED,
                curated_at=now,
            )
            for n in range(wanted)
            for region in [all_regions[n % len(all_regions)]]
            if region.pk in boards_of_region
        ),
        size=1_000,
    )
    return {
        "regions": Region.objects.count(),
        "boards": len(all_boards),
        "agencies": Agency.objects.count(),
        "indicator values added": values,
        "return answers added": answers,
        "actions added": len(actions),
        "meetings added": len(meetings),
        "recommendations added": len(recs),
        "library documents added": len(resources),
    }


def totals() -> dict[str, int]:
    from scrutiny.actions.models import Action
    from scrutiny.dataset.models import IndicatorValue
    from scrutiny.governance.models import Meeting
    from scrutiny.questionnaires.models import Answer
    from scrutiny.regional.models import Resource
    from scrutiny.reviews.models import Recommendation
    from scrutiny.tenancy.models import Board, Region

    return {
        "regions": Region.objects.count(),
        "boards": Board.objects.count(),
        "indicator values": IndicatorValue.with_areas.count(),
        "answers": Answer.objects.count(),
        "actions": Action.objects.count(),
        "meetings": Meeting.objects.count(),
        "recommendations": Recommendation.objects.count(),
        "library documents": Resource.objects.count(),
    }


# --- the databases ----------------------------------------------------------------------------


def _admin_connection(url_name: str):
    import psycopg
    from django.db import connection

    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        user=s["USER"] or "postgres",
        password=s["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def database_exists(name: str) -> bool:
    with _admin_connection(name) as admin:
        return bool(
            admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        )


def use_database(name: str) -> None:
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name


def build_database(name: str, size: str) -> None:
    from django.core.management import call_command

    use_database("postgres")
    with _admin_connection(name) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    use_database(name)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)  # loads the shipped library too
    call_command("demo", verbosity=0)
    print(f"- {name}: migrated and the demo region built in {time.perf_counter() - started:.0f} s")
    scale = SCALES[size]
    if scale is not None:
        started = time.perf_counter()
        counts = build_national(scale)
        print(
            f"- {name}: national data built in {time.perf_counter() - started:.0f} s ("
            + ", ".join(f"{v:,} {k}" for k, v in counts.items())
            + ")"
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- the pages --------------------------------------------------------------------------------

BOARD = "ashbourne"
REGION = "riverside"
ROLES = [
    ("business manager", "manager.ashbourne"),
    ("chair", "chair.ashbourne"),
    ("QA member", "qa.ashbourne"),
    ("viewer", "viewer.ashbourne"),
    ("agency lead", "police.lead"),
    ("regional admin", "admin"),
]


def pages() -> list[tuple[str, str]]:
    """(label, path) of the main pages of the demo board, and its region's."""
    from django.urls import reverse

    from scrutiny.dataset.board_data import current_data_set
    from scrutiny.reports.models import AnnualReport

    b = [BOARD]
    draft = AnnualReport.objects.filter(board__slug=BOARD, status="draft").order_by("-year").first()
    data_set = current_data_set()
    indicator = data_set.indicators.order_by("order").first() if data_set else None
    found = [
        ("board home", reverse("core:board_home", args=b)),
        ("my work", reverse("core:my_work")),
        ("action tracker", reverse("actions:tracker", args=b)),
        ("returns, all periods", reverse("returns:list", args=b) + "?period=all"),
        ("Section 11 comparison", reverse("returns:section_11", args=b)),
        ("data set", reverse("dataset:data_set", args=b)),
        ("data completeness", reverse("dataset:completeness", args=b)),
        ("library search", reverse("regional:library", args=b) + "?q=neglect+toolkit"),
        ("meetings", reverse("governance:meetings", args=b)),
        ("governance compliance", reverse("governance:compliance", args=b)),
        ("board pack", reverse("reports:board_pack", args=b)),
        ("annual reports", reverse("reports:list", args=b)),
        ("regional report (board)", reverse("regional:board_report", args=b)),
        ("regional report (region)", reverse("regional:region_report", args=[REGION])),
        ("findings", reverse("findings:list", args=b)),
        ("reviews register", reverse("reviews:register", args=b)),
        ("review themes", reverse("reviews:themes", args=b)),
        ("clocks", reverse("incidents:clocks", args=b)),
        ("incidents register", reverse("incidents:register", args=b)),
        ("plan", reverse("plan:plan", args=b)),
        ("risks", reverse("plan:risks", args=b)),
        ("challenges", reverse("challenges:list", args=b)),
        ("audit programme", reverse("audits:programme", args=b)),
        ("training", reverse("training:home", args=b)),
        ("voice register", reverse("voice:register", args=b)),
        ("self-assessments", reverse("selfassessment:list", args=b)),
        ("inspections", reverse("inspections:list", args=b)),
        ("people", reverse("people:board_people", args=b)),
        ("agencies", reverse("tenancy:board_agencies", args=b)),
        ("audit log", reverse("audit:board_log", args=b)),
        ("region home", reverse("tenancy:region_home", args=[REGION])),
    ]
    if indicator is not None:
        found.insert(
            6, ("one indicator", reverse("dataset:indicator", args=[BOARD, indicator.code]))
        )
    if draft is not None:
        found.insert(12, ("annual report draft", reverse("reports:report", args=[BOARD, draft.pk])))
    return found


def query_counts(selected: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, int]]:
    """{(role, page label): (status, queries)} counted in-process."""
    from scrutiny.demo.region import demo_email
    from scrutiny.people.models import User

    counts = {}
    for role, local in ROLES:
        client = signed_in_client(User.objects.get(email=demo_email(local)))
        for label, path in selected:
            counts[role, label] = count_queries(client, path)
    return counts


class _Refuse(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a redirect is an answer, not followed
        return None


NO_REDIRECTS = urllib.request.build_opener(_Refuse)


WORKERS = 2  # gunicorn's workers, one per core of the machine the results were taken on


class Server:
    """gunicorn with two workers on `database`, the production settings, no TLS."""

    def __init__(self, database_url: str, port: int) -> None:
        from django.conf import settings

        self.port = port
        self.var = tempfile.mkdtemp(prefix="bench-national-")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "scrutiny.settings",
            "DATABASE_URL": database_url,
            # the in-process settings' key, so the sessions made here are valid there
            "SCRUTINY_SECRET_KEY": settings.SECRET_KEY,
            "SCRUTINY_VAR_DIR": self.var,
            "SCRUTINY_SECURE_COOKIES": "false",
            "SCRUTINY_SSL_REDIRECT": "false",
            "SCRUTINY_HSTS_SECONDS": "0",
            "SCRUTINY_JOBS_URL": "immediate",
            # as the README's production recipe: the cache, and so the sessions, in Redis
            "SCRUTINY_CACHE_URL": BENCH_REDIS.replace("redis://", "rediscache://"),
            "SCRUTINY_DEBUG": "false",
        }
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
            [
                str(gunicorn),
                "scrutiny.wsgi",
                "-w",
                str(WORKERS),
                "-b",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(Path(self.var) / "gunicorn.log", "w"),  # noqa: SIM115
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=60)  # noqa: S310
                return
            except OSError:  # refused while gunicorn starts, or a worker still loading Django
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"gunicorn did not start; see {self.var}/gunicorn.log")

    def get(self, path: str, cookie: str | None) -> tuple[int, float]:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}")  # noqa: S310
        if cookie:
            request.add_header("Cookie", cookie)
        start = time.perf_counter()
        try:
            with NO_REDIRECTS.open(request, timeout=120) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            error.read()
            status = error.code
        return status, (time.perf_counter() - start) * 1000

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def timings(
    server: Server,
    selected: list[tuple[str, str]],
    reached: dict,
    repeat: int,
    warmup: int,
    budget: float,
) -> tuple[list[float], dict[tuple[str, str], tuple[float, float, int]]]:
    """(the floor's samples, {(role, page): (p50, p95, samples)}) over HTTP. A page gets
    `repeat` timed requests, one per round over every page and role, or fewer (never under
    3) once they have taken `budget` seconds; every page is warmed for every role on every
    worker first."""
    from scrutiny.demo.region import demo_email
    from scrutiny.people.models import User

    floor: list[float] = []

    cookies = {}
    for role, local in ROLES:
        name, key = session_cookie(User.objects.get(email=demo_email(local)), BENCH_REDIS)
        cookies[role] = f"{name}={key}"
    # Every worker's first requests pay once-only costs (templates compiled, the board bar,
    # the database connection): each page is asked for by each role twice per worker before
    # anything is timed, so no worker meets a page cold while it is timed.
    for role, _ in ROLES:
        for label, path in selected:
            if reached.get((role, label), (0, 0))[0] == 200:
                for _ in range(2 * WORKERS):
                    server.get(path, cookies[role])
    # The timed requests go round every page and role in turn, `repeat` rounds, the floor
    # sampled in each round too: a burst of noise on the machine (autovacuum, another
    # process) then falls on one request of many pages, not on every request of one page.
    pending = [
        (role, label, path)
        for role, _ in ROLES
        for label, path in selected
        if reached.get((role, label), (0, 0))[0] == 200
    ]
    times: dict[tuple[str, str], list[float]] = {(role, label): [] for role, label, _ in pending}
    for _ in range(warmup):
        for role, _label, path in pending:
            server.get(path, cookies[role])
    for _ in range(repeat):
        floor.extend(server.get("/login/", None)[1] for _ in range(2))
        for role, label, path in pending:
            taken = times[role, label]
            if len(taken) >= 3 and sum(taken) >= budget * 1000:
                continue  # a slow page stops at its time budget, never under 3 requests
            status, ms = server.get(path, cookies[role])
            assert status == 200, (role, path, status)
            taken.append(ms)
    results = {}
    for (role, label), taken in times.items():
        p50, p95 = percentile(taken, 0.5), percentile(taken, 0.95)
        results[role, label] = (p50, p95, len(taken))
        print(
            f"  {role:17} {label:28} p50 {p50:8.0f} p95 {p95:8.0f} ms ({len(taken)})",
            file=sys.stderr,
        )
    return floor, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=["demo", "national"], action="append", dest="sizes")
    parser.add_argument("--reuse", action="store_true", help="keep a database built before")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument(
        "--budget", type=float, default=20, help="seconds of timed requests per page, at most"
    )
    parser.add_argument("--port", type=int, default=8719)
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument(
        "--counts-from", help="take the query counts from an earlier run's --json (same code)"
    )
    parser.add_argument("--before", help="an earlier run's --json file, for before and after")
    parser.add_argument("--page", action="append", help="only pages whose label has this")
    parser.add_argument("--role", action="append", help="only roles whose name has this")
    parser.add_argument(
        "--time",
        choices=["demo", "national", "none"],
        default=None,
        help="which size to time over HTTP (default: the largest)",
    )
    args = parser.parse_args()
    sizes = args.sizes or ["national"]
    sizes = [s for s in ("demo", "national") if s in sizes]
    timed = args.time or sizes[-1]

    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.DEBUG = False
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL database (the bench creates and drops it).")
    base = url.rsplit("/", 1)[1].split("?")[0]

    global ROLES
    if args.role:
        ROLES = [r for r in ROLES if any(w in r[0] for w in args.role)]

    counts: dict[str, dict] = {}
    data: dict[str, dict] = {}
    floor: list[float] = []
    times: dict = {}
    for size in sizes:
        name = base if size == "national" else f"{base}_demo"
        if args.reuse and database_exists(name):
            use_database(name)
            call_command("migrate", verbosity=0)  # a branch's new migrations, if any
            print(f"- {name}: reused")
        else:
            build_database(name, size)
        selected = pages()
        if args.page:
            selected = [p for p in selected if any(w in p[0] for w in args.page)]
        data[size] = totals()
        if args.counts_from:  # the same code's counts, from an earlier run of it
            earlier = json.loads(Path(args.counts_from).read_text())["rows"]
            counts[size] = {
                (r["role"], r["page"]): tuple(r["queries"].get(size, (404, 0))) for r in earlier
            }
        else:
            counts[size] = query_counts(selected)
        if size == timed:
            from django.db import connection

            connection.close()
            server = Server(url.rsplit("/", 1)[0] + "/" + name, args.port)
            try:
                floor, times = timings(
                    server, selected, counts[size], args.repeat, args.warmup, args.budget
                )
            finally:
                server.stop()
    result = {
        "sizes": sizes,
        "timed": timed,
        "data": data,
        "floor": floor,
        "repeat": args.repeat,
        "budget": args.budget,
        "rows": [
            {
                "role": role,
                "page": label,
                "queries": {s: counts[s].get((role, label), (404, 0)) for s in sizes},
                "times": times.get((role, label)),
            }
            for role, _ in ROLES
            for label, _path in selected
            if any(counts[s].get((role, label), (404, 0))[0] == 200 for s in sizes)
        ],
    }
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    before = json.loads(Path(args.before).read_text()) if args.before else None
    print_table(result, before)


def print_table(result: dict, before: dict | None = None) -> None:
    """The markdown table of one run's `result`, beside an earlier run's (`before`)."""
    sizes = result["sizes"]
    print()
    for size in sizes:
        print(f"- {size}: " + ", ".join(f"{v:,} {k}" for k, v in result["data"][size].items()))
    runs = [("before", before), ("after", result)] if before else [("", result)]
    floors = {}
    for name, run in runs:
        if run["floor"]:
            f50 = floors[name] = percentile(run["floor"], 0.5)
            print(
                f"- floor{' ' + name if name else ''}: /login/, p50 {f50:.1f} ms, "
                f"p95 {percentile(run['floor'], 0.95):.1f} ms ({len(run['floor'])} requests "
                f"through the run); {run['repeat']} timed requests per page at {run['timed']} "
                f"size (fewer, at least 3, past {run['budget']:.0f} s)"
            )
    print()
    head = ["role", "page"]
    for name, run in runs:
        head += [f"queries {name} ({s})".replace("  ", " ") for s in run["sizes"]]
        if name in floors:
            head += [
                f"{name} p50 ms".strip(),
                f"{name} p95 ms".strip(),
                f"{name} p95 ×floor".strip(),
            ]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * 2 + "---:|" * (len(head) - 2))
    over = []
    earlier = {(r["role"], r["page"]): r for r in before["rows"]} if before else {}
    for row in result["rows"]:
        cells = [row["role"], row["page"]]
        for name, run in runs:
            r = row if run is result else earlier.get((row["role"], row["page"]))
            for s in run["sizes"]:
                status, queries = r["queries"][s] if r else (0, 0)
                cells.append(str(queries) if status == 200 else str(status or ""))
            if name in floors:
                if r and r["times"]:
                    p50, p95 = r["times"][0], r["times"][1]
                    cells += [f"{p50:.1f}", f"{p95:.1f}", f"{p95 / floors[name]:.1f}"]
                    if run is result and p95 / floors[name] > 3:
                        over.append(f"{row['role']}: {row['page']} ({p95 / floors[name]:.1f}×)")
                else:
                    cells += ["", "", ""]
        print("| " + " | ".join(cells) + " |")
    if over:
        print("\nOver 3× the floor's p50 at p95: " + "; ".join(over))


if __name__ == "__main__":
    main()
