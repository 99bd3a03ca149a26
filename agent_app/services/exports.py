"""The lists BHXH takes: for a date range and a commune (or all the agent's communes), the
participants of one scheme as D05-TS (voluntary) or D03-TS (household health insurance), each
row checked before it is written (:meth:`Exports.plan`), then laid out by
:mod:`sync.lists.bhxh_lists` (:meth:`Exports.write`).

Money comes from the stored enrollment and the rules (``sync.domain.enrollment``, the path the
enroll use case and the server take); a row whose stored amount the rules do not give is
blocked, never rewritten. Qt-free; reads through the store's repositories.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from agent_app.services._common import integer, text
from agent_app.services.export_checks import (
    ExportBlocked,
    Problem,
    own_error,
    person_problems,
)
from agent_app.storage.records import StoredRecord
from sync.domain import rules
from sync.domain.admin_units import admin_units
from sync.domain.enrollment import check_enrollment, enrollment_facts
from sync.domain.errors import FieldError, RuleError
from sync.domain.rules import Rates
from sync.domain.vocab import label
from sync.lists.bhxh_lists import (
    D03,
    D05,
    FORMS,
    IMPORT,
    LAYOUTS,
    SCHEME_OF_FORM,
    ListHeader,
    ListRow,
    Progress,
    bhxh_codes,
    code_of,
    write_import,
    write_print,
)
from sync.lists.rows import Listed
from sync.lists.rows import rows as list_rows

if TYPE_CHECKING:
    from agent_app.services.workspace import Workspace

# The per-profile setting holding the collection organisation of the header block:
# {"name", "code", "tax_code", "address"}; a missing value is printed as a blank to fill in.
ORGANISATION_SETTING: Final = "bhxh_organisation"
ORGANISATION_KEYS: Final = ("name", "code", "tax_code", "address")


@dataclass(frozen=True, slots=True)
class ExportPlan:
    """The checked list: the rows that may be written and what blocks the others. A problem
    in a household's payment blocks every member of it (the ladder needs them all)."""

    form: str
    header: ListHeader
    rows: tuple[ListRow, ...]
    problems: tuple[Problem, ...]
    blocked_rows: int = 0
    commune: str | None = None

    @property
    def blocked(self) -> bool:
        return bool(self.problems)

    def default_name(self, layout: str) -> str:
        place = self.commune or "all"
        span = f"{self.header.date_from:%Y%m%d}-{self.header.date_to:%Y%m%d}"
        return f"{self.form}_{place}_{span}_{layout}.xlsx"


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    layout: str
    written: int
    left_out: int
    problems: tuple[Problem, ...] = field(default=())


