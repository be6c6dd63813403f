"""Benchmark: the returns, comparison, action-tracker and audit-log pages as data grows.

    .venv/bin/python bench/pages.py [--scale 1] [--scale 4] [--repeat 5]

Builds a throwaway test database (SQLite by default; PostgreSQL when DATABASE_URL is set),
fills one region with boards, agencies, years of Section 11 returns with answers, quarterly
reports and actions, then requests each page as the business manager of one board and
reports the number of queries and the median time. Results are recorded in
docs/benchmarks.md.
"""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.test_settings")

import django  # noqa: E402

django.setup()

from common import run_benchmark, signed_in_client  # noqa: E402


def build(scale: int) -> dict:
    from scrutiny.actions.models import Action
    from scrutiny.library.models import FrameworkTemplate, ScaleLevel, TemplateQuestion
    from scrutiny.people.models import Role, RoleAssignment, User
    from scrutiny.questionnaires.models import Answer, Response
    from scrutiny.returns.models import AgencyReturn, ReturnRequest, ReturnStatus
    from scrutiny.tenancy.models import Agency, Board, BoardAgency, Region

    boards_n, agencies_n, years = 5 * scale, 30 * scale, 5
    region = Region.objects.create(name="Bench Region", slug="bench")
    boards = Board.objects.bulk_create(
        Board(region=region, name=f"Board {i}", short_name=f"B{i}", slug=f"b{i}")
        for i in range(boards_n)
    )
    agencies = Agency.objects.bulk_create(
        Agency(region=region, name=f"Agency {i:04d}", agency_type="police")
        for i in range(agencies_n)
    )
    # every agency serves three boards
    BoardAgency.objects.bulk_create(
        BoardAgency(board=boards[(i + k) % boards_n], agency=a)
        for i, a in enumerate(agencies)
        for k in range(3)
    )
    s11 = FrameworkTemplate.objects.get(code="section-11-audit", owner_board=None)
    quarterly = FrameworkTemplate.objects.get(code="quarterly-agency-report", owner_board=None)
    questions = list(TemplateQuestion.objects.filter(section__template=s11))
    levels = list(ScaleLevel.objects.filter(scale__template=s11).order_by("rank"))
    now = datetime.datetime.now(datetime.UTC)

    specs = []
    for y in range(years):
        label = f"{2020 + y}-{21 + y}"
        for a in agencies:
            specs.append(
                (s11, a, label, datetime.date(2020 + y, 4, 1), datetime.date(2021 + y, 3, 31))
            )
        for q in range(4):
            for a in agencies:
                start = datetime.date(2020 + y, 1 + 3 * q, 1)
                specs.append(
                    (
                        quarterly,
                        a,
                        f"{2020 + y} Q{q + 1}",
                        start,
                        start + datetime.timedelta(days=89),
                    )
                )
    responses = Response.objects.bulk_create(Response(template=t) for t, *_ in specs)
    returns = AgencyReturn.objects.bulk_create(
        AgencyReturn(
            template=t,
            agency=a,
            period_label=label,
            period_start=start,
            period_end=end,
            response=r,
            status=ReturnStatus.SUBMITTED,
            first_submitted_at=now,
            submitted_at=now,
        )
        for (t, a, label, start, end), r in zip(specs, responses, strict=True)
    )
    served = {}
    for m in BoardAgency.objects.all():
        served.setdefault(m.agency_id, []).append(m.board_id)
    ReturnRequest.objects.bulk_create(
        ReturnRequest(
            board_id=b, agency_return=r, due_date=r.period_end + datetime.timedelta(days=60)
        )
        for r in returns
        for b in served[r.agency_id]
    )
    Answer.objects.bulk_create(
        Answer(
            response=r.response,
            question=q,
            level=levels[(i + j) % len(levels)],
            text="Evidence held",
        )
        for i, r in enumerate(returns)
        if r.template_id == s11.pk
        for j, q in enumerate(questions)
    )
    actions = Action.objects.bulk_create(
        Action(
            region=region,
            agency=agencies[i % agencies_n],
            title=f"Action {i}",
            due_date=datetime.date(2026, 1, 1),
            source="agency_return",
        )
        for i in range(100 * scale)
    )
    Action.boards.through.objects.bulk_create(
        Action.boards.through(action_id=a.pk, board_id=boards[i % boards_n].pk)
        for i, a in enumerate(actions)
    )
    manager = User.objects.create_user(
        email="manager@bench.example", full_name="Manager", password="x"
    )
    RoleAssignment.objects.create(
        user=manager, role=Role.BUSINESS_MANAGER, region=region, board=boards[0]
    )
    RoleAssignment.objects.create(user=manager, role=Role.REGIONAL_ADMIN, region=region)
    client = signed_in_client(manager)
    return {
        "client": client,
        "board": boards[0],
        "counts": {
            "boards": boards_n,
            "agencies": agencies_n,
            "returns": len(returns),
            "requests": ReturnRequest.objects.count(),
            "answers": Answer.objects.count(),
            "actions": len(actions),
        },
    }


def main() -> None:
    def pages(data: dict) -> list[tuple[str, str]]:
        board = data["board"].slug
        return [
            ("returns and completeness, all periods (board)", f"/b/{board}/returns/?period=all"),
            ("Section 11 comparison (board)", f"/b/{board}/returns/section-11/"),
            ("Section 11 comparison (region)", "/r/bench/section-11/"),
            ("action tracker (board)", f"/b/{board}/actions/"),
            ("audit log (board)", f"/b/{board}/audit-log/"),
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
