"""Typed domain errors: a stable code, the field at fault, and a message in Vietnamese and English.

The code is the contract (the wire, the UI and tests match on it); the messages come from the
catalogue in :mod:`sync.domain.messages` and are only turned into sentences at the edges.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from sync.domain.messages import render

LANGUAGES = ("vi", "en")


@dataclass(frozen=True, slots=True)
class FieldError:
    """One thing wrong with one field (or with the record as a whole when ``field`` is None)."""

    code: str
    field: str | None
    message_vi: str
    message_en: str
    params: Mapping[str, Any] = dataclass_field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def make(cls, code: str, field: str | None = None, /, **params: Any) -> FieldError:
        vi, en = render(code, field, params)
        return cls(code, field, vi, en, dict(params))

    def message(self, lang: str = "vi") -> str:
        return self.message_en if lang == "en" else self.message_vi

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        """The wire shape: ``{"code", "field"?, "message"}``."""
        out: dict[str, Any] = {"code": self.code, "message": self.message(lang)}
        if self.field is not None:
            out["field"] = self.field
        return out


class DomainError(ValueError):
    """Base of every error the domain raises on purpose; a ``ValueError`` with a code."""

    def __init__(self, code: str, field: str | None = None, /, **params: Any) -> None:
        self.error = FieldError.make(code, field, **params)
        super().__init__(f"{code}: {self.error.message_en}")

    @property
    def code(self) -> str:
        return self.error.code

    @property
    def field(self) -> str | None:
        return self.error.field

    @property
    def params(self) -> Mapping[str, Any]:
        return self.error.params

    @property
    def message_vi(self) -> str:
        return self.error.message_vi

    @property
    def message_en(self) -> str:
        return self.error.message_en

    def message(self, lang: str = "vi") -> str:
        return self.error.message(lang)


class InvalidValue(DomainError):
    """A single value failed a validator (wrong CCCD, bad phone, empty name, ...)."""


class RuleError(DomainError):
    """The contribution rules cannot produce a quote for this input (income below floor, ...)."""


class ValidationFailed(ValueError):
    """A record failed validation; ``errors`` lists every problem found, not just the first."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        if not self.errors:
            raise ValueError("ValidationFailed needs at least one error")
        summary = "; ".join(f"{e.field or '-'}: {e.code}" for e in self.errors)
        super().__init__(f"invalid record ({summary})")

    @property
    def codes(self) -> list[str]:
        return [e.code for e in self.errors]

    def by_field(self) -> dict[str | None, list[FieldError]]:
        out: dict[str | None, list[FieldError]] = {}
        for e in self.errors:
            out.setdefault(e.field, []).append(e)
        return out
