"""The four bundled delivery models, each loaded on its own through the platform's registry (never through
whatever happens to be installed), checked against the contract and against what each model is."""

from __future__ import annotations

import importlib.metadata
from collections import Counter
from collections.abc import Iterator
from typing import Any

import entrega_chile
import entrega_pernambuco
import entrega_pmdu
import entrega_stat
import pytest
from marshmallow import ValidationError, missing

from entrega.extensions.contract import (
    VOCABULARY_KEYS,
    AgendaOrder,
    AssessmentFramework,
    CommonRating,
    ExtraField,
    FieldType,
    Frequency,
    PeriodCalendar,
    PluginKind,
    Polarity,
    ReportTemplate,
    RoutineTemplate,
    StatusRule,
    Texts,
)
from entrega.extensions.registry import ENTRY_POINT_GROUP, PluginRegistry

LANGUAGES = ("en", "es", "pt", "fr")
MODELS: dict[str, object] = {
    "entrega_pmdu": entrega_pmdu,
    "entrega_stat": entrega_stat,
    "entrega_pernambuco": entrega_pernambuco,
    "entrega_chile": entrega_chile,
}
# Every configuration each model should be exercised with: the defaults and each non-default choice.
CONFIGS: dict[str, list[dict[str, Any]]] = {
    "entrega_pmdu": [
        {},
        {"stocktake_every_months": 2},
        {"monthly_notes": False, "league_table": False},
        {"on_track_tolerance": 0.0, "issues_tolerance": 0.0, "at_risk_tolerance": 0.0},
    ],
    "entrega_stat": [
        {},
        {"flavour": "statestat"},
        {"meeting_every_weeks": 1},
        {"meeting_every_weeks": 4, "flavour": "statestat"},
    ],
    "entrega_pernambuco": [{}, {"monitoring_cycle": "bimonthly"}, {"annual_strategy_review": False}],
    "entrega_chile": [{}, {"public_report": "semiannual"}, {"ministry_review_cadence": "bimonthly"}],
}
NAME_AND_CONFIG = [(name, config) for name, configs in CONFIGS.items() for config in configs]


class Model:
    """One plugin in a registry of its own, with its configuration loaded the way the platform does."""

    def __init__(self, name: str, raw: dict[str, Any] | None = None) -> None:
        self.name = name
        self.registry = PluginRegistry({name: MODELS[name]})
        self.plugin = self.registry.get(name)
        self.config = self.plugin.load_config(raw or {})

    def call(self, hook: str) -> Any:
        return self.registry.call_one(hook, self.name, config=self.config)

    def framework(self) -> AssessmentFramework:
        return self.call("entrega_assessment_framework")

    def status_rule(self) -> StatusRule:
        return self.call("entrega_status_rule")

    def calendar(self) -> PeriodCalendar:
        return self.call("entrega_period_calendar")

    def routines(self) -> dict[str, RoutineTemplate]:
        return {routine.key: routine for routine in self.call("entrega_routine_templates")}

    def reports(self) -> dict[str, ReportTemplate]:
        return {report.key: report for report in self.call("entrega_report_templates")}

    def fields(self) -> dict[tuple[str, str], ExtraField]:
        return {(item.entity, item.key): item for item in self.call("entrega_extra_fields")}

    def word(self, key: str, language: str = "en") -> str:
        singular: str = self.call("entrega_vocabulary")[key][language].singular
        return singular


def all_texts(model: Model) -> Iterator[tuple[str, Texts]]:
    """Every text a person may read, with where it comes from."""
    manifest = model.plugin.manifest
    yield "manifest.title", manifest.title
    yield "manifest.description", manifest.description
    assert manifest.config_schema is not None
    for field_name, field in manifest.config_schema().fields.items():
        yield f"config {field_name} label", field.metadata["label"]
        if "description" in field.metadata:
            yield f"config {field_name} description", field.metadata["description"]
    framework = model.framework()
    yield "framework.name", framework.name
    for level in framework.levels:
        yield f"level {level.key}", level.label
    for area in framework.areas:
        yield f"area {area.key} label", area.label
        yield f"area {area.key} question", area.question
    for routine in model.routines().values():
        yield f"routine {routine.key}", routine.label
    for report in model.reports().values():
        yield f"report {report.key}", report.label
    for extra in model.fields().values():
        yield f"field {extra.entity}.{extra.key}", extra.label
        for choice, label in extra.choices:
            yield f"field {extra.entity}.{extra.key} choice {choice}", label


