"""The renewal and follow-up call list (``Workspace.renewals``): participants whose paid period
ends within 30 days or ended up to 90 days ago (from each enrollment's ``cover_from``, method
and months, as ``services.coverage`` reads them), with what the next payment costs at today's
rates and the person's stored facts; follow-ups due or overdue; and the outcome of each call.

A call outcome is stored as a ``followup`` record (the sync contract's fields plus
``call_outcome``, ``call_note``, ``call_for``, ``called_on``, ``called_at``; the server keeps
unknown fields): ``promised`` leaves it open for the promised date, so it comes back as a
follow-up then; the others are done. Calling about an open follow-up closes it
(``closed_by`` is the call)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final

from agent_app.services._common import add_months, as_day, fail, integer, parse, text
from agent_app.services.coverage import cover_period, scheme_period
from agent_app.services.types import Changed
from agent_app.storage.records import StoredRecord
from sync.domain.enrollment import enrollment_facts, enrollment_months, quote_with_facts
from sync.domain.errors import DomainError
from sync.domain.vocab import LABELS
from sync.protocol import iso_utc, new_id

if TYPE_CHECKING:
    from agent_app.services.workspace import Workspace

DAYS_AHEAD: Final = 30  # BHXH's renewal lists: paid periods that end within 30 days
DAYS_BACK: Final = 90  # and those that ended up to 90 days ago, still worth a call
CALL_OUTCOMES: Final = ("contacted", "promised", "renewed", "lapsed")
PROMISE_DAYS: Final = 7  # a promise without a date is followed up a week later
# The Vietnamese words stored in the follow-up's ``reason`` (the record's language).
_OUTCOME_VI: Final = {
    "contacted": "đã liên hệ",
    "promised": "đã hứa đóng",
    "renewed": "đã gia hạn",
    "lapsed": "không tiếp tục",
}


@dataclass(frozen=True, slots=True)
class CallOutcome:
    outcome: str  # one of CALL_OUTCOMES
    note: str
    called_on: date
    next_on: date | None  # the promised date (open follow-up), None when done


@dataclass(frozen=True, slots=True)
class CallItem:
    """One line of the call list: a renewal (``id`` the enrollment that ends last) or a
    follow-up (``id`` the follow-up)."""

    kind: str  # "renewal" or "followup"
    id: str
    household_id: str | None
    person_id: str | None
    name: str
    phone: str | None
    village: str | None
    due_on: date  # renewal: the first day not paid for; follow-up: its date
    overdue_days: int  # days past due_on (0: due today or later)
    reason: str = ""  # a follow-up's own words
    scheme: str | None = None
    paid_until: date | None = None  # renewal: the last day paid for
    amount: int | None = None  # what the next payment costs at today's rates
    months: int | None = None
    next_from: date | None = None  # the next payment's period
    next_to: date | None = None
    problem: DomainError | None = None  # why the rules refuse to price it today
    prefill: dict[str, Any] = field(default_factory=dict)  # the next enrollment's fields
    last_call: CallOutcome | None = None

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0

    @property
    def ended(self) -> bool:
        """A renewal whose paid period is already over."""
        return self.kind == "renewal" and self.overdue_days > 0


class Renewals:
    """``ws.renewals.call_list(on=None)`` and ``.record_call(kind, item_id, outcome, ...)``."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def _reach_of(
        self, person_id: str | None, household_id: str | None
    ) -> tuple[str, str | None, str | None, dict[str, Any] | None, dict[str, Any] | None]:
        """(name, phone, village, person body, household body)."""
        person = self.ws.records.find(person_id) if person_id else None
        pbody = person.body if person is not None and not person.deleted else None
        if household_id is None and pbody is not None:
            household_id = text(pbody, "household_id")
        household = self.ws.records.find(household_id) if household_id else None
        hbody = household.body if household is not None and not household.deleted else None
        name = str((pbody or {}).get("full_name") or (hbody or {}).get("head_name") or "")
        phone = text(pbody or {}, "phone") or text(hbody or {}, "phone")
        return name, phone, text(hbody or {}, "village"), pbody, hbody

    def _calls(self) -> dict[str, CallOutcome]:
        """The latest call outcome about each renewal or follow-up, by its id."""
        latest: dict[str, tuple[str, CallOutcome]] = {}
        for r in self.ws.records.of_kind("followup"):
            about, outcome = text(r.body, "call_for"), text(r.body, "call_outcome")
            called = as_day(r.body.get("called_on"))
            if about is None or outcome not in CALL_OUTCOMES or called is None:
                continue
            order = f"{called.isoformat()} {r.body.get('called_at') or ''}"
            if about in latest and latest[about][0] >= order:
                continue
            done = r.body.get("done") is True
            latest[about] = (
                order,
                CallOutcome(
                    outcome=str(outcome),
                    note=str(r.body.get("call_note") or ""),
                    called_on=called,
                    next_on=None if done else as_day(r.body.get("due_on")),
                ),
            )
        return {about: call for about, (_, call) in latest.items()}

    def call_list(self, on: date | None = None) -> list[CallItem]:
        """Renewals (paid period ending within 30 days or ended up to 90 days ago) and the
        follow-ups due or overdue, each with the phone to call; most urgent first."""
        day = on or self.ws.current_day()
        calls = self._calls()
        items = [*self._renewals(day, calls), *self._followups(day, calls)]
        items.sort(key=lambda i: (i.due_on, i.kind, i.name))
        return items

    def _followups(self, day: date, calls: Mapping[str, CallOutcome]) -> list[CallItem]:
        out = []
        for r in self.ws.records.of_kind("followup", day_to=day.isoformat()):
            due = as_day(r.body.get("due_on"))
            if r.body.get("done") is True or due is None:
                continue
            person_id, household_id = text(r.body, "person_id"), text(r.body, "household_id")
            name, phone, village, _, _ = self._reach_of(person_id, household_id)
            out.append(
                CallItem(
                    kind="followup",
                    id=r.id,
                    household_id=household_id,
                    person_id=person_id,
                    name=name,
                    phone=phone,
                    village=village,
                    due_on=due,
                    overdue_days=max(0, (day - due).days),
                    reason=str(r.body.get("reason") or ""),
                    scheme=text(r.body, "scheme"),
                    last_call=calls.get(r.id),
                )
            )
        return out

    def _renewals(self, day: date, calls: Mapping[str, CallOutcome]) -> list[CallItem]:
        groups: dict[tuple[str, str], list[StoredRecord]] = {}
        for r in self.ws.records.of_kind("enrollment"):
            scheme = "voluntary" if r.body.get("scheme") == "voluntary" else "household_health"
            holder = text(r.body, "person_id" if scheme == "voluntary" else "household_id")
            groups.setdefault((scheme, holder or r.id), []).append(r)
        out = []
        for (scheme, _), enrollments in groups.items():
            periods = [(p, r) for r in enrollments if (p := cover_period(r.body)) is not None]
            run = scheme_period(p for p, _ in periods)
            if run is None:
                continue
            ends = run[1]
            if not day - timedelta(days=DAYS_BACK) <= ends <= day + timedelta(days=DAYS_AHEAD):
                continue
            latest = max(periods, key=lambda pr: (pr[0][1], pr[1].body.get("paid_on") or ""))[1]
            out.append(self._renewal(day, scheme, latest, ends, calls.get(latest.id)))
        return out

    def _renewal(
        self,
        day: date,
        scheme: str,
        latest: StoredRecord,
        ends: date,
        call: CallOutcome | None,
    ) -> CallItem:
        body = latest.body
        person_id = text(body, "person_id") if scheme == "voluntary" else None
        household_id = text(body, "household_id")
        name, phone, village, pbody, hbody = self._reach_of(person_id, household_id)
        months = enrollment_months(body)
        # Cover goes on from the day after the paid period; one that lapsed starts this month
        # at the earliest (the form's month range starts with the current month).
        after = ends + timedelta(days=1)
        start = max(date(after.year, after.month, 1), date(day.year, day.month, 1))
        prefill: dict[str, Any] = {"scheme": scheme, "cover_from": f"{start:%Y-%m}"}
        next_body: dict[str, Any] = {"scheme": scheme, "paid_on": day.isoformat()}
        if scheme == "voluntary":
            for key in ("person_id", "income", "support", "method"):
                if key in body:
                    prefill[key] = body[key]
            if body.get("method") == "advance" and integer(body, "months"):
                prefill["months"] = body["months"]
            # Every enrollment of the person counts towards the 120 supported months.
            earlier = [r.body for r in self.ws.records.of_kind("enrollment", person_id=person_id)]
            facts = enrollment_facts(pbody, hbody, earlier)
        else:
            live = [m for m in body.get("member_ids") or () if self._charged(str(m))]
            prefill.update({"household_id": household_id, "member_ids": live, "months": months})
            facts = enrollment_facts(None, hbody)
        next_body.update(prefill)
        amount: int | None = None
        problem: DomainError | None = None
        try:
            quote = quote_with_facts(self.ws.rates, next_body, facts)
            amount, months = quote.total, quote.months
        except DomainError as exc:
            problem = exc
        return CallItem(
            kind="renewal",
            id=latest.id,
            household_id=household_id,
            person_id=person_id,
            name=name,
            phone=phone,
            village=village,
            due_on=after,
            overdue_days=max(0, (day - after).days),
            scheme=scheme,
            paid_until=ends,
            amount=amount,
            months=months,
            next_from=start,
            next_to=add_months(start, months) - timedelta(days=1),
            problem=problem,
            prefill=prefill,
            last_call=call,
        )

    def _charged(self, person_id: str) -> bool:
        """A member still in the household and not covered by another group."""
        rec = self.ws.records.find(person_id)
        return (
            rec is not None
            and not rec.deleted
            and rec.kind == "person"
            and rec.body.get("covered_elsewhere") is not True
        )

    # -- outcomes ------------------------------------------------------------------------------

    def record_call(
        self,
        kind: str,
        item_id: str,
        outcome: str,
        note: str = "",
        next_on: date | None = None,
    ) -> Changed:
        """Store what came of a call about a renewal (``item_id`` an enrollment) or a
        follow-up: one ``followup`` record per call, open until ``next_on`` for a promise
        (a week from today when not given), done otherwise; a follow-up called about is
        closed by it."""
        if outcome not in CALL_OUTCOMES:
            raise fail("not_in_choices", "call_outcome", choices=", ".join(CALL_OUTCOMES))
        if kind not in ("renewal", "followup"):
            raise fail("not_in_choices", "kind", choices="renewal, followup")
        about = self.ws.records.get(item_id, "enrollment" if kind == "renewal" else "followup")
        today = self.ws.current_day()
        if outcome == "promised":
            next_on = next_on or today + timedelta(days=PROMISE_DAYS)
        elif outcome != "contacted":
            next_on = None  # renewed or lapsed: nothing left to call about
        scheme = text(about.body, "scheme")
        person_id = text(about.body, "person_id")
        household_id = text(about.body, "household_id")
        if household_id is None and person_id is not None:
            found = self.ws.records.find(person_id)
            household_id = text(found.body, "household_id") if found is not None else None
        what = LABELS[scheme][0] if scheme is not None and scheme in LABELS else "hẹn gọi lại"
        topic = f"Gia hạn {what}" if kind == "renewal" else str(about.body.get("reason") or what)
        reason = f"{topic}: {_OUTCOME_VI[outcome]}"
        note = " ".join(note.split())
        if note:
            reason = f"{reason} — {note}"
        body: dict[str, Any] = {
            "due_on": (next_on or today).isoformat(),
            "reason": reason,
            "done": next_on is None,
            "call_outcome": outcome,
            "call_note": note,
            "call_for": item_id,
            "called_on": today.isoformat(),
            "called_at": iso_utc(self.ws.now()),
        }
        if scheme is not None:
            body["scheme"] = scheme
        if person_id is not None:
            body["person_id"] = person_id
        if household_id is not None:
            body["household_id"] = household_id
        parsed = parse("followup", body, today).to_body()
        call_id = new_id()
        ids = [call_id]
        with self.ws.store.transaction():
            self.ws.records.put("followup", call_id, parsed, now=self.ws.now())
            if kind == "followup" and about.body.get("done") is not True:
                closed = {**about.body, "done": True, "closed_by": call_id}
                self.ws.records.put("followup", about.id, closed, now=self.ws.now())
                ids.append(about.id)
        if household_id is not None:
            ids.append(household_id)
        return Changed(frozenset({"followup", "call"}), tuple(ids))
