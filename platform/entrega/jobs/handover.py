"""Work a row stands for and that must not be lost (a report to render, a large import to run): handing it to
the queue, and the sweep that hands it over again when the queue never got it or lost it.

Such a row mixes in `entrega.db.QueuedJob`: the id of its rq job, chosen and committed before the job is
enqueued, and when it was last handed over. `hand_over` commits both, then enqueues; when Redis cannot be
reached the row simply stays waiting and the caller tells the person that it will start once the queue is
back. `sweep` (every minute from `entrega cron`, or called directly) looks at every government's rows still
waiting or being worked on, asks rq about each one's job, and:

- hands over again a row whose job rq does not hold (never enqueued, Redis flushed or lost, or over without
  the row finishing): a waiting one after GRACE, one being worked on after STUCK_AFTER, far beyond rq's job
  timeout, so no worker can still be on it;
- marks failed a row whose job rq gave up on (its last retry died with its worker, or someone stopped it),
  as the job itself would have had it been able to.

Handing over again is safe because every job here is idempotent and atomic: a report is written to a
temporary file and renamed, and its row turns `done` only then; an import writes all its rows in one
transaction or none, and a finished one is left alone. A hand-over claims the row first (its job id changes
only if nobody changed it meanwhile), so two sweeps, or a sweep and a request, never enqueue it twice.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from flask import Flask
from redis import Redis
from sqlalchemy import column, select, table, update
from sqlalchemy.orm import Session

from entrega import db
from entrega.jobs.queue import (
    JobState,
    QueueUnavailable,
    enqueue,
    enqueue_for_institution,
    job_state,
    redis_connection,
)
from entrega.tenancy.binding import bind_institution, tenant_session
from entrega.tenancy.models import Tenant, TenantStatus

log = logging.getLogger(__name__)

# The banks, named by table: the job queue is platform plumbing and imports no feature's models.
INSTITUTIONS = table("institutions", column("id"))
GRACE = timedelta(minutes=1)  # a request commits its row, then enqueues: never that slow
STUCK_AFTER = timedelta(minutes=30)  # ten times rq's default job timeout (180 s), queue wait included


@dataclass(frozen=True)
class QueuedWork:
    """One kind of work: its table (mixing in QueuedJob), its job, and how to run it again or give it up."""

    model: type[Any]
    job: str  # the name registered with @tenant_job
    queue: str
    waiting: Enum  # the row's status until a worker takes it
    working: Enum  # the row's status while a worker is on it
    args: Callable[[Any], tuple[Any, ...]]  # the job's arguments after the tenant, read from the row
    give_up: Callable[[Any], None]  # mark the row failed, saying the work was lost; the caller commits
    # A bank's work (its row has institution_id, no tenant_id) runs bound to the institution instead.
    for_institution: bool = False

    def submit(self, row: Any, job_id: str | None = None) -> str | None:
        """Enqueue the row's job (under `job_id`, when the row has claimed one)."""
        named = {"job_id": job_id} if job_id else {}
        if self.for_institution:
            return enqueue_for_institution(self.job, row.institution_id, *self.args(row), queue=self.queue, **named)
        return enqueue(self.job, row.tenant_id, *self.args(row), queue=self.queue, **named)


_WORK: dict[type[Any], QueuedWork] = {}


def track(work: QueuedWork) -> None:
    """Let `hand_over` and `sweep` handle rows of `work.model`; each capability registers its own."""
    if _WORK.get(work.model, work) is not work:
        raise ValueError(f"{work.model.__name__} is already tracked")
    _WORK[work.model] = work


def _work_of(row: Any) -> QueuedWork:
    try:
        return _WORK[type(row)]
    except KeyError:
        raise LookupError(f"{type(row).__name__} is not tracked as queued work") from None


def _claim(db_session: Session, work: QueuedWork, row: Any, moment: datetime) -> str | None:
    """Give the row a new job id, unless it finished or someone changed its job meanwhile, and commit it
    together with the session's pending changes (the row's new status, say). The new id, or None."""
    job_id = str(uuid.uuid4())
    claimed = db_session.execute(
        update(work.model)
        .where(
            work.model.id == row.id,
            work.model.job_id == row.job_id,
            work.model.status.in_((work.waiting, work.working)),
        )
        .values(job_id=job_id, queued_at=moment)
    )
    db_session.commit()
    return job_id if claimed.rowcount == 1 else None  # type: ignore[attr-defined]


