"""The example delivery model under examples/ is a third-party distribution: installed with pip, found
through the `entrega.plugins` entry points, and loaded by the same checks as any plugin. Below it, the
loader's refusals, each provoked by a small throw-away plugin defined here."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from marshmallow import Schema, ValidationError, fields

import entrega
from entrega.extensions import hookspecs
from entrega.extensions.contract import (
    VOCABULARY_KEYS,
    AgendaOrder,
    AssessmentFramework,
    CommonRating,
    FieldType,
    Frequency,
    PeriodCalendar,
    PluginKind,
    PluginManifest,
    Polarity,
    RatingLevel,
    ReportTemplate,
    RoutineTemplate,
    StatusRule,
    Term,
)
from entrega.extensions.hookspecs import hookimpl
from entrega.extensions.registry import ENTRY_POINT_GROUP, Plugin, PluginError, PluginRegistry, discover
from entrega.extensions.runtime import resolve
from entrega.tenancy import files

NAME = "entrega_example_model"
DISTRIBUTION = "entrega-example-model"
LANGUAGES = {"en", "es", "pt", "fr"}
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def registry() -> PluginRegistry:
    return PluginRegistry(discover([NAME]))


@pytest.fixture(scope="module")
def plugin(registry: PluginRegistry) -> Plugin:
    return registry.get(NAME)


def _call(registry: PluginRegistry, hook: str, **config: Any) -> Any:
    return registry.call_one(hook, NAME, config=registry.get(NAME).load_config(config))


# -- the example, installed -------------------------------------------------------------------------
def test_the_example_is_discovered_through_its_entry_point_and_loads(registry: PluginRegistry) -> None:
    assert NAME in registry
    manifest = registry.get(NAME).manifest
    assert manifest.name == NAME
    assert manifest.kind is PluginKind.DELIVERY_MODEL
    assert manifest.version == importlib.metadata.version(DISTRIBUTION) == "1.0.0"
    assert [p.name for p in registry.all(PluginKind.DELIVERY_MODEL)] == [NAME]


def test_the_example_lives_outside_the_platforms_source_roots(plugin: Plugin) -> None:
    module_file = Path(plugin.module.__file__).resolve()  # type: ignore[attr-defined]
    for root in (REPO / "platform", REPO / "plugins", Path(entrega.__file__).resolve().parent):
        assert not module_file.is_relative_to(root), f"{module_file} is inside {root}"


def test_the_example_is_its_own_distribution() -> None:
    example = importlib.metadata.distribution(DISTRIBUTION)
    platform = importlib.metadata.distribution("entrega")
    assert example.metadata["Name"] == DISTRIBUTION
    assert example.version == "1.0.0"
    assert example.metadata["Name"] != platform.metadata["Name"]
    # The top-level package belongs to the example's distribution alone, not to the platform's.
    owners = importlib.metadata.packages_distributions()
    assert owners["entrega_example_model"] == [DISTRIBUTION]
    assert DISTRIBUTION not in owners["entrega"]
    # It does not pull the platform in (so `pip install -e` leaves the platform's install alone).
    assert not example.requires
    (entry_point,) = [ep for ep in example.entry_points if ep.group == ENTRY_POINT_GROUP]
    assert (entry_point.name, entry_point.value) == (NAME, "entrega_example_model")
    assert NAME not in {ep.name for ep in platform.entry_points if ep.group == ENTRY_POINT_GROUP}
    # The installed entry point that discover() follows is the example distribution's.
    (found,) = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP, name=NAME)
    assert found.dist is not None and found.dist.metadata["Name"] == DISTRIBUTION


def test_every_text_and_word_is_in_four_languages(registry: PluginRegistry, plugin: Plugin) -> None:
    config = {"performance_bonus": True}
    texts: list[dict[str, str]] = [plugin.manifest.title, plugin.manifest.description]
    framework: AssessmentFramework = _call(registry, "entrega_assessment_framework", **config)
    texts += [framework.name, *(level.label for level in framework.levels)]
    texts += [text for area in framework.areas for text in (area.label, area.question)]
    texts += [t.label for t in _call(registry, "entrega_routine_templates", **config)]
    texts += [t.label for t in _call(registry, "entrega_report_templates", **config)]
    for extra in _call(registry, "entrega_extra_fields", **config):
        texts += [extra.label, *(label for _, label in extra.choices)]
    for text in texts:
        assert set(text) >= LANGUAGES, text
        assert all(value.strip() for value in text.values()), text

    vocabulary = _call(registry, "entrega_vocabulary")
    assert set(vocabulary) == set(VOCABULARY_KEYS)
    for key in VOCABULARY_KEYS:
        assert set(vocabulary[key]) >= LANGUAGES, key
        for term in vocabulary[key].values():
            assert isinstance(term, Term) and term.singular and term.plural


# -- configuration ----------------------------------------------------------------------------------
def test_the_default_configuration(plugin: Plugin) -> None:
    assert plugin.load_config({}) == {
        "review_every_months": 3,
        "achieved_from": 0.95,
        "partially_achieved_from": 0.70,
        "fiscal_year_start_month": 1,
        "mayor_chairs_reviews": True,
        "performance_bonus": False,
    }
    assert plugin.load_config(None) == plugin.load_config({})


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"review_every_months": 4}, "review_every_months"),
        ({"review_every_months": "quarterly"}, "review_every_months"),
        ({"review_every_months": 3.0}, "review_every_months"),
        ({"achieved_from": 1.5}, "achieved_from"),
        ({"partially_achieved_from": -0.1}, "partially_achieved_from"),
        ({"achieved_from": 0.8, "partially_achieved_from": 0.9}, "partially_achieved_from"),
        ({"fiscal_year_start_month": 13}, "fiscal_year_start_month"),
        ({"mayor_chairs_reviews": "sometimes"}, "mayor_chairs_reviews"),
        ({"review_every_month": 3}, "review_every_month"),
    ],
)
def test_bad_configuration_is_rejected_with_the_field_named(plugin: Plugin, raw: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        plugin.load_config(raw)
    assert isinstance(caught.value.messages, dict)
    assert set(caught.value.messages) == {field}


@pytest.mark.parametrize(
    ("months", "frequency", "english"),
    [
        (2, Frequency.BIMONTHLY, "bimonthly review"),
        (3, Frequency.QUARTERLY, "quarterly review"),
        (6, Frequency.SEMIANNUAL, "six-monthly review"),
    ],
)
def test_the_review_cadence_changes_routines_calendar_and_words(
    registry: PluginRegistry, months: int, frequency: Frequency, english: str
) -> None:
    routines: list[RoutineTemplate] = _call(registry, "entrega_routine_templates", review_every_months=months)
    review = next(r for r in routines if r.key == "agreement_review")
    assert review.kind == "stocktake"
    assert review.cadence is frequency
    assert review.agenda is AgendaOrder.BY_AGENCY
    assert review.pre_read in {r.key for r in _call(registry, "entrega_report_templates")}
    calendar: PeriodCalendar = _call(registry, "entrega_period_calendar", review_every_months=months)
    assert calendar.default_frequency is frequency
    assert _call(registry, "entrega_vocabulary", review_every_months=months)["stocktake"]["en"].singular == english


def test_other_options_change_behaviour(registry: PluginRegistry) -> None:
    calendar: PeriodCalendar = _call(registry, "entrega_period_calendar", fiscal_year_start_month=7)
    assert calendar.fiscal_year_start_month == 7

    chaired = {
        r.key: r.chaired_by_leader for r in _call(registry, "entrega_routine_templates", mayor_chairs_reviews=False)
    }
    assert chaired["agreement_review"] is False

    without = {(f.entity, f.key) for f in _call(registry, "entrega_extra_fields")}
    with_bonus = _call(registry, "entrega_extra_fields", performance_bonus=True)
    assert {(f.entity, f.key) for f in with_bonus} - without == {("target", "weight"), ("ministry", "bonus_eligible")}
    weight = next(f for f in with_bonus if f.key == "weight")
    assert weight.type is FieldType.NUMBER and weight.required
    ranking: ReportTemplate = next(
        r for r in _call(registry, "entrega_report_templates", performance_bonus=True) if r.kind == "league_table"
    )
    assert "bonus_eligibility" in ranking.sections


_TENANT = """
[tenant]
slug = "mx-example"
name = "Municipio de ejemplo"
level = "municipal"
country = "MX"
default_locale = "es"
languages = ["es", "en"]
time_zone = "America/Mexico_City"
currency = "MXN"
status = "active"
"""


def test_a_tenant_file_selects_the_example_with_its_config_and_overrides(registry: PluginRegistry) -> None:
    text = (
        _TENANT
        + """
