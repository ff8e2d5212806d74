"""A meeting's agenda, built from the data, worst first: what was promised and is overdue, then priorities
off track or deteriorating, then missing data, then weaker signals. The unit then reorders and edits it.

The model's agenda order decides the grouping: `worst_first` as above; `by_priority` keeps the unit's own
order of priorities; `by_agency` groups priorities by their owner ministry (Stat meetings take one agency
at a time). Open actions always come first: the next meeting opens with them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega.delivery import facts
from entrega.delivery.status import severity
from entrega.delivery.warning import Level, Signal
from entrega.extensions.contract import AgendaOrder
from entrega.extensions.runtime import ResolvedModel
from entrega.routines.models import Action, ActionStatus, AgendaKind
from entrega.tenancy.models import pick_translation


@dataclass
class Proposed:
    kind: AgendaKind
    title: str
    priority_id: uuid.UUID | None = None
    action_id: uuid.UUID | None = None
    facts: dict[str, Any] = field(default_factory=dict)


def open_actions(db_session: Session) -> list[Action]:
    """Every open action, the most overdue first."""
    return list(db_session.scalars(select(Action).where(Action.status == ActionStatus.OPEN).order_by(Action.due_on)))


def _reason_facts(view: facts.PriorityView) -> dict[str, Any]:
    return {
        "rating": view.rating.value if view.rating else None,
        "level": view.level.value,
        "reasons": [{"signal": r.signal.value, "subject": r.subject} for r in view.reasons],
    }


def build(
    db_session: Session, model: ResolvedModel | None, today: date, order: AgendaOrder, language: str
) -> list[Proposed]:
    """The proposed agenda; `language` is the government's, in which the titles are written."""
    items: list[Proposed] = []
    for action in open_actions(db_session):
        late = (today - action.due_on).days
        items.append(
            Proposed(AgendaKind.OVERDUE_ACTION, action.title, action.priority_id, action.id,
                     {"due_on": action.due_on.isoformat(), "days_late": max(late, 0), "overdue": late > 0})
        )  # fmt: skip
    views = facts.load(db_session, model, today)
    if order is AgendaOrder.BY_PRIORITY:
        views = sorted(views, key=lambda v: (v.priority.position, v.priority.code))
    elif order is AgendaOrder.BY_AGENCY:
        views = sorted(views, key=lambda v: (str(v.priority.owner_ministry_id), v.attention_key()))
    off_track, missing, watch = [], [], []
    for view in views:
        name = f"{view.priority.code} · {pick_translation(view.priority.name, language, language)[0]}"
        signals = {r.signal for r in view.reasons}
        if view.level is Level.ALERT or severity(view.rating) <= 1 or Signal.WORSENING in signals:
            off_track.append(Proposed(AgendaKind.OFF_TRACK, name, view.priority.id, facts=_reason_facts(view)))
        elif Signal.DATA_MISSING in signals:
            missing.append(Proposed(AgendaKind.MISSING_DATA, name, view.priority.id, facts=_reason_facts(view)))
        elif view.level is Level.WATCH:
            watch.append(Proposed(AgendaKind.WATCH, name, view.priority.id, facts=_reason_facts(view)))
    if order is AgendaOrder.WORST_FIRST:
        return items + off_track + missing + watch
    # The unit's own order (or the agencies'), keeping only what needs the meeting's attention.
    chosen = {id(p) for p in off_track + missing + watch}
    ordered = [p for view in views for p in off_track + missing + watch if p.priority_id == view.priority.id]
    return items + [p for p in ordered if id(p) in chosen]
