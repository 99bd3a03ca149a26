"""Reference data the server hands out in pulls: administrative units, the rates file, the
talking-point scripts and the campaign targets, kept as records with their own sequence numbers
so a laptop receives a new rates file or script at its next sync like any other change.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, Final

from sqlalchemy import Connection, select

from sync.domain.admin_units import admin_units
from sync.protocol import REF_ADMIN_UNIT, REF_RATES, REF_SCRIPT, REF_TARGET
from sync.server.db import SeqAllocator, record_versions, records

# Reference record ids are derived from what they describe, so every server agrees on them.
_NAMESPACE: Final = uuid.UUID("0b8f5d8e-3a51-4c39-9a53-5f2b7d6c1e04")


def ref_id(kind: str, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{key}"))


def _reference_json(name: str) -> Any:
    text = resources.files("resources").joinpath("reference", name).read_text(encoding="utf-8")
    return json.loads(text)


@dataclass(frozen=True, slots=True)
class RefRecord:
    kind: str
    record_id: str
    body: dict[str, Any]
    province_code: str | None = None
    commune_code: str | None = None


def admin_unit_records() -> list[RefRecord]:
    """Provinces and communes; both carry the province so pulls can scope them by it."""
    out = []
    for row in admin_units().reference_rows():
        province = row["code"] if row["level"] == "province" else row["parent_code"]
        out.append(RefRecord(REF_ADMIN_UNIT, ref_id(REF_ADMIN_UNIT, row["code"]), row, province))
    return out


RATES_ID: Final = ref_id(REF_RATES, "rates")
# A body published in the console carries this key (who, when); the bundled files put on
# start never replace such a body (sync.server.console.pages.reference).
PUBLISHED: Final = "published"


def rates_record() -> RefRecord:
    return RefRecord(REF_RATES, RATES_ID, _reference_json("rates.json"))


def script_records() -> list[RefRecord]:
    data = _reference_json("scripts.json")
    return [RefRecord(REF_SCRIPT, s["id"], s) for s in data["scripts"]]


def target_body(commune_code: str) -> dict[str, Any]:
    """The campaign target of a commune: its own entry in targets.json, else the default."""
    data = _reference_json("targets.json")
    body = dict(data["communes"].get(commune_code, data["default"]))
    body["commune_code"] = commune_code
    return body


def target_record(commune_code: str) -> RefRecord:
    return RefRecord(
        REF_TARGET,
        ref_id(REF_TARGET, commune_code),
        target_body(commune_code),
        commune_code=commune_code,
    )


def put_references(conn: Connection, refs: Iterable[RefRecord], seq: SeqAllocator, now: str) -> int:
    """Insert new reference records and update changed ones; unchanged ones keep their seq.

    Returns how many were written. The caller numbers the transaction's changes
    (``db.begin_changes``).
    """
    wanted = {r.record_id: r for r in refs}
    if not wanted:
        return 0
    existing: dict[str, Mapping[str, Any]] = {}
    ids = list(wanted)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = conn.execute(
            select(records.c.record_id, records.c.version, records.c.body).where(
                records.c.record_id.in_(chunk)
            )
        )
        existing.update({row.record_id: row._mapping for row in rows})
    inserts: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    written = 0
    for rid, ref in wanted.items():
        old = existing.get(rid)
        if old is not None and old["body"] == ref.body:
            continue
        if old is not None and PUBLISHED in old["body"] and PUBLISHED not in ref.body:
            continue  # published by an administrator: the bundled file does not undo it
        version = 1 if old is None else int(old["version"]) + 1
        row = {
            "kind": ref.kind,
            "version": version,
            "deleted": False,
            "body": ref.body,
            "commune_code": ref.commune_code,
            "province_code": ref.province_code,
            "agent_id": None,
            "receipt_number": None,
            "seq": seq.next(),
            "updated_at": now,
        }
        if old is None:
            inserts.append({"record_id": rid, **row})
        else:
            conn.execute(records.update().where(records.c.record_id == rid).values(**row))
        versions.append(
            {
                "record_id": rid,
                "version": version,
                "body": ref.body,
                "deleted": False,
                "changed": sorted(ref.body),
                "op_id": None,
                "agent_id": None,
                "device_id": None,
                "created_at": now,
            }
        )
        written += 1
    if inserts:
        conn.execute(records.insert(), inserts)
    if versions:
        conn.execute(record_versions.insert(), versions)
    return written


__all__ = ["SeqAllocator", "put_references"]  # SeqAllocator moved to sync.server.db (v3)


def global_references() -> list[RefRecord]:
    return [*admin_unit_records(), rates_record(), *script_records()]
