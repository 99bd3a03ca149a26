"""Money (``Workspace.money``): quotes, the pension estimate, and voluntary and household health
enrollments, their amounts always from ``sync.domain.rules`` with the facts the local store
holds. The receipts of those payments are a part of their own (``services.receipts``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from agent_app.services._common import as_day, check_cover_from, fail, parse, text
from agent_app.services.followups import close_answered
from agent_app.services.types import Changed
from agent_app.storage.errors import NotFound
from sync.domain import rules
from sync.domain.enrollment import (
    IGNORED_BODY_FIELDS,
    EnrollmentFacts,
    enrollment_facts,
    quote_with_facts,
)
from sync.domain.errors import RuleError
from sync.domain.pension import PensionEstimate
from sync.protocol import new_id

if TYPE_CHECKING:
    from agent_app.services.workspace import Workspace


class Money:
    """``ws.money.quote_voluntary(...)``, ``.enroll_voluntary(body)``,
    ``.quote_household_health(...)``, ``.enroll_household_health(body)``,
    ``.pension_estimate(...)``, ``.enrollment_facts(...)``, ``.priced_enrollment(body)``."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def _person(self, person_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
        person = self.ws.records.get(person_id, "person").body
        household = self.ws.records.get(str(person.get("household_id")), "household").body
        return person, household

    def enrollment_facts(
        self,
        person_id: str | None = None,
        *,
        household_id: str | None = None,
        exclude: str | None = None,
    ) -> EnrollmentFacts:
        """What the rules need about an enrollment beyond its own fields, from the local store:
        the person's date of birth, the household's commune (province, special zone) and the
        months of the person's other enrollments (``exclude``: the one being corrected). The
        same function the server calls with what it holds (``sync.domain.enrollment``)."""
        if person_id is not None:
            person, household = self._person(person_id)
            earlier = [
                r.body
                for r in self.ws.records.of_kind("enrollment", person_id=person_id)
                if r.id != exclude
            ]
            return enrollment_facts(person, household, earlier)
        if household_id is not None:
            return enrollment_facts(None, self.ws.records.get(household_id, "household").body)
        return EnrollmentFacts()

    def _supported_before(self, person_id: str) -> int:
        # Support is capped at 120 months in a lifetime: the months already paid for.
        return self.enrollment_facts(person_id).supported_months_before

    def priced_enrollment(
        self, body: Mapping[str, Any], record_id: str | None = None
    ) -> dict[str, Any]:
        """``body`` with the amount the rules give from the stored facts (for a corrected
        enrollment ``record_id``, which does not count itself); unchanged when the rules refuse
        it (saving it then reports the field at fault)."""
        out = {k: v for k, v in body.items() if k not in IGNORED_BODY_FIELDS}
        try:
            person_id = text(out, "person_id") if out.get("scheme") == "voluntary" else None
            household_id = None if person_id else text(out, "household_id")
            facts = self.enrollment_facts(person_id, household_id=household_id, exclude=record_id)
            out["amount"] = quote_with_facts(self.ws.rates, out, facts).total
        except (RuleError, NotFound):
            pass
        return out

    def quote_voluntary(
        self,
        person_id: str,
        income: int,
        support: str,
        method: str,
        months: int | None = None,
        paid_on: date | None = None,
    ) -> rules.VoluntaryQuote:
        return rules.quote_voluntary(
            self.ws.rates,
            income=income,
            support=support,
            method=method,
            months=months,
            paid_on=paid_on or self.ws.current_day(),
            **self.enrollment_facts(person_id).voluntary_kwargs(),
        )

    def pension_estimate(
        self, person_id: str, income: int, months_contributed: int | None = None
    ) -> PensionEstimate:
        """The pension if the person keeps paying on ``income`` until retirement age (or for
        ``months_contributed`` months when given)."""
        person, _ = self._person(person_id)
        born = as_day(person.get("date_of_birth"))
        sex = str(person.get("sex"))
        if months_contributed is None:
            months_contributed = 0
            if born is not None and sex in ("male", "female"):
                retire = rules.retirement_date(self.ws.rates, sex=sex, date_of_birth=born)
                today = self.ws.current_day()
                months_contributed = max(
                    0, (retire.year - today.year) * 12 + retire.month - today.month
                )
            months_contributed += self._supported_before(person_id)
        return rules.estimate_pension(
            self.ws.rates,
            sex=sex,
            months_contributed=months_contributed,
            average_income=income,
            on=self.ws.current_day(),
            date_of_birth=born,
        )

    def enroll_voluntary(self, body: Mapping[str, Any]) -> Changed:
        """Store a voluntary enrollment; its amount is the rules' total (a given ``amount``
        that differs raises ``RuleError("amount_mismatch")``)."""
        draft = {"scheme": "voluntary", "paid_on": self.ws.current_day().isoformat(), **body}
        # The facts come from the store on both sides; a body never says them.
        for key in IGNORED_BODY_FIELDS:
            draft.pop(key, None)
        person_id = draft.get("person_id")
        if not isinstance(person_id, str):
            raise fail("required", "person_id")
        try:
            person, _ = self._person(person_id)
            facts = self.enrollment_facts(person_id)
        except NotFound:
            raise fail("not_found", "person_id") from None
        if as_day(draft.get("paid_on")) is None:
            raise fail("invalid_date", "paid_on")
        quote = quote_with_facts(self.ws.rates, draft, facts)
        self._check_amount(draft, quote.total)
        draft["amount"] = quote.total
        draft["months"] = quote.months
        draft["household_id"] = person.get("household_id")
        return self._store_enrollment(draft)

    @staticmethod
    def _check_amount(body: Mapping[str, Any], total: int) -> None:
        amount = body.get("amount")
        if amount is not None and (amount != total or isinstance(amount, bool)):
            raise RuleError("amount_mismatch", "amount", amount=amount, expected=total)

    def _charged_members(self, household_id: str, member_ids: Sequence[str]) -> list[str]:
        """The given members minus those covered by another group; each must be in the
        household."""
        charged = []
        for member_id in member_ids:
            rec = self.ws.records.find(member_id)
            if (
                rec is None
                or rec.deleted
                or rec.kind != "person"
                or rec.body.get("household_id") != household_id
            ):
                raise fail("not_member", "member_ids", member_id=member_id)
            if rec.body.get("covered_elsewhere") is not True:
                charged.append(member_id)
        return charged

    def quote_household_health(
        self,
        household_id: str,
        member_ids: Sequence[str],
        months: int,
        paid_on: date | None = None,
    ) -> rules.HouseholdQuote:
        """Members flagged ``covered_elsewhere`` are not charged (nor counted on the ladder)."""
        facts = self.enrollment_facts(household_id=household_id)
        charged = self._charged_members(household_id, member_ids)
        body = {
            "scheme": "household_health",
            "member_ids": charged,
            "months": months,
            "paid_on": paid_on or self.ws.current_day(),
        }
        quote = quote_with_facts(self.ws.rates, body, facts)
        assert isinstance(quote, rules.HouseholdQuote)
        return quote

    def enroll_household_health(self, body: Mapping[str, Any]) -> Changed:
        draft = {"scheme": "household_health", "paid_on": self.ws.current_day().isoformat(), **body}
        for key in IGNORED_BODY_FIELDS:
            draft.pop(key, None)
        household_id = draft.get("household_id")
        if not isinstance(household_id, str) or self.ws.records.find(household_id) is None:
            raise fail("not_found", "household_id")
        member_ids = draft.get("member_ids")
        if not isinstance(member_ids, list | tuple) or not member_ids:
            raise fail("required", "member_ids")
        charged = self._charged_members(household_id, [str(m) for m in member_ids])
        paid_on = as_day(draft.get("paid_on"))
        if paid_on is None:
            raise fail("invalid_date", "paid_on")
        facts = self.enrollment_facts(household_id=household_id)
        quote = quote_with_facts(self.ws.rates, {**draft, "member_ids": charged}, facts)
        self._check_amount(draft, quote.total)
        draft["member_ids"] = charged
        draft["amount"] = quote.total
        return self._store_enrollment(draft)

    def _store_enrollment(self, draft: Mapping[str, Any]) -> Changed:
        check_cover_from(draft)
        body = parse("enrollment", draft, self.ws.current_day()).to_body()
        enrollment_id = new_id()
        household_id = body.get("household_id")
        person_id = body.get("person_id")
        covered = [person_id] if isinstance(person_id, str) else list(body.get("member_ids", []))
        answered: list[str] = []
        with self.ws.store.transaction():
            self.ws.records.put("enrollment", enrollment_id, body, now=self.ws.now())
            if isinstance(household_id, str):
                # Signing up answers the household's open follow-ups (the same transaction,
                # so their ``done`` goes to the server with the enrollment).
                answered = close_answered(
                    self.ws.records,
                    household_id,
                    person_ids=covered,
                    on=self.ws.current_day(),
                    by=enrollment_id,
                    now=self.ws.now(),
                )
        ids = [enrollment_id]
        if isinstance(household_id, str):
            ids.append(household_id)
        kinds = {"enrollment", "household", "person"} | ({"followup"} if answered else set())
        return Changed(frozenset(kinds), (*ids, *answered))
