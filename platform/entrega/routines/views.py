"""The routines' pages: each routine's meetings on the model's cadence, a meeting's agenda built from the data
with its decisions and follow-up actions, every action across meetings, assessment rounds beside the data,
and data calls with what is still missing. Every form posts to a service; the view commits."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date, lazy_pgettext, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega import db
from entrega.delivery import access as delivery_access
from entrega.delivery import periods
from entrega.delivery.models import Priority
from entrega.delivery.services import fiscal_start
from entrega.delivery.views import LEVEL_WORDS, Badge, optional_url, rating_badge
from entrega.delivery.warning import Level, Signal
from entrega.errors import Conflict, NotFound, flatten_messages
from entrega.extensions.access import tenant_model
from entrega.extensions.contract import CommonRating, Frequency
from entrega.extensions.runtime import ResolvedModel
from entrega.extensions.views import FREQUENCY_LABELS
from entrega.identity import services as identity
from entrega.identity.access import current_principal, required_permission
from entrega.identity.roles import Permission
from entrega.routines import access, assessments, data_calls, services
from entrega.routines.agenda import open_actions
from entrega.routines.models import (
    Action,
    ActionStatus,
    AgendaItem,
    AgendaKind,
    AssessmentRound,
    DataCall,
    Meeting,
    MeetingStatus,
    Reminder,
    RoutineSeries,
)
from entrega.tenancy.models import Ministry
from entrega.tenancy.request import current_tenant, tenant_from_path
from entrega.web import navigation
from entrega.web.i18n import localized_text
from entrega.web.vocabulary import term

bp = tenant_from_path(Blueprint("routines_pages", __name__, url_prefix="/t/<tenant_slug>", template_folder="templates"))

navigation.add("routines_pages.data_calls", _l("Data calls"), scope="tenant", order=35, permission="view")
navigation.add("routines_pages.routines", lambda: term("routine", plural=True, capital=True), scope="tenant", order=50,
               permission="view")  # fmt: skip
navigation.add("routines_pages.actions", lambda: term("action", plural=True, capital=True), scope="tenant", order=55,
               permission="view")  # fmt: skip
navigation.add("routines_pages.assessments", lambda: term("assessment", plural=True, capital=True), scope="tenant",
               order=60, permission="view")  # fmt: skip

MEETING_WORDS = {MeetingStatus.PLANNED: _l("Planned"), MeetingStatus.HELD: _l("Held"),
                 MeetingStatus.CANCELLED: _l("Cancelled")}  # fmt: skip
ACTION_WORDS = {
    ActionStatus.OPEN: lazy_pgettext("action status", "Open"),
    ActionStatus.DONE: _l("Done"),
    ActionStatus.DROPPED: _l("Dropped"),
}
# Column widths the services do not check; the forms say so before the database would.
LIMITS = {"title": 200, "owner_person": 200, "action_title": 300, "text": 5000, "summary": 20000}
Row = TypeVar("Row")


# ---- how the routines read ----------------------------------------------------------------------------


def kind_text(kind: AgendaKind) -> str:
    """Why an item is on the agenda, in words."""
    priority = term("priority", capital=True)
    return {
        AgendaKind.OVERDUE_ACTION: _("Open %(action)s from an earlier meeting", action=term("action")),
        AgendaKind.OFF_TRACK: _("%(priority)s off track or getting worse", priority=priority),
        AgendaKind.MISSING_DATA: _("%(priority)s with data missing", priority=priority),
        AgendaKind.WATCH: _("%(priority)s with a warning sign to watch", priority=priority),
        AgendaKind.OTHER: _("Added by the unit"),
    }[AgendaKind(kind)]


def reason_text(signal: str, subject: str) -> str:
    """One early-warning reason, as the agenda stored it (the signal and what it concerns)."""
    words = {"indicator": term("indicator", capital=True), "code": subject, "trajectory": term("trajectory")}
    named = {"milestone": term("milestone", capital=True), "title": subject}
    texts = {
        Signal.OFF_TRAJECTORY.value: lambda: _("%(indicator)s %(code)s is behind its %(trajectory)s", **words),
        Signal.WORSENING.value: lambda: _("%(indicator)s %(code)s is falling further behind", **words),
        Signal.MILESTONE_SLIPPING.value: lambda: _("%(milestone)s “%(title)s” is slipping", **named),
        Signal.DATA_MISSING.value: lambda: _("Data missing for %(code)s", code=subject),
        Signal.BUDGET_UNDER_EXECUTED.value: lambda: _("Programme %(code)s is spending less than planned", code=subject),
    }
    return texts[signal]() if signal in texts else subject


def item_facts(item: AgendaItem) -> dict[str, Any]:
    """The figures that put an item on the agenda: how late an action is; a priority's rating and reasons."""
    facts = item.facts or {}
    lines: list[str] = []
    if "due_on" in facts:
        due = format_date(date.fromisoformat(facts["due_on"]), "medium")
        if facts.get("overdue"):
            days = int(facts.get("days_late") or 0)
            lines.append(ngettext("Due on %(date)s: %(num)d day late", "Due on %(date)s: %(num)d days late", days,
                                  date=due))  # fmt: skip
        else:
            lines.append(_("Due on %(date)s: not late yet", date=due))
    level = facts.get("level")
    if level in {lv.value for lv in Level}:
        lines.append(_("Early warning: %(level)s", level=LEVEL_WORDS[Level(level)]))
    rating = facts.get("rating")
    return {
        "lines": lines,
        "rating": rating_badge(CommonRating(rating)) if rating in {r.value for r in CommonRating} else None,
        "reasons": [reason_text(r.get("signal", ""), r.get("subject", "")) for r in facts.get("reasons") or []],
    }


