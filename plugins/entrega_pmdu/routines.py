"""The PMDU's rhythm: stocktakes with the leader, monthly notes, six-monthly delivery reports."""

from __future__ import annotations

from entrega.extensions.contract import (
    AgendaOrder,
    Frequency,
    PeriodCalendar,
    ReportTemplate,
    RoutineTemplate,
    texts,
)
from entrega_pmdu.config import PmduSettings

_STOCKTAKE_CADENCE = {2: Frequency.BIMONTHLY, 3: Frequency.QUARTERLY}


def period_calendar(settings: PmduSettings) -> PeriodCalendar:
    # Monthly data by default: the monthly note to the leader needs something new to say each month.
    return PeriodCalendar(
        fiscal_year_start_month=settings.fiscal_year_start_month,
        frequencies=(
            Frequency.MONTHLY,
            Frequency.BIMONTHLY,
            Frequency.QUARTERLY,
            Frequency.SEMIANNUAL,
            Frequency.ANNUAL,
        ),
        default_frequency=Frequency.MONTHLY,
    )


def routine_templates(settings: PmduSettings) -> list[RoutineTemplate]:
    routines = [
        RoutineTemplate(
            key="stocktake",
            kind="stocktake",
            label=texts(
                en="Stocktake with the head of government",
                es="Reunión de balance con el jefe de gobierno",
                pt="Reunião de balanço com o chefe de governo",
                fr="Revue d'avancement avec le chef du gouvernement",
            ),
            cadence=_STOCKTAKE_CADENCE[settings.stocktake_every_months],
            # A stocktake takes a few priorities of one department in depth, in the unit's order.
            agenda=AgendaOrder.BY_PRIORITY,
            chaired_by_leader=True,
            pre_read="stocktake_pack",
        ),
        RoutineTemplate(
            key="delivery_report",
            kind="delivery_report",
            label=texts(
                en="Six-monthly delivery report",
                es="Informe semestral de cumplimiento",
                pt="Relatório semestral de entrega",
                fr="Rapport semestriel de mise en œuvre",
            ),
            cadence=Frequency.SEMIANNUAL,
            agenda=AgendaOrder.BY_PRIORITY,
            chaired_by_leader=True,
            pre_read="delivery_report",
        ),
    ]
    if settings.monthly_notes:
        routines.insert(
            1,
            RoutineTemplate(
                key="monthly_note",
                kind="monthly_note",
                label=texts(
                    en="Monthly note to the head of government",
                    es="Nota mensual al jefe de gobierno",
                    pt="Nota mensal ao chefe de governo",
                    fr="Note mensuelle au chef du gouvernement",
                ),
                cadence=Frequency.MONTHLY,
                # The leader reads the note, so what is going wrong must come first.
                agenda=AgendaOrder.WORST_FIRST,
                chaired_by_leader=False,
                pre_read="monthly_note",
            ),
        )
    return routines


def report_templates(settings: PmduSettings) -> list[ReportTemplate]:
    delivery_sections = ["summary", "assessments_by_priority", "judgement_areas", "trajectories"]
    if settings.league_table:
        delivery_sections.append("league_table")
    delivery_sections.append("next_steps")
    reports = [
        ReportTemplate(
            key="stocktake_pack",
            kind="stocktake_pack",
            label=texts(
                en="Stocktake pack",
                es="Carpeta de la reunión de balance",
                pt="Pacote da reunião de balanço",
                fr="Dossier de revue d'avancement",
            ),
            sections=(
                "actions_from_last_stocktake",
                "trajectories",
                "assessments",
                "delivery_chain_issues",
                "decisions_sought",
            ),
        ),
        ReportTemplate(
            key="delivery_report",
            kind="delivery_report",
            label=texts(
                en="Delivery report",
                es="Informe de cumplimiento",
                pt="Relatório de entrega",
                fr="Rapport de mise en œuvre",
            ),
            sections=tuple(delivery_sections),
        ),
    ]
    if settings.monthly_notes:
        reports.insert(
            1,
            ReportTemplate(
                key="monthly_note",
                kind="monthly_note",
                label=texts(
                    en="Monthly note",
                    es="Nota mensual",
                    pt="Nota mensal",
                    fr="Note mensuelle",
                ),
                sections=("headlines", "off_track_priorities", "new_data", "overdue_actions", "forthcoming_decisions"),
            ),
        )
    if settings.league_table:
        reports.append(
            ReportTemplate(
                key="league_table",
                kind="league_table",
                label=texts(
                    en="League table",
                    es="Tabla de clasificación",
                    pt="Tabela de classificação",
                    fr="Tableau de classement",
                ),
                sections=("ranking_by_likelihood", "change_since_last_assessment", "departments"),
            )
        )
    return reports
