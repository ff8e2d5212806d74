"""The Stat model: CitiStat (Baltimore) and StateStat (Maryland). Agencies submit metric templates every
cycle, analysts write an 8–12 page memo, the leader meets one agency at a time, a one-page follow-up
goes out after; CitiStat's four tenets frame every judgement."""

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
    texts,
)
from entrega.extensions.hookspecs import hookimpl
from entrega_stat import fields, framework, routines, vocabulary
from entrega_stat.config import StatConfigSchema, StatSettings

NAME = "entrega_stat"
VERSION = "1.0.0"


@hookimpl
def entrega_manifest() -> PluginManifest:
    return PluginManifest(
        name=NAME,
        kind=PluginKind.DELIVERY_MODEL,
        version=VERSION,
        platform=">=0.1,<1",
        title=texts(
            en="Stat meetings (CitiStat / StateStat)",
            es="Reuniones Stat (CitiStat / StateStat)",
            pt="Reuniões Stat (CitiStat / StateStat)",
            fr="Séances Stat (CitiStat / StateStat)",
        ),
        description=texts(
            en="Agencies submit metric templates every cycle; the leader meets them one at a time, with an analyst's memo before and a one-page follow-up after. Judgements follow CitiStat's four tenets: accurate and timely intelligence, rapid deployment of resources, effective tactics and strategies, relentless follow-up.",
            es="Las agencias envían plantillas de métricas en cada ciclo; el líder se reúne con ellas una a una, con un memorando del analista antes y un seguimiento de una página después. Las evaluaciones siguen los cuatro principios de CitiStat: información precisa y oportuna, despliegue rápido de recursos, tácticas y estrategias eficaces, seguimiento implacable.",
            pt="Os órgãos enviam planilhas de métricas a cada ciclo; o líder se reúne com cada um, com um memorando do analista antes e um acompanhamento de uma página depois. As avaliações seguem os quatro princípios do CitiStat: informação precisa e oportuna, mobilização rápida de recursos, táticas e estratégias eficazes, acompanhamento implacável.",
            fr="Les organismes remettent leurs gabarits d'indicateurs à chaque cycle ; le dirigeant les reçoit un par un, avec une note d'analyste avant et un suivi d'une page après. Les jugements suivent les quatre principes de CitiStat : informations exactes et à jour, déploiement rapide des ressources, tactiques et stratégies efficaces, suivi sans relâche.",
        ),
        config_schema=StatConfigSchema,
    )


@hookimpl
def entrega_vocabulary(config: dict[str, Any]) -> Vocabulary:
    return vocabulary.vocabulary(StatSettings.from_config(config))


@hookimpl
def entrega_assessment_framework(config: dict[str, Any]) -> AssessmentFramework:
    return framework.FRAMEWORK


@hookimpl
def entrega_status_rule(config: dict[str, Any]) -> StatusRule:
    return framework.status_rule(StatSettings.from_config(config))


@hookimpl
def entrega_period_calendar(config: dict[str, Any]) -> PeriodCalendar:
    return routines.period_calendar(StatSettings.from_config(config))


@hookimpl
def entrega_routine_templates(config: dict[str, Any]) -> list[RoutineTemplate]:
    return routines.routine_templates(StatSettings.from_config(config))


@hookimpl
def entrega_report_templates(config: dict[str, Any]) -> list[ReportTemplate]:
    return routines.report_templates(StatSettings.from_config(config))


@hookimpl
def entrega_extra_fields(config: dict[str, Any]) -> list[ExtraField]:
    return fields.extra_fields(StatSettings.from_config(config))
