"""What goes into each kind of report: builders that gather a report's data and name the template that lays it
out. They only read, through the same services as the pages (`facts.load`, the agenda, the league table),
inside the binding of the government being reported on.

Kinds the bundled models use and the builder that serves each (a kind no builder knows gets the stocktake
pack's layout: every priority through Barber's four questions):
- stocktake pack (and review, monitoring and monthly packs): cover, summary, the agenda worst first, the
  actions carried over, then one section per priority on the agenda (else every priority, worst first);
- analyst memo (CitiStat's pre-read): agency by agency, this period against the last and the goal, the
  exceptions drawn, the open follow-up items, the points to raise;
- follow-up memo: one page of decisions and actions with owners and dates, and the data asked for next;
- delivery report (six-monthly) and league table: see `packs_rounds`.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import render_template
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega.delivery import facts, periods
from entrega.delivery import services as delivery
from entrega.delivery.charts import trajectory_chart
from entrega.delivery.models import Indicator, Milestone
from entrega.delivery.status import RATING_ORDER, severity
from entrega.delivery.views import LEVEL_WORDS, MILESTONE_WORDS, describe, rating_badge
from entrega.delivery.warning import Signal
from entrega.extensions.contract import ReportTemplate
from entrega.extensions.runtime import ResolvedModel
from entrega.routines import access, agenda
from entrega.routines import services as routines
from entrega.routines.models import Action, AgendaKind, Meeting
from entrega.tenancy.models import Ministry, Tenant
from entrega.web import charts
from entrega.web.i18n import chart_labels, localized_text, number
from entrega.web.vocabulary import term

from .render import STYLESHEET_URL

MEETING, ROUND = "meeting", "round"
CHARTS_PER_PRIORITY = 4  # the indicators needing attention most are drawn; the others are in the table
CHART_SIZE = {"width": 640, "height": 230}
PRIORITY_ITEMS = (AgendaKind.OFF_TRACK, AgendaKind.MISSING_DATA, AgendaKind.WATCH)  # a pack's sections


@dataclass
class PackInput:
    db_session: Session
    tenant: Tenant
    model: ResolvedModel | None
    template: ReportTemplate
    subject_id: uuid.UUID | None
    today: date
    step: Callable[[float], None] = lambda _fraction: None  # how far the gathering has got, 0 to 1


@dataclass
class Pack:
    page: str  # the Jinja template that lays it out
    title: str
    subtitle: str
    context: dict[str, Any] = field(default_factory=dict)
    estimated_pages: int = 1


@dataclass(frozen=True)
class Builder:
    build: Callable[[PackInput], Pack]
    subject: str | None  # what the report is about: a meeting, an assessment round, or the whole government
    subject_required: bool = False


# ---- shared parts ------------------------------------------------------------------------------------------


def fiscal_start(inp: PackInput) -> int:
    return delivery.fiscal_start(inp.model)


def ministry_names(db_session: Session) -> dict[uuid.UUID, dict[str, str]]:
    return {m.id: m.name for m in db_session.scalars(select(Ministry).order_by(Ministry.code))}


def period_formatter(start: int) -> Callable[[Indicator, date], str]:
    return lambda indicator, day: periods.label(day, indicator.frequency, start)


def figure_value(value: float | None, indicator: Indicator) -> str:
    return number(round(float(value), indicator.decimals)) if value is not None else "—"


def attention_first(view: facts.PriorityView) -> list[facts.IndicatorView]:
    return sorted(view.indicators, key=lambda i: (severity(i.status.rating), i.indicator.code))


def rating_bars(views: Sequence[facts.PriorityView], title: str) -> charts.Chart:
    ratings = [*RATING_ORDER, None]
    badges = [rating_badge(rating) for rating in ratings]
    return charts.bars(
        title=title, categories=[b.label for b in badges],
        values=[float(sum(1 for v in views if v.rating == r)) for r in ratings],
        colours=[b.colour for b in badges], fmt=number, labels=chart_labels(), width=560,
    )  # fmt: skip


def meeting_subject(inp: PackInput) -> tuple[Meeting | None, str]:
    """The meeting a pack is for (if any) and how the cover names it: the routine and its date."""
    if inp.subject_id is None:
        return None, _("As of %(date)s", date=format_date(inp.today, "long"))
    meeting = access.get_meeting(inp.db_session, inp.subject_id)
    series = access.get_series(inp.db_session, meeting.series_id)
    routine = routines.template_of(inp.model, series)
    name = localized_text(routine.label, "en") if routine else series.title
    return meeting, f"{name} · {format_date(meeting.held_on, 'long')}"


def base_context(inp: PackInput, title: str, subtitle: str) -> dict[str, Any]:
    """What every report's layout uses: the cover, the shared helpers the pages' partials expect."""
    start = fiscal_start(inp)
    return {
        "tenant": inp.tenant, "title": title, "subtitle": subtitle, "today": inp.today, "stylesheet": STYLESHEET_URL,
        "sections": inp.template.sections, "badge": rating_badge, "describe": describe, "level_words": LEVEL_WORDS,
        "milestone_words": MILESTONE_WORDS, "fmt_value": figure_value, "period_of": period_formatter(start),
        "optional_url": lambda *_args, **_values: None, "editor": False, "failed": "", "errors": {}, "form": {},
        "ministry_names": ministry_names(inp.db_session),
    }  # fmt: skip


def page_html(pack: Pack) -> str:
    return render_template(pack.page, **pack.context)


# ---- stocktake pack ----------------------------------------------------------------------------------------


@dataclass
class PrioritySection:
    view: facts.PriorityView
    charted: list[facts.IndicatorView]
    milestones: list[Milestone]
    actions: list[Action]
    judgement: Any = None  # the latest round's overall judgement, when the pack shows assessments
    weak_links: list[Any] = field(default_factory=list)


def stocktake_pack(inp: PackInput) -> Pack:
    db_session, model = inp.db_session, inp.model
    title = localized_text(inp.template.label, "en")
    meeting, subtitle = meeting_subject(inp)
    items = routines.agenda_of(db_session, meeting.id) if meeting else []
    if meeting:
        ids = list(dict.fromkeys(i.priority_id for i in items if i.priority_id and i.kind in PRIORITY_ITEMS))
    else:  # every priority, worst first
        ids = [view.priority.id for view in facts.load(db_session, model, inp.today)]
    loaded = {v.priority.id: v for v in facts.load(db_session, model, inp.today, priority_ids=ids, complete=True)}
    views = [loaded[pid] for pid in ids if pid in loaded]
    inp.step(0.2)
    open_actions = agenda.open_actions(db_session)
    carried = [a for a in open_actions if meeting is None or a.meeting_id != meeting.id]
    milestones: dict[uuid.UUID, list[Milestone]] = defaultdict(list)
    statement = select(Milestone).where(Milestone.priority_id.in_(ids)).order_by(Milestone.due_on, Milestone.title)
    for milestone in db_session.scalars(statement):
        milestones[milestone.priority_id].append(milestone)
    judged = latest_overall(db_session) if "assessments" in inp.template.sections else {}
    start = fiscal_start(inp)
    sections, drawn = [], {}
    for n, view in enumerate(views):
        charted = attention_first(view)[:CHARTS_PER_PRIORITY]
        for item in charted:
            drawn[item.indicator.id] = trajectory_chart(item, start, **CHART_SIZE)
        weak = []
        if "delivery_chain_issues" in inp.template.sections:
            weak = [link for link in delivery.chain_of(db_session, view.priority.id) if link.weak]
        sections.append(PrioritySection(
            view, charted, milestones.get(view.priority.id, []),
            [a for a in open_actions if a.priority_id == view.priority.id], judged.get(view.priority.id), weak,
        ))  # fmt: skip
        inp.step(0.2 + 0.8 * (n + 1) / max(1, len(views)))
    context = base_context(inp, title, subtitle) | {
        "meeting": meeting, "agenda": items, "carried": carried, "priorities": sections, "charts": drawn,
        "decisions": routines.decisions_of_meeting(db_session, meeting.id) if meeting else [],
        "summary": rating_bars(views, _("%(priorities)s by status", priorities=term("priority", plural=True,
                                                                                     capital=True))),
        "levels": level_labels(model), "views": views, "agenda_words": AGENDA_WORDS,
    }  # fmt: skip
    pages = 2 + (len(carried) > 0) + sum(1 + (len(s.charted) + 1) // 2 for s in sections)
    return Pack("reports/print/stocktake_pack.html", title, subtitle, context, pages)


AGENDA_WORDS = {
    AgendaKind.OVERDUE_ACTION: _l("Action carried over"),
    AgendaKind.OFF_TRACK: _l("Off track or worsening"),
    AgendaKind.MISSING_DATA: _l("Missing data"),
    AgendaKind.WATCH: _l("To watch"),
    AgendaKind.OTHER: _l("Added by the unit"),
}


def level_labels(model: ResolvedModel | None) -> dict[str, tuple[str, str]]:
    """The model's rating levels: key → (its word in the report's language, its colour)."""
    if model is None:
        return {}
    return {level.key: (localized_text(level.label, "en"), level.colour) for level in model.framework.levels}


def latest_overall(db_session: Session) -> dict[uuid.UUID, Any]:
    from entrega.routines import assessments

    rounds = assessments.rounds(db_session)
    if not rounds:
        return {}
    return {
        pid: areas.get(assessments.OVERALL) for pid, areas in assessments.judgements(db_session, rounds[0].id).items()
    }


# ---- follow-up memo ----------------------------------------------------------------------------------------


def follow_up(inp: PackInput) -> Pack:
    db_session = inp.db_session
    title = localized_text(inp.template.label, "en")
    meeting, subtitle = meeting_subject(inp)
    assert meeting is not None  # the request checked: a follow-up memo is always about a meeting
    items = routines.agenda_of(db_session, meeting.id)
    ids = list(dict.fromkeys(i.priority_id for i in items if i.priority_id))
    views = facts.load(db_session, inp.model, inp.today, priority_ids=ids) if ids else []
    inp.step(0.5)
    owners = {
        i.code: i.owner_ministry_id for i in db_session.scalars(select(Indicator).where(Indicator.priority_id.in_(ids)))
    }
    # One line per ministry: which metrics it owes data for, and how many periods each.
    requests: dict[uuid.UUID | None, list[tuple[str, int]]] = defaultdict(list)
    for view in views:
        for reason in view.reasons:
            if reason.signal is Signal.DATA_MISSING:
                requests[owners.get(reason.subject)].append((reason.subject, int(str(reason.detail.get("count") or 0))))
    series = access.get_series(db_session, meeting.series_id)
    context = base_context(inp, title, subtitle) | {
        "meeting": meeting, "decisions": routines.decisions_of_meeting(db_session, meeting.id),
        "actions": routines.actions_of_meeting(db_session, meeting.id),
        "data_requests": sorted(requests.items(), key=lambda item: -len(item[1])),
        "next_meeting": routines.next_date(db_session, series, max(inp.today, meeting.held_on)),
    }  # fmt: skip
    inp.step(1.0)
    return Pack("reports/print/follow_up.html", title, subtitle, context, 1)


# ---- the builders, by kind ---------------------------------------------------------------------------------


def builders() -> dict[str, Builder]:
    from entrega.reports import packs_memo, packs_rounds

    stocktake = Builder(stocktake_pack, MEETING)
    return {
        "stocktake_pack": stocktake,
        "monthly_note": Builder(stocktake_pack, None),
        "ministry_review_pack": stocktake,
        "monitoring_pack": stocktake,
        "analyst_memo": Builder(packs_memo.analyst_memo, MEETING),
        "metric_template": Builder(packs_memo.analyst_memo, None),
        "follow_up": Builder(follow_up, MEETING, subject_required=True),
        "delivery_report": Builder(packs_rounds.delivery_report, ROUND),
        "progress_report": Builder(packs_rounds.delivery_report, ROUND),
        "league_table": Builder(packs_rounds.league_table, ROUND),
    }


def builder_of(template: ReportTemplate) -> Builder:
    return builders().get(template.kind) or Builder(stocktake_pack, None)


def check_subject(db_session: Session, template: ReportTemplate, subject_id: uuid.UUID | None) -> None:
    """Refuse a subject of the wrong kind, or one this government does not have (its id is not found)."""
    from entrega.errors import NotFound

    kind = builder_of(template)
    if subject_id is None:
        if kind.subject_required:
            raise ValidationError({"subject_id": [_("Choose the meeting this report is about.")]})
        return
    lookup = {MEETING: access.get_meeting, ROUND: access.get_round}.get(kind.subject or "")
    if lookup is None:
        raise ValidationError({"subject_id": [_("This report covers the whole government: choose no subject.")]})
    try:
        lookup(db_session, subject_id)
    except NotFound:
        raise ValidationError({"subject_id": [_("No such meeting or assessment round here.")]}) from None


def build(inp: PackInput) -> Pack:
    return builder_of(inp.template).build(inp)
