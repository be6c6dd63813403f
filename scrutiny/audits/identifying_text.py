"""The guard on free text that may identify a child or family: each flagged field gets its
own error, quoting the words that look like a name, date of birth or address, and its own
"This does not identify a child or family" box. Only a field whose box is ticked passes;
a field that is not flagged never needs one. Forms whose authors cannot be asked to
confirm (the public forms) refuse instead: `confirmable = False`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from .personal_data import describe_flags, identifying_flags

CONFIRM_SUFFIX = "_not_identifying"
CONFIRM_LABEL = "This does not identify a child or family"


class NotIdentifyingConfirmation(forms.BooleanField):
    """The box after a flagged field; core/templates/govuk/field.html renders it there."""

    confirms_field = True

    def __init__(self, target_label: str) -> None:
        super().__init__(label=CONFIRM_LABEL, required=False)
        self.target_label = target_label


class IdentifyingTextGuard:
    """Form mixin. Guards the fields named by `identifying_fields` (or those returned by
    `identifying_field_names()`). When the posted text of a field looks identifying, a
    confirmation box is added right after it, so the page shown again offers it."""

    identifying_fields: tuple[str, ...] = ()
    confirmable = True

    fields: dict[str, forms.Field]
    data: Any
    is_bound: bool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        if self.is_bound and self.confirmable:
            flagged = {
                name
                for name in self.identifying_field_names()
                if identifying_flags(self._posted_text(name))
            }
            if flagged:
                self._add_confirmations(flagged)

    def identifying_field_names(self) -> Iterable[str]:
        return [name for name in self.identifying_fields if name in self.fields]

    def _posted_text(self, name: str) -> str:
        value = self.data.get(self.add_prefix(name))  # type: ignore[attr-defined]
        return value if isinstance(value, str) else ""

    def _add_confirmations(self, flagged: set[str]) -> None:
        reordered: dict[str, forms.Field] = {}
        for name, field in self.fields.items():
            reordered[name] = field
            if name in flagged:
                reordered[name + CONFIRM_SUFFIX] = NotIdentifyingConfirmation(str(field.label))
        self.fields = reordered

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        for name in self.identifying_field_names():
            text = data.get(name)
            if not isinstance(text, str):
                continue
            flags = identifying_flags(text)
            if not flags or data.get(name + CONFIRM_SUFFIX):
                continue
            if self.confirmable:
                message = (
                    f"{describe_flags(flags)}. Take it out, or if it does not identify a child "
                    f"or family, tick “{CONFIRM_LABEL}”"
                )
            else:
                message = (
                    f"Please take out anything that could show who someone is: "
                    f"{describe_flags(flags)}"
                )
            self.add_error(name, message)  # type: ignore[attr-defined]
        return data
