"""Pull pages are bounded by bytes as well as by count, and no stored record can make a pull
fail (bodies too deep for any JSON codec, integers past 64 bits), on SQLite and PostgreSQL.

The records are written straight into the database: what is stored is what matters here,
however it got there (an older server, a restore, a bug), not what push accepts today."""

from __future__ import annotations

import json

from sync.protocol import new_id
from sync.server.db import begin_changes, finish_changes
from sync.server.pull import MAX_PULL_PAGE_BYTES

COMMUNE = "31027"


def _store_raw(db, bodies: list[str]) -> list[str]:
    """Households in COMMUNE whose body is the given JSON text, as stored rows."""
    ids = [new_id() for _ in bodies]
    cast = "CAST(%s AS JSON)" if not db.is_sqlite else "?"
    mark = "?" if db.is_sqlite else "%s"
    sql = (
        "INSERT INTO records (record_id, kind, version, deleted, body, commune_code, "
        "province_code, agent_id, receipt_number, seq, updated_at, household_id) "
        f"VALUES ({mark}, 'household', 1, {mark}, {cast}, '{COMMUNE}', '91', NULL, NULL, "
        f"{mark}, '2026-03-01T00:00:00.000Z', {mark})"
    )
    with db.begin() as conn:
        seq = begin_changes(conn)
        for rid, body in zip(ids, bodies, strict=True):
            conn.exec_driver_sql(sql, (rid, False, body, seq.next(), rid))
        finish_changes(conn, seq)
    return ids


def _household(**extra) -> str:
    body = {"commune_code": COMMUNE, "address": "Ấp 1", "head_name": "Lê Văn A", **extra}
    return json.dumps(body, ensure_ascii=False)


def _pages(api, limit: int = 500) -> list[tuple[int, dict]]:
    """Every page from cursor 0 as (size of its JSON in bytes, page)."""
    cursor, out = 0, []
    while True:
        response = api.session.get(
            api.base_url + "/api/v1/sync/pull",
            params={"cursor": cursor, "limit": limit},
            timeout=60,
        )
        assert response.status_code == 200, response.text[:300]
        page = response.json()
        out.append((len(response.content), page))
        assert page["changes"], "every page holds at least one change"
        cursor = page["cursor"]
        if not page["has_more"]:
            return out


def test_pull_pages_are_bounded_by_bytes(api, server_db):
    api.session.headers["Accept-Encoding"] = "identity"  # measure the JSON itself
    blob = "x" * (700 * 1024)
    big = _store_raw(server_db, [_household(notes_blob=blob) for _ in range(6)])
    huge = _store_raw(server_db, [_household(notes_blob="y" * (3 * 1024 * 1024))])
    pages = _pages(api)
    seen = [c["record_id"] for _, page in pages for c in page["changes"]]
    assert set(big + huge) <= set(seen)
    assert len(seen) == len(set(seen))
    for size, page in pages:
        if len(page["changes"]) > 1:
            assert size <= MAX_PULL_PAGE_BYTES + 64 * 1024, size
    # The 3 MiB record is over the bound on its own: it comes alone on its page.
    (alone,) = [page for _, page in pages if any(c["record_id"] in huge for c in page["changes"])]
    assert len(alone["changes"]) == 1
    # Small records still come many to a page.
    assert max(len(page["changes"]) for _, page in pages) > 50
    assert pages[-1][1]["total"] == len(seen)


def test_no_stored_body_makes_a_pull_fail(api, server_db):
    deep = "[" * 3000 + "]" * 3000
    quite_deep = "[" * 150 + "]" * 150
    bodies = [
        _household(nested=json.loads(quite_deep)),
        _household()[:-1] + f', "nested": {deep}}}',
        _household(big_number=10**40),
        _household(),
    ]
    ids = _store_raw(server_db, bodies)
    for limit in (1, 500):
        changes = {c["record_id"]: c for _, page in _pages(api, limit) for c in page["changes"]}
        assert set(ids) <= set(changes)
        # A deep body stored before the limit is sent as it is (jsonio.dumps writes any depth);
        # one too deep even to read back is sent empty, so the commune's other records arrive.
        assert changes[ids[0]]["body"]["nested"] == json.loads(quite_deep)
        assert changes[ids[1]]["body"] == {}
        assert changes[ids[2]]["body"]["big_number"] == 10**40
        assert changes[ids[3]]["body"]["head_name"] == "Lê Văn A"
