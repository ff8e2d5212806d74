"""The verbs that change a government's plan: priorities, indicators and their sheets, baselines, targets,
trajectories, milestones, delivery chains and budget. Each validates, writes and audits in one transaction;
the caller commits. Data entry and its review are in `measurements.py`.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from entrega.audit.services import current_actor, record
from entrega.delivery import periods
from entrega.delivery.models import (
    Accumulation,
    Baseline,
    BudgetEntry,
    BudgetProgramme,
    ChainLink,
    Indicator,
    Measurement,
    Milestone,
    MilestoneStatus,
    Priority,
    PriorityProgramme,
    TargetRevision,
    TrajectoryPoint,
)
from entrega.errors import Conflict
from entrega.extensions.contract import Frequency, Polarity
from entrega.extensions.extra_fields import validate_extra
from entrega.extensions.runtime import ResolvedModel
from entrega.tenancy.models import Ministry, Tenant

SDG_TARGET = re.compile(r"^(1[0-7]|[1-9])\.([1-9][0-9]?|[a-z])$")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
CODE_ERROR = "Use 1 to 32 letters, digits, dots, hyphens or underscores, starting with a letter or digit."


def fiscal_start(model: ResolvedModel | None) -> int:
    return model.calendar.fiscal_year_start_month if model else 1


# ---- shared checks ---------------------------------------------------------------------------------------


def _check_code(
    db_session: Session, cls: type[Priority] | type[Indicator], code: str, row_id: uuid.UUID | None
) -> None:
    if not CODE.match(code or ""):
        raise ValidationError({"code": [CODE_ERROR]})
    clash = select(cls.id).where(cls.code == code)
    if row_id is not None:
        clash = clash.where(cls.id != row_id)
    if db_session.scalar(select(exists(clash))):
        raise ValidationError({"code": [f"Another one of this government already uses the code {code!r}."]})


def _check_ministry(db_session: Session, ministry_id: uuid.UUID | None, field: str, *, required: bool = True) -> None:
    if ministry_id is None:
        if required:
            raise ValidationError({field: ["Choose a ministry."]})
        return
    if db_session.scalar(select(Ministry.id).where(Ministry.id == ministry_id)) is None:
        raise ValidationError({field: ["No ministry of this government has that id."]})


def _check_priority(db_session: Session, priority_id: uuid.UUID | None) -> None:
    if priority_id is None:
        raise ValidationError({"priority_id": ["Choose the priority this indicator measures."]})
    if db_session.scalar(select(Priority.id).where(Priority.id == priority_id)) is None:
        raise ValidationError({"priority_id": ["No priority of this government has that id."]})


def _check_lengths(data: dict[str, Any], limits: dict[str, int]) -> None:
    errors = {f: [f"Use at most {n} characters."] for f, n in limits.items() if len(str(data.get(f) or "")) > n}
    if errors:
        raise ValidationError(errors)


def _check_languages(tenant: Tenant, name: Any) -> None:
    if not isinstance(name, dict) or not any(str(text).strip() for text in name.values()):
        raise ValidationError({"name": ["Give the name in at least one of this government's languages."]})
    foreign = sorted(set(name) - set(tenant.languages))
    if foreign:
        raise ValidationError(
            {"name": [f"Not one of this government's languages ({', '.join(tenant.languages)}): {', '.join(foreign)}."]}
        )


def _check_sdg(targets: list[str]) -> list[str]:
    wrong = [t for t in targets if not SDG_TARGET.match(t)]
    if wrong:
        raise ValidationError(
            {"sdg_targets": [f"Not an SDG target (goal.target, like 3.2 or 4.a): {', '.join(wrong)}."]}
        )
    return sorted(set(targets), key=lambda t: [int(p) if p.isdigit() else ord(p) for p in t.split(".")])


def _apply(row: Any, changes: dict[str, Any], fields: tuple[str, ...]) -> None:
    for name in fields:
        if name in changes:
            setattr(row, name, changes[name])


# ---- priorities ------------------------------------------------------------------------------------------

PRIORITY_FIELDS = ("code", "name", "aim", "approach", "recovery", "owner_ministry_id", "sponsor", "plan_alignment",
                   "sdg_targets", "position", "extra")  # fmt: skip
PRIORITY_LIMITS = {"sponsor": 200, "plan_alignment": 300}


def priority_audit(priority: Priority) -> dict[str, Any]:
    return {
        "code": priority.code, "name": dict(priority.name), "aim": priority.aim, "approach": priority.approach,
        "recovery": priority.recovery, "owner_ministry_id": str(priority.owner_ministry_id),
        "sponsor": priority.sponsor, "plan_alignment": priority.plan_alignment,
        "sdg_targets": list(priority.sdg_targets), "position": priority.position, "extra": dict(priority.extra or {}),
    }  # fmt: skip


def create_priority(
    db_session: Session, tenant: Tenant, data: dict[str, Any], model: ResolvedModel | None = None
) -> Priority:
    _check_code(db_session, Priority, data.get("code", ""), None)
    _check_languages(tenant, data.get("name"))
    _check_lengths(data, PRIORITY_LIMITS)
    _check_ministry(db_session, data.get("owner_ministry_id"), "owner_ministry_id")
    values = {name: data[name] for name in PRIORITY_FIELDS if name in data}
    values["sdg_targets"] = _check_sdg(data.get("sdg_targets") or [])
    values["extra"] = validate_extra(model, "priority", data.get("extra"))
    if "position" not in values:
        values["position"] = int(db_session.scalar(select(func.coalesce(func.max(Priority.position), 0))) or 0) + 1
    priority = Priority(**values)
    db_session.add(priority)
    db_session.flush()
    record(db_session, "create", "priority", priority.id, None, priority_audit(priority))
    return priority


def update_priority(
    db_session: Session, tenant: Tenant, priority: Priority, changes: dict[str, Any], model: ResolvedModel | None = None
) -> Priority:
    before = priority_audit(priority)
    if "code" in changes:
        _check_code(db_session, Priority, changes["code"], priority.id)
    if "name" in changes:
        _check_languages(tenant, changes["name"])
    _check_lengths(changes, PRIORITY_LIMITS)
    if "owner_ministry_id" in changes:
        _check_ministry(db_session, changes["owner_ministry_id"], "owner_ministry_id")
    if "sdg_targets" in changes:
        changes = {**changes, "sdg_targets": _check_sdg(changes["sdg_targets"] or [])}
    if "extra" in changes:
        changes = {**changes, "extra": validate_extra(model, "priority", changes["extra"])}
    _apply(priority, changes, PRIORITY_FIELDS)
    after = priority_audit(priority)
    if after != before:
        record(db_session, "update", "priority", priority.id, before, after)
    return priority


def delete_priority(db_session: Session, priority: Priority) -> None:
    if db_session.scalar(select(exists().where(Indicator.priority_id == priority.id))):
        raise Conflict("Move or remove its indicators first: their data must not be lost.", "priority_id")
    record(db_session, "delete", "priority", priority.id, priority_audit(priority), None)
    db_session.delete(priority)


# ---- indicators ------------------------------------------------------------------------------------------

INDICATOR_FIELDS = ("priority_id", "code", "name", "definition", "formula", "unit", "polarity", "frequency",
                    "accumulation", "source", "owner_ministry_id", "owner_person", "disaggregation", "decimals",
                    "extra")  # fmt: skip
INDICATOR_LIMITS = {"unit": 40, "source": 300, "owner_person": 200}
# Changing these would change what stored values mean.
MEANING_FIELDS = ("polarity", "frequency", "accumulation")


def indicator_audit(indicator: Indicator) -> dict[str, Any]:
    out = {name: getattr(indicator, name) for name in INDICATOR_FIELDS}
    for name in ("priority_id", "owner_ministry_id"):
        out[name] = str(out[name])
    for name in ("polarity", "frequency", "accumulation"):
        out[name] = str(out[name].value if hasattr(out[name], "value") else out[name])
    out["name"], out["disaggregation"], out["extra"] = (
        dict(out["name"]),
        list(out["disaggregation"]),
        dict(out["extra"]),
    )
    return out


def _check_frequency(model: ResolvedModel | None, frequency: Any) -> None:
    if model is not None and Frequency(frequency) not in model.calendar.frequencies:
        allowed = ", ".join(f.value for f in model.calendar.frequencies)
        raise ValidationError(
            {"frequency": [f"This government's model reports {allowed}, not {Frequency(frequency).value}."]}
        )


def create_indicator(
    db_session: Session, tenant: Tenant, data: dict[str, Any], model: ResolvedModel | None = None
) -> Indicator:
    _check_code(db_session, Indicator, data.get("code", ""), None)
    _check_languages(tenant, data.get("name"))
    _check_lengths(data, INDICATOR_LIMITS)
    _check_priority(db_session, data.get("priority_id"))
    _check_ministry(db_session, data.get("owner_ministry_id"), "owner_ministry_id")
    frequency = data.get("frequency") or (model.calendar.default_frequency if model else Frequency.MONTHLY)
    _check_frequency(model, frequency)
    values = {name: data[name] for name in INDICATOR_FIELDS if name in data}
    values.update(
        frequency=Frequency(frequency),
        polarity=Polarity(data.get("polarity") or Polarity.UP),
        accumulation=Accumulation(data.get("accumulation") or Accumulation.LEVEL),
        extra=validate_extra(model, "indicator", data.get("extra")),
    )
    indicator = Indicator(**values)
    db_session.add(indicator)
    db_session.flush()
    record(db_session, "create", "indicator", indicator.id, None, indicator_audit(indicator))
    return indicator


def update_indicator(
    db_session: Session,
    tenant: Tenant,
    indicator: Indicator,
    changes: dict[str, Any],
    model: ResolvedModel | None = None,
) -> Indicator:
    before = indicator_audit(indicator)
    if "code" in changes:
        _check_code(db_session, Indicator, changes["code"], indicator.id)
    if "name" in changes:
        _check_languages(tenant, changes["name"])
    if "priority_id" in changes:
        _check_priority(db_session, changes["priority_id"])
    if "owner_ministry_id" in changes:
        _check_ministry(db_session, changes["owner_ministry_id"], "owner_ministry_id")
    if "frequency" in changes:
        _check_frequency(model, changes["frequency"])
    _check_lengths(changes, INDICATOR_LIMITS)
    changed_meaning = [n for n in MEANING_FIELDS if n in changes and str(changes[n]) != before[n]]
    if changed_meaning and db_session.scalar(select(exists().where(Measurement.indicator_id == indicator.id))):
        raise Conflict(
            "This indicator has data: its polarity, frequency and accumulation can no longer change. "
            "Create a new indicator instead.",
            changed_meaning[0],
        )
    if "extra" in changes:
        changes = {**changes, "extra": validate_extra(model, "indicator", changes["extra"])}
    for name, kind in (("polarity", Polarity), ("frequency", Frequency), ("accumulation", Accumulation)):
        if name in changes:
            changes = {**changes, name: kind(changes[name])}
    _apply(indicator, changes, INDICATOR_FIELDS)
    after = indicator_audit(indicator)
    if after != before:
        record(db_session, "update", "indicator", indicator.id, before, after)
    return indicator


# ---- baseline, targets, trajectory -----------------------------------------------------------------------


def baseline_of(db_session: Session, indicator_id: uuid.UUID) -> Baseline | None:
    return db_session.scalar(select(Baseline).where(Baseline.indicator_id == indicator_id))


def set_baseline(
    db_session: Session, indicator: Indicator, value: float, period: date, source: str = "",
    model: ResolvedModel | None = None,
) -> Baseline:  # fmt: skip
    """Record where the indicator started. Once: a baseline is never overwritten (the database refuses too)."""
    if baseline_of(db_session, indicator.id) is not None:
        raise Conflict("The baseline is already set and cannot be changed; revise the target instead.", "value")
    _check_lengths({"source": source}, {"source": 300})
    baseline = Baseline(
        indicator_id=indicator.id,
        value=float(value),
        period=periods.period_start(period, indicator.frequency, fiscal_start(model)),
        source=source,
        set_by=current_actor(),
    )
    db_session.add(baseline)
    db_session.flush()
    record(db_session, "create", "baseline", indicator.id, None,
           {"value": baseline.value, "period": baseline.period.isoformat(), "source": source})  # fmt: skip
    return baseline


def targets_of(db_session: Session, indicator_id: uuid.UUID) -> list[TargetRevision]:
    return list(
        db_session.scalars(
            select(TargetRevision).where(TargetRevision.indicator_id == indicator_id).order_by(TargetRevision.revision)
        )
    )


def revise_target(
    db_session: Session, indicator: Indicator, value: float, due: date, reason: str = "",
    model: ResolvedModel | None = None,
) -> TargetRevision:  # fmt: skip
    """Set the target, or revise it: the original and every revision stay, each with its date and reason."""
    history = targets_of(db_session, indicator.id)
    if history and not reason.strip():
        raise ValidationError({"reason": ["Say why the target is being revised: the original stays on record."]})
    baseline = baseline_of(db_session, indicator.id)
    due_period = periods.period_start(due, indicator.frequency, fiscal_start(model))
    if baseline is not None and due_period <= baseline.period:
        raise ValidationError({"due": ["The target's period must come after the baseline's."]})
    target = TargetRevision(
        indicator_id=indicator.id,
        revision=len(history) + 1,
        value=float(value),
        due=due_period,
        reason=reason.strip(),
        set_by=current_actor(),
    )
    db_session.add(target)
    db_session.flush()
    record(db_session, "create", "target", indicator.id,
           {"value": history[-1].value, "due": history[-1].due.isoformat()} if history else None,
           {"revision": target.revision, "value": target.value, "due": due_period.isoformat(), "reason": target.reason})  # fmt: skip
    return target


def trajectory_of(db_session: Session, indicator_id: uuid.UUID) -> list[TrajectoryPoint]:
    return list(
        db_session.scalars(
            select(TrajectoryPoint).where(TrajectoryPoint.indicator_id == indicator_id).order_by(TrajectoryPoint.period)
        )
    )


def set_trajectory(
    db_session: Session, indicator: Indicator, points: list[tuple[date, float]], model: ResolvedModel | None = None
) -> list[TrajectoryPoint]:
    """Replace the indicator's trajectory with a value per period; the audit log keeps the one it replaces."""
    start = fiscal_start(model)
    cleaned: dict[date, float] = {}
    first_index: dict[date, int] = {}
    errors: dict[str, dict[str, list[str]]] = {}
    for index, (period, value) in enumerate(points):
        aligned = periods.period_start(period, indicator.frequency, start)
        if aligned in cleaned:
            label = periods.label(aligned, indicator.frequency, start)
            errors[str(index)] = {"period": [f"The period {label} appears twice."]}
        cleaned[aligned] = float(value)
        first_index.setdefault(aligned, index)
    baseline = baseline_of(db_session, indicator.id)
    if baseline is not None and cleaned and min(cleaned) <= baseline.period:
        index = first_index[min(cleaned)]
        errors.setdefault(str(index), {}).setdefault("period", []).append(
            "A trajectory starts after the baseline's period."
        )
    if errors:
        raise ValidationError({"points": errors})
    before = [(p.period.isoformat(), p.expected) for p in trajectory_of(db_session, indicator.id)]
    db_session.execute(delete(TrajectoryPoint).where(TrajectoryPoint.indicator_id == indicator.id))
    rows = [TrajectoryPoint(indicator_id=indicator.id, period=p, expected=v) for p, v in sorted(cleaned.items())]
    db_session.add_all(rows)
    db_session.flush()
    record(db_session, "update", "trajectory", indicator.id, {"points": before},
           {"points": [(p.period.isoformat(), p.expected) for p in rows]})  # fmt: skip
    return rows


