"""Use cases that look across records: Today, the day report, scripts and targets from
reference data (events and the needs-attention list are parts of their own: ``events.py``,
``attention.py``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from agent_app.services._base import Base
from agent_app.services._common import as_day, integer, text
from agent_app.services.coverage import cover_period
from agent_app.services.progress import current_target
from agent_app.services.receipts import LIVE_RECEIPT_SQL
from agent_app.services.types import (
    DayReport,
    DueItem,
    Mismatch,
    ReceiptLine,
    ScriptRow,
    TargetRow,
    TodaySummary,
)
from agent_app.storage.records import StoredRecord
from sync.domain.admin_units import admin_units
from sync.domain.receipts import is_live_receipt
from sync.domain.vocab import label
from sync.protocol import REF_SCRIPT, REF_TARGET

RENEWAL_WINDOW_DAYS = 30
# Target metrics in a ref.target body and how local records count towards them.
TARGET_METRICS = (
    ("voluntary_new", "BHXH tự nguyện"),
    ("household_health_new", "BHYT hộ gia đình"),
    ("events", "Sự kiện truyền thông"),
)


class ReportCases(Base):
    def _count(self, sql: str, params: Any = ()) -> int:
        return int(self.store.one(sql, params)[0])

    def _name_of(self, body: Mapping[str, Any]) -> str:
        for key in ("person_id", "household_id"):
            rid = text(body, key)
            found = self.records.find(rid) if rid else None
            if found is not None:
                return str(found.body.get("full_name") or found.body.get("head_name") or "")
        return ""

    def _reach(self, body: Mapping[str, Any]) -> tuple[str | None, str | None]:
        """Where to find the person or household a record is about: (village, phone)."""
        person_id, household_id = text(body, "person_id"), text(body, "household_id")
        person = self.records.find(person_id) if person_id else None
        if household_id is None and person is not None:
            household_id = text(person.body, "household_id")
        household = self.records.find(household_id) if household_id else None
        hbody = household.body if household is not None else {}
        phone = (text(person.body, "phone") if person is not None else None) or text(hbody, "phone")
        return text(hbody, "village"), phone

    # -- Today -----------------------------------------------------------------------------

    def today(self, on: date | None = None) -> TodaySummary:
        """Follow-ups due (overdue included), paid periods ending within 30 days, and today's
        visits, sign-ups and money collected."""
        day = on or self.current_day()
        iso = day.isoformat()
        followups = []
        for r in self.records.of_kind("followup", day_to=iso):
            if r.body.get("done") is True:
                continue
            village, phone = self._reach(r.body)
            followups.append(
                DueItem(
                    kind="followup",
                    id=r.id,
                    household_id=text(r.body, "household_id"),
                    person_id=text(r.body, "person_id"),
                    name=self._name_of(r.body),
                    due_on=as_day(r.body.get("due_on")) or day,
                    reason=str(r.body.get("reason", "")),
                    village=village,
                    phone=phone,
                )
            )
        latest: dict[tuple[str, str], tuple[date, Any]] = {}
        for r in self.records.of_kind("enrollment"):
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
                village, phone = self._reach(r.body)
                renewals.append(
                    DueItem(
                        kind="renewal",
                        id=r.id,
                        household_id=text(r.body, "household_id"),
                        person_id=text(r.body, "person_id"),
                        name=self._name_of(r.body),
                        due_on=ends + timedelta(days=1),
                        reason=label(scheme),
                        scheme=scheme,
                        village=village,
                        phone=phone,
                    )
                )
        money = self.store.one(
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
            pending=self.store.outbox.pending_count(),
            attention=self.store.outbox.attention_count(),
        )

    def day_report(self, on: date | None = None) -> DayReport:
        """The receipts and cash of the day against what the day's enrollments charged."""
        day = on or self.current_day()
        iso = day.isoformat()
        unsynced = self.store.outbox.record_ids()
        lines = []
        for r in self.records.of_kind("receipt", day_from=iso, day_to=iso):
            if not is_live_receipt(r.body):
                continue  # voided: its number stays in the ledger, its money does not count
            enrollment = self.records.find(str(r.body.get("enrollment_id")))
            ebody = enrollment.body if enrollment is not None else {}
            lines.append(
                ReceiptLine(
                    id=r.id,
                    number=str(r.body.get("number")),
                    amount=integer(r.body, "amount") or 0,
                    payer_name=self._name_of(ebody),
                    scheme=str(ebody.get("scheme", "")),
                    synced=r.version > 0 and r.id not in unsynced,
                )
            )
        lines.sort(key=lambda line: line.number)
        enrollments = self.records.of_kind("enrollment", day_from=iso, day_to=iso)
        receipted = {
            row[0]
            for row in self.store.all(
                "SELECT parent_id FROM record WHERE kind = 'receipt' AND deleted = 0 "
                f"AND {LIVE_RECEIPT_SQL}"
            )
        }
        states = self.store.outbox.counts()
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
                    name=self._name_of(ebody),
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

        for enrollment in self.records.of_kind("enrollment", day_from=iso, day_to=iso):
            seen.add(enrollment.id)
            receipts = [
                r
                for r in self.records.of_kind("receipt", parent_id=enrollment.id)
                if is_live_receipt(r.body)
            ]
            if not receipts:
                add("no_receipt", enrollment, None)
            else:
                compare(enrollment, receipts[0])
        for receipt in self.records.of_kind("receipt", day_from=iso, day_to=iso):
            enrollment_id = str(receipt.body.get("enrollment_id"))
            if enrollment_id in seen or not is_live_receipt(receipt.body):
                continue
            other = self.records.find(enrollment_id)
            if other is None or other.deleted or other.kind != "enrollment":
                add("no_enrollment", None, receipt)
            elif integer(receipt.body, "amount") != integer(other.body, "amount"):
                add("amount_differs", other, receipt)
            else:
                # Paid (by the enrollment) on another day than the receipt says.
                add("dates_differ", other, receipt)
        return tuple(found)

    # -- reference data ------------------------------------------------------------------------

    def _references(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        return [
            (rid, json.loads(body))
            for rid, body in self.store.all(
                "SELECT record_id, body FROM reference WHERE kind = ? ORDER BY record_id", (kind,)
            )
        ]

    def scripts(self) -> list[ScriptRow]:
        rows = [
            ScriptRow(
                id=rid,
                title=str(body.get("title", "")),
                target_group=str(body.get("group") or body.get("target_group") or ""),
                body=body,
            )
            for rid, body in self._references(REF_SCRIPT)
        ]
        rows.sort(key=lambda s: s.title)
        return rows

    def targets(self) -> list[TargetRow]:
        """Per commune and per province: the plan from ``ref.target`` and what the local
        enrollments and events achieved."""
        achieved: dict[tuple[str, str], int] = {}
        for r in self.records.of_kind("enrollment"):
            household = self.records.find(str(r.body.get("household_id")))
            commune = str(household.body.get("commune_code")) if household else ""
            if r.body.get("scheme") == "voluntary":
                key = (commune, "voluntary_new")
                achieved[key] = achieved.get(key, 0) + 1
            else:
                key = (commune, "household_health_new")
                achieved[key] = achieved.get(key, 0) + len(r.body.get("member_ids") or ())
        for r in self.records.of_kind("event"):
            key = (str(r.body.get("commune_code")), "events")
            achieved[key] = achieved.get(key, 0) + 1
        units = admin_units()
        rows: list[TargetRow] = []
        provinces: dict[tuple[str, str], list[int]] = {}
        for rid, body in self._references(REF_TARGET):
            commune = str(body.get("commune_code", ""))
            unit = units.commune(commune)
            for metric, metric_label in TARGET_METRICS:
                plan = current_target(body, metric, self.current_day())  # revised, if so
                if plan is None:
                    continue
                done = achieved.get((commune, metric), 0)
                rows.append(
                    TargetRow(
                        id=f"{rid}:{metric}",
                        level="commune",
                        code=commune,
                        label=f"{self.commune_name(commune)} · {metric_label}",
                        plan=plan,
                        achieved=done,
                        period=text(body, "campaign"),
                        metric=metric,
                    )
                )
                if unit is not None:
                    total = provinces.setdefault((unit.province_code, metric), [0, 0])
                    total[0] += plan
                    total[1] += done
        for (province, metric), (plan, done) in sorted(provinces.items()):
            found = units.province(province)
            name = found.name if found is not None else province
            metric_label = dict(TARGET_METRICS)[metric]
            rows.append(
                TargetRow(
                    id=f"province:{province}:{metric}",
                    level="province",
                    code=province,
                    label=f"{name} · {metric_label}",
                    plan=plan,
                    achieved=done,
                    period=None,
                    metric=metric,
                )
            )
        return rows
