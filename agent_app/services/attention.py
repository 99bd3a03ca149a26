"""The needs-attention list (``Workspace.attention``): changes the server rejected or found in
conflict, and what the agent does with each (resolve field by field, resend fixed, dismiss)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from agent_app.services._common import fail, parse
from agent_app.services._lookup import name_of
from agent_app.services.types import AttentionItem, Changed
from agent_app.storage.outbox import ATTENTION, OutboxEntry
from sync.domain.merge import changed_fields

if TYPE_CHECKING:
    from agent_app.services.workspace import Workspace


class Attention:
    """``ws.attention.items()``, ``.resolve_conflict``, ``.resend_fixed``, ``.dismiss``."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def items(self) -> list[AttentionItem]:
        """The ops the server rejected or found in conflict, oldest first."""
        items = []
        for entry in self.ws.store.outbox.entries(ATTENTION):
            error = entry.error or {}
            body, server = entry.body, entry.server
            differing: tuple[str, ...] = ()
            if server is not None:
                differing = tuple(sorted(changed_fields(body, server)))
            items.append(
                AttentionItem(
                    op_id=entry.op_id,
                    kind=entry.kind,
                    record_id=entry.record_id,
                    status=str(entry.status),
                    code=error.get("code"),
                    field=error.get("field"),
                    message=str(error.get("message", "")),
                    body=body,
                    server=server,
                    conflicting_fields=differing,
                    label=str(
                        body.get("head_name")
                        or body.get("full_name")
                        or body.get("number")
                        or name_of(self.ws.records, body)
                        or entry.kind
                    ),
                )
            )
        return items

    def _attention_entry(self, op_id: str) -> OutboxEntry:
        entry = self.ws.store.outbox.attention_entry(op_id)
        if entry is None:
            raise fail("not_in_attention", None)
        return entry

    def resolve_conflict(
        self, op_id: str, choices: Mapping[str, Literal["mine", "server"]]
    ) -> Changed:
        """Field by field, keep mine or take the server's; fields not named keep mine. The
        result is queued as a new op on top of the server's version (and of any change the
        server received since the conflict)."""
        entry = self._attention_entry(op_id)
        kind, record_id, mine = entry.kind, entry.record_id, entry.body
        base = dict(entry.server or {})
        resolved = dict(base)
        for key in set(mine) | set(base):
            if choices.get(key, "mine") == "mine":
                if key in mine:
                    resolved[key] = mine[key]
                else:
                    resolved.pop(key, None)
        body = parse(kind, resolved, self.ws.current_day()).to_body()
        with self.ws.store.transaction():
            self.ws.store.outbox.resolve(entry, body, self.ws.now())
        return Changed(frozenset({kind, "attention"}), (record_id,))

    def resend_fixed(self, op_id: str, body: Mapping[str, Any]) -> Changed:
        """A rejected change, corrected by the agent, goes out again as a new op."""
        entry = self._attention_entry(op_id)
        fixed = parse(entry.kind, body, self.ws.current_day()).to_body()
        with self.ws.store.transaction():
            self.ws.store.outbox.resend(entry, fixed, self.ws.now())
        return Changed(frozenset({entry.kind, "attention"}), (entry.record_id,))

    def dismiss(self, op_id: str) -> Changed:
        """Drop the change. Once the record has no change left waiting it holds the server's
        current state; a rejected new record stays on this laptop only, nothing is deleted
        behind the agent's back."""
        entry = self._attention_entry(op_id)
        with self.ws.store.transaction():
            self.ws.store.outbox.dismiss(entry)
        return Changed(frozenset({entry.kind, "attention"}), (entry.record_id,))
