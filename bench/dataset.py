"""Benchmark: the data-set page, an indicator page and a scorecard at national scale.

    .venv/bin/python bench/dataset.py [--boards 15] [--boards 150] [--repeat 5]

Builds a throwaway test database (SQLite, or PostgreSQL when DATABASE_URL is set) with one
region of N boards, a 40-indicator data set, ten years of quarterly values for every board
and indicator (150 boards: 240,000 values), targets, and a priority whose scorecard shows
eight indicators; then requests the pages as one board's business manager and reports the
queries and the median time. Results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import os
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.test_settings")

import django  # noqa: E402

django.setup()

from common import run_benchmark, signed_in_client  # noqa: E402

INDICATORS, YEARS = 40, 10


def build(boards_n: int) -> dict:
    import datetime

    from scrutiny.dataset.models import IndicatorValue, Target, ValueSource
    from scrutiny.dataset.periods import parse_period
    from scrutiny.library.models import FrameworkTemplate, IndicatorDefinition
    from scrutiny.people.models import Role, RoleAssignment, User
    from scrutiny.plan.models import Measure, Priority
    from scrutiny.tenancy.models import Board, Region

    region = Region.objects.create(name="Bench Region", slug="bench")
    boards = Board.objects.bulk_create(
        Board(region=region, name=f"Board {i}", short_name=f"B{i}", slug=f"b{i}")
        for i in range(boards_n)
    )
    # A bench-only version 2 of the data set with 40 quarterly indicators.
    template = FrameworkTemplate.objects.create(
        code="common-data-set",
        version=2,
        title="Bench data set",
        kind="indicators",
        source_file="bench",
        checksum="bench",
    )
    units = ["percent", "rate_per_10000", "count"]
    indicators = IndicatorDefinition.objects.bulk_create(
        IndicatorDefinition(
            template=template,
            code=f"ind-{n:02d}",
            name=f"Indicator {n}",
            stage="assessment",
            unit=units[n % 3],
            polarity="higher_is_better" if n % 2 else "lower_is_better",
            period="quarter",
            oba="how_well",
            numerator="n",
            denominator="" if units[n % 3] == "count" else "d",
            order=n,
        )
        for n in range(INDICATORS)
    )
    labels = [f"{2016 + y} Q{q}" for y in range(YEARS) for q in (1, 2, 3, 4)]
    ends = {label: parse_period(label, "quarter").end for label in labels}
    batch = []
    for b, board in enumerate(boards):
        for n, indicator in enumerate(indicators):
            for p, label in enumerate(labels):
                denominator = None if indicator.unit == "count" else Decimal(1000)
                batch.append(
                    IndicatorValue(
                        board=board,
                        indicator=indicator,
                        period_label=label,
                        period_end=ends[label],
                        numerator=Decimal(300 + (b * 7 + n * 3 + p) % 500),
                        denominator=denominator,
                        source=ValueSource.IMPORT,
                    )
                )
            if len(batch) >= 20_000:
                IndicatorValue.objects.bulk_create(batch)
                batch = []
    IndicatorValue.objects.bulk_create(batch)
    board = boards[0]
    Target.objects.bulk_create(
        Target(
            board=board,
            indicator=i,
            period_label=labels[-1],
            target=Decimal(50),
            tolerance=Decimal(5),
        )
        for i in indicators
    )
    priority = Priority.objects.create(
        board=board,
        title="Bench",
        start_date=datetime.date(2025, 4, 1),
        end_date=datetime.date(2026, 3, 31),
    )
    Measure.objects.bulk_create(
        Measure(priority=priority, category="how_well", description=i.name, indicator_code=i.code)
        for i in indicators[:8]
    )
    manager = User.objects.create_user(
        email="manager@bench.example", full_name="Manager", password="x"
    )
    RoleAssignment.objects.create(
        user=manager, role=Role.BUSINESS_MANAGER, region=region, board=board
    )
    client = signed_in_client(manager)
    return {
        "client": client,
        "board": board,
        "priority": priority,
        "values": IndicatorValue.objects.count(),
    }


def main() -> None:
    def pages(data: dict) -> list[tuple[str, str]]:
        slug = data["board"].slug
        return [
            ("data set, 40 indicators (board)", f"/b/{slug}/data/"),
            ("one indicator with the region", f"/b/{slug}/data/indicators/ind-01/"),
            ("scorecard, 8 indicators", f"/b/{slug}/data/scorecards/{data['priority'].pk}/"),
        ]

    run_benchmark(
        option="--boards",
        defaults=[15, 150],
        build=build,
        describe=lambda boards_n, data, seconds: (
            f"{boards_n} boards x {YEARS} years x 4 quarters x {INDICATORS} indicators: "
            f"{data['values']:,} values (built in {seconds:.0f} s)"
        ),
        pages=pages,
        width=40,
    )


if __name__ == "__main__":
    main()
