"""The delivery workspace's data pages: an indicator's sheet (its baseline, target, trajectory and values),
the technical-sheet form, data entry by the ministries, and the unit's review queue.

Every POST calls one service, then commits, flashes and redirects; a refused request re-renders its page
with the reasons beside the fields (422, or 409 when it clashes with what is stored) and writes nothing.
"""

from __future__ import annotations

import io
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from entrega import db
from entrega.delivery import access, charts, facts, measurements, periods, services, trajectories
from entrega.delivery.models import (
    Accumulation,
    Evidence,
    Indicator,
    Measurement,
    MeasurementStatus,
    Priority,
    TrajectoryPoint,
)
from entrega.delivery.status import due_periods
from entrega.delivery.views import rating_badge, read_extra
from entrega.errors import Conflict, NotFound, flatten_messages
from entrega.extensions.access import tenant_model
from entrega.extensions.contract import Frequency, Polarity
from entrega.extensions.extra_fields import definitions
from entrega.extensions.runtime import ResolvedModel
from entrega.extensions.views import FREQUENCY_LABELS
from entrega.identity.access import can
from entrega.identity.roles import Permission
from entrega.identity.services import now
from entrega.tenancy.models import Ministry
from entrega.tenancy.request import current_tenant, tenant_from_path
from entrega.web import navigation
from entrega.web.vocabulary import term

bp = tenant_from_path(Blueprint("delivery_data", __name__, url_prefix="/t/<tenant_slug>", template_folder="templates"))

navigation.add("delivery_data.data_entry", _l("Data entry"), scope="tenant", order=30, permission="enter_own_data")
navigation.add("delivery_data.review", _l("Review data"), scope="tenant", order=31, permission="review_data")

POLARITY_LABELS = {Polarity.UP: _l("Up is good: more is better"), Polarity.DOWN: _l("Down is good: less is better")}
ACCUMULATION_LABELS = {
    Accumulation.LEVEL: _l("Level: each value is the state at the end of the period"),
    Accumulation.CUMULATIVE: _l("Cumulative: each value is the running total since the baseline"),
    Accumulation.INCREMENTAL: _l("Incremental: each value is what happened in the period; progress is their sum"),
}
VALUE_STATUS_LABELS = {
    MeasurementStatus.SUBMITTED: _l("Submitted"),
    MeasurementStatus.VALIDATED: _l("Validated"),
    MeasurementStatus.PUBLISHED: _l("Published"),
    MeasurementStatus.RETURNED: _l("Returned"),
}
SHAPE_LABELS = {trajectories.Shape.S_CURVE: _l("S-shaped"), trajectories.Shape.LINEAR: _l("Straight line")}
RECENT_PERIODS = 6  # periods a focal point may pick beyond the missing ones
TEXT_LIMITS = {"unit": 40, "source": 300, "owner_person": 200}  # the columns' widths

Row = TypeVar("Row")


# ---- reading forms ---------------------------------------------------------------------------------------


def _found(getter: Callable[[Session, uuid.UUID], Row], row_id: uuid.UUID) -> Row:
    """A tenant-scoped lookup for a page: another government's id (or none) is a plain 404 page."""
    try:
        return getter(db.session(), row_id)
    except NotFound:
        abort(404)


def _errors(error: ValidationError | Conflict) -> dict[str, list[str]]:
    """The reasons by field path ("code", "extra.key", "points.3"), as the templates look them up."""
    if isinstance(error, Conflict):
        return {error.field or "form": [error.message]}
    out: dict[str, list[str]] = defaultdict(list)
    for path, reason in flatten_messages(error.messages):
        # A trajectory's reasons come per point ("points.3"); the form has one field for them all.
        out["points" if path.startswith("points.") else path or "form"].append(reason)
    return dict(out)


def _source(name: str = "source") -> str:
    """A value's source as typed, refused when longer than the column keeps (the services do not check)."""
    text = request.form.get(name, "").strip()
    if len(text) > TEXT_LIMITS["source"]:
        raise ValidationError({name: [_("Use at most %(count)d characters.", count=TEXT_LIMITS["source"])]})
    return text


