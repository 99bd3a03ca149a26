"""Helpers of the server tests: op builders and a tiny HTTP client over ``requests``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import requests

from sync.protocol import PULL_PATH, PUSH_PATH, new_id
from sync.server.embedded import EmbeddedServer

COMMUNE = "31027"  # Xã U Minh Thượng, An Giang
OTHER_COMMUNE = "31018"
FOREIGN_COMMUNE = "00004"  # Phường Ba Đình, Hà Nội: nobody's in these tests
# The server's own date in these tests: the builders' dates lie on it, inside the window the
# server accepts payment dates in (45 days back, 1 day ahead), whatever the real date is.
TODAY = date(2026, 3, 1)


@pytest.fixture
def server(tmp_path: Path, database_url: str | None) -> Iterator[EmbeddedServer]:
    """The real server (SQLite or PostgreSQL) with its date fixed to ``TODAY``."""
    with EmbeddedServer(tmp_path / "server", database_url=database_url, today=TODAY) as running:
        yield running


def op(
    kind: str,
    body: dict[str, Any],
    *,
    record_id: str | None = None,
    base_version: int = 0,
    deleted: bool = False,
    op_id: str | None = None,
) -> dict[str, Any]:
    return {
        "op_id": op_id or new_id(),
        "kind": kind,
        "record_id": record_id or new_id(),
        "base_version": base_version,
        "device_time": "2026-03-01T08:00:00.000Z",
        "deleted": deleted,
        "body": body,
    }


def household(commune: str = COMMUNE, **extra: Any) -> dict[str, Any]:
    return {
        "commune_code": commune,
        "address": "Ấp Xẻo Đước, kênh 7",
        "head_name": "Nguyễn Văn Ánh",
        **extra,
    }


def person(household_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "household_id": household_id,
        "full_name": "Trần Thị Hoà",
        "date_of_birth": "1985-04-12",
        "sex": "female",
        "relationship": "wife",
        **extra,
    }


def voluntary(person_id: str, amount: int = 264_000, **extra: Any) -> dict[str, Any]:
    # others, TN 1,500,000, monthly, paid 1/3/2026 -> 264,000 (DOMAIN.md's worked example)
    return {
        "scheme": "voluntary",
        "person_id": person_id,
        "income": 1_500_000,
        "support": "other",
        "method": "monthly",
        "paid_on": "2026-03-01",
        "amount": amount,
        **extra,
    }


def receipt(enrollment_id: str, number: str, amount: int = 264_000) -> dict[str, Any]:
    return {
        "number": number,
        "enrollment_id": enrollment_id,
        "amount": amount,
        "issued_on": "2026-03-01",
    }


class Api:
    """Push and pull as one device, through real HTTP."""

    def __init__(self, base_url: str, token: str, code: str = "") -> None:
        self.base_url = base_url
        self.code = code  # the agent's code: the prefix of its receipt numbers
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def push(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        response = self.session.post(self.base_url + PUSH_PATH, json={"ops": ops}, timeout=60)
        assert response.status_code == 200, response.text
        return list(response.json()["results"])

    def push_one(self, one: dict[str, Any]) -> dict[str, Any]:
        return self.push([one])[0]

    def pull(self, cursor: int = 0, limit: int = 500) -> dict[str, Any]:
        response = self.session.get(
            self.base_url + PULL_PATH, params={"cursor": cursor, "limit": limit}, timeout=60
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    def pull_all(self) -> list[dict[str, Any]]:
        cursor, out = 0, []
        while True:
            page = self.pull(cursor, 2000)
            out.extend(page["changes"])
            cursor = page["cursor"]
            if not page["has_more"]:
                return out


@pytest.fixture
def api(agent_token: Callable[..., Any]) -> Api:
    """One device of an agent of COMMUNE and OTHER_COMMUNE."""
    session = agent_token()
    return Api(session.base_url, session.token, session.agent.code or "")


@pytest.fixture
def wire() -> SimpleNamespace:
    """The op and body builders above (test modules cannot import a conftest)."""
    return SimpleNamespace(
        op=op,
        household=household,
        person=person,
        voluntary=voluntary,
        receipt=receipt,
        Api=Api,
        COMMUNE=COMMUNE,
        OTHER_COMMUNE=OTHER_COMMUNE,
        FOREIGN_COMMUNE=FOREIGN_COMMUNE,
        TODAY=TODAY,
    )