# ---- milestones and the delivery chain -------------------------------------------------------------------

MILESTONE_FIELDS = ("title", "owner_ministry_id", "owner_person", "due_on", "completed_on", "status", "note")


def milestone_audit(milestone: Milestone) -> dict[str, Any]:
    return {
        "priority_id": str(milestone.priority_id), "title": milestone.title,
        "owner_ministry_id": str(milestone.owner_ministry_id) if milestone.owner_ministry_id else None,
        "owner_person": milestone.owner_person, "due_on": milestone.due_on.isoformat(),
        "completed_on": milestone.completed_on.isoformat() if milestone.completed_on else None,
        "status": MilestoneStatus(milestone.status).value, "note": milestone.note,
    }  # fmt: skip


MILESTONE_LIMITS = {"title": 300, "owner_person": 200}


def _check_milestone(milestone: Milestone) -> None:
    if not (milestone.title or "").strip():
        raise ValidationError({"title": ["Say what the milestone is."]})
    if not isinstance(milestone.due_on, date):
        raise ValidationError({"due_on": ["Give the date it is due."]})
    if milestone.status is MilestoneStatus.DONE and milestone.completed_on is None:
        raise ValidationError({"completed_on": ["Give the date the milestone was completed."]})
    if milestone.completed_on is not None and milestone.status is not MilestoneStatus.DONE:
        raise ValidationError({"status": ["A milestone with a completion date is done."]})


