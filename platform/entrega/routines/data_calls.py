"""Data calls: the unit asks the ministries for one period's data by a deadline, reminds them by e-mail
from a background job, and shows what is still missing."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega.audit.services import current_actor, record
from entrega.delivery import periods
from entrega.delivery.models import Indicator, Measurement, MeasurementStatus
from entrega.errors import Conflict
from entrega.extensions.contract import Frequency
from entrega.identity.models import Membership, User
from entrega.identity.roles import Role
from entrega.jobs import tenant_job
from entrega.routines.models import DataCall, Reminder
from entrega.tenancy.models import Ministry

REMIND_BEFORE_DAYS = 3  # the first reminder goes out this many days before the deadline; then daily once late
REMIND_AFTER_DAYS = 30  # a month past its deadline a call stops reminding: the gap is the unit's to raise


def create_call(
    db_session: Session, title: str, period: date, frequency: Frequency, deadline: date, fiscal_start: int = 1
) -> DataCall:
    start = periods.period_start(period, frequency, fiscal_start)
    errors: dict[str, list[str]] = {}
    if not title.strip() or len(title.strip()) > 200:
        errors["title"] = ["Name the call in up to 200 characters, e.g. 'March 2025 data'."]
    if deadline < periods.period_end(start, frequency):
        errors["deadline"] = ["The deadline falls before the period ends."]
    if errors:
        raise ValidationError(errors)
    if db_session.scalar(select(DataCall.id).where(DataCall.period == start, DataCall.frequency == frequency)):
        raise Conflict("There is already a call for that period.", "period")
    call = DataCall(
        title=title.strip(), period=start, frequency=frequency, deadline=deadline, created_by=current_actor()
    )
    db_session.add(call)
    db_session.flush()
    record(db_session, "create", "data_call", call.id, None,
           {"title": call.title, "period": start.isoformat(), "frequency": frequency.value, "deadline": deadline.isoformat()})  # fmt: skip
    return call


@dataclass(frozen=True)
class Missing:
    ministry: Ministry
    indicators: list[Indicator]


def missing(db_session: Session, call: DataCall) -> list[Missing]:
    """Per ministry, its indicators of the call's frequency with no current value for the period."""
    indicators = list(
        db_session.scalars(select(Indicator).where(Indicator.frequency == call.frequency).order_by(Indicator.code))
    )
    answered: dict[uuid.UUID, MeasurementStatus] = {}
    for row in db_session.execute(
        select(Measurement.indicator_id, Measurement.version, Measurement.status)
        .where(Measurement.period == call.period, Measurement.breakdown == "")
        .order_by(Measurement.indicator_id, Measurement.version)
    ):
        answered[row.indicator_id] = row.status  # the latest version wins
    by_ministry: dict[uuid.UUID, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        if answered.get(indicator.id) in (None, MeasurementStatus.RETURNED):
            by_ministry[indicator.owner_ministry_id].append(indicator)
    ministries = {m.id: m for m in db_session.scalars(select(Ministry).where(Ministry.id.in_(list(by_ministry))))}
    return [
        Missing(ministries[mid], items)
        for mid, items in sorted(by_ministry.items(), key=lambda kv: ministries[kv[0]].code)
    ]


def focal_points(db_session: Session, ministry_id: uuid.UUID) -> list[User]:
    return list(
        db_session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.role == Role.FOCAL_POINT, Membership.ministry_id == ministry_id, User.disabled.is_(False))
            .order_by(User.email)
        )
    )


def due_for_reminder(call: DataCall, today: date) -> bool:
    return (call.deadline - today).days <= REMIND_BEFORE_DAYS and today >= periods.period_end(
        call.period, call.frequency
    )


@tenant_job("routines.remind")
def send_reminders(db_session: Session, day: str) -> int:
    """E-mail each ministry with missing data for an open call, once per ministry, call and day.

    Idempotent: each ministry's reminder row commits right after its e-mail went out, so a retried job skips
    the ministries already reminded; a crash between sending and committing sends that one again, which is
    the safe side of a reminder.
    """
    from entrega.identity.mail import send

    today = date.fromisoformat(day)
    sent = 0
    for call in list(db_session.scalars(select(DataCall).order_by(DataCall.deadline))):
        if not due_for_reminder(call, today):
            continue
        for gap in missing(db_session, call):
            if db_session.get(Reminder, (call.tenant_id, call.id, gap.ministry.id, today)) is not None:
                continue
            people = [user.email for user in focal_points(db_session, gap.ministry.id)]
            if not people:
                continue
            lines = "\n".join(f"- {i.code}: {next(iter(i.name.values()), '')}" for i in gap.indicators)
            late = (today - call.deadline).days
            subject = f"{call.title}: {len(gap.indicators)} values {'overdue' if late > 0 else 'due'} by {call.deadline.isoformat()}"
            body = (
                f"{gap.ministry.code}: these indicators have no value yet for {call.title} "
                f"(deadline {call.deadline.isoformat()}):\n\n{lines}\n\nPlease enter them on the data entry page."
            )
            db_session.add(Reminder(data_call_id=call.id, ministry_id=gap.ministry.id, sent_on=today,
                                    recipients=people, missing=len(gap.indicators)))  # fmt: skip
            db_session.flush()
            for person in people:
                send(person, subject, body)
            db_session.commit()
            sent += 1
    db_session.commit()
    return sent