def contrast_with_white(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return 1.05 / (luminance + 0.05)


# -- the contract, for every model and configuration -------------------------------------------------


@pytest.mark.parametrize("name", MODELS)
def test_loads_as_a_delivery_model(name: str) -> None:
    model = Model(name)
    manifest = model.plugin.manifest
    assert manifest.name == name
    assert manifest.kind is PluginKind.DELIVERY_MODEL
    assert manifest.version == "1.0.0"
    assert manifest.platform == ">=0.1,<1"
    assert isinstance(model.framework(), AssessmentFramework)
    assert isinstance(model.status_rule(), StatusRule)
    assert isinstance(model.calendar(), PeriodCalendar)


@pytest.mark.parametrize("name", MODELS)
def test_every_config_field_has_a_default(name: str) -> None:
    schema = Model(name).plugin.manifest.config_schema
    assert schema is not None
    for field_name, field in schema().fields.items():
        assert field.load_default is not missing, f"{name}.{field_name} has no load_default"
    assert schema().load({}) == Model(name).config


@pytest.mark.parametrize(("name", "raw"), NAME_AND_CONFIG)
def test_vocabulary_has_every_key_in_four_languages(name: str, raw: dict[str, Any]) -> None:
    vocabulary = Model(name, raw).call("entrega_vocabulary")
    assert set(vocabulary) == set(VOCABULARY_KEYS)
    for key in VOCABULARY_KEYS:
        for language in LANGUAGES:
            term = vocabulary[key][language]
            assert term.singular.strip() and term.plural.strip(), f"{name}: {key}/{language} is empty"


@pytest.mark.parametrize(("name", "raw"), NAME_AND_CONFIG)
def test_every_text_has_four_languages(name: str, raw: dict[str, Any]) -> None:
    for where, texts in all_texts(Model(name, raw)):
        missing = [language for language in LANGUAGES if not texts.get(language, "").strip()]
        assert not missing, f"{name}: {where} lacks {missing}"


@pytest.mark.parametrize(("name", "raw"), NAME_AND_CONFIG)
def test_templates_hang_together(name: str, raw: dict[str, Any]) -> None:
    model = Model(name, raw)
    routines, reports = model.call("entrega_routine_templates"), model.call("entrega_report_templates")
    assert routines and reports
    assert len({r.key for r in routines}) == len(routines)
    assert len({r.key for r in reports}) == len(reports)
    report_keys = {r.key for r in reports}
    for routine in routines:
        assert routine.pre_read is None or routine.pre_read in report_keys, f"{routine.key}: no {routine.pre_read}"
    for report in reports:
        assert report.sections and len(set(report.sections)) == len(report.sections)
    extras = model.call("entrega_extra_fields")
    assert len({(f.entity, f.key) for f in extras}) == len(extras)
    for extra in extras:
        assert bool(extra.choices) == (extra.type is FieldType.CHOICE), f"{extra.key}: choices and type disagree"
    calendar = model.calendar()
    assert calendar.default_frequency in calendar.frequencies


@pytest.mark.parametrize("name", MODELS)
def test_framework_maps_onto_the_whole_common_scale(name: str) -> None:
    framework = Model(name).framework()
    # Every bundled model has a level for each common rating, so none of its judgements is lost or
    # merged when the bank compares countries.
    assert set(framework.common_scale().values()) == set(CommonRating)
    order = list(reversed(CommonRating))  # on_track first
    positions = [order.index(level.common) for level in framework.levels]
    assert positions == sorted(positions), "levels must run from best to worst"
    assert len(framework.areas) == 4


@pytest.mark.parametrize("name", MODELS)
def test_colours_are_distinct_and_readable_on_white(name: str) -> None:
    colours = [level.colour.lower() for level in Model(name).framework().levels]
    assert len(set(colours)) == len(colours)
    for colour in colours:
        assert contrast_with_white(colour) >= 3, f"{name}: {colour} has contrast {contrast_with_white(colour):.2f}"


def test_installed_entry_points_include_the_four_models() -> None:
    names = {entry_point.name for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)}
    assert set(MODELS) <= names
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if entry_point.name in MODELS:
            assert entry_point.value == entry_point.name


