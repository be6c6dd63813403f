"""Benchmark: the regional library's search with thousands of documents of realistic length.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/library.py \
        [--documents 10000] [--repeat 5] [--no-before]

Builds a throwaway test database (PostgreSQL when DATABASE_URL is set; SQLite otherwise),
fills one region with N published resources, each a title, a description and a document's
text of about 1,200 words (4–5 pages: 7,000–9,000 characters) drawn from a safeguarding
vocabulary and filler words, and then, as one board's business manager, requests the sign-in
page (the floor) and the library: unfiltered, and searched for a rare word, a common word and
two words. It also times the search query alone both ways: the stored, indexed vector (now)
and the vector computed from the text of every row at query time (before). Results are in
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.test_settings")

import django  # noqa: E402

django.setup()

from common import measure, signed_in_client  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

TOPICS = (  # noqa: SIM905 (a sentence of words reads better than 60 strings)
    "neglect exploitation domestic abuse missing children contextual safeguarding "
    "supervision escalation threshold referral assessment strategy discussion section "
    "enquiry protection plan looked after care leavers early help audit learning review "
    "practice toolkit graded care profile disguised compliance professional curiosity "
    "voice of the child trauma informed transitions adolescents online harm county lines "
    "radicalisation fabricated induced illness bruising non mobile infants sleep safety"
).split()
FILLER = (  # noqa: SIM905
    "the a and of to in for with on by as is are was be this that from at or an which "
    "their partners agencies board should will have has been it not they we our all can "
    "work staff families information sharing meeting record policy procedure training "
    "evidence outcome quality improvement local area team service manager practitioner"
).split()
RARE = "fabricated"  # one topic word among 60: each document uses a few topics
COMMON = "practitioner"  # a filler word: in nearly every document


def document(rng: random.Random, words: int) -> str:
    topics = rng.sample(TOPICS, 6)
    return " ".join(
        rng.choice(topics) if rng.random() < 0.12 else rng.choice(FILLER) for _ in range(words)
    )


def build(documents: int) -> dict:
    from scrutiny.people.models import Role, RoleAssignment, User
    from scrutiny.regional.models import Resource, ResourceStatus
    from scrutiny.tenancy.models import Board, Region

    rng = random.Random(19)  # noqa: S311 (made-up text, repeatable)
    region = Region.objects.create(name="Bench Region", slug="bench")
    board = Board.objects.create(region=region, name="Board", short_name="B", slug="b0")
    batch = 500
    for start in range(0, documents, batch):
        Resource.objects.bulk_create(
            Resource(
                region=region,
                contributed_by_board=board,
                title=f"{' '.join(rng.sample(TOPICS, 3)).capitalize()} {n}",
                description=document(rng, 40),
                extracted_text=document(rng, rng.randint(1100, 1300)),
                themes=["neglect"],
                status=ResourceStatus.PUBLISHED,
            )
            for n in range(start, min(start + batch, documents))
        )
    manager = User.objects.create_user(
        email="manager@bench.example", full_name="Manager", password="x"
    )
    RoleAssignment.objects.create(
        user=manager, role=Role.BUSINESS_MANAGER, region=region, board=board
    )
    return {"client": signed_in_client(manager), "board": board, "documents": documents}


def query_times(repeat: int) -> list[tuple[str, float, float]]:
    """(query, ms with the stored vector, ms computing the vector per row): the first page of
    25 results and the count, as the library page reads them (the median of `repeat` runs;
    the computed vector, which takes tens of seconds, once)."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    from scrutiny.regional.library import search
    from scrutiny.regional.models import Resource

    if connection.vendor != "postgresql":
        return []

    def computed(query: str):
        vector = (
            SearchVector("title", weight="A", config="english")
            + SearchVector("description", weight="B", config="english")
            + SearchVector("extracted_text", weight="C", config="english")
        )
        q = SearchQuery(query, search_type="websearch", config="english")
        return (
            Resource.objects.annotate(document=vector, rank=SearchRank(vector, q))
            .filter(document=q)
            .order_by("-rank", "title")
        )

    def timed(make, repeat: int = repeat) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            queryset = make()
            queryset.count()
            list(queryset[:25])
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1000

    rows = []
    for query in (RARE, COMMON, "graded care"):
        stored = timed(lambda q=query: search(Resource.objects.all(), q))
        before = timed(lambda q=query: computed(q), 1)  # tens of seconds: timed once
        rows.append((query, stored, before))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, action="append", dest="sizes")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-before", action="store_true", help="skip the slow old query")
    args = parser.parse_args()
    setup_test_environment()
    settings.DEBUG = False
    print(f"database: {connection.vendor}")
    for documents in args.sizes or [10_000]:
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            started = time.perf_counter()
            data = build(documents)
            print(f"\n{documents} documents (built in {time.perf_counter() - started:.0f} s)")
            for q, now, old in [] if args.no_before else query_times(args.repeat):
                print(f"query alone, '{q}': stored vector {now:.1f} ms, computed {old:.1f} ms")
            library = reverse("regional:library", args=[data["board"].slug])
            print(f"{'page':48} {'queries':>8} {'median ms':>10} {'× floor':>8}")
            floor = None
            for label, client, path in [
                ("sign-in page (the floor)", Client(), "/login/"),
                ("library, no search", data["client"], library),
                (f"library, '{RARE}' (rare)", data["client"], f"{library}?q={RARE}"),
                (f"library, '{COMMON}' (common)", data["client"], f"{library}?q={COMMON}"),
                ("library, 'graded care'", data["client"], f"{library}?q=graded+care"),
            ]:
                queries, ms = measure(client, path, args.repeat)
                floor = floor or ms
                print(f"{label:48} {queries:>8} {ms:>10.1f} {ms / floor:>8.1f}")
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
