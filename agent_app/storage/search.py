"""Household search over the FTS5 index of folded terms, fast enough to run on every keystroke.

A query is folded like the index ("Hoà" -> "hoa") and each word becomes a prefix term. Small
result sets are ordered by the head's name; large ones (a two-letter prefix can match half the
households) are read in index order with the limit applied inside FTS5, and the page is sorted.
Households whose head's name starts with the query come first: typing
"nguyen" means the Nguyễn families before those with a Nguyễn member or a street named after one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from sync.domain.text import fold

if TYPE_CHECKING:
    from agent_app.storage.store import Store

# Beyond this many matches a query is read in index order rather than sorted by name.
SORT_LIMIT: Final = 1000
_WORD = re.compile(r"[0-9a-z]+")


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    body: str
    version: int
    status: str
    member_count: int
    pending: bool
    last_visit_on: str | None = None  # ISO date of the newest visit


def query_terms(query: str) -> list[str]:
    """The folded words of a query; punctuation and marks dropped."""
    return _WORD.findall(fold(query))


def match_expression(terms: list[str]) -> str:
    # Terms are [0-9a-z]+ only, so quoting cannot be broken out of.
    return " AND ".join(f'"{t}"*' for t in terms)


def _filters(commune_code: str | None, status: str | None) -> tuple[str, list[Any]]:
    where, params = [], []
    if commune_code is not None:
        where.append("h.commune_code = ?")
        params.append(commune_code)
    if status is not None:
        where.append("h.status = ?")
        params.append(status)
    return "".join(f" AND {w}" for w in where), params


def _plan(
    store: Store, terms: list[str], commune_code: str | None, status: str | None
) -> tuple[str, str, list[Any]]:
    """(FROM ... WHERE ..., ORDER BY, params) for the query."""
    extra, params = _filters(commune_code, status)
    if not terms:
        return f"household_index h WHERE 1{extra}", "h.name_key, h.rowid", params
    if len(terms) == 1 and len(terms[0]) == 1:
        # One letter: FTS5 has no 1-character prefix index, so use the name index instead.
        lo = terms[0]
        hi = chr(ord(lo) + 1)
        return (
            f"household_index h WHERE h.name_key >= ? AND h.name_key < ?{extra}",
            "h.name_key, h.rowid",
            [lo, hi, *params],
        )
    match = match_expression(terms)
    many = store.one(
        "SELECT count(*) FROM (SELECT rowid FROM household_fts WHERE household_fts MATCH ? "
        "LIMIT ?)",
        (match, SORT_LIMIT + 1),
    )[0]
    # f.rowid, not h.rowid: only the FTS table's own order lets SQLite stop after the limit
    # instead of sorting every match in a temporary b-tree.
    order = "f.rowid" if many > SORT_LIMIT else "h.name_key, h.rowid"
    return (
        "household_fts f JOIN household_index h ON h.rowid = f.rowid "
        f"WHERE household_fts MATCH ?{extra}",
        order,
        [match, *params],
    )


def _head_first(
    store: Store, terms: list[str], commune_code: str | None, status: str | None, limit: int
) -> list[Any]:
    """Households whose head's folded name starts with the query words, by name."""
    prefix = " ".join(terms)
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    extra, params = _filters(commune_code, status)
    return store.all(
        "SELECT h.id, h.status, h.name_key, h.last_visit_on FROM household_index h "
        f"WHERE h.name_key >= ? AND h.name_key < ?{extra} ORDER BY h.name_key, h.rowid LIMIT ?",
        [prefix, upper, *params, limit],
    )


def search(
    store: Store,
    query: str,
    *,
    commune_code: str | None = None,
    status: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[SearchHit]:
    terms = query_terms(query)
    # Pages are cut from "head matches, then the rest", so paging stays consistent.
    wanted = max(0, offset) + max(0, limit)
    head: list[Any] = []
    if terms and (len(terms) > 1 or len(terms[0]) > 1):
        head = _head_first(store, terms, commune_code, status, wanted)
    rest: list[Any] = []
    if len(head) < wanted:
        source, order, params = _plan(store, terms, commune_code, status)
        rest = store.all(
            f"SELECT h.id, h.status, h.name_key, h.last_visit_on FROM {source} "
            f"ORDER BY {order} LIMIT ?",
            [*params, wanted + len(head)],
        )
        if order == "f.rowid":
            rest.sort(key=lambda r: r[2])
        first = {r[0] for r in head}
        rest = [r for r in rest if r[0] not in first]
    rows = (head + rest)[max(0, offset) : wanted]
    if not rows:
        return []
    ids = [r[0] for r in rows]
    marks = ",".join("?" * len(ids))
    bodies = {
        r[0]: (r[1], r[2])
        for r in store.all(f"SELECT id, body, version FROM record WHERE id IN ({marks})", ids)
    }
    counts = dict(
        store.all(
            "SELECT household_id, count(*) FROM record WHERE kind = 'person' AND deleted = 0 "
            f"AND household_id IN ({marks}) GROUP BY household_id",
            ids,
        )
    )
    pending = store.outbox.households_with_ops(ids)
    return [
        SearchHit(
            id=i,
            body=bodies[i][0],
            version=bodies[i][1],
            status=status_,
            member_count=counts.get(i, 0),
            pending=i in pending,
            last_visit_on=last_visit,
        )
        for i, status_, _, last_visit in rows
    ]


def count(
    store: Store, query: str, *, commune_code: str | None = None, status: str | None = None
) -> int:
    source, _, params = _plan(store, query_terms(query), commune_code, status)
    return int(store.one(f"SELECT count(*) FROM {source}", params)[0])