def create_milestone(db_session: Session, priority: Priority, data: dict[str, Any]) -> Milestone:
    _check_lengths(data, MILESTONE_LIMITS)
    _check_ministry(db_session, data.get("owner_ministry_id"), "owner_ministry_id", required=False)
    values = {name: data[name] for name in MILESTONE_FIELDS if name in data}
    values["status"] = MilestoneStatus(data.get("status") or MilestoneStatus.PLANNED)
    milestone = Milestone(priority_id=priority.id, **values)
    _check_milestone(milestone)
    db_session.add(milestone)
    db_session.flush()
    record(db_session, "create", "milestone", milestone.id, None, milestone_audit(milestone))
    return milestone


def update_milestone(db_session: Session, milestone: Milestone, changes: dict[str, Any]) -> Milestone:
    before = milestone_audit(milestone)
    if "owner_ministry_id" in changes:
        _check_ministry(db_session, changes["owner_ministry_id"], "owner_ministry_id", required=False)
    _check_lengths(changes, MILESTONE_LIMITS)
    if "status" in changes:
        changes = {**changes, "status": MilestoneStatus(changes["status"])}
        if changes["status"] is not MilestoneStatus.DONE and "completed_on" not in changes:
            changes["completed_on"] = None  # reopened: it is no longer completed
    _apply(milestone, changes, MILESTONE_FIELDS)
    _check_milestone(milestone)
    after = milestone_audit(milestone)
    if after != before:
        record(db_session, "update", "milestone", milestone.id, before, after)
    return milestone


