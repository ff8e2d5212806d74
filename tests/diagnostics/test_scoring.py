"""An instrument's summaries follow its own rules, and a scale that does not add up is never added up."""

from __future__ import annotations

import pytest

from entrega.diagnostics import scoring
from entrega.extensions.contract import (
    Aggregation,
    Instrument,
    InstrumentComponent,
    InstrumentItem,
    InstrumentPillar,
    Scale,
    ScaleStep,
)

T = {"en": "x"}
SCORES = Scale("zero_to_five", T, tuple(ScaleStep(str(n), T, n) for n in range(6)), additive=True)
COLOURS = Scale("colours", T, tuple(ScaleStep(k, T, n) for n, k in enumerate(("red", "amber_red", "amber_green", "green"))),
                additive=False)  # fmt: skip


def instrument(scale: Scale, component_rule: Aggregation, pillar_rule: Aggregation) -> Instrument:
    components = (
        InstrumentComponent("c1", T, (InstrumentItem("a", T), InstrumentItem("b", T)), component_rule),
        InstrumentComponent("c2", T, (InstrumentItem("c", T),), component_rule),
    )
    return Instrument("test", T, T, scale, (InstrumentPillar("p1", T, components, pillar_rule),))


def test_an_additive_scale_averages_components_then_pillars() -> None:
    prodev = instrument(SCORES, Aggregation.AVERAGE, Aggregation.AVERAGE)
    answers = {"a": "2", "b": "3", "c": "5"}
    assert scoring.component_summary(prodev, prodev.pillars[0].components[0], answers) == scoring.Summary(2.5, None)
    assert scoring.pillar_summary(prodev, prodev.pillars[0], answers) == scoring.Summary(3.75, None)


def test_an_ordinal_scale_is_summarised_by_its_weakest_part() -> None:
    rubric = instrument(COLOURS, Aggregation.WEAKEST_LINK, Aggregation.WEAKEST_LINK)
    summary = scoring.pillar_summary(rubric, rubric.pillars[0], {"a": "green", "b": "amber_red", "c": "amber_green"})
    assert summary is not None and summary.step is not None and summary.step.key == "amber_red"


def test_a_summary_needs_every_part_answered() -> None:
    rubric = instrument(COLOURS, Aggregation.WEAKEST_LINK, Aggregation.WEAKEST_LINK)
    assert scoring.pillar_summary(rubric, rubric.pillars[0], {"a": "green", "c": "green"}) is None


def test_no_summary_means_the_items_are_read_one_by_one() -> None:
    rubric = instrument(COLOURS, Aggregation.NONE, Aggregation.NONE)
    assert scoring.pillar_summary(rubric, rubric.pillars[0], {"a": "green", "b": "green", "c": "green"}) is None
    weakest_of_items = instrument(COLOURS, Aggregation.NONE, Aggregation.WEAKEST_LINK)
    summary = scoring.pillar_summary(
        weakest_of_items, weakest_of_items.pillars[0], {"a": "green", "b": "red", "c": "green"}
    )
    assert summary == scoring.Summary(0, COLOURS.steps[0])


def test_averaging_a_scale_that_does_not_add_up_is_refused() -> None:
    with pytest.raises(ValueError, match="does not add up"):
        instrument(COLOURS, Aggregation.AVERAGE, Aggregation.NONE)


def test_the_difference_between_the_government_and_the_technical_assistance_team_is_per_item() -> None:
    rubric = instrument(COLOURS, Aggregation.WEAKEST_LINK, Aggregation.NONE)
    assert scoring.differences(rubric, {"a": "green", "b": "red"}, {"a": "amber_red", "c": "green"}) == {"a": -2}
