"""Evidence suggestions for a criterion: a small registry of finders, one per kind of record.

Each module registers a finder once (`register(kind, label, finder)`); a finder lists the
board's records of its kind as `Candidate`s. `suggestions` asks only the finders for the kinds
the criterion rests on (criteria.yaml) and ranks each candidate by the criterion's keywords
(and themes, for findings) found in its text, so every suggestion can say why it was made.

Reviews, training and engagement register later, from their own apps' `ready()`:

    from scrutiny.selfassessment.finders import register
    register("reviews", "Case reviews", find_reviews)
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from django.urls import reverse

from scrutiny.library.models import TemplateQuestion
from scrutiny.tenancy.models import Board

from .finders import (  # noqa: F401  (the registry's names, still importable from here)
    _REGISTRY,
    Candidate,
    Criterion,
    EvidenceKind,
    Finder,
    register,
    registered,
)

CRITERIA_FILE = Path(__file__).with_name("criteria.yaml")
PER_KIND = 5  # suggestions shown per kind of evidence


@cache
def _criteria_data() -> dict:
    return yaml.safe_load(CRITERIA_FILE.read_text()) or {}


def criterion_for(question: TemplateQuestion, template_code: str) -> Criterion:
    entry = _criteria_data().get(template_code, {}).get(question.code, {})
    return Criterion(
        question=question,
        kinds=tuple(entry.get("kinds", ())),
        keywords=tuple(k.lower() for k in entry.get("keywords", ())),
        themes=tuple(entry.get("themes", ())),
        reflective=tuple(entry.get("reflective", ())),
    )


def reflective_questions(template_code: str, question_code: str) -> list[str]:
    return list(
        _criteria_data().get(template_code, {}).get(question_code, {}).get("reflective", [])
    )


def rank(candidate: Candidate, criterion: Criterion) -> int:
    """How many of the criterion's keywords (and themes) the candidate matches; notes which."""
    text = f"{candidate.label} {candidate.text}".lower()
    candidate.matched = [k for k in criterion.keywords if k in text]
    if candidate.theme and candidate.theme in criterion.themes:
        candidate.matched.append(f"theme: {candidate.theme}")
    return len(candidate.matched)


def kinds_for(criterion: Criterion) -> list[EvidenceKind]:
    if not criterion.kinds:
        return list(_REGISTRY.values())
    return [_REGISTRY[k] for k in criterion.kinds if k in _REGISTRY]


def suggestions(
    board: Board, criterion: Criterion, per_kind: int = PER_KIND
) -> list[tuple[EvidenceKind, list[Candidate]]]:
    """For each kind the criterion rests on, its best candidates: most keywords matched first."""
    result = []
    for evidence_kind in kinds_for(criterion):
        candidates = evidence_kind.finder(board, criterion)
        for c in candidates:
            c.kind = evidence_kind.kind
        ranked = sorted(candidates, key=lambda c: -rank(c, criterion))  # stable: finder order
        result.append((evidence_kind, ranked[:per_kind]))
    return result


def find_candidate(
    board: Board, criterion: Criterion, kind: str, content_type_id: int, object_id: int
) -> Candidate | None:
    """The board's record of this kind, or None: links can only be made to what a finder offers,
    so no one can link (and later share with peers) another board's record."""
    from django.contrib.contenttypes.models import ContentType

    evidence_kind = _REGISTRY.get(kind)
    if evidence_kind is None:
        return None
    for c in evidence_kind.finder(board, criterion):
        if c.obj.pk == object_id and ContentType.objects.get_for_model(c.obj).pk == content_type_id:
            c.kind = kind
            return c
    return None


# Finders for the modules that exist today. Each reads its kind in one or two queries.


def find_findings(board: Board, criterion: Criterion) -> list[Candidate]:
    """Findings from every source (audits, training, voice, the data set...), each linking
    back to its source and saying which source it came from."""
    from scrutiny.findings.models import Finding

    findings = (
        Finding.objects.filter(board=board)
        .select_related("source_type", "theme")
        .prefetch_related("source")
        .order_by("-recorded_at", "-pk")
    )
    return [
        Candidate(
            f,
            f"{f.get_kind_display()} ({f.source_kind_label}): {f.text[:120]}",
            f.text,
            f.source_url,
            theme=f.theme.code if f.theme else "",
            origin=f"a finding from {f.source_kind_label.lower()}",
        )
        for f in findings
    ]


