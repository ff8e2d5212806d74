"""The delivery workspace's pages: the priorities overview (worst first) and the priority page, laid out as
Barber's four questions, with the forms that keep a priority's plan: the priority itself, its milestones,
its delivery chain and the budget behind it. Every form posts to a service; the view commits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, format_percent, get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import select
from werkzeug.routing import BuildError

from entrega import db
from entrega.delivery import access, facts, periods, services
from entrega.delivery.charts import trajectory_chart
from entrega.delivery.models import BudgetEntry, BudgetProgramme, Indicator, Milestone, MilestoneStatus, Priority
from entrega.delivery.status import RATING_ORDER
from entrega.delivery.warning import Level, Reason, Signal
from entrega.errors import NotFound, flatten_messages
from entrega.extensions.access import tenant_model
from entrega.extensions.contract import CommonRating, ExtraField, FieldType, Frequency
from entrega.extensions.extra_fields import definitions
from entrega.identity import services as identity
from entrega.tenancy.models import Ministry
from entrega.tenancy.request import current_tenant, tenant_from_path
from entrega.web import charts, navigation
from entrega.web.i18n import chart_labels, localized_text, number
from entrega.web.vocabulary import term

bp = tenant_from_path(Blueprint("delivery_pages", __name__, url_prefix="/t/<tenant_slug>", template_folder="templates"))

navigation.add(
    "delivery_pages.priorities", lambda: term("priority", plural=True, capital=True), scope="tenant", order=20
)

# The platform's words and colours for the common scale, for a government whose model has no level for it.
RATING_WORDS = {
    CommonRating.ON_TRACK: _l("On track"),
    CommonRating.ON_TRACK_WITH_ISSUES: _l("On track with issues"),
    CommonRating.AT_RISK: _l("At risk"),
    CommonRating.OFF_TRACK: _l("Off track"),
}
RATING_COLOURS = {
    CommonRating.ON_TRACK: "#1b7a3a",
    CommonRating.ON_TRACK_WITH_ISSUES: "#667a00",
    CommonRating.AT_RISK: "#b35c00",
    CommonRating.OFF_TRACK: "#b3261e",
}
NOT_RATED_COLOUR = "#595959"
LEVEL_WORDS = {Level.ALERT: _l("Alert"), Level.WATCH: _l("Watch"), Level.CLEAR: _l("Clear")}
LEVEL_COLOURS = {Level.ALERT: "#b3261e", Level.WATCH: "#b35c00", Level.CLEAR: "#1b7a3a"}
MILESTONE_WORDS = {
    MilestoneStatus.PLANNED: _l("Planned"),
    MilestoneStatus.IN_PROGRESS: _l("In progress"),
    MilestoneStatus.DONE: _l("Done"),
    MilestoneStatus.DROPPED: _l("Dropped"),
}
MAX_CHAIN_ROWS = 100
# Column widths the services do not check; the form says so before the database would.
LIMITS = {"sponsor": 200, "plan_alignment": 300, "title": 300, "owner_person": 200, "actor": 200, "name": 300}


# ---- how a status reads --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    key: str  # the common rating, or "none": the stylesheet's hook
    label: str  # the model's own word for the rating, else the platform's
    colour: str  # the model's colour, drawn as a swatch beside the word (never the only cue)


def rating_badge(rating: CommonRating | None) -> Badge:
    if rating is None:
        return Badge("none", _("Not rated"), NOT_RATED_COLOUR)
    model = tenant_model()
    level = next((lv for lv in model.framework.levels if lv.common is rating), None) if model else None
    if level is None:
        return Badge(rating.value, str(RATING_WORDS[rating]), RATING_COLOURS[rating])
    return Badge(rating.value, localized_text(level.label, "en"), level.colour)


def _figure(value: object, indicator: Indicator | None) -> str:
    return number(round(float(value), indicator.decimals if indicator else 1)) if value is not None else "—"  # type: ignore[arg-type]


def describe(reason: Reason, view: facts.PriorityView) -> str:
    """One early-warning reason as a sentence with its figures, in the reader's language."""
    detail = reason.detail
    indicator = next((i.indicator for i in view.indicators if i.indicator.code == reason.subject), None)
    words = {"indicator": term("indicator", capital=True), "code": reason.subject, "trajectory": term("trajectory")}
    if reason.signal is Signal.OFF_TRAJECTORY:
        figures = {
            "actual": _figure(detail.get("actual"), indicator),
            "expected": _figure(detail.get("expected"), indicator),
        }
        if detail.get("rating") == CommonRating.OFF_TRACK.value:
            return _("%(indicator)s %(code)s is off its %(trajectory)s: %(actual)s against %(expected)s expected",
                     **words, **figures)  # fmt: skip
        return _("%(indicator)s %(code)s is behind its %(trajectory)s: %(actual)s against %(expected)s expected",
                 **words, **figures)  # fmt: skip
    if reason.signal is Signal.WORSENING:
        return _("%(indicator)s %(code)s is falling further behind its %(trajectory)s, period after period", **words)
    if reason.signal is Signal.DATA_MISSING:
        count, latest = int(str(detail.get("count") or 0)), detail.get("latest")
        if isinstance(latest, date) and indicator is not None:
            label = periods.label(latest, indicator.frequency, services.fiscal_start(tenant_model()))
            return ngettext("%(num)d period of data missing for %(code)s, the latest %(period)s",
                            "%(num)d periods of data missing for %(code)s, the latest %(period)s",
                            count, code=reason.subject, period=label)  # fmt: skip
        return ngettext("%(num)d period of data missing for %(code)s", "%(num)d periods of data missing for %(code)s",
                        count, code=reason.subject)  # fmt: skip
    if reason.signal is Signal.MILESTONE_SLIPPING:
        named = {"milestone": term("milestone", capital=True), "title": reason.subject}
        if detail.get("not_started"):
            return _("%(milestone)s “%(title)s” is due on %(date)s and has not started",
                     date=format_date(detail["due_on"], "medium"), **named)  # fmt: skip
        return ngettext("%(milestone)s “%(title)s” is %(num)d day late", "%(milestone)s “%(title)s” is %(num)d days late",
                        int(str(detail.get("days_late") or 0)), **named)  # fmt: skip
    if reason.signal is Signal.BUDGET_UNDER_EXECUTED:
        return _("Programme %(code)s executed %(share)s of what was planned by now",
                 code=reason.subject, share=format_percent(float(str(detail.get("share") or 0))))  # fmt: skip
    return reason.subject


