"""Migration 9 fills the sign-up tally from the enrollments an older app stored, and its
triggers keep it from then on (real encrypted profile, reopened as the app does)."""

from __future__ import annotations

from agent_app.storage import open_profile
from agent_app.storage.connection import user_version
from agent_app.storage.schema import LATEST, MIGRATIONS
from agent_app.storage.tally import MIGRATION, SignupTally
from sync.protocol import new_id


def test_migration_9_fills_the_tally_from_the_stored_enrollments(make_store, tmp_path, passphrase):
    assert MIGRATIONS[8] is MIGRATION
    store = make_store()
    records = store.records
    households = {new_id(): "31027", new_id(): "31018"}
    with store.transaction():
        for hid, commune in households.items():
            records.put("household", hid, {"commune_code": commune, "head_name": "Hộ"})
        for n, hid in enumerate(households):
            for day in ("2026-11-01", "2026-11-02", "2026-11-02"):
                records.put("enrollment", new_id(), {"scheme": "voluntary", "household_id": hid,
                            "person_id": new_id(), "paid_on": day})  # fmt: skip
            records.put("enrollment", new_id(), {"scheme": "household_health",
                        "household_id": hid, "member_ids": ["a", "b", "c"][: n + 1],
                        "paid_on": "2026-11-02"})  # fmt: skip
        gone = new_id()
        records.put("enrollment", gone, {"scheme": "voluntary", "household_id": hid,
                    "paid_on": "2026-11-01"}, deleted=True)  # fmt: skip
        records.put("enrollment", new_id(), {"scheme": "voluntary", "household_id": hid})
    expected = SignupTally(store).all()
    assert expected == SignupTally(store).recount()
    assert len(expected) == 6
    # The database as the app before migration 9 left it: no tally, no triggers.
    for (name,) in store.all(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'signup_tally%'"
    ):
        store.execute(f"DROP TRIGGER {name}")
    store.execute("DROP TABLE signup_tally")
    store.execute("PRAGMA user_version = 8")
    with store.transaction():  # written by the old app: nothing counts it yet
        records.put("enrollment", new_id(), {"scheme": "voluntary",
                    "household_id": next(iter(households)), "paid_on": "2026-11-03"})  # fmt: skip
    store.close()

    migrated = open_profile(tmp_path, "BD0001", passphrase)
    assert user_version(migrated.conn) == LATEST
    assert migrated.backup_path is not None
    tally = SignupTally(migrated)
    assert tally.all() == tally.recount()
    assert len(tally.all()) == len(expected) + 1
    assert {(r.day, r.commune_code, r.scheme, r.enrollments, r.people) for r in tally.all()} >= {
        ("2026-11-02", "31027", "voluntary", 2, 2),
        ("2026-11-02", "31018", "household_health", 1, 2),
        ("2026-11-03", "31027", "voluntary", 1, 1),
    }
    # The triggers run from now on.
    first = next(iter(households))
    with migrated.transaction():
        migrated.records.put(
            "enrollment",
            new_id(),
            {"scheme": "voluntary", "household_id": first, "paid_on": "2026-11-03"},
        )
    assert ("2026-11-03", "31027", "voluntary", 2, 2) in {
        (r.day, r.commune_code, r.scheme, r.enrollments, r.people) for r in tally.all()
    }
    assert tally.all() == tally.recount()
    migrated.close()
