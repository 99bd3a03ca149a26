"""Reference data edited in the console: the rates file, the talking-point scripts and the
campaign targets, each checked, previewed and published as a new version of its reference
record (``sync.server.refdata.put_references``: a new change number, so every laptop pulls it
at its next sync), audited in the same transaction.

Rates are checked by the rules' own code (``sync.domain.rates.rates_from_json``, what
``agent-server check-rates`` runs); a publication that would change the values in force on a
date some stored enrollment was paid is refused, naming the period and the enrollments
(``sync.domain.rates_diff.rewrites``).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final

from sqlalchemy import Connection, func, select

from sync.domain.admin_units import admin_units
from sync.domain.errors import DomainError, RuleError
from sync.domain.rates import Rates, load_rates, rates_from_json, rates_from_record
from sync.domain.rates_diff import (
    PeriodChange,
    Rewrite,
    Sample,
    period_changes,
    rewrites,
    sample_quotes,
)
from sync.domain.scripts import RenderedScript, ScriptError, render_script, unknown_placeholders
from sync.protocol import REF_RATES, REF_SCRIPT, REF_TARGET, iso_utc, utc_now
from sync.server.console import audit
from sync.server.console.i18n import N_, Translate
from sync.server.console.scope import c_province
from sync.server.console.web import ConsoleError, Forbidden, Signed
from sync.server.db import (
    Database,
    begin_changes,
    finish_changes,
    lock_references,
    lock_scope,
    records,
)
from sync.server.refdata import (
    PUBLISHED,
    RATES_ID,
    RefRecord,
    put_references,
    ref_id,
    target_body,
)

METRICS: Final = ("voluntary_new", "household_health_new", "events")
MAX_TARGET: Final = 10_000_000


# Single literals, so the i18n test finds them.
_USED: Final = N_("{table}: the period from {start} to {end} is used by {count} stored enrollments (paid {first} to {last}); its values cannot change. Add a new period from a later date instead.")  # noqa: E501  # fmt: skip
_COVERS: Final = N_("{table}: the new period from {start} to {end} covers the payment dates of {count} stored enrollments (paid {first} to {last}); start it after them.")  # noqa: E501  # fmt: skip
_PAIRS: Final = N_("objections: write each as a question line then an answer line, with a blank line between two objections.")  # noqa: E501  # fmt: skip


class Refused(ConsoleError):
    """A refusal whose message is already in the reader's language (it carries figures)."""


def _meta(body: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != PUBLISHED}


# --- rates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RatesRecord:
    version: int  # the record's version (1 = the bundled file put there first)
    seq: int  # its change number
    body: dict[str, Any]
    rates: Rates

    @property
    def published(self) -> Mapping[str, Any] | None:
        value = self.body.get(PUBLISHED)
        return value if isinstance(value, Mapping) else None

    def text(self) -> str:
        """The file as the editor shows it (without the publication stamp)."""
        return json.dumps(_meta(self.body), ensure_ascii=False, indent=2)


def rates_record(conn: Connection) -> RatesRecord:
    row = conn.execute(
        select(records.c.version, records.c.seq, records.c.body).where(
            records.c.record_id == RATES_ID
        )
    ).first()
    if row is None:  # a database opened without its reference data (never by the server)
        rates = load_rates()
        return RatesRecord(0, 0, rates.to_dict(), rates)
    body = dict(row.body)
    try:
        rates = rates_from_record(body, version=int(row.version))
    except DomainError:  # never stored by the console; the server checks with the bundled
        rates = load_rates()
    return RatesRecord(int(row.version), int(row.seq), body, rates)


def used_dates(conn: Connection) -> dict[date, int]:
    """Payment date -> stored enrollments paid that day (voided ones too: their receipts
    were printed with those rates)."""
    paid = records.c.body["paid_on"].as_string()
    rows = conn.execute(
        select(paid, func.count()).where(records.c.kind == "enrollment").group_by(paid)
    )
    out: dict[date, int] = {}
    for day, count in rows:
        try:
            out[date.fromisoformat(str(day))] = int(count)
        except ValueError:
            continue
    return out


