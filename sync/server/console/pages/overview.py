"""The campaign pages: the overview (the page after signing in), a province and a commune.

One shape at every level: cards for the chosen period (today, this week, this month or since
the campaign started), sign-ups per row as bars coloured against their pace, the tier table
("provinces above 500, above 1,000 ..."), the campaign day by day against its target, the two
schemes, and the rows worst first (provinces link to their page, communes to theirs). The
figures come from :mod:`sync.server.console.reports`, which reads the tallies kept at ingest;
the JSON twins under ``/api/v1/reports/`` answer the same dict the page is drawn from.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Final

from fastapi import Path, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from sync.server.console import charts, i18n, reports
from sync.server.console.i18n import N_
from sync.server.console.report_schema import ReportModel
from sync.server.console.web import API_SECURITY, ApiUser, Console, ConsoleError, PageUser, Signed

PERIODS: Final = ("today", "week", "month", "campaign")
DEFAULT_PERIOD: Final = "month"
PERIOD_LABELS: Final = {
    "today": N_("Today"),
    "week": N_("This week"),
    "month": N_("This month"),
    "campaign": N_("Since the start"),
}
STATUS_LABELS: Final = {
    "green": N_("On pace"),
    "amber": N_("Behind"),
    "red": N_("Far behind"),
    "none": N_("No target"),
}
ROW_LABELS: Final = {"province": N_("Provinces"), "commune": N_("Communes"), "agent": N_("Agents")}
i18n.LABELS.setdefault(
    "scheme",
    {
        "voluntary": N_("Voluntary social insurance"),
        "household_health": N_("Household health insurance"),
    },
)

BARS_DESC: Final = N_("One bar per row, worst first: green on pace, amber behind, red far behind.")
DAILY_DESC: Final = N_("Daily sign-ups as bars; the cumulative, target and pace lines.")
SCHEMES_TITLE: Final = N_("Sign-ups by scheme since the start, against the target")

Period = Annotated[str, Query(pattern="^(today|week|month|campaign)$")]
Code = Annotated[str, Path(min_length=1, max_length=8, pattern="^[0-9A-Za-z]+$")]
_SCHEMA: Final = {
    "security": API_SECURITY,
}


def report(
    console: Console, signed: Signed, level: str, code: str | None, period: str, today: date
) -> dict[str, Any]:
    """The figures one page shows (the JSON twin answers them as they are)."""
    try:
        if level == "province":
            data = reports.province(console.db, signed.scope, code or "", today)
        elif level == "commune":
            data = reports.commune(console.db, signed.scope, code or "", today)
        else:
            data = reports.overview(console.db, signed.scope, today)
    except reports.NotVisible as exc:  # unknown or out of scope: the same answer
        raise ConsoleError(404, "not_found", N_("There is no such page.")) from exc
    return {"period": period, **data}


def _row_link(level: str, row: dict[str, Any]) -> str | None:
    if level == "national":
        return f"/provinces/{row['code']}"
    if level == "province":
        return f"/communes/{row['code']}"
    return None


def view(data: dict[str, Any], lang: str) -> dict[str, Any]:
    """What the template draws beyond the figures: the three charts and the rows' links."""
    translate = i18n.translator(lang)
    period = data["period"]
    rows_word = translate(ROW_LABELS[data["row_level"]])
    target_word = translate("target")
    bars = []
    for row in data["rows"]:
        standing = row["target"]
        bars.append(
            charts.Bar(
                row["name"],
                row[period],
                standing["target"] if standing and period == "campaign" else None,
                standing["status"] if standing else "none",
            )
        )
    bars_svg = charts.hbars(
        bars,
        ident="bars",
        title=f"{translate('Sign-ups')} · {rows_word} · {translate(PERIOD_LABELS[period])}",
        desc=translate(BARS_DESC),
        lang=lang,
        target_word=target_word,
    )
    overall = data["target"]
    days = [
        charts.Day(date.fromisoformat(p["day"]), p["signups"] or 0, p["cumulative"], p["expected"])
        for p in data["series"]
    ]
    if overall and days:  # the days to the deadline, where the pace needed ends
        deadline = date.fromisoformat(overall["deadline"])
        while days[-1].day < deadline:
            days.append(charts.Day(days[-1].day + timedelta(days=1), 0, None, None))
    daily_svg = charts.daily(
        days,
        ident="daily",
        title=translate("Sign-ups day by day"),
        desc=translate(DAILY_DESC),
        lang=lang,
        target=overall["target"] if overall else None,
        deadline=date.fromisoformat(overall["deadline"]) if overall else None,
    )
    groups = []
    for entry in data["by_scheme"]:
        standing = entry["target"]
        groups.append(
            charts.Group(
                i18n.label("scheme", entry["scheme"], translate),
                entry["campaign"]["signups"],
                standing["target"] if standing else None,
            )
        )
    schemes_svg = charts.schemes(
        groups,
        ident="schemes",
        title=translate(SCHEMES_TITLE),
        desc=translate("Per scheme: its sign-ups, and below them its target."),
        lang=lang,
        done_word=translate("sign-ups"),
        target_word=target_word,
    )
    national = data["level"] == "national"
    return {
        "heading": translate("Overview") if national else data["name"],
        "bars_svg": bars_svg,
        "daily_svg": daily_svg,
        "schemes_svg": schemes_svg,
        "links": [_row_link(data["level"], row) for row in data["rows"]],
        "rows_word": rows_word,
        "legend": charts.LEGEND,
        "periods": [(p, PERIOD_LABELS[p]) for p in PERIODS],
        "status_labels": STATUS_LABELS,
    }


