"""Enqueueing: every job names its tenant explicitly and runs inside that tenant's binding."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from enum import Enum
from typing import Any

from flask import Flask, current_app
from redis import Redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import RedisError
from redis.retry import Retry as RedisRetry
from rq import Queue, Retry
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus

from entrega.config import Settings
from entrega.jobs.runner import run_institution_job, run_tenant_job

QUEUES = ("default", "reports", "imports")
RETRY_INTERVALS = [10, 60, 300]  # seconds between attempts: back off, then give up and keep the failure
# redis-py's default (ten retries, up to a second apart) holds a request for seconds while Redis is down; the
# web asks Redis only for short things (an enqueue, a rate-limit count), so it retries once and moves on.
REDIS_OPTIONS: dict[str, Any] = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "retry": RedisRetry(ExponentialBackoff(cap=0.1, base=0.02), 1),
}


class QueueUnavailable(RuntimeError):
    """Redis could not take the job: the caller keeps its work and hands it over later (see `handover`)."""


class JobState(Enum):
    """What rq knows of a job, as far as the work it stands for is concerned."""

    ALIVE = "alive"  # waiting, scheduled for a retry, or being worked on
    GONE = "gone"  # not in Redis (never enqueued, flushed, expired) or over: nobody will work on it
    GIVEN_UP = "given up"  # failed its last retry, or stopped or cancelled by hand


def init_app(app: Flask, settings: Settings) -> None:
    app.extensions["entrega.redis"] = (
        Redis.from_url(settings.redis_url, **REDIS_OPTIONS) if settings.redis_url else None
    )


def redis_connection() -> Redis | None:
    return current_app.extensions.get("entrega.redis")


def enqueue(
    name: str, tenant_id: uuid.UUID, *args: Any, queue: str = "default", job_id: str | None = None
) -> str | None:
    """Run job `name` for `tenant_id`: on rq when Redis is configured, else now, in this process.

    Returns the rq job id, or None when the job already ran in-process. With `job_id`, the job is enqueued
    only if no job of that id exists yet (atomically, in Redis), so two hands giving the same work to the
    queue at once enqueue it once. Raises QueueUnavailable when Redis cannot be reached.
    """
    return _submit(run_tenant_job, name, tenant_id, args, queue, job_id)


def enqueue_for_institution(
    name: str, institution_id: uuid.UUID, *args: Any, queue: str = "default", job_id: str | None = None
) -> str | None:
    """Run a bank's job `name` bound to `institution_id` (see `run_institution_job`), otherwise as `enqueue`."""
    return _submit(run_institution_job, name, institution_id, args, queue, job_id)


def _submit(
    runner: Callable[..., Any], name: str, owner_id: uuid.UUID, args: tuple[Any, ...], queue: str, job_id: str | None
) -> str | None:
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}")
    connection = redis_connection()
    if connection is None:
        runner(name, str(owner_id), *args, app=current_app._get_current_object())  # type: ignore[attr-defined]
        return None
    try:
        job = Queue(queue, connection=connection).enqueue(
            runner, name, str(owner_id), *args,
            retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS),
            job_id=job_id, unique=job_id is not None,
        )  # fmt: skip
    except DuplicateJobError:
        return job_id  # already in the queue: whoever enqueued it first did the work of this call
    except RedisError as error:
        raise QueueUnavailable(f"the job queue is unreachable: {error}") from error
    return str(job.id)


def job_state(connection: Redis, job_id: str) -> JobState:
    """Whether anyone will still work on rq job `job_id`. Raises QueueUnavailable when Redis cannot be reached."""
    if not job_id:
        return JobState.GONE
    try:
        status = Job.fetch(job_id, connection=connection).get_status(refresh=False)
    except NoSuchJobError:
        return JobState.GONE
    except RedisError as error:
        raise QueueUnavailable(f"the job queue is unreachable: {error}") from error
    if status == JobStatus.FINISHED:
        return JobState.GONE
    if status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
        return JobState.GIVEN_UP
    return JobState.ALIVE


def check_backend() -> str:
    connection = redis_connection()
    if connection is None:
        return "in-process"
    try:
        connection.ping()
    except RedisError:
        current_app.logger.warning("readiness: Redis unreachable")
        return "unavailable"
    return "ok"
