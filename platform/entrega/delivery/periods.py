"""Reporting periods. A period is named by its first day; months-based periods line up with the fiscal year.

Weekly periods start on Mondays, biweekly ones every other Monday from a fixed Monday, so that every
indicator of a frequency shares the same periods. Labels are what people type in imports and read on
pages: 2025-W05, 2025-03, 2025-Q1, 2025-S1, 2025.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from entrega.extensions.contract import Frequency

MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.BIMONTHLY: 2,
    Frequency.QUARTERLY: 3,
    Frequency.SEMIANNUAL: 6,
    Frequency.ANNUAL: 12,
}
DAYS = {Frequency.WEEKLY: 7, Frequency.BIWEEKLY: 14}
_BIWEEKLY_EPOCH = date(2001, 1, 1)  # a Monday

# How long after a period ends its data is still on time.
DATA_GRACE = {
    Frequency.WEEKLY: timedelta(days=3),
    Frequency.BIWEEKLY: timedelta(days=5),
    Frequency.MONTHLY: timedelta(days=20),
    Frequency.BIMONTHLY: timedelta(days=30),
    Frequency.QUARTERLY: timedelta(days=45),
    Frequency.SEMIANNUAL: timedelta(days=60),
    Frequency.ANNUAL: timedelta(days=90),
}


class PeriodError(ValueError):
    """Text that names no period of the frequency."""


def add_months(day: date, months: int) -> date:
    """The first of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_start(day: date, frequency: Frequency, fiscal_start: int = 1) -> date:
    """The first day of the period of `frequency` that contains `day`."""
    frequency = Frequency(frequency)
    if frequency is Frequency.WEEKLY:
        return day - timedelta(days=day.weekday())
    if frequency is Frequency.BIWEEKLY:
        return day - timedelta(days=(day - _BIWEEKLY_EPOCH).days % 14)
    step = MONTHS[frequency]
    offset = (day.month - fiscal_start) % step
    return add_months(day.replace(day=1), -offset)


def next_period(start: date, frequency: Frequency) -> date:
    frequency = Frequency(frequency)
    if frequency in DAYS:
        return start + timedelta(days=DAYS[frequency])
    return add_months(start, MONTHS[frequency])


def previous_period(start: date, frequency: Frequency) -> date:
    frequency = Frequency(frequency)
    if frequency in DAYS:
        return start - timedelta(days=DAYS[frequency])
    return add_months(start, -MONTHS[frequency])


def last_due(today: date, frequency: Frequency, fiscal_start: int = 1) -> date:
    """The latest period whose data was due before `today` (its end plus the grace period has passed)."""
    # data_due(p) < today  ⇔  next_period(p) <= today - grace
    return previous_period(period_start(today - DATA_GRACE[Frequency(frequency)], frequency, fiscal_start), frequency)


def count_between(first: date, last: date, frequency: Frequency) -> int:
    """How many periods from `first` to `last`, both period starts of `frequency`, inclusive (0 if none)."""
    if last < first:
        return 0
    frequency = Frequency(frequency)
    if frequency in DAYS:
        return (last - first).days // DAYS[frequency] + 1
    months = (last.year - first.year) * 12 + last.month - first.month
    return months // MONTHS[frequency] + 1


def period_end(start: date, frequency: Frequency) -> date:
    """The last day of the period that starts on `start`."""
    return next_period(start, frequency) - timedelta(days=1)


def data_due(start: date, frequency: Frequency) -> date:
    """The day by which the period's data must be in to count as on time."""
    return period_end(start, frequency) + DATA_GRACE[Frequency(frequency)]


def periods_between(first: date, last: date, frequency: Frequency, fiscal_start: int = 1) -> list[date]:
    """Every period from the one containing `first` to the one containing `last`, in order."""
    current = period_start(first, frequency, fiscal_start)
    out: list[date] = []
    while current <= last:
        out.append(current)
        current = next_period(current, frequency)
    return out


def label(start: date, frequency: Frequency, fiscal_start: int = 1) -> str:
    """How a period is written: 2025-W05, 2025-03, 2025-Q1 (calendar fiscal years), 2025-S1, 2025."""
    frequency = Frequency(frequency)
    if frequency in DAYS:
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if fiscal_start == 1 and frequency is Frequency.QUARTERLY:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if fiscal_start == 1 and frequency is Frequency.SEMIANNUAL:
        return f"{start.year}-S{(start.month - 1) // 6 + 1}"
    if fiscal_start == 1 and frequency is Frequency.ANNUAL:
        return str(start.year)
    return f"{start.year}-{start.month:02d}"


_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-S([12])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def parse(text: str, frequency: Frequency, fiscal_start: int = 1) -> date:
    """The period a person wrote, as its first day. Accepts labels and ISO dates (any day of the period)."""
    text = text.strip()
    day: date | None = None
    try:
        if match := _WEEK.match(text):
            day = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        elif match := _QUARTER.match(text):
            day = date(int(match[1]), (int(match[2]) - 1) * 3 + 1, 1)
        elif match := _HALF.match(text):
            day = date(int(match[1]), (int(match[2]) - 1) * 6 + 1, 1)
        elif match := _MONTH.match(text):
            day = date(int(match[1]), int(match[2]), 1)
        elif match := _YEAR.match(text):
            day = date(int(match[1]), fiscal_start, 1)
        else:
            day = date.fromisoformat(text[:10])
    except ValueError:
        day = None
    if day is None or not 1990 <= day.year <= 2100:
        raise PeriodError(f"{text!r} is not a period: write 2025-03, 2025-Q1, 2025-S1, 2025, 2025-W05 or 2025-03-01.")
    return period_start(day, frequency, fiscal_start)
