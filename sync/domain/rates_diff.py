"""What a new rates file changes against the one in force: periods added, removed or changed,
the periods whose values stored enrollments used (those may never be rewritten), and sample
quotes before and after. Pure functions over two :class:`Rates`, used by the console's rates
editor; Qt-free and database-free (the caller counts the enrollments per payment date).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from sync.domain.errors import RuleError
from sync.domain.rates import RateEntry, Rates
from sync.domain.rules import quote_household, quote_voluntary

_META: Final = ("valid_to", "status", "legal_basis")


def _key(entry: RateEntry) -> tuple[date, str | None]:
    province = entry.data.get("province_code")
    return entry.valid_from, None if province is None else str(province)


@dataclass(frozen=True, slots=True)
class PeriodChange:
    """One period of one table that differs: ``change`` is ``added``, ``removed`` or
    ``changed``; ``fields`` the keys that differ (for ``changed``)."""

    table: str
    change: str
    valid_from: date
    valid_to: date | None
    province_code: str | None
    fields: tuple[str, ...]
    old: Mapping[str, Any] | None
    new: Mapping[str, Any] | None


def period_changes(old: Rates, new: Rates) -> list[PeriodChange]:
    """Every period of ``new`` that ``old`` lacks or holds otherwise, and every period of
    ``old`` that ``new`` dropped; periods are known by table, start and province."""
    out: list[PeriodChange] = []
    for table in dict.fromkeys([*old.tables, *new.tables]):
        before = {_key(e): e for e in old.entries(table)}
        after = {_key(e): e for e in new.entries(table)}
        for key in sorted(set(before) | set(after), key=lambda k: (k[0], k[1] or "")):
            o, n = before.get(key), after.get(key)
            if o is None and n is not None:
                out.append(
                    PeriodChange(
                        table, "added", n.valid_from, n.valid_to, key[1], (), None, n.to_dict()
                    )
                )
            elif n is None and o is not None:
                out.append(
                    PeriodChange(
                        table, "removed", o.valid_from, o.valid_to, key[1], (), o.to_dict(), None
                    )
                )
            elif o is not None and n is not None:
                od, nd = o.to_dict(), n.to_dict()
                fields = tuple(k for k in dict.fromkeys([*od, *nd]) if od.get(k) != nd.get(k))
                if fields:
                    out.append(
                        PeriodChange(
                            table, "changed", n.valid_from, n.valid_to, key[1], fields, od, nd
                        )
                    )
    return out


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A period whose values would change for ``enrollments`` stored enrollments paid from
    ``first`` to ``last``: the period of the rates in force (``published`` True) or, when the
    new file covers dates the old one did not, the new period."""

    table: str
    valid_from: date
    valid_to: date | None
    province_code: str | None
    enrollments: int
    first: date
    last: date
    published: bool = True


def _in_force(rates: Rates, table: str, on: date) -> dict[str | None, RateEntry]:
    return {_key(e)[1]: e for e in rates.entries(table) if e.covers(on)}


def rewrites(old: Rates, new: Rates, used: Mapping[date, int]) -> list[Rewrite]:
    """The periods of ``old`` whose values ``new`` would change on a date a stored enrollment
    was paid (``used``: payment date -> enrollments), worst first. Status and legal basis may
    change (confirming an announced rate moves no money); values, and the dates a value
    applies to, may not."""
    found: dict[tuple[str, date, str | None, bool], tuple[RateEntry, int, date, date]] = {}
    for table in dict.fromkeys([*old.tables, *new.tables]):
        for day, count in used.items():
            if count <= 0:
                continue
            before = _in_force(old, table, day)
            after = _in_force(new, table, day)
            for province in dict.fromkeys([*before, *after]):
                o, n = before.get(province), after.get(province)
                if (o.data if o else None) == (n.data if n else None):
                    continue
                owner = o if o is not None else n
                assert owner is not None
                key = (table, owner.valid_from, province, o is not None)
                _, total, first, last = found.get(key, (owner, 0, day, day))
                found[key] = (owner, total + count, min(first, day), max(last, day))
    out = [
        Rewrite(t, e.valid_from, e.valid_to, p, n, first, last, published)
        for (t, _, p, published), (e, n, first, last) in found.items()
    ]
    out.sort(key=lambda r: (-r.enrollments, r.table, r.valid_from))
    return out


# --- sample quotes ------------------------------------------------------------------------


def _floor(rates: Rates, on: date) -> int:
    return rates.at("rural_poverty_line", on).amount()


# (case code, the total it costs under ``rates`` on a date); the codes are labelled in the
# console (i18n.LABELS["quote_case"]).
CASES: Final[Mapping[str, Callable[[Rates, date], int]]] = {
    "near_poor_2m_yearly": lambda r, d: (
        quote_voluntary(r, 2_000_000, "near_poor", "yearly", d).total
    ),
    "other_floor_monthly": lambda r, d: (
        quote_voluntary(r, _floor(r, d), "other", "monthly", d).total
    ),
    "poor_floor_monthly": lambda r, d: quote_voluntary(r, _floor(r, d), "poor", "monthly", d).total,
    "near_poor_2m_advance_60": lambda r, d: (
        quote_voluntary(r, 2_000_000, "near_poor", "advance", d, 60).total
    ),
    "household_3_12": lambda r, d: quote_household(r, 3, 12, d).total,
    "household_5_12": lambda r, d: quote_household(r, 5, 12, d).total,
}

# The worked examples of DOMAIN.md: (case, payment date).
WORKED: Final = (
    ("near_poor_2m_yearly", date(2026, 11, 21)),
    ("near_poor_2m_yearly", date(2024, 11, 21)),
    ("other_floor_monthly", date(2026, 3, 1)),
    ("poor_floor_monthly", date(2026, 3, 1)),
    ("near_poor_2m_advance_60", date(2026, 11, 21)),
    ("household_3_12", date(2025, 11, 1)),
)
_TYPICAL: Final = ("near_poor_2m_yearly", "other_floor_monthly", "household_3_12")


@dataclass(frozen=True, slots=True)
class Sample:
    """One quote under the rates in force and under the new ones: a total in đồng, or the
    rules' refusal."""

    case: str
    on: date
    before: int | RuleError
    after: int | RuleError

    @property
    def changed(self) -> bool:
        if isinstance(self.before, int) and isinstance(self.after, int):
            return self.before != self.after
        return type(self.before) is not type(self.after) or (
            isinstance(self.before, RuleError)
            and isinstance(self.after, RuleError)
            and self.before.code != self.after.code
        )

    @property
    def difference(self) -> int | None:
        if isinstance(self.before, int) and isinstance(self.after, int):
            return self.after - self.before
        return None


def _quote(case: str, rates: Rates, on: date) -> int | RuleError:
    try:
        return CASES[case](rates, on)
    except RuleError as exc:
        return exc


def sample_quotes(old: Rates, new: Rates, days: Iterable[date]) -> list[Sample]:
    """The typical quotes on each of ``days`` (today, the start of each new period), then the
    worked examples of DOMAIN.md, each before and after."""
    wanted = [(case, day) for day in dict.fromkeys(days) for case in _TYPICAL]
    wanted += [w for w in WORKED if w not in wanted]
    return [Sample(c, d, _quote(c, old, d), _quote(c, new, d)) for c, d in wanted]