def optional_url(endpoint: str, **values: Any) -> str | None:
    """A link to a page another part of the workspace serves, or None while it does not exist."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {"badge": rating_badge, "describe": describe, "optional_url": optional_url, "level_words": LEVEL_WORDS,
            "milestone_words": MILESTONE_WORDS, "fmt_value": _figure}  # fmt: skip


# ---- reading forms -------------------------------------------------------------------------------------


def _today() -> date:
    return identity.now().date()


def _ministries() -> list[Ministry]:
    return list(db.session().scalars(select(Ministry).order_by(Ministry.code)))


def _priority_or_404(priority_id: uuid.UUID) -> Priority:
    try:
        return access.get_priority(db.session(), priority_id)
    except NotFound:
        abort(404)


def _text(form: Any, name: str, errors: dict[str, Any], *, required: bool = False, key: str | None = None) -> str:
    value = (form.get(name) or "").strip()
    field = key or name
    if required and not value:
        errors[field] = [_("This field is required.")]
    elif field.split(".")[-1] in LIMITS and len(value) > LIMITS[field.split(".")[-1]]:
        errors[field] = [_("Use at most %(num)d characters.", num=LIMITS[field.split(".")[-1]])]
    return value


def _choice_id(raw: str | None, field: str, errors: dict[str, Any], *, required: bool = False) -> uuid.UUID | None:
    if not raw:
        if required:
            errors[field] = [_("Choose one from the list.")]
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        errors[field] = [_("Choose one from the list.")]
        return None


def _day(raw: str | None, field: str, errors: dict[str, Any], *, required: bool = False) -> date | None:
    if not raw:
        if required:
            errors[field] = [_("Give a date.")]
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[field] = [_("Write the date as YYYY-MM-DD.")]
        return None


def _amount(raw: str | None, field: str, errors: dict[str, Any]) -> Decimal:
    try:
        value = Decimal((raw or "").strip() or "0")
        if not value.is_finite():
            raise InvalidOperation
        return value
    except InvalidOperation:
        errors[field] = [_("Give an amount, like 1250000.50.")]
        return Decimal(0)


def _status(raw: str | None, errors: dict[str, Any]) -> MilestoneStatus:
    try:
        return MilestoneStatus(raw or MilestoneStatus.PLANNED.value)
    except ValueError:
        errors["status"] = [_("Choose one from the list.")]
        return MilestoneStatus.PLANNED


def read_extra(fields: list[ExtraField], form: Any, errors: dict[str, Any]) -> dict[str, Any]:
    """A model's extra fields from inputs named `extra.<key>`, typed as the model declares them."""
    values: dict[str, Any] = {}
    problems: dict[str, list[str]] = {}
    for field in fields:
        name = f"extra.{field.key}"
        if field.type is FieldType.BOOLEAN:
            values[field.key] = name in form
            continue
        raw = (form.get(name) or "").strip()
        if not raw:
            continue
        if field.type is FieldType.NUMBER:
            try:
                values[field.key] = float(raw)
            except ValueError:
                problems[field.key] = [_("Give a number.")]
        else:
            values[field.key] = raw
    if problems:
        errors["extra"] = problems
    return values


