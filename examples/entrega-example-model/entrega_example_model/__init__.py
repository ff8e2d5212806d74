"""Example delivery model: municipal results agreements.

The mayor's office signs a results agreement with each municipal secretariat at the start of the year
(a handful of agreed results, each with goals, indicators and an action plan), reviews every agreement
with the secretariat every few months, rates each goal achieved / partially achieved / not achieved, and
closes the year with an annual report and a ranking of secretariats before the next agreements are
signed. It follows the results-agreement practice of Brazilian states and municipalities (Minas Gerais's
"Acordo de Resultados", Rio de Janeiro's agreements with its secretariats) without copying any of them.

This module is the plugin: the entry point `entrega_example_model = "entrega_example_model"` points at it,
and pluggy registers the `@hookimpl` functions below. Each hook receives the tenant's `[model.config]`,
already loaded by `ResultsAgreementConfig`, so every key the schema declares is present.
"""

from __future__ import annotations

from typing import Any

from entrega.extensions.contract import (
    AgendaOrder,
    AssessmentFramework,
    ExtraField,
    FieldType,
    Frequency,
    PeriodCalendar,
    PluginKind,
    PluginManifest,
    ReportTemplate,
    RoutineTemplate,
    StatusRule,
    Vocabulary,
)
from entrega.extensions.hookspecs import hookimpl

from . import assessment
from . import vocabulary as words
from .config import REVIEW_FREQUENCIES, ResultsAgreementConfig

__version__ = "1.0.0"  # the distribution's version, repeated in the manifest
NAME = "entrega_example_model"  # must equal the entry-point name


@hookimpl
def entrega_manifest() -> PluginManifest:
    return PluginManifest(
        name=NAME,
        kind=PluginKind.DELIVERY_MODEL,
        version=__version__,
        platform=">=0.1,<1",
        title={
            "en": "Municipal results agreements",
            "es": "Acuerdos de resultados municipales",
            "pt": "Acordos de resultados municipais",
            "fr": "Contrats de résultats municipaux",
        },
        description={
            "en": "The mayor signs an annual results agreement with each secretariat, reviews it every few "
            "months and rates each goal achieved, partially achieved or not achieved.",
            "es": "El alcalde firma cada año un acuerdo de resultados con cada secretaría, lo revisa cada "
            "pocos meses y califica cada meta como cumplida, parcialmente cumplida o no cumplida.",
            "pt": "O prefeito assina a cada ano um acordo de resultados com cada secretaria, revisa-o a cada "
            "poucos meses e avalia cada meta como alcançada, parcialmente alcançada ou não alcançada.",
            "fr": "Le maire signe chaque année un contrat de résultats avec chaque direction, le revoit tous "
            "les quelques mois et note chaque cible atteinte, partiellement atteinte ou non atteinte.",
        },
        config_schema=ResultsAgreementConfig,
    )


@hookimpl
def entrega_vocabulary(config: dict[str, Any]) -> Vocabulary:
    return words.vocabulary(config)


@hookimpl
def entrega_assessment_framework(config: dict[str, Any]) -> AssessmentFramework:
    return assessment.framework(config)


@hookimpl
def entrega_status_rule(config: dict[str, Any]) -> StatusRule:
    return assessment.status_rule(config)


@hookimpl
def entrega_period_calendar(config: dict[str, Any]) -> PeriodCalendar:
    # Indicators report by default as often as the agreements are reviewed, so every review has fresh data.
    return PeriodCalendar(
        fiscal_year_start_month=config["fiscal_year_start_month"],
        frequencies=(
            Frequency.MONTHLY,
            Frequency.BIMONTHLY,
            Frequency.QUARTERLY,
            Frequency.SEMIANNUAL,
            Frequency.ANNUAL,
        ),
        default_frequency=REVIEW_FREQUENCIES[config["review_every_months"]],
    )


@hookimpl
def entrega_routine_templates(config: dict[str, Any]) -> list[RoutineTemplate]:
    review = words.vocabulary(config)["stocktake"]
    return [
        RoutineTemplate(
            key="agreement_review",
            kind="stocktake",
            label={language: term.singular.capitalize() for language, term in review.items()},
            cadence=REVIEW_FREQUENCIES[config["review_every_months"]],
            # One secretariat at a time: each review goes through one signed agreement.
            agenda=AgendaOrder.BY_AGENCY,
            chaired_by_leader=config["mayor_chairs_reviews"],
            pre_read="review_pack",
        ),
        RoutineTemplate(
            key="monthly_monitoring",
            kind="monitoring_meeting",
            label={
                "en": "Monthly monitoring with the secretariat",
                "es": "Monitoreo mensual con la secretaría",
                "pt": "Monitoramento mensal com a secretaria",
                "fr": "Suivi mensuel avec la direction",
            },
            cadence=Frequency.MONTHLY,
            agenda=AgendaOrder.WORST_FIRST,
            chaired_by_leader=False,
        ),
        RoutineTemplate(
            key="annual_closing",
            kind="delivery_report",
            label={
                "en": "Annual closing and signing of the next agreements",
                "es": "Cierre anual y firma de los próximos acuerdos",
                "pt": "Fechamento anual e assinatura dos próximos acordos",
                "fr": "Clôture annuelle et signature des prochains contrats",
            },
            cadence=Frequency.ANNUAL,
            agenda=AgendaOrder.BY_AGENCY,
            chaired_by_leader=True,
            pre_read="annual_agreement_report",
        ),
    ]


