"""Summarising a wave's answers by the instrument's own rules, and never adding up what does not add up.

An additive scale (PRODEV's 0–5) may be averaged; an ordinal one (A–D, four colours, maturity levels) is
summarised by its weakest part or not at all. A summary needs every part answered: the weakest link of a
component with an unanswered item is unknown, not the weakest of those answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean

from entrega.extensions.contract import Aggregation, Instrument, InstrumentComponent, InstrumentPillar, ScaleStep


@dataclass(frozen=True)
class Summary:
    """A part's summary: a mean rank on an additive scale, or the weakest step on an ordinal one."""

    rank: float  # 0 … len(steps) - 1; a mean may fall between steps
    step: ScaleStep | None  # the step itself when the summary is one (weakest link), None for a mean


def _summarise(rule: Aggregation, instrument: Instrument, ranks: list[float | None]) -> Summary | None:
    if rule is Aggregation.NONE or not ranks or any(rank is None for rank in ranks):
        return None
    known = [rank for rank in ranks if rank is not None]
    if rule is Aggregation.AVERAGE:
        return Summary(fmean(known), None)
    lowest = min(known)
    return Summary(lowest, instrument.scale.steps[int(lowest)] if float(lowest).is_integer() else None)


def item_rank(instrument: Instrument, answers: dict[str, str], item: str) -> int | None:
    step = answers.get(item)
    return instrument.scale.step(step).rank if step is not None else None


def component_summary(
    instrument: Instrument, component: InstrumentComponent, answers: dict[str, str]
) -> Summary | None:
    ranks: list[float | None] = [item_rank(instrument, answers, item.key) for item in component.items]
    return _summarise(component.aggregation, instrument, ranks)


def pillar_summary(instrument: Instrument, pillar: InstrumentPillar, answers: dict[str, str]) -> Summary | None:
    """A pillar summarises its components' summaries; a component that has none lends its items instead."""
    ranks: list[float | None] = []
    for component in pillar.components:
        if component.aggregation is Aggregation.NONE:
            ranks.extend(item_rank(instrument, answers, item.key) for item in component.items)
        else:
            summary = component_summary(instrument, component, answers)
            ranks.append(summary.rank if summary else None)
    return _summarise(pillar.aggregation, instrument, ranks)


def differences(instrument: Instrument, government: dict[str, str], assistance: dict[str, str]) -> dict[str, int]:
    """Item by item, how many steps the technical-assistance team's answer lies above (+) or below (−) the
    government's own, where both answered."""
    out = {}
    for item in instrument.items():
        ours, theirs = item_rank(instrument, government, item.key), item_rank(instrument, assistance, item.key)
        if ours is not None and theirs is not None:
            out[item.key] = theirs - ours
    return out
