"""The analyst memo, CitiStat's pre-read: agency by agency, each metric this period against the last period
and the goal, the exceptions drawn against their trajectory, the follow-up items still open, and the points
the analyst wants raised. For a meeting, only the agencies whose metrics serve the priorities on its agenda."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from entrega.delivery import facts
from entrega.delivery.charts import trajectory_chart
from entrega.delivery.status import Value, severity
from entrega.delivery.views import describe
from entrega.extensions.contract import CommonRating, Polarity
from entrega.routines import agenda
from entrega.routines import services as routines
from entrega.routines.models import Action
from entrega.web.i18n import localized_text
from entrega.web.vocabulary import term

from .packs import Pack, PackInput, base_context, fiscal_start, meeting_subject, rating_bars

EXCEPTION_RATINGS = (CommonRating.OFF_TRACK, CommonRating.AT_RISK)
# A memo is read before the meeting in a few minutes per agency: the exceptions, not every metric.
ROWS_PER_AGENCY = 8
CHARTS_PER_AGENCY = 1
POINTS_PER_AGENCY = 5
CHART_SIZE = {"width": 640, "height": 150}


@dataclass
class Metric:
    item: facts.IndicatorView
    view: facts.PriorityView
    previous: Value | None  # the period before the latest

    @property
    def variance(self) -> float | None:
        """How far ahead (+) or behind (−) of the trajectory, as a share of where it should be."""
        status = self.item.status
        if status.progress is None or status.expected in (None, 0):
            return None
        assert status.expected is not None
        gap = (status.progress - status.expected) / abs(status.expected)
        return gap if self.item.indicator.polarity is Polarity.UP else -gap

    @property
    def exception(self) -> bool:
        return self.item.status.rating in EXCEPTION_RATINGS or self.item.status.worsening


@dataclass
class Agency:
    ministry_id: uuid.UUID
    metrics: list[Metric] = field(default_factory=list)
    drawn: list[Metric] = field(default_factory=list)
    open_items: list[Action] = field(default_factory=list)
    points: list[str] = field(default_factory=list)

    @property
    def exceptions(self) -> list[Metric]:
        return [m for m in self.metrics if m.exception]

    @property
    def points_shown(self) -> list[str]:
        return self.points[:POINTS_PER_AGENCY]

    @property
    def shown(self) -> list[Metric]:
        """The rows of the memo: the exceptions first, worst first, as many as a page holds."""
        return self.metrics[:ROWS_PER_AGENCY]

    @property
    def on_track(self) -> int:
        return sum(1 for m in self.metrics if m.item.status.rating is CommonRating.ON_TRACK)

    def overdue(self, today: Any) -> int:
        return sum(1 for a in self.open_items if a.due_on < today)


def analyst_memo(inp: PackInput) -> Pack:
    db_session = inp.db_session
    title = localized_text(inp.template.label, "en")
    meeting, subtitle = meeting_subject(inp)
    views = facts.load(db_session, inp.model, inp.today)
    if meeting is not None:
        on_agenda = {i.priority_id for i in routines.agenda_of(db_session, meeting.id) if i.priority_id}
        views = [v for v in views if v.priority.id in on_agenda]
    agencies: dict[uuid.UUID, Agency] = {}
    for view in views:
        for item in view.indicators:
            values = item.facts.values
            agency = agencies.setdefault(item.indicator.owner_ministry_id, Agency(item.indicator.owner_ministry_id))
            agency.metrics.append(Metric(item, view, values[-2] if len(values) > 1 else None))
        for reason in view.reasons:
            owner = next((i.indicator.owner_ministry_id for i in view.indicators if i.indicator.code == reason.subject),
                         view.priority.owner_ministry_id)  # fmt: skip
            agencies.setdefault(owner, Agency(owner)).points.append(describe(reason, view))
    inp.step(0.3)
    for action in agenda.open_actions(db_session):
        if action.owner_ministry_id in agencies or meeting is None:
            agencies.setdefault(action.owner_ministry_id, Agency(action.owner_ministry_id)).open_items.append(action)
    for agency in agencies.values():
        agency.metrics.sort(key=lambda m: (severity(m.item.status.rating), m.item.indicator.code))
        agency.drawn = agency.exceptions[:CHARTS_PER_AGENCY]
    drawn_ids = [m.item.indicator.id for a in agencies.values() for m in a.drawn]
    complete = {
        item.indicator.id: item
        for view in (facts.load(db_session, inp.model, inp.today, indicator_ids=drawn_ids, complete=True) if drawn_ids else [])
        for item in view.indicators
    }  # fmt: skip
    start = fiscal_start(inp)
    charts = {}
    for n, indicator_id in enumerate(drawn_ids):
        charts[indicator_id] = trajectory_chart(complete[indicator_id], start, **CHART_SIZE)
        inp.step(0.3 + 0.7 * (n + 1) / len(drawn_ids))
    ordered = sorted(agencies.values(), key=lambda a: (-len(a.exceptions), -a.overdue(inp.today), str(a.ministry_id)))
    context = base_context(inp, title, subtitle) | {
        "meeting": meeting, "agencies": ordered, "charts": charts,
        "summary": rating_bars(views, _("%(priorities)s by status", priorities=term("priority", plural=True, capital=True))),
    }  # fmt: skip
    pages = 2 + sum(1 + (len(a.drawn) + 1) // 2 for a in ordered)
    return Pack("reports/print/analyst_memo.html", title, subtitle, context, pages)
