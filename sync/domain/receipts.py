"""Receipt numbers and agent codes: the one normal form a number is validated, stored and
compared in, and the rules for the agent code that prefixes every number an agent prints.

A number is ``<agent code>-<yyyymmdd>-<sequence>`` on the laptop; the server owns the agent
codes (unique, set at ``agent-server add-agent``) and refuses a number that does not carry the
sender's code, so two agents can never print the same number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any, Final

from sync.domain.errors import InvalidValue

# Long enough for any real numbering scheme, short enough for any column and any printout.
MAX_RECEIPT_NUMBER: Final = 64
_NUMBER = re.compile(r"[A-Z0-9][A-Z0-9._/-]*")

AGENT_CODE_MIN: Final = 2
AGENT_CODE_MAX: Final = 16
_AGENT_CODE = re.compile(r"[A-Z0-9]+")
# The code also names the laptop's profile folder: Windows refuses these names for files and
# folders whatever their case (and COM0/LPT0 on some versions).
WINDOWS_RESERVED: Final = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CLOCK$"}
    | {f"COM{i}" for i in range(10)}
    | {f"LPT{i}" for i in range(10)}
)


def normalize_receipt_number(value: str, *, field: str = "number") -> str:
    """The number as stored and compared: NFKC (full-width digits become digits), every
    whitespace character removed (tabs, no-break spaces, spaces typed inside), upper case.

    So ``"X-001"``, ``" x-001\\t"`` and ``"X-001\\u00a0"`` are one number. Only ASCII letters,
    digits and ``- _ . /`` are accepted, at most :data:`MAX_RECEIPT_NUMBER` characters
    (``InvalidValue`` ``too_long`` or ``invalid`` otherwise).
    """
    folded = "".join(unicodedata.normalize("NFKC", value).split()).upper()
    if not folded:
        raise InvalidValue("required", field)
    if len(folded) > MAX_RECEIPT_NUMBER:
        raise InvalidValue("too_long", field, max_length=MAX_RECEIPT_NUMBER)
    if not folded.isascii() or not _NUMBER.fullmatch(folded):
        raise InvalidValue("invalid", field)
    return folded


def receipt_prefix(code: str) -> str:
    """What every number of the agent with ``code`` starts with."""
    return f"{code.strip().upper()}-"


def carries_code(number: str, code: str) -> bool:
    """Whether a (normalised) receipt number carries the agent code ``code`` as its prefix."""
    prefix = receipt_prefix(code)
    return len(number) > len(prefix) and number.startswith(prefix)


class InvalidAgentCode(ValueError):
    """An agent code the server will not hand out; the message says why, in English."""


def check_agent_code(code: str) -> str:
    """The agent code in its stored form (upper case), or :class:`InvalidAgentCode`.

    2 to 16 ASCII letters or digits (no ``-``: it separates the parts of a receipt number, and
    ``BD`` must not be a prefix of ``BD-01``'s numbers), never a reserved Windows device name
    (the laptop names a folder after it).
    """
    cleaned = code.strip().upper()
    if not (AGENT_CODE_MIN <= len(cleaned) <= AGENT_CODE_MAX):
        raise InvalidAgentCode(
            f"agent code {code!r}: use {AGENT_CODE_MIN} to {AGENT_CODE_MAX} letters or digits"
        )
    if not cleaned.isascii() or not _AGENT_CODE.fullmatch(cleaned):
        raise InvalidAgentCode(f"agent code {code!r}: use only letters A-Z and digits 0-9")
    if cleaned in WINDOWS_RESERVED:
        raise InvalidAgentCode(
            f"agent code {code!r} is a reserved device name on Windows; choose another"
        )
    return cleaned


def is_live_receipt(body: Mapping[str, Any], *, deleted: bool = False) -> bool:
    """Whether a receipt counts: not deleted and not voided (``"voided": true``, form C45-BB:
    a wrong receipt is voided, never deleted, and its number stays used). A live receipt is
    its enrollment's one receipt; the laptop's totals and the server's summary count only these.
    """
    return not deleted and body.get("voided") is not True
