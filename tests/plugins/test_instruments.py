"""The three bundled diagnostic instruments (centre-of-government functions, PRODEV SEP, delivery capacity
rubric), loaded through their entry points by the platform's registry, checked against what each instrument
is; and the refusals that keep the bank from adding up scales that do not add up."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterator
from types import ModuleType

import pytest

from entrega.extensions import registry as plugin_registry
from entrega.extensions.contract import (
    Aggregation,
    Instrument,
    InstrumentComponent,
    InstrumentItem,
    InstrumentPillar,
    PluginKind,
    PluginManifest,
    Scale,
    ScaleStep,
    Texts,
)
from entrega.extensions.hookspecs import hookimpl
from entrega.extensions.registry import ENTRY_POINT_GROUP, PluginError, PluginRegistry

LANGUAGES = {"en", "es", "pt", "fr"}
PLUGINS = {
    "entrega_cog": "cog_functions",
    "entrega_prodev": "prodev_sep",
    "entrega_delivery_capacity": "delivery_capacity",
}


@pytest.fixture(scope="module")
def registry() -> PluginRegistry:
    return plugin_registry.load(PLUGINS)


@pytest.fixture(scope="module")
def instruments(registry: PluginRegistry) -> dict[str, Instrument]:
    return registry.instruments()


def _texts(instrument: Instrument) -> Iterator[tuple[str, Texts | None]]:
    """Every text a reader sees in an instrument, named by where it sits."""
    yield f"{instrument.key}.name", instrument.name
    yield f"{instrument.key}.description", instrument.description
    yield f"{instrument.key}.scale", instrument.scale.label
    for step in instrument.scale.steps:
        yield f"{instrument.key}.scale.{step.key}", step.label
    for pillar in instrument.pillars:
        yield f"{pillar.key}", pillar.label
        for component in pillar.components:
            yield f"{pillar.key}.{component.key}", component.label
            for item in component.items:
                yield f"{pillar.key}.{component.key}.{item.key}", item.label
                yield f"{pillar.key}.{component.key}.{item.key}.guidance", item.guidance


def _rules(instrument: Instrument) -> list[Aggregation]:
    return [p.aggregation for p in instrument.pillars] + [
        c.aggregation for p in instrument.pillars for c in p.components
    ]


# -- loading ------------------------------------------------------------------------------------------------


def test_the_three_instruments_are_installed_under_their_entry_points() -> None:
    found = {ep.name: ep.value for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)}
    for name in PLUGINS:
        assert found.get(name) == name


def test_each_plugin_loads_through_the_registry_as_an_instrument(registry: PluginRegistry) -> None:
    assert {plugin.name for plugin in registry.all(PluginKind.INSTRUMENT)} == set(PLUGINS)
    assert registry.all(PluginKind.DELIVERY_MODEL) == []
    for name, key in PLUGINS.items():
        manifest = registry.get(name).manifest
        assert manifest.kind is PluginKind.INSTRUMENT
        assert manifest.version == "1.0.0"
        assert manifest.platform == ">=0.1,<1"
        assert manifest.config_schema is None
        assert registry.get(name).load_config({}) == {}
        (instrument,) = registry.call_one("entrega_instruments", name)
        assert instrument.key == key


@pytest.mark.parametrize("name", sorted(PLUGINS))
def test_each_plugin_loads_on_its_own(name: str) -> None:
    assert list(plugin_registry.load([name]).instruments()) == [PLUGINS[name]]


def test_the_registry_offers_the_three_instruments_by_key(instruments: dict[str, Instrument]) -> None:
    assert set(instruments) == {"cog_functions", "prodev_sep", "delivery_capacity"}
    for key, instrument in instruments.items():
        assert instrument.key == key


# -- what every instrument owes its readers -----------------------------------------------------------------


def test_every_text_is_in_four_languages(registry: PluginRegistry, instruments: dict[str, Instrument]) -> None:
    texts: list[tuple[str, Texts | None]] = []
    for name in PLUGINS:
        manifest = registry.get(name).manifest
        texts += [(f"{name}.title", manifest.title), (f"{name}.description", manifest.description)]
    for instrument in instruments.values():
        texts += list(_texts(instrument))
    for where, text in texts:
        assert text is not None, f"{where} has no text"
        assert set(text) >= LANGUAGES, where
        assert all(text[language].strip() for language in LANGUAGES), where


def test_no_item_is_left_in_english_in_another_language(instruments: dict[str, Instrument]) -> None:
    """A text copied into another language unchanged is a translation that was never done."""
    for instrument in instruments.values():
        for item in instrument.items():
            for text in (item.label, item.guidance):
                assert text is not None
                for language in ("es", "pt", "fr"):
                    assert text[language] != text["en"], (item.key, language)


def test_keys_are_unique_within_each_instrument(instruments: dict[str, Instrument]) -> None:
    for instrument in instruments.values():
        items = [item.key for item in instrument.items()]
        components = [c.key for p in instrument.pillars for c in p.components]
        pillars = [p.key for p in instrument.pillars]
        steps = [step.key for step in instrument.scale.steps]
        for keys in (items, components, pillars, steps):
            assert len(keys) == len(set(keys)), (instrument.key, keys)
        assert all(component.items for p in instrument.pillars for component in p.components)


def test_nothing_averages_a_scale_that_does_not_add_up(instruments: dict[str, Instrument]) -> None:
    for instrument in instruments.values():
        if not instrument.scale.additive:
            assert Aggregation.AVERAGE not in _rules(instrument), instrument.key


# -- centre-of-government functions -------------------------------------------------------------------------


def test_cog_rates_the_five_functions_on_an_ordinal_maturity_scale(instruments: dict[str, Instrument]) -> None:
    cog = instruments["cog_functions"]
    assert [pillar.label["en"] for pillar in cog.pillars] == [
        "Strategic management of priority goals",
        "Policy coordination",
        "Monitoring and improvement of performance",
        "Management of the politics of policies",
        "Communications and accountability",
    ]
    for pillar in cog.pillars:
        assert 2 <= len(pillar.components) <= 3, pillar.key
        assert pillar.aggregation in {Aggregation.WEAKEST_LINK, Aggregation.NONE}
        for component in pillar.components:
            assert 2 <= len(component.items) <= 4, component.key
            assert component.aggregation is Aggregation.WEAKEST_LINK
    assert not cog.scale.additive
    assert [step.key for step in cog.scale.steps] == ["nascent", "emerging", "established", "advanced"]
    assert [step.rank for step in cog.scale.steps] == [0, 1, 2, 3]
    labels = {item.label["en"] for item in cog.items()}
    assert "Government priorities are few, explicit and have measurable targets" in labels
    assert "The centre reviews progress on the priorities with the leader in regular routines" in labels


# -- PRODEV SEP ---------------------------------------------------------------------------------------------


def test_prodev_has_exactly_the_five_pillars_of_the_sep(instruments: dict[str, Instrument]) -> None:
    prodev = instruments["prodev_sep"]
    assert [(pillar.key, pillar.label["en"]) for pillar in prodev.pillars] == [
        ("planning_for_results", "Planning for results"),
        ("budgeting_for_results", "Budgeting for results"),
        ("public_financial_management", "Public financial management"),
        ("programme_and_project_management", "Programme and project management"),
        ("monitoring_and_evaluation", "Monitoring and evaluation"),
    ]
    components = {c.key for p in prodev.pillars for c in p.components}
    assert {
        "strategic_planning",
        "participatory_planning",
        "medium_term_fiscal_framework",
        "performance_budgeting",
        "procurement",
        "audit",
        "sector_management",
        "statistics",
        "evaluation",
    } <= components


def test_prodev_scores_0_to_5_on_an_additive_scale_and_averages(instruments: dict[str, Instrument]) -> None:
    prodev = instruments["prodev_sep"]
    assert prodev.scale.additive
    assert [(step.key, step.rank) for step in prodev.scale.steps] == [(str(n), n) for n in range(6)]
    assert prodev.scale.step("5").label["en"].startswith("5")
    assert set(_rules(prodev)) == {Aggregation.AVERAGE}


# -- delivery capacity rubric -------------------------------------------------------------------------------


def test_the_rubric_rates_exactly_the_fifteen_elements_in_five_stages(instruments: dict[str, Instrument]) -> None:
    rubric = instruments["delivery_capacity"]
    assert [len(stage.components) for stage in rubric.pillars] == [4, 2, 3, 3, 3]
    elements = [element for stage in rubric.pillars for element in stage.components]
    assert len(elements) == 15
    assert all(len(element.items) == 1 for element in elements)
    assert len(rubric.items()) == 15
    assert [element.key for element in elements] == [
        "define_aspiration",
        "review_current_state",
        "build_delivery_unit",
        "establish_guiding_coalition",
        "evaluate_performance",
        "understand_drivers",
        "determine_reform_strategy",
        "set_targets_and_trajectories",
        "produce_delivery_plans",
        "establish_routines",
        "solve_problems",
        "sustain_momentum",
        "build_system_capacity",
        "communicate_message",
        "unleash_alchemy_of_relationships",
    ]


def _contrast_with_white(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_the_rubric_uses_four_readable_colours_and_never_adds_them_up(instruments: dict[str, Instrument]) -> None:
    rubric = instruments["delivery_capacity"]
    assert not rubric.scale.additive
    assert [(step.key, step.rank) for step in rubric.scale.steps] == [
        ("red", 0),
        ("amber_red", 1),
        ("amber_green", 2),
        ("green", 3),
    ]
    colours = [step.colour for step in rubric.scale.steps]
    assert len(set(colours)) == 4
    for colour in colours:
        assert colour is not None and _contrast_with_white(colour) >= 4.5, colour
    assert Aggregation.AVERAGE not in _rules(rubric)
    assert all(stage.aggregation in {Aggregation.WEAKEST_LINK, Aggregation.NONE} for stage in rubric.pillars)


# -- refusals -----------------------------------------------------------------------------------------------

_ORDINAL = Scale(
    key="ordinal",
    label={"en": "Ordinal"},
    steps=(ScaleStep("low", {"en": "Low"}, 0), ScaleStep("high", {"en": "High"}, 1)),
    additive=False,
)


def _instrument(
    key: str = "cog_functions",
    *,
    scale: Scale = _ORDINAL,
    component_rule: Aggregation = Aggregation.WEAKEST_LINK,
    pillar_rule: Aggregation = Aggregation.NONE,
) -> Instrument:
    item = InstrumentItem("only_item", {"en": "Only item"})
    component = InstrumentComponent("component", {"en": "Component"}, (item,), component_rule)
    pillar = InstrumentPillar("pillar", {"en": "Pillar"}, (component,), pillar_rule)
    return Instrument(key, {"en": "Copy"}, {"en": "For tests."}, scale, (pillar,))


@pytest.mark.parametrize(
    ("component_rule", "pillar_rule"),
    [
        (Aggregation.AVERAGE, Aggregation.NONE),
        (Aggregation.WEAKEST_LINK, Aggregation.AVERAGE),
        (Aggregation.AVERAGE, Aggregation.AVERAGE),
    ],
)
def test_an_instrument_averaging_a_scale_that_does_not_add_up_is_refused(
    component_rule: Aggregation, pillar_rule: Aggregation
) -> None:
    with pytest.raises(ValueError, match=r"does not add up, so nothing averages it"):
        _instrument(component_rule=component_rule, pillar_rule=pillar_rule)


def test_the_same_rules_on_an_additive_scale_are_accepted(instruments: dict[str, Instrument]) -> None:
    additive = instruments["prodev_sep"].scale
    assert _instrument(scale=additive, component_rule=Aggregation.AVERAGE, pillar_rule=Aggregation.AVERAGE)


def _throwaway_instrument_plugin(name: str, *keys: str) -> ModuleType:
    """A minimal instrument plugin as a module (pluggy needs a hashable plugin object)."""

    def entrega_manifest() -> PluginManifest:
        return PluginManifest(
            name=name,
            kind=PluginKind.INSTRUMENT,
            version="0.0.1",
            platform=">=0.1,<1",
            title={"en": "Throw-away instrument"},
            description={"en": "For tests."},
        )

    def entrega_instruments() -> list[Instrument]:
        return [_instrument(key) for key in keys]

    module = ModuleType(f"{name}_plugin")
    module.entrega_manifest = hookimpl(entrega_manifest)  # type: ignore[attr-defined]
    module.entrega_instruments = hookimpl(entrega_instruments)  # type: ignore[attr-defined]
    return module


def test_a_throwaway_instrument_plugin_loads_when_its_key_is_new() -> None:
    import entrega_cog

    registry = PluginRegistry({"entrega_cog": entrega_cog, "zz_copy": _throwaway_instrument_plugin("zz_copy", "other")})
    assert set(registry.instruments()) == {"cog_functions", "other"}


def test_a_second_plugin_providing_the_same_instrument_is_refused() -> None:
    import entrega_cog

    copy = _throwaway_instrument_plugin("zz_copy", "cog_functions")
    with pytest.raises(
        PluginError, match=r"instrument plugin 'zz_copy': another plugin already provides 'cog_functions'"
    ):
        PluginRegistry({"entrega_cog": entrega_cog, "zz_copy": copy})


def test_a_plugin_providing_one_instrument_twice_is_refused() -> None:
    twice = _throwaway_instrument_plugin("twice", "diagnostic", "diagnostic")
    with pytest.raises(PluginError, match=r"instrument plugin 'twice': .*'diagnostic'"):
        PluginRegistry({"twice": twice})


def test_an_instrument_plugin_providing_no_instrument_is_refused() -> None:
    empty = _throwaway_instrument_plugin("empty")
    with pytest.raises(PluginError, match=r"instrument plugin 'empty': entrega_instruments must return a list"):
        PluginRegistry({"empty": empty})