class Exports:
    """The D05-TS / D03-TS lists of one profile (``workspace.exports``)."""

    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    # -- the organisation of the header block ------------------------------------------------

    def organisation(self) -> dict[str, str]:
        saved = self._ws.setting(ORGANISATION_SETTING, {})
        saved = saved if isinstance(saved, dict) else {}
        return {k: str(saved[k]).strip() for k in ORGANISATION_KEYS if str(saved.get(k) or "")}

    def set_organisation(self, values: Mapping[str, str]) -> None:
        kept = {k: str(values[k]).strip() for k in ORGANISATION_KEYS if str(values.get(k) or "")}
        self._ws.set_setting(ORGANISATION_SETTING, {k: v for k, v in kept.items() if v} or None)

    # -- plan: gather and check --------------------------------------------------------------

    def plan(
        self,
        form: str,
        date_from: date,
        date_to: date,
        commune: str | None = None,
        *,
        progress: Progress | None = None,
    ) -> ExportPlan:
        """Every enrollment of the form's scheme paid from ``date_from`` to ``date_to`` in
        ``commune`` (None: all the agent's communes), as rows, with what blocks each."""
        if form not in FORMS:
            raise ValueError(f"unknown form {form!r}")
        ws = self._ws
        records = ws.records
        scheme = SCHEME_OF_FORM[form]
        communes = {commune} if commune else set(ws.store.profile.communes)
        enrollments = [
            e
            for e in records.of_kind(
                "enrollment", day_from=date_from.isoformat(), day_to=date_to.isoformat()
            )
            if e.body.get("scheme") == scheme
        ]
        person_ids: list[str] = []
        for e in enrollments:
            if scheme == "voluntary":
                pid = text(e.body, "person_id")
                person_ids.extend([pid] if pid else [])
            else:
                person_ids.extend(str(m) for m in e.body.get("member_ids") or ())
        persons = records.find_many(person_ids)
        household_ids = [text(e.body, "household_id") for e in enrollments]
        household_ids += [text(p.body, "household_id") for p in persons.values()]
        households = records.find_many(h for h in household_ids if h)
        if scheme == "voluntary":
            others = records.of_kind_in("enrollment", "person_id", persons)
            by_holder: dict[str, list[StoredRecord]] = {}
            for r in others:
                by_holder.setdefault(str(r.body.get("person_id")), []).append(r)
        else:
            others = records.of_kind_in("enrollment", "household_id", households)
            by_holder = {}
            for r in others:
                if r.body.get("scheme") == "household_health":
                    for m in r.body.get("member_ids") or ():
                        by_holder.setdefault(str(m), []).append(r)
        receipts: dict[str, list[StoredRecord]] = {}
        for r in records.of_kind_in("receipt", "parent_id", (e.id for e in enrollments)):
            receipts.setdefault(str(r.body.get("enrollment_id")), []).append(r)

        rows: list[ListRow] = []
        problems: list[Problem] = []
        blocked_rows = 0
        picked = []
        for e in enrollments:
            household_id = text(e.body, "household_id")
            if household_id is None and scheme == "voluntary":
                person = persons.get(text(e.body, "person_id") or "")
                household_id = text(person.body, "household_id") if person else None
            household = households.get(household_id or "")
            commune_code = text(household.body, "commune_code") if household else None
            if commune_code not in communes:
                continue
            picked.append((commune_code, str(e.body.get("paid_on")), e, household))
        picked.sort(key=lambda p: p[:2])
        rates = ws.rates  # once: each read asks the store which version was pulled last
        for done, (_, _, e, household) in enumerate(picked, start=1):
            found, trouble = self._rows_of(rates, e, household, persons, by_holder, receipts)
            if trouble:
                problems.extend(trouble)
                blocked_rows += 1 if scheme == "voluntary" else len(e.body.get("member_ids") or ())
            else:
                rows.extend(found)
            if progress is not None and (done % 500 == 0 or done == len(picked)):
                progress(done, len(picked))
        return ExportPlan(
            form=form,
            header=self._header(form, date_from, date_to, communes),
            rows=tuple(rows),
            problems=tuple(problems),
            blocked_rows=blocked_rows,
            commune=commune,
        )

    def _header(self, form: str, date_from: date, date_to: date, communes: set[str]) -> ListHeader:
        ws = self._ws
        org = self.organisation()
        try:
            base: int | None = ws.rates.at("base_salary", date_to).amount()
        except RuleError:
            base = None
        if form == D05:
            codes = bhxh_codes()["voluntary"]["participant_type"]
            funding = "Người tham gia tự đóng, ngân sách nhà nước hỗ trợ"
            try:
                scheme = ws.rates.at("voluntary", date_to)
                table = scheme.data["support_pct"]
                parts = [f"{label(k)} {int(v)} %" for k, v in table.items()]
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
        names = ", ".join(sorted(ws.commune_name(c) for c in communes))
        profile = ws.store.profile
        return ListHeader(
            form=form,
            org_name=org.get("name"),
            org_code=org.get("code"),
            org_tax_code=org.get("tax_code"),
            org_address=org.get("address"),
            participant_type=f"{codes['label']} ({codes['code']})",
            funding_source=funding,
            base_salary=base,
            support_pct=support,
            date_from=date_from,
            date_to=date_to,
            communes=names,
            agent_name=profile.agent_name,
            agent_code=profile.agent_code,
            made_on=ws.current_day(),
        )

    def _rows_of(
        self,
        rates: Rates,
        enrollment: StoredRecord,
        household: StoredRecord | None,
        persons: Mapping[str, StoredRecord],
        by_holder: Mapping[str, list[StoredRecord]],
        receipts: Mapping[str, list[StoredRecord]],
    ) -> tuple[list[ListRow], list[Problem]]:
        ws = self._ws
        body = enrollment.body
        voluntary = body.get("scheme") == "voluntary"
        hbody = household.body if household is not None else {}
        household_id = household.id if household is not None else None
        holder_ids = (
            [str(body.get("person_id"))]
            if voluntary
            else [str(m) for m in body.get("member_ids") or ()]
        )
        problems: list[Problem] = []
        first_name = ""

        def problem(
            person_id: str | None, name: str, fld: str | None, error: FieldError, todo: str
        ) -> None:
            problems.append(Problem(name, person_id, household_id, enrollment.id, fld, error, todo))

        # The enrollment: amount by the rules, receipt, method code.
        quote: rules.VoluntaryQuote | rules.HouseholdQuote | None = None
        head = persons.get(holder_ids[0]) if holder_ids else None
        first_name = str(head.body.get("full_name", "")) if head else ""
        try:
            if voluntary:
                earlier = [
                    r.body for r in by_holder.get(holder_ids[0], ()) if r.id != enrollment.id
                ]
                facts = enrollment_facts(head.body if head else None, hbody, earlier)
            else:
                facts = enrollment_facts(None, hbody)
            quote = check_enrollment(rates, body, facts)
        except RuleError as exc:
            problem(None, first_name, exc.field or "amount", exc.error, "fix_amount")
        receipt = self._receipt(receipts.get(enrollment.id, []))
        if receipt is None:
            problem(None, first_name, "number", own_error("no_receipt"), "issue_receipt")
        elif integer(receipt.body, "amount") != integer(body, "amount"):
            problem(
                None,
                first_name,
                "amount",
                FieldError.make(
                    "amount_mismatch",
                    "amount",
                    amount=integer(receipt.body, "amount"),
                    expected=integer(body, "amount"),
                ),
                "fix_receipt",
            )
        if voluntary:
            method = str(body.get("method"))
            method_code = code_of("method", method)
            if method_code is None:
                problem(None, first_name, "method", own_error("no_code"), "set_code")
        else:
            method = str(body.get("months"))
            method_code = code_of("household_period", method)
        # The household: commune and address.
        units = admin_units()
        commune = units.commune(str(hbody.get("commune_code") or ""))
        province = units.province(commune.province_code) if commune is not None else None
        if commune is None or province is None:
            problem(
                None,
                first_name,
                "commune_code",
                FieldError.make("unknown_commune", "commune_code", value=hbody.get("commune_code")),
                "fix_household",
            )
        address = str(hbody.get("address") or "").strip()
        if not address:
            problem(
                None, first_name, "address", FieldError.make("required", "address"), "fix_household"
            )
        # Each participant: name, identity.
        people: list[tuple[str, dict[str, Any], str]] = []
        for pid in holder_ids:
            person = persons.get(pid)
            if person is None:
                problem(pid, pid, "person_id", own_error("no_person"), "fix_person")
                continue
            pbody = person.body
            name = str(pbody.get("full_name") or "")
            for fld, error, todo in person_problems(pbody):
                problem(pid, name or pid, fld, error, todo)
            people.append((pid, pbody, name))
        if problems or quote is None or receipt is None or commune is None or province is None:
            return [], problems

        listed = Listed(
            enrollment.id, body, hbody, commune, province, receipt.body, ws.store.profile.agent_code
        )
        held = {pid: [(r.id, r.body) for r in by_holder.get(pid, [])] for pid, _, _ in people}
        return list_rows(rates, quote, listed, people, held), []

    @staticmethod
    def _receipt(found: Sequence[StoredRecord]) -> StoredRecord | None:
        """The receipt that stands for the payment: not voided (a voided one keeps its number
        but no longer proves the payment)."""
        for r in found:
            b = r.body
            if not (b.get("voided") or b.get("voided_on") or b.get("void_reason")):
                return r
        return None

    # -- write ---------------------------------------------------------------------------

    def write(
        self,
        plan: ExportPlan,
        path: Path,
        layout: str,
        *,
        good_rows_only: bool = False,
        progress: Progress | None = None,
    ) -> ExportResult:
        """Write ``plan`` in ``layout`` (``print`` or ``import``) to ``path``. With problems it
        raises :class:`ExportBlocked` and writes nothing, unless ``good_rows_only``: then the
        rows without problems are written and the others left out (and counted)."""
        if layout not in LAYOUTS:
            raise ValueError(f"unknown layout {layout!r}")
        if plan.problems and not good_rows_only:
            raise ExportBlocked(plan.problems)
        if layout == IMPORT:
            written = write_import(path, plan.form, plan.rows, progress=progress)
        else:
            written = write_print(path, plan.header, plan.rows, progress=progress)
        return ExportResult(written, layout, len(plan.rows), plan.blocked_rows, plan.problems)

    def export(
        self,
        form: str,
        date_from: date,
        date_to: date,
        path: Path,
        layout: str,
        commune: str | None = None,
        *,
        good_rows_only: bool = False,
        progress: Progress | None = None,
    ) -> ExportResult:
        """:meth:`plan` then :meth:`write`, in one call (the dialog's Save). ``progress(done,
        total)`` counts the checked rows, then the written ones (total: twice the rows)."""
        checking = writing = None
        if progress is not None:
            report = progress

            def checking(done: int, total: int) -> None:
                report(done, 2 * total)

            def writing(done: int, total: int) -> None:
                report(total + done, 2 * total)

        plan = self.plan(form, date_from, date_to, commune, progress=checking)
        return self.write(plan, path, layout, good_rows_only=good_rows_only, progress=writing)


__all__ = [
    "D03",
    "D05",
    "ExportBlocked",
    "ExportPlan",
    "ExportResult",
    "Exports",
    "Problem",
]
