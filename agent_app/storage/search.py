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
from functools import lru_cache
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


@dataclass(frozen=True, slots=True)
class Match:
    """What matched a query in a household other than its head's name: a member (by name,
    CCCD or phone) or a field of the household (phone, village, address)."""

    field: str  # full_name, cccd, phone (of the member, or the household's), village, address
    value: str  # as stored: "Nguyễn Văn Ánh", "0912345678", "Ấp Tân Hòa"
    member: str | None = None  # the member's full name, when a member matched
    relationship: str | None = None  # the member's relationship (wire value)


def query_terms(query: str) -> list[str]:
    """The folded words of a query; punctuation and marks dropped."""
    return _WORD.findall(fold(query))


@lru_cache(maxsize=65_536)
def _words(text: str) -> tuple[str, ...]:
    # Cached: typing a query re-examines the same households' names at every keystroke.
    return tuple(_WORD.findall(fold(text)))


def _covers(terms: list[str], text: object, *, folded: bool = False) -> bool:
    """Whether every query term starts a word of ``text`` (as FTS5 matched it)."""
    if not text or not isinstance(text, str):
        return False
    words = _WORD.findall(text) if folded else _words(text)
    return all(any(w.startswith(t) for w in words) for t in terms)


def _why(store: Store, terms: list[str], heads: dict[str, str]) -> dict[str, Match]:
    """For each household of ``heads`` (id -> folded head name), the member or field the query
    words all fall in; when they are spread, the member with most of those not in the head's
    name."""
    ids = list(heads)
    marks = ",".join("?" * len(ids))
    members: dict[str, list[tuple[Any, ...]]] = {}
    for row in store.all(
        "SELECT household_id, json_extract(body, '$.full_name'), "
        "json_extract(body, '$.relationship'), json_extract(body, '$.cccd'), "
        "json_extract(body, '$.phone') FROM record WHERE kind = 'person' AND deleted = 0 "
        f"AND household_id IN ({marks}) ORDER BY rowid",
        ids,
    ):
        members.setdefault(row[0], []).append(row[1:])
    found: dict[str, Match] = {}
    digits = all(t.isdigit() for t in terms)
    # Digits are looked for in CCCDs and phones, letters in names: no use folding a name
    # for "091".
    fields = ("cccd", "phone") if digits else ("full_name",)
    for household_id in ids:
        for name, rel, cccd, phone in members.get(household_id, []):
            values = {"full_name": name, "cccd": cccd, "phone": phone}
            field = next(
                (f for f in fields if _covers(terms, values[f], folded=f != "full_name")), None
            )
            if field is not None:
                found[household_id] = Match(field, str(values[field]), str(name or ""), rel)
                break
    rest = [i for i in ids if i not in found]
    if not rest:
        return found
    marks = ",".join("?" * len(rest))
    for household_id, *home in store.all(
        "SELECT id, json_extract(body, '$.phone'), json_extract(body, '$.village'), "
        f"json_extract(body, '$.address') FROM record WHERE id IN ({marks})",
        rest,
    ):
        for field, value in zip(("phone", "village", "address"), home, strict=True):
            if _covers(terms, value):
                found[household_id] = Match(field, str(value))
                break
        else:
            # The words fall in different places, some in the head's name: name the member
            # with most of the others ("van anh" for Bùi Văn Toàn's household: his Ánh).
            head = heads.get(household_id, "")
            rest_terms = [t for t in terms if not _covers([t], head, folded=True)] or terms
            best, most = None, 0
            for name, rel, *_ in members.get(household_id, []):
                hits = sum(_covers([t], name) for t in rest_terms)
                if hits > most:
                    best, most = Match("full_name", str(name), str(name), rel), hits
            if best is not None:
                found[household_id] = best
    return found


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


def matches(store: Store, query: str, ids: list[str]) -> dict[str, Match]:
    """Why each household of ``ids`` (a page of ``search(query)``) was found, for those whose
    head's name does not match the query: the member, or the field, the words fell in.

    Asked apart from :func:`search`, after its rows are shown: the rows never wait for it.
    """
    terms = query_terms(query)
    if not terms or not ids:
        return {}
    marks = ",".join("?" * len(ids))
    heads = store.all(f"SELECT id, name_key FROM household_index WHERE id IN ({marks})", ids)
    others = {i: key for i, key in heads if not _covers(terms, key, folded=True)}
    return _why(store, terms, others) if others else {}


def count(
    store: Store, query: str, *, commune_code: str | None = None, status: str | None = None
) -> int:
    source, _, params = _plan(store, query_terms(query), commune_code, status)
    return int(store.one(f"SELECT count(*) FROM {source}", params)[0])
