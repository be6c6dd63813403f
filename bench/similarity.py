"""Precision and recall of the recurring-recommendation suggestions on the labelled set, at a
range of thresholds, and on held-out halves. Run: .venv/bin/python bench/similarity.py"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrutiny.reviews.evaluation import Evaluation, evaluate, load_labelled_set  # noqa: E402

THRESHOLDS = [step / 100 for step in range(10, 55, 5)]


def f1(result: Evaluation) -> float:
    p, r = result.precision, result.recall
    return 2 * p * r / (p + r) if p + r else 0.0


def halves(texts: list[str], labels: list[str | None]):
    """Two folds: alternate recurring groups and alternate distinct texts go to each half."""
    groups = sorted({lab for lab in labels if lab})
    folds: list[tuple[list[str], list[str | None]]] = [([], []), ([], [])]
    distinct = 0
    for text, label in zip(texts, labels, strict=True):
        if label:
            side = groups.index(label) % 2
        else:
            side, distinct = distinct % 2, distinct + 1
        folds[side][0].append(text)
        folds[side][1].append(label)
    return folds


def main() -> None:
    texts, labels = load_labelled_set()
    print(f"{len(texts)} recommendations, {len(set(labels) - {None})} recurring groups")
    print("threshold  predicted  correct  precision  recall")
    for threshold in THRESHOLDS:
        result = evaluate(texts, labels, threshold)
        print(
            f"{threshold:9.2f}  {result.predicted:9d}  {result.correct:7d}  "
            f"{result.precision:9.2f}  {result.recall:6.2f}"
        )
    print("\nheld out: threshold chosen for the best F1 on one half, measured on the other")
    folds = halves(texts, labels)
    for tune, test in ((0, 1), (1, 0)):
        best = max(THRESHOLDS, key=lambda t: (f1(evaluate(*folds[tune], t)), t))
        result = evaluate(*folds[test], best)
        print(
            f"tuned on half {tune + 1}: threshold {best:.2f}; on half {test + 1} "
            f"precision {result.precision:.2f}, recall {result.recall:.2f} "
            f"({result.correct} of {result.predicted} suggested pairs right, "
            f"{result.relevant} true pairs)"
        )


if __name__ == "__main__":
    main()
