"""Precision and recall of the recurring-recommendation suggestions on the labelled set, at a
range of thresholds. Run: .venv/bin/python bench/similarity.py"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrutiny.reviews.evaluation import evaluate, load_labelled_set  # noqa: E402


def main() -> None:
    texts, labels = load_labelled_set()
    print(f"{len(texts)} recommendations, {len(set(labels) - {None})} recurring groups")
    print("threshold  predicted  correct  precision  recall")
    for step in range(10, 55, 5):
        result = evaluate(texts, labels, step / 100)
        print(
            f"{step / 100:9.2f}  {result.predicted:9d}  {result.correct:7d}  "
            f"{result.precision:9.2f}  {result.recall:6.2f}"
        )


if __name__ == "__main__":
    main()
