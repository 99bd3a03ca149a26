"""What the needs-attention screens say about an item: whether the agent can fix it, the reason
in the agent's language, and wire values written the way a person reads them."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from agent_app.services import AttentionItem
from agent_app.ui.i18n import QT_TRANSLATE_NOOP, domain_text, translate, vocab_text
from sync.domain.messages import MESSAGES, MONEY_PARAMS, field_label, format_date, format_vnd
from sync.domain.messages import render as render_message
from sync.domain.vocab import LABELS

# Codes the agent cannot fix from the laptop: the record is outside their communes, an op id
# was reused with other content, or the record is gone on the server.
SUPERVISOR_CODES = frozenset({"forbidden", "op_reused", "deleted", "immutable"})
# Money fields shown and edited as đồng.
MONEY_FIELDS = MONEY_PARAMS | {"income", "amount"}
# Fields that make no sense to edit by hand on a fix screen.
FIXED_FIELDS = frozenset({"household_id", "person_id", "enrollment_id", "member_ids", "id"})


def is_fixable(item: AttentionItem) -> bool:
    return item.status == "rejected" and item.code not in SUPERVISOR_CODES


# The server's rejection codes (sync.protocol), said for the agent: its own sentences are English.
SYNC_REASONS: dict[str, str] = {
    "forbidden": QT_TRANSLATE_NOOP(
        "SyncReasons", "The record is in a commune you are not assigned to."
    ),
    "missing_parent": QT_TRANSLATE_NOOP(
        "SyncReasons", "Its household or person is not on the server."
    ),
    "op_reused": QT_TRANSLATE_NOOP(
        "SyncReasons", "The operation id was already used with other content."
    ),
    "deleted": QT_TRANSLATE_NOOP("SyncReasons", "The record was deleted on the server."),
    "amount_mismatch": QT_TRANSLATE_NOOP(
        "SyncReasons", "The amount differs from what the server computes under the rules."
    ),
    "duplicate_number": QT_TRANSLATE_NOOP(
        "SyncReasons", "The receipt number is already used by another receipt."
    ),
    "immutable": QT_TRANSLATE_NOOP(
        "SyncReasons", "The record was made by someone else and cannot be changed."
    ),
}


def reason_text(item: AttentionItem, lang: str) -> str:
    """The reason in the user's language: from our catalogue when the code is known there,
    else the server's own sentence. ``lang`` picks the domain catalogue's sentence."""
    code = item.code
    if item.status == "conflict":
        names = ", ".join(field_label(f, lang) for f in item.conflicting_fields)
        if names:
            return translate("SyncReasons", "Changed on the server too: %1").replace("%1", names)
        return translate("SyncReasons", "Changed on the server too")
    if isinstance(code, str) and code in SYNC_REASONS:
        return translate("SyncReasons", SYNC_REASONS[code])
    if isinstance(code, str) and code in MESSAGES and code not in ("invalid",):
        pair = render_message(code, item.field, {})
        if "{" not in pair[0]:  # a template whose parameters we lack reads worse than the server's
            return domain_text(pair, lang)
    return item.message or code or ""


def value_text(field: str, value: Any, lang: str = "vi") -> str:
    """A wire value as a person reads it: money with dots, dates dd/MM/yyyy, vocab labels."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return translate("AttentionValues", "Yes") if value else translate("AttentionValues", "No")
    if isinstance(value, int) and field in MONEY_FIELDS:
        return format_vnd(value)
    if isinstance(value, str):
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                return format_date(date.fromisoformat(value))
            except ValueError:
                return value
        if value in LABELS:
            return vocab_text(value)
        return value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
