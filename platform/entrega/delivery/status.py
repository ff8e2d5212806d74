"""Where an indicator stands: its latest value against its trajectory, by the model's status rule, and the
quality of its data. Pure functions over facts already loaded (see `facts.py`), so the pages, the API, the
reports and the bank's portfolio all judge the same way.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

from entrega.delivery import periods
from entrega.delivery.models import Accumulation
from entrega.extensions.contract import CommonRating, Frequency, Polarity, StatusRule

# Worst first: the order the overview sorts by, and the roll-up takes the first.
RATING_ORDER = (
    CommonRating.OFF_TRACK,
    CommonRating.AT_RISK,
    CommonRating.ON_TRACK_WITH_ISSUES,
    CommonRating.ON_TRACK,
)


def severity(rating: CommonRating | None) -> int:
    """0 for off track … 3 for on track; 4 for not rated, which sorts after every rating."""
    return RATING_ORDER.index(rating) if rating is not None else len(RATING_ORDER)


@dataclass(frozen=True)
class Value:
    """The current version of one period's value (the total, not a breakdown)."""

    period: date
    value: float
    progress: float  # the value as progress: the running sum from the baseline for incremental indicators
    validated: bool  # validated or published; a submitted value is provisional


@dataclass(frozen=True)
class IndicatorFacts:
    id: object
    code: str
    polarity: Polarity
    frequency: Frequency
    accumulation: Accumulation
    baseline: float | None
    baseline_period: date | None
    target: float | None
    target_due: date | None
    trajectory: tuple[tuple[date, float], ...]  # sorted by period (may hold only the points `values` need)
    tracked_from: date | None  # the baseline's period, or the trajectory's first when there is no baseline
    values: tuple[Value, ...]  # sorted by period; returned periods are left out; all of them, or the latest
    complete: bool  # whether `values` holds every value or only the latest few
    value_count: int  # periods with a current value
    on_time_count: int  # of which first came in by their due date
    evidence_count: int  # of which are backed by evidence
    sheet_fields_filled: int
    sheet_fields_total: int


@dataclass(frozen=True)
class Quality:
    sheet: float  # share of the technical sheet filled in
    timeliness: float  # share of values in by their due date
    completeness: float  # share of due periods that have a value
    evidence: float  # share of values backed by evidence

    @property
    def score(self) -> int:
        return round(100 * (self.sheet + self.timeliness + self.completeness + self.evidence) / 4)


@dataclass(frozen=True)
class IndicatorStatus:
    rating: CommonRating | None  # None: no value or nothing to compare it with
    latest: Value | None
    progress: float | None  # the latest value as progress (running sum for incremental indicators)
    expected: float | None  # where the trajectory says it should be in that period
    worsening: bool  # falling further behind the trajectory for two periods running
    missing_count: int  # due periods without a value
    latest_missing: date | None  # the most recent of them, when known
    quality: Quality


def running_progress(
    values: list[tuple[date, float]], accumulation: Accumulation, baseline: float | None
) -> list[float]:
    """Values as progress: incremental indicators add up from the baseline, the others are read as they are."""
    if accumulation is not Accumulation.INCREMENTAL:
        return [value for _, value in values]
    total, out = baseline or 0.0, []
    for _, value in values:
        total += value
        out.append(total)
    return out


def expected_at(facts: IndicatorFacts, period: date) -> float | None:
    """The trajectory's value for `period`: its own point, else a straight line between its neighbours
    (the baseline counting as the first point), else the last point once the trajectory has ended."""
    points = list(facts.trajectory)
    if not points and facts.target is not None and facts.target_due is not None:
        points = [(facts.target_due, facts.target)]  # no path drawn: a straight line to the target
    has_baseline = facts.baseline is not None and facts.baseline_period is not None
    if has_baseline and (not points or facts.baseline_period < points[0][0]):  # type: ignore[operator]
        points.insert(0, (facts.baseline_period, facts.baseline))  # type: ignore[arg-type]
    if not points:
        return None
    periods_only = [p for p, _ in points]
    index = bisect_left(periods_only, period)
    if index < len(points) and points[index][0] == period:
        return points[index][1]
    if index == 0:
        return None  # before the path starts: nothing was expected yet
    if index == len(points):
        return points[-1][1]
    (p0, v0), (p1, v1) = points[index - 1], points[index]
    share = (period - p0).days / (p1 - p0).days
    return v0 + (v1 - v0) * share


def due_span(facts: IndicatorFacts, today: date, fiscal_start: int) -> tuple[date, date, int] | None:
    """The first and last periods whose data should be in by `today`, and how many there are; None if none."""
    if facts.tracked_from is None:
        return None
    first = periods.next_period(
        periods.period_start(facts.tracked_from, facts.frequency, fiscal_start), facts.frequency
    )
    last = periods.last_due(today, facts.frequency, fiscal_start)
    count = periods.count_between(first, last, facts.frequency)
    return (first, last, count) if count else None


def due_periods(facts: IndicatorFacts, today: date, fiscal_start: int) -> list[date]:
    """The periods whose data should be in by `today`, from the first one the indicator tracks."""
    span = due_span(facts, today, fiscal_start)
    return periods.periods_between(span[0], span[1], facts.frequency, fiscal_start) if span else []


def assess(facts: IndicatorFacts, rule: StatusRule, today: date, fiscal_start: int = 1) -> IndicatorStatus:
    series = [(v.period, v.progress) for v in facts.values]
    latest = facts.values[-1] if facts.values else None
    progress = latest.progress if latest else None
    expected = expected_at(facts, latest.period) if latest else None
    rating = None
    if progress is not None and expected is not None:
        rating = rule.rate(progress, expected, facts.polarity, facts.baseline)

    shortfalls = []
    for period, value in series[-3:]:
        wanted = expected_at(facts, period)
        if wanted is not None:
            shortfalls.append(wanted - value if facts.polarity is Polarity.UP else value - wanted)
    worsening = len(shortfalls) == 3 and shortfalls[0] < shortfalls[1] < shortfalls[2] and shortfalls[2] > 0

    span = due_span(facts, today, fiscal_start)
    due_count = span[2] if span else 0
    have = {v.period for v in facts.values}
    if facts.complete:
        missing = [p for p in due_periods(facts, today, fiscal_start) if p not in have]
        missing_count, latest_missing = len(missing), (missing[-1] if missing else None)
    else:
        # Only the latest values are at hand (counted without listing every period: the overview judges
        # hundreds of indicators with years of data); those after the last due period are early.
        last = span[1] if span else None
        early = sum(1 for v in facts.values if last and v.period > last) if span else facts.value_count
        missing_count = max(0, due_count - (facts.value_count - early))
        latest_missing = last if last and last not in have and missing_count else None
    count = facts.value_count
    quality = Quality(
        sheet=facts.sheet_fields_filled / facts.sheet_fields_total if facts.sheet_fields_total else 1.0,
        timeliness=facts.on_time_count / count if count else 0.0,
        completeness=(due_count - missing_count) / due_count if due_count else (1.0 if count else 0.0),
        evidence=facts.evidence_count / count if count else 0.0,
    )
    return IndicatorStatus(rating, latest, progress, expected, worsening, missing_count, latest_missing, quality)


def roll_up(ratings: list[CommonRating | None]) -> CommonRating | None:
    """A priority is as far off track as its worst-placed indicator: the unit intervenes early, not on averages."""
    rated = [r for r in ratings if r is not None]
    return min(rated, key=severity) if rated else None