def hand_over(db_session: Session, row: Any) -> bool:
    """Give a row's work to the queue (in-process: do it now). Commits the session first, in the same
    transaction as the row's new job id, so a row put back to waiting never shows its previous job.

    False when the queue cannot be reached: the row stays waiting, and the sweep hands it over once the
    queue is back. A job that runs in-process raises as it would anywhere else.
    """
    work = _work_of(row)
    if redis_connection() is None:
        db_session.commit()
        work.submit(row)
        return True
    job_id = _claim(db_session, work, row, db.utcnow())
    if job_id is None:
        return True  # a sweep claimed it a moment ago and enqueues it
    try:
        work.submit(row, job_id)
    except QueueUnavailable as error:
        log.warning("%s %s kept for the sweep: %s", work.job, row.id, error)
        return False
    return True


@dataclass
class Swept:
    """What one sweep did."""

    handed_over: int = 0
    given_up: int = 0


def sweep(app: Flask | None = None, moment: datetime | None = None) -> Swept:
    """Hand over again every government's work that the queue never got or lost; give up what rq gave up on.

    Run by a worker (`entrega cron` enqueues it every minute) or called directly with an app; `moment`
    stands for now. Reads each active government in its own binding. Raises QueueUnavailable when Redis
    cannot be reached: there is nothing to sweep into.
    """
    from entrega.jobs.runner import worker_app

    flask_app = app or worker_app()
    swept = Swept()
    with flask_app.app_context():
        connection = redis_connection()
        if connection is None:
            return swept  # in-process, every job ran when it was asked for
        moment = moment or db.utcnow()
        engines = db.engines()
        with engines.Session() as listing:
            tenant_ids = list(listing.scalars(select(Tenant.id).where(Tenant.status == TenantStatus.ACTIVE)))
            institution_ids = list(listing.scalars(select(INSTITUTIONS.c.id)))
        for tenant_id in tenant_ids:
            try:
                with tenant_session(engines, tenant_id) as db_session:
                    for work in _WORK.values():
                        if not work.for_institution:
                            _sweep_rows(db_session, connection, work, moment, swept)
            except QueueUnavailable:
                raise
            except Exception:  # one government's trouble must not keep the others' work from being swept
                log.exception("sweep of tenant %s failed", tenant_id)
        for institution_id in institution_ids:  # a bank's own work, in the bank's binding
            try:
                with engines.Session() as db_session:
                    bind_institution(db_session, institution_id)
                    for work in _WORK.values():
                        if work.for_institution:
                            _sweep_rows(db_session, connection, work, moment, swept)
            except QueueUnavailable:
                raise
            except Exception:
                log.exception("sweep of institution %s failed", institution_id)
    if swept.handed_over or swept.given_up:
        log.info("sweep: %s handed over again, %s given up", swept.handed_over, swept.given_up)
    return swept


def _sweep_rows(db_session: Session, connection: Redis, work: QueuedWork, moment: datetime, swept: Swept) -> None:
    unfinished = select(work.model).where(work.model.status.in_((work.waiting, work.working)))
    for row in db_session.scalars(unfinished).all():
        state = job_state(connection, row.job_id)
        if state is JobState.ALIVE:
            continue
        if state is JobState.GIVEN_UP:
            if _unchanged(db_session, work, row):
                work.give_up(row)
                swept.given_up += 1
            db_session.commit()
            continue
        # A row from before job ids were kept may still have its job in rq under an id we do not know.
        patience = GRACE if row.status == work.waiting and row.job_id else STUCK_AFTER
        if moment - row.queued_at < patience:
            continue
        job_id = _claim(db_session, work, row, moment)
        if job_id is not None:
            work.submit(row, job_id)
            swept.handed_over += 1


def _unchanged(db_session: Session, work: QueuedWork, row: Any) -> bool:
    """Lock the row and read it again: still unfinished, under the job we asked rq about?"""
    asked_about = row.job_id
    db_session.refresh(row, with_for_update=True)
    return bool(row.job_id == asked_about and row.status in (work.waiting, work.working))
