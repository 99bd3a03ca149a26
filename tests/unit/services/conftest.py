"""A Workspace over a real encrypted profile, with a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from agent_app.services import Workspace
from agent_app.storage import KdfParams, Store, create_profile

TODAY = date(2026, 11, 21)


@pytest.fixture
def ws_store(tmp_path: Path) -> Iterator[Store]:
    s = create_profile(
        tmp_path,
        agent_name="Trần Thị Mai",
        agent_code="BD0001",
        communes=("31027", "31018", "31024"),
        passphrase="demo-demo",
        kdf=KdfParams(b"0123456789abcdef", n=2**10),
    )
    yield s
    s.close()


@pytest.fixture
def ws(ws_store: Store) -> Workspace:
    return Workspace(
        ws_store, today=lambda: TODAY, now=lambda: datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
    )


HOUSEHOLD = {
    "commune_code": "31027",
    "address": "Số 12, Ấp Tân Hòa, Xã U Minh Thượng",
    "head_name": "Nguyễn Văn Ánh",
    "village": "Ấp Tân Hòa",
    "phone": "0912345678",
}
HEAD = {
    "full_name": "Nguyễn Văn Ánh",
    "date_of_birth": "1980-04-02",
    "sex": "male",
    "relationship": "head",
    "cccd": "091080123456",
    "phone": "0912345678",
}
SPOUSE = {
    "full_name": "Lê Thị Hoà",
    "date_of_birth": "1983-09-15",
    "sex": "female",
    "relationship": "spouse",
    "cccd": "089183654321",
}
CHILD = {
    "full_name": "Nguyễn Đức Minh",
    "date_of_birth": "2008-01-20",
    "sex": "male",
    "relationship": "child",
}


@pytest.fixture
def family() -> tuple[dict[str, object], list[dict[str, object]]]:
    return dict(HOUSEHOLD), [dict(HEAD), dict(SPOUSE), dict(CHILD)]
