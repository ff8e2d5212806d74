"""The Stat cycle: agencies submit their metric templates, analysts write the memo, the meeting takes
one agency at a time, and a one-page follow-up goes out before the next round."""

from __future__ import annotations

from entrega.extensions.contract import (
    AgendaOrder,
    Frequency,
    PeriodCalendar,
    ReportTemplate,
    RoutineTemplate,
    texts,
)
from entrega_stat.config import StatSettings

_CADENCE = {1: Frequency.WEEKLY, 2: Frequency.BIWEEKLY, 4: Frequency.MONTHLY}
# Who submits the template: a city's agency or a state's department.
MINISTRY_WORD = {
    "citistat": texts(en="agency", es="agencia", pt="órgão", fr="organisme"),
    "statestat": texts(en="department", es="departamento", pt="departamento", fr="département"),
}


def cadence(settings: StatSettings) -> Frequency:
    return _CADENCE[settings.meeting_every_weeks]


def period_calendar(settings: StatSettings) -> PeriodCalendar:
    # Data arrive at the rhythm of the meetings: each meeting looks at the periods since the last one.
    return PeriodCalendar(
        fiscal_year_start_month=settings.fiscal_year_start_month,
        frequencies=(Frequency.WEEKLY, Frequency.BIWEEKLY, Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.ANNUAL),
        default_frequency=cadence(settings),
    )


def routine_templates(settings: StatSettings) -> list[RoutineTemplate]:
    name, every = settings.programme, cadence(settings)
    who = MINISTRY_WORD[settings.flavour]
    return [
        RoutineTemplate(
            key="metric_template_submission",
            kind="data_submission",
            label=texts(
                en=f"Metric template submitted by each {who['en']}",
                es=f"Plantilla de métricas enviada por cada {who['es']}",
                pt=f"Planilha de métricas enviada por cada {who['pt']}",
                fr=f"Gabarit d'indicateurs remis par chaque {who['fr']}",
            ),
            cadence=every,
            agenda=AgendaOrder.BY_AGENCY,
            chaired_by_leader=False,
            pre_read="metric_template",
        ),
        RoutineTemplate(
            key="stat_meeting",
            kind="stat_meeting",
            label=texts(
                en=f"{name} meeting",
                es=f"Sesión {name}",
                pt=f"Reunião {name}",
                fr=f"Séance {name}",
            ),
            cadence=every,
            agenda=AgendaOrder.BY_AGENCY,
            # The mayor or governor in the room is what makes an agency head prepare.
            chaired_by_leader=True,
            pre_read="analyst_memo",
        ),
        RoutineTemplate(
            key="follow_up",
            kind="follow_up",
            label=texts(
                en=f"{name} follow-up",
                es=f"Seguimiento {name}",
                pt=f"Acompanhamento {name}",
                fr=f"Suivi {name}",
            ),
            cadence=every,
            agenda=AgendaOrder.BY_AGENCY,
            chaired_by_leader=False,
            pre_read="follow_up_memo",
        ),
    ]


def report_templates(settings: StatSettings) -> list[ReportTemplate]:
    return [
        ReportTemplate(
            key="metric_template",
            kind="metric_template",
            label=texts(
                en="Metric template",
                es="Plantilla de métricas",
                pt="Planilha de métricas",
                fr="Gabarit d'indicateurs",
            ),
            sections=("metrics", "this_period", "previous_period", "year_to_date", "goal", "variance_explanations"),
        ),
        ReportTemplate(
            key="analyst_memo",
            kind="analyst_memo",
            label=texts(
                en="Analyst memo (pre-read, 8–12 pages)",
                es="Memorando del analista (lectura previa, 8–12 páginas)",
                pt="Memorando do analista (leitura prévia, 8–12 páginas)",
                fr="Note de l'analyste (lecture préalable, 8 à 12 pages)",
            ),
            sections=(
                "summary",
                "trends_against_goal",
                "exceptions",
                "open_follow_up_items",
                "questions_for_the_meeting",
            ),
        ),
        ReportTemplate(
            key="follow_up_memo",
            kind="follow_up",
            label=texts(
                en="Follow-up memo (one page)",
                es="Memorando de seguimiento (una página)",
                pt="Memorando de acompanhamento (uma página)",
                fr="Note de suivi (une page)",
            ),
            sections=("decisions", "follow_up_items", "owners_and_due_dates", "data_requests_for_next_meeting"),
        ),
        ReportTemplate(
            key="scorecard",
            kind="league_table",
            label=texts(
                en=f"{settings.programme} scorecard",
                es=f"Tablero de resultados {settings.programme}",
                pt=f"Painel de resultados {settings.programme}",
                fr=f"Tableau de résultats {settings.programme}",
            ),
            sections=("rating_by_agency", "change_since_last_meeting", "overdue_follow_up_items"),
        ),
    ]
