"""Enqueueing: every job names its tenant explicitly and runs inside that tenant's binding."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Flask, current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry

from entrega.config import Settings
from entrega.jobs.runner import run_institution_job, run_tenant_job

QUEUES = ("default", "reports", "imports")
RETRY_INTERVALS = [10, 60, 300]  # seconds between attempts: back off, then give up and keep the failure


def init_app(app: Flask, settings: Settings) -> None:
    app.extensions["entrega.redis"] = Redis.from_url(settings.redis_url) if settings.redis_url else None


def redis_connection() -> Redis | None:
    return current_app.extensions.get("entrega.redis")


def enqueue(name: str, tenant_id: uuid.UUID, *args: Any, queue: str = "default") -> str | None:
    """Run job `name` for `tenant_id`: on rq when Redis is configured, else now, in this process.

    Returns the rq job id, or None when the job already ran in-process.
    """
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}")
    connection = redis_connection()
    if connection is None:
        run_tenant_job(name, str(tenant_id), *args, app=current_app._get_current_object())  # type: ignore[attr-defined]
        return None
    job = Queue(queue, connection=connection).enqueue(
        run_tenant_job,
        name,
        str(tenant_id),
        *args,
        retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS),
    )
    return str(job.id)


def enqueue_for_institution(name: str, institution_id: uuid.UUID, *args: Any, queue: str = "default") -> str | None:
    """Run a bank's job `name` bound to `institution_id` (see `run_institution_job`), otherwise as `enqueue`."""
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}")
    connection = redis_connection()
    if connection is None:
        run_institution_job(name, str(institution_id), *args, app=current_app._get_current_object())  # type: ignore[attr-defined]
        return None
    job = Queue(queue, connection=connection).enqueue(
        run_institution_job, name, str(institution_id), *args,
        retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS),
    )  # fmt: skip
    return str(job.id)


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
