"""Loading what the status, the early warning and the quality score need, in a handful of statements.

The overview reads every priority of a government at once (hundreds of indicators, years of monthly data),
so the database does the heavy part: it picks each period's current version, adds incremental values up,
counts what quality needs, and returns only the latest few values per indicator with their expected
values beside them. The detail pages ask for the whole series of fewer indicators through the same code.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import Session

from entrega.delivery import periods
from entrega.delivery.models import (
    Accumulation,
    Baseline,
    BudgetEntry,
    BudgetProgramme,
    Evidence,
    Indicator,
    Measurement,
    MeasurementStatus,
    Milestone,
    MilestoneStatus,
    Priority,
    PriorityProgramme,
    TargetRevision,
    TrajectoryPoint,
)
from entrega.delivery.status import IndicatorFacts, IndicatorStatus, Value, assess, roll_up, severity
from entrega.delivery.warning import BudgetFacts, Level, MilestoneFacts, Reason, warn
from entrega.extensions.contract import CommonRating, Frequency, StatusRule
from entrega.extensions.runtime import ResolvedModel

RECENT = 3  # values per indicator the overview needs: the latest, and two more to see a trend
DEFAULT_RULE = StatusRule(on_track_within=0.05, issues_within=0.10, at_risk_within=0.20)
SHEET_FIELDS = ("definition", "formula", "unit", "source", "owner_person")  # plus baseline, target, trajectory
LEVEL_ORDER = (Level.ALERT, Level.WATCH, Level.CLEAR)


@dataclass(frozen=True)
class Judge:
    """The model's rule and calendar, or the platform's defaults for a government with no model yet."""

    rule: StatusRule
    fiscal_start: int

    @classmethod
    def of(cls, model: ResolvedModel | None) -> Judge:
        if model is None:
            return cls(DEFAULT_RULE, 1)
        return cls(model.status_rule, model.calendar.fiscal_year_start_month)


@dataclass
class IndicatorView:
    indicator: Indicator
    facts: IndicatorFacts
    status: IndicatorStatus
    baseline: Baseline | None
    target: TargetRevision | None


@dataclass
class PriorityView:
    priority: Priority
    indicators: list[IndicatorView] = field(default_factory=list)
    rating: CommonRating | None = None
    level: Level = Level.CLEAR
    reasons: list[Reason] = field(default_factory=list)

    @property
    def quality(self) -> int | None:
        scores = [view.status.quality.score for view in self.indicators]
        return round(sum(scores) / len(scores)) if scores else None

    def attention_key(self) -> tuple[int, int, int, int]:
        """Worst first: alerts, then by rating, then by how many reasons, then the unit's own order."""
        return (LEVEL_ORDER.index(self.level), severity(self.rating), -len(self.reasons), self.priority.position)


def current_values_statement(indicator_ids: list[uuid.UUID] | None, *, recent_only: bool):
    """Each period's current value (the latest version, unless returned), progress, counts, expected value."""
    m = Measurement
    ranked = (
        select(
            m.tenant_id, m.indicator_id, m.period, m.value, m.status, m.on_time,
            exists().where(Evidence.tenant_id == m.tenant_id, Evidence.measurement_id == m.id).label("has_evidence"),
            func.row_number().over(partition_by=(m.indicator_id, m.period), order_by=m.version.desc()).label("rn"),
        )
        .where(m.breakdown == "")
    )  # fmt: skip
    if indicator_ids is not None:
        ranked = ranked.where(m.indicator_id.in_(indicator_ids))
    ranked_sq = ranked.subquery("ranked")
    current = select(ranked_sq).where(ranked_sq.c.rn == 1, ranked_sq.c.status != MeasurementStatus.RETURNED.value)
    current_sq = current.subquery("current_values")
    by = current_sq.c.indicator_id
    counted = select(
        current_sq.c.tenant_id,
        current_sq.c.indicator_id,
        current_sq.c.period,
        current_sq.c.value,
        current_sq.c.status,
        func.sum(current_sq.c.value)
        .over(order_by=current_sq.c.period, rows=(None, 0), partition_by=by)
        .label("running"),
        func.row_number().over(order_by=current_sq.c.period.desc(), partition_by=by).label("recency"),
        func.count().over(partition_by=by).label("n"),
        func.sum(case((current_sq.c.on_time, 1), else_=0)).over(partition_by=by).label("n_on_time"),
        func.sum(case((current_sq.c.has_evidence, 1), else_=0)).over(partition_by=by).label("n_evidence"),
    ).subquery("counted")
    tp = TrajectoryPoint
    statement = (
        select(counted, tp.expected)
        .outerjoin(
            tp,
            and_(
                tp.tenant_id == counted.c.tenant_id,
                tp.indicator_id == counted.c.indicator_id,
                tp.period == counted.c.period,
            ),
        )
        .order_by(counted.c.indicator_id, counted.c.period)
    )
    if recent_only:
        statement = statement.where(counted.c.recency <= RECENT)
    return statement


