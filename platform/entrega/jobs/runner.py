"""What a worker runs: look the job up by name and call it in a session bound to its tenant."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from flask import Flask

from entrega import db
from entrega.audit.services import acting_as
from entrega.jobs.registry import run_registered
from entrega.observability import JOB_FAILURES, JOB_SECONDS
from entrega.tenancy.binding import bind_institution, tenant_session

_worker_app: Flask | None = None


def worker_app() -> Flask:
    # A worker process builds the app once, from the same environment as the web.
    global _worker_app
    if _worker_app is None:
        from entrega.app import create_app

        _worker_app = create_app()
    return _worker_app


def run_tenant_job(name: str, tenant_id: str, *args: Any, app: Flask | None = None) -> Any:
    def bound() -> Any:
        with tenant_session(db.engines(), uuid.UUID(tenant_id)) as db_session:
            return run_registered(name, db_session, *args)

    return _measured(name, app, bound)


def run_institution_job(name: str, institution_id: str, *args: Any, app: Flask | None = None) -> Any:
    """A bank's job: bound to its institution and to no government, so the database admits only what the
    institution owns and what governments share with it, exactly as on the bank's pages."""

    def bound() -> Any:
        with db.engines().Session() as db_session:
            bind_institution(db_session, uuid.UUID(institution_id))
            return run_registered(name, db_session, *args)

    return _measured(name, app, bound)


def _measured(name: str, app: Flask | None, run: Callable[[], Any]) -> Any:
    """Run a job inside the app, acting as the job, counting its time and its failures."""
    flask_app = app or worker_app()
    started = time.perf_counter()
    outcome = "failed"
    try:
        with flask_app.app_context(), acting_as(f"job:{name}"):
            result = run()
        outcome = "succeeded"
        return result
    except Exception:
        JOB_FAILURES.labels(name).inc()
        raise
    finally:
        JOB_SECONDS.labels(name, outcome).observe(time.perf_counter() - started)
