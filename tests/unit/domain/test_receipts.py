"""Receipt numbers in one normal form and agent codes the server may hand out."""

from __future__ import annotations

import pytest

from sync.domain.errors import InvalidValue
from sync.domain.receipts import (
    MAX_RECEIPT_NUMBER,
    InvalidAgentCode,
    carries_code,
    check_agent_code,
    normalize_receipt_number,
    receipt_prefix,
)
from sync.domain.records import parse_record


@pytest.mark.parametrize(
    "spelling",
    [
        "BD0001-20260301-0001",
        " BD0001-20260301-0001",
        "BD0001-20260301-0001 ",
        "BD0001-20260301-0001\u00a0",
        "\tBD0001-20260301-0001\t",
        "bd0001-20260301-0001",
        "BD0001 - 20260301 - 0001",
        "ＢＤ0001-20260301-０００１",
        "BD0001-20260301-0001\n",
    ],
)
def test_spellings_of_a_number_are_one_number(spelling):
    assert normalize_receipt_number(spelling) == "BD0001-20260301-0001"


def test_the_longest_number_and_one_past_it():
    assert normalize_receipt_number("A" * MAX_RECEIPT_NUMBER) == "A" * MAX_RECEIPT_NUMBER
    with pytest.raises(InvalidValue) as caught:
        normalize_receipt_number("A" * (MAX_RECEIPT_NUMBER + 1))
    assert (caught.value.code, caught.value.field) == ("too_long", "number")
    # Whitespace does not count towards the length.
    assert normalize_receipt_number("A " * MAX_RECEIPT_NUMBER) == "A" * MAX_RECEIPT_NUMBER


@pytest.mark.parametrize(
    ("number", "code"),
    [
        (" \t\u00a0", "required"),
        ("Ấp-1", "invalid"),
        ("A😀", "invalid"),
        ("-A1", "invalid"),
        ("A\u200b1", "invalid"),
        ("A;1", "invalid"),
        ("A1._/-9", None),
    ],
)
def test_what_a_number_may_hold(number, code):
    if code is None:
        assert normalize_receipt_number(number) == number
        return
    with pytest.raises(InvalidValue) as caught:
        normalize_receipt_number(number, field="x")
    assert (caught.value.code, caught.value.field) == (code, "x")


def test_the_receipt_parser_stores_the_normal_form():
    body = {
        "number": " bd0001-20260301-0001\t",
        "enrollment_id": "01a2b3c4-0000-7000-8000-000000000001",
        "amount": 264_000,
        "issued_on": "2026-03-01",
    }
    assert parse_record("receipt", body).to_body()["number"] == "BD0001-20260301-0001"


def test_a_number_carries_a_code_only_as_its_prefix():
    assert receipt_prefix(" bd0001 ") == "BD0001-"
    assert carries_code("BD0001-20260301-0001", "bd0001")
    assert not carries_code("BD0001", "BD0001")
    assert not carries_code("BD0001-", "BD0001")
    assert not carries_code("BD00011-1", "BD0001")
    assert not carries_code("XBD0001-1", "BD0001")
    assert carries_code("BD-01-1", "BD")  # which is why a code never has a dash (below)


@pytest.mark.parametrize("code", ["bd0001", " MAI0001 ", "AB", "A" * 16, "COM10", "CONX"])
def test_good_agent_codes(code):
    assert check_agent_code(code) == code.strip().upper()


@pytest.mark.parametrize(
    "code",
    [
        "CON",
        "prn",
        "Aux",
        "NUL",
        "COM1",
        "com9",
        "LPT1",
        "LPT0",
        "A",
        "",
        "A" * 17,
        "BD-01",
        "BD_01",
        "BĐ01",
        "BD 01",
        "ＢＤ01",
    ],
)
def test_bad_agent_codes(code):
    with pytest.raises(InvalidAgentCode):
        check_agent_code(code)
