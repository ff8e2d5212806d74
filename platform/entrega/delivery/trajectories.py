"""Drawing a trajectory: a value per period from the baseline to the target, straight or S-shaped.

Most delivery trajectories are not straight: little moves while a programme starts, progress speeds up as
it scales, and slows as the last, hardest cases remain. The S-curve is a logistic path rescaled so that it
starts exactly at the baseline and ends exactly at the target.
"""

from __future__ import annotations

import enum
import math
from datetime import date

from entrega.delivery import periods
from entrega.extensions.contract import Frequency


class Shape(enum.StrEnum):
    LINEAR = "linear"
    S_CURVE = "s_curve"


def _logistic(share: float, steepness: float) -> float:
    low, high = 1 / (1 + math.exp(steepness / 2)), 1 / (1 + math.exp(-steepness / 2))
    return (1 / (1 + math.exp(-steepness * (share - 0.5))) - low) / (high - low)


def draw(
    shape: Shape,
    start: date,
    start_value: float,
    end: date,
    end_value: float,
    frequency: Frequency,
    fiscal_start: int = 1,
    steepness: float = 8.0,
) -> list[tuple[date, float]]:
    """Points for every period after `start` up to the one containing `end`; the last one is the target."""
    first = periods.period_start(start, frequency, fiscal_start)
    steps = periods.periods_between(first, end, frequency, fiscal_start)[1:]
    if not steps:
        raise ValueError("the target's period must come after the baseline's")
    out = []
    for index, period in enumerate(steps, start=1):
        share = index / len(steps)
        eased = share if Shape(shape) is Shape.LINEAR else _logistic(share, steepness)
        out.append((period, start_value + (end_value - start_value) * eased))
    return out
