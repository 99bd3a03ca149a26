"""The scripts as the laptop shows them: pulled as ``ref.script``, filled from the rates the
server sent (``ref.rates``), searchable without diacritics, in the agent's language."""

from __future__ import annotations

import copy
import json
from importlib import resources

from agent_app.storage.syncport import LocalSyncPort
from sync.domain.rates import load_rates
from sync.protocol import Change

SCRIPTS = json.loads(
    (resources.files("resources") / "reference" / "scripts.json").read_text(encoding="utf-8")
)["scripts"]


def _pull(ws, *bodies_by_kind):
    changes = [
        Change(seq, kind, rid, 1, False, body)
        for seq, (kind, rid, body) in enumerate(bodies_by_kind, start=1)
    ]
    LocalSyncPort(ws.store).apply_pull_page(changes, len(changes))


def _scripts(ws):
    _pull(ws, *[("ref.script", s["id"], s) for s in SCRIPTS])


def test_pulled_scripts_are_filled_from_the_rates(ws):
    _scripts(ws)
    scripts = ws.scripts.rendered()
    assert len(scripts) == len(SCRIPTS)
    farmers = next(s for s in scripts if s.group == "farmers")
    assert farmers.title == "Kịch bản tư vấn: Nông dân"
    assert "264.000 đ" in farmers.points[0]
    english = ws.scripts.one(farmers.id, "en")
    assert english.title == "Talking points: Farmers"
    assert "264,000 đ" in english.points[0]


def test_a_rates_change_pulled_from_the_server_changes_the_numbers(ws):
    _scripts(ws)
    data = copy.deepcopy(load_rates().to_dict())
    for entry in data["tables"]["rural_poverty_line"]:
        if entry["valid_from"] == "2022-01-01":
            entry["amount"] = 2_000_000
    data["version"] = "2026-12-server"
    _pull(ws, ("ref.rates", "rates-id", data))
    assert ws.scripts.live_rates().version == "2026-12-server"
    farmers = next(s for s in ws.scripts.rendered() if s.group == "farmers")
    # 22 % of 2,000,000 less 20 % support: 352,000 a month.
    assert "352.000 đ" in farmers.points[0]
    assert farmers.rates_version == "2026-12-server"


def test_a_broken_rates_record_leaves_the_bundled_rates(ws):
    _scripts(ws)
    _pull(ws, ("ref.rates", "rates-id", {"schema": 99}))
    assert ws.scripts.live_rates().version == load_rates().version


def test_search_folds_diacritics(ws):
    _scripts(ws)
    assert {s.group for s in ws.scripts.rendered(query="thai san")} == {"women", "youth"}
    assert {s.group for s in ws.scripts.rendered(query="NÔNG DÂN")} == {"farmers"}
    assert {s.group for s in ws.scripts.rendered("en", query="maternity allowance")} == {
        "women",
        "youth",
    }
    # The English UI finds the Vietnamese words too.
    assert {s.group for s in ws.scripts.rendered("en", query="thai san")} == {"women", "youth"}
    assert ws.scripts.rendered(query="xyzzy") == []


def test_a_script_with_an_unknown_placeholder_is_never_shown_raw(ws):
    newer = {"id": "s-new", "group": "farmers", "title": "Kịch bản mới",
             "points": ["Chỉ từ {something_new.other} mỗi tháng"]}  # fmt: skip
    _pull(ws, ("ref.script", "s-new", newer))
    [script] = ws.scripts.rendered()
    assert script.title == "Kịch bản mới"
    assert "{" not in script.points[0]
    assert "cập nhật ứng dụng" in script.points[0]
