"""The words of deliverology as the Prime Minister's Delivery Unit used them, in four languages."""

from __future__ import annotations

from entrega.extensions.contract import Vocabulary, terms

VOCABULARY: Vocabulary = {
    "priority": terms(
        en=("priority", "priorities"),
        es=("prioridad", "prioridades"),
        pt=("prioridade", "prioridades"),
        fr=("priorité", "priorités"),
    ),
    "target": terms(
        en=("target", "targets"),
        es=("meta", "metas"),
        pt=("meta", "metas"),
        fr=("cible", "cibles"),
    ),
    "indicator": terms(
        en=("indicator", "indicators"),
        es=("indicador", "indicadores"),
        pt=("indicador", "indicadores"),
        fr=("indicateur", "indicateurs"),
    ),
    "trajectory": terms(
        en=("trajectory", "trajectories"),
        es=("trayectoria", "trayectorias"),
        pt=("trajetória", "trajetórias"),
        fr=("trajectoire", "trajectoires"),
    ),
    "milestone": terms(
        en=("milestone", "milestones"),
        es=("hito", "hitos"),
        pt=("marco", "marcos"),
        fr=("jalon", "jalons"),
    ),
    "delivery_chain": terms(
        en=("delivery chain", "delivery chains"),
        es=("cadena de implementación", "cadenas de implementación"),
        pt=("cadeia de entrega", "cadeias de entrega"),
        fr=("chaîne de mise en œuvre", "chaînes de mise en œuvre"),
    ),
    "delivery_plan": terms(
        en=("delivery plan", "delivery plans"),
        es=("plan de implementación", "planes de implementación"),
        pt=("plano de entrega", "planos de entrega"),
        fr=("plan de mise en œuvre", "plans de mise en œuvre"),
    ),
    "routine": terms(
        en=("delivery routine", "delivery routines"),
        es=("rutina de seguimiento", "rutinas de seguimiento"),
        pt=("rotina de monitoramento", "rotinas de monitoramento"),
        fr=("routine de suivi", "routines de suivi"),
    ),
    "stocktake": terms(
        en=("stocktake", "stocktakes"),
        es=("reunión de balance", "reuniones de balance"),
        pt=("reunião de balanço", "reuniões de balanço"),
        fr=("revue d'avancement", "revues d'avancement"),
    ),
    "assessment": terms(
        en=("delivery assessment", "delivery assessments"),
        es=("evaluación de cumplimiento", "evaluaciones de cumplimiento"),
        pt=("avaliação de entrega", "avaliações de entrega"),
        fr=("évaluation de la réalisation", "évaluations de la réalisation"),
    ),
    "action": terms(
        en=("action", "actions"),
        es=("acción", "acciones"),
        pt=("ação", "ações"),
        fr=("action", "actions"),
    ),
    "delivery_report": terms(
        en=("delivery report", "delivery reports"),
        es=("informe de cumplimiento", "informes de cumplimiento"),
        pt=("relatório de entrega", "relatórios de entrega"),
        fr=("rapport de mise en œuvre", "rapports de mise en œuvre"),
    ),
    "league_table": terms(
        en=("league table", "league tables"),
        es=("tabla de clasificación", "tablas de clasificación"),
        pt=("tabela de classificação", "tabelas de classificação"),
        fr=("tableau de classement", "tableaux de classement"),
    ),
    "delivery_unit": terms(
        en=("delivery unit", "delivery units"),
        es=("unidad de cumplimiento", "unidades de cumplimiento"),
        pt=("unidade de entrega", "unidades de entrega"),
        fr=("unité de mise en œuvre", "unités de mise en œuvre"),
    ),
    "ministry": terms(
        en=("department", "departments"),
        es=("ministerio", "ministerios"),
        pt=("ministério", "ministérios"),
        fr=("ministère", "ministères"),
    ),
}
