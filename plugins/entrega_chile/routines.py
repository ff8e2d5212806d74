"""The Chilean rhythm: reviews with each ministry, quarterly reports to the President, and a public
progress report laid out axis → results → strategic objectives (diagnosis, progress, target) → actions."""

from __future__ import annotations

from entrega.extensions.contract import (
    AgendaOrder,
    Frequency,
    PeriodCalendar,
    ReportTemplate,
    RoutineTemplate,
    texts,
)
from entrega_chile.config import ChileSettings

_REVIEW = {"monthly": Frequency.MONTHLY, "bimonthly": Frequency.BIMONTHLY}
_PUBLIC = {"annual": Frequency.ANNUAL, "semiannual": Frequency.SEMIANNUAL}

# Chile's budget year is the calendar year.
_FISCAL_YEAR_START = 1


def period_calendar(settings: ChileSettings) -> PeriodCalendar:
    return PeriodCalendar(
        fiscal_year_start_month=_FISCAL_YEAR_START,
        frequencies=(
            Frequency.MONTHLY,
            Frequency.BIMONTHLY,
            Frequency.QUARTERLY,
            Frequency.SEMIANNUAL,
            Frequency.ANNUAL,
        ),
        # Data arrive in time for each ministry review.
        default_frequency=_REVIEW[settings.ministry_review_cadence],
    )


def routine_templates(settings: ChileSettings) -> list[RoutineTemplate]:
    return [
        RoutineTemplate(
            key="ministry_review",
            kind="ministry_review",
            label=texts(
                es="Revisión de cumplimiento con el ministerio",
                en="Delivery review with the ministry",
                pt="Revisão de cumprimento com o ministério",
                fr="Revue de réalisation avec le ministère",
            ),
            cadence=_REVIEW[settings.ministry_review_cadence],
            agenda=AgendaOrder.BY_AGENCY,
            # The unit runs these; the President's time is kept for the quarterly report.
            chaired_by_leader=False,
            pre_read="ministry_review_pack",
        ),
        RoutineTemplate(
            key="presidential_report",
            kind="stocktake",
            label=texts(
                es="Reporte trimestral al Presidente",
                en="Quarterly report to the President",
                pt="Relatório trimestral ao Presidente",
                fr="Rapport trimestriel au Président",
            ),
            cadence=Frequency.QUARTERLY,
            agenda=AgendaOrder.WORST_FIRST,
            chaired_by_leader=True,
            pre_read="presidential_report",
        ),
        RoutineTemplate(
            key="public_progress_report",
            kind="progress_report",
            label=texts(
                es="Reporte público de cumplimiento",
                en="Public progress report",
                pt="Relatório público de cumprimento",
                fr="Rapport public d'avancement",
            ),
            cadence=_PUBLIC[settings.public_report],
            agenda=AgendaOrder.BY_PRIORITY,
            chaired_by_leader=False,
            pre_read="public_progress_report",
        ),
    ]


def report_templates(settings: ChileSettings) -> list[ReportTemplate]:
    return [
        ReportTemplate(
            key="ministry_review_pack",
            kind="ministry_review_pack",
            label=texts(
                es="Minuta de revisión con el ministerio",
                en="Ministry review pack",
                pt="Pauta da revisão com o ministério",
                fr="Dossier de revue avec le ministère",
            ),
            sections=(
                "goals_by_axis",
                "indicator_progress",
                "actions_due",
                "commitments_from_last_review",
                "data_requests",
            ),
        ),
        ReportTemplate(
            key="presidential_report",
            kind="stocktake_pack",
            label=texts(
                es="Reporte trimestral al Presidente",
                en="Quarterly report to the President",
                pt="Relatório trimestral ao Presidente",
                fr="Rapport trimestriel au Président",
            ),
            sections=("summary", "goals_at_risk", "decisions_for_the_president", "status_by_axis", "ministries"),
        ),
        ReportTemplate(
            key="public_progress_report",
            kind="progress_report",
            label=texts(
                es="Reporte público de cumplimiento",
                en="Public progress report",
                pt="Relatório público de cumprimento",
                fr="Rapport public d'avancement",
            ),
            # The published layout, in order: each axis, its results, each strategic objective with its
            # diagnosis, progress and target, then the actions under it.
            sections=("axis", "results", "strategic_objectives", "diagnosis", "progress", "target", "actions"),
        ),
        ReportTemplate(
            key="delivery_ranking",
            kind="league_table",
            label=texts(
                es="Ranking de cumplimiento",
                en="Delivery ranking",
                pt="Ranking de cumprimento",
                fr="Classement de réalisation",
            ),
            sections=("goals_by_status", "ministries", "change_since_last_report"),
        ),
    ]