def level_badge(key: str | None) -> Badge | None:
    """A judgement on the model's own scale: its word and colour."""
    model = tenant_model()
    if key is None:
        return None
    level = next((lv for lv in model.framework.levels if lv.key == key), None) if model else None
    if level is None:
        return Badge("none", key, "#595959")
    return Badge(level.common.value, localized_text(level.label, "en"), level.colour)


def days_text(due: date, today: date) -> str:
    late = (today - due).days
    if late > 0:
        return ngettext("Overdue by %(num)d day", "Overdue by %(num)d days", late)
    if late == 0:
        return _("Due today")
    return ngettext("Due in %(num)d day", "Due in %(num)d days", -late)


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {"badge": rating_badge, "level_badge": level_badge, "kind_text": kind_text, "item_facts": item_facts,
            "optional_url": optional_url, "frequency_words": FREQUENCY_LABELS, "meeting_words": MEETING_WORDS,
            "action_words": ACTION_WORDS, "days_text": days_text, "today": _today(), "may_run": _may_run()}  # fmt: skip


# ---- shared steps ---------------------------------------------------------------------------------------


def _today() -> date:
    return identity.now().date()


def _may_run() -> bool:
    principal = current_principal()
    return principal is not None and principal.can(Permission.RUN_ROUTINES)


def _found(getter: Callable[[Session, uuid.UUID], Row], row_id: uuid.UUID) -> Row:
    try:
        return getter(db.session(), row_id)
    except NotFound:
        abort(404)


def _save(work: Callable[[], Any], refused: Callable[[dict[str, Any], int], Any], done: Callable[[Any], Any]) -> Any:
    """Run a service: commit and move on, or roll back and show the form again with the reasons."""
    db_session = db.session()
    try:
        result = work()
    except ValidationError as error:
        db_session.rollback()
        return refused(error.normalized_messages(), 422)
    except Conflict as error:
        db_session.rollback()
        return refused({error.field or "form": [error.message]}, 409)
    db_session.commit()
    return done(result)


def _then(message: str, endpoint: str, anchor: str | None = None, **values: Any) -> Callable[[Any], Any]:
    def done(_result: Any) -> Any:
        flash(message, "status")
        return redirect(url_for(endpoint, _anchor=anchor, **values))

    return done