def test_the_four_models_load_together() -> None:
    registry = PluginRegistry(dict(MODELS))
    assert {plugin.name for plugin in registry.all(PluginKind.DELIVERY_MODEL)} == set(MODELS)
    # Each call reaches only the named model, even with all four registered.
    pmdu = registry.call_one("entrega_vocabulary", "entrega_pmdu", config=registry.get("entrega_pmdu").load_config({}))
    chile = registry.call_one(
        "entrega_vocabulary", "entrega_chile", config=registry.get("entrega_chile").load_config({})
    )
    assert pmdu["priority"]["es"].singular == "prioridad"
    assert chile["priority"]["es"].singular == "eje prioritario"


# -- invalid configuration ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "raw", "field"),
    [
        ("entrega_pmdu", {"stocktake_every_months": 4}, "stocktake_every_months"),
        ("entrega_pmdu", {"stocktake_every_months": "3"}, "stocktake_every_months"),
        ("entrega_pmdu", {"on_track_tolerance": 0.6}, "on_track_tolerance"),
        ("entrega_pmdu", {"on_track_tolerance": -0.1}, "on_track_tolerance"),
        ("entrega_pmdu", {"on_track_tolerance": 0.2}, "on_track_tolerance"),  # wider than issues_tolerance
        ("entrega_pmdu", {"issues_tolerance": 0.5}, "issues_tolerance"),  # wider than at_risk_tolerance
        ("entrega_pmdu", {"fiscal_year_start_month": 13}, "fiscal_year_start_month"),
        ("entrega_pmdu", {"stocktakes": 3}, "stocktakes"),
        ("entrega_stat", {"flavour": "compstat"}, "flavour"),
        ("entrega_stat", {"meeting_every_weeks": 3}, "meeting_every_weeks"),
        ("entrega_stat", {"near_goal_within": 0.3}, "near_goal_within"),  # wider than below_goal_within
        ("entrega_stat", {"fiscal_year_start_month": 0}, "fiscal_year_start_month"),
        ("entrega_pernambuco", {"monitoring_cycle": "weekly"}, "monitoring_cycle"),
        ("entrega_pernambuco", {"region_required": "perhaps"}, "region_required"),
        ("entrega_chile", {"public_report": "quarterly"}, "public_report"),
        ("entrega_chile", {"ministry_review_cadence": "weekly"}, "ministry_review_cadence"),
    ],
)
def test_invalid_configuration_names_the_field(name: str, raw: dict[str, Any], field: str) -> None:
    plugin = Model(name).plugin
    with pytest.raises(ValidationError) as caught:
        plugin.load_config(raw)
    assert field in caught.value.messages


def test_invalid_configuration_message_is_clear() -> None:
    with pytest.raises(ValidationError) as caught:
        Model("entrega_pmdu").plugin.load_config({"stocktake_every_months": 6})
    assert caught.value.messages == {"stocktake_every_months": ["Stocktakes are held every 2 or 3 months, not 6."]}


# -- PMDU -------------------------------------------------------------------------------------------------


def test_pmdu_has_one_level_per_common_rating() -> None:
    framework = Model("entrega_pmdu").framework()
    assert [level.key for level in framework.levels] == ["green", "amber_green", "amber_red", "red"]
    assert Counter(framework.common_scale().values()) == Counter(set(CommonRating))
    assert framework.common_scale() == {
        "green": CommonRating.ON_TRACK,
        "amber_green": CommonRating.ON_TRACK_WITH_ISSUES,
        "amber_red": CommonRating.AT_RISK,
        "red": CommonRating.OFF_TRACK,
    }
    assert [area.key for area in framework.areas] == [
        "degree_of_challenge",
        "quality_of_planning",
        "capacity_to_drive_progress",
        "stage_of_delivery",
    ]


