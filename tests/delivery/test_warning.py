"""The early warning's rules, one signal at a time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from entrega.delivery.models import Accumulation, MilestoneStatus
from entrega.delivery.status import IndicatorFacts, Value, assess, expected_at, roll_up
from entrega.delivery.warning import BudgetFacts, Level, MilestoneFacts, Signal, warn
from entrega.extensions.contract import CommonRating, Frequency, Polarity, StatusRule

RULE = StatusRule(on_track_within=0.05, issues_within=0.10, at_risk_within=0.20)
TODAY = date(2025, 6, 15)


def facts(values: list[tuple[date, float]], **overrides: object) -> IndicatorFacts:
    fields: dict[str, object] = {
        "id": 1, "code": "I1", "polarity": Polarity.UP, "frequency": Frequency.MONTHLY,
        "accumulation": Accumulation.LEVEL, "baseline": 100.0, "baseline_period": date(2024, 12, 1), "target": 160.0,
        "target_due": date(2025, 12, 1), "trajectory": (), "tracked_from": date(2024, 12, 1),
        "values": tuple(Value(p, v, v, True) for p, v in values), "complete": True, "value_count": len(values),
        "on_time_count": len(values), "evidence_count": 0, "sheet_fields_filled": 8, "sheet_fields_total": 8,
    }  # fmt: skip
    fields.update(overrides)
    return IndicatorFacts(**fields)  # type: ignore[arg-type]


def test_without_a_drawn_trajectory_the_path_runs_straight_from_baseline_to_target() -> None:
    assert expected_at(facts([]), date(2025, 6, 1)) == 100 + 60 * (182 / 365)
    assert expected_at(facts([]), date(2026, 3, 1)) == 160  # after the deadline the target still holds
    assert expected_at(facts([], baseline=None, baseline_period=None), date(2025, 6, 1)) is None


def test_less_is_better_for_a_falling_indicator() -> None:
    falling = facts([(date(2025, 5, 1), 80.0)], polarity=Polarity.DOWN, target=40.0,
                    trajectory=((date(2025, 5, 1), 80.0),))  # fmt: skip
    assert assess(falling, RULE, TODAY).rating is CommonRating.ON_TRACK
    worse = facts([(date(2025, 5, 1), 90.0)], polarity=Polarity.DOWN, trajectory=((date(2025, 5, 1), 80.0),))
    assert assess(worse, RULE, TODAY).rating is CommonRating.OFF_TRACK  # 10 above against 20 planned: 50 %


def test_a_priority_is_as_far_off_track_as_its_worst_indicator() -> None:
    assert roll_up([CommonRating.ON_TRACK, None, CommonRating.AT_RISK]) is CommonRating.AT_RISK
    assert roll_up([None, None]) is None


def test_milestones_slip_when_late_or_due_soon_and_not_started() -> None:
    level, reasons = warn(
        [],
        [
            MilestoneFacts("Tender awarded", date(2025, 6, 1), MilestoneStatus.IN_PROGRESS),
            MilestoneFacts("Schools staffed", date(2025, 7, 1), MilestoneStatus.PLANNED),
            MilestoneFacts("Law passed", date(2025, 5, 1), MilestoneStatus.DONE),
            MilestoneFacts("Clinics open", date(2025, 12, 1), MilestoneStatus.PLANNED),
        ],
        [],
        TODAY,
    )
    assert [(r.signal, r.subject, r.detail.get("days_late")) for r in reasons] == [
        (Signal.MILESTONE_SLIPPING, "Tender awarded", 14),
        (Signal.MILESTONE_SLIPPING, "Schools staffed", None),
    ]
    assert level is Level.WATCH


def test_a_programme_spending_well_below_its_plan_to_date_is_under_executed() -> None:
    months = [(date(2025, m, 1), date(2025, m + 1, 1) - date.resolution) for m in range(1, 7)]
    slow = BudgetFacts("0123", tuple((s, e, Decimal(100), Decimal(30)) for s, e in months))
    steady = BudgetFacts("0456", tuple((s, e, Decimal(100), Decimal(95)) for s, e in months))
    _level, reasons = warn([], [], [slow, steady], TODAY)
    assert [(r.signal, r.subject) for r in reasons] == [(Signal.BUDGET_UNDER_EXECUTED, "0123")]
    assert reasons[0].detail["share"] < 0.7


def test_two_kinds_of_signal_raise_an_alert() -> None:
    status = assess(facts([(date(2025, 1, 1), 105.0)]), RULE, TODAY)  # then nothing: four months missing
    level, reasons = warn(
        [("I1", status)], [MilestoneFacts("Law", date(2025, 5, 1), MilestoneStatus.PLANNED)], [], TODAY
    )
    assert {r.signal for r in reasons} == {Signal.DATA_MISSING, Signal.MILESTONE_SLIPPING}
    assert level is Level.ALERT
