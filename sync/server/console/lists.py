"""The D05-TS and D03-TS lists from the server's stored records, in the laptop's layouts
(:mod:`sync.lists.bhxh_lists`, one layout for both ends).

Rows are built as the laptop builds them (``agent_app.services.exports``): one row per
participant per live enrollment of the list's scheme paid in the range, the money from the
rules' quote of the stored enrollment (``sync.domain.enrollment.check_enrollment``, with the
facts the server holds), the receipt the enrollment's live one, the collector code the agent
who recorded it. Enrollments are read one commune at a time, so a province's list never sits
in memory whole (the writer streams). An enrollment whose row cannot be made (no live receipt,
no person, amount the rules do not give, a method without a code) is left out and counted.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Connection, and_, select

from sync.domain.admin_units import admin_units
from sync.domain.enrollment import check_enrollment, enrollment_facts
from sync.domain.errors import DomainError, RuleError
from sync.domain.rates import Rates, load_rates, rates_from_record
from sync.domain.vocab import label
from sync.lists.bhxh_lists import (
    D05,
    IMPORT,
    SCHEME_OF_FORM,
    ListHeader,
    ListRow,
    bhxh_codes,
    code_of,
    write_import,
    write_print,
)
from sync.lists.rows import Listed, text_of
from sync.lists.rows import rows as list_rows
from sync.protocol import REF_RATES
from sync.server.db import agents, records

MAX_DAYS: Final = 366  # the longest range one list may cover


@dataclass
class Tally:
    written: int = 0
    left_out: int = 0
    enrollments: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def leave_out(self, reason: str) -> None:
        self.left_out += 1
        self.reasons[reason] = self.reasons.get(reason, 0) + 1


def stored_rates(conn: Connection) -> Rates:
    """The rates the server hands out (the reference record, read by the loader ingest and
    the laptops use), else the bundled file."""
    body = conn.execute(
        select(records.c.body).where(records.c.kind == REF_RATES, records.c.deleted.is_(False))
    ).scalar()
    if isinstance(body, dict):
        try:
            return rates_from_record(body)
        except DomainError:
            pass
    return load_rates()


def _int(body: Mapping[str, Any], key: str) -> int | None:
    value = body.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def ascii_name(text: str) -> str:
    """``Hà Nội`` -> ``Ha-Noi``: a file name any browser and system takes."""
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    kept = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in plain)
    return "-".join(p for p in kept.split("-") if p) or "list"


def header(
    rates: Rates,
    form: str,
    date_from: date,
    date_to: date,
    place: str,
    preparer: str,
    preparer_code: str,
    made_on: date,
) -> ListHeader:
    """The print layout's header block, as the laptop makes it (the organisation is not known
    to the server: left blank to fill in)."""
    try:
        base: int | None = rates.at("base_salary", date_to).amount()
    except RuleError:
        base = None
    if form == D05:
        codes = bhxh_codes()["voluntary"]["participant_type"]
        funding = "Người tham gia tự đóng, ngân sách nhà nước hỗ trợ"
        try:
            scheme = rates.at("voluntary", date_to)
            parts = [f"{label(k)} {int(v)} %" for k, v in scheme.data["support_pct"].items()]
            zone = scheme.data.get("special_zone_pct")
            if zone:
                parts.append(f"xã đảo, đặc khu {int(zone)} %")
            support = "; ".join(parts)
        except RuleError:
            support = ""
    else:
        codes = bhxh_codes()["household_health"]["participant_type"]
        funding = "Người tham gia tự đóng"
        support = "0 %"
    return ListHeader(
        form=form,
        org_name=None,
        org_code=None,
        org_tax_code=None,
        org_address=None,
        participant_type=f"{codes['label']} ({codes['code']})",
        funding_source=funding,
        base_salary=base,
        support_pct=support,
        date_from=date_from,
        date_to=date_to,
        communes=place,
        agent_name=preparer,
        agent_code=preparer_code,
        made_on=made_on,
    )


def _by_id(conn: Connection, ids: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    unique = sorted(set(ids))
    for start in range(0, len(unique), 500):
        part = unique[start : start + 500]
        for row in conn.execute(
            select(records.c.record_id, records.c.body, records.c.deleted).where(
                records.c.record_id.in_(part)
            )
        ):
            if not row.deleted:
                out[row.record_id] = row.body
    return out


def iter_rows(
    conn: Connection,
    rates: Rates,
    form: str,
    communes: Sequence[str],
    date_from: date,
    date_to: date,
    tally: Tally,
) -> Iterator[ListRow]:
    """The list's rows, commune by commune (in code order), then by payment date."""
    scheme = SCHEME_OF_FORM[form]
    codes_of_agents = {r.id: r.code for r in conn.execute(select(agents.c.id, agents.c.code))}
    paid_on = records.c.body["paid_on"].as_string()
    for commune in sorted(communes):
        found = conn.execute(
            select(records.c.record_id, records.c.body, records.c.agent_id).where(
                and_(
                    records.c.kind == "enrollment",
                    records.c.deleted.is_(False),
                    records.c.commune_code == commune,
                    paid_on >= date_from.isoformat(),
                    paid_on <= date_to.isoformat(),
                )
            )
        ).all()
        enrollments = sorted(
            (r for r in found if r.body.get("scheme") == scheme),
            key=lambda r: (str(r.body.get("paid_on")), r.record_id),
        )
        if not enrollments:
            continue
        person_ids: list[str] = []
        for e in enrollments:
            if scheme == "voluntary":
                person_ids.extend([str(e.body.get("person_id"))])
            else:
                person_ids.extend(str(m) for m in e.body.get("member_ids") or ())
        persons = _by_id(conn, person_ids)
        household_ids = [str(e.body.get("household_id")) for e in enrollments]
        household_ids += [str(p.get("household_id")) for p in persons.values()]
        households = _by_id(conn, household_ids)
        # Every live enrollment of these households: a person's earlier ones (PA, the months
        # of support already used).
        # The kind is checked here, not in SQL: given ``kind = ?`` too, SQLite (which keeps no
        # statistics) walks every enrollment of the country on the kind index instead of the
        # few records of these households.
        others: list[tuple[str, Mapping[str, Any]]] = []
        hids = sorted(households)
        for start in range(0, len(hids), 500):
            others.extend(
                (r.record_id, r.body)
                for r in conn.execute(
                    select(records.c.record_id, records.c.kind, records.c.body).where(
                        records.c.deleted.is_(False),
                        records.c.household_id.in_(hids[start : start + 500]),
                    )
                )
                if r.kind == "enrollment"
            )
        by_holder: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
        for rid, body in others:
            if body.get("scheme") != scheme:
                continue
            holders = (
                [str(body.get("person_id"))]
                if scheme == "voluntary"
                else [str(m) for m in body.get("member_ids") or ()]
            )
            for holder in holders:
                by_holder.setdefault(holder, []).append((rid, body))
        receipts: dict[str, Mapping[str, Any]] = {}
        eids = [e.record_id for e in enrollments]
        for start in range(0, len(eids), 500):
            for r in conn.execute(
                # Only a live receipt has live_receipt_of (its unique index): no kind here,
                # for the reason above.
                select(records.c.live_receipt_of, records.c.body).where(
                    records.c.deleted.is_(False),
                    records.c.live_receipt_of.in_(eids[start : start + 500]),
                )
            ):
                receipts[r.live_receipt_of] = r.body
        for e in enrollments:
            tally.enrollments += 1
            rows = _rows_of(
                rates,
                e.record_id,
                e.body,
                households,
                persons,
                by_holder,
                receipts.get(e.record_id),
                codes_of_agents.get(e.agent_id, ""),
                tally,
            )
            for row in rows:
                tally.written += 1
                yield row


