"""How the presidential delivery unit judges a goal: the same four questions the public report answers
(is the diagnosis still right, is the indicator moving, are the actions done) plus whether the
ministries involved pull together."""

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
        key="adequate",
        label=texts(es="Avance adecuado", en="On track", pt="Avanço adequado", fr="Progrès satisfaisant"),
        colour="#0f6e4a",
        common=CommonRating.ON_TRACK,
    ),
    RatingLevel(
        key="with_alerts",
        label=texts(
            es="Avance con alertas", en="Progress with warnings", pt="Avanço com alertas", fr="Progrès avec alertes"
        ),
        colour="#5c7a1f",
        common=CommonRating.ON_TRACK_WITH_ISSUES,
    ),
    RatingLevel(
        key="insufficient",
        label=texts(
            es="Avance insuficiente", en="Insufficient progress", pt="Avanço insuficiente", fr="Progrès insuffisant"
        ),
        colour="#a35200",
        common=CommonRating.AT_RISK,
    ),
    RatingLevel(
        key="critical",
        label=texts(es="Avance crítico", en="Critical", pt="Avanço crítico", fr="Situation critique"),
        colour="#9b1c1c",
        common=CommonRating.OFF_TRACK,
    ),
)

AREAS = (
    JudgementArea(
        key="diagnosis",
        label=texts(es="Diagnóstico", en="Diagnosis", pt="Diagnóstico", fr="Diagnostic"),
        question=texts(
            es="¿Sigue vigente el diagnóstico que justificó la meta, o cambió el problema?",
            en="Does the diagnosis that justified the goal still hold, or has the problem changed?",
            pt="O diagnóstico que justificou a meta continua válido, ou o problema mudou?",
            fr="Le diagnostic qui a justifié l'objectif tient-il toujours, ou le problème a-t-il changé ?",
        ),
    ),
    JudgementArea(
        key="progress",
        label=texts(es="Avance", en="Progress", pt="Avanço", fr="Progression"),
        question=texts(
            es="¿Avanza el indicador hacia la meta comprometida al ritmo de su trayectoria?",
            en="Is the indicator moving towards the committed goal at the pace of its trajectory?",
            pt="O indicador avança rumo à meta comprometida no ritmo da sua trajetória?",
            fr="L'indicateur progresse-t-il vers l'objectif annoncé au rythme de sa trajectoire ?",
        ),
    ),
    JudgementArea(
        key="actions",
        label=texts(es="Acciones", en="Actions", pt="Ações", fr="Actions"),
        question=texts(
            es="¿Se ejecutan las acciones en plazo, cada una con un responsable con nombre y apellido?",
            en="Are the actions done on time, each by a named owner?",
            pt="As ações são executadas no prazo, cada uma com um responsável nomeado?",
            fr="Les actions sont-elles menées dans les délais, chacune par un responsable nommé ?",
        ),
    ),
    JudgementArea(
        key="coordination",
        label=texts(
            es="Coordinación interministerial",
            en="Coordination across ministries",
            pt="Coordenação entre ministérios",
            fr="Coordination interministérielle",
        ),
        question=texts(
            es="¿Cumplen su parte los ministerios y servicios que la meta necesita, y se cumplieron los compromisos de la última revisión?",
            en="Are the ministries and services the goal depends on doing their part, and were the last review's commitments kept?",
            pt="Os ministérios e serviços de que a meta depende fazem a sua parte, e os compromissos da última revisão foram cumpridos?",
            fr="Les ministères et services dont dépend l'objectif font-ils leur part, et les engagements de la dernière revue ont-ils été tenus ?",
        ),
    ),
)

FRAMEWORK = AssessmentFramework(
    name=texts(
        es="Estado de cumplimiento",
        en="Delivery status",
        pt="Situação de cumprimento",
        fr="État de réalisation",
    ),
    levels=LEVELS,
    areas=AREAS,
)

# One set of bands for every ministry: the public report compares them, so none may have its own.
STATUS_RULE = StatusRule(on_track_within=0.05, issues_within=0.15, at_risk_within=0.30)