def _number(text: str | None, name: str) -> float:
    """A number as people type it: 1234.5, 1234,5, 1,234.5 or 1.234,5. With both marks the last one is the
    decimal one; a lone comma is read as a decimal comma (1,5 is one and a half)."""
    raw = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if "," in raw and "." in raw:
        decimal_mark = "," if raw.rfind(",") > raw.rfind(".") else "."
        raw = raw.replace("." if decimal_mark == "," else ",", "").replace(",", ".")
    else:
        raw = raw.replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        raise ValidationError({name: [_("Give a number.")]}) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValidationError({name: [_("Give a number.")]})
    return value


def _period(text: str | None, indicator: Indicator, start: int, name: str = "period") -> date:
    try:
        return periods.parse(text or "", indicator.frequency, start)
    except periods.PeriodError:
        raise ValidationError(
            {name: [_("Write the period as 2025-03, 2025-Q1, 2025-S1, 2025, 2025-W05 or a date.")]}
        ) from None


def _uuid(text: str | None, name: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text) if text else None
    except ValueError:
        raise ValidationError({name: [_("Choose one from the list.")]}) from None


def _indicator_data(form: MultiDict[str, str], model: ResolvedModel | None) -> dict[str, Any]:
    """The technical sheet from the form; what the service cannot judge (types, widths) is checked here."""
    problems: dict[str, Any] = {}
    name = {lang: form.get(f"name.{lang}", "").strip() for lang in current_tenant().languages}
    name = {lang: text for lang, text in name.items() if text}
    if not name:
        problems["name"] = [_("Give the name in at least one of this government's languages.")]
    # Said together with the rest, rather than after they are fixed (the service checks the same rule).
    if not services.CODE.match(form.get("code", "").strip()):
        problems["code"] = [services.CODE_ERROR]
    choices = {"polarity": Polarity, "frequency": Frequency, "accumulation": Accumulation}
    for key, cls in choices.items():
        if form.get(key) not in {member.value for member in cls}:
            problems[key] = [_("Choose one from the list.")]
    for key, limit in TEXT_LIMITS.items():
        if len(form.get(key, "").strip()) > limit:
            problems[key] = [_("Use at most %(count)d characters.", count=limit)]
    decimals = form.get("decimals", "1").strip() or "1"
    if not decimals.isdigit() or int(decimals) > 6:
        problems["decimals"] = [_("Give a whole number from 0 to 6.")]
    try:
        owner = _uuid(form.get("owner_ministry_id"), "owner_ministry_id")
    except ValidationError as error:
        problems.update(error.messages)  # type: ignore[arg-type]
        owner = None
    extra = read_extra(definitions(model, "indicator"), form, problems)
    if problems:
        raise ValidationError(problems)
    return {
        "code": form.get("code", "").strip(),
        "name": name,
        **{key: form.get(key, "").strip() for key in ("definition", "formula", "unit", "source", "owner_person")},
        **{key: cls(form[key]) for key, cls in choices.items()},
        "owner_ministry_id": owner,
        "disaggregation": [part.strip() for part in form.get("disaggregation", "").split(",") if part.strip()],
        "decimals": int(decimals),
        "extra": extra,
    }


def _points(text: str, indicator: Indicator, start: int) -> list[tuple[date, float]]:
    """Trajectory lines "period value", one per line (a tab, a semicolon or spaces between them)."""
    out, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.replace(";", " ").replace("\t", " ").split()
        if not parts:
            continue
        try:
            if len(parts) != 2:
                raise ValidationError("")
            out.append((_period(parts[0], indicator, start), _number(parts[1], "value")))
        except ValidationError:
            problems.append(_("Line %(number)d: write a period and a value, like “2025-03 12.5”.", number=number))
    if problems:
        raise ValidationError({"points": problems})
    if not out:
        raise ValidationError({"points": [_("Give at least one period and its value.")]})
    return out


def _fiscal_start() -> int:
    return services.fiscal_start(tenant_model())


def _today() -> date:
    return now().date()


def _fmt(indicator: Indicator) -> Callable[[float | None], str]:
    pattern = "#,##0" + ("." + "0" * indicator.decimals if indicator.decimals else "")

    def fmt(value: float | None) -> str:
        return "—" if value is None else str(format_decimal(value, format=pattern))

    return fmt


def _labels() -> dict[str, Any]:
    """What every page of this blueprint names the same way."""
    return {
        "polarity_labels": POLARITY_LABELS,
        "accumulation_labels": ACCUMULATION_LABELS,
        "frequency_labels": FREQUENCY_LABELS,
        "badge": rating_badge,
        "value_status_labels": VALUE_STATUS_LABELS,
        "shape_labels": SHAPE_LABELS,
        "label_of": lambda period, frequency: periods.label(period, frequency, _fiscal_start()),
        "due_of": periods.data_due,
        "fmt_of": _fmt,
        "tenant": current_tenant(),
    }