@hookimpl
def entrega_report_templates(config: dict[str, Any]) -> list[ReportTemplate]:
    ranking_sections: tuple[str, ...] = ("ranking", "goals_achieved_by_secretariat")
    if config["performance_bonus"]:
        ranking_sections += ("weighted_score", "bonus_eligibility")
    return [
        ReportTemplate(
            key="review_pack",
            label={
                "en": "Review pack",
                "es": "Carpeta de la revisión",
                "pt": "Caderno da revisão",
                "fr": "Dossier de la revue",
            },
            kind="stocktake_pack",
            sections=("agreement_summary", "goals_below_band", "action_plan_milestones", "open_follow_up_actions"),
        ),
        ReportTemplate(
            key="follow_up",
            label={
                "en": "Review follow-up",
                "es": "Acta de seguimiento",
                "pt": "Registro de encaminhamentos",
                "fr": "Relevé des actions de suivi",
            },
            kind="follow_up",
            sections=("decisions", "follow_up_actions", "data_requests"),
        ),
        ReportTemplate(
            key="annual_agreement_report",
            label={
                "en": "Annual agreement report",
                "es": "Informe anual de cumplimiento",
                "pt": "Relatório anual dos acordos",
                "fr": "Rapport annuel d'exécution",
            },
            kind="delivery_report",
            sections=("results_by_secretariat", "ratings", "budget_execution", "lessons_for_next_agreements"),
        ),
        ReportTemplate(
            key="secretariat_ranking",
            label={
                "en": "Secretariat ranking",
                "es": "Ranking de secretarías",
                "pt": "Ranking das secretarias",
                "fr": "Classement des directions",
            },
            kind="league_table",
            sections=ranking_sections,
        ),
    ]


@hookimpl
def entrega_extra_fields(config: dict[str, Any]) -> list[ExtraField]:
    fields = [
        ExtraField(
            entity="ministry",
            key="agreement_signed_on",
            label={
                "en": "Agreement signed on",
                "es": "Acuerdo firmado el",
                "pt": "Acordo assinado em",
                "fr": "Contrat signé le",
            },
            type=FieldType.DATE,
        ),
        ExtraField(
            entity="priority",
            key="agreement_clause",
            label={
                "en": "Clause of the agreement",
                "es": "Cláusula del acuerdo",
                "pt": "Cláusula do acordo",
                "fr": "Article du contrat",
            },
            type=FieldType.TEXT,
            required=True,
        ),
        ExtraField(
            entity="priority",
            key="origin",
            label={"en": "Origin", "es": "Origen", "pt": "Origem", "fr": "Origine"},
            type=FieldType.CHOICE,
            choices=(
                (
                    "government_programme",
                    {
                        "en": "Mayor's government programme",
                        "es": "Programa de gobierno del alcalde",
                        "pt": "Programa de metas do prefeito",
                        "fr": "Programme du maire",
                    },
                ),
                (
                    "participatory_budget",
                    {
                        "en": "Participatory budget",
                        "es": "Presupuesto participativo",
                        "pt": "Orçamento participativo",
                        "fr": "Budget participatif",
                    },
                ),
                (
                    "sector_plan",
                    {
                        "en": "Sector plan",
                        "es": "Plan sectorial",
                        "pt": "Plano setorial",
                        "fr": "Plan sectoriel",
                    },
                ),
            ),
        ),
    ]
    if config["performance_bonus"]:
        # With a team bonus, each goal weighs in the secretariat's score and eligibility is recorded.
        fields += [
            ExtraField(
                entity="target",
                key="weight",
                label={
                    "en": "Weight in the agreement score",
                    "es": "Peso en la nota del acuerdo",
                    "pt": "Peso na nota do acordo",
                    "fr": "Poids dans la note du contrat",
                },
                type=FieldType.NUMBER,
                required=True,
            ),
            ExtraField(
                entity="ministry",
                key="bonus_eligible",
                label={
                    "en": "Eligible for the team bonus",
                    "es": "Elegible para el bono de equipo",
                    "pt": "Elegível ao prêmio de produtividade",
                    "fr": "Éligible à la prime d'équipe",
                },
                type=FieldType.BOOLEAN,
            ),
        ]
    return fields
