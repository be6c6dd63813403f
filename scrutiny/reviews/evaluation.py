"""Measuring the recurring-recommendation suggestions against a labelled set."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import yaml

from .similarity import similar_pairs

LABELLED_SET = Path(__file__).parent / "tests" / "labelled_recommendations.yaml"


def load_labelled_set(path: Path = LABELLED_SET) -> tuple[list[str], list[str | None]]:
    """Texts and their recurring-group label (None for texts that recur nowhere)."""
    data = yaml.safe_load(path.read_text())
    texts: list[str] = []
    labels: list[str | None] = []
    for label, group in data["recurring"].items():
        texts += group
        labels += [label] * len(group)
    texts += data["distinct"]
    labels += [None] * len(data["distinct"])
    return texts, labels


@dataclass(frozen=True)
class Evaluation:
    predicted: int
    correct: int
    relevant: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.relevant if self.relevant else 1.0


def evaluate(texts: list[str], labels: list[str | None], threshold: float) -> Evaluation:
    """Pairwise precision and recall; every text counts as coming from its own review."""
    pairs = similar_pairs(texts, list(range(len(texts))), threshold)
    correct = sum(1 for p in pairs if labels[p.first] and labels[p.first] == labels[p.second])
    relevant = sum(1 for a, b in combinations(labels, 2) if a and a == b)
    return Evaluation(predicted=len(pairs), correct=correct, relevant=relevant)