def _ministries() -> list[Ministry]:
    return list(db.session().scalars(select(Ministry).order_by(Ministry.code)))


def _may_enter(indicator: Indicator) -> bool:
    entrant = access.current_entrant()
    return entrant.ministry_id is None or entrant.ministry_id == indicator.owner_ministry_id


# ---- the indicator sheet ---------------------------------------------------------------------------------


def _view_of(indicator: Indicator, model: ResolvedModel | None) -> facts.IndicatorView:
    [priority_view] = facts.load(
        db.session(), model, _today(), priority_ids=[indicator.priority_id], indicator_ids=[indicator.id],
        complete=True,
    )  # fmt: skip
    return priority_view.indicators[0]


@dataclass
class PeriodValues:
    """One period (and breakdown) of an indicator: every version, oldest first, and their evidence."""

    period: date
    breakdown: str
    versions: list[Measurement]
    evidence: dict[uuid.UUID, list[Evidence]] = field(default_factory=dict)

    @property
    def current(self) -> Measurement:
        return self.versions[-1]

    @property
    def files(self) -> list[Evidence]:
        return [item for version in self.versions for item in self.evidence.get(version.id, [])]


def _values_of(indicator: Indicator) -> list[PeriodValues]:
    """Every period's versions, the latest period first."""
    db_session = db.session()
    rows = db_session.scalars(
        select(Measurement)
        .where(Measurement.indicator_id == indicator.id)
        .order_by(Measurement.period.desc(), Measurement.breakdown, Measurement.version)
    )
    grouped: dict[tuple[date, str], PeriodValues] = {}
    for row in rows:
        key = (row.period, row.breakdown)
        grouped.setdefault(key, PeriodValues(row.period, row.breakdown, [])).versions.append(row)
    ids = [m.id for group in grouped.values() for m in group.versions]
    by_measurement: dict[uuid.UUID, list[Evidence]] = defaultdict(list)
    for item in measurements.evidence_of(db_session, ids) if ids else []:
        by_measurement[item.measurement_id].append(item)
    for group in grouped.values():
        group.evidence = by_measurement
    return list(grouped.values())


def _sheet(
    indicator: Indicator,
    *,
    errors: dict[str, list[str]] | None = None,
    active: str | None = None,
    form: dict[str, str] | None = None,
    preview: list[tuple[date, float]] | None = None,
    status: int = 200,
) -> Any:
    db_session = db.session()
    model = tenant_model()
    start = services.fiscal_start(model)
    view = _view_of(indicator, model)
    chart = charts.trajectory_chart(view, start)
    preview_chart = charts.trajectory_chart(_with_path(view, preview), start) if preview is not None else None
    values = _values_of(indicator)
    have = {group.period for group in values if group.breakdown == ""}
    missing = [p for p in due_periods(view.facts, _today(), start) if p not in have]
    # The values table: every period with data and every due period without, the latest first.
    table = sorted([(g.period, g.breakdown, g) for g in values] + [(p, "", None) for p in missing],
                   key=lambda row: (-row[0].toordinal(), row[1]))  # fmt: skip
    trajectory = services.trajectory_of(db_session, indicator.id)
    expected = {point.period: point.expected for point in trajectory}
    # Plain numbers a person can edit and the form reads back: no grouping, the sheet's decimals.
    lines = preview if preview is not None else [(p.period, p.expected) for p in trajectory]
    text = "\n".join(f"{periods.label(p, indicator.frequency, start)} {v:.{indicator.decimals}f}" for p, v in lines)
    return render_template(
        "delivery/indicator.html",
        indicator=indicator,
        priority=db_session.scalar(select(Priority).where(Priority.id == indicator.priority_id)),
        owner=db_session.scalar(select(Ministry).where(Ministry.id == indicator.owner_ministry_id)),
        extra_fields=definitions(model, "indicator"),
        view=view,
        chart=chart,
        preview_chart=preview_chart,
        targets=services.targets_of(db_session, indicator.id),
        table=table,
        missing=missing,
        expected=expected,
        trajectory_text=text if active != "trajectory" or preview is not None else (form or {}).get("points", ""),
        may_enter=_may_enter(indicator),
        errors=errors or {},
        active=active,
        form=form or {},
        today=_today(),
        current_period=periods.period_start(_today(), indicator.frequency, start),
        **_labels(),
    ), status


