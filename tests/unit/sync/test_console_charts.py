"""The console's SVG charts: well-formed SVG (parsed with xml.etree), bars proportional to
their figures, colours against the pace, every name escaped, accessible titles, no style
attribute and no script (the console's CSP forbids both)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from markupsafe import Markup

from sync.server.console import charts
from sync.server.console.charts import Bar, Day, Group

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(svg: Markup) -> ET.Element:
    assert isinstance(svg, Markup)
    root = ET.fromstring(str(svg))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    labelled = (root.get("aria-labelledby") or "").split()
    ids = {e.get("id"): e for e in root.iter() if e.get("id")}
    assert labelled
    assert all(i in ids for i in labelled)
    for element in root.iter():
        assert "style" not in element.attrib
        assert not element.tag.endswith("script")
        assert not element.tag.endswith("style")
        assert not any(k.startswith("on") for k in element.attrib)
    return root


def rects(root: ET.Element, cls: str) -> list[ET.Element]:
    return [
        r
        for r in root.iter("{http://www.w3.org/2000/svg}rect")
        if cls in (r.get("class") or "").split()
    ]


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_bars_are_proportional_and_coloured_against_their_pace() -> None:
    bars = [
        Bar("Hà Nội", 1000, 800, "green"),
        Bar("Hải Phòng", 500, 800, "amber"),
        Bar("Cao Bằng", 250, 800, "red"),
        Bar("Lai Châu", 0, None, "none"),
    ]
    root = parse(charts.hbars(bars, ident="p", title="Sign-ups", desc="per province", lang="vi"))
    drawn = rects(root, "bar")
    widths = [float(r.get("width") or 0) for r in drawn]
    assert widths[0] == pytest.approx(2 * widths[1]) == pytest.approx(4 * widths[2])
    assert widths[3] == 0
    assert [r.get("fill") for r in drawn] == [
        charts.COLOURS["green"],
        charts.COLOURS["amber"],
        charts.COLOURS["red"],
        charts.COLOURS["none"],
    ]
    assert [r.get("data-value") for r in drawn] == ["1000", "500", "250", "0"]
    # Vietnamese grouping on the figures and the axis (top of the axis: 1.000).
    assert "1.000" in texts(root)
    tips = [r.find("s:title", NS) for r in drawn]
    assert tips[0] is not None
    assert tips[0].text == "Hà Nội: 1.000 / target 800"
    # Three targets drawn as ticks, none for the row without one.
    assert len([e for e in root.iter() if e.get("class") == "target"]) == 3


def test_english_figures_group_with_commas() -> None:
    root = parse(charts.hbars([Bar("A", 24704)], ident="p", title="t", desc="d", lang="en"))
    assert "24,704" in texts(root)


def test_names_are_escaped() -> None:
    evil = '<script>alert("x")</script> & "Xã" \'A\''
    svg = charts.hbars([Bar(evil, 3)], ident="p", title=evil, desc=evil, lang="vi")
    assert "<script>" not in str(svg)
    root = parse(svg)
    assert root.find("s:title", NS) is not None
    assert root.find("s:title", NS).text == evil  # type: ignore[union-attr]
    svg = charts.schemes([Group(evil, 1, 2)], ident="s", title=evil, desc=evil, lang="vi")
    assert "<script>" not in str(svg)
    parse(svg)


def test_an_empty_chart_is_still_a_chart() -> None:
    parse(charts.hbars([], ident="p", title="t", desc="d", lang="vi"))
    parse(charts.daily([], ident="d", title="t", desc="d", lang="vi"))
    parse(charts.schemes([], ident="s", title="t", desc="d", lang="vi"))


def test_daily_chart_bars_lines_target_and_pace_needed() -> None:
    start = date(2026, 11, 1)
    days = []
    total = 0
    for i in range(30):
        signups = 10 * (i + 1) if i < 15 else 0
        total += signups
        days.append(
            Day(start + timedelta(days=i), signups, total if i < 15 else None, 100 * (i + 1))
        )
    svg = charts.daily(
        days,
        ident="d",
        title="Day by day",
        desc="d",
        lang="vi",
        target=3000,
        deadline=date(2026, 11, 30),
    )
    root = parse(svg)
    bars = rects(root, "day")
    assert len(bars) == 30
    heights = [float(b.get("height") or 0) for b in bars]
    assert heights[9] == pytest.approx(2 * heights[4], abs=0.2)
    assert heights[20] == 0
    lines = {
        e.get("class"): e
        for e in root.iter()
        if e.get("class") in {"cumulative", "expected", "needed", "target"}
    }
    assert set(lines) == {"cumulative", "expected", "needed", "target"}
    assert len((lines["cumulative"].get("points") or "").split()) == 15
    assert len((lines["expected"].get("points") or "").split()) == 30
    needed = (lines["needed"].get("points") or "").split()
    assert len(needed) == 2
    # The pace needed ends on the target's level, at the deadline (the last day).
    target_y = lines["target"].get("y1")
    assert needed[1].split(",")[1] == target_y
    assert "01/11" in texts(root)


def test_no_pace_needed_once_the_target_is_met() -> None:
    start = date(2026, 11, 1)
    days = [Day(start + timedelta(days=i), 50, 50 * (i + 1), 10 * (i + 1)) for i in range(5)]
    days += [Day(start + timedelta(days=5 + i), 0, None, 60 + 10 * i) for i in range(5)]
    root = parse(charts.daily(days, ident="d", title="t", desc="d", lang="en", target=100))
    assert not [e for e in root.iter() if e.get("class") == "needed"]


def test_scheme_bars_side_by_side_on_one_scale() -> None:
    groups = [Group("BHXH tự nguyện", 300, 600), Group("BHYT hộ gia đình", 150, None)]
    root = parse(charts.schemes(groups, ident="s", title="By scheme", desc="d", lang="vi"))
    done = rects(root, "done")
    target = rects(root, "scheme-target")
    assert len(done) == 2
    assert len(target) == 1
    assert float(target[0].get("width") or 0) == pytest.approx(2 * float(done[0].get("width") or 0))
    assert float(done[0].get("width") or 0) == pytest.approx(2 * float(done[1].get("width") or 0))


@pytest.mark.parametrize(
    ("value", "top", "step"),
    [(0, 1, 1), (1, 1, 1), (3, 3, 1), (7, 8, 2), (11, 15, 5), (230, 300, 100), (4066, 6000, 2000),
     (6346, 8000, 2000), (24704, 30000, 10000)],
)  # fmt: skip
def test_axes_tick_at_round_numbers(value: int, top: int, step: int) -> None:
    assert charts.axis(value) == (top, step)


@pytest.mark.parametrize(("value", "intervals", "top"), [(1, 4, 4), (9, 4, 20), (930, 3, 1500)])
def test_the_second_axis_shares_the_first_ones_grid(value: int, intervals: int, top: int) -> None:
    assert charts.nice_top(value, intervals) == top
