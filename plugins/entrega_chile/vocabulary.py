"""The words of Chile's presidential delivery unit. Spanish is the model's own language; the others
translate it. Priorities are the government's few priority axes; the actions under each strategic
objective are the milestones, and what a review agrees is a commitment ("compromiso")."""

from __future__ import annotations

from entrega.extensions.contract import Vocabulary, terms

VOCABULARY: Vocabulary = {
    "priority": terms(
        es=("eje prioritario", "ejes prioritarios"),
        en=("priority axis", "priority axes"),
        pt=("eixo prioritário", "eixos prioritários"),
        fr=("axe prioritaire", "axes prioritaires"),
    ),
    "target": terms(
        es=("meta", "metas"),
        en=("goal", "goals"),
        pt=("meta", "metas"),
        fr=("objectif chiffré", "objectifs chiffrés"),
    ),
    "indicator": terms(
        es=("indicador", "indicadores"),
        en=("indicator", "indicators"),
        pt=("indicador", "indicadores"),
        fr=("indicateur", "indicateurs"),
    ),
    "trajectory": terms(
        es=("trayectoria de avance", "trayectorias de avance"),
        en=("progress trajectory", "progress trajectories"),
        pt=("trajetória de avanço", "trajetórias de avanço"),
        fr=("trajectoire de progression", "trajectoires de progression"),
    ),
    "milestone": terms(
        es=("acción", "acciones"),
        en=("action", "actions"),
        pt=("ação", "ações"),
        fr=("action", "actions"),
    ),
    "delivery_chain": terms(
        es=("cadena de cumplimiento", "cadenas de cumplimiento"),
        en=("delivery chain", "delivery chains"),
        pt=("cadeia de cumprimento", "cadeias de cumprimento"),
        fr=("chaîne de réalisation", "chaînes de réalisation"),
    ),
    "delivery_plan": terms(
        es=("plan de cumplimiento", "planes de cumplimiento"),
        en=("delivery plan", "delivery plans"),
        pt=("plano de cumprimento", "planos de cumprimento"),
        fr=("plan de réalisation", "plans de réalisation"),
    ),
    "routine": terms(
        es=("rutina de gestión", "rutinas de gestión"),
        en=("management routine", "management routines"),
        pt=("rotina de gestão", "rotinas de gestão"),
        fr=("routine de pilotage", "routines de pilotage"),
    ),
    "stocktake": terms(
        es=("revisión de cumplimiento", "revisiones de cumplimiento"),
        en=("delivery review", "delivery reviews"),
        pt=("revisão de cumprimento", "revisões de cumprimento"),
        fr=("revue de réalisation", "revues de réalisation"),
    ),
    "assessment": terms(
        es=("evaluación de cumplimiento", "evaluaciones de cumplimiento"),
        en=("delivery assessment", "delivery assessments"),
        pt=("avaliação de cumprimento", "avaliações de cumprimento"),
        fr=("évaluation de la réalisation", "évaluations de la réalisation"),
    ),
    "action": terms(
        es=("compromiso", "compromisos"),
        en=("commitment", "commitments"),
        pt=("compromisso", "compromissos"),
        fr=("engagement", "engagements"),
    ),
    "delivery_report": terms(
        es=("reporte de cumplimiento", "reportes de cumplimiento"),
        en=("progress report", "progress reports"),
        pt=("relatório de cumprimento", "relatórios de cumprimento"),
        fr=("rapport d'avancement", "rapports d'avancement"),
    ),
    "league_table": terms(
        es=("ranking de cumplimiento", "rankings de cumplimiento"),
        en=("delivery ranking", "delivery rankings"),
        pt=("ranking de cumprimento", "rankings de cumprimento"),
        fr=("classement de réalisation", "classements de réalisation"),
    ),
    "delivery_unit": terms(
        es=(
            "Unidad Presidencial de Gestión del Cumplimiento",
            "Unidades Presidenciales de Gestión del Cumplimiento",
        ),
        en=("Presidential Delivery Unit", "Presidential Delivery Units"),
        pt=("Unidade Presidencial de Gestão do Cumprimento", "Unidades Presidenciais de Gestão do Cumprimento"),
        fr=("Unité présidentielle de suivi de la réalisation", "Unités présidentielles de suivi de la réalisation"),
    ),
    "ministry": terms(
        es=("ministerio", "ministerios"),
        en=("ministry", "ministries"),
        pt=("ministério", "ministérios"),
        fr=("ministère", "ministères"),
    ),
}