def error_list(messages: dict[str, Any], fields: list[ExtraField] | None = None) -> list[tuple[str, str, str]]:
    """(field path, the field's label, reason) for the summary at the top of a refused form."""
    labels = {
        "code": _("Code"), "name": _("Name"), "aim": _("Aim"), "approach": _("Approach"),
        "recovery": _("Recovery plan"), "owner_ministry_id": _("Owner %(ministry)s", ministry=term("ministry")),
        "ministry_id": term("ministry", capital=True), "sponsor": _("Sponsor"), "plan_alignment": _("Plan alignment"),
        "sdg_targets": _("SDG targets"), "title": _("Title"), "owner_person": _("Person who answers for it"),
        "due_on": _("Due on"), "status": _("Status"), "completed_on": _("Completed on"), "note": _("Note"),
        "actor": _("Actor"), "programme_id": _("Programme"), "period": _("Period"), "allocated": _("Allocated"),
        "executed": _("Executed"),
    }  # fmt: skip
    labels.update({f"extra.{field.key}": localized_text(field.label, "en") for field in fields or []})
    out = []
    for path, reason in flatten_messages(messages):
        parts = path.split(".")
        label = labels.get(path) or labels.get(parts[-1]) or path
        if parts[0] == "links" and len(parts) == 3 and parts[1].isdigit():
            label = _("Link %(num)s: %(field)s", num=int(parts[1]) + 1, field=label)
        out.append((path, label, reason))
    return out


def _check(errors: dict[str, Any]) -> None:
    if errors:
        raise ValidationError(errors)


# ---- the overview --------------------------------------------------------------------------------------


@bp.get("/priorities")
def priorities() -> Any:
    views = facts.load(db.session(), tenant_model(), _today())
    ministries = _ministries()
    ministry, level = request.args.get("ministry", ""), request.args.get("level", "")
    shown = [
        view for view in views
        if (not ministry or str(view.priority.owner_ministry_id) == ministry) and (not level or view.level.value == level)
    ]  # fmt: skip
    return render_template(
        "delivery/priorities.html", tenant=current_tenant(), views=shown, total=len(views), ministries=ministries,
        ministry_names={m.id: m.name for m in ministries}, chosen_ministry=ministry, chosen_level=level,
        glance=_glance(shown),
    )  # fmt: skip


