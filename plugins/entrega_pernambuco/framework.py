"""How the monitoring meeting judges a priority goal: its status against what was agreed, looked at
through the indicator, the physical and budget execution, and the constraints only the centre can lift."""

from __future__ import annotations

from entrega.extensions.contract import (
    AssessmentFramework,
    CommonRating,
    JudgementArea,
    RatingLevel,
    StatusRule,
    texts,
)

# Each colour keeps at least 3:1 contrast against white, so it reads on a white page and under white text.
LEVELS = (
    RatingLevel(
        key="on_schedule",
        label=texts(pt="Em dia", en="On schedule", es="Al día", fr="Dans les temps"),
        colour="#15803d",
        common=CommonRating.ON_TRACK,
    ),
    RatingLevel(
        key="attention",
        label=texts(pt="Em atenção", en="Needs attention", es="En atención", fr="À surveiller"),
        colour="#6a7a1a",
        common=CommonRating.ON_TRACK_WITH_ISSUES,
    ),
    RatingLevel(
        key="behind",
        label=texts(pt="Atrasada", en="Behind schedule", es="Atrasada", fr="En retard"),
        colour="#b84a00",
        common=CommonRating.AT_RISK,
    ),
    RatingLevel(
        key="critical",
        label=texts(pt="Crítica", en="Critical", es="Crítica", fr="Critique"),
        colour="#a61b1b",
        common=CommonRating.OFF_TRACK,
    ),
)

AREAS = (
    JudgementArea(
        key="indicator_result",
        label=texts(
            pt="Resultado do indicador",
            en="Indicator result",
            es="Resultado del indicador",
            fr="Résultat de l'indicateur",
        ),
        question=texts(
            pt="O indicador da meta está evoluindo conforme o resultado pactuado com o governador e a sociedade?",
            en="Is the goal's indicator moving as agreed with the governor and the public?",
            es="¿Evoluciona el indicador de la meta según el resultado pactado con el gobernador y la ciudadanía?",
            fr="L'indicateur de l'objectif évolue-t-il comme convenu avec le gouverneur et la population ?",
        ),
    ),
    JudgementArea(
        key="physical_execution",
        label=texts(
            pt="Execução física",
            en="Physical execution",
            es="Ejecución física",
            fr="Exécution physique",
        ),
        question=texts(
            pt="As entregas e os marcos do plano de ação estão sendo cumpridos nos prazos e nas regiões previstas?",
            en="Are the action plan's deliverables and milestones being completed on time and in the regions planned?",
            es="¿Se cumplen los entregables y los hitos del plan de acción en los plazos y las regiones previstos?",
            fr="Les livrables et jalons du plan d'action sont-ils réalisés dans les délais et dans les régions prévues ?",
        ),
    ),
    JudgementArea(
        key="budget_execution",
        label=texts(
            pt="Execução orçamentária",
            en="Budget execution",
            es="Ejecución presupuestaria",
            fr="Exécution budgétaire",
        ),
        question=texts(
            pt="Os recursos da ação orçamentária na LOA estão liberados e sendo executados no ritmo da meta?",
            en="Is the money in the goal's budget action (LOA) released and being spent at the pace the goal needs?",
            es="¿Los recursos de la acción presupuestaria en la ley de presupuesto están liberados y se ejecutan al ritmo de la meta?",
            fr="Les crédits de l'action budgétaire (loi de finances) sont-ils débloqués et consommés au rythme de l'objectif ?",
        ),
    ),
    JudgementArea(
        key="constraints",
        label=texts(
            pt="Restrições e encaminhamentos",
            en="Constraints and agreed actions",
            es="Restricciones y acciones acordadas",
            fr="Blocages et suites à donner",
        ),
        question=texts(
            pt="Há restrições que só o governador ou outra secretaria pode remover, e os encaminhamentos da última reunião foram cumpridos?",
            en="Are there constraints only the governor or another secretariat can lift, and were the last meeting's agreed actions done?",
            es="¿Hay restricciones que solo el gobernador u otra secretaría pueden levantar, y se cumplieron las acciones acordadas en la última reunión?",
            fr="Existe-t-il des blocages que seuls le gouverneur ou un autre secrétariat peuvent lever, et les suites de la dernière réunion ont-elles été données ?",
        ),
    ),
)

FRAMEWORK = AssessmentFramework(
    name=texts(pt="Situação da meta", en="Goal status", es="Situación de la meta", fr="Situation de l'objectif"),
    levels=LEVELS,
    areas=AREAS,
)

# Goals are agreed in public, so the bands are the model's, not each tenant's: a secretariat may not
# widen its own tolerance after signing.
STATUS_RULE = StatusRule(on_track_within=0.05, issues_within=0.15, at_risk_within=0.30)