def _text(name: str, errors: dict[str, Any], *, limit: int, required: bool = False) -> str:
    value = (request.form.get(name) or "").strip()
    if required and not value:
        errors[name] = [_("This field is required.")]
    elif len(value) > limit:
        errors[name] = [_("Use at most %(num)d characters.", num=limit)]
    return value


def _day(name: str, errors: dict[str, Any]) -> date | None:
    raw = (request.form.get(name) or "").strip()
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        errors[name] = [_("Write the date as YYYY-MM-DD.")]
        return None


def _choice(name: str, errors: dict[str, Any], allowed: set[uuid.UUID]) -> uuid.UUID | None:
    raw = (request.form.get(name) or "").strip()
    if not raw:
        return None
    try:
        chosen = uuid.UUID(raw)
    except ValueError:
        chosen = None
    if chosen not in allowed:
        errors[name] = [_("Choose one from the list.")]
        return None
    return chosen


def _check(errors: dict[str, Any]) -> None:
    if errors:
        raise ValidationError(errors)


def _priorities() -> list[Priority]:
    return list(db.session().scalars(select(Priority).order_by(Priority.position, Priority.code)))


def _ministries() -> list[Ministry]:
    return list(db.session().scalars(select(Ministry).order_by(Ministry.code)))


def _render(page: str, status: int = 200, **context: Any) -> Any:
    errors = context.get("errors") or {}
    context.update(errors=errors, error_list=flatten_messages(errors), tenant=current_tenant(), model=tenant_model())
    return render_template(f"routines/{page}", **context), status


# ---- the routines and their meetings --------------------------------------------------------------------


@bp.get("/routines")
def routines() -> Any:
    return _routines_page()


def _routines_page(errors: dict[str, Any] | None = None, failed: str = "", status: int = 200) -> Any:
    db_session, model, today = db.session(), tenant_model(), _today()
    order = {t.key: i for i, t in enumerate(model.routines)} if model else {}
    all_series = sorted(db_session.scalars(select(RoutineSeries)), key=lambda s: (order.get(s.template, 99), s.title))
    meetings: dict[uuid.UUID, list[Meeting]] = {}
    for meeting in db_session.scalars(select(Meeting).order_by(Meeting.held_on)):
        meetings.setdefault(meeting.series_id, []).append(meeting)
    rows = []
    for series in all_series:
        held = meetings.get(series.id, [])
        upcoming = [m for m in held if m.held_on >= today and m.status == MeetingStatus.PLANNED]
        rows.append({"series": series, "template": services.template_of(model, series),
                     "next": services.next_date(db_session, series, today), "upcoming": upcoming,
                     "past": [m for m in reversed(held) if m not in upcoming]})  # fmt: skip
    known = {s.template for s in all_series}
    missing = [t for t in model.routines if t.key not in known] if model else []
    form = request.form if errors else {}
    return _render("routines.html", status, rows=rows, missing=missing, errors=errors, failed=failed, form=form)


@bp.post("/routines/setup")
def set_up_routines() -> Any:
    model = tenant_model()
    if model is None:
        return _routines_page(status=409)
    return _save(lambda: services.ensure_series(db.session(), model, _today()), lambda e, s: _routines_page(e, "", s),
                 _then(_("The %(routines)s were set up.", routines=term("routine", plural=True)),
                       "routines_pages.routines"))  # fmt: skip


@bp.post("/routines/<uuid:series_id>/meetings")
def plan_meeting(series_id: uuid.UUID) -> Any:
    series = _found(access.get_series, series_id)

    def work() -> Meeting:
        errors: dict[str, Any] = {}
        held_on = _day("held_on", errors)
        if held_on is None and "held_on" not in errors:
            errors["held_on"] = [_("Give a date.")]
        _check(errors)
        assert held_on is not None
        return services.plan_meeting(db.session(), current_tenant(), tenant_model(), series, held_on, _today())

    def done(meeting: Meeting) -> Any:
        flash(_("The meeting was planned, with its agenda built from the data."), "status")
        return redirect(url_for("routines_pages.meeting", meeting_id=meeting.id))

    return _save(work, lambda e, s: _routines_page(e, str(series.id), s), done)


