"""The verbs of the routines: series on the model's cadence, meetings with their agendas, decisions and
actions. Each validates, writes and audits; the caller commits."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from entrega.audit.services import record
from entrega.delivery import periods
from entrega.errors import Conflict
from entrega.extensions.contract import AgendaOrder, RoutineTemplate
from entrega.extensions.runtime import ResolvedModel
from entrega.identity.services import now
from entrega.routines import agenda
from entrega.routines.models import (
    Action,
    ActionStatus,
    AgendaItem,
    AgendaKind,
    Decision,
    Meeting,
    MeetingStatus,
    RoutineSeries,
)
from entrega.tenancy.models import Ministry, Tenant


def template_of(model: ResolvedModel | None, series: RoutineSeries) -> RoutineTemplate | None:
    if model is None:
        return None
    return next((t for t in model.routines if t.key == series.template), None)


def ensure_series(db_session: Session, model: ResolvedModel, today: date) -> list[RoutineSeries]:
    """One series per routine of the model, created the first time (idempotent), starting at the next period."""
    existing = {s.template: s for s in db_session.scalars(select(RoutineSeries))}
    out = []
    for template in model.routines:
        series = existing.get(template.key)
        if series is None:
            first = periods.next_period(periods.period_start(today, template.cadence), template.cadence)
            series = RoutineSeries(
                template=template.key, kind=template.kind, title=template.label.get("en", template.key),
                cadence=template.cadence, first_on=first,
            )  # fmt: skip
            db_session.add(series)
            db_session.flush()
            record(db_session, "create", "routine_series", series.id, None,
                   {"template": template.key, "cadence": template.cadence.value, "first_on": first.isoformat()})  # fmt: skip
        out.append(series)
    return out


def next_date(db_session: Session, series: RoutineSeries, today: date) -> date:
    """The next meeting date on the series' cadence, after the last meeting planned or held."""
    last = db_session.scalar(select(func.max(Meeting.held_on)).where(Meeting.series_id == series.id))
    candidate = series.first_on if last is None else periods.next_period(last, series.cadence)
    while candidate < today:
        candidate = periods.next_period(candidate, series.cadence)
    return candidate


def plan_meeting(
    db_session: Session, tenant: Tenant, model: ResolvedModel | None, series: RoutineSeries, held_on: date,
    today: date,
) -> Meeting:  # fmt: skip
    """Plan a meeting with its agenda built from the data (worst first unless the model says otherwise)."""
    if db_session.scalar(select(Meeting.id).where(Meeting.series_id == series.id, Meeting.held_on == held_on)):
        raise Conflict("A meeting of this routine is already planned on that day.", "held_on")
    meeting = Meeting(series_id=series.id, held_on=held_on)
    db_session.add(meeting)
    db_session.flush()
    template = template_of(model, series)
    order = template.agenda if template else AgendaOrder.WORST_FIRST
    for position, item in enumerate(agenda.build(db_session, model, today, order, tenant.default_locale)):
        db_session.add(
            AgendaItem(meeting_id=meeting.id, position=position, kind=item.kind, title=item.title[:300],
                       priority_id=item.priority_id, action_id=item.action_id, facts=item.facts)
        )  # fmt: skip
    db_session.flush()
    record(db_session, "create", "meeting", meeting.id, None,
           {"series": series.template, "held_on": held_on.isoformat()})  # fmt: skip
    return meeting


def agenda_of(db_session: Session, meeting_id: uuid.UUID) -> list[AgendaItem]:
    return list(
        db_session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position))
    )


def reorder_agenda(db_session: Session, meeting: Meeting, item_ids: list[uuid.UUID]) -> list[AgendaItem]:
    """Put the agenda in the unit's order; every item must be named once."""
    items = {item.id: item for item in agenda_of(db_session, meeting.id)}
    if sorted(map(str, item_ids)) != sorted(map(str, items)):
        raise ValidationError({"order": ["Name every item of this agenda exactly once."]})
    before = [str(i) for i in items]
    for position, item_id in enumerate(item_ids):
        items[item_id].position = position
    db_session.flush()
    record(db_session, "update", "agenda", meeting.id, {"order": before}, {"order": [str(i) for i in item_ids]})
    return agenda_of(db_session, meeting.id)


def edit_agenda_item(db_session: Session, item: AgendaItem, title: str | None, note: str | None) -> AgendaItem:
    before = {"title": item.title, "note": item.note}
    if title is not None:
        if not title.strip():
            raise ValidationError({"title": ["Give the item a title."]})
        item.title = title.strip()[:300]
    if note is not None:
        item.note = note.strip()
    record(db_session, "update", "agenda_item", item.id, before, {"title": item.title, "note": item.note})
    return item


def add_agenda_item(db_session: Session, meeting: Meeting, title: str, note: str = "") -> AgendaItem:
    if not title.strip():
        raise ValidationError({"title": ["Give the item a title."]})
    position = int(db_session.scalar(select(func.coalesce(func.max(AgendaItem.position), -1)).where(
        AgendaItem.meeting_id == meeting.id)) or 0) + 1  # fmt: skip
    item = AgendaItem(meeting_id=meeting.id, position=position, kind=AgendaKind.OTHER, title=title.strip()[:300],
                      note=note.strip())  # fmt: skip
    db_session.add(item)
    db_session.flush()
    record(db_session, "create", "agenda_item", item.id, None, {"title": item.title})
    return item


def remove_agenda_item(db_session: Session, item: AgendaItem) -> None:
    record(db_session, "delete", "agenda_item", item.id, {"title": item.title, "kind": item.kind.value}, None)
    db_session.execute(delete(AgendaItem).where(AgendaItem.id == item.id))


