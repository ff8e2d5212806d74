"""Priority snapshots: each priority's judgement on a day, kept for its history and for the banks a
government shares its statuses with (they read snapshots, not the data behind them)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from entrega.delivery import facts
from entrega.delivery.models import Indicator, Measurement, PrioritySnapshot
from entrega.extensions.runtime import ResolvedModel
from entrega.jobs import tenant_job


def _plain(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def take(db_session: Session, model: ResolvedModel | None, today: date) -> list[PrioritySnapshot]:
    """Record (or refresh) today's snapshot of every priority; the caller commits."""
    freshest = dict(
        db_session.execute(
            select(Indicator.priority_id, func.max(Measurement.entered_at))
            .join(
                Measurement, (Measurement.tenant_id == Indicator.tenant_id) & (Measurement.indicator_id == Indicator.id)
            )
            .group_by(Indicator.priority_id)
        ).all()
    )
    out = []
    for view in facts.load(db_session, model, today):
        priority = view.priority
        snapshot = db_session.get(PrioritySnapshot, (priority.tenant_id, priority.id, today))
        if snapshot is None:
            snapshot = PrioritySnapshot(priority_id=priority.id, taken_on=today)
            db_session.add(snapshot)
        snapshot.code, snapshot.name = priority.code, dict(priority.name)
        snapshot.rating = view.rating.value if view.rating else None
        snapshot.level = view.level.value
        snapshot.reasons = [
            {"signal": r.signal.value, "subject": r.subject, "detail": {k: _plain(v) for k, v in r.detail.items()}}
            for r in view.reasons
        ]
        snapshot.quality = view.quality
        snapshot.latest_value_at = freshest.get(priority.id)
        out.append(snapshot)
    db_session.flush()
    return out


@tenant_job("delivery.snapshot")
def snapshot_job(db_session: Session, day: str) -> int:
    """The nightly snapshot of one government (and on demand): idempotent for a day."""
    from entrega.extensions.registry import current_registry
    from entrega.extensions.runtime import resolve
    from entrega.extensions.services import current_model

    row = current_model(db_session)
    model = resolve(current_registry(), row.as_config()) if row else None
    taken = take(db_session, model, date.fromisoformat(day))
    db_session.commit()
    return len(taken)
