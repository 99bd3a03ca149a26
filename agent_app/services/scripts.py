"""The talking-point scripts with their numbers filled in from the rates in force today: the
rates pulled from the server (``ref.rates``) when the laptop has them, else the bundled file,
so a rates change on the server changes every script at the next sync."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from agent_app.services._base import Base
from sync.domain.errors import DomainError
from sync.domain.rates import Rates
from sync.domain.scripts import RenderedScript, ScriptError, render_script
from sync.domain.text import fold
from sync.protocol import REF_SCRIPT

# What the agent sees instead of a script that this version cannot fill (a placeholder from a
# newer server, or no rates for the date): never the raw placeholder.
UNFILLABLE = (
    "Không tính được số liệu của kịch bản này với bảng mức đóng hiện có; hãy đồng bộ hoặc cập "
    "nhật ứng dụng.",
    "This script's numbers cannot be computed with the rates on this laptop; sync or update "
    "the app.",
)


class ScriptCases(Base):
    def live_rates(self) -> Rates:
        """The rates the server last sent (``ref.rates``), else those the workspace opened with
        (``Base.rates``, what every quote uses too)."""
        return self.rates

    def rendered_scripts(
        self, lang: str = "vi", query: str = "", on: date | None = None
    ) -> list[RenderedScript]:
        """Every script filled in for ``on`` (today) in ``lang``, those matching ``query``
        (folded: "thai san" finds "thai sản"; words of either language), by title."""
        day = on or self.current_day()
        rates = self.live_rates()
        out = []
        for rid, body in self.store.all(
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

    def rendered_script(
        self, script_id: str, lang: str = "vi", on: date | None = None
    ) -> RenderedScript | None:
        return next((s for s in self.rendered_scripts(lang, on=on) if s.id == script_id), None)
