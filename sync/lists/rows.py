"""The rows of the D05-TS / D03-TS lists from an enrollment the rules have checked: one rule,
shared by the laptop's export (``agent_app.services.exports``) and the console's Downloads
(``sync.server.console.lists``). Each end finds the records its own way (the laptop's store,
the server's tables) and decides what to do with an enrollment that cannot be listed; what a
listed enrollment's rows say (amounts per participant, support, codes) is decided here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sync.domain import rules
from sync.domain.admin_units import Commune, Province
from sync.domain.amounts import as_date
from sync.domain.errors import RuleError
from sync.domain.rates import Rates
from sync.domain.vocab import label
from sync.lists.bhxh_lists import ListRow, bhxh_codes, code_of

Held = Sequence[tuple[str, Mapping[str, Any]]]  # (record id, body) of a person's enrollments


def day_of(value: object) -> date | None:
    """A date from a body value (date or ISO text), or None when it is not one."""
    try:
        return as_date(value, "date")
    except RuleError:
        return None


def text_of(body: Mapping[str, Any], key: str) -> str | None:
    value = body.get(key)
    return value if isinstance(value, str) and value else None


def cover_start(body: Mapping[str, Any]) -> date | None:
    """The first day of ``cover_from`` ("YYYY-MM", the month cover starts), if it has one."""
    value = body.get("cover_from")
    if isinstance(value, str) and len(value) == 7 and value[4] == "-":
        try:
            return date(int(value[:4]), int(value[5:]), 1)
        except ValueError:
            return None
    return None


def pct(value: Decimal) -> str:
    return format(value.normalize(), "f")


def identity(pbody: Mapping[str, Any]) -> dict[str, Any]:
    """A participant's identity columns: BHXH code, CCCD without spaces or dots, birth date,
    sex code, ethnicity."""
    sex = text_of(pbody, "sex")
    cccd = text_of(pbody, "cccd")
    return {
        "bhxh_code": text_of(pbody, "bhxh_code"),
        "cccd": "".join(cccd.split()).replace(".", "") if cccd else None,
        "date_of_birth": day_of(pbody.get("date_of_birth")),
        "sex": code_of("sex", sex) if sex else None,
        "ethnicity": text_of(pbody, "ethnicity"),
    }


def pa_code(enrollment_id: str, body: Mapping[str, Any], held: Held) -> str:
    """TM (new) when the person has no earlier enrollment in the scheme among ``held``, ON
    (continuing) when they do; "earlier" by payment date, then id."""
    scheme = body.get("scheme")
    key = (str(body.get("paid_on")), enrollment_id)
    earlier = any(
        b.get("scheme") == scheme and (str(b.get("paid_on")), rid) < key
        for rid, b in held
        if rid != enrollment_id
    )
    return str(code_of("pa", "continuing" if earlier else "new"))


def method_code(body: Mapping[str, Any]) -> str | None:
    """The collection software's code of the enrollment's method (voluntary) or period
    (household); None when the code table has none."""
    if body.get("scheme") == "voluntary":
        return code_of("method", str(body.get("method")))
    return code_of("household_period", str(body.get("months")))


@dataclass(frozen=True, slots=True)
class Listed:
    """What a listed enrollment's rows share beyond the rules' quote."""

    enrollment_id: str
    body: Mapping[str, Any]
    household: Mapping[str, Any]
    commune: Commune
    province: Province
    receipt: Mapping[str, Any]
    collector_code: str | None


def rows(
    rates: Rates,
    quote: rules.VoluntaryQuote | rules.HouseholdQuote,
    listed: Listed,
    people: Sequence[tuple[str, Mapping[str, Any], str]],
    held: Mapping[str, Held],
) -> list[ListRow]:
    """The list rows of an enrollment: ``people`` are its participants in order (id, body,
    name; the voluntary one first), ``held`` each participant's enrollments (for TM/ON)."""
    body = listed.body
    paid_on = day_of(body.get("paid_on"))
    assert paid_on is not None  # the rules read it
    months = int(quote.months)
    codes = bhxh_codes()
    common: dict[str, Any] = {
        "enrollment_id": listed.enrollment_id,
        "nationality": codes["nationality"]["code"],
        "province_code": listed.province.code,
        "province_name": listed.province.name,
        "commune_code": listed.commune.code,
        "commune_name": listed.commune.name,
        "address": str(listed.household.get("address") or "").strip(),
        "household_code": text_of(listed.household, "bhxh_household_code"),
        "method_code": method_code(body),
        "from_month": cover_start(body) or paid_on.replace(day=1),
        "months": months,
        "receipt_number": text_of(listed.receipt, "number"),
        "receipt_date": day_of(listed.receipt.get("issued_on")),
        "collector_code": listed.collector_code,
        "note": "tạm tính" if quote.provisional else "",
    }

    def pa(pid: str) -> str:
        return pa_code(listed.enrollment_id, body, held.get(pid, ()))

    if isinstance(quote, rules.VoluntaryQuote):
        pid, pbody, name = people[0]
        state = quote.monthly_state_support * quote.supported_months
        local = quote.monthly_local_support * quote.supported_months
        own = int(body["amount"])
        local_pct = 0
        if local:
            entry = rules._local_support(rates, listed.province.code, quote.paid_on)
            local_pct = int(entry.data["support_pct"].get(quote.support, 0)) if entry else 0
        return [
            ListRow(
                person_id=pid,
                full_name=name,
                **identity(pbody),
                participant_type=code_of("support", quote.support),
                pa=pa(pid),
                method_label=label(quote.method),
                income=quote.income,
                rate_pct=str(codes["voluntary"]["contribution_pct"]),
                state_pct=quote.support_pct,
                state_amount=state,
                local_pct=local_pct,
                local_amount=local,
                other_pct=0,
                other_amount=0,
                own_amount=own,
                total=own + state + local,
                **common,
            )
        ]
    entry = rates.at("household_health", paid_on)
    first_rate = entry.decimal("first_member_rate") * 100
    ladder = [int(p) for p in entry.data["ladder_pct"]]
    hh = codes["household_health"]
    out: list[ListRow] = []
    for order, (pid, pbody, name) in enumerate(people, start=1):
        monthly = quote.monthly_by_member[order - 1]
        share = first_rate * ladder[min(order - 1, len(ladder) - 1)] / 100
        out.append(
            ListRow(
                person_id=pid,
                full_name=name,
                **identity(pbody),
                participant_type=hh["participant_type"]["code"],
                pa=pa(pid),
                method_label=f"{months} tháng",
                income=quote.base_salary,
                rate_pct=pct(share),
                state_pct=0,
                state_amount=0,
                local_pct=0,
                local_amount=0,
                other_pct=0,
                other_amount=0,
                own_amount=monthly * months,
                total=monthly * months,
                member_order=order,
                monthly_amount=monthly,
                benefit_level=hh["benefit_level"]["code"],
                card_from=cover_start(body) or paid_on,
                living_area=hh["living_area"]["code"],
                **common,
            )
        )
    return out
