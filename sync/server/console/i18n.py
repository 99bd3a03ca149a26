"""The console's one translation path: text is English in templates and code, wrapped in
``_()``; ``locales/vi.json`` maps each English text to its Vietnamese. Vietnamese is the
default; a text with no Vietnamese shows in English (tests/integration/console/test_i18n.py
fails when one is missing).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from functools import cache
from importlib import resources
from typing import Final

from sync.domain.admin_units import admin_units
from sync.domain.messages import format_date, format_vnd

LANGUAGES: Final = ("vi", "en")
VIETNAM: Final = timezone(timedelta(hours=7), "ICT")  # all year, no daylight saving
DEFAULT: Final = "vi"

Translate = Callable[[str], str]

# Codes shown to people, by kind: the English here, the Vietnamese in locales/vi.json. Page
# modules add the codes they introduce (an unknown code shows as itself).
LABELS: Final[dict[str, dict[str, str]]] = {
    "role": {
        "admin": "Administrator",
        "province": "Province supervisor",
        "commune": "Commune supervisor",
        "viewer": "Viewer",
    },
    "action": {
        "sign_in": "Signed in",
        "sign_in_refused": "Sign-in refused",
        "add_supervisor": "Supervisor added",
        # pages/reference.py
        "publish_rates": "Rates published",
        "publish_script": "Script published",
        "revise_target": "Target revised",
    },
    # pages/reference.py: rates tables, period changes, rate statuses, sample quotes, targets
    "rates_table": {
        "base_salary": "Base salary",
        "rural_poverty_line": "Rural poverty line (income floor)",
        "voluntary": "Voluntary social insurance",
        "advance_discount": "Discount for payments ahead",
        "local_support": "Local support of provinces",
        "household_health": "Household health insurance",
        "pension": "Pension",
        "retirement_age": "Retirement age",
        "benefits": "Benefits",
    },
    "change": {"added": "Added", "removed": "Removed", "changed": "Changed"},
    "rate_status": {"in_force": "In force", "announced": "Announced", "verify": "To verify"},
    "quote_case": {
        "near_poor_2m_yearly": "Near-poor, income 2,000,000, 12 months",
        "other_floor_monthly": "Others, at the income floor, one month",
        "poor_floor_monthly": "Poor, at the income floor, one month",
        "near_poor_2m_advance_60": "Near-poor, income 2,000,000, 60 months ahead",
        "household_3_12": "Household health, 3 members, 12 months",
        "household_5_12": "Household health, 5 members, 12 months",
    },
    "metric": {
        "voluntary_new": "New voluntary participants",
        "household_health_new": "New household health participants",
        "events": "Outreach events",
    },
}


def N_(text: str) -> str:  # noqa: N802 - gettext's name for "translated later"
    """Marks ``text`` as one to translate where it is shown (tests find it by this name)."""
    return text


def label(kind: str, code: str, translate: Translate) -> str:
    return translate(LABELS.get(kind, {}).get(code, code))


@cache
def catalog(lang: str) -> dict[str, str]:
    if lang == "en":
        return {}
    text = resources.files("sync.server.console").joinpath(f"locales/{lang}.json")
    data: dict[str, str] = json.loads(text.read_text(encoding="utf-8"))
    return data


def translator(lang: str) -> Translate:
    table = catalog(lang if lang in LANGUAGES else DEFAULT)

    def translate(text: str) -> str:
        return table.get(text, text)

    return translate


def number(value: int, lang: str) -> str:
    """``12345`` -> ``12.345`` in Vietnamese, ``12,345`` in English."""
    grouped = f"{value:,}"
    return grouped.replace(",", ".") if lang == "vi" else grouped


def money(value: int, lang: str) -> str:
    del lang  # đồng are written the Vietnamese way in both languages (1.234.000 ₫)
    return format_vnd(value)


def day(value: date | str, lang: str) -> str:
    parsed = date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(parsed) if lang == "vi" else parsed.isoformat()


def moment(stamp: str | None, lang: str) -> str:
    """A stored UTC time (``2026-12-01T11:03:59.551Z``) as Vietnam's local time, to the
    minute: ``01/12/2026 18:03`` (English ``2026-12-01 18:03``); "–" for none."""
    if not stamp:
        return "–"
    try:
        parsed = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    local = parsed.astimezone(VIETNAM)
    return local.strftime("%d/%m/%Y %H:%M" if lang == "vi" else "%Y-%m-%d %H:%M")


def place(code: str | None) -> str:
    """A commune's or province's name from its code (the code itself when unknown)."""
    if not code:
        return "–"
    units = admin_units()
    found = units.commune(code) if len(code) > 2 else units.province(code)
    return found.name if found is not None else code


def percent(value: int | None, lang: str) -> str:
    del lang
    return "–" if value is None else f"{value} %"
