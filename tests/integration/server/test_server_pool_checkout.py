"""The connection pool hands out live connections without a round trip per checkout (issue 12,
the day-end burst): a push used to ping PostgreSQL three times (token, batch, device activity).

- A push and a pull on kept connections ping nothing; a connection idle past
  ``PING_IDLE_SECONDS`` is pinged as before.
- Connections the database ended (backends terminated, as on a restart) are noticed at
  checkout and replaced: the next push and pull answer 200, never 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest
import requests
from sqlalchemy import text
from sqlalchemy.engine import make_url

from sync.protocol import PULL_PATH, PUSH_PATH, new_id
from sync.server import db as server_db_module
from sync.server.embedded import EmbeddedServer

COMMUNE = "31027"


def _push(agent: Any) -> requests.Response:
    hid = new_id()
    op = {
        "op_id": new_id(),
        "kind": "household",
        "record_id": hid,
        "base_version": 0,
        "body": {"commune_code": COMMUNE, "address": "Ấp Tân Hòa", "head_name": "Lê Văn Bình"},
    }
    return requests.post(
        agent.base_url + PUSH_PATH, json={"ops": [op]}, headers=agent.headers, timeout=30
    )


def _pull(agent: Any) -> requests.Response:
    return requests.get(agent.base_url + PULL_PATH, headers=agent.headers, timeout=30)


@pytest.fixture
def pings(server: EmbeddedServer, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the pings the pool sends (each still runs)."""
    if server.db.is_sqlite:
        pytest.skip("SQLite's connections are files: nothing to ping")
    dialect = server.db.engine.dialect
    real: Callable[[Any], bool] = dialect.do_ping
    count: list[int] = []

    def counted(dbapi_conn: Any) -> bool:
        count.append(1)
        return real(dbapi_conn)

    monkeypatch.setattr(dialect, "do_ping", counted)
    return count


def test_kept_connections_are_not_pinged_but_idle_ones_are(
    server: EmbeddedServer, agent_token: Any, pings: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = agent_token(communes=(COMMUNE,))
    assert _push(agent).status_code == 200
    assert _pull(agent).status_code == 200
    pings.clear()
    for _ in range(3):
        assert _push(agent).status_code == 200
        assert _pull(agent).status_code == 200
    assert pings == []
    monkeypatch.setattr(server_db_module, "PING_IDLE_SECONDS", 0.0)
    assert _push(agent).status_code == 200
    assert pings


def test_connections_the_database_ended_are_replaced_not_answered_500(
    server: EmbeddedServer, agent_token: Any
) -> None:
    if server.db.is_sqlite:
        pytest.skip("PostgreSQL's backends")
    agent = agent_token(communes=(COMMUNE,))
    assert _push(agent).status_code == 200
    assert _pull(agent).status_code == 200
    with server.db.connect() as conn:
        name = conn.execute(text("SELECT current_database()")).scalar_one()
    admin = make_url(str(server.database_url)).set(drivername="postgresql")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as watch:
        ended = watch.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchone()
        assert ended is not None
        assert ended[0] > 0
        left = 1
        while left:  # the backends exit once signalled
            row = watch.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
                " AND pid <> pg_backend_pid()",
                (name,),
            ).fetchone()
            left = row[0] if row is not None else 0
    for _ in range(3):
        pushed = _push(agent)
        assert pushed.status_code == 200, pushed.text
        pulled = _pull(agent)
        assert pulled.status_code == 200, pulled.text