def _glance(views: list[facts.PriorityView]) -> dict[str, charts.Chart] | None:
    if not views:
        return None
    ratings: list[CommonRating | None] = [*RATING_ORDER, None]
    badges = [rating_badge(rating) for rating in ratings]
    plural = term("priority", plural=True, capital=True)
    return {
        "ratings": charts.bars(
            title=_("%(priorities)s by status", priorities=plural), categories=[b.label for b in badges],
            values=[float(sum(1 for v in views if v.rating == r)) for r in ratings],
            colours=[b.colour for b in badges], fmt=number, labels=chart_labels(), width=480,
        ),
        "levels": charts.bars(
            title=_("%(priorities)s by early warning", priorities=plural),
            categories=[str(LEVEL_WORDS[level]) for level in Level],
            values=[float(sum(1 for v in views if v.level is level)) for level in Level],
            colours=[LEVEL_COLOURS[level] for level in Level], fmt=number, labels=chart_labels(), width=480,
        ),
    }  # fmt: skip


# ---- the priority page ---------------------------------------------------------------------------------


@bp.get("/priorities/<uuid:priority_id>")
def priority(priority_id: uuid.UUID) -> Any:
    return _priority_page(_priority_or_404(priority_id))


def _priority_page(
    priority: Priority,
    errors: dict[str, Any] | None = None,
    failed: str = "",
    chain_rows: list[dict[str, Any]] | None = None,
) -> Any:
    db_session = db.session()
    model = tenant_model()
    start = services.fiscal_start(model)
    [view] = facts.load(db_session, model, _today(), priority_ids=[priority.id], complete=True)
    chain = services.chain_of(db_session, priority.id)
    linked = services.programmes_of(db_session, priority.id)
    budget = [(programme, services.budget_entries_of(db_session, programme.id)) for programme in linked]
    others = [p for p in db_session.scalars(select(BudgetProgramme).order_by(BudgetProgramme.code)) if p not in linked]
    ministries = _ministries()
    if chain_rows is None:
        chain_rows = [
            {"actor": link.actor, "role": link.role, "ministry_id": str(link.ministry_id or ""), "weak": link.weak,
             "weakness": link.weakness, "order": str(index + 1)}
            for index, link in enumerate(chain)
        ]  # fmt: skip
        chain_rows.append({"order": str(len(chain_rows) + 1)})
    return render_template(
        "delivery/priority.html", tenant=current_tenant(), priority=priority, view=view, today=_today(),
        charts={i.indicator.id: trajectory_chart(i, start) for i in view.indicators},
        milestones=list(db_session.scalars(
            select(Milestone).where(Milestone.priority_id == priority.id).order_by(Milestone.due_on, Milestone.title)
        )),
        chain=chain, chain_rows=chain_rows, budget=budget, other_programmes=others, ministries=ministries,
        ministry_names={m.id: m.name for m in ministries}, extra_fields=definitions(model, "priority"),
        fiscal_start=start, errors=errors or {}, error_list=error_list(errors or {}), failed=failed,
        form=request.form if errors else {}, statuses=MilestoneStatus, share=execution_share,
        period_label=lambda day: periods.label(day, Frequency.MONTHLY, start),
        period_of=lambda indicator, day: periods.label(day, indicator.frequency, start),
    ), 422 if errors else 200  # fmt: skip


def execution_share(entries: list[BudgetEntry]) -> float | None:
    allocated = sum((e.allocated for e in entries), Decimal(0))
    return float(sum((e.executed for e in entries), Decimal(0)) / allocated) if allocated else None


