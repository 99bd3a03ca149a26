"""Lookups the parts share: the name and the reach (village, phone) of whom a record is about,
and the bodies of a kind of reference data the server sends."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from agent_app.services._common import text
from agent_app.storage import Store
from agent_app.storage.records import Records


def name_of(records: Records, body: Mapping[str, Any]) -> str:
    """The person's or, failing that, the household head's name a record is about."""
    for key in ("person_id", "household_id"):
        rid = text(body, key)
        found = records.find(rid) if rid else None
        if found is not None:
            return str(found.body.get("full_name") or found.body.get("head_name") or "")
    return ""


def reach(records: Records, body: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """Where to find the person or household a record is about: (village, phone)."""
    person_id, household_id = text(body, "person_id"), text(body, "household_id")
    person = records.find(person_id) if person_id else None
    if household_id is None and person is not None:
        household_id = text(person.body, "household_id")
    household = records.find(household_id) if household_id else None
    hbody = household.body if household is not None else {}
    phone = (text(person.body, "phone") if person is not None else None) or text(hbody, "phone")
    return text(hbody, "village"), phone


def references(store: Store, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """Every reference record of ``kind`` (``ref.script``, ``ref.target``) by id, parsed."""
    return [
        (rid, json.loads(body))
        for rid, body in store.all(
            "SELECT record_id, body FROM reference WHERE kind = ? ORDER BY record_id", (kind,)
        )
    ]