def _rows_of(
    rates: Rates,
    eid: str,
    body: Mapping[str, Any],
    households: Mapping[str, Mapping[str, Any]],
    persons: Mapping[str, Mapping[str, Any]],
    by_holder: Mapping[str, list[tuple[str, Mapping[str, Any]]]],
    receipt: Mapping[str, Any] | None,
    collector: str,
    tally: Tally,
) -> list[ListRow]:
    voluntary = body.get("scheme") == "voluntary"
    holder_ids = (
        [str(body.get("person_id"))]
        if voluntary
        else [str(m) for m in body.get("member_ids") or ()]
    )
    people = [(pid, persons[pid]) for pid in holder_ids if pid in persons]
    if len(people) != len(holder_ids) or not people:
        tally.leave_out("no_person")
        return []
    household_id = text_of(body, "household_id") or text_of(people[0][1], "household_id")
    hbody = households.get(household_id or "", {})
    try:
        if voluntary:
            earlier = [b for rid, b in by_holder.get(holder_ids[0], ()) if rid != eid]
            facts = enrollment_facts(people[0][1], hbody, earlier)
        else:
            facts = enrollment_facts(None, hbody)
        quote = check_enrollment(rates, body, facts)
    except RuleError:
        tally.leave_out("amount")
        return []
    if receipt is None or _int(receipt, "amount") != _int(body, "amount"):
        tally.leave_out("receipt")
        return []
    if voluntary:
        method_code = code_of("method", str(body.get("method")))
        if method_code is None:
            tally.leave_out("method_code")
            return []
    else:
        method_code = code_of("household_period", str(body.get("months")))
    units = admin_units()
    commune = units.commune(str(hbody.get("commune_code") or ""))
    province = units.province(commune.province_code) if commune is not None else None
    address = str(hbody.get("address") or "").strip()
    if commune is None or province is None or not address:
        tally.leave_out("household")
        return []
    listed = Listed(eid, body, hbody, commune, province, receipt, collector)
    named = [(pid, pbody, str(pbody.get("full_name") or "")) for pid, pbody in people]
    return list_rows(rates, quote, listed, named, by_holder)


def write_list(
    conn: Connection,
    path: Path,
    form: str,
    layout: str,
    communes: Sequence[str],
    date_from: date,
    date_to: date,
    head: ListHeader,
    rates: Rates,
) -> Tally:
    """Write the list to ``path`` (through the writer's temporary name); what was written and
    left out."""
    tally = Tally()
    rows = iter_rows(conn, rates, form, communes, date_from, date_to, tally)
    if layout == IMPORT:
        write_import(path, form, rows)
    else:
        write_print(path, head, rows)
    return tally
