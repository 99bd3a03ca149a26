"""The console's tallies stay equal to a GROUP BY over the stored records after random pushes
(batched), corrections, voids, deletes, households moving commune and people moving household,
by two agents of the same communes, on SQLite and PostgreSQL; and the v4 migration counts them
from the records already stored."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import Connection, delete, select, text

from sync.domain.rates import load_rates
from sync.domain.rules import quote_household
from sync.server import tallies
from sync.server.db import SCHEMA_VERSION, Database, migrate, schema_version
from sync.server.embedded import EmbeddedServer

RATES = load_rates()
DAYS = ("2026-02-27", "2026-02-28", "2026-03-01")


def _json(conn: Connection, name: str) -> str:
    """A body field as text, in the database's own JSON syntax."""
    if conn.dialect.name == "postgresql":
        return f"(body->>'{name}')"
    return f"CAST(json_extract(body, '$.{name}') AS TEXT)"


def _members(conn: Connection) -> str:
    if conn.dialect.name == "postgresql":
        return "json_array_length(body->'member_ids')"
    return "json_array_length(body, '$.member_ids')"


def _true(conn: Connection, name: str) -> str:
    return f"COALESCE({_json(conn, name)}, '') IN ('1', 'true')"


def _expected(conn: Connection) -> dict[str, dict[tuple[Any, ...], dict[str, int]]]:
    """The tallies counted straight from ``records`` in SQL, independently of the tally rule."""
    j = lambda name: _json(conn, name)  # noqa: E731
    live = "kind = '{}' AND NOT deleted"
    people = (
        f"CASE WHEN {j('scheme')} = 'voluntary' THEN 1 "
        f"ELSE COALESCE(NULLIF({_members(conn)}, 0), 1) END"
    )
    amount = f"CAST({j('amount')} AS BIGINT)"
    queries = {
        "enrollment": (
            f"SELECT {{by}}, {j('scheme')}, count(*), sum({amount}), sum({people}) "
            f"FROM records WHERE {live.format('enrollment')} "
            f"GROUP BY {{by_n}}, {j('scheme')}",
            "paid_on",
        ),
        "receipt": (
            f"SELECT {{by}}, count(*), sum({amount}) FROM records "
            f"WHERE {live.format('receipt')} AND live_receipt_of IS NOT NULL GROUP BY {{by_n}}",
            "issued_on",
        ),
        "voided": (
            f"SELECT {{by}}, count(*) FROM records WHERE {live.format('receipt')} "
            f"AND live_receipt_of IS NULL AND {_true(conn, 'voided')} GROUP BY {{by_n}}",
            f"COALESCE({j('voided_on')}, {j('issued_on')})",
        ),
        "visit": (
            f"SELECT {{by}}, count(*) FROM records WHERE {live.format('visit')} GROUP BY {{by_n}}",
            "visited_on",
        ),
        "event": (
            f"SELECT {{by}}, count(*), sum(CAST({j('attendees')} AS BIGINT)), "
            f"sum(COALESCE(CAST({j('leads')} AS BIGINT), 0)) FROM records "
            f"WHERE {live.format('event')} GROUP BY {{by_n}}",
            "held_on",
        ),
    }
    out: dict[str, dict[tuple[Any, ...], dict[str, int]]] = {"c": {}, "a": {}, "e": {}}

    def add(table: str, key: tuple[Any, ...], values: dict[str, int]) -> None:
        cell = out[table].setdefault(key, {})
        for name, n in values.items():
            if n:
                cell[name] = cell.get(name, 0) + int(n)

    for what, (sql, day_field) in queries.items():
        day = day_field if "(" in day_field else j(day_field)
        for table, by, width in (
            ("c", f"{day}, commune_code", 2),
            ("a", f"{day}, COALESCE(agent_id, 0), commune_code", 3),
        ):
            group = ", ".join(str(i + 1) for i in range(width))
            for row in conn.execute(text(sql.format(by=by, by_n=group))):
                key, rest = tuple(row[:width]), row[width:]
                if what == "enrollment":
                    prefix = {"voluntary": "vol", "household_health": "hh"}[rest[0]]
                    values = {
                        f"{prefix}_enrollments": rest[1],
                        f"{prefix}_amount": rest[2],
                        f"{prefix}_people": rest[3],
                    }
                elif what == "receipt":
                    values = {"receipts": rest[0], "receipt_amount": rest[1]}
                elif what == "voided":
                    values = {"voided_receipts": rest[0]}
                elif what == "visit":
                    values = {"visits": rest[0]}
                else:
                    values = {"events": rest[0], "attendees": rest[1], "leads": rest[2]}
                add(table, key, values)
    # Per event: the event itself, and the visits and enrollments naming it, per commune.
    for row in conn.execute(
        text(
            f"SELECT record_id, commune_code, count(*), sum(CAST({j('attendees')} AS BIGINT)), "
            f"sum(COALESCE(CAST({j('leads')} AS BIGINT), 0)) FROM records "
            f"WHERE {live.format('event')} GROUP BY 1, 2"
        )
    ):
        add("e", (row[0], row[1]), {"held": row[2], "attendees": row[3], "leads": row[4]})
    for kind, values in (("visit", "count(*)"), ("enrollment", f"count(*), sum({people})")):
        for row in conn.execute(
            text(
                f"SELECT {j('event_id')}, commune_code, {values} FROM records "
                f"WHERE {live.format(kind)} AND {j('event_id')} IS NOT NULL GROUP BY 1, 2"
            )
        ):
            if kind == "visit":
                add("e", (row[0], row[1]), {"visits": row[2]})
            else:
                add("e", (row[0], row[1]), {"enrollments": row[2], "people": row[3]})
    return {t: {k: v for k, v in cells.items() if v} for t, cells in out.items()}