# ---- a meeting ------------------------------------------------------------------------------------------


@bp.get("/meetings/<uuid:meeting_id>")
def meeting(meeting_id: uuid.UUID) -> Any:
    return _meeting_page(_found(access.get_meeting, meeting_id))


def _moves(items: list[AgendaItem]) -> dict[uuid.UUID, tuple[str | None, str | None]]:
    """For each item, the whole agenda's new order if it moved up, and if it moved down."""
    ids = [str(item.id) for item in items]

    def swapped(i: int, j: int) -> str:
        order = list(ids)
        order[i], order[j] = order[j], order[i]
        return ",".join(order)

    return {item.id: (swapped(i, i - 1) if i > 0 else None, swapped(i, i + 1) if i < len(ids) - 1 else None)
            for i, item in enumerate(items)}  # fmt: skip


def _reports(model: ResolvedModel | None, pre_read: str | None) -> dict[str, Any]:
    """The pre-read pack and the follow-up memo, where the reports' pages exist to produce them."""
    views = current_app.view_functions
    templates = model.reports if model else []
    wanted = [t for t in templates if t.key == pre_read] + [
        t for t in templates if t.kind == "follow_up" and t.key != pre_read
    ]
    needed = required_permission("reports_pages.request_report", "POST")
    principal = current_principal()
    may_request = (
        "reports_pages.request_report" in views and needed is not None and bool(principal and principal.can(needed))
    )
    return {"list": url_for("reports_pages.reports") if "reports_pages.reports" in views else None,
            "request": url_for("reports_pages.request_report") if may_request else None,
            "templates": [(t.key, localized_text(t.label, "en"), t.key == pre_read) for t in wanted]}  # fmt: skip


def _meeting_page(meeting: Meeting, errors: dict[str, Any] | None = None, failed: str = "", status: int = 200) -> Any:
    db_session, model = db.session(), tenant_model()
    series = access.get_series(db_session, meeting.series_id)
    template = services.template_of(model, series)
    items = services.agenda_of(db_session, meeting.id)
    earlier = {m.id: m for m in db_session.scalars(select(Meeting).where(Meeting.held_on < meeting.held_on))}
    priorities, ministries = _priorities(), _ministries()
    return _render(
        "meeting.html", status, meeting=meeting, series=series, template=template, items=items, moves=_moves(items),
        carried=[(a, earlier[a.meeting_id]) for a in open_actions(db_session) if a.meeting_id in earlier],
        decisions=services.decisions_of_meeting(db_session, meeting.id),
        actions=services.actions_of_meeting(db_session, meeting.id), priorities=priorities, ministries=ministries,
        priority_of={p.id: p for p in priorities}, ministry_of={m.id: m for m in ministries},
        reports=_reports(model, template.pre_read if template else None), errors=errors, failed=failed,
        form=request.form if errors else {},
    )  # fmt: skip


def _meeting_form(meeting: Meeting, failed: str) -> Callable[[dict[str, Any], int], Any]:
    return lambda errors, status: _meeting_page(meeting, errors, failed, status)


def _back_to(meeting: Meeting, message: str, anchor: str) -> Callable[[Any], Any]:
    return _then(message, "routines_pages.meeting", anchor, meeting_id=meeting.id)


@bp.post("/meetings/<uuid:meeting_id>/agenda/order")
def reorder_agenda(meeting_id: uuid.UUID) -> Any:
    meeting = _found(access.get_meeting, meeting_id)

    def work() -> Any:
        parts = [p.strip() for value in request.form.getlist("order") for p in value.split(",") if p.strip()]
        try:
            order = [uuid.UUID(p) for p in parts]
        except ValueError:
            raise ValidationError({"order": [_("Name every item of this agenda exactly once.")]}) from None
        return services.reorder_agenda(db.session(), meeting, order)

    return _save(work, _meeting_form(meeting, "agenda"), _back_to(meeting, _("The agenda was reordered."), "agenda"))