def delete_milestone(db_session: Session, milestone: Milestone) -> None:
    record(db_session, "delete", "milestone", milestone.id, milestone_audit(milestone), None)
    db_session.delete(milestone)


def chain_of(db_session: Session, priority_id: uuid.UUID) -> list[ChainLink]:
    return list(
        db_session.scalars(select(ChainLink).where(ChainLink.priority_id == priority_id).order_by(ChainLink.position))
    )


def set_chain(db_session: Session, priority: Priority, links: list[dict[str, Any]]) -> list[ChainLink]:
    """Replace the delivery chain, in order from the ministry to the frontline."""
    errors: dict[str, dict[str, list[str]]] = {}
    for index, link in enumerate(links):
        problems: dict[str, list[str]] = {}
        actor = (link.get("actor") or "").strip()
        if not actor:
            problems["actor"] = ["Name the actor."]
        elif len(actor) > 200:
            problems["actor"] = ["Use at most 200 characters."]
        ministry_id = link.get("ministry_id")
        if ministry_id is not None and db_session.scalar(select(Ministry.id).where(Ministry.id == ministry_id)) is None:
            problems["ministry_id"] = ["No ministry of this government has that id."]
        if problems:
            errors[str(index)] = problems
    if errors:
        raise ValidationError({"links": errors})
    before = [_link_audit(link) for link in chain_of(db_session, priority.id)]
    db_session.execute(delete(ChainLink).where(ChainLink.priority_id == priority.id))
    rows = [
        ChainLink(
            priority_id=priority.id, position=index, actor=link["actor"].strip(), role=link.get("role") or "",
            ministry_id=link.get("ministry_id"), weak=bool(link.get("weak")), weakness=link.get("weakness") or "",
        )
        for index, link in enumerate(links)
    ]  # fmt: skip
    db_session.add_all(rows)
    db_session.flush()
    record(db_session, "update", "delivery_chain", priority.id, {"links": before},
           {"links": [_link_audit(link) for link in rows]})  # fmt: skip
    return rows


