"""Possible duplicate enrollments, checked before an enrollment is saved: the same CCCD already
enrolled in the same scheme within the last 7 days, on this laptop or received from the server
(pulled records live in the same table). The agent can mark a warning "not a duplicate"; that
pair (CCCD, scheme, earlier enrollment) is stored and never asked about again. Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from agent_app.services.types import Changed
from agent_app.storage.campaign import CampaignReads, DuplicateMarks
from sync.protocol import iso_utc

WINDOW_DAYS: Final = 7  # an enrollment paid up to 7 days before today counts as recent


@dataclass(frozen=True, slots=True)
class PossibleDuplicate:
    cccd: str
    scheme: str
    enrollment_id: str  # the earlier enrollment
    person_id: str  # who it covers, holding that CCCD (maybe another person record)
    name: str
    paid_on: date
    amount: int | None
    from_server: bool
    for_person_id: str = ""  # the person being enrolled whose CCCD it is

    @property
    def pair(self) -> tuple[str, str, str]:
        return self.cccd, self.scheme, self.enrollment_id


def possible_duplicates(
    ws: Any,
    scheme: str,
    person_ids: Sequence[str] = (),
    on: date | None = None,
    *,
    household_id: str | None = None,
) -> list[PossibleDuplicate]:
    """Earlier enrollments of ``scheme`` paid within the last 7 days (today included) that
    cover a person with the CCCD of one of ``person_ids`` (and of the members of
    ``household_id``), minus the pairs marked "not a duplicate"."""
    today = on or ws.current_day()
    reads = CampaignReads(ws.store)
    ids = list(person_ids)
    if household_id is not None:
        ids += [p.id for p in ws.records.of_kind("person", household_id=household_id)]
    cccd_of_new = reads.cccds_of(ids)
    if not cccd_of_new:
        return []
    holders = reads.persons_with_cccd(cccd_of_new.values())  # person id -> CCCD
    since = (today - timedelta(days=WINDOW_DAYS)).isoformat()
    marked = DuplicateMarks(ws.store).marked(cccd_of_new.values(), scheme)
    new_by_cccd: dict[str, str] = {}
    for pid, cccd in cccd_of_new.items():
        new_by_cccd.setdefault(cccd, pid)
    found: list[PossibleDuplicate] = []
    for earlier in reads.recent_enrollments(scheme, since):
        for person_id in earlier.person_ids:
            held = holders.get(person_id)
            if held is None or (held, earlier.enrollment_id) in marked:
                continue
            cccd = held
            person = ws.records.find(person_id)
            name = str(person.body.get("full_name", "")) if person is not None else ""
            found.append(
                PossibleDuplicate(
                    cccd=cccd,
                    scheme=scheme,
                    enrollment_id=earlier.enrollment_id,
                    person_id=person_id,
                    name=name,
                    paid_on=date.fromisoformat(earlier.day),
                    amount=earlier.amount,
                    from_server=earlier.from_server,
                    for_person_id=new_by_cccd[cccd],
                )
            )
    return found


def mark_not_duplicate(ws: Any, pairs: Iterable[tuple[str, str, str]]) -> Changed:
    """Remember (CCCD, scheme, earlier enrollment id) pairs as "not a duplicate"."""
    with ws.store.transaction():
        DuplicateMarks(ws.store).mark(pairs, iso_utc(ws.now()))
    return Changed(frozenset({"not_duplicate"}))