@bp.post("/meetings/<uuid:meeting_id>/agenda")
def add_agenda_item(meeting_id: uuid.UUID) -> Any:
    meeting = _found(access.get_meeting, meeting_id)

    def work() -> Any:
        errors: dict[str, Any] = {}
        title = _text("title", errors, limit=LIMITS["action_title"], required=True)
        note = _text("note", errors, limit=LIMITS["text"])
        _check(errors)
        return services.add_agenda_item(db.session(), meeting, title, note)

    return _save(work, _meeting_form(meeting, "new-item"), _back_to(meeting, _("The item was added."), "agenda"))


def _item_of(meeting: Meeting, item_id: uuid.UUID) -> AgendaItem:
    item = _found(access.get_agenda_item, item_id)
    if item.meeting_id != meeting.id:
        abort(404)
    return item


@bp.post("/meetings/<uuid:meeting_id>/agenda/<uuid:item_id>")
def edit_agenda_item(meeting_id: uuid.UUID, item_id: uuid.UUID) -> Any:
    meeting = _found(access.get_meeting, meeting_id)
    item = _item_of(meeting, item_id)

    def work() -> Any:
        errors: dict[str, Any] = {}
        title = _text("title", errors, limit=LIMITS["action_title"], required=True)
        note = _text("note", errors, limit=LIMITS["text"])
        _check(errors)
        return services.edit_agenda_item(db.session(), item, title, note)

    return _save(work, _meeting_form(meeting, f"item-{item.id}"),
                 _back_to(meeting, _("The item was saved."), f"item-{item.id}"))  # fmt: skip


@bp.post("/meetings/<uuid:meeting_id>/agenda/<uuid:item_id>/remove")
def remove_agenda_item(meeting_id: uuid.UUID, item_id: uuid.UUID) -> Any:
    meeting = _found(access.get_meeting, meeting_id)
    item = _item_of(meeting, item_id)
    return _save(lambda: services.remove_agenda_item(db.session(), item), _meeting_form(meeting, "agenda"),
                 _back_to(meeting, _("The item was removed from the agenda."), "agenda"))  # fmt: skip


@bp.post("/meetings/<uuid:meeting_id>/held")
def hold_meeting(meeting_id: uuid.UUID) -> Any:
    meeting = _found(access.get_meeting, meeting_id)

    def work() -> Any:
        errors: dict[str, Any] = {}
        attendees = _text("attendees", errors, limit=LIMITS["text"]).splitlines()
        summary = _text("summary", errors, limit=LIMITS["summary"])
        _check(errors)
        return services.hold_meeting(db.session(), meeting, attendees, summary)

    return _save(
        work, _meeting_form(meeting, "record"), _back_to(meeting, _("The meeting was recorded as held."), "record")
    )


@bp.post("/meetings/<uuid:meeting_id>/cancel")
def cancel_meeting(meeting_id: uuid.UUID) -> Any:
    meeting = _found(access.get_meeting, meeting_id)
    return _save(lambda: services.cancel_meeting(db.session(), meeting), _meeting_form(meeting, "record"),
                 _back_to(meeting, _("The meeting was cancelled."), "record"))  # fmt: skip


@bp.post("/meetings/<uuid:meeting_id>/decisions")
def add_decision(meeting_id: uuid.UUID) -> Any:
    meeting = _found(access.get_meeting, meeting_id)

    def work() -> Any:
        errors: dict[str, Any] = {}
        text = _text("text", errors, limit=LIMITS["text"])
        priority_id = _choice("priority_id", errors, {p.id for p in _priorities()})
        _check(errors)
        return services.record_decision(db.session(), meeting, text, priority_id)

    return _save(
        work, _meeting_form(meeting, "decision"), _back_to(meeting, _("The decision was recorded."), "decisions")
    )


