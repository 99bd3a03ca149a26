"""Talking-point scripts with live numbers: the script text (published as ``ref.script``) holds
placeholders such as ``{floor_payment.other}``; this module fills them from the rates in force on
a date, so a rates change changes every script's numbers on every laptop and on the server.

The same code on both ends, Qt-free. A placeholder this module does not know is a
:class:`ScriptError` (code ``unknown_placeholder``), never shown raw.

Placeholders (``<cat>`` is a support category: ``poor``, ``near_poor``, ``ethnic_minority``,
``other``; ``<income>`` is optional: an amount in đồng, or ``x2`` for twice the floor; without
it the floor, i.e. the lowest income one may choose):

- ``floor``, ``ceiling``, ``base_salary``: the income floor (rural poverty line), the ceiling
  (20 x base salary) and the base salary, in đồng;
- ``contribution_pct`` (22), ``support_pct.<cat>`` (50, 40, 30, 20), ``max_support_months``,
  ``max_advance_months``;
- ``floor_gross``: 22 % of the floor; ``support.<cat>``: the monthly State support;
  ``floor_payment.<cat>``: what a month costs at the floor after support (264,000 for others);
- ``pay.<method>.<cat>[.<income>]``: one payment by ``monthly``, ``quarterly``, ``half_yearly``
  or ``yearly`` (3,696,000 for ``pay.yearly.near_poor.2000000`` in 2026);
  ``advance.<months>.<cat>[.<income>]``: a lump sum paid ahead, discounted;
- ``pension.<sex>.<years>[.<income>]``: the monthly pension after that many years of
  contributions (``estimate_pension``), ``pension_pct.<sex>.<years>`` its percentage;
- ``household.<n>``: what the n-th member of a household pays a month, ``household_pct.<n>``
  its share of the first member's; ``household_total.<members>.<months>``: a whole household;
- ``maternity_allowance``, ``maternity_min_months``, ``social_pension``, ``social_pension_age``,
  ``social_pension_age_poor``: the benefits in force;
- ``date``: the date the numbers are for (dd/mm/yyyy).

``{{`` and ``}}`` stand for literal braces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from sync.domain.amounts import to_dong
from sync.domain.errors import RuleError
from sync.domain.pension import benefits, estimate_pension
from sync.domain.rates import Rates
from sync.domain.rules import quote_household, quote_voluntary
from sync.domain.text import fold
from sync.domain.vocab import METHOD_MONTHS, SUPPORT_CATEGORIES

__all__ = [
    "SCRIPT_SCHEMA",
    "Figure",
    "RenderedScript",
    "ScriptError",
    "figure",
    "fill",
    "format_money",
    "placeholders",
    "render_script",
    "script_placeholders",
    "unknown_placeholders",
]

# The version of the script body this module reads: 2 holds placeholders, objections and
# figures; a body without ``schema`` (the first shape: title and points) is read the same way.
SCRIPT_SCHEMA: Final = 2

_TOKEN: Final = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_PLAIN_METHODS: Final = tuple(m for m, n in METHOD_MONTHS.items() if n is not None)
# Benefit placeholders: (attribute of ``pension.Benefits``, money or not).
_BENEFITS: Final[Mapping[str, tuple[str, bool]]] = {
    "maternity_allowance": ("maternity_allowance", True),
    "maternity_min_months": ("maternity_min_months_in_12", False),
    "social_pension": ("social_pension", True),
    "social_pension_age": ("social_pension_age", False),
    "social_pension_age_poor": ("social_pension_age_poor", False),
}


class ScriptError(ValueError):
    """A script that cannot be filled: ``code`` is ``unknown_placeholder`` or
    ``unbalanced_brace``; ``placeholder`` the text at fault."""

    def __init__(self, code: str, placeholder: str, detail: str = "") -> None:
        super().__init__(f"{code}: {{{placeholder}}}{' — ' + detail if detail else ''}")
        self.code = code
        self.placeholder = placeholder
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Figure:
    """One filled value: an integer, money (đồng) or not, or a text (the date)."""

    value: int | str
    money: bool = False
    provisional: bool = False  # computed from an announced or unconfirmed rate

    def text(self, lang: str = "vi") -> str:
        if isinstance(self.value, str):
            return self.value
        return format_money(self.value, lang) if self.money else str(self.value)


def format_money(amount: int, lang: str = "vi") -> str:
    """``264000`` -> ``"264.000 đ"`` (Vietnamese grouping) or ``"264,000 đ"`` in English."""
    grouped = f"{amount:,}"
    return (grouped if lang == "en" else grouped.replace(",", ".")) + " đ"


def placeholders(text: str) -> list[str]:
    """The placeholders of ``text`` in order (``{{``/``}}`` are not); a lone brace is an error."""
    found = [m.group(1) for m in _TOKEN.finditer(text) if m.group(1) is not None]
    rest = _TOKEN.sub("", text)
    if "{" in rest or "}" in rest:
        raise ScriptError("unbalanced_brace", text)
    return found


# ---------------------------------------------------------------------------------------------
# values


def _category(name: str, key: str) -> str:
    if name not in SUPPORT_CATEGORIES:
        raise ScriptError("unknown_placeholder", key, f"unknown support category {name!r}")
    return name


def _income(parts: Sequence[str], key: str, floor: int) -> int:
    if not parts:
        return floor
    if len(parts) > 1:
        raise ScriptError("unknown_placeholder", key, "too many parts")
    raw = parts[0]
    if raw.startswith("x") and raw[1:].isdigit() and int(raw[1:]) > 0:
        return floor * int(raw[1:])
    if raw.isdigit():
        return int(raw)
    raise ScriptError("unknown_placeholder", key, f"income {raw!r} is not đồng nor xN")


def _number(raw: str, key: str) -> int:
    if not raw.isdigit():
        raise ScriptError("unknown_placeholder", key, f"{raw!r} is not a whole number")
    return int(raw)


def figure(rates: Rates, on: date, key: str) -> Figure:
    """The value of placeholder ``key`` under the rates in force on ``on``.

    ``ScriptError`` for a key this module does not know; ``RuleError`` when the rules refuse
    it on that date (no rates for the date, an income below the floor...)."""
    parts = key.strip().split(".")
    head, args = parts[0], parts[1:]
    scheme = rates.at("voluntary", on)
    poverty = rates.at("rural_poverty_line", on)
    base = rates.at("base_salary", on)
    floor = poverty.amount()
    provisional = scheme.provisional or poverty.provisional

    def money(value: int, extra: bool = False) -> Figure:
        return Figure(value, money=True, provisional=provisional or extra)

    def count(value: int) -> Figure:
        return Figure(value, provisional=provisional)

    if not args:
        if head == "date":
            return Figure(on.strftime("%d/%m/%Y"))
        if head in ("floor", "poverty_line"):
            return money(floor)
        if head == "base_salary":
            return money(base.amount(), base.provisional)
        if head == "ceiling":
            return money(base.amount() * int(scheme.data["ceiling_multiple"]), base.provisional)
        if head == "contribution_pct":
            return count(int(scheme.decimal("contribution_rate") * 100))
        if head in ("max_support_months", "max_advance_months"):
            return count(int(scheme.data[head]))
        if head == "floor_gross":
            return money(to_dong(scheme.decimal("contribution_rate") * floor))
        if head in _BENEFITS:
            b = benefits(rates, on)
            attr, is_money = _BENEFITS[head]
            return Figure(int(getattr(b, attr)), money=is_money, provisional=b.provisional)
    if head == "support_pct" and len(args) == 1:
        return count(int(scheme.data["support_pct"].get(_category(args[0], key), 0)))
    if head in ("support", "floor_payment") and len(args) == 1:
        q = quote_voluntary(rates, floor, _category(args[0], key), "monthly", on)
        return money(q.monthly_state_support if head == "support" else q.monthly_payable)
    if head == "pay" and len(args) in (2, 3):
        method = args[0]
        if method not in _PLAIN_METHODS:
            raise ScriptError("unknown_placeholder", key, f"unknown method {method!r}")
        income = _income(args[2:], key, floor)
        q = quote_voluntary(rates, income, _category(args[1], key), method, on)
        return money(q.total, q.provisional)
    if head == "advance" and len(args) in (2, 3):
        income = _income(args[2:], key, floor)
        months = _number(args[0], key)
        q = quote_voluntary(rates, income, _category(args[1], key), "advance", on, months)
        return money(q.total, q.provisional)
    if head in ("pension", "pension_pct") and len(args) in (2, 3):
        sex = args[0]
        if sex not in ("male", "female"):
            raise ScriptError("unknown_placeholder", key, f"unknown sex {sex!r}")
        income = _income(args[2:], key, floor)
        years = _number(args[1], key)
        p = estimate_pension(
            rates, sex=sex, months_contributed=years * 12, average_income=income, on=on
        )
        if head == "pension_pct":
            pct = int(p.pct) if p.pct == int(p.pct) else str(p.pct).replace(".", ",")
            return Figure(pct, provisional=p.provisional)
        return money(p.monthly_pension, p.provisional)
    if head in ("household", "household_pct") and len(args) == 1:
        n = _number(args[0], key)
        if n < 1:
            raise ScriptError("unknown_placeholder", key, "members count from 1")
        periods = rates.at("household_health", on).data["periods"]
        h = quote_household(rates, members=n, months=int(periods[0]), paid_on=on)
        if head == "household":
            return money(h.monthly_by_member[-1], h.provisional)
        ladder = rates.at("household_health", on).data["ladder_pct"]
        return Figure(int(ladder[min(n - 1, len(ladder) - 1)]))
    if head == "household_total" and len(args) == 2:
        h = quote_household(
            rates, members=_number(args[0], key), months=_number(args[1], key), paid_on=on
        )
        return money(h.total, h.provisional)
    raise ScriptError("unknown_placeholder", key)


def fill(text: str, rates: Rates, on: date, lang: str = "vi") -> str:
    """``text`` with every placeholder replaced by its value on ``on`` (see the module doc)."""
    placeholders(text)  # a lone brace is an error before anything is computed

    def one(match: re.Match[str]) -> str:
        if match.group(0) == "{{":
            return "{"
        if match.group(0) == "}}":
            return "}"
        return figure(rates, on, match.group(1)).text(lang)

    return _TOKEN.sub(one, text)


# ---------------------------------------------------------------------------------------------
# scripts


@dataclass(frozen=True, slots=True)
class RenderedScript:
    """A script with its numbers filled in, in one language, for one date."""

    id: str
    group: str
    group_label: str
    title: str
    points: tuple[str, ...]
    objections: tuple[tuple[str, str], ...]  # (what people say, the answer)
    figures: tuple[tuple[str, str], ...]  # (what, the number as text)
    on: date
    rates_version: str
    provisional: bool  # some number comes from an announced or unconfirmed rate
    search_key: str = field(default="", compare=False)

    def matches(self, query: str) -> bool:
        """Every word of ``query`` (folded: no diacritics, đ -> d) is in the script."""
        words = fold(query).split()
        return all(w in self.search_key for w in words)

    def as_text(self) -> str:
        """The whole script as plain text (to copy or print)."""
        lines = [self.title, ""]
        lines += [f"• {p}" for p in self.points]
        if self.figures:
            lines.append("")
            lines += [f"{what}: {value}" for what, value in self.figures]
        for question, answer in self.objections:
            lines += ["", f"— {question}", f"  {answer}"]
        return "\n".join(lines)


def _localized(body: Mapping[str, Any], key: str, lang: str) -> Any:
    if lang == "en":
        value = body.get(f"{key}_en")
        if value:
            return value
    return body.get(key)


def _texts(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _objections(body: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    out = []
    for item in body.get("objections") or ():
        if not isinstance(item, Mapping):
            continue
        question = _localized(item, "question", lang)
        answer = _localized(item, "answer", lang)
        if question and answer:
            out.append((str(question), str(answer)))
    return out


def _figure_rows(body: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    out = []
    for item in body.get("figures") or ():
        if isinstance(item, Mapping) and item.get("value"):
            out.append((str(_localized(item, "label", lang) or ""), str(item["value"])))
    return out


def script_placeholders(body: Mapping[str, Any]) -> list[str]:
    """Every placeholder of a script body, in both languages."""
    texts: list[str] = []
    for lang in ("vi", "en"):
        texts += [str(_localized(body, "title", lang) or "")]
        texts += _texts(_localized(body, "points", lang))
        for question, answer in _objections(body, lang):
            texts += [question, answer]
        for what, value in _figure_rows(body, lang):
            texts += [what, value]
    found: list[str] = []
    for t in texts:
        found += placeholders(t)
    return found


def unknown_placeholders(body: Mapping[str, Any], rates: Rates, on: date) -> list[str]:
    """The placeholders of ``body`` that cannot be filled on ``on`` (empty: the script is good).
    A rules refusal (say, an income below that date's floor) counts as unfillable too."""
    bad = []
    for key in dict.fromkeys(script_placeholders(body)):
        try:
            figure(rates, on, key)
        except (ScriptError, RuleError):
            bad.append(key)
    return bad


def render_script(
    body: Mapping[str, Any], rates: Rates, on: date, lang: str = "vi", *, record_id: str = ""
) -> RenderedScript:
    """A ``ref.script`` body filled in for ``on`` in ``lang`` (English falls back to the
    Vietnamese text where a script has none)."""
    provisional = False

    def f(text: str) -> str:
        nonlocal provisional
        for key in placeholders(text):
            provisional = provisional or figure(rates, on, key).provisional
        return fill(text, rates, on, lang)

    title = f(str(_localized(body, "title", lang) or ""))
    points = tuple(f(p) for p in _texts(_localized(body, "points", lang)))
    objections = tuple((f(q), f(a)) for q, a in _objections(body, lang))
    figures = tuple((f(what), f(value)) for what, value in _figure_rows(body, lang))
    group = str(body.get("group") or body.get("target_group") or "")
    group_label = str(_localized(body, "group_label", lang) or group)
    searched: Iterable[str] = (
        title,
        group,
        group_label,
        *points,
        *(t for pair in objections for t in pair),
        *(t for pair in figures for t in pair),
    )
    return RenderedScript(
        id=record_id or str(body.get("id") or ""),
        group=group,
        group_label=group_label,
        title=title,
        points=points,
        objections=objections,
        figures=figures,
        on=on,
        rates_version=rates.version,
        provisional=provisional,
        search_key=fold(" ".join(searched)),
    )