def test_pmdu_stocktake_cadence_follows_config() -> None:
    assert Model("entrega_pmdu").routines()["stocktake"].cadence is Frequency.QUARTERLY
    every_two = Model("entrega_pmdu", {"stocktake_every_months": 2}).routines()["stocktake"]
    assert every_two.cadence is Frequency.BIMONTHLY
    assert every_two.chaired_by_leader and every_two.pre_read == "stocktake_pack"


def test_pmdu_routines_and_reports() -> None:
    model = Model("entrega_pmdu")
    routines = model.routines()
    assert routines["monthly_note"].cadence is Frequency.MONTHLY
    assert routines["monthly_note"].agenda is AgendaOrder.WORST_FIRST
    assert routines["delivery_report"].cadence is Frequency.SEMIANNUAL
    assert {"stocktake_pack", "monthly_note", "delivery_report", "league_table"} <= set(model.reports())
    assert model.calendar().fiscal_year_start_month == 4


def test_pmdu_optional_routines_can_be_switched_off() -> None:
    model = Model("entrega_pmdu", {"monthly_notes": False, "league_table": False})
    assert "monthly_note" not in model.routines()
    assert {"monthly_note", "league_table"}.isdisjoint(model.reports())
    assert "league_table" not in model.reports()["delivery_report"].sections


def test_pmdu_extra_fields() -> None:
    fields = Model("entrega_pmdu").fields()
    assert fields["priority", "lead_official"].type is FieldType.TEXT
    assert fields["priority", "delivery_chain_reviewed"].type is FieldType.BOOLEAN


def test_pmdu_rates_against_the_trajectory_with_default_bands() -> None:
    rule = Model("entrega_pmdu").status_rule()
    # 5 short of a planned rise of 50 is 10 % behind: past the 5 % on-track band, inside the 15 % one.
    assert rule.rate(95, 100, Polarity.UP, baseline=50) is CommonRating.ON_TRACK_WITH_ISSUES
    assert rule.rate(98, 100, Polarity.UP, baseline=50) is CommonRating.ON_TRACK
    assert rule.rate(105, 100, Polarity.UP, baseline=50) is CommonRating.ON_TRACK
    assert rule.rate(88, 100, Polarity.UP, baseline=50) is CommonRating.AT_RISK
    assert rule.rate(60, 100, Polarity.UP, baseline=50) is CommonRating.OFF_TRACK
    # Less is better: planned to fall from 100 to 80.
    assert rule.rate(78, 80, Polarity.DOWN, baseline=100) is CommonRating.ON_TRACK
    assert rule.rate(82, 80, Polarity.DOWN, baseline=100) is CommonRating.ON_TRACK_WITH_ISSUES
    assert rule.rate(95, 80, Polarity.DOWN, baseline=100) is CommonRating.OFF_TRACK


def test_pmdu_bands_follow_config() -> None:
    wide = Model("entrega_pmdu", {"on_track_tolerance": 0.10}).status_rule()
    assert wide.rate(95, 100, Polarity.UP, baseline=50) is CommonRating.ON_TRACK
    strict = Model(
        "entrega_pmdu", {"on_track_tolerance": 0.0, "issues_tolerance": 0.05, "at_risk_tolerance": 0.08}
    ).status_rule()
    assert strict.rate(95, 100, Polarity.UP, baseline=50) is CommonRating.OFF_TRACK


# -- Stat -------------------------------------------------------------------------------------------------


def test_stat_flavour_changes_the_words() -> None:
    citistat, statestat = Model("entrega_stat"), Model("entrega_stat", {"flavour": "statestat"})
    assert citistat.word("ministry") == "agency"
    assert statestat.word("ministry") == "department"
    assert citistat.word("priority") == "priority"
    assert statestat.word("priority") == "strategic goal"
    assert citistat.word("stocktake") == "CitiStat meeting"
    assert statestat.word("stocktake") == "StateStat meeting"
    assert statestat.word("delivery_unit", "es") == "oficina StateStat"


