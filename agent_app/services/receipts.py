"""Receipts (``Workspace.receipts``): issuing the numbered receipt of a payment and reading what
form C45-BB prints; the ledger of every receipt of a period with its status, voiding a wrong
receipt (a new version by its author, never a deletion: the number stays used), the BHXH
confirmation code added when BHXH returns it, how many times each was printed (reprints say
"copy"), and the details form C45-BB prints that the agent sets once per profile."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from agent_app.services._common import as_day, enrollment_months, fail, paid_period, parse, text
from agent_app.services.receipt_numbers import RECEIPT_SEQUENCE_DIGITS, receipt_year_prefix
from agent_app.services.types import Changed, ReceiptInfo
from sync.domain.receipts import is_live_receipt
from sync.protocol import new_id

if TYPE_CHECKING:
    from agent_app.services.workspace import Workspace

# The receipt details a profile keeps in its settings (``receipt.<key>``): the BHXH office
# that issues the form, the organisation authorised by BHXH to collect, the form's series.
RECEIPT_SETTINGS: Final = ("office", "organisation", "series")
# The SQL twin of ``is_live_receipt`` over ``record.body`` (JSON true reads back as 1).
LIVE_RECEIPT_SQL: Final = "json_extract(body, '$.voided') IS NOT 1"
LIVE: Final = "live"
VOIDED: Final = "voided"


@dataclass(frozen=True, slots=True)
class ReceiptRow:
    """One line of the ledger."""

    id: str
    number: str
    issued_on: date
    payer_name: str
    amount: int
    scheme: str
    enrollment_id: str
    voided: bool
    void_reason: str | None
    confirmation_code: str | None
    synced: bool
    printed: int

    @property
    def status(self) -> str:
        return VOIDED if self.voided else LIVE


class Receipts:
    """``ws.receipts.issue(enrollment_id)``, ``.get(receipt_id)``, ``.live_of(enrollment_id)``,
    ``.ledger(day_from, day_to, status=None)``, ``.void(receipt_id, reason)``,
    ``.add_confirmation_code(receipt_id, code)``, ``.printed(receipt_id)``, ``.settings()``,
    ``.set_settings(values)``."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def ledger(self, day_from: date, day_to: date, status: str | None = None) -> list[ReceiptRow]:
        """Every receipt issued between the two days (inclusive), voided ones too, newest
        number last; ``status`` ``"live"`` or ``"voided"`` keeps only those."""
        unsynced = self.ws.store.outbox.record_ids()
        prints = self.ws.store.receipt_prints.counts()
        rows = self.ws.store.all(
            """SELECT r.id, r.body, r.version, e.body, p.body, h.body
               FROM record r
               LEFT JOIN record e ON e.id = r.parent_id
               LEFT JOIN record p ON p.id = json_extract(e.body, '$.person_id')
               LEFT JOIN record h ON h.id = r.household_id
               WHERE r.kind = 'receipt' AND r.deleted = 0 AND r.day BETWEEN ? AND ?
               ORDER BY r.day, json_extract(r.body, '$.number')""",
            (day_from.isoformat(), day_to.isoformat()),
        )
        out: list[ReceiptRow] = []
        for rid, body_text, version, e_text, p_text, h_text in rows:
            body = json.loads(body_text)
            enrollment = json.loads(e_text) if e_text else {}
            scheme = str(enrollment.get("scheme", ""))
            if scheme == "voluntary" and p_text:
                payer = str(json.loads(p_text).get("full_name", ""))
            else:
                payer = str(json.loads(h_text).get("head_name", "")) if h_text else ""
            row = ReceiptRow(
                id=rid,
                number=str(body.get("number", "")),
                issued_on=as_day(body.get("issued_on")) or day_from,
                payer_name=payer,
                amount=int(body.get("amount") or 0),
                scheme=scheme,
                enrollment_id=str(body.get("enrollment_id", "")),
                voided=not is_live_receipt(body),
                void_reason=body.get("void_reason") or None,
                confirmation_code=body.get("confirmation_code") or None,
                synced=int(version) > 0 and rid not in unsynced,
                printed=prints.get(rid, 0),
            )
            if status is None or row.status == status:
                out.append(row)
        return out

    def void(self, receipt_id: str, reason: str) -> Changed:
        """Mark a receipt voided with ``reason`` (a new version of it, synced like any
        correction): it stays in the ledger with its number, leaves Today's money and the
        day's close, and its enrollment may be given a new receipt. A voided receipt cannot
        be brought back."""
        rec = self.ws.records.get(receipt_id, "receipt")
        if not is_live_receipt(rec.body):
            raise fail("already_voided", "voided")
        if not reason.strip():
            raise fail("void_reason_required", "void_reason")
        today = self.ws.current_day()
        body = {
            **rec.body,
            "voided": True,
            "void_reason": reason,
            "voided_on": max(today, as_day(rec.body.get("issued_on")) or today).isoformat(),
        }
        body = parse("receipt", body, today).to_body()
        with self.ws.store.transaction():
            self.ws.records.put("receipt", receipt_id, body, now=self.ws.now())
        return self._changed(receipt_id, body)

    def add_confirmation_code(self, receipt_id: str, code: str) -> Changed:
        """Record the confirmation code (mã xác nhận) BHXH returned for the receipt: a new
        version of it, synced. The code is checked (letters and digits, 4 to 40)."""
        rec = self.ws.records.get(receipt_id, "receipt")
        body = parse("receipt", {**rec.body, "confirmation_code": code}, self.ws.current_day())
        wire = body.to_body()
        if wire == rec.body:
            return Changed(frozenset(), ())
        with self.ws.store.transaction():
            self.ws.records.put("receipt", receipt_id, wire, now=self.ws.now())
        return self._changed(receipt_id, wire)

    def _changed(self, receipt_id: str, body: dict[str, object]) -> Changed:
        ids = [receipt_id]
        enrollment_id = body.get("enrollment_id")
        if isinstance(enrollment_id, str):
            ids.append(enrollment_id)
            found = self.ws.store.one("SELECT household_id FROM record WHERE id = ?", (receipt_id,))
            if found is not None and found[0]:
                ids.append(str(found[0]))
        return Changed(frozenset({"receipt", "enrollment"}), tuple(ids))

    def printed(self, receipt_id: str) -> int:
        """Count a print (paper or PDF) of the receipt; returns how many there have been."""
        self.ws.records.get(receipt_id, "receipt")
        return self.ws.store.receipt_prints.add(receipt_id, now=self.ws.now())

    def settings(self) -> dict[str, str]:
        """The office, organisation and series this profile prints on its receipts (only
        those the agent set)."""
        out = {}
        for key in RECEIPT_SETTINGS:
            row = self.ws.store.one("SELECT value FROM setting WHERE key = ?", (f"receipt.{key}",))
            value = json.loads(row[0]) if row is not None else None
            if isinstance(value, str) and value.strip():
                out[key] = value.strip()
        return out

    def set_settings(self, values: dict[str, str | None]) -> None:
        """Set (or clear, with an empty text) the receipt details in ``RECEIPT_SETTINGS``."""
        with self.ws.store.transaction():
            for key, value in values.items():
                if key not in RECEIPT_SETTINGS:
                    raise KeyError(key)
                cleaned = " ".join((value or "").split())
                if cleaned:
                    self.ws.store.execute(
                        "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) "
                        "DO UPDATE SET value = excluded.value",
                        (f"receipt.{key}", json.dumps(cleaned, ensure_ascii=False)),
                    )
                else:
                    self.ws.store.execute("DELETE FROM setting WHERE key = ?", (f"receipt.{key}",))

    # -- issuing and reading -------------------------------------------------------------------

    def _next_number(self, on: date) -> str:
        """``<agent code>-<year>-<sequence of 6 digits>``, the sequence restarting at 000001
        each year. Voided receipts keep their numbers, so they count here too. The code is the
        server's (unique among agents) once the laptop is registered."""
        prefix = receipt_year_prefix(self.ws.store.profile.receipt_code, on.year)
        row = self.ws.store.one(
            "SELECT max(CAST(substr(json_extract(body, '$.number'), ?) AS INTEGER)) "
            "FROM record WHERE kind = 'receipt' AND json_extract(body, '$.number') LIKE ? "
            "ESCAPE '\\'",
            (len(prefix) + 1, prefix.replace("_", "\\_").replace("%", "\\%") + "%"),
        )
        last = int(row[0]) if row is not None and row[0] is not None else 0
        return f"{prefix}{last + 1:0{RECEIPT_SEQUENCE_DIGITS}d}"

    def live_of(self, enrollment_id: str) -> str | None:
        """The id of the enrollment's receipt that is not voided, if it has one."""
        for rec in self.ws.records.of_kind("receipt", parent_id=enrollment_id):
            if is_live_receipt(rec.body):
                return rec.id
        return None

    def issue(self, enrollment_id: str) -> ReceiptInfo:
        """A receipt for the enrollment's amount, numbered ``<agent_code>-<year>-<seq>``:
        unique without asking the server, since the agent code is the agent's own. An
        enrollment has one live receipt; after a void it can get a new one."""
        enrollment = self.ws.records.get(enrollment_id, "enrollment")
        if self.live_of(enrollment_id) is not None:
            raise fail("already_receipted", "enrollment_id")
        today = self.ws.current_day()
        receipt_id = new_id()
        with self.ws.store.transaction():
            body = {
                "number": self._next_number(today),
                "enrollment_id": enrollment_id,
                "amount": enrollment.body["amount"],
                "issued_on": today.isoformat(),
                "months": enrollment_months(enrollment.body),
            }
            body = parse("receipt", body, today).to_body()
            self.ws.records.put("receipt", receipt_id, body, now=self.ws.now())
        return self.get(receipt_id)

    def get(self, receipt_id: str) -> ReceiptInfo:
        rec = self.ws.records.get(receipt_id, "receipt")
        enrollment = self.ws.records.get(str(rec.body.get("enrollment_id")), "enrollment").body
        household_id = text(enrollment, "household_id")
        person_id = text(enrollment, "person_id")
        if household_id is None and person_id is not None:
            household_id = text(self.ws.records.get(person_id, "person").body, "household_id")
        household = self.ws.records.find(household_id) if household_id else None
        hbody = household.body if household is not None else {}
        if enrollment.get("scheme") == "voluntary" and person_id is not None:
            person_ids: list[str] = [person_id]
        else:
            person_ids = [str(m) for m in enrollment.get("member_ids") or ()]
        names = []
        for pid in person_ids:
            found = self.ws.records.find(pid)
            names.append(str(found.body.get("full_name", "")) if found is not None else pid)
        period = paid_period(enrollment)
        issued = as_day(rec.body.get("issued_on")) or self.ws.current_day()
        profile = self.ws.store.profile
        payer = self._payer_person(enrollment, household_id, hbody)
        setting = self._setting
        return ReceiptInfo(
            id=receipt_id,
            number=str(rec.body["number"]),
            issued_on=issued,
            amount=int(rec.body["amount"]),
            months=rec.body.get("months"),
            enrollment_id=str(rec.body["enrollment_id"]),
            scheme=str(enrollment.get("scheme")),
            payer_name=names[0]
            if enrollment.get("scheme") == "voluntary" and names
            else str(hbody.get("head_name", "")),
            person_names=tuple(names),
            household_id=household_id,
            address=str(hbody.get("address", "")),
            commune_name=self.ws.commune_name(str(hbody.get("commune_code", ""))),
            agent_name=profile.agent_name,
            agent_code=profile.receipt_code,  # the collector code printed on the receipt
            paid_on=period[0] if period else issued,
            period_from=period[0] if period else issued,
            period_to=period[1] if period else issued,
            details=enrollment,
            confirmation_code=text(rec.body, "confirmation_code"),
            payer_bhxh_code=text(payer, "bhxh_code"),
            payer_cccd=text(payer, "cccd"),
            voided=not is_live_receipt(rec.body),
            void_reason=text(rec.body, "void_reason"),
            voided_on=as_day(rec.body.get("voided_on")),
            printed=self.ws.store.receipt_prints.count(receipt_id),
            office=setting("office"),
            organisation=setting("organisation"),
            series=setting("series"),
            synced=rec.version > 0 and not self.ws.store.outbox.has_ops(receipt_id),
        )

    def _setting(self, key: str) -> str | None:
        """A receipt detail the agent set for this profile (office, organisation, series)."""
        row = self.ws.store.one("SELECT value FROM setting WHERE key = ?", (f"receipt.{key}",))
        value = json.loads(row[0]) if row is not None else None
        return value.strip() or None if isinstance(value, str) else None

    def _payer_person(
        self, enrollment: Mapping[str, Any], household_id: str | None, hbody: Mapping[str, Any]
    ) -> Mapping[str, Any]:
        """Whose BHXH code and CCCD the receipt prints: the participant (voluntary) or the
        household member named as its head; empty when not found (the lines stay blank)."""
        person_id = text(enrollment, "person_id")
        if enrollment.get("scheme") == "voluntary" and person_id is not None:
            found = self.ws.records.find(person_id)
            return found.body if found is not None else {}
        if household_id is not None:
            head = hbody.get("head_name")
            for member in self.ws.records.of_kind("person", household_id=household_id):
                if member.body.get("full_name") == head:
                    return member.body
        return {}
