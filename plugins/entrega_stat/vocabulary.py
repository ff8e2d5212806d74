"""The words of a Stat programme. CitiStat talks to a city's agencies about their priorities and goals;
StateStat talks to a state's departments about the governor's strategic goals and their targets."""

from __future__ import annotations

from entrega.extensions.contract import Term, Vocabulary, terms
from entrega_stat.config import StatSettings

_SHARED: Vocabulary = {
    "indicator": terms(
        en=("metric", "metrics"),
        es=("métrica", "métricas"),
        pt=("métrica", "métricas"),
        fr=("indicateur", "indicateurs"),
    ),
    "trajectory": terms(
        en=("trend line", "trend lines"),
        es=("línea de tendencia", "líneas de tendencia"),
        pt=("linha de tendência", "linhas de tendência"),
        fr=("courbe de tendance", "courbes de tendance"),
    ),
    "milestone": terms(
        en=("milestone", "milestones"),
        es=("hito", "hitos"),
        pt=("marco", "marcos"),
        fr=("jalon", "jalons"),
    ),
    "delivery_chain": terms(
        en=("chain of accountability", "chains of accountability"),
        es=("cadena de responsabilidad", "cadenas de responsabilidad"),
        pt=("cadeia de responsabilização", "cadeias de responsabilização"),
        fr=("chaîne de responsabilité", "chaînes de responsabilité"),
    ),
    "delivery_plan": terms(
        en=("action plan", "action plans"),
        es=("plan de acción", "planes de acción"),
        pt=("plano de ação", "planos de ação"),
        fr=("plan d'action", "plans d'action"),
    ),
    "assessment": terms(
        en=("performance review", "performance reviews"),
        es=("revisión de desempeño", "revisiones de desempeño"),
        pt=("revisão de desempenho", "revisões de desempenho"),
        fr=("revue de performance", "revues de performance"),
    ),
    "action": terms(
        en=("follow-up item", "follow-up items"),
        es=("tarea de seguimiento", "tareas de seguimiento"),
        pt=("item de acompanhamento", "itens de acompanhamento"),
        fr=("point de suivi", "points de suivi"),
    ),
    "delivery_report": terms(
        en=("performance report", "performance reports"),
        es=("informe de desempeño", "informes de desempeño"),
        pt=("relatório de desempenho", "relatórios de desempenho"),
        fr=("rapport de performance", "rapports de performance"),
    ),
    "league_table": terms(
        en=("scorecard", "scorecards"),
        es=("tablero de resultados", "tableros de resultados"),
        pt=("painel de resultados", "painéis de resultados"),
        fr=("tableau de résultats", "tableaux de résultats"),
    ),
}

_CITISTAT: Vocabulary = {
    "priority": terms(
        en=("priority", "priorities"),
        es=("prioridad", "prioridades"),
        pt=("prioridade", "prioridades"),
        fr=("priorité", "priorités"),
    ),
    "target": terms(
        en=("goal", "goals"),
        es=("meta", "metas"),
        pt=("meta", "metas"),
        fr=("objectif chiffré", "objectifs chiffrés"),
    ),
    "ministry": terms(
        en=("agency", "agencies"),
        es=("agencia", "agencias"),
        pt=("órgão", "órgãos"),
        fr=("organisme", "organismes"),
    ),
}

_STATESTAT: Vocabulary = {
    "priority": terms(
        en=("strategic goal", "strategic goals"),
        es=("objetivo estratégico", "objetivos estratégicos"),
        pt=("objetivo estratégico", "objetivos estratégicos"),
        fr=("objectif stratégique", "objectifs stratégiques"),
    ),
    "target": terms(
        en=("benchmark", "benchmarks"),
        es=("valor de referencia", "valores de referencia"),
        pt=("valor de referência", "valores de referência"),
        fr=("valeur de référence", "valeurs de référence"),
    ),
    "ministry": terms(
        en=("department", "departments"),
        es=("departamento", "departamentos"),
        pt=("departamento", "departamentos"),
        fr=("département", "départements"),
    ),
}


def _named(programme: str) -> Vocabulary:
    """The words that carry the programme's own name (CitiStat or StateStat)."""
    return {
        "routine": terms(
            en=(f"{programme} cycle", f"{programme} cycles"),
            es=(f"ciclo {programme}", f"ciclos {programme}"),
            pt=(f"ciclo {programme}", f"ciclos {programme}"),
            fr=(f"cycle {programme}", f"cycles {programme}"),
        ),
        "stocktake": terms(
            en=(f"{programme} meeting", f"{programme} meetings"),
            es=(f"sesión {programme}", f"sesiones {programme}"),
            pt=(f"reunião {programme}", f"reuniões {programme}"),
            fr=(f"séance {programme}", f"séances {programme}"),
        ),
        "delivery_unit": terms(
            en=(f"{programme} office", f"{programme} offices"),
            es=(f"oficina {programme}", f"oficinas {programme}"),
            pt=(f"escritório {programme}", f"escritórios {programme}"),
            fr=(f"bureau {programme}", f"bureaux {programme}"),
        ),
    }


def vocabulary(settings: StatSettings) -> Vocabulary:
    flavoured = _CITISTAT if settings.flavour == "citistat" else _STATESTAT
    merged: dict[str, dict[str, Term]] = {}
    for part in (_SHARED, flavoured, _named(settings.programme)):
        # Copies, so that a caller adjusting words for one tenant cannot change them for every other.
        merged.update({key: dict(words) for key, words in part.items()})
    return merged
