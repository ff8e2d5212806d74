"""The UK Prime Minister's Delivery Unit model ("deliverology"): priorities, targets and trajectories,
delivery chains, stocktakes with the leader, monthly notes, a four-level likelihood-of-delivery judgement,
six-monthly delivery reports and league tables."""

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
from entrega_pmdu import fields, framework, routines
from entrega_pmdu.config import PmduConfigSchema, PmduSettings
from entrega_pmdu.vocabulary import VOCABULARY

NAME = "entrega_pmdu"
VERSION = "1.0.0"


@hookimpl
def entrega_manifest() -> PluginManifest:
    return PluginManifest(
        name=NAME,
        kind=PluginKind.DELIVERY_MODEL,
        version=VERSION,
        platform=">=0.1,<1",
        title=texts(
            en="Deliverology (UK Prime Minister's Delivery Unit)",
            es="Deliverology (Unidad de Cumplimiento del Primer Ministro del Reino Unido)",
            pt="Deliverology (Unidade de Entrega do Primeiro-Ministro do Reino Unido)",
            fr="Deliverology (Unité de mise en œuvre du Premier ministre britannique)",
        ),
        description=texts(
            en="A few priorities, each with a target and a trajectory; stocktakes with the leader every two or three months, monthly notes, a four-level judgement of the likelihood of delivery, six-monthly delivery reports and a league table.",
            es="Pocas prioridades, cada una con una meta y una trayectoria; reuniones de balance con el jefe de gobierno cada dos o tres meses, notas mensuales, un juicio en cuatro niveles sobre la probabilidad de cumplimiento, informes semestrales y una tabla de clasificación.",
            pt="Poucas prioridades, cada uma com meta e trajetória; reuniões de balanço com o chefe de governo a cada dois ou três meses, notas mensais, um julgamento em quatro níveis da probabilidade de entrega, relatórios semestrais e uma tabela de classificação.",
            fr="Quelques priorités, chacune avec une cible et une trajectoire ; revues d'avancement avec le chef du gouvernement tous les deux ou trois mois, notes mensuelles, un jugement en quatre niveaux de la probabilité de réalisation, rapports semestriels et tableau de classement.",
        ),
        config_schema=PmduConfigSchema,
    )


@hookimpl
def entrega_vocabulary(config: dict[str, Any]) -> Vocabulary:
    return copied(VOCABULARY)


@hookimpl
def entrega_assessment_framework(config: dict[str, Any]) -> AssessmentFramework:
    return framework.FRAMEWORK


@hookimpl
def entrega_status_rule(config: dict[str, Any]) -> StatusRule:
    return framework.status_rule(PmduSettings.from_config(config))


@hookimpl
def entrega_period_calendar(config: dict[str, Any]) -> PeriodCalendar:
    return routines.period_calendar(PmduSettings.from_config(config))


@hookimpl
def entrega_routine_templates(config: dict[str, Any]) -> list[RoutineTemplate]:
    return routines.routine_templates(PmduSettings.from_config(config))


@hookimpl
def entrega_report_templates(config: dict[str, Any]) -> list[ReportTemplate]:
    return routines.report_templates(PmduSettings.from_config(config))


@hookimpl
def entrega_extra_fields(config: dict[str, Any]) -> list[ExtraField]:
    return list(fields.EXTRA_FIELDS)
