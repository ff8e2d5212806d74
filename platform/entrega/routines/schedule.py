"""What runs on its own: every day, each active government gets its priority snapshot, its data-call
reminders and its next meetings planned, each as a job in that government's own binding.

`entrega cron` runs rq's cron scheduler, which enqueues `daily` once a day; `daily` lists the active
governments on the audited platform path (names only) and enqueues one job per government and task. Every
minute it also enqueues the sweep that hands over again the reports and imports the queue never got or lost
(`entrega.jobs.handover`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega.bank import portfolio  # noqa: F401 - registers bank.health
from entrega.identity.services import now
from entrega.jobs import enqueue, tenant_job
from entrega.jobs.handover import sweep
from entrega.routines import data_calls, services  # noqa: F401 - data_calls registers routines.remind
from entrega.routines.models import Meeting, MeetingStatus

if TYPE_CHECKING:
    from rq.cron import CronScheduler

# bank.health takes the day's priority snapshots first, then the government-wide figures a bank may read.
DAILY_TASKS = (("bank.health", "default"), ("routines.remind", "default"), ("routines.plan", "default"))


@tenant_job("routines.plan")
def plan_upcoming(db_session: Session, day: str) -> int:
    """Make sure every routine has its next meeting planned, agenda included. Idempotent."""
    from entrega.extensions.registry import current_registry
    from entrega.extensions.runtime import resolve
    from entrega.extensions.services import current_model
    from entrega.tenancy.models import Tenant

    row = current_model(db_session)
    if row is None:
        return 0
    model = resolve(current_registry(), row.as_config())
    today = date.fromisoformat(day)
    tenant = db_session.get(Tenant, row.tenant_id)
    assert tenant is not None
    planned = 0
    for series in services.ensure_series(db_session, model, today):
        if not series.active:
            continue
        upcoming = db_session.scalar(
            select(Meeting.id).where(
                Meeting.series_id == series.id, Meeting.held_on >= today, Meeting.status == MeetingStatus.PLANNED
            )
        )
        if upcoming is None:
            services.plan_meeting(
                db_session, tenant, model, series, services.next_date(db_session, series, today), today
            )
            planned += 1
    db_session.commit()
    return planned


def daily(day: str | None = None, app: Flask | None = None) -> int:
    """The once-a-day tick (run by a worker): enqueue each government's daily jobs; returns how many."""
    from entrega.jobs.runner import worker_app
    from entrega.tenancy.crossing import cross_tenant_session
    from entrega.tenancy.models import Tenant, TenantStatus

    app = app or worker_app()
    day = day or now().date().isoformat()
    with app.app_context():
        from entrega import db

        with cross_tenant_session(db.engines(), reason="daily routines tick") as db_session:
            tenant_ids = list(db_session.scalars(select(Tenant.id).where(Tenant.status == TenantStatus.ACTIVE)))
            db_session.commit()
        for tenant_id in tenant_ids:
            for name, queue in DAILY_TASKS:
                enqueue(name, tenant_id, day, queue=queue)
    return len(tenant_ids) * len(DAILY_TASKS)


SWEEP_EVERY = "* * * * *"  # a report or import the queue lost waits a minute or so past its grace


def register_cron(scheduler: CronScheduler, daily_at: str) -> None:
    """What `entrega cron` enqueues: the daily tick at `daily_at` (cron, UTC), and the sweep every minute."""
    scheduler.register(daily, "default", cron=daily_at, name="entrega-daily")
    scheduler.register(sweep, "default", cron=SWEEP_EVERY, name="entrega-sweep")
