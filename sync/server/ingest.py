"""Push ingest: every op of a batch in order, one savepoint each, idempotent by op_id.

A batch runs in one transaction that first takes its communes' locks and numbers its changes
(``db.begin_scoped_changes``: SQLite's one write lock; on PostgreSQL advisory locks
per commune and a SEQUENCE, so pushes of other communes go on in parallel), then loads
everything the batch refers to (stored ops, records, their parents, receipt numbers) in a few
queries; each op is then decided in Python against that cache. Writes go out in bulk; should
the database refuse one, the batch is redone with each op in its own savepoint, so one bad op
never sinks the others. Households and persons merge field by field on a stale
``base_version``; the other kinds are append-only events that only their author may correct.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final

from sqlalchemy import Connection, bindparam, false, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from sync.domain.admin_units import admin_units
from sync.domain.enrollment import check_enrollment, check_paid_on, enrollment_facts
from sync.domain.errors import FieldError, RuleError, ValidationFailed
from sync.domain.merge import changed_fields, overlay
from sync.domain.rates import Rates
from sync.domain.receipts import (
    carries_code,
    is_live_receipt,
    normalize_receipt_number,
    receipt_prefix,
)
from sync.domain.records import parse_record, validate_record
from sync.protocol import (
    AMOUNT_MISMATCH,
    APPLIED,
    CONFLICT,
    DELETED,
    DUPLICATE,
    DUPLICATE_NUMBER,
    FORBIDDEN,
    IMMUTABLE,
    INVALID,
    MERGED,
    MISSING_PARENT,
    OP_REUSED,
    REJECTED,
    Op,
    OpError,
    OpResult,
    PushResponse,
    iso_utc,
    utc_now,
)
from sync.server import bulk, duplicates, tallies
from sync.server.auth import Caller
from sync.server.db import (
    Database,
    SeqAllocator,
    audit,
    begin_scoped_changes,
    conflicts,
    finish_changes,
    ops,
    receipt_numbers,
    record_versions,
    records,
)
from sync.server.links import Move, apply_moves, dependents
from sync.server.published_rates import PublishedRates, rates_of

_RETRIES: Final = 5
_RETRY_STATES: Final = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure

MUTABLE_KINDS: Final = frozenset({"household", "person"})
# Body fields that name another record, and the kinds they may name.
PARENT_FIELDS: Final = ("household_id", "person_id", "enrollment_id")

_RECORD_VALUES: Final[dict[str, Any]] = {
    name: bindparam(name)
    for name in (
        "kind",
        "version",
        "deleted",
        "body",
        "commune_code",
        "province_code",
        "receipt_number",
        "seq",
        "updated_at",
        "household_id",
        "live_receipt_of",
    )
}
_INSERT_RECORD: Final = records.insert().values(
    record_id=bindparam("rid"), agent_id=bindparam("agent_id"), **_RECORD_VALUES
)
_UPDATE_RECORD: Final = (
    records.update().where(records.c.record_id == bindparam("rid")).values(**_RECORD_VALUES)
)
_INSERT_VERSION: Final = record_versions.insert()
_ROW_COLUMNS: Final = (
    "record_id",
    "kind",
    "version",
    "deleted",
    "body",
    "commune_code",
    "agent_id",
    "receipt_number",
    "household_id",
    "live_receipt_of",
)
_INSERT_CONFLICT: Final = conflicts.insert()
_INSERT_NUMBER: Final = receipt_numbers.insert()


@dataclass(slots=True)
class Row:
    """A record as the batch sees it: loaded from the database or written earlier in the batch."""

    record_id: str
    kind: str
    version: int
    deleted: bool
    body: dict[str, Any]
    commune_code: str | None
    agent_id: int | None
    receipt_number: str | None
    household_id: str | None = None
    live_receipt_of: str | None = None


@dataclass(slots=True)
class _Batch:
    caller: Caller
    now: str
    seq: SeqAllocator
    known_ops: dict[str, tuple[str, dict[str, Any]]]
    rows: dict[str, Row]
    numbers: dict[str, str]  # normalised receipt number -> record id, reserved forever
    live_receipts: dict[str, str]  # enrollment id -> its live receipt's id
    op_rows: list[dict[str, Any]] = field(default_factory=list)
    audit_rows: list[dict[str, Any]] = field(default_factory=list)
    # Fast path: writes wait here and go out as a few executemany calls at the end.
    deferred: bool = True
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    versions: list[dict[str, Any]] = field(default_factory=list)
    conflict_rows: list[dict[str, Any]] = field(default_factory=list)
    # person id -> ids of their voluntary enrollments, stored or written by this batch (the
    # 120 months of State support are counted over them; their rows are in ``rows``).
    enrollments_of: dict[str, set[str]] = field(default_factory=dict)
    number_rows: list[dict[str, Any]] = field(default_factory=list)
    # Households whose commune changed: their records follow them once the batch is written.
    moves: list[Move] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Checked:
    """What an op's content alone decides, worked out before the batch takes the write lock."""

    content_hash: str
    errors: list[FieldError]
    rule_error: RuleError | None  # an enrollment's paid_on outside the server's window
    # The body in its normal form (sync.domain.records), what is stored; None when invalid.
    body: dict[str, Any] | None = None


