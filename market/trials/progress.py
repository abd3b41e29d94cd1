"""How a running trial stands, computed from its reports (never typed): each KPI's measurements
in date order against its target, whether its last measurement meets it, and the chart the
page draws of them as an SVG (no JavaScript: the same numbers are in a table beside it); and
each milestone's report, due or overdue."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from market.core.db import db
from market.procurement.cases import Case, CaseState
from market.trials.models import Kpi, Milestone, TrialTerms
from market.trials.reports import Incident, Report

# The states of a trial that has started: it has reports, incidents and their progress.
STARTED_STATES = frozenset(
    {
        CaseState.TRIAL_RUNNING,
        CaseState.ACCEPTED,
        CaseState.FAILED,
        CaseState.TERMINATED,
        CaseState.CLOSED,
    }
)

# The chart's drawing area, in SVG user units (it scales to the page's width).
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 560, 180, 56, 16, 14, 30


@dataclass(frozen=True)
class Point:
    day: date
    value: Decimal
    report: int  # the report's number
    side: str
    met: bool
    x: float
    y: float


@dataclass(frozen=True)
class KpiSeries:
    kpi: Kpi
    points: list[Point]
    target_y: float
    y_ticks: list[tuple[float, str]]  # (y, label)
    x_ticks: list[tuple[float, str]]

    @property
    def last(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def met(self) -> bool | None:
        """Whether the last measurement meets the target (None: not measured yet)."""
        return None if self.last is None else self.last.met

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class MilestoneDue:
    milestone: Milestone
    reports: list[int]  # the numbers of the reports naming it
    overdue: bool

    @property
    def reported(self) -> bool:
        return bool(self.reports)


def reports_of(case: Case) -> list[Report]:
    return list(
        db.session.scalars(
            sa.select(Report).where(Report.case_id == case.id).order_by(Report.number)
        )
    )


def incidents_of(case: Case) -> list[Incident]:
    return list(
        db.session.scalars(
            sa.select(Incident).where(Incident.case_id == case.id).order_by(Incident.number)
        )
    )


def _scale(low: Decimal, high: Decimal) -> tuple[Decimal, Decimal]:
    """The y axis's span: a tenth beyond the values either way (one flat value: its tenth)."""
    pad = (high - low) / 10 if low != high else (abs(low) / 10 or Decimal(1))
    return low - pad, high + pad


def kpi_series(terms: TrialTerms, reports: Sequence[Report]) -> list[KpiSeries]:
    """Each KPI's measurements by the day they were taken (a later report on the same day
    comes after), placed on the trial period (x) and the span of values and target (y)."""
    by_kpi: dict[uuid.UUID, list[tuple[date, int, str, Decimal]]] = {k.id: [] for k in terms.kpis}
    for report in reports:
        for m in report.measurements:
            if m.kpi_id in by_kpi:
                by_kpi[m.kpi_id].append(
                    (report.reported_on, report.number, report.side.value, m.value)
                )
    start, end = terms.starts_on, terms.ends_on
    span_days = max((end - start).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(day: date) -> float:
        return LEFT + plot_w * min(max((day - start).days, 0), span_days) / span_days

    out = []
    for kpi in terms.kpis:
        rows = sorted(by_kpi[kpi.id], key=lambda r: (r[0], r[1]))
        low, high = _scale(
            min([kpi.target, *(r[3] for r in rows)]), max([kpi.target, *(r[3] for r in rows)])
        )

        def y_of(value: Decimal, low: Decimal = low, high: Decimal = high) -> float:
            return TOP + plot_h * float((high - value) / (high - low))

        points = [
            Point(
                day,
                value,
                number,
                side,
                kpi.comparator.met(value, kpi.target),
                x_of(day),
                y_of(value),
            )
            for day, number, side, value in rows
        ]
        ticks = [low + (high - low) * Decimal(i) / 4 for i in range(5)]
        out.append(
            KpiSeries(
                kpi=kpi,
                points=points,
                target_y=y_of(kpi.target),
                y_ticks=[(y_of(t), _tick(t)) for t in ticks],
                x_ticks=[(x_of(start), start.isoformat()), (x_of(end), end.isoformat())],
            )
        )
    return out


def _tick(value: Decimal) -> str:
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"


def milestones_due(terms: TrialTerms, reports: Sequence[Report], today: date) -> list[MilestoneDue]:
    """Each milestone with the reports naming it; overdue when its day has passed without one."""
    named: dict[uuid.UUID, list[int]] = {}
    for report in reports:
        if report.milestone_id is not None:
            named.setdefault(report.milestone_id, []).append(report.number)
    return [
        MilestoneDue(m, named.get(m.id, []), m.due_on < today and m.id not in named)
        for m in terms.milestones
    ]


def overdue_clause(today: date) -> sa.ColumnElement[bool]:
    """A case (running) with a milestone past its day and no report naming it: one EXISTS."""
    reported = sa.exists().where(Report.milestone_id == Milestone.id)
    return sa.exists().where(Milestone.case_id == Case.id, Milestone.due_on < today, ~reported)
