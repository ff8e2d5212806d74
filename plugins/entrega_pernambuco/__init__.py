"""Todos por Pernambuco: a four-year strategy map built in regional seminars, priority goals agreed
between the governor, the secretaries and the public per strategic objective and per development region,
monitoring meetings in monthly or bimonthly cycles, and planning tied to the budget law (LOA)."""

from __future__ import annotations

from typing import Any

from entrega.extensions.contract import (
    AssessmentFramework,
    ExtraField,
    PeriodCalendar,
    PluginKind,
    PluginManifest,
    ReportTemplate,
    RoutineTemplate,
    StatusRule,
    Vocabulary,
    copied,
    texts,
)
from entrega.extensions.hookspecs import hookimpl
from entrega_pernambuco import fields, framework, routines
from entrega_pernambuco.config import PernambucoConfigSchema, PernambucoSettings
from entrega_pernambuco.vocabulary import VOCABULARY

NAME = "entrega_pernambuco"
VERSION = "1.0.0"


@hookimpl
def entrega_manifest() -> PluginManifest:
    return PluginManifest(
        name=NAME,
        kind=PluginKind.DELIVERY_MODEL,
        version=VERSION,
        platform=">=0.1,<1",
        title=texts(
            pt="Todos por Pernambuco (modelo de gestão)",
            en="Todos por Pernambuco (Pernambuco management model)",
            es="Todos por Pernambuco (modelo de gestión)",
            fr="Todos por Pernambuco (modèle de gestion)",
        ),
        description=texts(
            pt="Mapa da estratégia de quatro anos construído em seminários regionais; metas prioritárias pactuadas entre governador, secretários e sociedade por objetivo estratégico e por região de desenvolvimento; reuniões de monitoramento em ciclos mensais ou bimestrais; planejamento amarrado à LOA.",
            en="A four-year strategy map built in regional seminars; priority goals agreed between the governor, the secretaries and the public, per strategic objective and per development region; monitoring meetings in monthly or bimonthly cycles; planning tied to the budget law (LOA).",
            es="Mapa estratégico de cuatro años construido en seminarios regionales; metas prioritarias pactadas entre gobernador, secretarios y ciudadanía por objetivo estratégico y por región de desarrollo; reuniones de monitoreo en ciclos mensuales o bimestrales; planificación ligada a la ley de presupuesto.",
            fr="Carte stratégique quadriennale construite lors de séminaires régionaux ; objectifs prioritaires convenus entre le gouverneur, les secrétaires et la population, par objectif stratégique et par région de développement ; réunions de suivi mensuelles ou bimestrielles ; planification liée à la loi de finances.",
        ),
        config_schema=PernambucoConfigSchema,
    )


@hookimpl
def entrega_vocabulary(config: dict[str, Any]) -> Vocabulary:
    return copied(VOCABULARY)


@hookimpl
def entrega_assessment_framework(config: dict[str, Any]) -> AssessmentFramework:
    return framework.FRAMEWORK


@hookimpl
def entrega_status_rule(config: dict[str, Any]) -> StatusRule:
    return framework.STATUS_RULE


@hookimpl
def entrega_period_calendar(config: dict[str, Any]) -> PeriodCalendar:
    return routines.period_calendar(PernambucoSettings.from_config(config))


@hookimpl
def entrega_routine_templates(config: dict[str, Any]) -> list[RoutineTemplate]:
    return routines.routine_templates(PernambucoSettings.from_config(config))


@hookimpl
def entrega_report_templates(config: dict[str, Any]) -> list[ReportTemplate]:
    return routines.report_templates(PernambucoSettings.from_config(config))


@hookimpl
def entrega_extra_fields(config: dict[str, Any]) -> list[ExtraField]:
    return fields.extra_fields(PernambucoSettings.from_config(config))
