"""The 903 importer on the validator's sample tables (copied into the repository), against
a separate counting with the csv module."""

import csv
import datetime
from decimal import Decimal as D
from pathlib import Path

from scrutiny.dataset.statutory.service import compute_903

from .statutory_fixtures import as_dict

SAMPLES = Path(__file__).resolve().parent / "samples" / "ssda903"


def dmy(text):
    return datetime.datetime.strptime(text, "%d/%m/%Y").date() if text else None


def test_looked_after_at_31_march_on_the_validator_sample_excludes_short_breaks():
    files = [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.csv"))]
    values = as_dict(compute_903(files, "2017-18", population=50_000))
    with open(SAMPLES / "episodes.csv", newline="") as f:
        episodes = list(csv.DictReader(f))
    march_31 = datetime.date(2018, 3, 31)
    open_then = [
        e
        for e in episodes
        if dmy(e["DECOM"]) <= march_31 and (not e["DEC"] or dmy(e["DEC"]) > march_31)
    ]
    looked_after = {e["CHILD"] for e in open_then if e["LS"] not in ("V3", "V4")}
    # 1,201 by the DfE's definition; counting short breaks too gave 1,419
    assert len(looked_after) == 1_201
    assert len({e["CHILD"] for e in open_then}) == 1_419
    assert values[("lac-rate", "2018 Q1")] == (D(1_201), D(50_000))


def test_missing_episodes_on_the_validator_sample():
    files = [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.csv"))]
    values = as_dict(compute_903(files, "2017-18", population=None))
    with open(SAMPLES / "missing.csv", newline="") as f:
        spells = {(r["CHILD"], dmy(r["MIS_START"])): r["MISSING"] for r in csv.DictReader(f)}
    quarter_ends = {
        "2017 Q2": (datetime.date(2017, 4, 1), datetime.date(2017, 6, 30)),
        "2017 Q3": (datetime.date(2017, 7, 1), datetime.date(2017, 9, 30)),
        "2017 Q4": (datetime.date(2017, 10, 1), datetime.date(2017, 12, 31)),
        "2018 Q1": (datetime.date(2018, 1, 1), datetime.date(2018, 3, 31)),
    }
    for label, (first, last) in quarter_ends.items():
        expected = sum(
            1
            for (_, start), kind in spells.items()
            if kind == "M" and start and first <= start <= last
        )
        assert values[("missing-episodes", label)] == (D(expected), None), label