def _with_path(view: facts.IndicatorView, points: list[tuple[date, float]]) -> facts.IndicatorView:
    """The sheet's view with a drawn trajectory in place of the stored one, to chart it before saving."""
    return replace(view, facts=replace(view.facts, trajectory=tuple(points)))


@bp.get("/indicators/<uuid:indicator_id>")
def indicator(indicator_id: uuid.UUID) -> Any:
    return _sheet(_found(access.get_indicator, indicator_id))


def _refused(indicator: Indicator, error: ValidationError | Conflict, active: str, **extra: Any) -> Any:
    db.session().rollback()
    return _sheet(
        indicator, errors=_errors(error), active=active, form=request.form.to_dict(),
        status=409 if isinstance(error, Conflict) else 422, **extra,
    )  # fmt: skip


@bp.post("/indicators/<uuid:indicator_id>/baseline")
def set_baseline(indicator_id: uuid.UUID) -> Any:
    indicator = _found(access.get_indicator, indicator_id)
    model = tenant_model()
    try:
        value = _number(request.form.get("value"), "value")
        period = _period(request.form.get("period"), indicator, services.fiscal_start(model))
        services.set_baseline(db.session(), indicator, value, period, _source(), model)
    except (ValidationError, Conflict) as error:
        return _refused(indicator, error, "baseline")
    db.session().commit()
    flash(_("The baseline was set."), "status")
    return redirect(url_for("delivery_data.indicator", indicator_id=indicator.id, _anchor="baseline"))


@bp.post("/indicators/<uuid:indicator_id>/target")
def revise_target(indicator_id: uuid.UUID) -> Any:
    indicator = _found(access.get_indicator, indicator_id)
    model = tenant_model()
    try:
        value = _number(request.form.get("value"), "value")
        due = _period(request.form.get("due"), indicator, services.fiscal_start(model), "due")
        services.revise_target(db.session(), indicator, value, due, request.form.get("reason", ""), model)
    except (ValidationError, Conflict) as error:
        return _refused(indicator, error, "target")
    db.session().commit()
    flash(_("The %(target)s was saved.", target=term("target")), "status")
    return redirect(url_for("delivery_data.indicator", indicator_id=indicator.id, _anchor="target"))


@bp.post("/indicators/<uuid:indicator_id>/trajectory")
def set_trajectory(indicator_id: uuid.UUID) -> Any:
    """Draw a path from the baseline to the target to preview it, or save the per-period values."""
    indicator = _found(access.get_indicator, indicator_id)
    db_session = db.session()
    model = tenant_model()
    start = services.fiscal_start(model)
    if request.form.get("action") == "draw":
        try:
            drawn = _draw(indicator, request.form.get("shape", ""), start)
        except ValidationError as error:
            return _refused(indicator, error, "trajectory")
        return _sheet(indicator, active="trajectory", form=request.form.to_dict(), preview=drawn)
    try:
        points = _points(request.form.get("points", ""), indicator, start)
        services.set_trajectory(db_session, indicator, points, model)
    except (ValidationError, Conflict) as error:
        return _refused(indicator, error, "trajectory")
    db_session.commit()
    flash(_("The %(trajectory)s was saved.", trajectory=term("trajectory")), "status")
    return redirect(url_for("delivery_data.indicator", indicator_id=indicator.id, _anchor="trajectory"))


def _draw(indicator: Indicator, shape: str, start: int) -> list[tuple[date, float]]:
    """A path from the baseline to the latest target, straight or S-shaped, to preview before it is saved."""
    db_session = db.session()
    baseline, targets = services.baseline_of(db_session, indicator.id), services.targets_of(db_session, indicator.id)
    if baseline is None or not targets:
        first = _("Set the baseline and the %(target)s first: the path runs between them.", target=term("target"))
        raise ValidationError({"shape": [first]})
    if shape not in {s.value for s in trajectories.Shape}:
        raise ValidationError({"shape": [_("Choose one from the list.")]})
    try:
        return trajectories.draw(
            trajectories.Shape(shape), baseline.period, baseline.value, targets[-1].due, targets[-1].value,
            indicator.frequency, start,
        )  # fmt: skip
    except ValueError:
        later = _("The period of the %(target)s must come after the baseline's.", target=term("target"))
        raise ValidationError({"shape": [later]}) from None


