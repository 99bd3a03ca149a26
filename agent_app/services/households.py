"""Households and their members (``Workspace.households``): search, detail, register, edit,
remove, and logging visits (with the follow-up a visit schedules)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from agent_app.services._common import as_day, error, fail, parse, tagged, text
from agent_app.services.coverage import person_periods
from agent_app.services.followups import close_answered
from agent_app.services.types import (
    Changed,
    HouseholdDetail,
    HouseholdRow,
    MemberRow,
    TimelineEntry,
)
from agent_app.storage import search as household_search
from sync.domain.errors import FieldError, ValidationFailed
from sync.domain.validators import age_on
from sync.domain.vocab import label
from sync.protocol import new_id

if TYPE_CHECKING:
    from agent_app.services.workspace import Workspace

HOUSEHOLD_STATUSES = ("new", "not_home", "interested", "refused", "enrolled")


class Households:
    """``ws.households.search(query)``, ``.matches``, ``.count``, ``.get(household_id)``,
    ``.member(person_id)``, ``.register(household, members)``, ``.save(body, household_id=None)``,
    ``.save_member``, ``.remove_member``, ``.restore_member``, ``.log_visit``,
    ``.complete_followup``."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # -- reading -----------------------------------------------------------------------------

    def search(
        self,
        query: str = "",
        *,
        commune_code: str | None = None,
        status: str | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> list[HouseholdRow]:
        hits = household_search.search(
            self.ws.store,
            query,
            commune_code=commune_code,
            status=status,
            limit=limit,
            offset=offset,
        )
        rows = []
        for hit in hits:
            body = json.loads(hit.body)
            commune = str(body.get("commune_code", ""))
            rows.append(
                HouseholdRow(
                    id=hit.id,
                    head_name=str(body.get("head_name", "")),
                    commune_code=commune,
                    commune_name=self.ws.commune_name(commune),
                    village=text(body, "village"),
                    address=str(body.get("address", "")),
                    phone=text(body, "phone"),
                    member_count=hit.member_count,
                    status=hit.status,
                    version=hit.version,
                    pending=hit.pending,
                    last_visit_on=as_day(hit.last_visit_on),
                )
            )
        return rows

    def matches(
        self, query: str, household_ids: list[str]
    ) -> dict[str, tuple[str, str, str | None, str | None]]:
        """For the households of a search page found by something other than the head's name:
        ``(field, value, member name, relationship)``, e.g. ``("full_name", "Nguyễn Văn Ánh",
        "Nguyễn Văn Ánh", "child")`` or ``("village", "Ấp Tân Hòa", None, None)``."""
        found = household_search.matches(self.ws.store, query, household_ids)
        return {i: (m.field, m.value, m.member, m.relationship) for i, m in found.items()}

    def count(
        self, query: str = "", *, commune_code: str | None = None, status: str | None = None
    ) -> int:
        return household_search.count(
            self.ws.store, query, commune_code=commune_code, status=status
        )

    def get(self, household_id: str) -> HouseholdDetail:
        rec = self.ws.records.get(household_id, "household")
        status_row = self.ws.store.one(
            "SELECT status FROM household_index WHERE id = ?", (household_id,)
        )
        enrollments = self.ws.records.of_kind("enrollment", household_id=household_id)
        members = tuple(
            self._member_row(p.id, p.body, p.version, enrollments)
            for p in self.ws.records.of_kind("person", household_id=household_id)
        )
        timeline: list[TimelineEntry] = []
        for kind, title_key in (
            ("visit", "outcome"),
            ("enrollment", "scheme"),
            ("receipt", "number"),
            ("followup", "reason"),
        ):
            for r in self.ws.records.of_kind(kind, household_id=household_id):
                day_key = {"visit": "visited_on", "enrollment": "paid_on"}.get(
                    kind, "issued_on" if kind == "receipt" else "due_on"
                )
                amount = r.body.get("amount")
                timeline.append(
                    TimelineEntry(
                        kind=kind,
                        id=r.id,
                        on=as_day(r.body.get(day_key)),
                        title=str(r.body.get(title_key, "")),
                        amount=amount if isinstance(amount, int) else None,
                        body=r.body,
                    )
                )
        timeline.sort(key=lambda e: (e.on or date.min, e.kind != "visit"), reverse=True)
        pending = self.ws.store.outbox.households_with_ops([household_id])
        commune = str(rec.body.get("commune_code", ""))
        return HouseholdDetail(
            id=household_id,
            body=rec.body,
            version=rec.version,
            status=status_row[0] if status_row else "new",
            commune_name=self.ws.commune_name(commune),
            members=members,
            timeline=tuple(timeline),
            pending=bool(pending),
        )

    def member(self, person_id: str) -> MemberRow:
        rec = self.ws.records.get(person_id, "person")
        household_id = str(rec.body.get("household_id"))
        enrollments = self.ws.records.of_kind("enrollment", household_id=household_id)
        return self._member_row(rec.id, rec.body, rec.version, enrollments)

    def _member_row(
        self, person_id: str, body: Mapping[str, Any], version: int, enrollments: Sequence[Any]
    ) -> MemberRow:
        # Each scheme its own period: one "paid until" for both hid a card that ends sooner.
        periods = person_periods(person_id, (e.body for e in enrollments))
        voluntary, health = "voluntary" in periods, "household_health" in periods
        ends = [p[1] for p in periods.values() if p is not None]
        paid_until = max(ends) if ends else None
        if body.get("covered_elsewhere") is True:
            insurance = "covered_elsewhere"
        elif voluntary and health:
            insurance = "both"
        elif voluntary:
            insurance = "voluntary"
        elif health:
            insurance = "household_health"
        else:
            insurance = "none"
        born = as_day(body.get("date_of_birth"))
        return MemberRow(
            id=person_id,
            full_name=str(body.get("full_name", "")),
            date_of_birth=born,
            age=age_on(born, self.ws.current_day()) if born else None,
            sex=str(body.get("sex", "")),
            relationship=str(body.get("relationship", "")),
            cccd=text(body, "cccd"),
            phone=text(body, "phone"),
            insurance=insurance,
            paid_until=paid_until,
            version=version,
            body=dict(body),
            voluntary_period=periods.get("voluntary"),
            health_period=periods.get("household_health"),
        )

    # -- writing -----------------------------------------------------------------------------

    def register(
        self, household: Mapping[str, Any], members: Sequence[Mapping[str, Any]]
    ) -> Changed:
        """A new household and its members in one transaction; every error at once (member
        errors carry ``params["member"]``, the member's index)."""
        household_id = new_id()
        errors: list[FieldError] = []
        today = self.ws.current_day()
        parsed_household = None
        try:
            parsed_household = parse("household", household, today)
        except ValidationFailed as exc:
            errors.extend(exc.errors)
        people = []
        for i, member in enumerate(members):
            body = {**member, "household_id": household_id}
            try:
                people.append((new_id(), parse("person", body, today).to_body()))
            except ValidationFailed as exc:
                errors.extend(tagged(exc.errors, member=i))
        errors.extend(self._duplicate_cccd([b for _, b in people]))
        if parsed_household is not None:
            errors.extend(self._scope(parsed_household.to_body()))
        if errors or parsed_household is None:
            raise ValidationFailed(errors)
        now = self.ws.now()
        with self.ws.store.transaction():
            self.ws.records.put("household", household_id, parsed_household.to_body(), now=now)
            for person_id, body in people:
                self.ws.records.put("person", person_id, body, now=now)
        return Changed(
            frozenset({"household", "person"} if people else {"household"}),
            (household_id, *(p for p, _ in people)),
        )

    def _scope(self, body: Mapping[str, Any]) -> list[FieldError]:
        # The server refuses records outside the agent's communes; say so before saving.
        if body.get("commune_code") in self.ws.store.profile.communes:
            return []
        return [error("not_in_scope", "commune_code")]

    def _duplicate_cccd(
        self, bodies: Sequence[Mapping[str, Any]], exclude: str | None = None
    ) -> list[FieldError]:
        """A CCCD belongs to one person: already on another record, or twice in one form."""
        errors = []
        seen: set[str] = set()
        for i, body in enumerate(bodies):
            cccd = text(body, "cccd")
            if cccd is None:
                continue
            other = self.ws.store.one(
                "SELECT id FROM record WHERE kind = 'person' "
                "AND json_extract(body, '$.cccd') = ? AND deleted = 0 AND id IS NOT ? LIMIT 1",
                (cccd, exclude),
            )
            if cccd in seen or other is not None:
                errors.append(error("duplicate", "cccd", member=i))
            seen.add(cccd)
        return errors

    def save(self, body: Mapping[str, Any], household_id: str | None = None) -> Changed:
        """Create a household, or edit one: given fields replace the stored ones, a ``None``
        clears one, unknown fields are kept."""
        if household_id is None:
            household_id = new_id()
            merged = dict(body)
        else:
            merged = {**self.ws.records.get(household_id, "household").body, **body}
        parsed = parse("household", merged, self.ws.current_day())
        scope = self._scope(parsed.to_body())
        if scope:
            raise ValidationFailed(scope)
        with self.ws.store.transaction():
            self.ws.records.put("household", household_id, parsed.to_body(), now=self.ws.now())
        return Changed(frozenset({"household"}), (household_id,))

    def save_member(self, body: Mapping[str, Any], person_id: str | None = None) -> Changed:
        if person_id is None:
            person_id = new_id()
            merged = dict(body)
        else:
            merged = {**self.ws.records.get(person_id, "person").body, **body}
        household_id = merged.get("household_id")
        if not isinstance(household_id, str) or self.ws.records.find(household_id) is None:
            raise fail("not_found", "household_id")
        parsed = parse("person", merged, self.ws.current_day()).to_body()
        errors = self._duplicate_cccd([parsed], exclude=person_id)
        if errors:
            raise ValidationFailed(errors)
        with self.ws.store.transaction():
            self.ws.records.put("person", person_id, parsed, now=self.ws.now())
        return Changed(frozenset({"person", "household"}), (person_id, str(household_id)))

    def remove_member(self, person_id: str) -> Changed:
        rec = self.ws.records.get(person_id, "person")
        with self.ws.store.transaction():
            self.ws.records.put("person", person_id, rec.body, deleted=True, now=self.ws.now())
        return Changed(
            frozenset({"person", "household"}), (person_id, str(rec.body.get("household_id")))
        )

    def restore_member(self, person_id: str) -> Changed:
        """Undo :meth:`remove_member`. While the removal is unsent the same record comes back
        and the server never hears of the removal; once sent, the server refuses any change to
        a deleted record, so the person comes back as a new record with the same details
        (its id is the first of the returned ids)."""
        rec = self.ws.records.find(person_id)
        if rec is None or rec.kind != "person":
            raise fail("not_found", "person_id")
        household_id = str(rec.body.get("household_id"))
        with self.ws.store.transaction():
            if self.ws.records.undelete("person", person_id, now=self.ws.now()):
                restored = person_id
            else:
                self.ws.records.get(household_id, "household")
                restored = new_id()
                body = parse("person", rec.body, self.ws.current_day()).to_body()
                self.ws.records.put("person", restored, body, now=self.ws.now())
        return Changed(frozenset({"person", "household"}), (restored, household_id))

    def log_visit(self, body: Mapping[str, Any]) -> Changed:
        """A visit; a ``follow_up_on`` date also creates a ``followup`` record. The visit
        answers the household's open follow-ups (see ``followups.close_answered``): they are
        marked done in the same transaction, and their ids follow the visit's in ``ids``."""
        visit = parse("visit", body, self.ws.current_day()).to_body()
        household_id = visit["household_id"]
        self.ws.records.get(household_id, "household")
        person_id = visit.get("person_id")
        if person_id is not None and self.ws.records.find(person_id) is None:
            raise fail("not_found", "person_id")
        visit_id = new_id()
        ids = [visit_id, household_id]
        kinds = {"visit", "household"}
        now = self.ws.now()
        with self.ws.store.transaction():
            self.ws.records.put("visit", visit_id, visit, now=now)
            answered = close_answered(
                self.ws.records,
                household_id,
                person_ids=[person_id] if person_id is not None else [],
                on=as_day(visit["visited_on"]) or self.ws.current_day(),
                by=visit_id,
                now=now,
            )
            if answered:
                ids.extend(answered)
                kinds.add("followup")
            if "follow_up_on" in visit:
                followup: dict[str, Any] = {
                    "due_on": visit["follow_up_on"],
                    "reason": visit.get("notes") or visit.get("reason") or label(visit["outcome"]),
                    "done": False,
                    "household_id": household_id,
                    "visit_id": visit_id,
                }
                if person_id is not None:
                    followup["person_id"] = person_id
                followup_id = new_id()
                self.ws.records.put(
                    "followup",
                    followup_id,
                    parse("followup", followup, self.ws.current_day()).to_body(),
                    now=now,
                )
                ids.append(followup_id)
                kinds.add("followup")
        return Changed(frozenset(kinds), tuple(ids))

    def complete_followup(self, followup_id: str, done: bool = True) -> Changed:
        rec = self.ws.records.get(followup_id, "followup")
        with self.ws.store.transaction():
            self.ws.records.put(
                "followup", followup_id, {**rec.body, "done": done}, now=self.ws.now()
            )
        return Changed(frozenset({"followup"}), (followup_id,))