def _done(priority: Priority, message: str, anchor: str) -> Any:
    db.session().commit()
    flash(message, "status")
    return redirect(url_for("delivery_pages.priority", priority_id=priority.id, _anchor=anchor))


# ---- creating and editing a priority -------------------------------------------------------------------


@bp.route("/priorities/new", methods=["GET", "POST"])
def new_priority() -> Any:
    return _priority_form(None)


@bp.route("/priorities/<uuid:priority_id>/edit", methods=["GET", "POST"])
def edit_priority(priority_id: uuid.UUID) -> Any:
    return _priority_form(_priority_or_404(priority_id))


def _priority_values(priority: Priority | None) -> dict[str, Any]:
    if priority is None:
        return {}
    values: dict[str, Any] = {
        "code": priority.code, "aim": priority.aim, "approach": priority.approach, "recovery": priority.recovery,
        "owner_ministry_id": str(priority.owner_ministry_id), "sponsor": priority.sponsor,
        "plan_alignment": priority.plan_alignment, "sdg_targets": ", ".join(priority.sdg_targets),
    }  # fmt: skip
    values.update({f"name.{lang}": text for lang, text in priority.name.items()})
    for key, value in (priority.extra or {}).items():
        values[f"extra.{key}"] = value if isinstance(value, bool) else str(value)
    return values


def _priority_data(form: Any, languages: list[str], fields: list[ExtraField]) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    name = {lang: _text(form, f"name.{lang}", errors, key="name") for lang in languages}
    name = {lang: text for lang, text in name.items() if text}
    if not name:
        errors["name"] = [_("Give the name in at least one of this government's languages.")]
    data = {
        "code": _text(form, "code", errors), "name": name, "aim": _text(form, "aim", errors),
        "approach": _text(form, "approach", errors), "recovery": _text(form, "recovery", errors),
        "owner_ministry_id": _choice_id(form.get("owner_ministry_id"), "owner_ministry_id", errors, required=True),
        "sponsor": _text(form, "sponsor", errors), "plan_alignment": _text(form, "plan_alignment", errors),
        "sdg_targets": [t.strip() for t in (form.get("sdg_targets") or "").split(",") if t.strip()],
        "extra": read_extra(fields, form, errors),
    }  # fmt: skip
    _check(errors)
    return data


def _priority_form(priority: Priority | None) -> Any:
    tenant, model = current_tenant(), tenant_model()
    fields = definitions(model, "priority")
    errors: dict[str, Any] = {}
    if request.method == "POST":
        db_session = db.session()
        try:
            data = _priority_data(request.form, list(tenant.languages), fields)
            if priority is None:
                priority = services.create_priority(db_session, tenant, data, model)
                message = _("The %(priority)s %(code)s was created.", priority=term("priority"), code=priority.code)
            else:
                services.update_priority(db_session, tenant, priority, data, model)
                message = _("The %(priority)s %(code)s was saved.", priority=term("priority"), code=priority.code)
        except ValidationError as error:
            db_session.rollback()
            errors = error.messages  # type: ignore[assignment]
        else:
            db_session.commit()
            flash(message, "status")
            return redirect(url_for("delivery_pages.priority", priority_id=priority.id))
    return render_template(
        "delivery/priority_form.html", tenant=tenant, priority=priority, ministries=_ministries(), extra_fields=fields,
        values=request.form if errors else _priority_values(priority), errors=errors,
        error_list=error_list(errors, fields), language_names=get_locale().languages if get_locale() else {},
    ), 422 if errors else 200  # fmt: skip


# ---- milestones ----------------------------------------------------------------------------------------