# ---- the technical-sheet form ----------------------------------------------------------------------------


def _sheet_values(indicator: Indicator | None, priority: Priority, model: ResolvedModel | None) -> dict[str, str]:
    """The form's starting values: the indicator's, or sensible defaults for a new one."""
    if indicator is None:
        frequency = model.calendar.default_frequency if model else Frequency.MONTHLY
        return {"polarity": "up", "frequency": frequency.value, "accumulation": "level", "decimals": "1",
                "owner_ministry_id": str(priority.owner_ministry_id)}  # fmt: skip
    values = {f"name.{lang}": text for lang, text in indicator.name.items()}
    values.update({key: str(getattr(indicator, key)) for key in ("code", "definition", "formula", "unit", "source",
                                                                 "owner_person", "decimals", "owner_ministry_id")})  # fmt: skip
    values.update(polarity=indicator.polarity.value, frequency=indicator.frequency.value,
                  accumulation=indicator.accumulation.value, disaggregation=", ".join(indicator.disaggregation))  # fmt: skip
    for key, value in (indicator.extra or {}).items():
        values[f"extra.{key}"] = "on" if value is True else "" if value is False else str(value)
    return values


def _sheet_form(
    priority: Priority, indicator: Indicator | None, form: dict[str, str], errors: dict[str, list[str]], status: int
) -> Any:
    model = tenant_model()
    frequencies = list(model.calendar.frequencies) if model else list(Frequency)
    if indicator is not None and indicator.frequency not in frequencies:
        frequencies.append(indicator.frequency)  # a model changed since: keep the stored one choosable
    return render_template(
        "delivery/indicator_form.html", priority=priority, indicator=indicator, form=form, errors=errors,
        ministries=_ministries(), frequencies=frequencies, extra_fields=definitions(model, "indicator"), **_labels(),
    ), status  # fmt: skip


@bp.route("/priorities/<uuid:priority_id>/indicators/new", methods=["GET", "POST"])
def new_indicator(priority_id: uuid.UUID) -> Any:
    priority = _found(access.get_priority, priority_id)
    model = tenant_model()
    if request.method == "GET":
        return _sheet_form(priority, None, _sheet_values(None, priority, model), {}, 200)
    db_session = db.session()
    try:
        data = {**_indicator_data(request.form, model), "priority_id": priority.id}
        created = services.create_indicator(db_session, current_tenant(), data, model)
    except (ValidationError, Conflict) as error:
        db_session.rollback()
        return _sheet_form(priority, None, request.form.to_dict(), _errors(error), 422)
    db_session.commit()
    flash(_("The %(indicator)s was created.", indicator=term("indicator")), "status")
    return redirect(url_for("delivery_data.indicator", indicator_id=created.id))


@bp.route("/indicators/<uuid:indicator_id>/edit", methods=["GET", "POST"])
def edit_indicator(indicator_id: uuid.UUID) -> Any:
    indicator = _found(access.get_indicator, indicator_id)
    priority = _found(access.get_priority, indicator.priority_id)
    model = tenant_model()
    if request.method == "GET":
        return _sheet_form(priority, indicator, _sheet_values(indicator, priority, model), {}, 200)
    db_session = db.session()
    try:
        services.update_indicator(db_session, current_tenant(), indicator, _indicator_data(request.form, model), model)
    except (ValidationError, Conflict) as error:
        db_session.rollback()
        status = 409 if isinstance(error, Conflict) else 422
        return _sheet_form(priority, indicator, request.form.to_dict(), _errors(error), status)
    db_session.commit()
    flash(_("The technical sheet was saved."), "status")
    return redirect(url_for("delivery_data.indicator", indicator_id=indicator.id))


# ---- data entry ------------------------------------------------------------------------------------------


@dataclass
class EntryRow:
    """One indicator on the data-entry page: what is due, what came back, and the periods one may enter."""

    view: facts.IndicatorView
    priority: Priority
    latest: Measurement | None
    returned: list[Measurement]
    recent: list[Measurement]
    missing: list[date]
    choices: list[tuple[date, str]]  # (period, why it is offered: "missing", "returned" or "")
    default: date | None  # the period the form offers first: one returned, else the latest open
    running: date  # the period under way, which can be entered once it ends