def test_stat_goal_categories_only_for_statestat() -> None:
    assert ("priority", "goal_categories") not in Model("entrega_stat").fields()
    categories = Model("entrega_stat", {"flavour": "statestat"}).fields()["priority", "goal_categories"]
    assert categories.type is FieldType.CHOICE and categories.required
    assert len(categories.choices) == 4


def test_stat_meetings_by_agency_at_the_configured_cadence() -> None:
    model = Model("entrega_stat")
    meeting = model.routines()["stat_meeting"]
    assert meeting.cadence is Frequency.BIWEEKLY
    assert meeting.agenda is AgendaOrder.BY_AGENCY
    assert meeting.pre_read == "analyst_memo"
    assert model.routines()["follow_up"].pre_read == "follow_up_memo"
    assert model.calendar().default_frequency is Frequency.BIWEEKLY
    weekly = Model("entrega_stat", {"meeting_every_weeks": 1})
    assert {r.cadence for r in weekly.routines().values()} == {Frequency.WEEKLY}
    assert weekly.calendar().default_frequency is Frequency.WEEKLY
    assert Model("entrega_stat", {"meeting_every_weeks": 4}).routines()["stat_meeting"].cadence is Frequency.MONTHLY


def test_stat_framework_is_the_four_tenets() -> None:
    framework = Model("entrega_stat").framework()
    assert [level.key for level in framework.levels] == ["meeting_goal", "near_goal", "below_goal", "far_below_goal"]
    assert [area.label["en"] for area in framework.areas] == [
        "Accurate and timely intelligence shared by all",
        "Rapid deployment of resources",
        "Effective tactics and strategies",
        "Relentless follow-up and assessment",
    ]


def test_stat_indicator_fields() -> None:
    fields = Model("entrega_stat").fields()
    assert fields["indicator", "metric_template"].type is FieldType.TEXT
    assert fields["indicator", "submitted_by_agency"].type is FieldType.BOOLEAN
    statestat = Model("entrega_stat", {"flavour": "statestat"}).fields()
    assert statestat["indicator", "submitted_by_agency"].label["en"] == "Submitted by the department"


def test_stat_rates_any_shortfall_as_below_meeting_goal() -> None:
    rule = Model("entrega_stat").status_rule()
    assert rule.rate(100, 100, Polarity.UP, baseline=50) is CommonRating.ON_TRACK
    assert rule.rate(97, 100, Polarity.UP, baseline=50) is CommonRating.ON_TRACK_WITH_ISSUES
    assert rule.rate(90, 100, Polarity.UP, baseline=50) is CommonRating.AT_RISK
    assert rule.rate(70, 100, Polarity.UP, baseline=50) is CommonRating.OFF_TRACK
    # Response time in days, to fall from 10 to 5.
    assert rule.rate(5, 5, Polarity.DOWN, baseline=10) is CommonRating.ON_TRACK
    assert rule.rate(8, 5, Polarity.DOWN, baseline=10) is CommonRating.OFF_TRACK
    lenient = Model("entrega_stat", {"near_goal_within": 0.2, "below_goal_within": 0.5}).status_rule()
    assert lenient.rate(90, 100, Polarity.UP, baseline=50) is CommonRating.ON_TRACK_WITH_ISSUES


# -- Pernambuco -------------------------------------------------------------------------------------------


def test_pernambuco_monitoring_cycle_follows_config() -> None:
    monthly, bimonthly = Model("entrega_pernambuco"), Model("entrega_pernambuco", {"monitoring_cycle": "bimonthly"})
    assert monthly.routines()["monitoring_meeting"].cadence is Frequency.MONTHLY
    assert bimonthly.routines()["monitoring_meeting"].cadence is Frequency.BIMONTHLY
    assert bimonthly.calendar().default_frequency is Frequency.BIMONTHLY
    assert monthly.routines()["monitoring_meeting"].chaired_by_leader