@dataclass
class RatesPreview:
    text: str
    base_version: int
    rates: Rates | None = None
    error: str | None = None  # the rules' refusal, in the reader's language
    changes: list[PeriodChange] = field(default_factory=list)
    rewrites: list[Rewrite] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)
    unchanged: bool = False

    @property
    def publishable(self) -> bool:
        return self.rates is not None and not self.rewrites and not self.unchanged


def parse_rates(text: str, lang: str) -> Rates:
    """The rules' check of an edited file; ``Refused`` (400 ``invalid_rates``) with their
    message, which names the table and field at fault."""
    try:
        return rates_from_json(text, source="console", name="the rates")
    except RuleError as exc:
        raise Refused(400, exc.code, exc.message(lang)) from None


def preview_rates(db: Database, text: str, today: date, lang: str) -> RatesPreview:
    with db.connect() as conn:
        current = rates_record(conn)
        used = used_dates(conn)
    preview = RatesPreview(text=text, base_version=current.version)
    try:
        new = parse_rates(text, lang)
    except Refused as exc:
        preview.error = exc.message
        return preview
    preview.rates = new
    preview.changes = period_changes(current.rates, new)
    preview.rewrites = rewrites(current.rates, new, used)
    preview.unchanged = _meta(json.loads(text)) == _meta(current.body)
    starts = [c.valid_from for c in preview.changes if c.change != "removed"]
    days = [today, *sorted(d for d in set(starts) if d > today)[:3]]
    preview.samples = sample_quotes(current.rates, new, days)
    return preview


def rewrite_message(rewrite: Rewrite, translate: Translate, table_label: str) -> str:
    end = rewrite.valid_to.isoformat() if rewrite.valid_to else "…"
    text = translate(_USED if rewrite.published else _COVERS)
    where = table_label + (f" ({rewrite.province_code})" if rewrite.province_code else "")
    return text.format(
        table=where,
        start=rewrite.valid_from.isoformat(),
        end=end,
        count=rewrite.enrollments,
        first=rewrite.first.isoformat(),
        last=rewrite.last.isoformat(),
    )


def require_admin(signed: Signed) -> None:
    signed.require_change()
    if not signed.scope.is_admin:
        raise Forbidden(N_("Only an administrator publishes rates and scripts."))


def publish_rates(
    db: Database,
    signed: Signed,
    text: str,
    base_version: int,
    *,
    translate: Translate,
    table_label: Any,
    lang: str,
    address: str,
) -> tuple[int, int]:
    """A new version of ``ref.rates``: (record version, change number). Refused (409) when
    someone published since ``base_version`` or a stored enrollment used a changed value."""
    require_admin(signed)
    new = parse_rates(text, lang)
    body = dict(json.loads(text))
    now = iso_utc(utc_now())
    with db.begin() as conn:
        lock_references(conn)
        seq = begin_changes(conn)
        current = rates_record(conn)
        if current.version != base_version:
            raise ConsoleError(
                409,
                "stale",
                N_("The rates were published by someone else meanwhile: preview again."),
            )
        if _meta(body) == _meta(current.body):
            raise ConsoleError(400, "unchanged", N_("rates: nothing changes; edit them first."))
        found = rewrites(current.rates, new, used_dates(conn))
        if found:
            message = " ".join(rewrite_message(r, translate, table_label(r.table)) for r in found)
            raise Refused(409, "rates_in_use", message)
        body[PUBLISHED] = {"by": signed.supervisor.username, "at": now}
        put_references(conn, [RefRecord(REF_RATES, RATES_ID, body)], seq, now)
        finish_changes(conn, seq)
        written = rates_record(conn)
        changes = period_changes(current.rates, new)
        audit.record(
            conn,
            username=signed.supervisor.username,
            supervisor_id=signed.supervisor.id,
            action="publish_rates",
            target=REF_RATES,
            detail={
                "rates_version": new.version,
                "record_version": written.version,
                "change": written.seq,
                "periods": ", ".join(
                    f"{c.change} {c.table} {c.valid_from.isoformat()}" for c in changes
                )[:500],
            },
            address=address,
        )
    return written.version, written.seq