def _tallied(conn: Connection) -> dict[str, dict[tuple[Any, ...], dict[str, int]]]:
    out: dict[str, dict[tuple[Any, ...], dict[str, int]]] = {}
    for tag, table, key in (
        ("c", tallies.tally_communes, ("day", "commune_code")),
        ("a", tallies.tally_agents, ("day", "agent_id", "commune_code")),
        ("e", tallies.tally_events, ("event_id", "commune_code")),
    ):
        names = tallies.EVENT_COUNTS if tag == "e" else tallies.COUNTS
        cells: dict[tuple[Any, ...], dict[str, int]] = {}
        for row in conn.execute(select(table)).mappings():
            values = {n: int(row[n]) for n in names if row[n]}
            if values:
                cells[tuple(row[k] for k in key)] = values
        out[tag] = cells
    return out


def _assert_tallies_match(db: Database) -> None:
    with db.connect() as conn:
        expected, got = _expected(conn), _tallied(conn)
    for tag in ("c", "a", "e"):
        assert got[tag] == expected[tag], tag


class _World:
    """What the test has stored so far, to pick the next random step from."""

    def __init__(self, wire: SimpleNamespace, apis: list[Any], rng: random.Random) -> None:
        self.wire = wire
        self.apis = apis
        self.rng = rng
        self.versions: dict[str, int] = {}
        self.bodies: dict[str, tuple[str, dict[str, Any], int]] = {}  # id -> kind, body, author
        self.numbers = 0

    def ids(self, kind: str, author: int | None = None) -> list[str]:
        return sorted(
            rid
            for rid, (k, body, who) in self.bodies.items()
            if k == kind and (author is None or who == author) and not body.get("_deleted")
        )

    def op(self, kind: str, body: dict[str, Any], rid: str | None = None, **kw: Any) -> Any:
        return self.wire.op(
            kind, body, record_id=rid, base_version=self.versions.get(rid or ""), **kw
        )

    def step(self, who: int) -> tuple[list[dict[str, Any]], list[tuple[str, str, dict[str, Any]]]]:
        """One or a few ops of a random kind; returns them with (record id, kind, body) each."""
        rng, wire = self.rng, self.wire
        households = self.ids("household")
        persons = self.ids("person")
        choice = rng.choice(
            ["household", "voluntary", "household_health", "visit", "event", "void", "delete",
             "move", "move_person", "edit_event", "delete_receipt"]
        )  # fmt: skip
        made: list[tuple[str, str, dict[str, Any]]] = []
        ops: list[dict[str, Any]] = []

        def new(kind: str, body: dict[str, Any], rid: str | None = None, **kw: Any) -> None:
            one = self.op(kind, body, rid, **kw)
            ops.append(one)
            made.append((one["record_id"], kind, body))

        if choice == "household" or not households or not persons:
            commune = rng.choice([wire.COMMUNE, wire.OTHER_COMMUNE])
            hid = wire.op("household", {})["record_id"]
            new("household", wire.household(commune), hid)
            for _ in range(rng.randint(1, 3)):
                new("person", wire.person(hid))
        elif choice == "voluntary":
            pid = rng.choice(persons)
            e = wire.op("enrollment", {})["record_id"]
            body = wire.voluntary(pid, paid_on=rng.choice(DAYS))
            if rng.random() < 0.3 and self.ids("event"):
                body["event_id"] = rng.choice(self.ids("event"))
            new("enrollment", body, e)
            if rng.random() < 0.8:
                new("receipt", self.receipt(e, 264_000))
        elif choice == "household_health":
            hid = rng.choice(households)
            members = [p for p in persons if self.bodies[p][1]["household_id"] == hid]
            if not members:
                return [], []
            paid = rng.choice(DAYS)
            amount = quote_household(
                RATES, members=len(members), months=12, paid_on=date.fromisoformat(paid)
            ).total
            e = wire.op("enrollment", {})["record_id"]
            body = {
                "scheme": "household_health",
                "household_id": hid,
                "member_ids": members,
                "months": 12,
                "paid_on": paid,
                "amount": amount,
            }
            new("enrollment", body, e)
            new("receipt", self.receipt(e, amount))
        elif choice == "visit":
            hid = rng.choice(households)
            body = {"household_id": hid, "visited_on": rng.choice(DAYS), "outcome": "interested"}
            events = self.ids("event")
            if events and rng.random() < 0.5:
                body["event_id"] = rng.choice(events)
            new("visit", body)
        elif choice == "event":
            body = {
                "commune_code": rng.choice([wire.COMMUNE, wire.OTHER_COMMUNE]),
                "type": "counselling",
                "held_on": rng.choice(DAYS),
                "attendees": rng.randint(0, 90),
            }
            if rng.random() < 0.5:
                body["leads"] = rng.randint(0, 20)
            new("event", body)
        elif choice == "edit_event" and self.ids("event", who):
            rid = rng.choice(self.ids("event", who))
            body = {**self.bodies[rid][1], "attendees": rng.randint(0, 90)}
            body["held_on"] = rng.choice(DAYS)
            new("event", body, rid)
        elif choice == "void" and self.ids("receipt", who):
            rid = rng.choice(self.ids("receipt", who))
            body = self.bodies[rid][1]
            new("receipt", {**body, "voided": True, "void_reason": "Ghi sai số tiền",
                            "voided_on": "2026-03-01"}, rid)  # fmt: skip
        elif choice in ("delete", "delete_receipt"):
            kinds = ("receipt",) if choice == "delete_receipt" else ("visit", "enrollment", "event")
            mine = [r for k in kinds for r in self.ids(k, who)]
            if mine:
                rid = rng.choice(mine)
                kind, body, _ = self.bodies[rid]
                new(kind, body, rid, deleted=True)
        elif choice == "move":
            hid = rng.choice(households)
            body = self.bodies[hid][1]
            other = wire.OTHER_COMMUNE if body["commune_code"] == wire.COMMUNE else wire.COMMUNE
            new("household", {**body, "commune_code": other}, hid)
        elif choice == "move_person" and len(households) > 1:
            pid = rng.choice(persons)
            body = self.bodies[pid][1]
            target = rng.choice([h for h in households if h != body["household_id"]])
            new("person", {**body, "household_id": target}, pid)
        return ops, made

    def receipt(self, enrollment_id: str, amount: int) -> dict[str, Any]:
        self.numbers += 1
        return self.wire.receipt(enrollment_id, f"{{code}}-20260301-{self.numbers:04d}", amount)

    def run(self, steps: int) -> None:
        for _ in range(steps):
            who = self.rng.randrange(len(self.apis))
            api = self.apis[who]
            batch: list[dict[str, Any]] = []
            made: list[tuple[str, str, dict[str, Any]]] = []
            for _ in range(self.rng.randint(1, 3)):
                ops, more = self.step(who)
                batch.extend(ops)
                made.extend(more)
            if not batch:
                continue
            for one in batch:
                if one["kind"] == "receipt" and "{code}" in one["body"]["number"]:
                    one["body"]["number"] = one["body"]["number"].replace("{code}", api.code)
            results = api.push(batch)
            for one, result, (rid, kind, _) in zip(batch, results, made, strict=True):
                if result["status"] not in ("applied", "merged"):
                    continue
                self.versions[rid] = result["version"]
                body = dict(result.get("server") or one["body"])
                if one["deleted"]:
                    body["_deleted"] = True
                author = self.bodies[rid][2] if rid in self.bodies else who
                self.bodies[rid] = (kind, body, author)


