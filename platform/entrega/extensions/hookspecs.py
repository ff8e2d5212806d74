"""The plugins' whole contract: every hook a plugin may implement, in one place.

A plugin is a module (or object) registered under the entry-point group `entrega.plugins`, the entry
point's name being the plugin's name. It implements `entrega_manifest` and, when it is a delivery model,
every hook marked REQUIRED FOR DELIVERY MODELS. `config` is the tenant's configuration for the plugin,
already loaded and validated by the plugin's own `config_schema`.
"""

from __future__ import annotations

from typing import Any

import pluggy

from entrega.extensions.contract import (
    AssessmentFramework,
    ExtraField,
    Instrument,
    PeriodCalendar,
    PluginManifest,
    ReportTemplate,
    RoutineTemplate,
    StatusRule,
    Vocabulary,
)

PROJECT = "entrega"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def entrega_manifest() -> PluginManifest:  # type: ignore[empty-body]
    """Who the plugin is: name, kind, version, the platform versions it supports, its config schema."""


@hookspec(firstresult=True)
def entrega_vocabulary(config: dict[str, Any]) -> Vocabulary:  # type: ignore[empty-body]
    """REQUIRED FOR DELIVERY MODELS. What this country calls a priority, a target, a stocktake…, per language.

    Keys come from `contract.VOCABULARY_KEYS`; English is required for every key.
    """


@hookspec(firstresult=True)
def entrega_assessment_framework(config: dict[str, Any]) -> AssessmentFramework:  # type: ignore[empty-body]
    """REQUIRED FOR DELIVERY MODELS. Rating levels (best first, each with its colour and its place on the
    common four-step scale) and the judgement areas of an assessment."""


@hookspec(firstresult=True)
def entrega_status_rule(config: dict[str, Any]) -> StatusRule:  # type: ignore[empty-body]
    """REQUIRED FOR DELIVERY MODELS. The tolerance bands of an indicator against its trajectory."""


@hookspec(firstresult=True)
def entrega_period_calendar(config: dict[str, Any]) -> PeriodCalendar:  # type: ignore[empty-body]
    """REQUIRED FOR DELIVERY MODELS. Fiscal year start and the reporting frequencies."""


@hookspec
def entrega_routine_templates(config: dict[str, Any]) -> list[RoutineTemplate]:  # type: ignore[empty-body]
    """REQUIRED FOR DELIVERY MODELS (extensions may add more). The routines: kind, cadence, agenda order."""


@hookspec
def entrega_report_templates(config: dict[str, Any]) -> list[ReportTemplate]:  # type: ignore[empty-body]
    """REQUIRED FOR DELIVERY MODELS (extensions may add more). The reports the model produces."""


@hookspec
def entrega_extra_fields(config: dict[str, Any]) -> list[ExtraField]:  # type: ignore[empty-body]
    """Fields the model or an extension adds to core entities (stored as validated JSON)."""


@hookspec
def entrega_instruments() -> list[Instrument]:  # type: ignore[empty-body]
    """REQUIRED FOR INSTRUMENT PLUGINS. The diagnostic instruments the plugin provides to every bank and
    government on the platform (they are compared across countries, so they take no per-tenant config)."""


REQUIRED_FOR_DELIVERY_MODELS = (
    "entrega_vocabulary",
    "entrega_assessment_framework",
    "entrega_status_rule",
    "entrega_period_calendar",
    "entrega_routine_templates",
    "entrega_report_templates",
)