def with_new_period(
    current: RatesRecord,
    table: str,
    valid_from: str,
    status: str,
    legal_basis: str,
    values: str,
) -> str:
    """The current file with a period of ``table`` starting ``valid_from``: the period then in
    force ends the day before, the new one runs until the next period starts (or open). Only
    the shape is built here; the rules check the result (``parse_rates``)."""
    try:
        start = date.fromisoformat(valid_from)
    except ValueError:
        raise ConsoleError(
            400, "invalid", N_("valid_from: write the first day as YYYY-MM-DD.")
        ) from None
    try:
        data = json.loads(values)
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict):
        raise ConsoleError(
            400, "invalid", N_('values: write the values as a JSON object, e.g. {"amount": 1}.')
        )
    body = copy.deepcopy(_meta(current.body))
    tables = body.setdefault("tables", {})
    if table not in tables or not isinstance(tables[table], list):
        raise ConsoleError(400, "invalid", N_("table: choose one of the rates tables."))
    province = data.get("province_code")
    entries = [e for e in tables[table] if isinstance(e, dict)]
    same = [e for e in entries if e.get("province_code") == province]
    ends: str | None = None
    for entry in same:
        try:
            first = date.fromisoformat(str(entry.get("valid_from")))
        except ValueError:
            continue
        last_raw = entry.get("valid_to")
        last = date.fromisoformat(str(last_raw)) if last_raw else None
        if first < start and (last is None or last >= start):
            entry["valid_to"] = (start - timedelta(days=1)).isoformat()
            if last is not None:
                ends = last.isoformat()
        elif first > start:
            candidate = (first - timedelta(days=1)).isoformat()
            ends = candidate if ends is None or candidate < ends else ends
    meta = {"valid_from": start.isoformat(), "valid_to": ends, "status": status}
    meta["legal_basis"] = legal_basis
    entries.append({**meta, **{k: v for k, v in data.items() if k not in meta}})
    entries.sort(key=lambda e: str(e.get("valid_from")))
    tables[table] = entries
    return json.dumps(body, ensure_ascii=False, indent=2)


# --- scripts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScriptRecord:
    record_id: str
    version: int
    seq: int
    body: dict[str, Any]

    @property
    def title(self) -> str:
        return str(self.body.get("title") or self.record_id)

    @property
    def group(self) -> str:
        return str(self.body.get("group") or "")


def scripts(conn: Connection) -> list[ScriptRecord]:
    rows = conn.execute(
        select(records.c.record_id, records.c.version, records.c.seq, records.c.body)
        .where(records.c.kind == REF_SCRIPT, records.c.deleted.is_(False))
        .order_by(records.c.record_id)
    )
    found = [ScriptRecord(r.record_id, int(r.version), int(r.seq), dict(r.body)) for r in rows]
    return sorted(found, key=lambda s: s.title)


def script(conn: Connection, record_id: str) -> ScriptRecord:
    for item in scripts(conn):
        if item.record_id == record_id:
            return item
    raise ConsoleError(404, "not_found", N_("There is no such script."))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _pairs(text: str) -> list[tuple[str, str]]:
    """Objections as typed: a question line, then its answer line; a blank line between."""
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = _lines(block)
        if not lines:
            continue
        if len(lines) != 2:
            raise ConsoleError(400, "invalid", _PAIRS)
        out.append((lines[0], lines[1]))
    return out


def script_from_form(base: Mapping[str, Any], fields: Mapping[str, str]) -> dict[str, Any]:
    """The script body with the form's texts; every other field (id, group, figures) kept."""
    body = copy.deepcopy(_meta(base))
    for key in ("title", "title_en", "group_label", "group_label_en"):
        if key in fields:
            body[key] = fields[key].strip()
    if "points" in fields:
        body["points"] = _lines(fields["points"])
    if "points_en" in fields:
        body["points_en"] = _lines(fields["points_en"])
    if "objections" in fields or "objections_en" in fields:
        vi = _pairs(fields.get("objections", ""))
        en = _pairs(fields.get("objections_en", ""))
        items = []
        for i, (question, answer) in enumerate(vi):
            item = {"question": question, "answer": answer}
            if i < len(en):
                item["question_en"], item["answer_en"] = en[i]
            items.append(item)
        body["objections"] = items
    return body


