"""Which open follow-ups a visit or an enrollment answers, and closing them inside the caller's
transaction, so the change (``done: true``) is queued for the server with the record itself."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from agent_app.services._common import as_day, text
from agent_app.storage.records import Records


def _answers(
    followup: dict[str, Any], person_ids: Collection[str], on: date, records: Records
) -> bool:
    """A follow-up about one person is answered by a call on the whole household or on that
    person; one about the household by any call on it. A follow-up scheduled by a visit later
    than this call (a visit logged after the fact) is not answered by it."""
    person = text(followup, "person_id")
    if person is not None and person_ids and person not in person_ids:
        return False
    origin = text(followup, "visit_id")
    found = records.find(origin) if origin else None
    scheduled = as_day(found.body.get("visited_on")) if found is not None else None
    return scheduled is None or scheduled <= on


def close_answered(
    records: Records,
    household_id: str,
    *,
    person_ids: Collection[str] = (),
    on: date,
    by: str,
    now: datetime,
) -> list[str]:
    """Mark done every open follow-up of the household that a call on ``on`` answers (all of
    the household's, or those about ``person_ids`` and the household as a whole); ``by`` is the
    visit or enrollment that answered it, kept in the follow-up as ``closed_by``. Call inside
    ``store.transaction()``; returns the ids closed."""
    closed = []
    for rec in records.of_kind("followup", household_id=household_id):
        if rec.body.get("done") is True or not _answers(rec.body, person_ids, on, records):
            continue
        records.put("followup", rec.id, {**rec.body, "done": True, "closed_by": by}, now=now)
        closed.append(rec.id)
    return closed
