"""One guard against lost updates, for every editable record.

An editable model inherits `Revisioned`: a `revision` number that goes up by one on each
guarded save. An edit form carries the revision the editor loaded as a hidden field
(`RevisionFormMixin`, built into `GovukModelForm`). Saving claims the row with one
conditional UPDATE (`claim_revision`): it matches only if the stored revision is still the
one the editor loaded, and it holds the row until the transaction ends, so of two people
saving at once exactly one wins. The other gets `EditConflict`, which names who changed
which fields since (from the audit log); `EditConflictMiddleware` turns it into one 409
page that keeps the second person's text in the form to re-apply.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django import forms
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

HIDDEN_FIELD = "revision"


class Revisioned(models.Model):
    """A record two people may edit: its revision is the version number an editor loaded."""

    revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        expected = self.__dict__.pop("_expected_revision", None)
        form = self.__dict__.pop("_revision_form", None)
        if expected is not None and self.pk is not None and not self._state.adding:
            claim_revision(self, expected, form=form)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
        if form is not None and self._state.adding:
            # Two people creating the one record a unique constraint allows (a board's
            # population for a year, say): the second insert fails; they get the conflict
            # page with their values to re-apply, not a server error.
            try:
                with transaction.atomic():
                    super().save(*args, **kwargs)
            except IntegrityError:
                current = self._stored_twin()
                if current is None:
                    raise
                raise EditConflict(self, -1, current=current, form=form) from None
            return
        super().save(*args, **kwargs)

    def _stored_twin(self) -> Revisioned | None:
        """The stored record that holds this one's values of a unique constraint, if any."""
        opts = self._meta
        field_sets = [c.fields for c in opts.total_unique_constraints] + [
            tuple(fields) for fields in opts.unique_together
        ]
        manager = type(self)._base_manager
        for fields in field_sets:
            columns = [opts.get_field(name) for name in fields]
            values = {
                f.attname: getattr(self, f.attname) for f in columns if isinstance(f, models.Field)
            }
            if None in values.values():
                continue
            twin = manager.filter(**values).first()
            if twin is not None:
                return twin
        return None

    def expect_revision(self, revision: int | None, form: forms.BaseForm | None = None) -> None:
        """Arm the next save() to write only if the stored revision is still `revision`."""
        self._expected_revision = revision
        self._revision_form = form


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class OtherSave:
    """One save by someone else since the editor loaded the record."""

    by: str
    at: datetime.datetime
    changes: list[FieldChange]


class EditConflict(Exception):
    """Someone else saved the record after this person loaded it; nothing was written."""

    def __init__(
        self,
        record: models.Model,
        loaded_revision: int,
        *,
        current: models.Model | None,
        form: forms.BaseForm | None = None,
    ):
        self.record = record
        self.current = current  # as stored now; None if it has been deleted
        self.loaded_revision = loaded_revision
        self.form = form
        # labels of what this person's version differs on, for records whose content lives
        # outside their own fields (a questionnaire's answers)
        self.differing: list[str] = []
        super().__init__(f"{record} was changed by someone else after revision {loaded_revision}")

    @property
    def kind(self) -> str:
        return str(self.record._meta.verbose_name)

    @cached_property
    def other_saves(self) -> list[OtherSave]:
        return saves_since(self.current, self.loaded_revision) if self.current else []

    @property
    def changed_fields(self) -> list[str]:
        return list(dict.fromkeys(c.label for s in self.other_saves for c in s.changes))


def claim_revision(
    record: models.Model,
    revision: int,
    *,
    where: Mapping[str, Any] | None = None,
    form: forms.BaseForm | None = None,
) -> None:
    """Claim the record for a save, or raise EditConflict if it moved on since `revision`.

    The UPDATE writes nothing new (the caller's save writes revision + 1, so the audit log
    records the step); it matches only the loaded revision, and it locks the row until
    commit, so a second saver waits and then matches nothing. `where` adds conditions the
    record must still meet (a return must still be a draft).
    """
    model = type(record)
    claimed = model._base_manager.filter(pk=record.pk, revision=revision, **(where or {})).update(
        revision=F("revision")
    )
    if not claimed:
        current = model._base_manager.filter(pk=record.pk).first()
        raise EditConflict(record, revision, current=current, form=form)
    record.revision = revision + 1  # type: ignore[attr-defined]