def load(
    db_session: Session,
    model: ResolvedModel | None,
    today: date,
    *,
    priority_ids: list[uuid.UUID] | None = None,
    indicator_ids: list[uuid.UUID] | None = None,
    complete: bool = False,
) -> list[PriorityView]:
    """Status, early warning and quality of the government's priorities (or of some), worst first.

    `complete` loads every value and the whole trajectory (for charts); otherwise only what the judgement needs.
    """
    judge = Judge.of(model)
    priority_query = select(Priority).order_by(Priority.position, Priority.code)
    if priority_ids is not None:
        priority_query = priority_query.where(Priority.id.in_(priority_ids))
    priorities = {p.id: PriorityView(p) for p in db_session.scalars(priority_query)}
    if not priorities:
        return []
    indicator_query = select(Indicator).order_by(Indicator.code)
    if priority_ids is not None:
        indicator_query = indicator_query.where(Indicator.priority_id.in_(list(priorities)))
    if indicator_ids is not None:
        indicator_query = indicator_query.where(Indicator.id.in_(indicator_ids))
    indicators = [i for i in db_session.scalars(indicator_query) if i.priority_id in priorities]
    ids = [i.id for i in indicators] if (priority_ids is not None or indicator_ids is not None) else None

    baselines = {b.indicator_id: b for b in db_session.scalars(_restrict(select(Baseline), Baseline, ids))}
    targets: dict[uuid.UUID, TargetRevision] = {}
    for target in db_session.scalars(_restrict(select(TargetRevision), TargetRevision, ids)):
        if target.indicator_id not in targets or target.revision > targets[target.indicator_id].revision:
            targets[target.indicator_id] = target
    first_points = dict(
        db_session.execute(
            _restrict(
                select(TrajectoryPoint.indicator_id, func.min(TrajectoryPoint.period)), TrajectoryPoint, ids
            ).group_by(TrajectoryPoint.indicator_id)
        ).all()
    )

    rows_by_indicator: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for row in db_session.execute(current_values_statement(ids, recent_only=not complete)):
        rows_by_indicator[row.indicator_id].append(row)

    # Trajectories: the whole path for charts; otherwise only the points beside the latest values, and the
    # whole path only where a latest value falls between two points.
    paths: dict[uuid.UUID, list[tuple[date, float]]] = defaultdict(list)
    needs_path = [
        i.id for i in indicators
        if complete or any(r.expected is None for r in rows_by_indicator.get(i.id, []))
    ]  # fmt: skip
    if needs_path:
        for point in db_session.scalars(
            select(TrajectoryPoint).where(TrajectoryPoint.indicator_id.in_(needs_path)).order_by(TrajectoryPoint.period)
        ):
            paths[point.indicator_id].append((point.period, point.expected))

    for indicator in indicators:
        rows = rows_by_indicator.get(indicator.id, [])
        baseline, target = baselines.get(indicator.id), targets.get(indicator.id)
        if indicator.id in paths or complete:
            trajectory = tuple(paths.get(indicator.id, []))
        else:
            trajectory = tuple((r.period, r.expected) for r in rows if r.expected is not None)
        starts = [d for d in (baseline.period if baseline else None, first_points.get(indicator.id)) if d]
        head = rows[0] if rows else None
        filled = sum(1 for name in SHEET_FIELDS if getattr(indicator, name))
        filled += (baseline is not None) + (target is not None) + (indicator.id in first_points)
        incremental = indicator.accumulation is Accumulation.INCREMENTAL
        facts = IndicatorFacts(
            id=indicator.id,
            code=indicator.code,
            polarity=indicator.polarity,
            frequency=indicator.frequency,
            accumulation=indicator.accumulation,
            baseline=baseline.value if baseline else None,
            baseline_period=baseline.period if baseline else None,
            target=target.value if target else None,
            target_due=target.due if target else None,
            trajectory=trajectory,
            tracked_from=min(starts) if starts else None,
            values=tuple(
                Value(
                    period=r.period,
                    value=r.value,
                    progress=(baseline.value if baseline else 0.0) + r.running if incremental else r.value,
                    validated=r.status != MeasurementStatus.SUBMITTED.value,
                )
                for r in rows
            ),
            complete=complete,
            value_count=int(head.n) if head else 0,
            on_time_count=int(head.n_on_time or 0) if head else 0,
            evidence_count=int(head.n_evidence or 0) if head else 0,
            sheet_fields_filled=filled,
            sheet_fields_total=len(SHEET_FIELDS) + 3,
        )
        status = assess(facts, judge.rule, today, judge.fiscal_start)
        priorities[indicator.priority_id].indicators.append(IndicatorView(indicator, facts, status, baseline, target))

    milestones: dict[uuid.UUID, list[MilestoneFacts]] = defaultdict(list)
    open_milestones = select(Milestone.priority_id, Milestone.title, Milestone.due_on, Milestone.status).where(
        Milestone.status.not_in([MilestoneStatus.DONE, MilestoneStatus.DROPPED]),
        Milestone.priority_id.in_(list(priorities)),
    )
    for row in db_session.execute(open_milestones):
        milestones[row.priority_id].append(MilestoneFacts(row.title, row.due_on, row.status))
    budgets = _budgets(db_session, list(priorities), today, judge.fiscal_start)

    for view in priorities.values():
        view.rating = roll_up([i.status.rating for i in view.indicators])
        view.level, view.reasons = warn(
            [(i.indicator.code, i.status) for i in view.indicators],
            milestones.get(view.priority.id, []),
            budgets.get(view.priority.id, []),
            today,
        )
    return sorted(priorities.values(), key=PriorityView.attention_key)