def find_actions(board: Board, criterion: Criterion) -> list[Candidate]:
    from scrutiny.actions.impact import measured_changes
    from scrutiny.actions.models import Action

    actions = list(Action.objects.filter(boards=board).order_by("-due_date"))
    # An action with a named measure says what it changed ("Improved: 40% → 65%").
    changes = measured_changes(board, actions)
    return [
        Candidate(
            a,
            f"Action: {a.title} ({a.get_status_display().lower()}, due {a.due_date:%d %b %Y})"
            + (f"; measured change: {changes[a.pk].words}" if a.pk in changes else ""),
            f"{a.description} {a.source_label}",
            a.get_board_url(board),
        )
        for a in actions
    ]


def find_indicators(board: Board, criterion: Criterion) -> list[Candidate]:
    from scrutiny.dataset.board_data import current_data_set

    data_set = current_data_set()
    if data_set is None:
        return []
    return [
        Candidate(
            i,
            f"Indicator: {i.name}",
            f"{i.description} {i.get_stage_display()} data",
            reverse("dataset:indicator", args=[board.slug, i.code]),
        )
        for i in data_set.indicators.all()
    ]


def find_audits(board: Board, criterion: Criterion) -> list[Candidate]:
    from scrutiny.audits.models import Audit

    return [
        Candidate(
            a,
            f"Case-file audit: {a.title} ({a.planned_quarter})",
            f"audit {a.summary} {a.theme.name}",
            a.get_board_url(board),
            theme=a.theme.code,
        )
        for a in Audit.objects.filter(board=board)
        .select_related("theme")
        .order_by("-planned_quarter")
    ]


def find_returns(board: Board, criterion: Criterion) -> list[Candidate]:
    from scrutiny.returns.models import ReturnRequest

    # Through the board's requests, their returns by primary key (`of_board`): a join from
    # the board's requests read the whole national returns table.
    requests = ReturnRequest.objects.of_board(board).select_related(
        "agency_return__agency", "agency_return__template"
    )
    return [
        Candidate(
            r.agency_return,
            f"Return: {r.agency_return.template.title}, {r.agency_return.period_label}, "
            f"{r.agency_return.agency}",
            f"{r.agency_return.template.title} {r.agency_return.get_status_display()}",
            r.agency_return.get_board_url(board),
        )
        for r in requests.order_by("-agency_return__period_end", "agency_return__agency__name")
    ]


def find_challenges(board: Board, criterion: Criterion) -> list[Candidate]:
    from scrutiny.challenges.models import Challenge

    return [
        Candidate(
            c,
            f"Challenge to {c.to_agency}: {c.issue[:100]}",
            f"challenge {c.issue} {c.evidence}",
            c.get_board_url(board),
        )
        for c in Challenge.objects.filter(board=board)
        .select_related("to_agency")
        .order_by("-raised_on")
    ]


def find_meetings(board: Board, criterion: Criterion) -> list[Candidate]:
    from scrutiny.governance.models import Meeting

    return [
        Candidate(
            m,
            f"Meeting: {m.group.name}, {m.held_on:%d %B %Y}",
            m.minutes,
            m.get_absolute_url(),
        )
        for m in Meeting.objects.filter(group__board=board)
        .select_related("group__board")
        .order_by("-held_on")
    ]


def register_built_in_finders() -> None:
    register("findings", "Findings", find_findings)
    register("actions", "Actions", find_actions)
    register("indicators", "Data set indicators", find_indicators)
    register("audits", "Case-file audits", find_audits)
    register("returns", "Agency returns (Section 11 and others)", find_returns)
    register("challenges", "Challenge log", find_challenges)
    register("meetings", "Meetings and governance", find_meetings)
