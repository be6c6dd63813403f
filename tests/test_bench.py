"""The national benchmark's builder still runs (bench/national.py), at a tiny scale on the
test database, so the command does not rot between the runs recorded in docs/benchmarks.md."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _national() -> ModuleType:
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_national", BENCH / "national.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_national"] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


@pytest.mark.django_db
def test_tiny_national_build(region) -> None:
    from scrutiny.actions.models import Action
    from scrutiny.governance.models import Meeting
    from scrutiny.questionnaires.models import Answer
    from scrutiny.regional.models import Resource
    from scrutiny.reviews.models import Recommendation
    from scrutiny.tenancy.models import Board, Region

    national = _national()
    scale = national.SCALES["tiny"]
    Board.objects.create(region=region, name="Home", short_name="H", slug="home")

    counts = national.build_national(scale)

    # 2 new regions beside the fixture's; 8 boards in all, 7 new, split 4 + 3
    assert Region.objects.count() == 3
    assert Board.objects.count() == 8
    assert Board.objects.filter(region__slug="bench-1").count() == 4
    # every board gets its share of actions and meetings: 40 // 8 and 16 // 8
    assert Action.objects.count() == counts["actions added"] == 8 * 5
    assert Meeting.objects.count() == counts["meetings added"] == 8 * 2
    # recommendations: 32 // 8 boards // 4 = one review of four for each board
    assert Recommendation.objects.count() == counts["recommendations added"] == 8 * 4
    # answers: whole returns until at least 200 answers, each answering every question
    assert 200 <= Answer.objects.count() == counts["return answers added"]
    # library documents: 20, shared by the regions that have boards
    assert Resource.objects.count() == 20
    assert set(Resource.objects.values_list("region__slug", flat=True)) == {
        "test-region",
        "bench-1",
        "bench-2",
    }
    assert counts["indicator values added"] > 0
