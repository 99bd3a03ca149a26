"""The agent's day (``Workspace.today``): what Today shows (follow-ups due, paid periods ending
soon, the day's visits, sign-ups and money) and the day-end report that Close the day checks
the cash against."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from agent_app.services._common import as_day, integer, text
from agent_app.services._lookup import name_of, reach
from agent_app.services.coverage import cover_period
from agent_app.services.receipts import LIVE_RECEIPT_SQL
from agent_app.services.types import DayReport, DueItem, Mismatch, ReceiptLine, TodaySummary
from agent_app.storage.records import StoredRecord
from sync.domain.receipts import is_live_receipt
from sync.domain.vocab import label

if TYPE_CHECKING:
    from agent_app.services.workspace import Workspace

RENEWAL_WINDOW_DAYS = 30


class Today:
    """``ws.today.summary(on=None)`` and ``ws.today.day_report(on=None)``."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def _count(self, sql: str, params: Any = ()) -> int:
        return int(self.ws.store.one(sql, params)[0])

    def summary(self, on: date | None = None) -> TodaySummary:
        """Follow-ups due (overdue included), paid periods ending within 30 days, and today's
        visits, sign-ups and money collected."""
        day = on or self.ws.current_day()
        iso = day.isoformat()
        followups = []
        for r in self.ws.records.of_kind("followup", day_to=iso):
            if r.body.get("done") is True:
                continue
            village, phone = reach(self.ws.records, r.body)
            followups.append(
                DueItem(
                    kind="followup",
                    id=r.id,
                    household_id=text(r.body, "household_id"),
                    person_id=text(r.body, "person_id"),
                    name=name_of(self.ws.records, r.body),
                    due_on=as_day(r.body.get("due_on")) or day,
                    reason=str(r.body.get("reason", "")),
                    village=village,
                    phone=phone,
                )
            )
        latest: dict[tuple[str, str], tuple[date, Any]] = {}
        for r in self.ws.records.of_kind("enrollment"):
            period = cover_period(r.body)
            if period is None:
                continue
            scheme = str(r.body.get("scheme"))
            holder = text(r.body, "person_id") if scheme == "voluntary" else None
            key = (scheme, holder or text(r.body, "household_id") or r.id)
            if key not in latest or period[1] > latest[key][0]:
                latest[key] = (period[1], r)
        renewals = []
        horizon = day + timedelta(days=RENEWAL_WINDOW_DAYS)
        for (scheme, _), (ends, r) in sorted(latest.items(), key=lambda kv: kv[1][0]):
            if day <= ends <= horizon:
                village, phone = reach(self.ws.records, r.body)
                renewals.append(
                    DueItem(
                        kind="renewal",
                        id=r.id,
                        household_id=text(r.body, "household_id"),
                        person_id=text(r.body, "person_id"),
                        name=name_of(self.ws.records, r.body),
                        due_on=ends + timedelta(days=1),
                        reason=label(scheme),
                        scheme=scheme,
                        village=village,
                        phone=phone,
                    )
                )
        money = self.ws.store.one(
            "SELECT count(*), coalesce(sum(amount), 0) FROM record "
            f"WHERE kind = 'receipt' AND deleted = 0 AND day = ? AND {LIVE_RECEIPT_SQL}",
            (iso,),
        )
        return TodaySummary(
            on=day,
            followups_due=tuple(followups),
            renewals_due=tuple(renewals),
            visits=self._count(
                "SELECT count(*) FROM record WHERE kind = 'visit' AND deleted = 0 AND day = ?",
                (iso,),
            ),
            sign_ups=self._count(
                "SELECT count(*) FROM record WHERE kind = 'enrollment' AND deleted = 0 AND day = ?",
                (iso,),
            ),
            money=int(money[1]),
            receipts=int(money[0]),
            pending=self.ws.store.outbox.pending_count(),
            attention=self.ws.store.outbox.attention_count(),
        )

    def day_report(self, on: date | None = None) -> DayReport:
        """The receipts and cash of the day against what the day's enrollments charged."""
        day = on or self.ws.current_day()
        iso = day.isoformat()
        unsynced = self.ws.store.outbox.record_ids()
        lines = []
        for r in self.ws.records.of_kind("receipt", day_from=iso, day_to=iso):
            if not is_live_receipt(r.body):
                continue  # voided: its number stays in the ledger, its money does not count
            enrollment = self.ws.records.find(str(r.body.get("enrollment_id")))
            ebody = enrollment.body if enrollment is not None else {}
            lines.append(
                ReceiptLine(
                    id=r.id,
                    number=str(r.body.get("number")),
                    amount=integer(r.body, "amount") or 0,
                    payer_name=name_of(self.ws.records, ebody),
                    scheme=str(ebody.get("scheme", "")),
                    synced=r.version > 0 and r.id not in unsynced,
                )
            )
        lines.sort(key=lambda line: line.number)
        enrollments = self.ws.records.of_kind("enrollment", day_from=iso, day_to=iso)
        receipted = {
            row[0]
            for row in self.ws.store.all(
                "SELECT parent_id FROM record WHERE kind = 'receipt' AND deleted = 0 "
                f"AND {LIVE_RECEIPT_SQL}"
            )
        }
        states = self.ws.store.outbox.counts()
        return DayReport(
            on=day,
            receipts=tuple(lines),
            cash_total=sum(line.amount for line in lines),
            enrollments_total=sum(integer(e.body, "amount") or 0 for e in enrollments),
            unreceipted=tuple(e.id for e in enrollments if e.id not in receipted),
            visits=self._count(
                "SELECT count(*) FROM record WHERE kind = 'visit' AND deleted = 0 AND day = ?",
                (iso,),
            ),
            pending=int(states.get("pending", 0)) + int(states.get("inflight", 0)),
            rejected=int(states.get("rejected", 0)),
            conflicts=int(states.get("conflict", 0)),
            mismatches=self._mismatches(day),
        )

    def _mismatches(self, day: date) -> tuple[Mismatch, ...]:
        """Every enrollment paid on ``day`` and every receipt issued on it that does not
        match its other half: the reasons the day does not balance, one record each."""
        iso = day.isoformat()
        found: list[Mismatch] = []
        seen: set[str] = set()

        def add(code: str, enrollment: StoredRecord | None, receipt: StoredRecord | None) -> None:
            ebody = enrollment.body if enrollment is not None else {}
            rbody = receipt.body if receipt is not None else {}
            found.append(
                Mismatch(
                    code=code,
                    enrollment_id=enrollment.id if enrollment is not None else None,
                    receipt_id=receipt.id if receipt is not None else None,
                    receipt_number=text(rbody, "number"),
                    household_id=text(ebody, "household_id"),
                    name=name_of(self.ws.records, ebody),
                    scheme=str(ebody.get("scheme", "")),
                    enrollment_amount=integer(ebody, "amount"),
                    receipt_amount=integer(rbody, "amount"),
                    paid_on=as_day(ebody.get("paid_on")),
                    issued_on=as_day(rbody.get("issued_on")),
                )
            )

        def compare(enrollment: StoredRecord, receipt: StoredRecord) -> None:
            if integer(receipt.body, "amount") != integer(enrollment.body, "amount"):
                add("amount_differs", enrollment, receipt)
            elif as_day(receipt.body.get("issued_on")) != as_day(enrollment.body.get("paid_on")):
                add("dates_differ", enrollment, receipt)

        for enrollment in self.ws.records.of_kind("enrollment", day_from=iso, day_to=iso):
            seen.add(enrollment.id)
            receipts = [
                r
                for r in self.ws.records.of_kind("receipt", parent_id=enrollment.id)
                if is_live_receipt(r.body)
            ]
            if not receipts:
                add("no_receipt", enrollment, None)
            else:
                compare(enrollment, receipts[0])
        for receipt in self.ws.records.of_kind("receipt", day_from=iso, day_to=iso):
            enrollment_id = str(receipt.body.get("enrollment_id"))
            if enrollment_id in seen or not is_live_receipt(receipt.body):
                continue
            other = self.ws.records.find(enrollment_id)
            if other is None or other.deleted or other.kind != "enrollment":
                add("no_enrollment", None, receipt)
            elif integer(receipt.body, "amount") != integer(other.body, "amount"):
                add("amount_differs", other, receipt)
            else:
                # Paid (by the enrollment) on another day than the receipt says.
                add("dates_differ", other, receipt)
        return tuple(found)