def script_from_json(text: str) -> dict[str, Any]:
    try:
        body = json.loads(text)
    except json.JSONDecodeError:
        body = None
    if not isinstance(body, dict):
        raise ConsoleError(400, "invalid", N_("script: send the script as a JSON object."))
    return body


@dataclass
class ScriptPreview:
    body: dict[str, Any]
    base_version: int
    errors: list[str] = field(default_factory=list)
    rendered: dict[str, RenderedScript] = field(default_factory=dict)

    @property
    def publishable(self) -> bool:
        return not self.errors

    def text(self) -> str:
        return json.dumps(self.body, ensure_ascii=False)


def check_script(
    body: Mapping[str, Any], rates: Rates, today: date, translate: Translate
) -> list[str]:
    """What stops a script from being published: no title or points, a lone brace, or a
    placeholder the rules cannot fill today (a number typed from the rates must stay a
    placeholder, and every placeholder must be one ``sync.domain.scripts`` knows)."""
    errors = []
    if not str(body.get("title") or "").strip():
        errors.append(translate(N_("title: a script needs a title.")))
    points = body.get("points")
    if not isinstance(points, list) or not [p for p in points if str(p).strip()]:
        errors.append(translate(N_("points: a script needs at least one talking point.")))
    try:
        bad = unknown_placeholders(body, rates, today)
    except ScriptError as exc:
        errors.append(
            translate(N_("A brace has no partner in: {text}")).format(text=exc.placeholder[:120])
        )
        return errors
    for key in bad:
        errors.append(
            translate(N_("{{{key}}}: not a placeholder the rules can fill.")).format(key=key)
        )
    return errors


def preview_script(
    current: ScriptRecord, body: dict[str, Any], rates: Rates, today: date, translate: Translate
) -> ScriptPreview:
    preview = ScriptPreview(body, current.version)
    preview.errors = check_script(body, rates, today, translate)
    if not preview.errors:
        for lang in ("vi", "en"):
            try:
                preview.rendered[lang] = render_script(
                    body, rates, today, lang, record_id=current.record_id
                )
            except (ScriptError, DomainError) as exc:
                preview.errors.append(str(exc))
    return preview


def publish_script(
    db: Database,
    signed: Signed,
    record_id: str,
    body: dict[str, Any],
    base_version: int,
    *,
    today: date,
    translate: Translate,
    address: str,
) -> tuple[int, int]:
    require_admin(signed)
    now = iso_utc(utc_now())
    with db.begin() as conn:
        lock_references(conn)
        seq = begin_changes(conn)
        current = script(conn, record_id)
        if current.version != base_version:
            raise ConsoleError(
                409,
                "stale",
                N_("The script was published by someone else meanwhile: preview again."),
            )
        errors = check_script(body, rates_record(conn).rates, today, translate)
        if errors:
            raise Refused(400, "invalid_script", " ".join(errors))
        if _meta(body) == _meta(current.body):
            raise ConsoleError(400, "unchanged", N_("script: nothing changes; edit it first."))
        body = {**_meta(body), "id": current.body.get("id", record_id)}
        body[PUBLISHED] = {"by": signed.supervisor.username, "at": now}
        put_references(conn, [RefRecord(REF_SCRIPT, record_id, body)], seq, now)
        finish_changes(conn, seq)
        written = script(conn, record_id)
        audit.record(
            conn,
            username=signed.supervisor.username,
            supervisor_id=signed.supervisor.id,
            action="publish_script",
            target=f"{REF_SCRIPT}:{record_id}",
            detail={"title": current.title, "version": written.version, "change": written.seq},
            address=address,
        )
    return written.version, written.seq


# --- targets --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetRecord:
    commune_code: str
    province_code: str | None
    name: str
    version: int
    seq: int
    body: dict[str, Any]

    def figure(self, metric: str) -> int | None:
        value = self.body.get(metric)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def revisions(self) -> list[Mapping[str, Any]]:
        raw = self.body.get("revisions")
        return [r for r in raw if isinstance(r, Mapping)] if isinstance(raw, list) else []

    def in_force(self, metric: str, on: date) -> int | None:
        value = self.figure(metric)
        for revision in sorted(self.revisions(), key=lambda r: str(r.get("from"))):
            figure = revision.get(metric)
            if str(revision.get("from")) <= on.isoformat() and isinstance(figure, int):
                value = figure
        return value


