"""Early warning: the signals that a priority is going off track, each with its reason, before it is late.

Signals: an indicator off its trajectory, an indicator falling further behind, a milestone slipping,
data late or missing, the budget behind the priority under-executed. The level is `alert` when a priority
is off track or shows two or more kinds of signal, `watch` for any one signal, `clear` otherwise.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from entrega.delivery.models import MilestoneStatus
from entrega.delivery.status import IndicatorStatus, severity
from entrega.extensions.contract import CommonRating

MILESTONE_NOTICE = timedelta(days=30)  # a milestone due this soon and not started is slipping
BUDGET_FLOOR = Decimal("0.7")  # executing less than 70 % of what should be spent by now is under-execution


class Signal(enum.StrEnum):
    OFF_TRAJECTORY = "off_trajectory"
    WORSENING = "worsening"
    MILESTONE_SLIPPING = "milestone_slipping"
    DATA_MISSING = "data_missing"
    BUDGET_UNDER_EXECUTED = "budget_under_executed"


class Level(enum.StrEnum):
    ALERT = "alert"
    WATCH = "watch"
    CLEAR = "clear"


@dataclass(frozen=True)
class Reason:
    signal: Signal
    subject: str  # the indicator, milestone or programme it concerns
    detail: dict[str, object]  # the figures behind it, for the page to phrase in the reader's language


@dataclass(frozen=True)
class MilestoneFacts:
    title: str
    due_on: date
    status: MilestoneStatus


@dataclass(frozen=True)
class BudgetFacts:
    """One programme's entries of the current fiscal year: (period start, period end, allocated, executed)."""

    code: str
    entries: tuple[tuple[date, date, Decimal, Decimal], ...]


def budget_execution(budget: BudgetFacts, today: date) -> tuple[Decimal, Decimal]:
    """What was executed, and what should have been by `today` (allocation × share of each period elapsed)."""
    executed = sum((e[3] for e in budget.entries), Decimal(0))
    expected = Decimal(0)
    for start, end, allocated, _ in budget.entries:
        if today < start:
            continue
        share = Decimal(1) if today >= end else Decimal((today - start).days + 1) / Decimal((end - start).days + 1)
        expected += allocated * share
    return executed, expected


def warn(
    indicators: list[tuple[str, IndicatorStatus]],
    milestones: list[MilestoneFacts],
    budgets: list[BudgetFacts],
    today: date,
) -> tuple[Level, list[Reason]]:
    reasons: list[Reason] = []
    for code, status in indicators:
        if status.rating in (CommonRating.OFF_TRACK, CommonRating.AT_RISK):
            reasons.append(
                Reason(Signal.OFF_TRAJECTORY, code,
                       {"rating": status.rating.value, "actual": status.progress, "expected": status.expected})
            )  # fmt: skip
        if status.worsening:
            reasons.append(Reason(Signal.WORSENING, code, {}))
        if status.missing_count:
            reasons.append(
                Reason(Signal.DATA_MISSING, code, {"count": status.missing_count, "latest": status.latest_missing})
            )
    for milestone in milestones:
        if milestone.status in (MilestoneStatus.DONE, MilestoneStatus.DROPPED):
            continue
        if milestone.due_on < today:
            reasons.append(
                Reason(Signal.MILESTONE_SLIPPING, milestone.title,
                       {"due_on": milestone.due_on, "days_late": (today - milestone.due_on).days})
            )  # fmt: skip
        elif milestone.status is MilestoneStatus.PLANNED and milestone.due_on - today <= MILESTONE_NOTICE:
            reasons.append(
                Reason(Signal.MILESTONE_SLIPPING, milestone.title, {"due_on": milestone.due_on, "not_started": True})
            )
    for budget in budgets:
        executed, expected = budget_execution(budget, today)
        if expected > 0 and executed < expected * BUDGET_FLOOR:
            reasons.append(
                Reason(Signal.BUDGET_UNDER_EXECUTED, budget.code,
                       {"executed": executed, "expected": expected, "share": float(executed / expected)})
            )  # fmt: skip
    off_track = any(status.rating is not None and severity(status.rating) == 0 for _, status in indicators)
    kinds = {reason.signal for reason in reasons}
    level = Level.ALERT if off_track or len(kinds) >= 2 else Level.WATCH if reasons else Level.CLEAR
    return level, reasons
