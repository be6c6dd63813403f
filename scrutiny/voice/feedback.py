"""Public feedback forms: abuse resistance (a rate limit per client address, a honeypot) and
the summary of answers for the board.

The rate limit counts in Django's cache under a salted hash of the address, so no address is
ever stored in the database or in clear in the cache.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from scrutiny.library.models import AnswerType
from scrutiny.questionnaires.forms import QuestionnaireForm
from scrutiny.questionnaires.models import Answer, Response

from .models import FeedbackForm, FeedbackSubmission

# Answers accepted from one address per hour, across all forms (a class filling in forms
# together shares one school address, so the limit is not tiny).
RATE_LIMIT_PER_HOUR = getattr(settings, "FEEDBACK_RATE_LIMIT_PER_HOUR", 30)
HONEYPOT_FIELD = "website"


def _client_key(request: HttpRequest) -> str:
    # REMOTE_ADDR only: a forwarded header could be set by anyone to dodge the limit.
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()
    return f"have-your-say:{digest[:32]}"


def rate_limited(request: HttpRequest) -> bool:
    """True when the address has used up its answers for the hour."""
    count = cache.get(_client_key(request), 0)
    return count >= RATE_LIMIT_PER_HOUR


def count_submission(request: HttpRequest) -> None:
    key = _client_key(request)
    if cache.add(key, 1, timeout=3600):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)


@transaction.atomic
def submit(feedback_form: FeedbackForm, form: QuestionnaireForm) -> FeedbackSubmission:
    response = Response.objects.create(template=feedback_form.template)
    form.save(response)
    return FeedbackSubmission.objects.create(
        form=feedback_form, response=response, submitted_on=timezone.localdate()
    )


@dataclass
class LevelCount:
    label: str
    count: int = 0


@dataclass
class QuestionResult:
    text: str
    answer_type: str
    levels: list[LevelCount] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    answered: int = 0

    @property
    def positive(self) -> int:
        """Answers in the top two levels of the scale (e.g. "yes, a lot" and "yes, a bit")."""
        return sum(lv.count for lv in self.levels[:2])

    @property
    def positive_share(self) -> float | None:
        return 100 * self.positive / self.answered if self.answered else None

    def shares(self) -> list[tuple[str, float | None]]:
        return [
            (lv.label, 100 * lv.count / self.answered if self.answered else None)
            for lv in self.levels
        ]


def summarise(feedback_form: FeedbackForm) -> tuple[int, list[QuestionResult]]:
    """(number of answers, a result per question), in a fixed number of queries."""
    results: dict[int, QuestionResult] = {}
    for section in feedback_form.template.sections.prefetch_related("questions__scale__levels"):
        for q in section.questions.all():
            result = QuestionResult(text=q.text, answer_type=q.answer_type)
            if q.scale:
                result.levels = [LevelCount(lv.label) for lv in q.scale.levels.all()]
            results[q.pk] = result
    answers = Answer.objects.filter(
        response__feedback_submission__form=feedback_form
    ).select_related("level")
    for a in answers:
        result = results.get(a.question_id)
        if result is None:
            continue
        if result.answer_type == AnswerType.SCALE and a.level is not None:
            result.levels[a.level.rank - 1].count += 1
            result.answered += 1
        elif result.answer_type == AnswerType.TEXT and a.text.strip():
            result.texts.append(a.text.strip())
            result.answered += 1
    return feedback_form.submissions.count(), list(results.values())