@bp.post("/meetings/<uuid:meeting_id>/actions")
def add_action(meeting_id: uuid.UUID) -> Any:
    meeting = _found(access.get_meeting, meeting_id)

    def work() -> Any:
        errors: dict[str, Any] = {}
        data = {
            "title": _text("title", errors, limit=LIMITS["action_title"]),
            "owner_ministry_id": _choice("owner_ministry_id", errors, {m.id for m in _ministries()}),
            "owner_person": _text("owner_person", errors, limit=LIMITS["owner_person"]),
            "due_on": _day("due_on", errors),
            "priority_id": _choice("priority_id", errors, {p.id for p in _priorities()}),
        }
        try:
            action = services.add_action(db.session(), meeting, data)
        except ValidationError as error:
            errors = {**error.normalized_messages(), **errors}
        _check(errors)
        return action

    return _save(work, _meeting_form(meeting, "action"),
                 _back_to(meeting, _("The %(action)s was added.", action=term("action")), "actions"))  # fmt: skip


# ---- every action ---------------------------------------------------------------------------------------


def _own_ministry() -> uuid.UUID | None:
    """None for the unit's staff (any ministry); a focal point's own ministry otherwise."""
    principal = current_principal()
    if principal is None or principal.can(Permission.RUN_ROUTINES):
        return None
    if principal.ministry_id is None:
        abort(403)  # a focal point without a ministry answers for no action
    return principal.ministry_id


def _may_update(action: Action) -> bool:
    principal = current_principal()
    if principal is None or not principal.can(Permission.UPDATE_OWN_ACTIONS):
        return False
    return principal.can(Permission.RUN_ROUTINES) or principal.ministry_id == action.owner_ministry_id


@bp.get("/actions")
def actions() -> Any:
    return _actions_page()


def _actions_page(errors: dict[str, Any] | None = None, failed: uuid.UUID | None = None, status: int = 200) -> Any:
    db_session, today = db.session(), _today()
    ministry, state = request.args.get("ministry", ""), request.args.get("status", "")

    def shown(action: Action) -> bool:
        overdue = action.status == ActionStatus.OPEN and action.due_on < today
        return (not ministry or str(action.owner_ministry_id) == ministry) and (
            not state or action.status == state or (state == "overdue" and overdue)
        )

    every = list(db_session.scalars(select(Action)))
    rows = sorted(filter(shown, every), key=lambda a: (a.status != ActionStatus.OPEN, a.due_on, a.title))
    meetings = {m.id: m for m in db_session.scalars(select(Meeting))}
    priorities, ministries = _priorities(), _ministries()
    principal = current_principal()
    return _render(
        "actions.html", status, rows=rows, total=len(every), meetings=meetings,
        series_of={s.id: s for s in db_session.scalars(select(RoutineSeries))}, priority_of={p.id: p for p in priorities},
        ministries=ministries, ministry_of={m.id: m for m in ministries}, chosen_ministry=ministry, chosen_status=state,
        may_update=_may_update, errors=errors, failed=failed, form=request.form if errors else {},
        own_ministry=principal.ministry_id if principal and not _may_run() else None,
    )  # fmt: skip


@bp.post("/actions/<uuid:action_id>")
def update_action(action_id: uuid.UUID) -> Any:
    action = _found(access.get_action, action_id)
    ministry_id = _own_ministry()

    def work() -> Any:
        errors: dict[str, Any] = {}
        changes: dict[str, Any] = {}
        if "status" in request.form:
            if request.form["status"] not in {s.value for s in ActionStatus}:
                errors["status"] = [_("Choose one from the list.")]
            changes["status"] = request.form["status"]
        for name, limit in (("evidence", LIMITS["text"]), ("owner_person", LIMITS["owner_person"])):
            if name in request.form:
                changes[name] = _text(name, errors, limit=limit)
        _check(errors)
        return services.update_action(db.session(), action, changes, ministry_id=ministry_id)

    back = {k: v for k, v in request.args.items() if k in ("ministry", "status")}
    return _save(work, lambda errors, status: _actions_page(errors, action.id, status),
                 _then(_("The %(action)s was updated.", action=term("action")), "routines_pages.actions",
                       f"action-{action.id}", **back))  # fmt: skip


