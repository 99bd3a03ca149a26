"""Charts drawn on the server as SVG, for the console's pages (no script, no CDN).

Pure functions from figures to SVG markup (``markupsafe.Markup``, every text escaped): the
sign-ups of each province or commune as horizontal bars coloured against their pace, the
campaign day by day (daily sign-ups as bars, the cumulative line, the target and the line of
what the target expects by each day, and the pace still needed from today to the deadline),
and a small grouped bar per scheme. Colours are SVG presentation attributes (``fill``,
``stroke``): the console's Content-Security-Policy forbids ``style=`` attributes. Each chart is
an ``img`` for assistive technology, with a ``<title>`` and a ``<desc>`` that say what it
shows; each bar carries a ``<title>`` with its figures (the tooltip). The legend is HTML in
the page (:data:`LEGEND` names the colours).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from markupsafe import Markup, escape

from sync.server.console import i18n

COLOURS: Final = {"green": "#1e7b34", "amber": "#c77c00", "red": "#b3261e", "none": "#7a8699"}
DAILY: Final = "#9ec5ec"  # the day's sign-ups
CUMULATIVE: Final = "#0b5cad"
TARGET: Final = "#5a6475"
EXPECTED: Final = "#1e7b34"  # what the target expects by each day
NEEDED: Final = "#b3261e"  # the pace still needed from today to the deadline
SCHEME_DONE: Final = "#0b5cad"
SCHEME_TARGET: Final = "#c9d3e0"
# The legend's swatches (HTML beside the chart), by series.
LEGEND: Final = {
    "daily": DAILY,
    "cumulative": CUMULATIVE,
    "target": TARGET,
    "expected": EXPECTED,
    "needed": NEEDED,
    "done": SCHEME_DONE,
    "scheme_target": SCHEME_TARGET,
    **COLOURS,
}


@dataclass(frozen=True, slots=True)
class Bar:
    """One horizontal bar: a name, its figure, its target (None: none set) and its status
    (``green``, ``amber``, ``red``, or ``none`` without a target)."""

    label: str
    value: int
    target: int | None = None
    status: str = "none"


@dataclass(frozen=True, slots=True)
class Day:
    """One day of the campaign: its sign-ups, the cumulative figure (None after today) and the
    figure the target expects by the end of that day (None without a target)."""

    day: date
    signups: int
    cumulative: int | None
    expected: int | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """One scheme: its sign-ups and its target (None: none set)."""

    label: str
    value: int
    target: int | None = None


def _n(value: float, lang: str) -> str:
    return i18n.number(round(value), lang)


def _f(value: float) -> str:
    """A coordinate, short (one decimal at most)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def axis(value: int) -> tuple[int, int]:
    """The top of an axis at or above ``value`` and the step of its ticks: a step of 1, 2 or 5
    times a power of ten, about four of them, so every tick is a whole round number."""
    raw = max(value, 1) / 4
    step = 1
    while step < raw:
        for factor in (2, 5 / 2, 2):  # 1 -> 2 -> 5 -> 10 -> 20 ...
            step = int(step * factor)
            if step >= raw:
                break
    top = max(-(-value // step) * step, step)
    return top, step


def nice_top(value: int, intervals: int) -> int:
    """The top of a second axis at or above ``value`` that ``intervals`` grid lines divide
    into whole round numbers (its ticks then fall on the first axis's grid lines)."""
    per = -(-max(value, 1) // max(intervals, 1))
    step, power = 1, 1
    while step < per:  # 1, 2, 5, 10, 20, 50 ...
        for factor in (1, 2, 5):
            step = factor * power
            if step >= per:
                break
        power *= 10
    return step * max(intervals, 1)


def _ticks(top: int, step: int) -> list[int]:
    return list(range(0, top + 1, step))


def _open(width: int, height: int, ident: str, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" role="img" aria-labelledby="{ident}-t {ident}-d"'
        ' font-family="sans-serif" font-size="12">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(desc)}</desc>',
    ]


def _text(x: float, y: float, text: str, *, anchor: str = "start", cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return (
        f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}"{klass} fill="#1d2433">'
        f"{escape(text)}</text>"
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def hbars(
    bars: Sequence[Bar],
    *,
    ident: str,
    title: str,
    desc: str,
    lang: str,
    target_word: str = "target",
    width: int = 640,
) -> Markup:
    """Horizontal bars, one per row, proportional to their figures on one scale (the largest
    figure or target at the top of the axis); a target shows as a dark tick on its bar."""
    label_w, value_w, row_h, top, bottom = 170, 110, 22, 8, 26
    plot_w = width - label_w - value_w
    height = top + row_h * max(len(bars), 1) + bottom
    top_value, tick = axis(max([b.value for b in bars] + [b.target or 0 for b in bars] + [1]))
    scale = plot_w / top_value
    out = _open(width, height, ident, title, desc)
    axis_y = top + row_h * max(len(bars), 1)
    for value in _ticks(top_value, tick):
        x = label_w + value * scale
        out.append(
            f'<line class="grid" x1="{_f(x)}" y1="{top}" x2="{_f(x)}" y2="{axis_y}"'
            ' stroke="#e6e9ef"/>'
        )
        out.append(_text(x, axis_y + 16, _n(value, lang), anchor="middle", cls="tick"))
    for i, bar in enumerate(bars):
        y = top + row_h * i
        length = max(bar.value, 0) * scale
        colour = COLOURS.get(bar.status, COLOURS["none"])
        tip = f"{bar.label}: {_n(bar.value, lang)}"
        if bar.target is not None:
            tip += f" / {target_word} {_n(bar.target, lang)}"
        out.append(_text(label_w - 6, y + 15, _clip(bar.label, 24), anchor="end", cls="name"))
        out.append(
            f'<rect class="bar {escape(bar.status)}" x="{label_w}" y="{y + 3}"'
            f' width="{_f(length)}" height="{row_h - 6}" fill="{colour}"'
            f' data-value="{bar.value}"><title>{escape(tip)}</title></rect>'
        )
        if bar.target is not None and bar.target > 0:
            tx = label_w + bar.target * scale
            out.append(
                f'<line class="target" x1="{_f(tx)}" y1="{y + 1}" x2="{_f(tx)}"'
                f' y2="{y + row_h - 1}" stroke="#1d2433" stroke-width="2"/>'
            )
        out.append(_text(label_w + plot_w + 6, y + 15, _n(bar.value, lang), cls="value"))
    out.append(
        f'<line class="axis" x1="{label_w}" y1="{top}" x2="{label_w}" y2="{axis_y}"'
        ' stroke="#9aa4b5"/>'
    )
    out.append("</svg>")
    return Markup("".join(out))


def _day_label(day: date, lang: str) -> str:
    return day.strftime("%d/%m") if lang == "vi" else day.strftime("%m-%d")


def daily(
    days: Sequence[Day],
    *,
    ident: str,
    title: str,
    desc: str,
    lang: str,
    target: int | None = None,
    deadline: date | None = None,
    width: int = 1200,
    height: int = 320,
) -> Markup:
    """The campaign day by day: each day's sign-ups as a bar (right axis), the cumulative
    figure as a line (left axis), the target as a level line, what the target expects by each
    day as a line from zero at the start to the target at the deadline, and the pace still
    needed: a dashed line from today's cumulative figure to the target at the deadline."""
    left, right, top, bottom = 70, 60, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(days), 1)
    step = plot_w / n
    cumulated = [d.cumulative for d in days if d.cumulative is not None]
    expected = [d.expected for d in days if d.expected is not None]
    top_cum, cum_tick = axis(max(cumulated + expected + [target or 0, 1]))
    top_day = nice_top(max([d.signups for d in days] + [1]), top_cum // cum_tick)
    base = top + plot_h
    out = _open(width, height, ident, title, desc)

    def y_cum(value: float) -> float:
        return base - plot_h * value / top_cum

    def y_day(value: float) -> float:
        return base - plot_h * value / top_day

    intervals = top_cum // cum_tick
    for i in range(intervals + 1):  # the right axis shares the left one's grid lines
        y = base - plot_h * i / intervals
        out.append(
            f'<line class="grid" x1="{left}" y1="{_f(y)}" x2="{left + plot_w}" y2="{_f(y)}"'
            ' stroke="#e6e9ef"/>'
        )
        out.append(_text(left - 6, y + 4, _n(cum_tick * i, lang), anchor="end", cls="tick"))
        out.append(
            _text(left + plot_w + 6, y + 4, _n(top_day * i // intervals, lang), cls="tick daily")
        )
    every = max(1, math.ceil(n / 12))  # about twelve day labels at most
    for i, d in enumerate(days):
        x = left + step * i
        h = base - y_day(d.signups)
        out.append(
            f'<rect class="day" x="{_f(x + step * 0.15)}" y="{_f(base - h)}"'
            f' width="{_f(step * 0.7)}" height="{_f(h)}" fill="{DAILY}" data-value="{d.signups}">'
            f"<title>{escape(i18n.day(d.day, lang))}: {escape(_n(d.signups, lang))}</title></rect>"
        )
        if i % every == 0:
            out.append(_text(x + step / 2, base + 16, _day_label(d.day, lang), anchor="middle"))

    def centre(i: int) -> float:
        return left + step * i + step / 2

    def polyline(points: list[tuple[float, float]], cls: str, colour: str, extra: str) -> None:
        if points:
            coords = " ".join(f"{_f(x)},{_f(y)}" for x, y in points)
            out.append(
                f'<polyline class="{cls}" points="{coords}" fill="none" stroke="{colour}"'
                f' stroke-width="2.5"{extra}/>'
            )

    polyline(
        [(centre(i), y_cum(d.expected)) for i, d in enumerate(days) if d.expected is not None],
        "expected",
        EXPECTED,
        ' stroke-dasharray="2 3"',
    )
    if target is not None:
        y = y_cum(target)
        out.append(
            f'<line class="target" x1="{left}" y1="{_f(y)}" x2="{left + plot_w}" y2="{_f(y)}"'
            f' stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="8 4"/>'
        )
    polyline(
        [(centre(i), y_cum(d.cumulative)) for i, d in enumerate(days) if d.cumulative is not None],
        "cumulative",
        CUMULATIVE,
        "",
    )
    # The pace needed: from the last day with a figure to the target on the deadline's day.
    last = max((i for i, d in enumerate(days) if d.cumulative is not None), default=None)
    if target is not None and last is not None and days:
        end = len(days) - 1
        if deadline is not None:
            end = next((i for i, d in enumerate(days) if d.day >= deadline), end)
        figure = days[last].cumulative or 0
        if end > last and figure < target:
            polyline(
                [(centre(last), y_cum(figure)), (centre(end), y_cum(target))],
                "needed",
                NEEDED,
                ' stroke-dasharray="6 4"',
            )
    out.append(
        f'<line class="axis" x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}"'
        ' stroke="#9aa4b5"/>'
    )
    out.append("</svg>")
    return Markup("".join(out))


def schemes(
    groups: Sequence[Group],
    *,
    ident: str,
    title: str,
    desc: str,
    lang: str,
    done_word: str = "sign-ups",
    target_word: str = "target",
    width: int = 640,
) -> Markup:
    """Per scheme, two bars side by side on one scale: its sign-ups and its target."""
    label_w, value_w, row_h, gap, top, bottom = 200, 110, 18, 14, 8, 8
    plot_w = width - label_w - value_w
    height = top + (2 * row_h + gap) * max(len(groups), 1) + bottom
    top_value, _tick = axis(max([g.value for g in groups] + [g.target or 0 for g in groups] + [1]))
    scale = plot_w / top_value
    out = _open(width, height, ident, title, desc)
    for i, g in enumerate(groups):
        y = top + (2 * row_h + gap) * i
        out.append(_text(label_w - 6, y + row_h + 4, _clip(g.label, 30), anchor="end", cls="name"))
        rows: list[tuple[str, int | None, str, str]] = [
            ("done", g.value, SCHEME_DONE, done_word),
            ("scheme-target", g.target, SCHEME_TARGET, target_word),
        ]
        for j, (cls, value, colour, word) in enumerate(rows):
            yy = y + row_h * j
            if value is None:
                continue
            out.append(
                f'<rect class="{cls}" x="{label_w}" y="{yy + 1}" width="{_f(value * scale)}"'
                f' height="{row_h - 2}" fill="{colour}" data-value="{value}">'
                f"<title>{escape(g.label)}: {escape(word)} {escape(_n(value, lang))}</title></rect>"
            )
            out.append(_text(label_w + plot_w + 6, yy + row_h - 3, _n(value, lang), cls="value"))
    out.append("</svg>")
    return Markup("".join(out))
