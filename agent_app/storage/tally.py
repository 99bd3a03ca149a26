"""The sign-up tally: live enrollments counted per day, commune and scheme, kept current by
SQLite triggers in the statement that writes an enrollment or a household's list row, so the
progress screen reads a few hundred tally rows instead of every enrollment of the campaign.

This module owns the ``signup_tally`` table: its schema and triggers (migration 9, applied by
``agent_app.storage.schema``), the read the progress screen makes, and :meth:`recount`, the
same figures counted from the records (what the tally must always equal; the migration fills
the table with it).

What is counted: a live enrollment (``deleted = 0``) with a day (``paid_on``) whose household
has a list row (``household_index``), under that row's commune; ``people`` is 1 for a
voluntary enrollment and the length of ``member_ids`` for a household health one. Triggers, not
calls from :class:`agent_app.storage.records.Records`, keep it: every path that changes either
side (a local save, a pull page with its deferred reindex, a void or an edit, a removal and its
undo, a household that moves commune or leaves the agent's scope, the ``ON DELETE CASCADE`` of
a household's list row, a benchmark's bulk ``INSERT``) is then counted the same way, in the
same transaction, with no second place to forget.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from agent_app.storage.store import Store

_SCHEME: Final = "coalesce(json_extract({r}.body, '$.scheme'), '')"
# A voluntary enrollment has no member_ids (empty lists are not stored): 1 person.
_PEOPLE: Final = "coalesce(json_array_length({r}.body, '$.member_ids'), 1)"
_LIVE: Final = "{r}.kind = 'enrollment' AND {r}.deleted = 0 AND {r}.day IS NOT NULL"
_UPSERT: Final = (
    "ON CONFLICT (day, commune_code, scheme) DO UPDATE SET "
    "enrollments = enrollments + excluded.enrollments, people = people + excluded.people"
)


def _one(r: str, sign: str) -> str:
    """Add (sign "") or take away (sign "-") the enrollment row ``r`` (new / old)."""
    return (
        "INSERT INTO signup_tally (day, commune_code, scheme, enrollments, people) "
        f"SELECT {r}.day, h.commune_code, {_SCHEME.format(r=r)}, {sign}1, "
        f"{sign}{_PEOPLE.format(r=r)} FROM household_index h "
        f"WHERE h.id = {r}.household_id AND {_LIVE.format(r=r)} {_UPSERT}"
    )


def _household(h: str, sign: str) -> str:
    """Add or take away every live enrollment of the household list row ``h`` (new / old)."""
    return (
        "INSERT INTO signup_tally (day, commune_code, scheme, enrollments, people) "
        f"SELECT e.day, {h}.commune_code, {_SCHEME.format(r='e')}, {sign}count(*), "
        f"{sign}sum({_PEOPLE.format(r='e')}) FROM record e "
        f"WHERE e.household_id = {h}.id AND {_LIVE.format(r='e')} GROUP BY 1, 3 {_UPSERT}"
    )


# A new household (a bulk import of 100,000, a first pull) has no enrollment yet: one index
# probe instead of the grouped insert.
_HAS_ENROLLMENT: Final = "SELECT 1 FROM record WHERE household_id = {h}.id AND kind = 'enrollment'"


def _prune_day(r: str) -> str:
    return f"DELETE FROM signup_tally WHERE day = {r}.day AND enrollments <= 0"


def _prune_household(h: str) -> str:
    return (
        f"DELETE FROM signup_tally WHERE commune_code = {h}.commune_code AND enrollments <= 0 "
        "AND day IN (SELECT e.day FROM record e WHERE e.household_id = "
        f"{h}.id AND e.kind = 'enrollment')"
    )


RECOUNT_SQL: Final = f"""SELECT e.day, h.commune_code, {_SCHEME.format(r="e")}, count(*),
           sum({_PEOPLE.format(r="e")})
    FROM record e JOIN household_index h ON h.id = e.household_id
    WHERE {_LIVE.format(r="e")}
    GROUP BY 1, 2, 3"""

# Migration 9 of agent_app.storage.schema.
MIGRATION: Final = [
    """CREATE TABLE signup_tally (
        day TEXT NOT NULL,
        commune_code TEXT NOT NULL,
        scheme TEXT NOT NULL,
        enrollments INTEGER NOT NULL,
        people INTEGER NOT NULL,
        PRIMARY KEY (day, commune_code, scheme)
    ) WITHOUT ROWID""",
    "INSERT INTO signup_tally (day, commune_code, scheme, enrollments, people) " + RECOUNT_SQL,
    f"""CREATE TRIGGER signup_tally_record_insert AFTER INSERT ON record
        WHEN new.kind = 'enrollment'
        BEGIN {_one("new", "")}; END""",
    f"""CREATE TRIGGER signup_tally_record_delete AFTER DELETE ON record
        WHEN old.kind = 'enrollment'
        BEGIN {_one("old", "-")}; {_prune_day("old")}; END""",
    f"""CREATE TRIGGER signup_tally_record_update
        AFTER UPDATE OF kind, body, deleted, household_id, day ON record
        WHEN old.kind = 'enrollment' OR new.kind = 'enrollment'
        BEGIN {_one("old", "-")}; {_prune_day("old")}; {_one("new", "")}; END""",
    f"""CREATE TRIGGER signup_tally_household_insert AFTER INSERT ON household_index
        WHEN EXISTS ({_HAS_ENROLLMENT.format(h="new")})
        BEGIN {_household("new", "")}; END""",
    f"""CREATE TRIGGER signup_tally_household_delete AFTER DELETE ON household_index
        WHEN EXISTS ({_HAS_ENROLLMENT.format(h="old")})
        BEGIN {_household("old", "-")}; {_prune_household("old")}; END""",
    f"""CREATE TRIGGER signup_tally_household_update
        AFTER UPDATE OF id, commune_code ON household_index
        WHEN old.id IS NOT new.id OR old.commune_code IS NOT new.commune_code
        BEGIN {_household("old", "-")}; {_prune_household("old")}; {_household("new", "")}; END""",
]


@dataclass(frozen=True, slots=True)
class TallyRow:
    day: str
    commune_code: str
    scheme: str
    enrollments: int
    people: int


class SignupTally:
    """Reads of the tally (the triggers are its only writer)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def between(self, day_from: str, day_to: str) -> list[TallyRow]:
        """The tally rows of the days from ``day_from`` to ``day_to`` (inclusive)."""
        rows = self._store.all(
            "SELECT day, commune_code, scheme, enrollments, people FROM signup_tally "
            "WHERE day BETWEEN ? AND ? ORDER BY day, commune_code, scheme",
            (day_from, day_to),
        )
        return [TallyRow(str(d), str(c), str(s), int(n), int(p)) for d, c, s, n, p in rows]

    def all(self) -> list[TallyRow]:
        rows = self._store.all(
            "SELECT day, commune_code, scheme, enrollments, people FROM signup_tally "
            "ORDER BY day, commune_code, scheme"
        )
        return [TallyRow(str(d), str(c), str(s), int(n), int(p)) for d, c, s, n, p in rows]

    def recount(self) -> list[TallyRow]:
        """The same figures counted over the records: what :meth:`all` must equal."""
        rows = self._store.all(RECOUNT_SQL + " ORDER BY 1, 2, 3")
        return [TallyRow(str(d), str(c), str(s), int(n), int(p or 0)) for d, c, s, n, p in rows]
