"""Benchmark: the annual report draft, the quarterly board pack and the regional report as a
region's data grows.

    .venv/bin/python bench/reports.py [--boards 15] [--boards 60] [--repeat 5]

Builds a throwaway test database (SQLite, or PostgreSQL when DATABASE_URL is set) with the
data set of bench/dataset.py (one region of N boards, 40 quarterly indicators, ten years of
values each, targets that turn some indicators red), then for one board 15 reviews of five
recommendations with an action per agency, 400 more actions, and a draft annual report; then
requests each page as the board's chair and reports the queries and the median time, with
the sign-in page's median (the floor) in the same run. Results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.test_settings")

import django  # noqa: E402

django.setup()

from common import run_benchmark, signed_in_client  # noqa: E402

YEARS = 10


def build_values(boards_n: int) -> dict:
    """One region of N boards with ten years of quarterly values for each of the library
    data set's quarterly indicators, and targets for one board that turn half of them red."""
    import datetime
    from decimal import Decimal

    from scrutiny.dataset.models import IndicatorValue, Target, ValueSource
    from scrutiny.dataset.periods import parse_period
    from scrutiny.library.data_set import current_data_set
    from scrutiny.tenancy.models import Board, Region

    region = Region.objects.create(name="Bench Region", slug="bench")
    boards = Board.objects.bulk_create(
        Board(region=region, name=f"Board {i:03d}", short_name=f"B{i}", slug=f"b{i}")
        for i in range(boards_n)
    )
    indicators = [i for i in current_data_set().indicators.all() if i.period == "quarter"]
    this_year = datetime.date.today().year
    labels = [f"{this_year - YEARS + y} Q{q}" for y in range(YEARS + 1) for q in (1, 2, 3, 4)]
    ends = {label: parse_period(label, "quarter").end for label in labels}
    labels = [label for label in labels if ends[label] <= datetime.date.today()]
    batch = []
    for b, board in enumerate(boards):
        for n, indicator in enumerate(indicators):
            for p, label in enumerate(labels):
                batch.append(
                    IndicatorValue(
                        board=board,
                        indicator=indicator,
                        period_label=label,
                        period_end=ends[label],
                        numerator=Decimal(300 + (b * 7 + n * 3 + p) % 500),
                        denominator=Decimal(1000) if indicator.denominator else None,
                        source=ValueSource.IMPORT,
                    )
                )
            if len(batch) >= 20_000:
                IndicatorValue.objects.bulk_create(batch)
                batch = []
    IndicatorValue.objects.bulk_create(batch)
    Target.objects.bulk_create(
        Target(
            board=boards[0],
            indicator=i,
            period_label=label,
            target=Decimal(10_000) if i.higher_is_better else Decimal(0),
            tolerance=Decimal(1),
        )
        for i in indicators[::2]
        for label in labels[-8:]
    )
    return {"board": boards[0], "values": IndicatorValue.objects.count()}


def build(boards_n: int) -> dict:
    import datetime
    import random

    from django.utils import timezone

    from scrutiny.actions.models import Action, ActionStatus
    from scrutiny.actions.services import create_action
    from scrutiny.dataset.periods import financial_year_start
    from scrutiny.findings.services import seed_themes
    from scrutiny.people.models import Role, RoleAssignment, User
    from scrutiny.reports.services import start_report
    from scrutiny.reviews.models import Recommendation, Review
    from scrutiny.reviews.services import add_recommendation_action
    from scrutiny.tenancy.models import Agency, BoardAgency

    data = build_values(boards_n)
    board = data["board"]
    region = board.region
    rng = random.Random(7)  # noqa: S311 - repeatable made-up data, not security
    today = timezone.localdate()
    chair = User.objects.create_user(email="chair@bench.example", full_name="Chair", password="x")
    RoleAssignment.objects.create(user=chair, role=Role.CHAIR, region=region, board=board)
    agencies = Agency.objects.bulk_create(
        Agency(region=region, name=f"Agency {i:03d}", agency_type="police") for i in range(12)
    )
    BoardAgency.objects.bulk_create(BoardAgency(board=board, agency=a) for a in agencies)
    seed_themes(board)
    themes = list(board.themes.all())
    for n in range(15):
        review = Review.objects.create(
            board=board,
            kind="cspr",
            reference=f"CSPR {n:04d}",
            title="A review",
            status="published",
            commissioned_on=today - datetime.timedelta(days=30 * n + 200),
            completed_on=today - datetime.timedelta(days=30 * n),
        )
        for number in range(1, 6):
            rec = Recommendation.objects.create(review=review, number=number, text="Recommend")
            rec.themes.set(rng.sample(themes, 2))
            for agency in rng.sample(agencies, 2):
                add_recommendation_action(
                    rec,
                    board=board,
                    agency=agency,
                    lead_officer=chair,
                    title=f"Respond to {review.reference} recommendation {number}",
                    due_date=today + datetime.timedelta(days=rng.randint(-200, 180)),
                    created_by=chair,
                )
    for n in range(400):
        action = create_action(
            board,
            title=f"Action {n}",
            description="",
            expected_impact="",
            agency=agencies[n % len(agencies)],
            owner=chair,
            due_date=today + datetime.timedelta(days=rng.randint(-300, 200)),
            created_by=chair,
        )
        if n % 3 == 0:
            Action.objects.filter(pk=action.pk).update(
                status=ActionStatus.COMPLETED, completed_at=timezone.now()
            )
    year = financial_year_start(today)
    report = start_report(board, f"{year}-{(year + 1) % 100:02d}", chair)
    from common import measure
    from django.test import Client

    return {
        **data,
        # The floor: the sign-in page, signed out, in the same run.
        "floor": measure(Client(), "/login/", 9)[1],
        "client": cold_when_asked(signed_in_client(chair)),
        "report": report,
        "actions": Action.objects.count(),
    }


def cold_when_asked(client):
    """The client, changed so that a path with `cold=1` is requested with the cache cleared:
    the draft's figures gathered and its charts drawn, as after a change in the region."""
    from django.core.cache import cache
    from django.test import Client

    class Cold(Client):
        def get(self, path, *args, **kwargs):
            if "cold=1" in path:
                cache.clear()
            return super().get(path, *args, **kwargs)

    client.__class__ = Cold
    return client


def main() -> None:
    def pages(data: dict) -> list[tuple[str, str]]:
        b = data["board"].slug
        return [
            ("annual report draft", f"/b/{b}/reports/{data['report'].pk}/"),
            ("annual report draft, nothing cached", f"/b/{b}/reports/{data['report'].pk}/?cold=1"),
            ("quarterly board pack", f"/b/{b}/board-pack/"),
            ("regional report", f"/b/{b}/regional-report/"),
        ]

    run_benchmark(
        option="--boards",
        defaults=[15, 60],
        build=build,
        describe=lambda boards_n, data, seconds: (
            f"{boards_n} boards, {data['values']:,} indicator values, "
            f"{data['actions']:,} actions (built in {seconds:.0f} s); "
            f"sign-in page (the floor) {data['floor']:.1f} ms"
        ),
        pages=pages,
        width=40,
    )


if __name__ == "__main__":
    main()
