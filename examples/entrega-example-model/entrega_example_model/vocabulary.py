"""What a municipal results-agreement office calls things, in the platform's four languages.

Every key of `contract.VOCABULARY_KEYS` is here in en, es, pt and fr. The periodic review is named after
its cadence (a "quarterly review" when `review_every_months` is 3), so this part depends on the config.
"""

from __future__ import annotations

from typing import Any

from entrega.extensions.contract import Term, Vocabulary

LANGUAGES = ("en", "es", "pt", "fr")

# key → language → (singular, plural)
_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "priority": {
        "en": ("agreed result", "agreed results"),
        "es": ("resultado acordado", "resultados acordados"),
        "pt": ("resultado pactuado", "resultados pactuados"),
        "fr": ("résultat convenu", "résultats convenus"),
    },
    "target": {
        "en": ("goal", "goals"),
        "es": ("meta", "metas"),
        "pt": ("meta", "metas"),
        "fr": ("cible", "cibles"),
    },
    "indicator": {
        "en": ("indicator", "indicators"),
        "es": ("indicador", "indicadores"),
        "pt": ("indicador", "indicadores"),
        "fr": ("indicateur", "indicateurs"),
    },
    "trajectory": {
        "en": ("expected path", "expected paths"),
        "es": ("trayectoria esperada", "trayectorias esperadas"),
        "pt": ("trajetória esperada", "trajetórias esperadas"),
        "fr": ("trajectoire attendue", "trajectoires attendues"),
    },
    "milestone": {
        "en": ("milestone", "milestones"),
        "es": ("hito", "hitos"),
        "pt": ("marco", "marcos"),
        "fr": ("jalon", "jalons"),
    },
    "delivery_chain": {
        "en": ("delivery chain", "delivery chains"),
        "es": ("cadena de entrega", "cadenas de entrega"),
        "pt": ("cadeia de entrega", "cadeias de entrega"),
        "fr": ("chaîne de mise en œuvre", "chaînes de mise en œuvre"),
    },
    "delivery_plan": {
        "en": ("action plan", "action plans"),
        "es": ("plan de acción", "planes de acción"),
        "pt": ("plano de ação", "planos de ação"),
        "fr": ("plan d'action", "plans d'action"),
    },
    "routine": {
        "en": ("management routine", "management routines"),
        "es": ("rutina de gestión", "rutinas de gestión"),
        "pt": ("rotina de gestão", "rotinas de gestão"),
        "fr": ("rituel de pilotage", "rituels de pilotage"),
    },
    "assessment": {
        "en": ("agreement rating", "agreement ratings"),
        "es": ("calificación del acuerdo", "calificaciones de los acuerdos"),
        "pt": ("avaliação do acordo", "avaliações dos acordos"),
        "fr": ("notation du contrat", "notations des contrats"),
    },
    "action": {
        "en": ("follow-up action", "follow-up actions"),
        "es": ("acción de seguimiento", "acciones de seguimiento"),
        "pt": ("encaminhamento", "encaminhamentos"),
        "fr": ("action de suivi", "actions de suivi"),
    },
    "delivery_report": {
        "en": ("annual agreement report", "annual agreement reports"),
        "es": ("informe anual de cumplimiento", "informes anuales de cumplimiento"),
        "pt": ("relatório anual do acordo", "relatórios anuais dos acordos"),
        "fr": ("rapport annuel d'exécution", "rapports annuels d'exécution"),
    },
    "league_table": {
        "en": ("secretariat ranking", "secretariat rankings"),
        "es": ("ranking de secretarías", "rankings de secretarías"),
        "pt": ("ranking das secretarias", "rankings das secretarias"),
        "fr": ("classement des directions", "classements des directions"),
    },
    "delivery_unit": {
        "en": ("results office", "results offices"),
        "es": ("oficina de resultados", "oficinas de resultados"),
        "pt": ("escritório de resultados", "escritórios de resultados"),
        "fr": ("bureau des résultats", "bureaux des résultats"),
    },
    "ministry": {
        "en": ("municipal secretariat", "municipal secretariats"),
        "es": ("secretaría municipal", "secretarías municipales"),
        "pt": ("secretaria municipal", "secretarias municipais"),
        "fr": ("direction municipale", "directions municipales"),
    },
}

# The periodic review of each agreement ("stocktake"), by months between reviews.
_REVIEWS: dict[int, dict[str, tuple[str, str]]] = {
    2: {
        "en": ("bimonthly review", "bimonthly reviews"),
        "es": ("revisión bimestral", "revisiones bimestrales"),
        "pt": ("revisão bimestral", "revisões bimestrais"),
        "fr": ("revue bimestrielle", "revues bimestrielles"),
    },
    3: {
        "en": ("quarterly review", "quarterly reviews"),
        "es": ("revisión trimestral", "revisiones trimestrales"),
        "pt": ("revisão trimestral", "revisões trimestrais"),
        "fr": ("revue trimestrielle", "revues trimestrielles"),
    },
    6: {
        "en": ("six-monthly review", "six-monthly reviews"),
        "es": ("revisión semestral", "revisiones semestrales"),
        "pt": ("revisão semestral", "revisões semestrais"),
        "fr": ("revue semestrielle", "revues semestrielles"),
    },
}


def vocabulary(config: dict[str, Any]) -> Vocabulary:
    words = {**_WORDS, "stocktake": _REVIEWS[config["review_every_months"]]}
    return {
        key: {language: Term(singular, plural) for language, (singular, plural) in by_language.items()}
        for key, by_language in words.items()
    }