def hold_meeting(db_session: Session, meeting: Meeting, attendees: list[str], summary: str) -> Meeting:
    if meeting.status is MeetingStatus.CANCELLED:
        raise Conflict("This meeting was cancelled.", "status")
    before = {"status": meeting.status.value, "attendees": list(meeting.attendees), "summary": meeting.summary}
    meeting.status = MeetingStatus.HELD
    meeting.attendees = [a.strip() for a in attendees if a.strip()]
    meeting.summary = summary.strip()
    record(db_session, "update", "meeting", meeting.id, before,
           {"status": "held", "attendees": meeting.attendees, "summary": meeting.summary})  # fmt: skip
    return meeting


def cancel_meeting(db_session: Session, meeting: Meeting) -> Meeting:
    if meeting.status is MeetingStatus.HELD:
        raise Conflict("A meeting that was held cannot be cancelled.", "status")
    meeting.status = MeetingStatus.CANCELLED
    record(db_session, "update", "meeting", meeting.id, {"status": "planned"}, {"status": "cancelled"})
    return meeting


def _check_open(meeting: Meeting) -> None:
    if meeting.status is MeetingStatus.CANCELLED:
        raise Conflict("This meeting was cancelled: nothing more is recorded against it.", "status")


def _check_priority(db_session: Session, priority_id: uuid.UUID | None) -> None:
    from entrega.delivery.models import Priority

    if priority_id is not None and db_session.scalar(select(Priority.id).where(Priority.id == priority_id)) is None:
        raise ValidationError({"priority_id": ["No priority of this government has that id."]})


def record_decision(db_session: Session, meeting: Meeting, text: str, priority_id: uuid.UUID | None) -> Decision:
    _check_open(meeting)
    _check_priority(db_session, priority_id)
    if not text.strip():
        raise ValidationError({"text": ["Write the decision."]})
    decision = Decision(meeting_id=meeting.id, text=text.strip(), priority_id=priority_id)
    db_session.add(decision)
    db_session.flush()
    record(db_session, "create", "decision", decision.id, None, {"meeting": str(meeting.id), "text": decision.text})
    return decision


def action_audit(action: Action) -> dict[str, Any]:
    return {
        "title": action.title, "owner_ministry_id": str(action.owner_ministry_id), "owner_person": action.owner_person,
        "due_on": action.due_on.isoformat(), "status": ActionStatus(action.status).value, "evidence": action.evidence,
        "priority_id": str(action.priority_id) if action.priority_id else None,
    }  # fmt: skip


def add_action(db_session: Session, meeting: Meeting, data: dict[str, Any]) -> Action:
    _check_open(meeting)
    _check_priority(db_session, data.get("priority_id"))
    errors: dict[str, list[str]] = {}
    if not (data.get("title") or "").strip():
        errors["title"] = ["Say what is to be done."]
    elif len(data["title"].strip()) > 300:
        errors["title"] = ["Use at most 300 characters."]
    if len((data.get("owner_person") or "").strip()) > 200:
        errors["owner_person"] = ["Use at most 200 characters."]
    ministry_id = data.get("owner_ministry_id")
    if ministry_id is None or db_session.scalar(select(Ministry.id).where(Ministry.id == ministry_id)) is None:
        errors["owner_ministry_id"] = ["Choose the ministry that answers for it."]
    if not isinstance(data.get("due_on"), date):
        errors["due_on"] = ["Give a due date."]
    if errors:
        raise ValidationError(errors)
    action = Action(
        meeting_id=meeting.id, priority_id=data.get("priority_id"), title=data["title"].strip()[:300],
        owner_ministry_id=ministry_id, owner_person=(data.get("owner_person") or "").strip(), due_on=data["due_on"],
    )  # fmt: skip
    db_session.add(action)
    db_session.flush()
    record(db_session, "create", "action", action.id, None, action_audit(action))
    return action


def update_action(
    db_session: Session, action: Action, changes: dict[str, Any], *, ministry_id: uuid.UUID | None = None
) -> Action:
    """Report progress on an action. `ministry_id` limits a focal point to their own ministry's actions."""
    if ministry_id is not None and action.owner_ministry_id != ministry_id:
        from entrega.delivery.access import NotYourMinistry

        raise NotYourMinistry()
    before = action_audit(action)
    if len((changes.get("owner_person") or "").strip()) > 200:
        raise ValidationError({"owner_person": ["Use at most 200 characters."]})
    for name in ("evidence", "owner_person"):
        if name in changes:
            setattr(action, name, (changes[name] or "").strip())
    if "status" in changes:
        try:
            status = ActionStatus(changes["status"])
        except ValueError:
            raise ValidationError({"status": ["Choose open, done or dropped."]}) from None
        action.status = status
        action.closed_at = None if status is ActionStatus.OPEN else now()
    if action.status is ActionStatus.DONE and not action.evidence:
        raise ValidationError({"evidence": ["Say what shows it is done: the decree, the report, the data."]})
    if "due_on" in changes:
        action.due_on = changes["due_on"]
    after = action_audit(action)
    if after != before:
        record(db_session, "update", "action", action.id, before, after)
    return action


def actions_of_meeting(db_session: Session, meeting_id: uuid.UUID) -> list[Action]:
    return list(db_session.scalars(select(Action).where(Action.meeting_id == meeting_id).order_by(Action.due_on)))


def decisions_of_meeting(db_session: Session, meeting_id: uuid.UUID) -> list[Decision]:
    return list(
        db_session.scalars(select(Decision).where(Decision.meeting_id == meeting_id).order_by(Decision.created_at))
    )