def _commune_name(code: str) -> str:
    unit = admin_units().commune(code)
    return unit.name if unit is not None else code


def targets(conn: Connection, signed: Signed) -> list[TargetRecord]:
    """The targets of the communes in the supervisor's scope, by province and commune."""
    rows = conn.execute(
        select(records.c.commune_code, records.c.version, records.c.seq, records.c.body).where(
            records.c.kind == REF_TARGET, records.c.deleted.is_(False)
        )
    )
    out = []
    for row in rows:
        code = str(row.commune_code or row.body.get("commune_code") or "")
        province = c_province(code)
        if signed.scope.sees_commune(code, province):
            out.append(
                TargetRecord(
                    code, province, _commune_name(code), int(row.version), int(row.seq),
                    dict(row.body),
                )
            )  # fmt: skip
    out.sort(key=lambda t: (t.province_code or "", t.commune_code))
    return out


def _count(fields: Mapping[str, str], metric: str, translate: Translate) -> int | None:
    raw = fields.get(metric, "").strip().replace(".", "").replace(",", "")
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > MAX_TARGET:
        message = translate(N_("{field}: write a whole number from 0 to 10,000,000."))
        raise Refused(400, "invalid", message.format(field=metric))
    return int(raw)


def revise_target(
    db: Database,
    signed: Signed,
    commune: str,
    fields: Mapping[str, str],
    *,
    translate: Translate,
    address: str,
) -> TargetRecord:
    """A revised target of ``commune`` from a date: the original figures stay, the revision
    (figures, first day, note, who) is added to ``revisions`` (replacing one that starts the
    same day). 404 outside the supervisor's scope."""
    signed.require_change()
    province = c_province(commune)
    if province is None or not signed.scope.sees_commune(commune, province):
        raise ConsoleError(404, "not_found", N_("There is no such commune in your scope."))
    try:
        starts = date.fromisoformat(fields.get("from", "").strip())
    except ValueError:
        raise ConsoleError(
            400, "invalid", N_("from: write the first day of the revised target as YYYY-MM-DD.")
        ) from None
    figures: dict[str, int] = {}
    for metric in METRICS:
        value = _count(fields, metric, translate)
        if value is not None:
            figures[metric] = value
    if not figures:
        raise ConsoleError(400, "invalid", N_("voluntary_new: give at least one revised figure."))
    note = fields.get("note", "").strip()[:300]
    now = iso_utc(utc_now())
    with db.begin() as conn:
        # Two revisions of one commune at once: one waits (PostgreSQL; SQLite's write lock).
        lock_scope(conn, [commune])
        seq = begin_changes(conn)
        row = conn.execute(
            select(records.c.body).where(
                records.c.kind == REF_TARGET, records.c.commune_code == commune
            )
        ).first()
        body = dict(row.body) if row is not None else target_body(commune)
        revision: dict[str, Any] = {"from": starts.isoformat(), **figures}
        if note:
            revision["note"] = note
        revision["by"] = signed.supervisor.username
        revision["at"] = now
        kept = [
            r
            for r in body.get("revisions") or []
            if isinstance(r, Mapping) and r.get("from") != revision["from"]
        ]
        body["revisions"] = sorted([*kept, revision], key=lambda r: str(r.get("from")))
        put_references(
            conn,
            [RefRecord(REF_TARGET, ref_id(REF_TARGET, commune), body, commune_code=commune)],
            seq,
            now,
        )
        finish_changes(conn, seq)
        audit.record(
            conn,
            username=signed.supervisor.username,
            supervisor_id=signed.supervisor.id,
            action="revise_target",
            target=f"{REF_TARGET}:{commune}",
            detail={"from": starts.isoformat(), **figures, "note": note},
            address=address,
        )
        found = [t for t in targets(conn, signed) if t.commune_code == commune]
    return found[0]