@bp.post("/priorities/<uuid:priority_id>/milestones")
def add_milestone(priority_id: uuid.UUID) -> Any:
    priority = _priority_or_404(priority_id)
    form, errors = request.form, dict[str, Any]()
    data = {
        "title": _text(form, "title", errors, required=True),
        "owner_ministry_id": _choice_id(form.get("owner_ministry_id"), "owner_ministry_id", errors),
        "owner_person": _text(form, "owner_person", errors), "due_on": _day(form.get("due_on"), "due_on", errors, required=True),
        "status": _status(form.get("status"), errors), "completed_on": _day(form.get("completed_on"), "completed_on", errors),
        "note": _text(form, "note", errors),
    }  # fmt: skip
    try:
        _check(errors)
        services.create_milestone(db.session(), priority, data)
    except ValidationError as error:
        db.session().rollback()
        return _priority_page(priority, error.messages, "milestone")  # type: ignore[arg-type]
    return _done(priority, _("The %(milestone)s was added.", milestone=term("milestone")), "milestones")


@bp.post("/priorities/<uuid:priority_id>/milestones/<uuid:milestone_id>")
def update_milestone(priority_id: uuid.UUID, milestone_id: uuid.UUID) -> Any:
    priority = _priority_or_404(priority_id)
    db_session = db.session()
    try:
        milestone = access.get_milestone(db_session, milestone_id)
    except NotFound:
        abort(404)
    if milestone.priority_id != priority.id:
        abort(404)
    if request.form.get("action") == "remove":
        services.delete_milestone(db_session, milestone)
        return _done(priority, _("The %(milestone)s was removed.", milestone=term("milestone")), "milestones")
    errors: dict[str, Any] = {}
    changes = {"status": _status(request.form.get("status"), errors),
               "completed_on": _day(request.form.get("completed_on"), "completed_on", errors)}  # fmt: skip
    try:
        _check(errors)
        services.update_milestone(db_session, milestone, changes)
    except ValidationError as error:
        db_session.rollback()
        return _priority_page(priority, error.messages, f"milestone-{milestone.id}")  # type: ignore[arg-type]
    return _done(priority, _("The %(milestone)s was updated.", milestone=term("milestone")), "milestones")


# ---- the delivery chain --------------------------------------------------------------------------------


def _chain_form_rows(form: Any) -> list[dict[str, Any]]:
    """The chain form's rows as typed: one per `links.<n>.actor`, the blank row for a new link included."""
    rows = []
    for index in range(MAX_CHAIN_ROWS):
        prefix = f"links.{index}."
        if prefix + "actor" not in form:
            break
        row: dict[str, Any] = {name: (form.get(prefix + name) or "").strip()
                               for name in ("actor", "role", "ministry_id", "weakness", "order")}  # fmt: skip
        row.update(index=index, weak=prefix + "weak" in form, remove=prefix + "remove" in form)
        rows.append(row)
    return rows


def _order(row: dict[str, Any]) -> tuple[float, int]:
    try:
        return float(row["order"]), row["index"]
    except ValueError:
        return float(row["index"] + 1), row["index"]


@bp.post("/priorities/<uuid:priority_id>/chain")
def set_chain(priority_id: uuid.UUID) -> Any:
    priority = _priority_or_404(priority_id)
    rows = _chain_form_rows(request.form)
    kept = sorted(
        (r for r in rows if not r["remove"] and (r["actor"] or r["role"] or r["weakness"] or r["weak"])), key=_order
    )
    errors: dict[str, Any] = {}
    links = []
    for row in kept:
        if len(row["actor"]) > LIMITS["actor"]:
            errors[f"links.{row['index']}.actor"] = [_("Use at most %(num)d characters.", num=LIMITS["actor"])]
        ministry_id = _choice_id(row["ministry_id"], f"links.{row['index']}.ministry_id", errors)
        links.append({"actor": row["actor"], "role": row["role"], "ministry_id": ministry_id, "weak": row["weak"],
                      "weakness": row["weakness"]})  # fmt: skip
    try:
        _check(errors)
        services.set_chain(db.session(), priority, links)
    except ValidationError as error:
        db.session().rollback()
        # The service counts the links it was given; the page names the rows the person typed them in.
        by_position = {str(position): row["index"] for position, row in enumerate(kept)}
        messages: dict[str, list[str]] = {}
        for path, reason in flatten_messages(error.messages):
            parts = path.split(".")
            if parts[0] == "links" and len(parts) >= 3 and parts[1] in by_position:
                parts[1] = str(by_position[parts[1]])
            messages.setdefault(".".join(parts), []).append(reason)
        return _priority_page(priority, messages, "chain", rows)
    return _done(priority, _("The %(chain)s was saved.", chain=term("delivery_chain")), "chain")


