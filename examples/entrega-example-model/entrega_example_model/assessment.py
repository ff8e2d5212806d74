"""The results-agreement rating, its place on the platform's common scale, and the status bands.

At each review every goal in a secretariat's agreement is rated on three levels: achieved, partially
achieved, not achieved. The platform compares countries (and municipalities) on a common four-step scale:
on track, on track with issues, at risk, off track. Three levels cannot fill four steps, so one common
step stays empty, and which one is a choice to state, not to hide:

    achieved            -> ON_TRACK
    partially_achieved  -> AT_RISK              (never ON_TRACK_WITH_ISSUES)
    not_achieved        -> OFF_TRACK

Why "partially achieved" goes to AT_RISK rather than to ON_TRACK_WITH_ISSUES: an agreement fixes a
result for the year, and "partially" covers everything from just short of the agreed band down to
`partially_achieved_from` (70 % by default) of it. The common scale is read by the bank as a likelihood
of delivery, and a goal that is already below what was signed has not shown it will be delivered. Mapping
it one step up would make this model look better than a PMDU-style model rating the same shortfall
amber-red; the comparison is only honest if a coarser scale rounds towards caution. The same rule drives
the indicator status bands below (`issues_within == on_track_within`), so the indicator status and the
rating never disagree about which step is empty.
"""

from __future__ import annotations

from typing import Any

from entrega.extensions.contract import (
    AssessmentFramework,
    CommonRating,
    JudgementArea,
    RatingLevel,
    StatusRule,
)

LEVELS = (  # best first, as the platform expects
    RatingLevel(
        key="achieved",
        label={"en": "Achieved", "es": "Cumplido", "pt": "Alcançado", "fr": "Atteint"},
        colour="#1a9850",
        common=CommonRating.ON_TRACK,
    ),
    RatingLevel(
        key="partially_achieved",
        label={
            "en": "Partially achieved",
            "es": "Parcialmente cumplido",
            "pt": "Parcialmente alcançado",
            "fr": "Partiellement atteint",
        },
        colour="#f39c12",
        common=CommonRating.AT_RISK,
    ),
    RatingLevel(
        key="not_achieved",
        label={"en": "Not achieved", "es": "No cumplido", "pt": "Não alcançado", "fr": "Non atteint"},
        colour="#d73027",
        common=CommonRating.OFF_TRACK,
    ),
)

AREAS = (
    JudgementArea(
        key="goal_achievement",
        label={
            "en": "Goal achievement",
            "es": "Cumplimiento de metas",
            "pt": "Alcance das metas",
            "fr": "Atteinte des cibles",
        },
        question={
            "en": "How much of the progress agreed for this period has the goal reached?",
            "es": "¿Qué parte del avance acordado para este período alcanzó la meta?",
            "pt": "Quanto do avanço pactuado para este período a meta alcançou?",
            "fr": "Quelle part de la progression convenue pour cette période la cible a-t-elle atteinte ?",
        },
    ),
    JudgementArea(
        key="action_plan",
        label={
            "en": "Action plan execution",
            "es": "Ejecución del plan de acción",
            "pt": "Execução do plano de ação",
            "fr": "Exécution du plan d'action",
        },
        question={
            "en": "Were the milestones of the action plan delivered on the agreed dates?",
            "es": "¿Se cumplieron los hitos del plan de acción en las fechas acordadas?",
            "pt": "Os marcos do plano de ação foram entregues nas datas pactuadas?",
            "fr": "Les jalons du plan d'action ont-ils été livrés aux dates convenues ?",
        },
    ),
    JudgementArea(
        key="budget_execution",
        label={
            "en": "Budget execution",
            "es": "Ejecución presupuestaria",
            "pt": "Execução orçamentária",
            "fr": "Exécution budgétaire",
        },
        question={
            "en": "Was the budget tied to the agreed results committed and spent as planned?",
            "es": "¿Se comprometió y ejecutó según lo previsto el presupuesto ligado a los resultados acordados?",
            "pt": "O orçamento vinculado aos resultados pactuados foi empenhado e executado como previsto?",
            "fr": "Le budget lié aux résultats convenus a-t-il été engagé et dépensé comme prévu ?",
        },
    ),
    JudgementArea(
        key="data_quality",
        label={
            "en": "Data on time",
            "es": "Datos a tiempo",
            "pt": "Dados no prazo",
            "fr": "Données à temps",
        },
        question={
            "en": "Did the secretariat send verified indicator data before the review?",
            "es": "¿Envió la secretaría datos verificados de los indicadores antes de la revisión?",
            "pt": "A secretaria enviou dados verificados dos indicadores antes da revisão?",
            "fr": "La direction a-t-elle transmis des données vérifiées avant la revue ?",
        },
    ),
)


def framework(config: dict[str, Any]) -> AssessmentFramework:
    return AssessmentFramework(
        name={
            "en": "Results agreement rating",
            "es": "Calificación del acuerdo de resultados",
            "pt": "Avaliação do acordo de resultados",
            "fr": "Notation du contrat de résultats",
        },
        levels=LEVELS,
        areas=AREAS,
    )


def status_rule(config: dict[str, Any]) -> StatusRule:
    """Tolerance bands from the configured thresholds.

    The platform measures an indicator's shortfall as a share of the progress planned for it, so a goal
    that reached 95 % of its agreed progress is 5 % short. `achieved_from` = 0.95 therefore means
    "on track within 0.05". `issues_within` equals `on_track_within`, which leaves ON_TRACK_WITH_ISSUES
    empty, as in the rating scale above.
    """
    on_track = round(1 - config["achieved_from"], 6)
    at_risk = round(1 - config["partially_achieved_from"], 6)
    return StatusRule(on_track_within=on_track, issues_within=on_track, at_risk_within=at_risk)