def register(console: Console) -> None:
    router, api = console.router, console.api

    async def page(
        request: Request, signed: Signed, level: str, code: str | None, period: str
    ) -> Response:
        data = await run_in_threadpool(
            report, console, signed, level, code, period, console.today()
        )
        context = {"data": data, **view(data, console.lang_of(request))}
        return console.render(request, signed, "overview.html", context)

    async def answer(
        request: Request, signed: Signed, level: str, code: str | None, period: str
    ) -> Response:
        data = await run_in_threadpool(
            report, console, signed, level, code, period, console.today()
        )
        return console.json(data)

    @router.get("/overview")
    async def overview_page(
        request: Request, signed: PageUser, period: Period = DEFAULT_PERIOD
    ) -> Response:
        return await page(request, signed, "national", None, period)

    @router.get("/provinces/{code}")
    async def province_page(
        request: Request, signed: PageUser, code: Code, period: Period = DEFAULT_PERIOD
    ) -> Response:
        return await page(request, signed, "province", code, period)

    @router.get("/communes/{code}")
    async def commune_page(
        request: Request, signed: PageUser, code: Code, period: Period = DEFAULT_PERIOD
    ) -> Response:
        return await page(request, signed, "commune", code, period)

    @api.get(
        "/api/v1/reports/overview",
        response_model=ReportModel,
        summary="The campaign overview: every province of the supervisor's scope",
        openapi_extra=_SCHEMA,
    )
    async def overview_api(
        request: Request, signed: ApiUser, period: Period = DEFAULT_PERIOD
    ) -> Response:
        return await answer(request, signed, "national", None, period)

    @api.get(
        "/api/v1/reports/provinces/{code}",
        response_model=ReportModel,
        summary="One province: its communes of the supervisor's scope (404 outside it)",
        openapi_extra=_SCHEMA,
    )
    async def province_api(
        request: Request, signed: ApiUser, code: Code, period: Period = DEFAULT_PERIOD
    ) -> Response:
        return await answer(request, signed, "province", code, period)

    @api.get(
        "/api/v1/reports/communes/{code}",
        response_model=ReportModel,
        summary="One commune: its agents (404 outside the supervisor's scope)",
        openapi_extra=_SCHEMA,
    )
    async def commune_api(
        request: Request, signed: ApiUser, code: Code, period: Period = DEFAULT_PERIOD
    ) -> Response:
        return await answer(request, signed, "commune", code, period)