# ---- budget --------------------------------------------------------------------------------------------


def _programme_or_404(programme_id: uuid.UUID) -> BudgetProgramme:
    try:
        return access.get_programme(db.session(), programme_id)
    except NotFound:
        abort(404)


@bp.post("/priorities/<uuid:priority_id>/programmes")
def add_programme(priority_id: uuid.UUID) -> Any:
    priority = _priority_or_404(priority_id)
    form, errors = request.form, dict[str, Any]()
    data = {"code": _text(form, "code", errors), "name": _text(form, "name", errors),
            "ministry_id": _choice_id(form.get("ministry_id"), "ministry_id", errors)}  # fmt: skip
    db_session = db.session()
    try:
        _check(errors)
        programme = services.create_programme(db_session, data)
        services.link_programme(db_session, priority, programme)
    except ValidationError as error:
        db_session.rollback()
        return _priority_page(priority, error.messages, "programme")  # type: ignore[arg-type]
    return _done(priority, _("The programme %(code)s was added.", code=programme.code), "budget")


@bp.post("/priorities/<uuid:priority_id>/programmes/link")
def link_programme(priority_id: uuid.UUID) -> Any:
    priority = _priority_or_404(priority_id)
    programme_id = _choice_id(request.form.get("programme_id"), "programme_id", {}, required=True)
    db_session = db.session()
    try:
        programme = access.get_programme(db_session, programme_id) if programme_id else None
    except NotFound:
        programme = None
    if programme is None:
        return _priority_page(priority, {"programme_id": [_("Choose one from the list.")]}, "link")
    services.link_programme(db_session, priority, programme)
    return _done(priority, _("The programme %(code)s was linked.", code=programme.code), "budget")


@bp.post("/priorities/<uuid:priority_id>/programmes/<uuid:programme_id>/unlink")
def unlink_programme(priority_id: uuid.UUID, programme_id: uuid.UUID) -> Any:
    priority = _priority_or_404(priority_id)
    programme = _programme_or_404(programme_id)
    services.unlink_programme(db.session(), priority, programme)
    return _done(priority, _("The programme %(code)s was unlinked.", code=programme.code), "budget")


@bp.post("/priorities/<uuid:priority_id>/programmes/<uuid:programme_id>/entries")
def set_budget_entry(priority_id: uuid.UUID, programme_id: uuid.UUID) -> Any:
    priority = _priority_or_404(priority_id)
    programme = _programme_or_404(programme_id)
    form, errors = request.form, dict[str, Any]()
    period = None
    try:
        period = periods.parse(form.get("period") or "", Frequency.MONTHLY, services.fiscal_start(tenant_model()))
    except periods.PeriodError:
        errors["period"] = [_("Write the period as 2025-03 (a month), 2025-Q1 (a quarter) or 2025 (a fiscal year).")]
    allocated, executed = (
        _amount(form.get("allocated"), "allocated", errors),
        _amount(form.get("executed"), "executed", errors),
    )
    try:
        _check(errors)
        services.set_budget_entry(db.session(), programme, period, allocated, executed)  # type: ignore[arg-type]
    except ValidationError as error:
        db.session().rollback()
        return _priority_page(priority, error.messages, f"entry-{programme.id}")  # type: ignore[arg-type]
    return _done(priority, _("The budget of programme %(code)s was recorded.", code=programme.code), "budget")
