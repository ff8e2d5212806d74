"""Chile's presidential delivery unit (Unidad Presidencial de Gestión del Cumplimiento): a few priority
axes, concrete goals per axis with named owners and objective indicators, monthly reviews with
ministries, quarterly reports to the President and a public progress report."""

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
from entrega_chile import fields, framework, routines
from entrega_chile.config import ChileConfigSchema, ChileSettings
from entrega_chile.vocabulary import VOCABULARY

NAME = "entrega_chile"
VERSION = "1.0.0"


@hookimpl
def entrega_manifest() -> PluginManifest:
    return PluginManifest(
        name=NAME,
        kind=PluginKind.DELIVERY_MODEL,
        version=VERSION,
        platform=">=0.1,<1",
        title=texts(
            es="Unidad Presidencial de Gestión del Cumplimiento (Chile)",
            en="Presidential Delivery Unit (Chile)",
            pt="Unidade Presidencial de Gestão do Cumprimento (Chile)",
            fr="Unité présidentielle de suivi de la réalisation (Chili)",
        ),
        description=texts(
            es="Pocos ejes prioritarios con metas concretas, responsables con nombre e indicadores objetivos; revisiones mensuales con los ministerios, reportes trimestrales al Presidente y un reporte público de cumplimiento ordenado por eje, resultados, objetivos estratégicos (diagnóstico, avance, meta) y acciones.",
            en="A few priority axes with concrete goals, named owners and objective indicators; monthly reviews with ministries, quarterly reports to the President and a public progress report laid out by axis, results, strategic objectives (diagnosis, progress, target) and actions.",
            pt="Poucos eixos prioritários com metas concretas, responsáveis nomeados e indicadores objetivos; revisões mensais com os ministérios, relatórios trimestrais ao Presidente e um relatório público de cumprimento organizado por eixo, resultados, objetivos estratégicos (diagnóstico, avanço, meta) e ações.",
            fr="Quelques axes prioritaires avec des objectifs concrets, des responsables nommés et des indicateurs objectifs ; revues mensuelles avec les ministères, rapports trimestriels au Président et un rapport public d'avancement organisé par axe, résultats, objectifs stratégiques (diagnostic, progression, cible) et actions.",
        ),
        config_schema=ChileConfigSchema,
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
    return routines.period_calendar(ChileSettings.from_config(config))


@hookimpl
def entrega_routine_templates(config: dict[str, Any]) -> list[RoutineTemplate]:
    return routines.routine_templates(ChileSettings.from_config(config))


@hookimpl
def entrega_report_templates(config: dict[str, Any]) -> list[ReportTemplate]:
    return routines.report_templates(ChileSettings.from_config(config))


@hookimpl
def entrega_extra_fields(config: dict[str, Any]) -> list[ExtraField]:
    return list(fields.EXTRA_FIELDS)