def _link_audit(link: ChainLink) -> dict[str, Any]:
    return {"actor": link.actor, "role": link.role, "weak": link.weak, "weakness": link.weakness,
            "ministry_id": str(link.ministry_id) if link.ministry_id else None}  # fmt: skip


# ---- budget ----------------------------------------------------------------------------------------------


def create_programme(db_session: Session, data: dict[str, Any]) -> BudgetProgramme:
    code = (data.get("code") or "").strip()
    if not code or len(code) > 40:
        raise ValidationError({"code": ["Give the programme's code in the budget law (up to 40 characters)."]})
    if db_session.scalar(select(exists().where(BudgetProgramme.code == code))):
        raise ValidationError({"code": [f"The programme {code!r} is already recorded."]})
    _check_ministry(db_session, data.get("ministry_id"), "ministry_id", required=False)
    programme = BudgetProgramme(code=code, name=(data.get("name") or "").strip(), ministry_id=data.get("ministry_id"))
    if not programme.name or len(programme.name) > 300:
        raise ValidationError({"name": ["Give the programme's name (up to 300 characters)."]})
    db_session.add(programme)
    db_session.flush()
    record(db_session, "create", "budget_programme", programme.id, None,
           {"code": code, "name": programme.name, "ministry_id": str(programme.ministry_id) if programme.ministry_id else None})  # fmt: skip
    return programme