# Who saved a record since a revision: the audit log knows (`scrutiny.audit` registers its
# reader from its AppConfig), so this module, below every app, imports none.
SaveHistory = Callable[[models.Model, int], list[OtherSave]]
_save_history: list[SaveHistory] = []


def read_saves_with(reader: SaveHistory) -> None:
    """Name the function that lists the saves of a record past a revision, oldest first."""
    _save_history[:] = [reader]


def saves_since(record: models.Model, revision: int) -> list[OtherSave]:
    """The saves of `record` that moved it past `revision`, oldest first."""
    return _save_history[0](record, revision) if _save_history else []


class RevisionFormMixin:
    """Carry the revision the editor loaded as a hidden field, and guard the save with it.

    Model forms of a `Revisioned` model get it from `GovukModelForm`; a plain form that edits
    a record passes `record=`, and its service calls `claim_revision(record,
    form.loaded_revision)` or `record.expect_revision(...)` before writing.
    """

    fields: dict[str, forms.Field]
    data: Any

    def __init__(self, *args: Any, record: models.Model | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = record if record is not None else getattr(self, "instance", None)
        self.revision_record = instance if isinstance(instance, Revisioned) else None
        if self.revision_record is not None:
            # -1: the editor saw nothing stored yet, so any stored version is someone else's
            self.fields[HIDDEN_FIELD] = forms.IntegerField(
                widget=forms.HiddenInput,
                required=False,
                min_value=-1,
                initial=self.revision_record.revision if self.revision_record.pk else -1,
            )

    @property
    def loaded_revision(self) -> int | None:
        """The revision the editor loaded (-1: none was stored yet); None if no record to guard."""
        if self.revision_record is None or self.revision_record.pk is None:
            return None
        cleaned = getattr(self, "cleaned_data", {}).get(HIDDEN_FIELD)
        return cleaned if cleaned is not None else self.revision_record.revision

    def rebase(self, revision: int) -> None:
        """After a conflict: saving this form again applies this person's values on top."""
        self.data = self.data.copy()
        self.data[self.add_prefix(HIDDEN_FIELD)] = str(revision)  # type: ignore[attr-defined]

    def save(self, commit: bool = True) -> Any:
        if isinstance(self.revision_record, Revisioned) and self.revision_record is getattr(
            self, "instance", None
        ):
            self.revision_record.expect_revision(self.loaded_revision, form=self)  # type: ignore[arg-type]
        return super().save(commit)  # type: ignore[misc]


@contextmanager
def keeping(form: forms.BaseForm) -> Iterator[None]:
    """Around a service call that saves a guarded record: a conflict shows this form again."""
    try:
        yield
    except EditConflict as conflict:
        conflict.form = conflict.form or form
        raise


def conflict_response(request: HttpRequest, conflict: EditConflict) -> HttpResponse:
    form = conflict.form
    if form is not None and conflict.current is not None and hasattr(form, "rebase"):
        form.rebase(conflict.current.revision)  # type: ignore[attr-defined]
    # what the page posted besides the form's own fields (which form, which button)
    own = {form.add_prefix(name) for name in form.fields} if form is not None else set()
    carried = [
        (key, value)
        for key, value in request.POST.items()
        if key not in own and key != "csrfmiddlewaretoken"
    ]
    return render(
        request,
        "core/conflict.html",
        {
            "board": getattr(request, "board", None),
            "conflict": conflict,
            "form": form,
            "carried": carried,
            "reload": request.get_full_path(),
        },
        status=409,
    )


class EditConflictMiddleware:
    """Answer every EditConflict a view lets through with the one conflict page.

    With ATOMIC_REQUESTS the view's transaction has already been rolled back by then, so
    nothing of the refused save was written.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, EditConflict):
            return conflict_response(request, exception)
        return None
