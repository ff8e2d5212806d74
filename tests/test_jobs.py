"""Jobs carry their tenant and run inside its binding: on a real rq worker over Redis, and in-process."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import Job
from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega import jobs
from entrega.jobs import runner
from entrega.tenancy.models import Ministry
from tests.conftest import Backend, TwoTenants

SEEN: list[tuple[str, list[str]]] = []


@jobs.tenant_job("tests.codes_visible")
def codes_visible(db_session: Session, label: str) -> list[str]:
    codes = sorted(db_session.scalars(select(Ministry.code)))
    SEEN.append((label, codes))
    return codes


@pytest.fixture(autouse=True)
def _clear_seen() -> None:
    SEEN.clear()


def test_in_process_jobs_run_now_inside_the_tenant_binding(app: Flask, two_tenants: TwoTenants) -> None:
    with app.app_context():
        assert jobs.enqueue("tests.codes_visible", two_tenants.b.id, "b") is None
    assert SEEN == [("b", ["SAUDE"])]


@pytest.mark.redis
def test_an_rq_worker_runs_each_job_in_its_own_tenant(
    pg_backend: Backend, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from entrega.app import create_app
    from tests.conftest import _two_tenants

    settings = pg_backend.settings.with_overrides(redis_url=redis_url)
    app = create_app(settings)
    tenants = _two_tenants(app.extensions["entrega.db"])
    # The worker builds its own app from the environment, exactly as in production.
    for name, value in {
        "ENTREGA_INSTANCE_PATH": str(settings.instance_path),
        "DATABASE_URL": settings.database_url,
        "PLATFORM_DATABASE_URL": settings.platform_database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": settings.secret_key,
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(runner, "_worker_app", None)

    with app.app_context():
        ids = [
            jobs.enqueue("tests.codes_visible", tenants.a.id, "a"),
            jobs.enqueue("tests.codes_visible", tenants.b.id, "b", queue="reports"),
        ]
    connection = Redis.from_url(redis_url)
    queues = [Queue(name, connection=connection) for name in jobs.QUEUES]
    SimpleWorker(queues, connection=connection).work(burst=True)

    results: dict[str, Any] = {}
    for job_id in ids:
        job = Job.fetch(job_id, connection=connection)
        assert job.is_finished, job.get_status()
        results[job_id] = job.return_value()
    assert list(results.values()) == [["HEALTH", "HEALTH-AG"], ["SAUDE"]]
    app.extensions["entrega.db"].dispose()


def test_an_unregistered_job_name_is_refused(app: Flask, two_tenants: TwoTenants) -> None:
    with app.app_context(), pytest.raises(LookupError, match="no job is registered"):
        jobs.enqueue("os.system", two_tenants.a.id, "rm -rf /")


def test_an_unknown_queue_is_refused(app: Flask, two_tenants: TwoTenants) -> None:
    with app.app_context(), pytest.raises(ValueError, match="unknown queue"):
        jobs.enqueue("tests.codes_visible", two_tenants.a.id, "a", queue="urgent")