def test_pernambuco_is_portuguese_first_and_tied_to_the_budget() -> None:
    model = Model("entrega_pernambuco")
    assert model.word("priority", "pt") == "meta prioritária"
    assert model.word("stocktake", "pt") == "reunião de monitoramento"
    assert model.calendar().fiscal_year_start_month == 1
    assert "budget_alignment" in model.reports()
    fields = model.fields()
    assert fields["priority", "strategic_objective"].label["pt"] == "Objetivo estratégico"
    assert fields["priority", "budget_action_loa"].label["en"] == "Budget action (LOA)"
    assert fields["priority", "goal_agreement_signed"].type is FieldType.BOOLEAN
    regions = fields["priority", "development_region"]
    assert len(regions.choices) == 12
    names = {label["pt"] for _, label in regions.choices}
    assert {"Sertão do São Francisco", "Região Metropolitana", "Agreste Central", "Mata Norte"} <= names


def test_pernambuco_optional_review_and_required_region() -> None:
    assert "strategy_review" in Model("entrega_pernambuco").routines()
    assert "strategy_review" not in Model("entrega_pernambuco", {"annual_strategy_review": False}).routines()
    assert not Model("entrega_pernambuco").fields()["priority", "development_region"].required
    required = Model("entrega_pernambuco", {"region_required": True}).fields()["priority", "development_region"]
    assert required.required


def test_pernambuco_rates_goals() -> None:
    rule = Model("entrega_pernambuco").status_rule()
    assert rule.rate(100, 100, Polarity.UP, baseline=80) is CommonRating.ON_TRACK
    assert rule.rate(50, 100, Polarity.UP, baseline=80) is CommonRating.OFF_TRACK
    assert rule.rate(12, 10, Polarity.DOWN, baseline=20) is CommonRating.AT_RISK


# -- Chile ------------------------------------------------------------------------------------------------


def test_chile_public_report_frequency_follows_config() -> None:
    assert Model("entrega_chile").routines()["public_progress_report"].cadence is Frequency.ANNUAL
    semiannual = Model("entrega_chile", {"public_report": "semiannual"}).routines()["public_progress_report"]
    assert semiannual.cadence is Frequency.SEMIANNUAL


def test_chile_routines_and_public_report_layout() -> None:
    model = Model("entrega_chile")
    routines = model.routines()
    assert routines["ministry_review"].cadence is Frequency.MONTHLY
    assert routines["ministry_review"].agenda is AgendaOrder.BY_AGENCY
    assert routines["presidential_report"].cadence is Frequency.QUARTERLY
    assert routines["presidential_report"].chaired_by_leader
    bimonthly = Model("entrega_chile", {"ministry_review_cadence": "bimonthly"})
    assert bimonthly.routines()["ministry_review"].cadence is Frequency.BIMONTHLY
    sections = model.reports()["public_progress_report"].sections
    assert sections == ("axis", "results", "strategic_objectives", "diagnosis", "progress", "target", "actions")


def test_chile_is_spanish_first_with_named_owners() -> None:
    model = Model("entrega_chile")
    assert model.word("priority", "es") == "eje prioritario"
    assert model.word("target", "es") == "meta"
    assert model.word("action", "es") == "compromiso"
    assert model.word("delivery_report", "es") == "reporte de cumplimiento"
    assert model.word("delivery_unit", "es") == "Unidad Presidencial de Gestión del Cumplimiento"
    fields = model.fields()
    assert fields["target", "owner"].required
    assert fields["milestone", "action_owner"].required
    assert fields["indicator", "means_of_verification"].required


def test_chile_rates_goals() -> None:
    rule = Model("entrega_chile").status_rule()
    assert rule.rate(29, 30, Polarity.UP, baseline=10) is CommonRating.ON_TRACK
    assert rule.rate(20, 30, Polarity.UP, baseline=10) is CommonRating.OFF_TRACK
    assert rule.rate(6.5, 6, Polarity.DOWN, baseline=8) is CommonRating.AT_RISK
