"""Dated reference rates: loading, checking and looking up the entry in force on a date.

Rates are data, never constants in code: the law changes and an administrator corrects values
on the server, so every table is a list of entries with ``valid_from``/``valid_to`` (inclusive),
a ``status`` and a ``legal_basis``. A bad file is a :class:`RuleError` ``invalid_rates``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

from sync.domain.errors import RuleError

STATUSES: Final = ("in_force", "announced", "verify")

# Tables the rules cannot work without.
REQUIRED_TABLES: Final = (
    "base_salary",
    "rural_poverty_line",
    "voluntary",
    "advance_discount",
    "household_health",
)

# What each field must hold, checked when the file is loaded so a bad value is refused up front
# rather than met mid-quote: "int" (đồng, months, whole percent), "decimal" (an exact rate as a
# string such as "0.22"), "str", "int_map" (object of whole numbers), "int_list", "pension_plan".
# A trailing "?" marks an optional field.
TABLE_FIELDS: Final[Mapping[str, Mapping[str, str]]] = {
    "base_salary": {"amount": "int"},
    "rural_poverty_line": {"amount": "int"},
    "voluntary": {
        "contribution_rate": "decimal",
        "ceiling_multiple": "int",
        "support_pct": "int_map",
        "special_zone_pct": "int?",
        "max_support_months": "int",
        "max_advance_months": "int",
    },
    "advance_discount": {"monthly_rate": "decimal"},
    "local_support": {"province_code": "str", "support_pct": "int_map"},
    "household_health": {
        "first_member_rate": "decimal",
        "ladder_pct": "int_list",
        "periods": "int_list",
    },
    "pension": {
        "min_years": "int",
        "max_pct": "int",
        "female": "pension_plan",
        "male": "pension_plan",
        "lump_sum_months_per_extra_year": "decimal?",
    },
    "retirement_age": {"start_year": "int", "male": "int_map", "female": "int_map"},
    "benefits": {
        "maternity_allowance": "int",
        "maternity_min_months_in_12": "int",
        "social_pension": "int",
        "social_pension_age": "int",
        "social_pension_age_poor": "int",
    },
}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_decimal(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        number = Decimal(value)
    except InvalidOperation:
        return False
    return number.is_finite() and number >= 0


def _is_pension_plan(value: object) -> bool:
    if not isinstance(value, Mapping) or not _is_int(value.get("base_pct")):
        return False
    steps = value.get("steps")
    return isinstance(steps, list) and all(
        isinstance(s, list) and len(s) == 2 and all(_is_int(x) for x in s) for s in steps
    )


_KIND_CHECKS: Final[Mapping[str, tuple[Callable[[object], bool], str]]] = {
    "int": (_is_int, "a whole number, not negative"),
    "decimal": (_is_decimal, 'a decimal string such as "0.22"'),
    "str": (lambda v: isinstance(v, str) and bool(v.strip()), "a non-empty string"),
    "int_map": (
        lambda v: isinstance(v, Mapping) and all(_is_int(x) for x in v.values()),
        "an object of whole numbers",
    ),
    "int_list": (
        lambda v: isinstance(v, list) and bool(v) and all(_is_int(x) for x in v),
        "a non-empty list of whole numbers",
    ),
    "pension_plan": (_is_pension_plan, 'an object {"base_pct": n, "steps": [[years, pct], ...]}'),
}


def _check_fields(entry: RateEntry) -> None:
    for key, kind in TABLE_FIELDS.get(entry.table, {}).items():
        optional = kind.endswith("?")
        kind = kind.removesuffix("?")
        if key not in entry.data:
            if optional:
                continue
            raise _bad(f"{entry.table} from {entry.valid_from} lacks {key}")
        check, expected = _KIND_CHECKS[kind]
        if not check(entry.data[key]):
            raise _bad(f"{entry.table}.{key} from {entry.valid_from} must be {expected}")


@dataclass(frozen=True, slots=True)
class RateEntry:
    """One dated entry of a table; ``data`` holds its values as they are in the file."""

    table: str
    valid_from: date
    valid_to: date | None
    status: str
    legal_basis: str
    data: Mapping[str, Any]

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    @property
    def provisional(self) -> bool:
        """True when the value is announced or awaits confirmation, not yet published law."""
        return self.status != "in_force"

    # Values were checked against TABLE_FIELDS when the file was loaded.
    def amount(self, key: str = "amount") -> int:
        return int(self.data[key])

    def decimal(self, key: str) -> Decimal:
        """A fractional rate, stored as a decimal string so it stays exact."""
        return Decimal(str(self.data[key]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "status": self.status,
            "legal_basis": self.legal_basis,
            **self.data,
        }


class Rates:
    """All rate tables of one reference-data version, looked up by date."""

    def __init__(self, tables: Mapping[str, tuple[RateEntry, ...]], *, version: str, source: str):
        self._tables = dict(tables)
        self.version = version
        self.source = source

    def __repr__(self) -> str:
        return f"Rates(version={self.version!r}, source={self.source!r})"

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(self._tables)

    def entries(self, table: str) -> tuple[RateEntry, ...]:
        return self._tables.get(table, ())

    def at(self, table: str, on: date) -> RateEntry:
        """The entry of ``table`` in force on ``on``; ``no_rates_for_date`` when there is none."""
        for entry in self._tables.get(table, ()):
            if entry.covers(on):
                return entry
        raise RuleError("no_rates_for_date", "paid_on", on=on, table=table)

    def find(self, table: str, on: date) -> RateEntry | None:
        """Like :meth:`at` for optional tables: None when nothing applies."""
        return next((e for e in self._tables.get(table, ()) if e.covers(on)), None)

    def __iter__(self) -> Iterator[RateEntry]:
        for entries in self._tables.values():
            yield from entries

    def to_dict(self) -> dict[str, Any]:
        """The file shape again, so rates can travel as reference data (``ref.rates``)."""
        return {
            "schema": 1,
            "version": self.version,
            "currency": "VND",
            "tables": {name: [e.to_dict() for e in es] for name, es in self._tables.items()},
        }

    @classmethod
    def from_dict(cls, data: object, *, source: str = "<dict>") -> Rates:
        """Check and build rates from the parsed JSON; every problem is ``invalid_rates``."""
        if not isinstance(data, Mapping):
            raise _bad("the top level must be an object")
        if data.get("schema") != 1:
            raise _bad(f"unsupported schema {data.get('schema')!r}")
        raw_tables = data.get("tables")
        if not isinstance(raw_tables, Mapping):
            raise _bad("'tables' must be an object")
        tables: dict[str, tuple[RateEntry, ...]] = {}
        for name, raw_entries in raw_tables.items():
            if not isinstance(raw_entries, list):
                raise _bad(f"table {name} must be a list")
            entries = [_entry(str(name), raw) for raw in raw_entries]
            for entry in entries:
                _check_fields(entry)
            entries.sort(key=lambda e: e.valid_from)
            _check_no_overlap(str(name), entries)
            tables[str(name)] = tuple(entries)
        for name in REQUIRED_TABLES:
            if not tables.get(name):
                raise _bad(f"table {name} is missing or empty")
        version = data.get("version")
        return cls(tables, version=str(version) if version else "unversioned", source=source)


def _bad(detail: str) -> RuleError:
    return RuleError("invalid_rates", detail=detail)


def _date(value: object, where: str) -> date:
    if not isinstance(value, str):
        raise _bad(f"{where} must be a YYYY-MM-DD string")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _bad(f"{where} is not a date: {value!r}") from None


def _entry(table: str, raw: object) -> RateEntry:
    if not isinstance(raw, Mapping):
        raise _bad(f"an entry of {table} is not an object")
    valid_from = _date(raw.get("valid_from"), f"{table}.valid_from")
    valid_to_raw = raw.get("valid_to")
    valid_to = None if valid_to_raw is None else _date(valid_to_raw, f"{table}.valid_to")
    if valid_to is not None and valid_to < valid_from:
        raise _bad(f"{table} entry from {valid_from} ends before it starts")
    status = raw.get("status")
    if status not in STATUSES:
        raise _bad(f"{table} entry from {valid_from} has status {status!r}")
    legal_basis = raw.get("legal_basis")
    if not isinstance(legal_basis, str) or not legal_basis.strip():
        raise _bad(f"{table} entry from {valid_from} has no legal_basis")
    meta = {"valid_from", "valid_to", "status", "legal_basis"}
    data = {k: v for k, v in raw.items() if k not in meta}
    return RateEntry(table, valid_from, valid_to, str(status), legal_basis, data)


def _check_no_overlap(table: str, entries: list[RateEntry]) -> None:
    # Local support has one row per province, so overlap is only checked within a province.
    by_key: dict[object, RateEntry] = {}
    for entry in entries:
        key = entry.data.get("province_code")
        previous = by_key.get(key)
        if previous is not None and (
            previous.valid_to is None or previous.valid_to >= entry.valid_from
        ):
            raise _bad(f"{table} entries from {previous.valid_from} and {entry.valid_from} overlap")
        by_key[key] = entry


def load_rates(path: str | Path | None = None) -> Rates:
    """The bundled rates (``resources/reference/rates.json``), or those in ``path``."""
    if path is None:
        return _bundled_rates()
    return _read(Path(path))


@cache
def _bundled_rates() -> Rates:
    ref = resources.files("resources") / "reference" / "rates.json"
    with resources.as_file(ref) as p:
        return _read(p)


def _read(path: Path) -> Rates:
    try:
        # Equivalent mutants only: "UTF-8" is the same codec, and None (the locale's) is UTF-8 on
        # every machine the tests run on.
        text = path.read_text(encoding="utf-8")  # pragma: no mutate
    except OSError as exc:
        raise _bad(f"cannot read {path}: {exc.strerror or exc}") from None
    return rates_from_json(text, source=str(path), name=path.name)


def rates_from_json(text: str, *, source: str = "<text>", name: str = "the text") -> Rates:
    """Rates from the text of a rates file: what ``agent-server check-rates`` and the console's
    rates editor both check, so both refuse with the same ``invalid_rates`` messages."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _bad(f"{name} is not JSON (line {exc.lineno}: {exc.msg})") from None
    return Rates.from_dict(data, source=source)


def rates_from_record(body: Mapping[str, Any], *, version: int | None = None) -> Rates:
    """The rates of a ``ref.rates`` reference record's body: how the server validates pushed
    amounts (the record it publishes) and how a laptop quotes (the record it pulled)."""
    source = "ref.rates" if version is None else f"ref.rates v{version}"
    return Rates.from_dict(body, source=source)