[model]
delivery = "entrega_example_model"

[model.config]
review_every_months = 6

[model.vocabulary.es]
ministry = ["dependencia", "dependencias"]

[model.calendar]
fiscal_year_start_month = 4
"""
    )
    model = resolve(registry, files.parse(text, registry, "tenants/mx-example.toml")["model"])
    assert model.delivery.name == NAME
    assert model.term("stocktake", "es") == "revisión semestral"  # from the config
    assert model.term("ministry", "es", plural=True) == "dependencias"  # the tenant's override
    assert model.term("ministry", "pt") == "secretaria municipal"  # the plugin's word
    assert model.calendar.fiscal_year_start_month == 4
    assert model.calendar.default_frequency is Frequency.SEMIANNUAL


def test_a_tenant_files_bad_config_is_reported_by_field(registry: PluginRegistry) -> None:
    text = _TENANT + '\n[model]\ndelivery = "entrega_example_model"\n\n[model.config]\nreview_every_months = 4\n'
    with pytest.raises(files.TenantFileError) as caught:
        files.parse(text, registry, "tenants/mx-example.toml")
    assert caught.value.problems == [
        "model.config.review_every_months: Agreements are reviewed every 2, 3 or 6 months, not 4."
    ]


# -- the rating scale -------------------------------------------------------------------------------
def test_the_three_level_scale_maps_onto_the_common_scale(registry: PluginRegistry) -> None:
    framework: AssessmentFramework = _call(registry, "entrega_assessment_framework")
    assert framework.common_scale() == {
        "achieved": CommonRating.ON_TRACK,
        "partially_achieved": CommonRating.AT_RISK,
        "not_achieved": CommonRating.OFF_TRACK,
    }
    # Best first, and never better on the common scale than the level above it.
    order = list(reversed(CommonRating))  # on_track … off_track
    ranks = [order.index(level.common) for level in framework.levels]
    assert ranks == sorted(ranks)
    assert {area.key for area in framework.areas} >= {"goal_achievement", "action_plan"}


@pytest.mark.parametrize(
    ("actual", "expected_rating"),
    [
        (100, CommonRating.ON_TRACK),
        (96, CommonRating.ON_TRACK),  # 96 % of the agreed progress: achieved
        (90, CommonRating.AT_RISK),  # partially achieved, never "on track with issues"
        (71, CommonRating.AT_RISK),
        (60, CommonRating.OFF_TRACK),
    ],
)
def test_the_status_bands_follow_the_same_mapping(
    registry: PluginRegistry, actual: float, expected_rating: CommonRating
) -> None:
    rule: StatusRule = _call(registry, "entrega_status_rule")
    assert rule.rate(actual, 100, Polarity.UP, baseline=0) is expected_rating


def test_the_thresholds_are_configurable(registry: PluginRegistry) -> None:
    strict: StatusRule = _call(registry, "entrega_status_rule", achieved_from=1.0, partially_achieved_from=0.9)
    assert strict.rate(96, 100, Polarity.UP, baseline=0) is CommonRating.AT_RISK
    assert strict.rate(85, 100, Polarity.UP, baseline=0) is CommonRating.OFF_TRACK
    assert strict.rate(100, 100, Polarity.UP, baseline=0) is CommonRating.ON_TRACK


# -- the loader's refusals, with throw-away plugins ---------------------------------------------------
class _Config(Schema):
    cadence_weeks = fields.Integer(load_default=2)


class _NeedsALeader(Schema):
    leader_title = fields.String(required=True)  # no default: a tenant without config cannot load


_VOCABULARY = {key: {"en": Term(key, f"{key}s")} for key in VOCABULARY_KEYS}


def _throwaway(
    name: str = "throwaway",
    *,
    manifest_name: str | None = None,
    platform: str = ">=0.1,<1",
    config_schema: type[Schema] = _Config,
    vocabulary: dict[str, dict[str, Term]] | None = None,
    without: str | None = None,
) -> ModuleType:
    """A minimal delivery model as a module built on the fly; each argument breaks one thing.

    A module rather than a `types.SimpleNamespace`: pluggy keeps plugins in sets, so a plugin object must
    be hashable, which a namespace is not.
    """

    def entrega_manifest() -> PluginManifest:
        return PluginManifest(
            name=manifest_name or name,
            kind=PluginKind.DELIVERY_MODEL,
            version="0.0.1",
            platform=platform,
            title={"en": "Throw-away"},
            description={"en": "For tests."},
            config_schema=config_schema,
        )

    def entrega_vocabulary(config: dict[str, Any]) -> dict[str, dict[str, Term]]:
        return _VOCABULARY if vocabulary is None else vocabulary

    def entrega_assessment_framework(config: dict[str, Any]) -> AssessmentFramework:
        return AssessmentFramework(
            name={"en": "Rating"},
            levels=(
                RatingLevel("good", {"en": "Good"}, "#00aa00", CommonRating.ON_TRACK),
                RatingLevel("bad", {"en": "Bad"}, "#aa0000", CommonRating.OFF_TRACK),
            ),
            areas=(),
        )

    def entrega_status_rule(config: dict[str, Any]) -> StatusRule:
        return StatusRule(0.05, 0.1, 0.2)

    def entrega_period_calendar(config: dict[str, Any]) -> PeriodCalendar:
        return PeriodCalendar(1, (Frequency.MONTHLY,), Frequency.MONTHLY)

    def entrega_routine_templates(config: dict[str, Any]) -> list[RoutineTemplate]:
        return [
            RoutineTemplate("review", "stocktake", {"en": "Review"}, Frequency.MONTHLY, AgendaOrder.WORST_FIRST, True)
        ]

    def entrega_report_templates(config: dict[str, Any]) -> list[ReportTemplate]:
        return [ReportTemplate("pack", {"en": "Pack"}, "stocktake_pack", ("summary",))]

    hooks: dict[str, Callable[..., object]] = {
        "entrega_manifest": entrega_manifest,
        "entrega_vocabulary": entrega_vocabulary,
        "entrega_assessment_framework": entrega_assessment_framework,
        "entrega_status_rule": entrega_status_rule,
        "entrega_period_calendar": entrega_period_calendar,
        "entrega_routine_templates": entrega_routine_templates,
        "entrega_report_templates": entrega_report_templates,
    }
    module = ModuleType(f"{name}_plugin")
    for hook, function in hooks.items():
        if hook != without:
            setattr(module, hook, hookimpl(function))
    return module


def test_the_throwaway_plugin_loads_when_nothing_is_broken() -> None:
    registry = PluginRegistry({"throwaway": _throwaway()})
    assert registry.get("throwaway").load_config({}) == {"cadence_weeks": 2}


def test_a_manifest_name_differing_from_the_registered_name_is_refused() -> None:
    with pytest.raises(
        PluginError, match=r"plugin 'throwaway': its manifest calls it 'someone_else'; the names must match"
    ):
        PluginRegistry({"throwaway": _throwaway(manifest_name="someone_else")})


def test_a_plugin_requiring_another_platform_version_is_refused() -> None:
    with pytest.raises(PluginError) as caught:
        PluginRegistry({"throwaway": _throwaway(platform=">=99")})
    message = str(caught.value)
    assert "'throwaway'" in message
    assert ">=99" in message
    assert entrega.__version__ in message


def test_a_plugin_whose_platform_is_not_a_specifier_is_refused() -> None:
    with pytest.raises(PluginError, match=r"plugin 'throwaway': platform 'version one' is not a version specifier"):
        PluginRegistry({"throwaway": _throwaway(platform="version one")})


@pytest.mark.parametrize("hook", hookspecs.REQUIRED_FOR_DELIVERY_MODELS)
def test_a_delivery_model_missing_a_required_hook_is_refused(hook: str) -> None:
    with pytest.raises(PluginError, match=rf"delivery model 'throwaway' does not implement {hook}$"):
        PluginRegistry({"throwaway": _throwaway(without=hook)})


def test_a_plugin_without_a_manifest_is_refused() -> None:
    with pytest.raises(PluginError, match=r"plugin 'throwaway' does not implement entrega_manifest"):
        PluginRegistry({"throwaway": _throwaway(without="entrega_manifest")})


def test_a_vocabulary_lacking_an_english_word_is_refused() -> None:
    vocabulary = {**_VOCABULARY, "ministry": {"es": Term("secretaría", "secretarías")}}
    with pytest.raises(PluginError, match=r"delivery model 'throwaway': no English word for ministry$"):
        PluginRegistry({"throwaway": _throwaway(vocabulary=vocabulary)})


def test_an_invalid_default_configuration_is_refused() -> None:
    with pytest.raises(PluginError) as caught:
        PluginRegistry({"throwaway": _throwaway(config_schema=_NeedsALeader)})
    message = str(caught.value)
    assert "delivery model 'throwaway': its default configuration is invalid" in message
    assert "leader_title" in message


def test_a_plugin_that_is_not_installed_is_refused() -> None:
    with pytest.raises(
        PluginError, match=r"plugins not installed \(no 'entrega\.plugins' entry point\): not_installed$"
    ):
        discover(["not_installed"])