def set_budget_entry(
    db_session: Session, programme: BudgetProgramme, period: date, allocated: Decimal, executed: Decimal
) -> BudgetEntry:
    """Allocation and execution of a programme for one period; a new figure replaces the old, audited."""
    if allocated < 0 or executed < 0:
        raise ValidationError({"allocated" if allocated < 0 else "executed": ["Amounts cannot be negative."]})
    period = period.replace(day=1)  # budget entries are monthly (or a fiscal year named by its first month)
    entry = db_session.get(BudgetEntry, (programme.tenant_id, programme.id, period))
    before = {"allocated": str(entry.allocated), "executed": str(entry.executed)} if entry else None
    if entry is None:
        entry = BudgetEntry(programme_id=programme.id, period=period, allocated=allocated, executed=executed)
        db_session.add(entry)
    entry.allocated, entry.executed = allocated, executed
    db_session.flush()
    record(db_session, "create" if before is None else "update", "budget_entry", programme.id, before,
           {"period": period.isoformat(), "allocated": str(allocated), "executed": str(executed)})  # fmt: skip
    return entry


def budget_entries_of(db_session: Session, programme_id: uuid.UUID) -> list[BudgetEntry]:
    return list(
        db_session.scalars(
            select(BudgetEntry).where(BudgetEntry.programme_id == programme_id).order_by(BudgetEntry.period)
        )
    )


def programmes_of(db_session: Session, priority_id: uuid.UUID) -> list[BudgetProgramme]:
    return list(
        db_session.scalars(
            select(BudgetProgramme)
            .join(PriorityProgramme, PriorityProgramme.programme_id == BudgetProgramme.id)
            .where(PriorityProgramme.priority_id == priority_id)
            .order_by(BudgetProgramme.code)
        )
    )


def link_programme(db_session: Session, priority: Priority, programme: BudgetProgramme) -> None:
    if db_session.get(PriorityProgramme, (priority.tenant_id, priority.id, programme.id)) is None:
        db_session.add(PriorityProgramme(priority_id=priority.id, programme_id=programme.id))
        record(db_session, "create", "priority_programme", priority.id, None, {"programme": programme.code})


def unlink_programme(db_session: Session, priority: Priority, programme: BudgetProgramme) -> None:
    link = db_session.get(PriorityProgramme, (priority.tenant_id, priority.id, programme.id))
    if link is not None:
        db_session.delete(link)
        record(db_session, "delete", "priority_programme", priority.id, {"programme": programme.code}, None)
