"""The local database schema as numbered migrations, applied in order by ``PRAGMA user_version``.

Each business record keeps its wire body (JSON) beside a few columns pulled out of it for
queries; households also get a row in ``household_index`` and in the FTS5 table that search
uses. A migration is a list of statements run in one transaction.
"""

from __future__ import annotations

from typing import Final

from agent_app.storage import tally

_V1: Final = [
    # Every record of the seven kinds: the wire body plus columns the queries need.
    """CREATE TABLE record (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        household_id TEXT,
        person_id TEXT,
        parent_id TEXT,
        day TEXT,
        amount INTEGER,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX record_household ON record (household_id, kind)",
    "CREATE INDEX record_person ON record (person_id, kind)",
    "CREATE INDEX record_parent ON record (parent_id)",
    "CREATE INDEX record_kind_day ON record (kind, day)",
    # One row per live household: what the list shows and filters on. Its integer key is the
    # FTS rowid, so re-indexing a household is one delete and one insert.
    """CREATE TABLE household_index (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE REFERENCES record (id) ON DELETE CASCADE,
        commune_code TEXT NOT NULL,
        name_key TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'new'
    )""",
    "CREATE INDEX household_name ON household_index (name_key)",
    "CREATE INDEX household_commune ON household_index (commune_code, name_key)",
    "CREATE INDEX household_status ON household_index (status, name_key)",
    # Folded names of the head and members, CCCDs, phones, village and address. Prefix indexes
    # of 2 and 3 characters keep keystroke-by-keystroke queries off a full term scan.
    """CREATE VIRTUAL TABLE household_fts USING fts5 (
        terms, tokenize = 'unicode61', prefix = '2 3', detail = 'column'
    )""",
    # Changes waiting for the server. state: pending, inflight, attention.
    """CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        op_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        body TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        device_time TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        sent INTEGER NOT NULL DEFAULT 0,
        base_version INTEGER,
        status TEXT,
        error TEXT,
        server TEXT,
        settled_at TEXT
    )""",
    "CREATE INDEX outbox_record ON outbox (record_id, state)",
    "CREATE INDEX outbox_state ON outbox (state, kind, seq)",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
]

_V2: Final = [
    # Form autosave: one draft per form and key, rewritten on every autosave.
    """CREATE TABLE draft (
        form TEXT NOT NULL,
        key TEXT NOT NULL,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (form, key)
    )""",
    # Reference data from pulls (admin units, rates, scripts, targets), apart from records.
    """CREATE TABLE reference (
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (kind, record_id)
    )""",
    # Every record id a pull has delivered, tombstones included: known_count().
    """CREATE TABLE pulled (
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        PRIMARY KEY (kind, record_id)
    )""",
]

_V3: Final = [
    # The server's version with a conflict, so a resolution is re-queued on top of it.
    "ALTER TABLE outbox ADD COLUMN result_version INTEGER",
]

_V4: Final = [
    # A CCCD belongs to one person: the duplicate check runs on every member save.
    "CREATE INDEX person_cccd ON record (json_extract(body, '$.cccd')) WHERE kind = 'person'",
]

_V5: Final = [
    # The households list shows when each household was last visited; kept by reindexing.
    "ALTER TABLE household_index ADD COLUMN last_visit_on TEXT",
    """UPDATE household_index SET last_visit_on = (
        SELECT max(day) FROM record
        WHERE record.household_id = household_index.id AND kind = 'visit' AND deleted = 0
    )""",
    # 1 when the op was queued as a removal: undoing that removal before it is sent drops the
    # op, while a removal that overwrote an unsent edit turns back into that edit.
    "ALTER TABLE outbox ADD COLUMN born_deleted INTEGER NOT NULL DEFAULT 0",
]

_V6: Final = [
    # The server's latest state of a record with ops in the outbox: taken from the record
    # before its first local edit, from pulls that skipped it, and from push results. When the
    # record's last op leaves, the record becomes this copy (or a waiting op is rebased on it).
    # removed: the record left the agent's scope (not deleted on the server).
    """CREATE TABLE server_copy (
        record_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        removed INTEGER NOT NULL DEFAULT 0,
        body TEXT NOT NULL
    )""",
]

_V7: Final = [
    # How many times each receipt was printed here: the first print is the original, later
    # ones say "copy" (agent_app.storage.receipt_prints). Local only.
    """CREATE TABLE receipt_print (
        receipt_id TEXT PRIMARY KEY,
        printed INTEGER NOT NULL,
        last_printed_at TEXT NOT NULL
    )""",
]

_V8: Final = [
    # Pairs the agent marked "not a duplicate": a CCCD, a scheme and the earlier enrollment
    # the warning named; the duplicate warning never asks about that pair again.
    """CREATE TABLE not_duplicate (
        cccd TEXT NOT NULL,
        scheme TEXT NOT NULL,
        enrollment_id TEXT NOT NULL,
        marked_at TEXT NOT NULL,
        PRIMARY KEY (cccd, scheme, enrollment_id)
    )""",
    # The progress screen counts sign-ups per commune: each enrollment's household looked up
    # in one index, without reading the household's row.
    "CREATE INDEX household_commune_of ON household_index (id, commune_code)",
]

# The sign-up tally per day, commune and scheme and the triggers that keep it (the progress
# screen reads it instead of every enrollment), filled from the records already stored.
_V9: Final = tally.MIGRATION

MIGRATIONS: Final[tuple[list[str], ...]] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9)
LATEST: Final = len(MIGRATIONS)