# ---- assessment rounds ----------------------------------------------------------------------------------


@bp.get("/assessments", endpoint="assessments")
def assessment_rounds() -> Any:
    return _rounds_page()


def _rounds_page(errors: dict[str, Any] | None = None, status: int = 200) -> Any:
    db_session = db.session()
    rows = [(r, len(assessments.judgements(db_session, r.id))) for r in assessments.rounds(db_session)]
    form = request.form if errors else {"held_on": _today().isoformat()}
    return _render("assessments.html", status, rows=rows, priorities=len(_priorities()), errors=errors, form=form)


@bp.post("/assessments")
def open_round() -> Any:
    def work() -> AssessmentRound:
        errors: dict[str, Any] = {}
        title = _text("title", errors, limit=LIMITS["title"])
        held_on = _day("held_on", errors)
        if held_on is None and "held_on" not in errors:
            errors["held_on"] = [_("Give a date.")]
        _check(errors)
        assert held_on is not None
        return assessments.open_round(db.session(), title, held_on)

    def done(round_: AssessmentRound) -> Any:
        flash(_("The round was opened."), "status")
        return redirect(url_for("routines_pages.assessment_round", round_id=round_.id))

    return _save(work, _rounds_page, done)


def _slots(model: ResolvedModel) -> list[tuple[str, str]]:
    """(form name, area key) of each judgement: the overall one, then the model's areas."""
    return [("overall", assessments.OVERALL)] + [(f"area-{a.key}", a.key) for a in model.framework.areas]


@bp.get("/assessments/<uuid:round_id>")
def assessment_round(round_id: uuid.UUID) -> Any:
    return _round_page(_found(access.get_round, round_id))


def _round_page(
    round_: AssessmentRound, errors: dict[str, Any] | None = None, failed: uuid.UUID | None = None, status: int = 200
) -> Any:
    db_session, model = db.session(), tenant_model()
    if model is None:
        return _render("round.html", status, round=round_)
    history: dict[uuid.UUID, list[tuple[AssessmentRound, Any]]] = {}
    for earlier in assessments.rounds(db_session):
        if earlier.held_on < round_.held_on:
            for priority_id, areas in assessments.judgements(db_session, earlier.id).items():
                if assessments.OVERALL in areas:
                    history.setdefault(priority_id, []).append((earlier, areas[assessments.OVERALL]))
    return _render(
        "round.html", status, round=round_, priorities=_priorities(), slots=_slots(model),
        areas={a.key: a for a in model.framework.areas}, current=assessments.judgements(db_session, round_.id),
        history=history, table=_ranked(assessments.league_table(db_session, model, round_, _today())), errors=errors,
        failed=failed, form=request.form if errors else {},
    )  # fmt: skip


def _ranked(table: list[assessments.Standing]) -> list[tuple[int | None, assessments.Standing]]:
    """The judged priorities ranked in the service's order, then the ones not judged yet, without a rank."""
    judged = [s for s in table if s.level is not None]
    return [(i + 1, s) for i, s in enumerate(judged)] + [(None, s) for s in table if s.level is None]


@bp.post("/assessments/<uuid:round_id>/priorities/<uuid:priority_id>")
def assess_priority(round_id: uuid.UUID, priority_id: uuid.UUID) -> Any:
    round_ = _found(access.get_round, round_id)
    priority = _found(delivery_access.get_priority, priority_id)
    model = tenant_model()
    if model is None:
        return _round_page(round_, status=409)

    def work() -> None:
        errors: dict[str, Any] = {}
        saved = 0
        for slot, area in _slots(model):
            level = (request.form.get(f"level.{slot}") or "").strip()
            rationale = (request.form.get(f"rationale.{slot}") or "").strip()
            if len(rationale) > LIMITS["text"]:
                errors[f"{slot}.rationale"] = [_("Use at most %(num)d characters.", num=LIMITS["text"])]
            if not level:
                if rationale:
                    errors[f"{slot}.level"] = [_("Choose a level, or leave the reasons empty.")]
                continue
            try:
                assessments.assess(db.session(), model, round_, priority, area, level, rationale)
                saved += 1
            except ValidationError as error:
                errors.update({f"{slot}.{field}": m for field, m in error.normalized_messages().items()})
        if not saved and not errors:
            errors["overall.level"] = [_("Choose a level for at least the overall judgement.")]
        _check(errors)

    return _save(work, lambda errors, status: _round_page(round_, errors, priority.id, status),
                 _then(_("The judgements of %(code)s were saved.", code=priority.code),
                       "routines_pages.assessment_round", f"priority-{priority.id}", round_id=round_.id))  # fmt: skip