def _latest_versions(indicator_ids: list[uuid.UUID] | None) -> list[Measurement]:
    """The current version of every period's total, for these indicators (None: every indicator)."""
    latest_query = select(
        Measurement.indicator_id, Measurement.period, func.max(Measurement.version).label("version")
    ).where(Measurement.breakdown == "")
    if indicator_ids is not None:
        latest_query = latest_query.where(Measurement.indicator_id.in_(indicator_ids))
    latest = latest_query.group_by(Measurement.indicator_id, Measurement.period).subquery()
    return list(
        db.session().scalars(
            select(Measurement)
            .join(
                latest,
                (latest.c.indicator_id == Measurement.indicator_id)
                & (latest.c.period == Measurement.period)
                & (latest.c.version == Measurement.version),
            )
            .where(Measurement.breakdown == "")
            .order_by(Measurement.period)
        )
    )


def _entry_rows(ministry_id: uuid.UUID | None) -> list[EntryRow]:
    db_session = db.session()
    model = tenant_model()
    start, today = services.fiscal_start(model), _today()
    statement = select(Indicator.id)
    if ministry_id is not None:
        statement = statement.where(Indicator.owner_ministry_id == ministry_id)
    ids = list(db_session.scalars(statement))
    if not ids:
        return []
    current: dict[uuid.UUID, list[Measurement]] = defaultdict(list)
    for row in _latest_versions(ids):
        current[row.indicator_id].append(row)
    out = []
    for priority_view in sorted(
        facts.load(db_session, model, today, indicator_ids=ids), key=lambda v: v.priority.position
    ):
        for view in priority_view.indicators:
            rows = current.get(view.indicator.id, [])
            frequency = view.indicator.frequency
            taken = {m.period for m in rows if m.status is not MeasurementStatus.RETURNED}
            returned = [m for m in rows if m.status is MeasurementStatus.RETURNED]
            missing = [p for p in due_periods(view.facts, today, start) if p not in taken]
            # Periods that have ended (a period still running has no value yet), after the baseline's.
            current_period = periods.period_start(today, frequency, start)
            recent = [_previous(current_period, frequency, start)]
            while len(recent) < RECENT_PERIODS:
                recent.append(_previous(recent[-1], frequency, start))
            tracked = view.facts.tracked_from
            recent = [p for p in recent if tracked is None or p > tracked]
            why = {p: "" for p in recent} | {p: "missing" for p in missing} | {m.period: "returned" for m in returned}
            choices = sorted(((p, reason) for p, reason in why.items() if p not in taken), reverse=True)
            kept = [m for m in rows if m.status is not MeasurementStatus.RETURNED]
            out.append(EntryRow(
                view, priority_view.priority, kept[-1] if kept else None, returned, list(reversed(rows[-3:])),
                missing, choices, returned[-1].period if returned else (choices[0][0] if choices else None),
                current_period,
            ))  # fmt: skip
    return out


def _previous(start: date, frequency: Frequency, fiscal_start: int) -> date:
    return periods.period_start(start - (date.resolution), frequency, fiscal_start)


def _entry_page(
    errors: dict[str, list[str]] | None = None, failed: str | None = None, form: dict[str, str] | None = None,
    status: int = 200,
) -> Any:  # fmt: skip
    entrant = access.current_entrant()
    ministries = _ministries()
    chosen = None
    if entrant.ministry_id is None:
        try:
            chosen = _uuid(request.args.get("ministry"), "ministry")
        except ValidationError:
            chosen = None
    rows = _entry_rows(entrant.ministry_id or chosen)
    own = next((m for m in ministries if m.id == entrant.ministry_id), None)
    shown = {f"submit-{row.view.indicator.id}" for row in rows if row.choices}
    shown |= {f"{kind}-{m.id}" for row in rows for m in row.recent for kind in ("correct", "evidence")}
    return render_template(
        "delivery/data_entry.html", rows=rows, ministries={m.id: m for m in ministries}, own=own,
        unit_staff=entrant.ministry_id is None, chosen=chosen, errors=errors or {}, failed=failed, form=form or {},
        stray=_stray(errors, failed, shown),
        max_mb=measurements.MAX_EVIDENCE_BYTES // (1024 * 1024), accepted=", ".join(measurements.EVIDENCE_TYPES),
        evidence_of=_evidence_by_measurement([m.id for row in rows for m in row.recent]), **_labels(),
    ), status  # fmt: skip