class Reject(Exception):
    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.error = OpError(code, message, field)


class Ingest:
    """Decides and stores pushed ops. ``today`` gives the date used by not-in-future checks."""

    def __init__(
        self, db: Database, rates: Rates | PublishedRates, today: Callable[[], date]
    ) -> None:
        self.db = db
        self.rates = rates
        self.today = today
        self._units = admin_units()
        # SQLite has one writer at a time anyway; queueing the pushes of this process on a lock
        # wakes the next one at once, where SQLite's busy handler would poll with sleeps of up
        # to 100 ms (the tail latency of many devices pushing at once). PostgreSQL queues only
        # the writers of one commune, on its advisory lock, without polling.
        self._writer: AbstractContextManager[Any] = (
            threading.Lock() if db.is_sqlite else nullcontext()
        )

    # -- the batch ------------------------------------------------------------------------------

    def push(self, caller: Caller, batch_ops: Sequence[Op]) -> PushResponse:
        """Every op decided in Python against the batch's cache, then written in bulk; if the
        database still refuses something (which the checks should make impossible), the batch
        runs again with each op written at once in its own savepoint, so only that op fails."""
        for attempt in range(_RETRIES):
            try:
                try:
                    return self._push(caller, batch_ops, deferred=True)
                except IntegrityError:
                    return self._push(caller, batch_ops, deferred=False)
            except DBAPIError as exc:
                # PostgreSQL: a deadlock or serialisation failure between concurrent batches
                # (unique keys met in different orders) rolls the batch back whole; run it again.
                code = getattr(exc.orig, "sqlstate", None)
                if code not in _RETRY_STATES or attempt == _RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def _push(self, caller: Caller, batch_ops: Sequence[Op], *, deferred: bool) -> PushResponse:
        # A day of slack: a laptop near midnight in another zone is not "in the future".
        today = self.today() + timedelta(days=1)
        # What depends on the op alone is worked out before the write lock is taken, so other
        # pushes (other threads, other worker processes) keep writing meanwhile.
        checks = [self._precheck(op, today) for op in batch_ops]
        with self._writer:
            return self._write_batch(caller, batch_ops, checks, today, deferred=deferred)

    def _precheck(self, op: Op, today: date) -> _Checked:
        errors, normal = _normal_body(op, today)
        rule_error: RuleError | None = None
        if op.kind == "enrollment" and not errors:
            # Old rates must be out of reach: the payment date lies near the server's own date.
            # The amount needs stored facts (the person, the months already supported), so it
            # is checked when the op is decided, under the lock.
            try:
                check_paid_on(op.body.get("paid_on"), self.today())
            except RuleError as exc:
                rule_error = exc
        return _Checked(op.content_hash(), errors, rule_error, normal)

    def _write_batch(
        self,
        caller: Caller,
        batch_ops: Sequence[Op],
        checks: Sequence[_Checked],
        today: date,
        *,
        deferred: bool,
    ) -> PushResponse:
        with self.db.begin() as conn:
            seq = begin_scoped_changes(conn, caller.communes, caller.agent_id, len(batch_ops))
            batch = _Batch(
                caller=caller,
                now=iso_utc(utc_now()),
                seq=seq,
                known_ops=self._load_ops(conn, [op.op_id for op in batch_ops]),
                rows=self._load_rows(conn, batch_ops),
                numbers=self._load_numbers(conn, batch_ops),
                live_receipts=self._load_live_receipts(conn, batch_ops),
                deferred=deferred,
            )
            self._load_enrollments(conn, batch, batch_ops)
            loaded = tallies.snapshot(batch.rows)  # the console's tallies: before the writes
            results = [
                self._one(conn, batch, op, check, today)
                for op, check in zip(batch_ops, checks, strict=True)
            ]
            # Every insert in one statement on PostgreSQL (one round trip, not four), then the
            # updates: an update only touches a record that exists by then (one inserted by an
            # earlier op of this batch, too).
            encode = bulk.Encoder()
            bulk.insert_tables(
                conn,
                [
                    (records, [_insert_row(p) for p in batch.inserts]),
                    (record_versions, batch.versions),
                    (conflicts, batch.conflict_rows),
                    (receipt_numbers, batch.number_rows),
                    (ops, batch.op_rows),
                    (audit, batch.audit_rows),
                ],
                encode,
            )
            bulk.update_many(
                conn, records, "record_id", [_update_row(p) for p in batch.updates], encode
            )
            tallies.track_batch(conn, loaded, batch.rows)
            # After every record of the batch is written, so a child inserted or corrected in
            # this batch follows its household too.
            apply_moves(conn, batch.moves, batch.seq, batch.now)
            duplicates.index_batch(conn, batch_ops, results, batch.rows, batch.now)
            finish_changes(conn, seq)
        return PushResponse(tuple(results), seq.value)

    def _load_ops(self, conn: Connection, op_ids: Sequence[str]) -> dict[str, Any]:
        found = bulk.select_in(conn, ops, ("op_id", "content_hash", "result"), "op_id", op_ids)
        return {op_id: (content_hash, result) for op_id, content_hash, result in found}

    def _load_rows(self, conn: Connection, batch_ops: Sequence[Op]) -> dict[str, Row]:
        rows: dict[str, Row] = {}
        tried: set[str] = set()
        wanted = {op.record_id for op in batch_ops}
        for op in batch_ops:
            wanted.update(_parent_ids(op.body))
        # Parents of parents: a receipt's enrollment's person's household, at most three hops.
        for _ in range(4):
            wanted -= tried
            if not wanted:
                break
            tried |= wanted
            for found in bulk.select_in(conn, records, _ROW_COLUMNS, "record_id", wanted):
                row = Row(*found)
                row.deleted = bool(row.deleted)  # SQLite hands back 0/1
                rows[row.record_id] = row
            wanted = {pid for row in rows.values() for pid in _parent_ids(row.body)}
            wanted |= {row.household_id for row in rows.values() if row.household_id}
        return rows

    def _load_enrollments(self, conn: Connection, batch: _Batch, batch_ops: Sequence[Op]) -> None:
        """The stored live enrollments of every person a voluntary enrollment of the batch names
        (looked up in those persons' communes), into ``batch.rows`` and ``enrollments_of``."""
        persons: set[str] = set()
        for op in batch_ops:
            person_id = op.body.get("person_id")
            if op.kind == "enrollment" and isinstance(person_id, str):
                persons.add(person_id)
                batch.enrollments_of.setdefault(person_id, set()).add(op.record_id)
        communes = {
            row.commune_code
            for person_id in persons
            if (row := batch.rows.get(person_id)) is not None and row.commune_code
        }
        if not communes:
            return
        # No ``kind = ?`` in the statement: beside it SQLite (no statistics) walks every
        # enrollment of the country on the kind index instead of these communes' records.
        q = select(*(records.c[name] for name in _ROW_COLUMNS)).where(
            records.c.deleted == false(),
            records.c.commune_code.in_(sorted(communes)),
            records.c.body["person_id"].as_string().in_(sorted(persons)),
        )
        for found in conn.execute(q):
            row = Row(*found)
            if row.kind != "enrollment":
                continue
            row.deleted = bool(row.deleted)
            batch.rows.setdefault(row.record_id, row)
            batch.enrollments_of.setdefault(str(row.body.get("person_id")), set()).add(
                row.record_id
            )

    def _load_numbers(self, conn: Connection, batch_ops: Sequence[Op]) -> dict[str, str]:
        wanted = sorted({n for op in batch_ops if (n := _number_of(op)) is not None})
        found = bulk.select_in(conn, receipt_numbers, ("number", "record_id"), "number", wanted)
        return {number: record_id for number, record_id in found}

    def _load_live_receipts(self, conn: Connection, batch_ops: Sequence[Op]) -> dict[str, str]:
        wanted = sorted(
            {
                v.lower()
                for op in batch_ops
                if op.kind == "receipt" and isinstance(v := op.body.get("enrollment_id"), str)
            }
        )
        found = bulk.select_in(
            conn, records, ("live_receipt_of", "record_id"), "live_receipt_of", wanted
        )
        return {enrollment_id: record_id for enrollment_id, record_id in found}

    # -- one op ---------------------------------------------------------------------------------

    def _one(
        self, conn: Connection, batch: _Batch, op: Op, check: _Checked, today: date
    ) -> OpResult:
        content_hash = check.content_hash
        known = batch.known_ops.get(op.op_id)
        if known is not None:
            stored_hash, stored = known
            if stored_hash != content_hash:
                result = OpResult(
                    op.op_id,
                    REJECTED,
                    0,
                    OpError(OP_REUSED, "this op_id was already used for other content", "op_id"),
                )
            else:
                result = _replay(stored)
            self._audit(batch, op, result)
            return result
        try:
            result = self._decide_and_write(conn, batch, op, check, today)
        except Reject as rejected:
            current = batch.rows.get(op.record_id)
            version = current.version if current is not None and current.kind == op.kind else 0
            result = OpResult(op.op_id, REJECTED, version, rejected.error)
        else:
            stored_result = result.to_wire()
            batch.op_rows.append(
                {
                    "op_id": op.op_id,
                    "content_hash": content_hash,
                    "result": stored_result,
                    "agent_id": batch.caller.agent_id,
                    "device_id": batch.caller.device_id,
                    "received_at": batch.now,
                }
            )
            batch.known_ops[op.op_id] = (content_hash, stored_result)
        self._audit(batch, op, result)
        return result

    def _audit(self, batch: _Batch, op: Op, result: OpResult) -> None:
        batch.audit_rows.append(
            {
                "at": batch.now,
                "agent_id": batch.caller.agent_id,
                "device_id": batch.caller.device_id,
                "action": "push",
                "op_id": op.op_id,
                "kind": op.kind,
                "record_id": op.record_id,
                "status": result.status,
                "code": result.error.code if result.error else None,
            }
        )

    def _decide_and_write(
        self, conn: Connection, batch: _Batch, op: Op, check: _Checked, today: date
    ) -> OpResult:
        existing = batch.rows.get(op.record_id)
        if existing is not None:
            if existing.kind != op.kind:
                raise Reject(INVALID, f"this record_id is a {existing.kind}", "record_id")
            if existing.deleted:
                raise Reject(DELETED, "this record was deleted on the server")
            if existing.commune_code not in batch.caller.communes:
                raise Reject(FORBIDDEN, "this record is outside your communes")
        if op.deleted and existing is not None:
            return self._delete(conn, batch, op, existing)
        if check.errors or check.body is None:
            first = check.errors[0]
            raise Reject(INVALID, first.message("vi"), first.field)
        body = dict(check.body)
        commune = self._commune_of(batch, op.kind, body)
        if commune not in batch.caller.communes:
            raise Reject(
                FORBIDDEN, f"commune {commune} is not one of yours", _scope_field(op.kind, body)
            )
        self._check_links(batch, op, body, existing)
        self._check_kind_rules(batch, op, body, check)
        if existing is None:
            return self._write(
                conn, batch, op, None, body, commune, set(body), APPLIED, deleted=op.deleted
            )
        if op.kind in MUTABLE_KINDS:
            return self._edit(conn, batch, op, existing, body, commune, today)
        if existing.agent_id != batch.caller.agent_id:
            raise Reject(IMMUTABLE, "only its author may correct this record")
        changed = changed_fields(existing.body, body)
        return self._write(conn, batch, op, existing, body, commune, changed, APPLIED)

    def _commune_of(self, batch: _Batch, kind: str, body: Mapping[str, Any]) -> str:
        if kind in ("household", "event"):
            commune = self._units.commune(body["commune_code"])
            assert commune is not None  # validated
            return commune.code
        if kind in ("person", "visit"):
            return self._parent(batch, body, "household_id", ("household",))
        if kind == "followup":
            if body.get("household_id"):
                return self._parent(batch, body, "household_id", ("household",))
            return self._parent(batch, body, "person_id", ("person",))
        if kind == "enrollment":
            if body["scheme"] == "voluntary":
                return self._parent(batch, body, "person_id", ("person",))
            return self._parent(batch, body, "household_id", ("household",))
        return self._parent(batch, body, "enrollment_id", ("enrollment",))  # receipt

    def _parent(
        self, batch: _Batch, body: Mapping[str, Any], key: str, kinds: tuple[str, ...]
    ) -> str:
        """The commune of the live parent ``body[key]``; ``missing_parent`` or ``deleted``
        naming ``key`` when it, or the household it belongs to, is not there or was deleted."""
        parent = batch.rows.get(body[key])
        if parent is None or parent.kind not in kinds or parent.commune_code is None:
            raise Reject(MISSING_PARENT, f"the {kinds[0]} {body[key]} is not on the server", key)
        if parent.deleted:
            raise Reject(DELETED, f"the {kinds[0]} {body[key]} was deleted on the server", key)
        household = batch.rows.get(parent.household_id or "")
        if household is not None and household is not parent and household.deleted:
            raise Reject(DELETED, f"the household of the {kinds[0]} {body[key]} was deleted", key)
        return parent.commune_code

    # -- links between records (parents, members, persons named, receipts) -------------------

    def _check_links(
        self, batch: _Batch, op: Op, body: Mapping[str, Any], existing: Row | None
    ) -> None:
        # A follow-up naming only a person takes its commune from that person (_commune_of).
        names_person = op.kind == "visit" or (op.kind == "followup" and body.get("household_id"))
        if names_person and body.get("person_id"):
            self._check_person(batch, body, body["household_id"])
        elif op.kind == "enrollment" and body.get("scheme") == "household_health":
            self._check_members(batch, body)
        elif op.kind == "receipt":
            self._check_receipt(batch, op, body, existing)

    def _check_person(self, batch: _Batch, body: Mapping[str, Any], household_id: str) -> None:
        """A visit or follow-up names a live person of its own household."""
        pid = body["person_id"]
        person = batch.rows.get(pid)
        if person is None or person.kind != "person":
            raise Reject(MISSING_PARENT, f"the person {pid} is not on the server", "person_id")
        if person.commune_code not in batch.caller.communes:
            raise Reject(FORBIDDEN, f"the person {pid} is outside your communes", "person_id")
        if person.deleted:
            raise Reject(DELETED, f"the person {pid} was deleted on the server", "person_id")
        if person.body.get("household_id") != household_id:
            raise Reject(
                INVALID,
                f"the person {pid} is not a member of household {household_id}",
                "person_id",
            )

    def _check_members(self, batch: _Batch, body: Mapping[str, Any]) -> None:
        """Household health insurance covers live persons of that very household."""
        household_id = body["household_id"]
        for mid in body.get("member_ids") or ():
            member = batch.rows.get(mid)
            if member is None or member.kind != "person":
                raise Reject(INVALID, f"member {mid} is not a person on the server", "member_ids")
            if member.deleted:
                raise Reject(INVALID, f"member {mid} was deleted on the server", "member_ids")
            if member.body.get("household_id") != household_id:
                raise Reject(
                    INVALID,
                    f"member {mid} does not belong to household {household_id}",
                    "member_ids",
                )

    def _check_receipt(
        self, batch: _Batch, op: Op, body: Mapping[str, Any], existing: Row | None
    ) -> None:
        """The number carries the sender's agent code and was never used by another receipt;
        the enrollment has no other live receipt."""
        number = body["number"]
        unchanged = existing is not None and existing.receipt_number == number
        if not unchanged and not carries_code(number, batch.caller.code):
            raise Reject(
                INVALID,
                f"your receipt numbers start with {receipt_prefix(batch.caller.code)} "
                "(your agent code on the server)",
                "number",
            )
        owner = batch.numbers.get(number)
        if owner is not None and owner != op.record_id:
            raise Reject(
                DUPLICATE_NUMBER, "this receipt number is already used by another", "number"
            )
        live = batch.live_receipts.get(body["enrollment_id"])
        if live is not None and live != op.record_id and is_live_receipt(body):
            raise Reject(
                INVALID,
                f"the enrollment {body['enrollment_id']} already has a receipt ({live}); "
                "void it before issuing another",
                "enrollment_id",
            )

    def _check_kind_rules(
        self, batch: _Batch, op: Op, body: Mapping[str, Any], check: _Checked
    ) -> None:
        if op.kind == "enrollment":
            exc = check.rule_error or self._enrollment_error(batch, op, body)
            if exc is not None:
                code = AMOUNT_MISMATCH if exc.code == AMOUNT_MISMATCH else INVALID
                raise Reject(code, exc.message("vi"), exc.field)
        elif op.kind == "receipt":
            enrollment = batch.rows[body["enrollment_id"]]
            if body["amount"] != enrollment.body.get("amount"):
                raise Reject(
                    AMOUNT_MISMATCH,
                    f"the receipt says {body['amount']} but the enrollment "
                    f"amounts to {enrollment.body.get('amount')}",
                    "amount",
                )

    def _enrollment_error(self, batch: _Batch, op: Op, body: Mapping[str, Any]) -> RuleError | None:
        """The rules' verdict on an enrollment with the facts the server holds: the person's
        date of birth, the household's commune (province, special zone), the months of support
        the person's other live voluntary enrollments used. The body's own ``special_zone``,
        ``province_code`` and ``supported_months_before`` are not read."""
        person: Mapping[str, Any] | None = None
        household: Mapping[str, Any] | None = None
        earlier: list[Mapping[str, Any]] = []
        person_id = body.get("person_id")
        if body.get("scheme") == "voluntary" and isinstance(person_id, str):
            person_row = batch.rows[person_id]  # there: _commune_of found it
            person = person_row.body
            home = batch.rows.get(str(person.get("household_id")))
            household = {"commune_code": (home or person_row).commune_code}
            for record_id in batch.enrollments_of.get(person_id, ()):
                row = batch.rows.get(record_id)
                if (
                    record_id != op.record_id
                    and row is not None
                    and row.kind == "enrollment"
                    and not row.deleted
                    and row.body.get("person_id") == person_id
                ):
                    earlier.append(row.body)
        facts = enrollment_facts(person, household, earlier, units=self._units)
        try:
            check_enrollment(rates_of(self.rates, batch.seq), body, facts)
        except RuleError as exc:
            return exc
        return None

    def _edit(
        self,
        conn: Connection,
        batch: _Batch,
        op: Op,
        existing: Row,
        body: dict[str, Any],
        commune: str,
        today: date,
    ) -> OpResult:
        if op.base_version >= existing.version:
            changed = changed_fields(existing.body, body)
            return self._write(conn, batch, op, existing, body, commune, changed, APPLIED)
        base_body, server_changed = self._history(conn, existing.record_id, op.base_version)
        mine = changed_fields(base_body, body)
        overlap = mine & server_changed
        merged: dict[str, Any] | None = None
        if not overlap:
            merged, _ = overlay(base_body, body, existing.body)
            if validate_record(op.kind, merged, today=today):
                merged = None  # each side valid, together not (e.g. CCCD vs birth date)
            else:
                merged_commune = self._commune_of(batch, op.kind, merged)
                if merged_commune not in batch.caller.communes:
                    raise Reject(FORBIDDEN, "the merged record is outside your communes")
                return self._write(conn, batch, op, existing, merged, merged_commune, mine, MERGED)
        return self._conflict(conn, batch, op, existing, overlap or mine)

    def _history(
        self, conn: Connection, record_id: str, base_version: int
    ) -> tuple[dict[str, Any], set[str]]:
        """The body at ``base_version`` ({} before the first) and the fields changed since."""
        q = select(record_versions.c.version, record_versions.c.body, record_versions.c.changed)
        q = q.where(
            record_versions.c.record_id == record_id, record_versions.c.version >= base_version
        )
        base: dict[str, Any] = {}
        changed: set[str] = set()
        for version, body, fields in conn.execute(q):
            if version == base_version:
                base = dict(body)
            else:
                changed.update(fields)
        return base, changed

    def _conflict(
        self, conn: Connection, batch: _Batch, op: Op, existing: Row, fields: set[str]
    ) -> OpResult:
        row = {
            "op_id": op.op_id,
            "kind": op.kind,
            "record_id": op.record_id,
            "base_version": op.base_version,
            "server_version": existing.version,
            "body": dict(op.body),
            "fields": sorted(fields),
            "agent_id": batch.caller.agent_id,
            "device_id": batch.caller.device_id,
            "created_at": batch.now,
            "deleted": op.deleted,
        }
        if batch.deferred:
            batch.conflict_rows.append(row)
        else:
            self._savepoint(conn, [(_INSERT_CONFLICT, row)])
        return OpResult(op.op_id, CONFLICT, existing.version, server=dict(existing.body))

    def _delete(self, conn: Connection, batch: _Batch, op: Op, existing: Row) -> OpResult:
        if op.kind in MUTABLE_KINDS:
            if op.base_version < existing.version:
                _, server_changed = self._history(conn, existing.record_id, op.base_version)
                if server_changed:
                    return self._conflict(conn, batch, op, existing, server_changed)
        elif existing.agent_id != batch.caller.agent_id:
            raise Reject(IMMUTABLE, "only its author may delete this record")
        return self._write(
            conn,
            batch,
            op,
            existing,
            existing.body,
            existing.commune_code or "",
            set(),
            APPLIED,
            deleted=True,
        )

    def _savepoint(self, conn: Connection, steps: list[tuple[Any, dict[str, Any]]]) -> None:
        """The slow path: one op's statements in its own savepoint."""
        try:
            with conn.begin_nested():
                for statement, params in steps:
                    conn.execute(statement, params)
        except IntegrityError as exc:
            if "live_receipt" in str(exc.orig):
                raise Reject(
                    INVALID, "this enrollment already has a receipt", "enrollment_id"
                ) from None
            if "receipt_number" in str(exc.orig):
                raise Reject(
                    DUPLICATE_NUMBER, "this receipt number is already used", "number"
                ) from None
            raise Reject(INVALID, "the database refused this record", "record_id") from None

    def _write(
        self,
        conn: Connection,
        batch: _Batch,
        op: Op,
        existing: Row | None,
        body: dict[str, Any],
        commune: str,
        changed: set[str],
        status: str,
        *,
        deleted: bool = False,
    ) -> OpResult:
        version = 1 if existing is None else existing.version + 1
        number = body.get("number") if op.kind == "receipt" and not deleted else None
        # A voided receipt (C45-BB: voided, never deleted) keeps its number but frees its
        # enrollment for a replacement, as a deleted one does.
        live = number is not None and is_live_receipt(body)
        live_of = body.get("enrollment_id") if live else None
        household_id = (
            existing.household_id
            if deleted and existing is not None
            else self._household_of(batch, op, body)
        )
        unit = self._units.commune(commune)
        values = {
            "kind": op.kind,
            "version": version,
            "deleted": deleted,
            "body": body,
            "commune_code": commune,
            "province_code": unit.province_code if unit else None,
            "receipt_number": number,
            "seq": batch.seq.next(),
            "updated_at": batch.now,
            "household_id": household_id,
            "live_receipt_of": live_of,
        }
        params = {**values, "rid": op.record_id, "agent_id": batch.caller.agent_id}
        version_row = {
            "record_id": op.record_id,
            "version": version,
            "body": body,
            "deleted": deleted,
            "changed": sorted(changed),
            "op_id": op.op_id,
            "agent_id": batch.caller.agent_id,
            "device_id": batch.caller.device_id,
            "created_at": batch.now,
        }
        # Constant statements with bound parameters: SQLAlchemy compiles each once, not per op.
        number_row = None
        if number is not None and number not in batch.numbers:
            number_row = {
                "number": number,
                "record_id": op.record_id,
                "agent_id": batch.caller.agent_id,
                "created_at": batch.now,
            }
        if batch.deferred:
            (batch.inserts if existing is None else batch.updates).append(params)
            batch.versions.append(version_row)
            if number_row is not None:
                batch.number_rows.append(number_row)
        else:
            statement = _INSERT_RECORD if existing is None else _UPDATE_RECORD
            steps = [(statement, params), (_INSERT_VERSION, version_row)]
            if number_row is not None:
                steps.append((_INSERT_NUMBER, number_row))
            self._savepoint(conn, steps)
        author = existing.agent_id if existing is not None else batch.caller.agent_id
        # A number stays reserved to its receipt for good (voided, corrected or deleted).
        if number is not None:
            batch.numbers[number] = op.record_id
        if existing is not None and existing.live_receipt_of:
            batch.live_receipts.pop(existing.live_receipt_of, None)
        if live_of is not None:
            batch.live_receipts[live_of] = op.record_id
        if (
            op.kind == "household"
            and existing is not None
            and existing.commune_code is not None
            and existing.commune_code != commune
        ):
            batch.moves.append(Move(op.record_id, existing.commune_code, commune))
            for row in batch.rows.values():  # later ops of the batch see the new commune
                if row.household_id == op.record_id:
                    row.commune_code = commune
        if (
            op.kind == "person"
            and existing is not None
            and existing.household_id
            and household_id
            and existing.household_id != household_id
        ):
            old_commune = existing.commune_code or commune
            batch.moves.append(
                Move(existing.household_id, old_commune, commune, op.record_id, household_id)
            )
            cached = [
                (r.record_id, r.kind, r.body)
                for r in batch.rows.values()
                if r.household_id == existing.household_id
            ]
            for rid in dependents(cached, op.record_id):  # later ops see where they went
                batch.rows[rid].household_id = household_id
                batch.rows[rid].commune_code = commune
        batch.rows[op.record_id] = Row(
            op.record_id,
            op.kind,
            version,
            deleted,
            body,
            commune,
            author,
            number,
            household_id,
            live_of,
        )
        server: dict[str, Any] | None = None
        if status == MERGED or (status == APPLIED and not deleted and body != op.body):
            # Merged: the merged body. Applied: the stored (normal) form, when the laptop sent
            # another spelling (spaces, case, an unformatted phone...).
            server = body
        return OpResult(op.op_id, status, version, server=server)

    def _household_of(self, batch: _Batch, op: Op, body: Mapping[str, Any]) -> str | None:
        """The household a record belongs to (a household itself; an event none)."""
        if op.kind == "household":
            return op.record_id
        if op.kind == "event":
            return None
        if isinstance(hid := body.get("household_id"), str) and hid:
            return hid
        for key in ("person_id", "enrollment_id"):
            parent = batch.rows.get(body.get(key) or "")
            if parent is not None:
                return parent.household_id
        return None