@pytest.mark.parametrize("seed", [1, 2])
def test_tallies_equal_group_by_after_random_work(
    server: EmbeddedServer, agent_token: Callable[..., Any], wire: SimpleNamespace, seed: int
) -> None:
    apis = []
    for _ in range(2):
        session = agent_token()
        apis.append(wire.Api(session.base_url, session.token, session.agent.code or ""))
    world = _World(wire, apis, random.Random(seed))
    world.run(45)
    kinds = {kind for kind, _, _ in world.bodies.values()}
    assert {"enrollment", "receipt", "visit"} <= kinds  # the run did tally things
    _assert_tallies_match(server.db)
    # The same rule from scratch gives the same rows.
    with server.db.connect() as conn:
        before = _tallied(conn)
    with server.db.begin() as conn:
        tallies.rebuild(conn)
    with server.db.connect() as conn:
        assert _tallied(conn) == before


def test_tallies_follow_a_household_that_moves_commune(
    server: EmbeddedServer, api: Any, wire: SimpleNamespace
) -> None:
    hid = wire.op("household", {})["record_id"]
    pid = wire.op("person", {})["record_id"]
    eid = wire.op("enrollment", {})["record_id"]
    first = api.push(
        [
            wire.op("household", wire.household(), record_id=hid),
            wire.op("person", wire.person(hid), record_id=pid),
            wire.op("enrollment", wire.voluntary(pid), record_id=eid),
            wire.op("receipt", wire.receipt(eid, f"{api.code}-20260301-0001")),
        ]
    )
    assert [r["status"] for r in first] == ["applied"] * 4
    moved = api.push_one(
        wire.op(
            "household",
            wire.household(wire.OTHER_COMMUNE),
            record_id=hid,
            base_version=first[0]["version"],
        )
    )
    assert moved["status"] == "applied"
    with server.db.connect() as conn:
        rows = {
            r.commune_code: (r.vol_people, r.receipts)
            for r in conn.execute(select(tallies.tally_communes))
        }
    assert rows == {wire.COMMUNE: (0, 0), wire.OTHER_COMMUNE: (1, 1)}
    _assert_tallies_match(server.db)


