"""Campaign reads over the local records: sign-ups per commune, scheme and day from the tally
the triggers of ``agent_app.storage.tally`` keep (the progress screen opens over a month of
100,000 households' activity without reading an enrollment), sign-ups per outreach event, the
recent enrollments of a CCCD (the duplicate warning), and the repository of pairs the agent
marked "not a duplicate" (it owns the ``not_duplicate`` table)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agent_app.storage.tally import SignupTally
from sync.protocol import REF_TARGET

if TYPE_CHECKING:
    from agent_app.storage.store import Store


@dataclass(frozen=True, slots=True)
class SignupCount:
    """Sign-ups of one commune, scheme and day: enrollments, and the people they cover (one
    for a voluntary enrollment, the members of a household health one)."""

    commune_code: str
    scheme: str
    day: str
    enrollments: int
    people: int


@dataclass(frozen=True, slots=True)
class RecentEnrollment:
    enrollment_id: str
    scheme: str
    day: str
    amount: int | None
    person_ids: tuple[str, ...]
    from_server: bool  # delivered by a pull (another laptop's, or this one's after a sync)


class CampaignReads:
    """Read-only aggregate queries; every method is one or two SQL statements."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def targets(self) -> list[tuple[str, dict[str, Any]]]:
        """Every ``ref.target`` body the server sent, by record id."""
        rows = self._store.all(
            "SELECT record_id, body FROM reference WHERE kind = ? ORDER BY record_id",
            (REF_TARGET,),
        )
        return [(rid, json.loads(body)) for rid, body in rows]

    def signups(self, day_from: str, day_to: str) -> list[SignupCount]:
        """Live enrollments paid between the two days (inclusive), counted by the commune of
        their household, their scheme and their day: read from the sign-up tally
        (``agent_app.storage.tally``), a few rows per day, not from the enrollments."""
        return [
            SignupCount(t.commune_code, t.scheme, t.day, t.enrollments, t.people)
            for t in SignupTally(self._store).between(day_from, day_to)
        ]

    def events_held(self, day_from: str, day_to: str) -> list[tuple[str, str, int]]:
        """(commune, day, events) for live events held between the two days."""
        rows = self._store.all(
            """SELECT json_extract(body, '$.commune_code'), day, count(*) FROM record
               WHERE kind = 'event' AND deleted = 0 AND day BETWEEN ? AND ?
               GROUP BY 1, 2""",
            (day_from, day_to),
        )
        return [(str(c), str(d), int(n)) for c, d, n in rows]

    def signups_by_event(self) -> dict[str, tuple[int, int]]:
        """Event id -> (enrollments, people) of the live enrollments that point to it."""
        rows = self._store.all(
            """SELECT json_extract(body, '$.event_id'), count(*),
                      sum(CASE WHEN json_extract(body, '$.scheme') = 'household_health'
                          THEN coalesce(json_array_length(body, '$.member_ids'), 0)
                          ELSE 1 END)
               FROM record WHERE kind = 'enrollment' AND deleted = 0
                   AND json_extract(body, '$.event_id') IS NOT NULL
               GROUP BY 1"""
        )
        return {str(e): (int(n), int(p or 0)) for e, n, p in rows}

    def visits_by_event(self) -> dict[str, int]:
        rows = self._store.all(
            "SELECT parent_id, count(*) FROM record WHERE kind = 'visit' AND deleted = 0 "
            "AND parent_id IS NOT NULL GROUP BY parent_id"
        )
        return {str(e): int(n) for e, n in rows}

    # -- duplicates ----------------------------------------------------------------------

    def persons_with_cccd(self, cccds: Iterable[str]) -> dict[str, str]:
        """Person id -> CCCD for every live person holding one of ``cccds`` (the CCCD index)."""
        wanted = sorted(set(cccds))
        if not wanted:
            return {}
        marks = ", ".join("?" for _ in wanted)
        rows = self._store.all(
            f"SELECT id, json_extract(body, '$.cccd') FROM record WHERE kind = 'person' "
            f"AND deleted = 0 AND json_extract(body, '$.cccd') IN ({marks})",
            wanted,
        )
        return {str(pid): str(cccd) for pid, cccd in rows}

    def cccds_of(self, person_ids: Sequence[str]) -> dict[str, str]:
        """Person id -> CCCD, for those of ``person_ids`` that have one."""
        if not person_ids:
            return {}
        marks = ", ".join("?" for _ in person_ids)
        rows = self._store.all(
            f"SELECT id, json_extract(body, '$.cccd') FROM record WHERE kind = 'person' "
            f"AND id IN ({marks}) AND json_extract(body, '$.cccd') IS NOT NULL",
            list(person_ids),
        )
        return {str(pid): str(cccd) for pid, cccd in rows if cccd}

    def recent_enrollments(self, scheme: str, day_from: str) -> list[RecentEnrollment]:
        """Live enrollments of ``scheme`` paid on or after ``day_from`` (the kind-day index)."""
        rows = self._store.all(
            """SELECT e.id, e.day, e.amount, e.person_id, json_extract(e.body, '$.member_ids'),
                      EXISTS (SELECT 1 FROM pulled p WHERE p.record_id = e.id)
               FROM record e
               WHERE e.kind = 'enrollment' AND e.deleted = 0 AND e.day >= ?
                   AND json_extract(e.body, '$.scheme') = ?
               ORDER BY e.day DESC, e.id""",
            (day_from, scheme),
        )
        out = []
        for rid, day, amount, person_id, members, pulled in rows:
            people = tuple(json.loads(members)) if members else ()
            if person_id and scheme == "voluntary":
                people = (str(person_id),)
            out.append(
                RecentEnrollment(
                    str(rid), scheme, str(day), amount, tuple(str(p) for p in people), bool(pulled)
                )
            )
        return out


class DuplicateMarks:
    """The pairs (CCCD, scheme, earlier enrollment) the agent said are not duplicates."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def marked(self, cccds: Iterable[str], scheme: str) -> set[tuple[str, str]]:
        """(CCCD, enrollment id) pairs marked for ``scheme`` among ``cccds``."""
        wanted = sorted(set(cccds))
        if not wanted:
            return set()
        marks = ", ".join("?" for _ in wanted)
        rows = self._store.all(
            f"SELECT cccd, enrollment_id FROM not_duplicate WHERE scheme = ? AND cccd IN ({marks})",
            [scheme, *wanted],
        )
        return {(str(c), str(e)) for c, e in rows}

    def mark(self, pairs: Iterable[tuple[str, str, str]], now: str) -> None:
        """Store (CCCD, scheme, enrollment id) pairs; call inside ``store.transaction()``."""
        self._store.executemany(
            "INSERT OR IGNORE INTO not_duplicate (cccd, scheme, enrollment_id, marked_at) "
            "VALUES (?, ?, ?, ?)",
            [(c, s, e, now) for c, s, e in pairs],
        )
