"""Fixtures for the store tests: real SQLCipher profiles in a temp dir, with a cheap scrypt
cost so each test creates its own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agent_app.storage import KdfParams, Store, create_profile

PASSPHRASE = "mật khẩu đúng"
COMMUNES = ("31027", "31018", "31024")


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE


@pytest.fixture
def make_store(tmp_path: Path) -> Iterator[Callable[..., Store]]:
    opened: list[Store] = []

    def make(data_dir: Path = tmp_path, code: str = "BD0001", **kwargs: object) -> Store:
        s = create_profile(
            data_dir,
            agent_name="Trần Thị Mai",
            agent_code=code,
            communes=COMMUNES,
            passphrase=PASSPHRASE,
            kdf=KdfParams(b"0123456789abcdef", n=2**10),
            **kwargs,  # type: ignore[arg-type]
        )
        opened.append(s)
        return s

    yield make
    for s in opened:
        s.close()


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    return make_store()