def _insert_row(params: Mapping[str, Any]) -> dict[str, Any]:
    row = {k: v for k, v in params.items() if k != "rid"}
    row["record_id"] = params["rid"]
    return row


def _update_row(params: Mapping[str, Any]) -> dict[str, Any]:
    row = {k: v for k, v in params.items() if k not in ("rid", "agent_id")}
    row["record_id"] = params["rid"]
    return row


def _parent_ids(body: Mapping[str, Any]) -> set[str]:
    found = {v.lower() for k in PARENT_FIELDS if isinstance(v := body.get(k), str) and v}
    members = body.get("member_ids")
    if isinstance(members, list):
        found.update(m.lower() for m in members if isinstance(m, str) and m)
    return found


def _scope_field(kind: str, body: Mapping[str, Any]) -> str:
    """The field a record takes its commune from (what a ``forbidden`` names)."""
    if kind in ("household", "event"):
        return "commune_code"
    if kind == "receipt":
        return "enrollment_id"
    if kind == "followup" and not body.get("household_id"):
        return "person_id"
    if kind == "enrollment" and body.get("scheme") == "voluntary":
        return "person_id"
    return "household_id"


def _normal_body(op: Op, today: date) -> tuple[list[FieldError], dict[str, Any] | None]:
    """Every problem with the op's body, or none and the body in its normal form (names,
    phones, CCCD, receipt numbers as the domain parser writes them): what the server stores."""
    try:
        return [], parse_record(op.kind, op.body, today=today).to_body()
    except ValidationFailed as exc:
        return list(exc.errors), None


def _number_of(op: Op) -> str | None:
    """A receipt op's number in its normal form, if it has one."""
    number = op.body.get("number")
    if op.kind != "receipt" or not isinstance(number, str):
        return None
    try:
        return normalize_receipt_number(number)
    except ValueError:
        return None


def _replay(stored: Mapping[str, Any]) -> OpResult:
    """The answer to a resend: ``duplicate`` with the first result's version (and server copy);
    a conflict stays a conflict, so the laptop still puts it before the agent."""
    first = OpResult.from_wire(stored)
    if first.status == CONFLICT:
        return first
    return OpResult(first.op_id, DUPLICATE, first.version, server=first.server)