def test_migration_to_v4_counts_the_stored_records(
    server: EmbeddedServer, agent_token: Callable[..., Any], wire: SimpleNamespace
) -> None:
    session = agent_token()
    api = wire.Api(session.base_url, session.token, session.agent.code or "")
    world = _World(wire, [api], random.Random(7))
    world.run(20)
    db = server.db
    with db.begin() as conn:  # back to a v3 database: no tallies, version 3
        for table in tallies.TABLES:
            table.drop(conn)
        conn.execute(delete(schema_version))
        conn.execute(schema_version.insert().values(version=3, applied_at="2026-02-01"))
    assert migrate(db, "2026-03-01T00:00:00.000Z") == 3
    with db.connect() as conn:
        versions = conn.execute(select(schema_version.c.version)).scalars().all()
        assert max(versions) == SCHEMA_VERSION  # through v4, and on
        assert _tallied(conn)["c"]  # something was counted
    _assert_tallies_match(db)


def test_contribution_of_each_kind() -> None:
    def state(kind: str, body: dict[str, Any], **kw: Any) -> tallies.State:
        values: dict[str, Any] = {
            "record_id": "r1",
            "deleted": False,
            "commune_code": "31027",
            "agent_id": 3,
            "live_receipt_of": None,
        }
        values.update(kw)
        return tallies.State(kind=kind, body=body, **values)

    hh = {
        "scheme": "household_health",
        "paid_on": "2026-03-01",
        "amount": 5,
        "member_ids": ["a", "b"],
    }
    assert tallies.contribution(state("enrollment", hh))[("c", "2026-03-01", "31027")] == {
        "hh_enrollments": 1,
        "hh_people": 2,
        "hh_amount": 5,
    }
    assert tallies.contribution(state("enrollment", hh, deleted=True)) == {}
    receipt = {"issued_on": "2026-03-01", "amount": 7}
    assert tallies.contribution(state("receipt", receipt, live_receipt_of="e"))[
        ("a", "2026-03-01", 3, "31027")
    ] == {"receipts": 1, "receipt_amount": 7}
    voided = {**receipt, "voided": True, "voided_on": "2026-03-02"}
    assert tallies.contribution(state("receipt", voided)) == {
        ("c", "2026-03-02", "31027"): {"voided_receipts": 1},
        ("a", "2026-03-02", 3, "31027"): {"voided_receipts": 1},
    }
    assert tallies.contribution(state("household", {"commune_code": "31027"})) == {}
    day = date(2026, 3, 1) + timedelta(days=0)
    assert day.isoformat() in DAYS
