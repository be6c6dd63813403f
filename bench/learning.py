"""Benchmark: learning from reviews, the quarterly board pack and the annual report as a
board's history grows.

    .venv/bin/python bench/learning.py [--scale 1] [--scale 4] [--repeat 5]

Builds a throwaway test database (SQLite by default; PostgreSQL when DATABASE_URL is set) with
one board holding 15 × scale reviews of five recommendations each (two themes, two agencies,
an action per agency, a third of them signed off), a monitoring cycle, and as many child
deaths; then requests each page as the business manager and reports the number of queries
and the median time. Results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import datetime
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.test_settings")

import django  # noqa: E402

django.setup()

from common import run_benchmark, signed_in_client  # noqa: E402

WORDS = [
    *[
        "fathers",
        "significant",
        "males",
        "assessment",
        "information",
        "sharing",
        "GPs",
        "strategy",
        "discussions",
    ],
    *[
        "escalation",
        "neglect",
        "tool",
        "supervision",
        "drift",
        "voice",
        "lived",
        "experience",
        "domestic",
        "abuse",
    ],
    *[
        "schools",
        "notification",
        "safe",
        "sleep",
        "bruising",
        "immobile",
        "babies",
        "transition",
        "adult",
        "services",
    ],
    *[
        "thresholds",
        "referrals",
        "mental",
        "health",
        "parents",
        "exploitation",
        "county",
        "lines",
        "missed",
    ],
]


def build(scale: int) -> dict:
    from django.utils import timezone

    from scrutiny.actions.models import Action, ActionStatus
    from scrutiny.dataset.periods import financial_year_start
    from scrutiny.people.models import Role, RoleAssignment, User
    from scrutiny.reports.services import start_report
    from scrutiny.reviews.models import ChildDeath, MonitoringCycle, Recommendation, Review
    from scrutiny.reviews.services import add_recommendation_action
    from scrutiny.tenancy.models import Agency, Board, BoardAgency, Region

    rng = random.Random(7)  # noqa: S311 - repeatable made-up data, not security
    today = timezone.localdate()
    region = Region.objects.create(name="Bench Region", slug="bench")
    board = Board.objects.create(region=region, name="Bench Board", short_name="BB", slug="bb")
    agencies = Agency.objects.bulk_create(
        Agency(region=region, name=f"Agency {i:03d}", agency_type="police") for i in range(12)
    )
    BoardAgency.objects.bulk_create(BoardAgency(board=board, agency=a) for a in agencies)
    manager = User.objects.create_user(email="bm@bench.example", full_name="BM", password="x")
    RoleAssignment.objects.create(
        user=manager, role=Role.BUSINESS_MANAGER, region=region, board=board
    )
    themes = list(board.review_themes.all())
    for n in range(15 * scale):
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
            text = " ".join(rng.sample(WORDS, 12))
            rec = Recommendation.objects.create(review=review, number=number, text=text)
            rec.themes.set(rng.sample(themes, 2))
            chosen = rng.sample(agencies, 2)
            rec.agencies.set(chosen)
            for agency in chosen:
                add_recommendation_action(
                    rec,
                    board=board,
                    agency=agency,
                    lead_officer=manager,
                    title=f"Respond to {review.reference} recommendation {number}",
                    due_date=today + datetime.timedelta(days=rng.randint(-90, 180)),
                    created_by=manager,
                )
    actions = list(Action.objects.order_by("pk"))
    Action.objects.filter(pk__in=[a.pk for a in actions[::3]]).update(
        status=ActionStatus.COMPLETED, completed_at=timezone.now()
    )
    cycle = MonitoringCycle.objects.create(
        board=board, meeting_on=today + datetime.timedelta(days=20)
    )
    ChildDeath.objects.bulk_create(
        ChildDeath(
            board=board,
            reviewed_in=financial_year_start(today),
            category=rng.choice(["sudden", "perinatal", "trauma", "acute"]),
            age_band="1-4",
            expected=False,
            modifiable_factors=rng.random() < 0.4,
        )
        for _ in range(15 * scale)
    )
    year = financial_year_start(today)
    report = start_report(board, f"{year}-{(year + 1) % 100:02d}", manager)
    return {
        "client": signed_in_client(manager),
        "board": board,
        "cycle": cycle,
        "report": report,
        "counts": {
            "reviews": Review.objects.count(),
            "recommendations": Recommendation.objects.count(),
            "actions": len(actions),
        },
    }


def main() -> None:
    def pages(data: dict) -> list[tuple[str, str]]:
        b = data["board"].slug
        return [
            ("review register", f"/b/{b}/reviews/"),
            ("themes across reviews", f"/b/{b}/reviews/themes/"),
            ("recurring recommendations (TF-IDF)", f"/b/{b}/reviews/recurring/"),
            ("monitoring meeting pack", f"/b/{b}/reviews/monitoring/{data['cycle'].pk}/"),
            ("archive, searched", f"/b/{b}/reviews/archive/?q=fathers+assessment"),
            ("child deaths", f"/b/{b}/reviews/child-deaths/"),
            ("quarterly board pack", f"/b/{b}/board-pack/"),
            ("annual report preview (draft)", f"/b/{b}/reports/{data['report'].pk}/"),
        ]

    run_benchmark(
        option="--scale",
        defaults=[1, 4],
        build=build,
        describe=lambda scale, data, _: (
            f"scale {scale}: " + ", ".join(f"{v} {k}" for k, v in data["counts"].items())
        ),
        pages=pages,
    )


if __name__ == "__main__":
    main()