# ---- data calls -----------------------------------------------------------------------------------------

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@bp.get("/data-calls", endpoint="data_calls")
def calls() -> Any:
    return _calls_page()


def _calls_page(errors: dict[str, Any] | None = None, status: int = 200) -> Any:
    db_session, model, today = db.session(), tenant_model(), _today()
    start = fiscal_start(model)
    rows = []
    for call in db_session.scalars(select(DataCall).order_by(DataCall.period.desc(), DataCall.frequency)):
        gaps = data_calls.missing(db_session, call)
        rows.append((call, periods.label(call.period, call.frequency, start), sum(len(g.indicators) for g in gaps),
                     len(gaps)))  # fmt: skip
    form: Any = request.form
    if not errors:
        frequency = model.calendar.default_frequency if model else Frequency.MONTHLY
        last = periods.period_start(periods.add_months(today.replace(day=1), -1), frequency)
        form = {"period": last.strftime("%Y-%m"), "frequency": frequency.value,
                "deadline": periods.data_due(last, frequency).isoformat()}  # fmt: skip
    return _render("data_calls.html", status, rows=rows, errors=errors, form=form,
                   frequencies=model.calendar.frequencies if model else ())  # fmt: skip


@bp.post("/data-calls")
def create_data_call() -> Any:
    model = tenant_model()
    if model is None:
        return _calls_page(status=409)

    def work() -> DataCall:
        errors: dict[str, Any] = {}
        title = _text("title", errors, limit=LIMITS["title"])
        match = _MONTH.match((request.form.get("period") or "").strip())
        if match is None or not 1 <= int(match[2]) <= 12:
            errors["period"] = [_("Write the period's month as YYYY-MM.")]
        frequency = request.form.get("frequency", "")
        if frequency not in {f.value for f in model.calendar.frequencies}:
            errors["frequency"] = [_("Choose one from the list.")]
        deadline = _day("deadline", errors)
        if deadline is None and "deadline" not in errors:
            errors["deadline"] = [_("Give a date.")]
        _check(errors)
        assert match is not None and deadline is not None
        period = date(int(match[1]), int(match[2]), 1)
        return data_calls.create_call(db.session(), title, period, Frequency(frequency), deadline, fiscal_start(model))

    def done(call: DataCall) -> Any:
        flash(_("The data call was created."), "status")
        return redirect(url_for("routines_pages.data_call", call_id=call.id))

    return _save(work, _calls_page, done)


@bp.get("/data-calls/<uuid:call_id>")
def data_call(call_id: uuid.UUID) -> Any:
    call = _found(access.get_data_call, call_id)
    db_session, model = db.session(), tenant_model()
    first_reminder = max(call.deadline - timedelta(days=data_calls.REMIND_BEFORE_DAYS),
                         periods.period_end(call.period, call.frequency))  # fmt: skip
    reminders = db_session.scalars(
        select(Reminder).where(Reminder.data_call_id == call.id).order_by(Reminder.sent_on.desc(), Reminder.sent_at)
    )
    return _render(
        "data_call.html", call=call, period=periods.label(call.period, call.frequency, fiscal_start(model)),
        gaps=data_calls.missing(db_session, call), reminders=list(reminders), first_reminder=first_reminder,
        ministry_of={m.id: m for m in _ministries()},
    )  # fmt: skip
