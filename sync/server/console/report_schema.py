"""Pydantic models of the campaign reports (overview, province, commune), for the OpenAPI
document only: the handlers answer the dicts of :mod:`sync.server.console.reports` as they are,
and these models say their shape to readers and generated clients."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Status = Literal["green", "amber", "red"]
PeriodName = Literal["today", "week", "month", "campaign"]


class SchemeFigures(BaseModel):
    signups: int = Field(description="people signed up (household health: the members covered)")
    enrollments: int
    amount: int = Field(description="đồng collected")


class ByScheme(BaseModel):
    voluntary: SchemeFigures
    household_health: SchemeFigures


class Figures(BaseModel):
    signups: int
    enrollments: int
    amount: int = Field(description="đồng collected by the enrollments")
    receipts: int
    receipt_amount: int
    voided_receipts: int
    visits: int
    events: int
    attendees: int
    leads: int
    by_scheme: ByScheme


class Totals(BaseModel):
    today: Figures
    week: Figures
    month: Figures
    campaign: Figures


class Bounds(BaseModel):
    from_: str = Field(alias="from", description="first day, YYYY-MM-DD")
    to: str = Field(description="last day, YYYY-MM-DD (today)")


class Periods(BaseModel):
    today: Bounds
    week: Bounds
    month: Bounds
    campaign: Bounds


class TargetRevision(BaseModel):
    from_: str = Field(alias="from")
    target: int


class Standing(BaseModel):
    """A target in force today and the pace of the sign-ups since the campaign started."""

    original: int
    target: int
    achieved: int
    expected: int = Field(description="what the target expects by today")
    percent: int = Field(description="achieved / target, rounded (366 / 244 = 150)")
    pace_percent: int = Field(description="achieved / expected by today")
    status: Status = Field(description="green at or ahead of pace, amber from 80 %, red below")
    still_to_do: int
    needed_per_day: int | None = Field(description="sign-ups needed per day to the deadline")
    days_left: int
    start: str
    deadline: str
    revisions: list[TargetRevision]


class Row(BaseModel):
    """A province (overview), commune (province page) or agent (commune page), worst first."""

    code: str = Field(description="province or commune code, or the agent's id")
    name: str
    today: int
    week: int
    month: int
    campaign: int
    amount_month: int
    receipts_month: int
    target: Standing | None
    agent_code: str | None = Field(None, description="commune page only")


class Tier(BaseModel):
    threshold: int
    count: int = Field(description="rows with at least `threshold` sign-ups in the period")


class Tiers(BaseModel):
    thresholds: list[int]
    today: list[Tier]
    week: list[Tier]
    month: list[Tier]
    campaign: list[Tier]


class SeriesPoint(BaseModel):
    day: str
    signups: int | None = Field(description="None after today")
    voluntary: int | None
    household_health: int | None
    cumulative: int | None
    target: int | None = Field(description="the target in force that day (None: none set)")
    expected: int | None = Field(description="what the target expects by the end of that day")


class SchemeEntry(BaseModel):
    scheme: Literal["voluntary", "household_health"]
    today: SchemeFigures
    week: SchemeFigures
    month: SchemeFigures
    campaign: SchemeFigures
    target: Standing | None


class ReportModel(BaseModel):
    """The figures of one campaign page: its cards, bars, tier table, day-by-day chart, schemes
    and rows, exactly as the page shows them for ``period``."""

    period: PeriodName = Field(description="the period the page's cards and bars show")
    level: Literal["national", "province", "commune"]
    code: str | None
    name: str | None
    province_code: str | None = Field(None, description="commune page only")
    province_name: str | None = Field(None, description="commune page only")
    row_level: Literal["province", "commune", "agent"]
    today: str
    periods: Periods
    totals: Totals
    target: Standing | None
    by_scheme: list[SchemeEntry]
    rows: list[Row]
    tiers: Tiers
    series: list[SeriesPoint]
