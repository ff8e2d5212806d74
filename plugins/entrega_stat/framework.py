"""How a Stat programme judges an agency: against its goal, through CitiStat's four tenets."""

from __future__ import annotations

from entrega.extensions.contract import (
    AssessmentFramework,
    CommonRating,
    JudgementArea,
    RatingLevel,
    StatusRule,
    texts,
)
from entrega_stat.config import StatSettings

# Each colour keeps at least 3:1 contrast against white, so it reads on a white page and under white text.
LEVELS = (
    RatingLevel(
        key="meeting_goal",
        label=texts(en="Meeting goal", es="Cumple la meta", pt="Atinge a meta", fr="Objectif atteint"),
        colour="#1e7b34",
        common=CommonRating.ON_TRACK,
    ),
    RatingLevel(
        key="near_goal",
        label=texts(en="Near goal", es="Cerca de la meta", pt="Perto da meta", fr="Proche de l'objectif"),
        colour="#4d7c0f",
        common=CommonRating.ON_TRACK_WITH_ISSUES,
    ),
    RatingLevel(
        key="below_goal",
        label=texts(en="Below goal", es="Por debajo de la meta", pt="Abaixo da meta", fr="En deçà de l'objectif"),
        colour="#a16207",
        common=CommonRating.AT_RISK,
    ),
    RatingLevel(
        key="far_below_goal",
        label=texts(
            en="Far below goal",
            es="Muy por debajo de la meta",
            pt="Muito abaixo da meta",
            fr="Très en deçà de l'objectif",
        ),
        colour="#b91c1c",
        common=CommonRating.OFF_TRACK,
    ),
)

# CitiStat's four tenets, asked of every agency or department at every meeting.
AREAS = (
    JudgementArea(
        key="accurate_timely_intelligence",
        label=texts(
            en="Accurate and timely intelligence shared by all",
            es="Información precisa y oportuna compartida por todos",
            pt="Informação precisa e oportuna compartilhada por todos",
            fr="Des informations exactes et à jour partagées par tous",
        ),
        question=texts(
            en="Are the numbers accurate, current and in the hands of everyone who must act on them?",
            es="¿Son las cifras precisas, actuales y están en manos de todos los que deben actuar?",
            pt="Os números são precisos, atuais e estão nas mãos de todos que precisam agir?",
            fr="Les chiffres sont-ils exacts, à jour et entre les mains de tous ceux qui doivent agir ?",
        ),
    ),
    JudgementArea(
        key="rapid_deployment",
        label=texts(
            en="Rapid deployment of resources",
            es="Despliegue rápido de recursos",
            pt="Mobilização rápida de recursos",
            fr="Déploiement rapide des ressources",
        ),
        question=texts(
            en="Are people, equipment and money moved quickly to where the data show the problem is?",
            es="¿Se llevan rápidamente personas, equipos y dinero adonde los datos muestran que está el problema?",
            pt="Pessoas, equipamentos e recursos são levados rapidamente para onde os dados mostram o problema?",
            fr="Les personnes, le matériel et les crédits sont-ils dirigés rapidement là où les données situent le problème ?",
        ),
    ),
    JudgementArea(
        key="effective_tactics",
        label=texts(
            en="Effective tactics and strategies",
            es="Tácticas y estrategias eficaces",
            pt="Táticas e estratégias eficazes",
            fr="Des tactiques et stratégies efficaces",
        ),
        question=texts(
            en="Are the tactics working, and are they changed when the numbers say they are not?",
            es="¿Funcionan las tácticas, y se cambian cuando las cifras dicen que no?",
            pt="As táticas funcionam, e são mudadas quando os números dizem que não?",
            fr="Les tactiques fonctionnent-elles, et sont-elles changées quand les chiffres disent que non ?",
        ),
    ),
    JudgementArea(
        key="relentless_follow_up",
        label=texts(
            en="Relentless follow-up and assessment",
            es="Seguimiento y evaluación implacables",
            pt="Acompanhamento e avaliação implacáveis",
            fr="Un suivi et une évaluation sans relâche",
        ),
        question=texts(
            en="Were the follow-up items from the last meeting done on time, and did they move the numbers?",
            es="¿Se cumplieron a tiempo las tareas de seguimiento de la última sesión, y movieron las cifras?",
            pt="Os itens de acompanhamento da última reunião foram cumpridos no prazo, e mudaram os números?",
            fr="Les points de suivi de la dernière séance ont-ils été traités à temps, et ont-ils fait bouger les chiffres ?",
        ),
    ),
)

FRAMEWORK = AssessmentFramework(
    name=texts(
        en="Performance against goal",
        es="Desempeño frente a la meta",
        pt="Desempenho frente à meta",
        fr="Performance au regard de l'objectif",
    ),
    levels=LEVELS,
    areas=AREAS,
)


def status_rule(settings: StatSettings) -> StatusRule:
    # Stat practice: any shortfall against goal is discussed at the next meeting, so only a metric
    # at or beyond its goal counts as meeting it.
    return StatusRule(
        on_track_within=0.0,
        issues_within=settings.near_goal_within,
        at_risk_within=settings.below_goal_within,
    )
