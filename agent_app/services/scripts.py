"""The talking-point scripts (``Workspace.scripts``) with their numbers filled in from the rates
in force today: the rates pulled from the server (``ref.rates``) when the laptop has them, else
the bundled file, so a rates change on the server changes every script at the next sync."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from agent_app.services._lookup import references
from agent_app.services.types import ScriptRow
from sync.domain.errors import DomainError
from sync.domain.rates import Rates
from sync.domain.scripts import RenderedScript, ScriptError, render_script
from sync.domain.text import fold
from sync.protocol import REF_SCRIPT

if TYPE_CHECKING:
    from agent_app.services.workspace import Workspace

# What the agent sees instead of a script that this version cannot fill (a placeholder from a
# newer server, or no rates for the date): never the raw placeholder.
UNFILLABLE = (
    "Không tính được số liệu của kịch bản này với bảng mức đóng hiện có; hãy đồng bộ hoặc cập "
    "nhật ứng dụng.",
    "This script's numbers cannot be computed with the rates on this laptop; sync or update "
    "the app.",
)


class Scripts:
    """``ws.scripts.rendered(lang, query, on)``, ``.one(script_id, lang, on)``,
    ``.live_rates()``, and ``.all()`` (the stored ``ref.script`` bodies, not filled in)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def all(self) -> list[ScriptRow]:
        rows = [
            ScriptRow(
                id=rid,
                title=str(body.get("title", "")),
                target_group=str(body.get("group") or body.get("target_group") or ""),
                body=body,
            )
            for rid, body in references(self.ws.store, REF_SCRIPT)
        ]
        rows.sort(key=lambda s: s.title)
        return rows

    def live_rates(self) -> Rates:
        """The rates the server last sent (``ref.rates``), else those the workspace opened with
        (``Base.rates``, what every quote uses too)."""
        return self.ws.rates

    def rendered(
        self, lang: str = "vi", query: str = "", on: date | None = None
    ) -> list[RenderedScript]:
        """Every script filled in for ``on`` (today) in ``lang``, those matching ``query``
        (folded: "thai san" finds "thai sản"; words of either language), by title."""
        day = on or self.ws.current_day()
        rates = self.live_rates()
        out = []
        for rid, body in self.ws.store.all(
            "SELECT record_id, body FROM reference WHERE kind = ? ORDER BY record_id",
            (REF_SCRIPT,),
        ):
            data = json.loads(body)
            try:
                script = render_script(data, rates, day, lang, record_id=rid)
                # Found by words of either language: an agent with the English UI still
                # talks to people in Vietnamese.
                other = render_script(data, rates, day, "vi" if lang == "en" else "en")
                script = replace(script, search_key=f"{script.search_key} {other.search_key}")
            except (ScriptError, DomainError):
                # Shown with its title and a sentence saying why, never half filled.
                title = str(data.get("title_en" if lang == "en" else "title") or data.get("title"))
                script = RenderedScript(
                    id=rid,
                    group=str(data.get("group") or ""),
                    group_label=str(data.get("group") or ""),
                    title=title,
                    points=(UNFILLABLE[1] if lang == "en" else UNFILLABLE[0],),
                    objections=(),
                    figures=(),
                    on=day,
                    rates_version=rates.version,
                    provisional=False,
                )
                script = replace(script, search_key=fold(title))
            if not query.strip() or script.matches(query):
                out.append(script)
        out.sort(key=lambda s: fold(s.title))
        return out

    def one(
        self, script_id: str, lang: str = "vi", on: date | None = None
    ) -> RenderedScript | None:
        return next((s for s in self.rendered(lang, on=on) if s.id == script_id), None)
