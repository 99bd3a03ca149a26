"""Use cases that involve money: quotes, voluntary and household health enrollments (amounts
always from ``sync.domain.rules``), and numbered receipts."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from agent_app.services._base import Base
from agent_app.services._common import (
    as_day,
    check_cover_from,
    enrollment_months,
    fail,
    paid_period,
    parse,
    text,
)
from agent_app.services.followups import close_answered
from agent_app.services.receipt_numbers import RECEIPT_SEQUENCE_DIGITS, receipt_year_prefix
from agent_app.services.types import Changed, ReceiptInfo
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
from sync.domain.receipts import is_live_receipt
from sync.protocol import new_id


class MoneyCases(Base):
    def _person(self, person_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
        person = self.records.get(person_id, "person").body
        household = self.records.get(str(person.get("household_id")), "household").body
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
                for r in self.records.of_kind("enrollment", person_id=person_id)
                if r.id != exclude
            ]
            return enrollment_facts(person, household, earlier)
        if household_id is not None:
            return enrollment_facts(None, self.records.get(household_id, "household").body)
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
            out["amount"] = quote_with_facts(self.rates, out, facts).total
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
            self.rates,
            income=income,
            support=support,
            method=method,
            months=months,
            paid_on=paid_on or self.current_day(),
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
                retire = rules.retirement_date(self.rates, sex=sex, date_of_birth=born)
                today = self.current_day()
                months_contributed = max(
                    0, (retire.year - today.year) * 12 + retire.month - today.month
                )
            months_contributed += self._supported_before(person_id)
        return rules.estimate_pension(
            self.rates,
            sex=sex,
            months_contributed=months_contributed,
            average_income=income,
            on=self.current_day(),
            date_of_birth=born,
        )

    def enroll_voluntary(self, body: Mapping[str, Any]) -> Changed:
        """Store a voluntary enrollment; its amount is the rules' total (a given ``amount``
        that differs raises ``RuleError("amount_mismatch")``)."""
        draft = {"scheme": "voluntary", "paid_on": self.current_day().isoformat(), **body}
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
        quote = quote_with_facts(self.rates, draft, facts)
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
            rec = self.records.find(member_id)
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
            "paid_on": paid_on or self.current_day(),
        }
        quote = quote_with_facts(self.rates, body, facts)
        assert isinstance(quote, rules.HouseholdQuote)
        return quote

    def enroll_household_health(self, body: Mapping[str, Any]) -> Changed:
        draft = {"scheme": "household_health", "paid_on": self.current_day().isoformat(), **body}
        for key in IGNORED_BODY_FIELDS:
            draft.pop(key, None)
        household_id = draft.get("household_id")
        if not isinstance(household_id, str) or self.records.find(household_id) is None:
            raise fail("not_found", "household_id")
        member_ids = draft.get("member_ids")
        if not isinstance(member_ids, list | tuple) or not member_ids:
            raise fail("required", "member_ids")
        charged = self._charged_members(household_id, [str(m) for m in member_ids])
        paid_on = as_day(draft.get("paid_on"))
        if paid_on is None:
            raise fail("invalid_date", "paid_on")
        facts = self.enrollment_facts(household_id=household_id)
        quote = quote_with_facts(self.rates, {**draft, "member_ids": charged}, facts)
        self._check_amount(draft, quote.total)
        draft["member_ids"] = charged
        draft["amount"] = quote.total
        return self._store_enrollment(draft)

    def _store_enrollment(self, draft: Mapping[str, Any]) -> Changed:
        check_cover_from(draft)
        body = parse("enrollment", draft, self.current_day()).to_body()
        enrollment_id = new_id()
        household_id = body.get("household_id")
        person_id = body.get("person_id")
        covered = [person_id] if isinstance(person_id, str) else list(body.get("member_ids", []))
        answered: list[str] = []
        with self.store.transaction():
            self.records.put("enrollment", enrollment_id, body, now=self.now())
            if isinstance(household_id, str):
                # Signing up answers the household's open follow-ups (the same transaction,
                # so their ``done`` goes to the server with the enrollment).
                answered = close_answered(
                    self.records,
                    household_id,
                    person_ids=covered,
                    on=self.current_day(),
                    by=enrollment_id,
                    now=self.now(),
                )
        ids = [enrollment_id]
        if isinstance(household_id, str):
            ids.append(household_id)
        kinds = {"enrollment", "household", "person"} | ({"followup"} if answered else set())
        return Changed(frozenset(kinds), (*ids, *answered))

    # -- receipts ------------------------------------------------------------------------------

    def _next_number(self, on: date) -> str:
        """``<agent code>-<year>-<sequence of 6 digits>``, the sequence restarting at 000001
        each year. Voided receipts keep their numbers, so they count here too. The code is the
        server's (unique among agents) once the laptop is registered."""
        prefix = receipt_year_prefix(self.store.profile.receipt_code, on.year)
        row = self.store.one(
            "SELECT max(CAST(substr(json_extract(body, '$.number'), ?) AS INTEGER)) "
            "FROM record WHERE kind = 'receipt' AND json_extract(body, '$.number') LIKE ? "
            "ESCAPE '\\'",
            (len(prefix) + 1, prefix.replace("_", "\\_").replace("%", "\\%") + "%"),
        )
        last = int(row[0]) if row is not None and row[0] is not None else 0
        return f"{prefix}{last + 1:0{RECEIPT_SEQUENCE_DIGITS}d}"

    def live_receipt_of(self, enrollment_id: str) -> str | None:
        """The id of the enrollment's receipt that is not voided, if it has one."""
        for rec in self.records.of_kind("receipt", parent_id=enrollment_id):
            if is_live_receipt(rec.body):
                return rec.id
        return None

    def issue_receipt(self, enrollment_id: str) -> ReceiptInfo:
        """A receipt for the enrollment's amount, numbered ``<agent_code>-<year>-<seq>``:
        unique without asking the server, since the agent code is the agent's own. An
        enrollment has one live receipt; after a void it can get a new one."""
        enrollment = self.records.get(enrollment_id, "enrollment")
        if self.live_receipt_of(enrollment_id) is not None:
            raise fail("already_receipted", "enrollment_id")
        today = self.current_day()
        receipt_id = new_id()
        with self.store.transaction():
            body = {
                "number": self._next_number(today),
                "enrollment_id": enrollment_id,
                "amount": enrollment.body["amount"],
                "issued_on": today.isoformat(),
                "months": enrollment_months(enrollment.body),
            }
            body = parse("receipt", body, today).to_body()
            self.records.put("receipt", receipt_id, body, now=self.now())
        return self.receipt(receipt_id)

    def receipt(self, receipt_id: str) -> ReceiptInfo:
        rec = self.records.get(receipt_id, "receipt")
        enrollment = self.records.get(str(rec.body.get("enrollment_id")), "enrollment").body
        household_id = text(enrollment, "household_id")
        person_id = text(enrollment, "person_id")
        if household_id is None and person_id is not None:
            household_id = text(self.records.get(person_id, "person").body, "household_id")
        household = self.records.find(household_id) if household_id else None
        hbody = household.body if household is not None else {}
        if enrollment.get("scheme") == "voluntary" and person_id is not None:
            person_ids: list[str] = [person_id]
        else:
            person_ids = [str(m) for m in enrollment.get("member_ids") or ()]
        names = []
        for pid in person_ids:
            found = self.records.find(pid)
            names.append(str(found.body.get("full_name", "")) if found is not None else pid)
        period = paid_period(enrollment)
        issued = as_day(rec.body.get("issued_on")) or self.current_day()
        profile = self.store.profile
        payer = self._payer_person(enrollment, household_id, hbody)
        setting = self._receipt_setting
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
            commune_name=self.commune_name(str(hbody.get("commune_code", ""))),
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
            printed=self.store.receipt_prints.count(receipt_id),
            office=setting("office"),
            organisation=setting("organisation"),
            series=setting("series"),
            synced=rec.version > 0 and not self.store.outbox.has_ops(receipt_id),
        )

    def _receipt_setting(self, key: str) -> str | None:
        """A receipt detail the agent set for this profile (office, organisation, series)."""
        row = self.store.one("SELECT value FROM setting WHERE key = ?", (f"receipt.{key}",))
        value = json.loads(row[0]) if row is not None else None
        return value.strip() or None if isinstance(value, str) else None

    def _payer_person(
        self, enrollment: Mapping[str, Any], household_id: str | None, hbody: Mapping[str, Any]
    ) -> Mapping[str, Any]:
        """Whose BHXH code and CCCD the receipt prints: the participant (voluntary) or the
        household member named as its head; empty when not found (the lines stay blank)."""
        person_id = text(enrollment, "person_id")
        if enrollment.get("scheme") == "voluntary" and person_id is not None:
            found = self.records.find(person_id)
            return found.body if found is not None else {}
        if household_id is not None:
            head = hbody.get("head_name")
            for member in self.records.of_kind("person", household_id=household_id):
                if member.body.get("full_name") == head:
                    return member.body
        return {}
