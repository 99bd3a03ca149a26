"""Shared checks for the domain tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sync.domain.errors import DomainError
from sync.domain.messages import field_label

AssertInvalid = Callable[..., None]


def _assert_invalid(
    exc: pytest.ExceptionInfo[DomainError], code: str, field: str | None, /, **params: Any
) -> None:
    err = exc.value
    assert (err.code, err.field) == (code, field)
    assert dict(err.params) == params
    # A template whose placeholders are not all given falls back to "<label>: <code>".
    for lang, message in (("vi", err.message_vi), ("en", err.message_en)):
        assert message != f"{field_label(field, lang)}: {code}"
        assert "{" not in message


@pytest.fixture(scope="session")
def assert_invalid() -> AssertInvalid:
    """Check an error's code, field and parameters, and that both sentences rendered fully."""
    return _assert_invalid
