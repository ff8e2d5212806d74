"""The PMDU's judgement of each priority: likelihood of delivery on four levels, across four areas."""

from __future__ import annotations

from entrega.extensions.contract import (
    AssessmentFramework,
    CommonRating,
    JudgementArea,
    RatingLevel,
    StatusRule,
    texts,
)
from entrega_pmdu.config import PmduSettings

# Darkened traffic-light colours: each keeps at least 3:1 contrast against white so a rating reads
# on a white page and as white text on a coloured badge.
LEVELS = (
    RatingLevel(
        key="green",
        label=texts(en="Green", es="Verde", pt="Verde", fr="Vert"),
        colour="#1b7a3a",
        common=CommonRating.ON_TRACK,
    ),
    RatingLevel(
        key="amber_green",
        label=texts(en="Amber-green", es="Ámbar-verde", pt="Âmbar-verde", fr="Orange-vert"),
        colour="#667a00",
        common=CommonRating.ON_TRACK_WITH_ISSUES,
    ),
    RatingLevel(
        key="amber_red",
        label=texts(en="Amber-red", es="Ámbar-rojo", pt="Âmbar-vermelho", fr="Orange-rouge"),
        colour="#b35c00",
        common=CommonRating.AT_RISK,
    ),
    RatingLevel(
        key="red",
        label=texts(en="Red", es="Rojo", pt="Vermelho", fr="Rouge"),
        colour="#b3261e",
        common=CommonRating.OFF_TRACK,
    ),
)

AREAS = (
    JudgementArea(
        key="degree_of_challenge",
        label=texts(
            en="Degree of challenge",
            es="Grado de dificultad",
            pt="Grau de desafio",
            fr="Degré de difficulté",
        ),
        question=texts(
            en="How hard is this target to hit, given where it starts, the scale of change and the length of its delivery chain?",
            es="¿Qué tan difícil es alcanzar esta meta, dado su punto de partida, la magnitud del cambio y la longitud de su cadena de implementación?",
            pt="Quão difícil é atingir esta meta, dado o ponto de partida, a escala da mudança e a extensão da sua cadeia de entrega?",
            fr="Quelle est la difficulté d'atteindre cette cible, compte tenu du point de départ, de l'ampleur du changement et de la longueur de sa chaîne de mise en œuvre ?",
        ),
    ),
    JudgementArea(
        key="quality_of_planning",
        label=texts(
            en="Quality of planning, implementation and performance management",
            es="Calidad de la planificación, la implementación y la gestión del desempeño",
            pt="Qualidade do planejamento, da implementação e da gestão do desempenho",
            fr="Qualité de la planification, de la mise en œuvre et du pilotage de la performance",
        ),
        question=texts(
            en="Is there a credible delivery plan, is it being carried out, and is performance managed against the trajectory?",
            es="¿Existe un plan de implementación creíble, se está ejecutando y se gestiona el desempeño frente a la trayectoria?",
            pt="Existe um plano de entrega crível, ele está sendo executado e o desempenho é gerido em relação à trajetória?",
            fr="Existe-t-il un plan de mise en œuvre crédible, est-il exécuté, et la performance est-elle pilotée au regard de la trajectoire ?",
        ),
    ),
    JudgementArea(
        key="capacity_to_drive_progress",
        label=texts(
            en="Capacity to drive progress",
            es="Capacidad para impulsar el avance",
            pt="Capacidade de impulsionar o progresso",
            fr="Capacité à faire avancer",
        ),
        question=texts(
            en="Does the department have the leadership, people and grip on its delivery chain to drive progress and solve problems as they arise?",
            es="¿Tiene el ministerio el liderazgo, las personas y el control de su cadena de implementación para impulsar el avance y resolver los problemas a medida que surgen?",
            pt="O ministério tem a liderança, as pessoas e o domínio da sua cadeia de entrega para impulsionar o progresso e resolver os problemas quando surgem?",
            fr="Le ministère dispose-t-il du leadership, des équipes et de la maîtrise de sa chaîne de mise en œuvre pour faire avancer et résoudre les problèmes à mesure qu'ils surviennent ?",
        ),
    ),
    JudgementArea(
        key="stage_of_delivery",
        label=texts(
            en="Stage of delivery",
            es="Etapa de implementación",
            pt="Estágio da entrega",
            fr="Stade de mise en œuvre",
        ),
        question=texts(
            en="How far has delivery come, from policy development through implementation to change that is embedded and irreversible?",
            es="¿Cuánto ha avanzado la implementación, desde el diseño de la política hasta un cambio arraigado e irreversible?",
            pt="Quanto a entrega avançou, do desenho da política à implementação e a uma mudança enraizada e irreversível?",
            fr="Où en est la mise en œuvre, de la conception de la politique jusqu'à un changement ancré et irréversible ?",
        ),
    ),
)

FRAMEWORK = AssessmentFramework(
    name=texts(
        en="Likelihood of delivery",
        es="Probabilidad de cumplimiento",
        pt="Probabilidade de entrega",
        fr="Probabilité de réalisation",
    ),
    levels=LEVELS,
    areas=AREAS,
)


def status_rule(settings: PmduSettings) -> StatusRule:
    return StatusRule(
        on_track_within=settings.on_track_tolerance,
        issues_within=settings.issues_tolerance,
        at_risk_within=settings.at_risk_tolerance,
    )