def _restrict(statement, cls, ids):
    return statement if ids is None else statement.where(cls.indicator_id.in_(ids))


def _budgets(
    db_session: Session, priority_ids: list[uuid.UUID], today: date, fiscal_start: int
) -> dict[uuid.UUID, list[BudgetFacts]]:
    """Each priority's programmes with their entries of the current fiscal year."""
    year_start = periods.period_start(today, Frequency.ANNUAL, fiscal_start)
    year_end = periods.period_end(year_start, Frequency.ANNUAL)
    rows = db_session.execute(
        select(
            PriorityProgramme.priority_id, BudgetProgramme.code, BudgetEntry.period,
            BudgetEntry.allocated, BudgetEntry.executed,
        )
        .join(BudgetProgramme, and_(BudgetProgramme.tenant_id == PriorityProgramme.tenant_id,
                                    BudgetProgramme.id == PriorityProgramme.programme_id))
        .join(BudgetEntry, and_(BudgetEntry.tenant_id == BudgetProgramme.tenant_id,
                                BudgetEntry.programme_id == BudgetProgramme.id))
        .where(PriorityProgramme.priority_id.in_(priority_ids), BudgetEntry.period.between(year_start, year_end))
        .order_by(BudgetProgramme.code, BudgetEntry.period)
    ).all()  # fmt: skip
    grouped: dict[tuple[uuid.UUID, str], list[tuple[date, date, Decimal, Decimal]]] = defaultdict(list)
    periods_of: dict[tuple[uuid.UUID, str], list[date]] = defaultdict(list)
    for row in rows:
        periods_of[(row.priority_id, row.code)].append(row.period)
    for row in rows:
        key = (row.priority_id, row.code)
        starts = periods_of[key]
        # An entry runs until the next entry of its programme, the last one until the fiscal year ends.
        later = [p for p in starts if p > row.period]
        end = (min(later) - (date.resolution)) if later else year_end
        grouped[key].append((row.period, end, Decimal(row.allocated), Decimal(row.executed)))
    out: dict[uuid.UUID, list[BudgetFacts]] = defaultdict(list)
    for (priority_id, code), entries in grouped.items():
        out[priority_id].append(BudgetFacts(code, tuple(entries)))
    return out
