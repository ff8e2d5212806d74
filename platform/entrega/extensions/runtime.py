"""A tenant's model, resolved: the plugins' answers with the tenant's own overrides applied.

Pages, services and reports ask this object, never a plugin directly, so that overrides apply everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from entrega.extensions.contract import (
    AssessmentFramework,
    ExtraField,
    Frequency,
    PeriodCalendar,
    ReportTemplate,
    RoutineTemplate,
    StatusRule,
    Term,
    Vocabulary,
)
from entrega.extensions.registry import Plugin, PluginRegistry


@dataclass(frozen=True)
class ResolvedModel:
    registry: PluginRegistry
    delivery: Plugin
    config: dict[str, Any]
    extensions: tuple[tuple[Plugin, dict[str, Any]], ...]
    vocabulary_overrides: dict[str, dict[str, list[str]]]
    calendar_overrides: dict[str, Any]

    def _all_plugins(self) -> list[tuple[str, dict[str, Any]]]:
        return [(self.delivery.name, {"config": self.config})] + [
            (plugin.name, {"config": config}) for plugin, config in self.extensions
        ]

    @cached_property
    def vocabulary(self) -> Vocabulary:
        base: Vocabulary = self.registry.call_one("entrega_vocabulary", self.delivery.name, config=self.config)
        merged = {key: dict(languages) for key, languages in base.items()}
        for lang, terms in self.vocabulary_overrides.items():
            for key, (singular, plural) in terms.items():
                merged.setdefault(key, {})[lang] = Term(singular, plural)
        return merged

    def term(self, key: str, language: str, *, plural: bool = False) -> str | None:
        """The model's word for `key` in `language`, or None when the model has none in that language."""
        word = self.vocabulary.get(key, {}).get(language.split("_")[0].split("-")[0])
        if word is None:
            return None
        return word.plural if plural else word.singular

    @cached_property
    def framework(self) -> AssessmentFramework:
        framework: AssessmentFramework = self.registry.call_one(
            "entrega_assessment_framework", self.delivery.name, config=self.config
        )
        return framework

    @cached_property
    def status_rule(self) -> StatusRule:
        rule: StatusRule = self.registry.call_one("entrega_status_rule", self.delivery.name, config=self.config)
        return rule

    @cached_property
    def calendar(self) -> PeriodCalendar:
        calendar: PeriodCalendar = self.registry.call_one(
            "entrega_period_calendar", self.delivery.name, config=self.config
        )
        overrides = dict(self.calendar_overrides)
        if "frequencies" in overrides:
            overrides["frequencies"] = tuple(Frequency(f) for f in overrides["frequencies"])
        if "default_frequency" in overrides:
            overrides["default_frequency"] = Frequency(overrides["default_frequency"])
        return replace(calendar, **overrides) if overrides else calendar

    @cached_property
    def routines(self) -> list[RoutineTemplate]:
        return [
            item
            for items in self.registry.call_each("entrega_routine_templates", self._all_plugins())
            for item in items
        ]

    @cached_property
    def reports(self) -> list[ReportTemplate]:
        return [
            item for items in self.registry.call_each("entrega_report_templates", self._all_plugins()) for item in items
        ]

    @cached_property
    def extra_fields(self) -> list[ExtraField]:
        return [
            item for items in self.registry.call_each("entrega_extra_fields", self._all_plugins()) for item in items
        ]


def resolve(registry: PluginRegistry, model: dict[str, Any]) -> ResolvedModel:
    """Resolve a validated model configuration (as `services.validate_model` returns it)."""
    delivery = registry.get(model["delivery"])
    return ResolvedModel(
        registry=registry,
        delivery=delivery,
        config=delivery.load_config(model.get("config")),
        extensions=tuple(
            (registry.get(item["plugin"]), registry.get(item["plugin"]).load_config(item.get("config")))
            for item in model.get("extensions", [])
        ),
        vocabulary_overrides=model.get("vocabulary", {}),
        calendar_overrides=model.get("calendar", {}),
    )


def preview(model: ResolvedModel) -> dict[str, Any]:
    """What a technical-assistance team checks before saving: the words, the scale, the routines."""
    return {
        "title": model.delivery.manifest.title,
        "vocabulary": {
            key: {lang: [term.singular, term.plural] for lang, term in languages.items()}
            for key, languages in model.vocabulary.items()
        },
        "scale": [
            {"key": level.key, "label": level.label, "colour": level.colour, "common": level.common.value}
            for level in model.framework.levels
        ],
        "judgement_areas": [{"key": area.key, "label": area.label} for area in model.framework.areas],
        "status_rule": {
            "on_track_within": model.status_rule.on_track_within,
            "issues_within": model.status_rule.issues_within,
            "at_risk_within": model.status_rule.at_risk_within,
        },
        "calendar": {
            "fiscal_year_start_month": model.calendar.fiscal_year_start_month,
            "frequencies": [f.value for f in model.calendar.frequencies],
            "default_frequency": model.calendar.default_frequency.value,
        },
        "routines": [
            {"key": r.key, "kind": r.kind, "label": r.label, "cadence": r.cadence.value, "agenda": r.agenda.value}
            for r in model.routines
        ],
        "reports": [{"key": r.key, "kind": r.kind, "label": r.label} for r in model.reports],
        "extra_fields": [
            {"entity": f.entity, "key": f.key, "label": f.label, "type": f.type.value, "required": f.required}
            for f in model.extra_fields
        ],
    }
