"""Suggest recurring recommendations: recommendations from different reviews that say much the
same thing, found by TF-IDF cosine similarity.

Each text becomes a vector of word and two-word-phrase weights (term frequency, damped, times
inverse document frequency over the texts compared, so words every recommendation uses, like
"ensure", count for little). Two recommendations are suggested as recurring when the cosine of
their vectors reaches `THRESHOLD`; suggestions are grouped into connected sets so that three
reviews saying the same thing appear once. The method and threshold were chosen on the labelled
set in `tests/labelled_recommendations.yaml` (see docs/similarity.md and bench/similarity.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

THRESHOLD = 0.15

# Words every safeguarding recommendation uses; they say nothing about what it asks for.
DOMAIN_STOP_WORDS = frozenset(
    {
        "board", "lscb", "partnership", "safeguarding", "children", "child", "agencies",
        "agency", "partner", "partners", "ensure", "ensures", "ensuring", "should", "must",
        "review", "recommendation", "recommends", "practitioners", "practitioner", "staff",
        "professionals", "professional", "multi", "local", "work", "working", "assurance",
        "provide", "seek", "evidence", "effective", "effectively",
    }
)  # fmt: skip
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS | DOMAIN_STOP_WORDS)

_WORD = re.compile(r"[a-z]+")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ed", "es", "s")


def _stem(word: str) -> str:
    """A light suffix strip so 'assessments', 'assessing' and 'assessed' meet."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def tokens(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 2]


def similarity_matrix(texts: Sequence[str]):
    if len(texts) < 2:
        return None
    vectoriser = TfidfVectorizer(
        tokenizer=tokens, lowercase=False, token_pattern=None, ngram_range=(1, 2), sublinear_tf=True
    )
    try:
        vectors = vectoriser.fit_transform(texts)
    except ValueError:  # every text was stop words only
        return None
    return cosine_similarity(vectors)


@dataclass(frozen=True)
class Pair:
    first: int  # indexes into the texts given
    second: int
    score: float


def similar_pairs(
    texts: Sequence[str], groups: Sequence[object], threshold: float = THRESHOLD
) -> list[Pair]:
    """Pairs of texts from different groups (reviews) whose similarity reaches the threshold."""
    matrix = similarity_matrix(texts)
    if matrix is None:
        return []
    pairs = [
        Pair(i, j, float(matrix[i, j]))
        for i in range(len(texts))
        for j in range(i + 1, len(texts))
        if groups[i] != groups[j] and matrix[i, j] >= threshold
    ]
    return sorted(pairs, key=lambda p: -p.score)


def clusters(count: int, pairs: Sequence[Pair]) -> list[list[int]]:
    """Connected sets of two or more texts joined by the pairs, largest first."""
    parent = list(range(count))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for pair in pairs:
        parent[root(pair.first)] = root(pair.second)
    sets: dict[int, list[int]] = {}
    for i in range(count):
        sets.setdefault(root(i), []).append(i)
    return sorted((s for s in sets.values() if len(s) > 1), key=lambda s: (-len(s), s[0]))
