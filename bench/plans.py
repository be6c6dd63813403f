"""Query plans: does any page read a whole national table rather than the board's rows?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/plans.py \
        [--scale 30]

PostgreSQL only. Builds `bench/pages.py`'s data at the given scale (30: 150 boards, 900
agencies, 22,500 returns, 67,500 requests), analyses the tables, requests each page as one
board's business manager, and asks PostgreSQL to EXPLAIN every query the page ran. It prints,
for each page, each sequential scan of a table holding more than 5,000 rows: a scan in
proportion to the nation, where an index on the board's rows should be used, and how long the
query took (EXPLAIN ANALYZE). Results are in
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.test_settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from pages import build  # noqa: E402

BIG = 5_000  # rows: a table this large is read through an index, never whole


def scans(plan: dict) -> list[tuple[str, float]]:
    """(table, rows the planner expects to read) of each sequential scan in a plan."""
    found = []
    if plan.get("Node Type") == "Seq Scan":
        found.append((plan["Relation Name"], plan.get("Plan Rows", 0)))
    for child in plan.get("Plans", []):
        found.extend(scans(child))
    return found


def explain(client, path: str) -> list[str]:
    captured: list[tuple[str, tuple]] = []

    def capture(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("SELECT") and not many:
            captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        assert client.get(path).status_code == 200, path
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'")
        sizes = dict(cursor.fetchall())
        problems = []
        for sql, params in captured:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            ms = plan[0]["Execution Time"]
            for table, _ in scans(plan[0]["Plan"]):
                if sizes.get(table, 0) > BIG:
                    problems.append(
                        f"seq scan of {table} ({sizes[table]:.0f} rows), query {ms:.1f} ms: "
                        f"{sql[:100]}"
                    )
    return problems


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=30)
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "query plans are PostgreSQL's"
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        data = build(args.scale)
        print(", ".join(f"{v} {k}" for k, v in data["counts"].items()))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        board = data["board"].slug
        for label, path in [
            ("returns, default", f"/b/{board}/returns/"),
            ("returns, all periods", f"/b/{board}/returns/?period=all"),
            ("returns, overdue", f"/b/{board}/returns/?show=overdue"),
            ("Section 11 comparison", f"/b/{board}/returns/section-11/"),
            ("action tracker", f"/b/{board}/actions/"),
            ("action tracker, overdue", f"/b/{board}/actions/?overdue=yes"),
            ("findings", f"/b/{board}/findings/"),
            ("board pack", f"/b/{board}/board-pack/"),
        ]:
            problems = explain(data["client"], path)
            print(f"\n{label}: {len(problems)} scan(s) of a national table")
            for problem in problems:
                print("  " + problem)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
