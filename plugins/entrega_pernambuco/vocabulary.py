"""The words of Todos por Pernambuco. Portuguese is the model's own language; the others translate it."""

from __future__ import annotations

from entrega.extensions.contract import Vocabulary, terms

VOCABULARY: Vocabulary = {
    "priority": terms(
        pt=("meta prioritária", "metas prioritárias"),
        en=("priority goal", "priority goals"),
        es=("meta prioritaria", "metas prioritarias"),
        fr=("objectif prioritaire", "objectifs prioritaires"),
    ),
    # What the governor, the secretary and the public agreed: a value by a date.
    "target": terms(
        pt=("resultado pactuado", "resultados pactuados"),
        en=("agreed result", "agreed results"),
        es=("resultado pactado", "resultados pactados"),
        fr=("résultat convenu", "résultats convenus"),
    ),
    "indicator": terms(
        pt=("indicador", "indicadores"),
        en=("indicator", "indicators"),
        es=("indicador", "indicadores"),
        fr=("indicateur", "indicateurs"),
    ),
    "trajectory": terms(
        pt=("trajetória prevista", "trajetórias previstas"),
        en=("expected trajectory", "expected trajectories"),
        es=("trayectoria prevista", "trayectorias previstas"),
        fr=("trajectoire prévue", "trajectoires prévues"),
    ),
    "milestone": terms(
        pt=("marco", "marcos"),
        en=("milestone", "milestones"),
        es=("hito", "hitos"),
        fr=("jalon", "jalons"),
    ),
    "delivery_chain": terms(
        pt=("cadeia de execução", "cadeias de execução"),
        en=("delivery chain", "delivery chains"),
        es=("cadena de ejecución", "cadenas de ejecución"),
        fr=("chaîne d'exécution", "chaînes d'exécution"),
    ),
    "delivery_plan": terms(
        pt=("plano de ação", "planos de ação"),
        en=("action plan", "action plans"),
        es=("plan de acción", "planes de acción"),
        fr=("plan d'action", "plans d'action"),
    ),
    "routine": terms(
        pt=("rotina de monitoramento", "rotinas de monitoramento"),
        en=("monitoring routine", "monitoring routines"),
        es=("rutina de monitoreo", "rutinas de monitoreo"),
        fr=("routine de suivi", "routines de suivi"),
    ),
    "stocktake": terms(
        pt=("reunião de monitoramento", "reuniões de monitoramento"),
        en=("monitoring meeting", "monitoring meetings"),
        es=("reunión de monitoreo", "reuniones de monitoreo"),
        fr=("réunion de suivi", "réunions de suivi"),
    ),
    "assessment": terms(
        pt=("avaliação da meta", "avaliações das metas"),
        en=("goal assessment", "goal assessments"),
        es=("evaluación de la meta", "evaluaciones de las metas"),
        fr=("évaluation de l'objectif", "évaluations des objectifs"),
    ),
    # A monitoring meeting ends in "encaminhamentos": who does what by when.
    "action": terms(
        pt=("encaminhamento", "encaminhamentos"),
        en=("agreed action", "agreed actions"),
        es=("acción acordada", "acciones acordadas"),
        fr=("suite à donner", "suites à donner"),
    ),
    "delivery_report": terms(
        pt=("relatório de monitoramento", "relatórios de monitoramento"),
        en=("monitoring report", "monitoring reports"),
        es=("informe de monitoreo", "informes de monitoreo"),
        fr=("rapport de suivi", "rapports de suivi"),
    ),
    "league_table": terms(
        pt=("painel comparativo", "painéis comparativos"),
        en=("comparison panel", "comparison panels"),
        es=("panel comparativo", "paneles comparativos"),
        fr=("tableau comparatif", "tableaux comparatifs"),
    ),
    "delivery_unit": terms(
        pt=("núcleo de gestão por resultados", "núcleos de gestão por resultados"),
        en=("results management unit", "results management units"),
        es=("unidad de gestión por resultados", "unidades de gestión por resultados"),
        fr=("cellule de gestion axée sur les résultats", "cellules de gestion axée sur les résultats"),
    ),
    "ministry": terms(
        pt=("secretaria", "secretarias"),
        en=("state secretariat", "state secretariats"),
        es=("secretaría", "secretarías"),
        fr=("secrétariat d'État", "secrétariats d'État"),
    ),
}