def _stray(errors: dict[str, list[str]] | None, failed: str | None, shown: set[str]) -> dict[str, list[str]]:
    """Reasons for a form the page no longer shows (a value corrected meanwhile): said at the top instead."""
    if not errors or failed in shown:
        return {}
    return {"form": [reason for reasons in errors.values() for reason in reasons]}


def _evidence_by_measurement(ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Evidence]]:
    out: dict[uuid.UUID, list[Evidence]] = defaultdict(list)
    for item in measurements.evidence_of(db.session(), ids) if ids else []:
        out[item.measurement_id].append(item)
    return out


@bp.get("/data")
def data_entry() -> Any:
    return _entry_page()


def _upload() -> tuple[str, str, bytes] | None:
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return None
    return upload.filename, upload.mimetype or "", upload.read(measurements.MAX_EVIDENCE_BYTES + 1)


def _back(origin: str, indicator: Indicator) -> Any:
    if origin == "sheet":
        return redirect(url_for("delivery_data.indicator", indicator_id=indicator.id, _anchor="values"))
    return redirect(url_for("delivery_data.data_entry", _anchor=f"indicator-{indicator.id}"))


def _entry_refused(origin: str, indicator: Indicator, key: str, error: ValidationError | Conflict) -> Any:
    """Nothing was written: the page the form came from, again, with the reasons beside that form."""
    db.session().rollback()
    status = 409 if isinstance(error, Conflict) else 422
    if origin == "sheet":
        return _sheet(indicator, errors=_errors(error), active=key, form=request.form.to_dict(), status=status)
    return _entry_page(_errors(error), key, request.form.to_dict(), status)


@bp.post("/indicators/<uuid:indicator_id>/values")
def submit_value(indicator_id: uuid.UUID) -> Any:
    indicator = _found(access.get_indicator, indicator_id)
    entrant = access.current_entrant()
    entrant.check(indicator)  # another ministry's indicator: 403 before anything is read from the form
    db_session = db.session()
    model = tenant_model()
    key = f"submit-{indicator.id}"
    try:
        period = _period(request.form.get("period"), indicator, services.fiscal_start(model))
        value = _number(request.form.get("value"), "value")
        measurement = measurements.submit(
            db_session, indicator, period, value, entrant=entrant, source=_source(),
            note=request.form.get("note", ""), model=model,
        )  # fmt: skip
        upload = _upload()
        if upload is not None:
            measurements.add_evidence(db_session, measurement, indicator, *upload, entrant=entrant)
    except (ValidationError, Conflict) as error:
        return _entry_refused("entry", indicator, key, error)
    db_session.commit()
    label = periods.label(measurement.period, indicator.frequency, services.fiscal_start(model))
    flash(_("The value for %(period)s was submitted for review.", period=label), "status")
    return _back("entry", indicator)


@bp.post("/measurements/<uuid:measurement_id>/correct")
def correct_value(measurement_id: uuid.UUID) -> Any:
    measurement = _found(access.get_measurement, measurement_id)
    indicator = _found(access.get_indicator, measurement.indicator_id)
    entrant = access.current_entrant()
    entrant.check(indicator)
    origin = request.form.get("origin", "entry")
    db_session = db.session()
    try:
        value = _number(request.form.get("value"), "value")
        corrected = measurements.correct(
            db_session, measurement, indicator, value, entrant=entrant, note=request.form.get("note", ""),
            source=_source(), model=tenant_model(),
        )  # fmt: skip
    except (ValidationError, Conflict) as error:
        return _entry_refused(origin, indicator, f"correct-{measurement.id}", error)
    db_session.commit()
    flash(_("Version %(version)d was submitted for review; the earlier ones stay on record.",
            version=corrected.version), "status")  # fmt: skip
    return _back(origin, indicator)


