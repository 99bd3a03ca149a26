"""Reads a wire body one field at a time, collecting every problem as a FieldError instead of
stopping at the first, so a record parser is a short list of field declarations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime
from typing import Any, Final, Literal, TypeVar

from sync.domain.errors import FieldError, InvalidValue
from sync.domain.messages import field_label
from sync.domain.text import clean_text
from sync.domain.validators import check_not_future, parse_date

T = TypeVar("T")

SHORT_TEXT: Final = 100
ADDRESS_TEXT: Final = 300
LONG_TEXT: Final = 1000

# Names of JSON types for ``wrong_type`` messages, (Vietnamese, English).
TEXT: Final = ("chuỗi ký tự", "text")
INTEGER: Final = ("số nguyên", "a whole number")
DATE: Final = ("ngày", "a date (YYYY-MM-DD)")
LIST: Final = ("danh sách", "a list")
BOOLEAN: Final = ("đúng/sai", "true or false")
OBJECT: Final = ("đối tượng JSON", "a JSON object")

Sign = Literal["any", "non_negative", "positive"]

# Canonical 8-4-4-4-12 form only: uuid.UUID() would also take braces, "urn:uuid:" and bare hex,
# and one id spelled two ways would break parent lookups on the server.
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def wrong_type(field: str | None, expected: tuple[str, str]) -> FieldError:
    return FieldError.make("wrong_type", field, expected=expected[0], expected_en=expected[1])


def normalize_id(value: str) -> str | None:
    """The lower-case canonical form of a UUID string, or None when it is not one."""
    return value.lower() if _UUID.fullmatch(value) else None


def _clean_lines(value: str) -> str:
    # Notes and reasons are typed in multi-line boxes; keep the line breaks, tidy each line.
    lines = [clean_text(line) for line in value.splitlines()]
    return "\n".join(lines).strip("\n")


class FieldReader:
    """Wraps one body; each reader method checks a field, records any error, stores the value.

    Every method returns the parsed value (None when absent or wrong) and keeps it in
    ``values`` under the field's name, so a parser ends with ``cls(**reader.values)``.
    Absent means missing, ``null``, a blank string or an empty list.
    """

    def __init__(self, body: Mapping[str, Any]) -> None:
        self._body = body
        self.errors: list[FieldError] = []
        self.values: dict[str, Any] = {}

    # -- bookkeeping --------------------------------------------------------------------

    def fail(self, code: str, field: str | None, **params: Any) -> None:
        self.errors.append(FieldError.make(code, field, **params))

    def failed(self, field: str) -> bool:
        return any(e.field == field for e in self.errors)

    def _raw(self, field: str, required: bool) -> Any:
        value = self._body.get(field)
        blank = (isinstance(value, str) and not value.strip()) or (
            isinstance(value, list | tuple) and not value
        )
        if value is None or blank:
            if required:
                self.fail("required", field)
            return None
        return value

    def _keep(self, field: str, value: T) -> T:
        self.values[field] = value
        return value

    def _typed(
        self, field: str, value: Any, types: tuple[type, ...], name: tuple[str, str]
    ) -> bool:
        # bool is an int subclass but never a number on the wire; datetime is a date subclass
        # whose time of day would not survive the round trip.
        odd = (isinstance(value, bool) and bool not in types) or isinstance(value, datetime)
        if isinstance(value, types) and not odd:
            return True
        self.errors.append(wrong_type(field, name))
        return False

    # -- readers ------------------------------------------------------------------------

    def text(
        self,
        field: str,
        *,
        required: bool = False,
        max_length: int = SHORT_TEXT,
        multiline: bool = False,
    ) -> str | None:
        """A free-text string, cleaned (NFC, tidy whitespace) and capped at ``max_length``."""
        value = self._raw(field, required)
        if value is None or not self._typed(field, value, (str,), TEXT):
            return self._keep(field, None)
        cleaned = _clean_lines(value) if multiline else clean_text(value)
        if len(cleaned) > max_length:
            self.fail("too_long", field, max_length=max_length)
            return self._keep(field, None)
        return self._keep(field, cleaned)

    def choice(self, field: str, choices: Collection[str], *, required: bool = False) -> str | None:
        """One of a closed vocabulary of wire values."""
        value = self._raw(field, required)
        if value is None or not self._typed(field, value, (str,), TEXT):
            return self._keep(field, None)
        cleaned = clean_text(value)
        if cleaned not in choices:
            self.fail("not_in_choices", field, choices=", ".join(choices))
            return self._keep(field, None)
        return self._keep(field, cleaned)

    def integer(
        self, field: str, *, required: bool = False, sign: Sign = "non_negative"
    ) -> int | None:
        """A JSON integer (not a bool, not a float, not a numeric string)."""
        value = self._raw(field, required)
        if value is None or not self._typed(field, value, (int,), INTEGER):
            return self._keep(field, None)
        if sign == "non_negative" and value < 0:
            self.fail("negative", field)
            return self._keep(field, None)
        if sign == "positive" and value <= 0:
            self.fail("not_positive", field)
            return self._keep(field, None)
        return self._keep(field, int(value))

    def boolean(self, field: str, *, required: bool = False) -> bool | None:
        value = self._raw(field, required)
        if value is None or not self._typed(field, value, (bool,), BOOLEAN):
            return self._keep(field, None)
        return self._keep(field, value is True)

    def day(
        self,
        field: str,
        *,
        required: bool = False,
        today: date | None = None,
        not_before: date | None = None,
    ) -> date | None:
        """A date ("YYYY-MM-DD" on the wire), optionally not after ``today``."""
        value = self._raw(field, required)
        if value is None or not self._typed(field, value, (str, date), DATE):
            return self._keep(field, None)
        try:
            parsed = parse_date(value, field=field)
            if today is not None:
                check_not_future(parsed, today=today, field=field)
        except InvalidValue as exc:
            self.errors.append(exc.error)
            return self._keep(field, None)
        if not_before is not None and parsed < not_before:
            self.fail("invalid_date", field)
            return self._keep(field, None)
        return self._keep(field, parsed)

    def uuid(self, field: str, *, required: bool = False) -> str | None:
        """A record id: a UUID string, stored in canonical lower-case form."""
        value = self._raw(field, required)
        if value is None or not self._typed(field, value, (str,), TEXT):
            return self._keep(field, None)
        canonical = normalize_id(value.strip())
        if canonical is None:
            self.fail("invalid_id", field)
        return self._keep(field, canonical)

    def id_list(self, field: str, *, required: bool = False) -> tuple[str, ...]:
        """A list of distinct record ids (household members)."""
        value = self._raw(field, required)
        if value is None or not self._typed(field, value, (list, tuple), LIST):
            return self._keep(field, ())
        ids = [normalize_id(v.strip()) if isinstance(v, str) else None for v in value]
        if any(i is None for i in ids):
            self.fail("invalid_id", field)
            return self._keep(field, ())
        out = tuple(i for i in ids if i is not None)
        if len(set(out)) != len(out):
            self.fail("duplicate_member", field)
            return self._keep(field, ())
        return self._keep(field, out)

    def apply(
        self,
        field: str,
        validator: Callable[..., T],
        *,
        required: bool = False,
        **kwargs: Any,
    ) -> T | None:
        """A string passed through a domain validator called as ``validator(value, field=...)``."""
        value = self._raw(field, required)
        if value is None or not self._typed(field, value, (str,), TEXT):
            return self._keep(field, None)
        try:
            return self._keep(field, validator(value, field=field, **kwargs))
        except InvalidValue as exc:
            self.errors.append(exc.error)
            return self._keep(field, None)

    # -- cross-field checks -------------------------------------------------------------

    def check_order(self, later: str, earlier: str) -> None:
        """``later`` may not fall before ``earlier`` (checked only when both parsed)."""
        early, late = self.values.get(earlier), self.values.get(later)
        if isinstance(early, date) and isinstance(late, date) and late < early:
            self.fail(
                "date_before",
                later,
                other_label=field_label(earlier, "vi"),
                other_label_en=field_label(earlier, "en"),
                other=early,
            )
