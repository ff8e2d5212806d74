"""Periods line up with the fiscal year and read the way people write them."""

from __future__ import annotations

from datetime import date

import pytest

from entrega.delivery import periods, trajectories
from entrega.extensions.contract import Frequency


@pytest.mark.parametrize(
    ("day", "frequency", "fiscal_start", "start", "label"),
    [
        (date(2025, 3, 17), Frequency.MONTHLY, 1, date(2025, 3, 1), "2025-03"),
        (date(2025, 5, 2), Frequency.QUARTERLY, 1, date(2025, 4, 1), "2025-Q2"),
        (date(2025, 5, 2), Frequency.QUARTERLY, 7, date(2025, 4, 1), "2025-04"),  # July fiscal years: Apr–Jun
        (date(2025, 8, 2), Frequency.QUARTERLY, 7, date(2025, 7, 1), "2025-07"),
        (date(2025, 2, 2), Frequency.ANNUAL, 7, date(2024, 7, 1), "2024-07"),
        (date(2025, 9, 30), Frequency.SEMIANNUAL, 1, date(2025, 7, 1), "2025-S2"),
        (date(2025, 1, 1), Frequency.WEEKLY, 1, date(2024, 12, 30), "2025-W01"),
    ],
)
def test_a_day_falls_in_one_period(day: date, frequency: Frequency, fiscal_start: int, start: date, label: str) -> None:
    assert periods.period_start(day, frequency, fiscal_start) == start
    assert periods.label(start, frequency, fiscal_start) == label
    assert periods.parse(label, frequency, fiscal_start) == start


def test_biweekly_periods_are_shared_by_every_indicator() -> None:
    first = periods.period_start(date(2025, 3, 5), Frequency.BIWEEKLY)
    assert first.weekday() == 0
    assert periods.next_period(first, Frequency.BIWEEKLY) == periods.period_start(date(2025, 3, 19), Frequency.BIWEEKLY)


def test_data_is_due_after_a_grace_period() -> None:
    assert periods.period_end(date(2025, 2, 1), Frequency.MONTHLY) == date(2025, 2, 28)
    assert periods.data_due(date(2025, 2, 1), Frequency.MONTHLY) == date(2025, 3, 20)


@pytest.mark.parametrize("text", ["2025-13", "March", "2025-Q5", "", "1890", "2025-02-30"])
def test_what_is_not_a_period_is_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(periods.PeriodError, match="2025-Q1"):
        periods.parse(text, Frequency.MONTHLY)


def test_a_linear_trajectory_moves_the_same_each_period_and_ends_on_the_target() -> None:
    points = trajectories.draw(
        trajectories.Shape.LINEAR, date(2024, 12, 1), 10, date(2025, 4, 1), 30, Frequency.MONTHLY
    )
    assert points == [
        (date(2025, 1, 1), 15.0),
        (date(2025, 2, 1), 20.0),
        (date(2025, 3, 1), 25.0),
        (date(2025, 4, 1), 30.0),
    ]


def test_an_s_curve_starts_slowly_speeds_up_and_lands_on_the_target() -> None:
    points = trajectories.draw(
        trajectories.Shape.S_CURVE, date(2024, 12, 1), 10, date(2025, 12, 1), 70, Frequency.MONTHLY
    )
    values = [v for _, v in points]
    steps = [b - a for a, b in zip([10.0, *values], values, strict=False)]
    assert len(points) == 12 and values[-1] == pytest.approx(70)
    assert all(10 < v <= 70 for v in values) and values == sorted(values)
    assert steps[0] < steps[5] > steps[-1]  # slow, fast, slow


def test_a_target_before_its_baseline_draws_nothing() -> None:
    with pytest.raises(ValueError, match="after the baseline"):
        trajectories.draw(trajectories.Shape.LINEAR, date(2025, 6, 1), 1, date(2025, 6, 1), 2, Frequency.MONTHLY)


@pytest.mark.parametrize("frequency", list(Frequency))
def test_counting_the_due_periods_agrees_with_listing_them(frequency: Frequency) -> None:
    first = periods.next_period(periods.period_start(date(2018, 10, 3), frequency, 7), frequency)
    for today in (date(2019, 1, 1), date(2023, 7, 21), date(2026, 11, 29)):
        listed = [
            p for p in periods.periods_between(first, today, frequency, 7) if periods.data_due(p, frequency) < today
        ]
        last = periods.last_due(today, frequency, 7)
        assert periods.count_between(first, last, frequency) == len(listed)
        assert not listed or listed[-1] == last