@bp.post("/measurements/<uuid:measurement_id>/evidence")
def add_evidence(measurement_id: uuid.UUID) -> Any:
    measurement = _found(access.get_measurement, measurement_id)
    indicator = _found(access.get_indicator, measurement.indicator_id)
    entrant = access.current_entrant()
    entrant.check(indicator)
    origin = request.form.get("origin", "entry")
    db_session = db.session()
    try:
        upload = _upload()
        if upload is None:
            raise ValidationError({"file": [_("Choose a file to attach.")]})
        measurements.add_evidence(db_session, measurement, indicator, *upload, entrant=entrant)
    except (ValidationError, Conflict) as error:
        return _entry_refused(origin, indicator, f"evidence-{measurement.id}", error)
    db_session.commit()
    flash(_("The evidence was attached."), "status")
    return _back(origin, indicator)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error: RequestEntityTooLarge) -> Any:
    """A request past the app's limit is refused before anything is read from it (or anyone signed in)."""
    explanation = _("A file of evidence may be up to %(mb)d MB: nothing was saved. Go back and attach a smaller "
                    "file, or split it.", mb=measurements.MAX_EVIDENCE_BYTES // (1024 * 1024))  # fmt: skip
    return render_template("errors/error.html", code=413, title=_("The file is too large"),
                           explanation=explanation), 413  # fmt: skip


@bp.get("/evidence/<uuid:evidence_id>")
def evidence(evidence_id: uuid.UUID) -> Response:
    """A stored file, always as a download: never rendered in the page's origin."""
    item = _found(access.get_evidence, evidence_id)
    response = send_file(
        io.BytesIO(item.content), mimetype=item.content_type, as_attachment=True, download_name=item.filename,
        max_age=0,
    )  # fmt: skip
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# ---- review ----------------------------------------------------------------------------------------------


@dataclass
class QueueItem:
    measurement: Measurement
    indicator: Indicator
    previous: Measurement | None  # the version this one corrects
    files: list[Evidence]
    expected: float | None  # where the trajectory says the indicator should be in that period


def _queue() -> list[QueueItem]:
    """Current values waiting for the unit: submitted or validated, oldest first."""
    db_session = db.session()
    waiting = [
        m for m in _latest_versions(None) if m.status in (MeasurementStatus.SUBMITTED, MeasurementStatus.VALIDATED)
    ]
    waiting.sort(key=lambda m: m.entered_at)
    ids = {m.indicator_id for m in waiting}
    indicators = {i.id: i for i in db_session.scalars(select(Indicator).where(Indicator.id.in_(ids)))}
    earlier: dict[tuple[uuid.UUID, date, int], Measurement] = {}
    corrected = {m.indicator_id for m in waiting if m.version > 1}
    if corrected:
        statement = select(Measurement).where(Measurement.indicator_id.in_(corrected), Measurement.breakdown == "")
        earlier = {(row.indicator_id, row.period, row.version): row for row in db_session.scalars(statement)}
    path = {
        (point.indicator_id, point.period): point.expected
        for point in db_session.scalars(select(TrajectoryPoint).where(TrajectoryPoint.indicator_id.in_(ids)))
    }
    files = _evidence_by_measurement([m.id for m in waiting])
    return [
        QueueItem(
            m,
            indicators[m.indicator_id],
            earlier.get((m.indicator_id, m.period, m.version - 1)),
            files[m.id],
            path.get((m.indicator_id, m.period)),
        )
        for m in waiting
    ]


def _review_page(
    errors: dict[str, list[str]] | None = None, failed: str | None = None, form: dict[str, str] | None = None,
    status: int = 200,
) -> Any:  # fmt: skip
    queue = _queue()
    return render_template(
        "delivery/review.html", queue=queue, errors=errors or {}, failed=failed, form=form or {},
        stray=_stray(errors, failed, {str(item.measurement.id) for item in queue}),
        may_publish=can(Permission.PUBLISH_DATA), **_labels(),
    ), status  # fmt: skip


@bp.get("/review")
def review() -> Any:
    return _review_page()


@bp.post("/measurements/<uuid:measurement_id>/review")
def review_value(measurement_id: uuid.UUID) -> Any:
    measurement = _found(access.get_measurement, measurement_id)
    action = request.form.get("action", "")
    if action == measurements.Review.PUBLISH and not can(Permission.PUBLISH_DATA):
        abort(403)
    db_session = db.session()
    try:
        measurements.review(db_session, measurement, action, request.form.get("reason", ""))
    except (ValidationError, Conflict) as error:
        db_session.rollback()
        status = 409 if isinstance(error, Conflict) else 422
        return _review_page(_errors(error), str(measurement.id), request.form.to_dict(), status)
    db_session.commit()
    messages = {
        measurements.Review.VALIDATE: _("The value was validated."),
        measurements.Review.PUBLISH: _("The value was published."),
        measurements.Review.RETURN: _(
            "The value was returned to the %(ministry)s with your reason.", ministry=term("ministry")
        ),
    }
    flash(messages[action], "status")
    return redirect(url_for("delivery_data.review"))
