"""The monitoring cycle of Todos por Pernambuco, and the planning that ties the goals to the budget law."""

from __future__ import annotations

from entrega.extensions.contract import (
    AgendaOrder,
    Frequency,
    PeriodCalendar,
    ReportTemplate,
    RoutineTemplate,
    texts,
)
from entrega_pernambuco.config import PernambucoSettings

_CYCLE = {"monthly": Frequency.MONTHLY, "bimonthly": Frequency.BIMONTHLY}

# Brazilian public budgets follow the calendar year (Lei 4.320/1964), so the LOA and the goals do too.
_FISCAL_YEAR_START = 1


def period_calendar(settings: PernambucoSettings) -> PeriodCalendar:
    # Data arrive in time for each monitoring meeting; bimonthly also matches the budget execution
    # summary (RREO) every state publishes every two months.
    return PeriodCalendar(
        fiscal_year_start_month=_FISCAL_YEAR_START,
        frequencies=(
            Frequency.MONTHLY,
            Frequency.BIMONTHLY,
            Frequency.QUARTERLY,
            Frequency.SEMIANNUAL,
            Frequency.ANNUAL,
        ),
        default_frequency=_CYCLE[settings.monitoring_cycle],
    )


def routine_templates(settings: PernambucoSettings) -> list[RoutineTemplate]:
    cycle = _CYCLE[settings.monitoring_cycle]
    routines = [
        RoutineTemplate(
            key="preparatory_meeting",
            kind="preparatory_meeting",
            label=texts(
                pt="Reunião preparatória com a secretaria",
                en="Preparatory meeting with the secretariat",
                es="Reunión preparatoria con la secretaría",
                fr="Réunion préparatoire avec le secrétariat",
            ),
            cadence=cycle,
            # The unit goes through each secretariat's goals before the governor does.
            agenda=AgendaOrder.BY_AGENCY,
            chaired_by_leader=False,
            pre_read="monitoring_pack",
        ),
        RoutineTemplate(
            key="monitoring_meeting",
            kind="monitoring_meeting",
            label=texts(
                pt="Reunião de monitoramento com o governador",
                en="Monitoring meeting with the governor",
                es="Reunión de monitoreo con el gobernador",
                fr="Réunion de suivi avec le gouverneur",
            ),
            cadence=cycle,
            # One strategic objective at a time, in the order of the strategy map.
            agenda=AgendaOrder.BY_PRIORITY,
            chaired_by_leader=True,
            pre_read="monitoring_pack",
        ),
        RoutineTemplate(
            key="budget_alignment",
            kind="budget_planning",
            label=texts(
                pt="Alinhamento das metas com a LOA",
                en="Aligning the goals with the budget law (LOA)",
                es="Alineación de las metas con la ley de presupuesto",
                fr="Alignement des objectifs sur la loi de finances",
            ),
            cadence=Frequency.ANNUAL,
            agenda=AgendaOrder.BY_AGENCY,
            chaired_by_leader=False,
            pre_read="budget_alignment",
        ),
    ]
    if settings.annual_strategy_review:
        routines.append(
            RoutineTemplate(
                key="strategy_review",
                kind="strategy_review",
                label=texts(
                    pt="Revisão anual do mapa da estratégia",
                    en="Annual review of the strategy map",
                    es="Revisión anual del mapa estratégico",
                    fr="Revue annuelle de la carte stratégique",
                ),
                cadence=Frequency.ANNUAL,
                agenda=AgendaOrder.BY_PRIORITY,
                chaired_by_leader=True,
                pre_read="strategy_map",
            )
        )
    return routines


def report_templates(settings: PernambucoSettings) -> list[ReportTemplate]:
    return [
        ReportTemplate(
            key="monitoring_pack",
            kind="monitoring_pack",
            label=texts(
                pt="Pauta da reunião de monitoramento",
                en="Monitoring meeting pack",
                es="Carpeta de la reunión de monitoreo",
                fr="Dossier de la réunion de suivi",
            ),
            sections=(
                "goals_by_strategic_objective",
                "goals_by_development_region",
                "budget_execution",
                "constraints",
                "agreed_actions_from_last_meeting",
            ),
        ),
        ReportTemplate(
            key="strategy_map",
            kind="strategy_map",
            label=texts(
                pt="Mapa da estratégia",
                en="Strategy map",
                es="Mapa estratégico",
                fr="Carte stratégique",
            ),
            sections=("strategic_objectives", "priority_goals", "regional_goals"),
        ),
        ReportTemplate(
            key="budget_alignment",
            kind="budget_alignment",
            label=texts(
                pt="Metas e ações orçamentárias (LOA)",
                en="Goals and budget actions (LOA)",
                es="Metas y acciones presupuestarias",
                fr="Objectifs et actions budgétaires",
            ),
            sections=("goals_by_budget_action", "allocation", "execution", "goals_without_budget"),
        ),
        ReportTemplate(
            key="goal_agreement",
            kind="goal_agreement",
            label=texts(
                pt="Termo de pactuação de metas",
                en="Goal agreement",
                es="Acta de pacto de metas",
                fr="Accord sur les objectifs",
            ),
            sections=("secretariat", "priority_goals", "agreed_results", "signatures"),
        ),
        ReportTemplate(
            key="regional_panel",
            kind="league_table",
            label=texts(
                pt="Painel das regiões de desenvolvimento",
                en="Development regions panel",
                es="Panel de las regiones de desarrollo",
                fr="Tableau des régions de développement",
            ),
            sections=("status_by_region", "status_by_secretariat", "change_since_last_cycle"),
        ),
    ]
