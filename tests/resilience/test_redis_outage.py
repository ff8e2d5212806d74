"""Redis stopped: pages still serve; asking for a report or starting a large import answers clearly, never with
a 500, and keeps the work queued; once Redis is back the sweep hands it over and a real rq worker does it.
Work that Redis lost (flushed) or that a lost worker left half done is handed over again, after a grace for
what waits and a much longer one for what a worker may still be on; what rq gave up on is marked failed.

Redis here is a private redis-server of the test's own, stopped and started (empty, as a restarted Redis
without persistence comes back) without touching the shared one.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq import Queue, SimpleWorker
from rq.cron import CronScheduler
from rq.job import Job, JobStatus
from sqlalchemy import func, select, update
from werkzeug.test import TestResponse

from entrega.app import create_app
from entrega.config import Settings
from entrega.db import Engines, utcnow
from entrega.delivery import imports, periods
from entrega.delivery.models import DataImport, ImportStatus, Measurement
from entrega.jobs import handover, runner
from entrega.reports import services
from entrega.routines.models import Report, ReportStatus
from entrega.routines.schedule import SWEEP_EVERY, register_cron
from entrega.tenancy.binding import tenant_session
from tests.conftest import Backend, TwoTenants, _two_tenants, sign_in_as, token_client
from tests.factories import create_indicator, create_priority
from tests.reports.support import ask, set_up
from tests.resilience.servers import PrivateRedis

pytestmark = [pytest.mark.redis, pytest.mark.plugins("entrega_pmdu")]

MONTHS = 12  # values per indicator in an import file
QUEUED_ROWS = 10  # beyond this many rows an import goes to the queue (lowered from its production figure)
Row = TypeVar("Row", Report, DataImport)


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    redis = PrivateRedis()
    try:
        redis.start()
        yield redis
    finally:
        redis.destroy()


def _app(settings: Settings, redis: PrivateRedis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """The app on the private Redis, and the environment a worker builds the same app from."""
    settings = settings.with_overrides(redis_url=redis.url, report_directory=tmp_path / "reports")
    for name, value in {
        "DATABASE_URL": settings.database_url, "PLATFORM_DATABASE_URL": settings.platform_database_url,
        "REDIS_URL": redis.url, "SECRET_KEY": settings.secret_key, "ENTREGA_INSTANCE_PATH": str(settings.instance_path),
        "ENTREGA_PLUGINS": "entrega_pmdu", "ENTREGA_REPORT_DIRECTORY": str(settings.reports_path),
    }.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(runner, "_worker_app", None)
    monkeypatch.setattr(imports, "SYNC_ROWS", QUEUED_ROWS)
    return create_app(settings)


def _measurements_file(engines: Engines, two: TwoTenants, prefix: str) -> bytes:
    """A measurements file for two new indicators of alpha, MONTHS values each (more than QUEUED_ROWS)."""
    priority = create_priority(engines, two.a, two.a_ministries[0])
    codes = [create_indicator(engines, two.a, priority, code=f"{prefix}{n}").code for n in range(2)]
    lines = ["indicator,period,value"]
    for code in codes:
        lines += [f"{code},{periods.add_months(date(2001, 1, 1), k):%Y-%m},{k}.5" for k in range(MONTHS)]
    return ("\n".join(lines) + "\n").encode()


def _upload(client: FlaskClient, content: bytes, name: str) -> TestResponse:
    return client.post(
        "/api/v1/t/alpha/imports", data={"kind": "measurements", "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )  # fmt: skip


def _work(redis: PrivateRedis, *queues: str) -> None:
    """A real rq worker, in this process, until the queues are empty."""
    connection = Redis.from_url(redis.url)
    try:
        SimpleWorker([Queue(q, connection=connection) for q in queues], connection=connection).work(burst=True)
    finally:
        connection.close()


def _rows(engines: Engines, two: TwoTenants, model: type[Row]) -> dict[uuid.UUID, Row]:
    with tenant_session(engines, two.a.id) as db_session:
        return {row.id: row for row in db_session.scalars(select(model))}


def _json(response: TestResponse) -> dict[str, Any]:
    body = response.get_json()
    assert isinstance(body, dict), response.get_data(as_text=True)
    return body


def _csrf(html: str) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token
    return token.group(1)


def test_while_redis_is_down_pages_serve_and_requested_work_waits_then_the_sweep_hands_it_to_a_worker(
    pg_backend: Backend, private_redis: PrivateRedis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _app(pg_backend.settings, private_redis, tmp_path, monkeypatch)
    engines: Engines = app.extensions["entrega.db"]
    try:
        two = _two_tenants(engines)
        set_up(app, engines, two)
        api = token_client(app, two.a_token)
        pages = sign_in_as(app.test_client(), two.a_head, "en")
        from_api, from_page = _measurements_file(engines, two, "API"), _measurements_file(engines, two, "WEB")

        private_redis.stop()

        for path in ("/", "/t/alpha/reports", "/t/alpha/imports", "/t/alpha/reports/rows"):
            assert pages.get(path).status_code == 200, path
        assert api.get("/api/v1/t/alpha/reports").status_code == 200
        ready = app.test_client().get("/readyz")
        assert ready.status_code == 200
        assert _json(ready) == {"status": "degraded", "checks": {"database": "ok", "jobs": "unavailable"}}

        asked = ask(api, "alpha", template="monthly_note", language="es")
        assert asked.status_code == 202
        # The API answers in the government's language (alpha's is Spanish).
        assert (
            _json(asked)["status"] == "queued" and "no se puede acceder a la cola de tareas" in _json(asked)["notice"]
        )
        form: dict[str, object] = {"csrf_token": _csrf(pages.get("/t/alpha/reports").get_data(as_text=True)), "template": "league_table",
                "language": "en"}  # fmt: skip
        page = pages.post("/t/alpha/reports", data=form, follow_redirects=True)
        assert page.status_code == 200 and "job queue cannot be reached" in page.get_data(as_text=True)

        uploaded = _upload(api, from_api, "from-the-api.csv")
        assert uploaded.status_code == 202
        assert _json(uploaded)["status"] == "queued" and _json(uploaded)["message"] == imports.QUEUE_NOTICE
        form = {"csrf_token": _csrf(pages.get("/t/alpha/imports").get_data(as_text=True)), "kind": "measurements",
                "file": (io.BytesIO(from_page), "from-the-page.csv")}  # fmt: skip
        page = pages.post("/t/alpha/imports", data=form, content_type="multipart/form-data", follow_redirects=True)
        assert page.status_code == 200 and "job queue cannot be reached" in page.get_data(as_text=True)

        reports, data_imports = _rows(engines, two, Report), _rows(engines, two, DataImport)
        assert len(reports) == 2 and all(r.status is ReportStatus.QUEUED for r in reports.values())
        assert len(data_imports) == 2 and all(i.status is ImportStatus.QUEUED for i in data_imports.values())

        private_redis.start()  # empty: nothing of the above ever reached it
        assert handover.sweep(app) == handover.Swept()  # within the grace a request gets to enqueue its own work
        later = utcnow() + handover.GRACE + timedelta(seconds=1)
        assert handover.sweep(app, later) == handover.Swept(handed_over=4)
        assert handover.sweep(app, later) == handover.Swept()  # handed over once: their jobs are in the queue now
        _work(private_redis, "reports", "imports")

        with app.app_context():
            for report in _rows(engines, two, Report).values():
                assert report.status is ReportStatus.DONE, report.error
                assert services.is_stored(report)
        for data_import in _rows(engines, two, DataImport).values():
            assert (data_import.status, data_import.written_rows) == (ImportStatus.DONE, 2 * MONTHS)
        with tenant_session(engines, two.a.id) as db_session:
            assert (db_session.scalar(select(func.count()).select_from(Measurement)) or 0) >= 4 * MONTHS

        # `entrega cron` enqueues the sweep every minute, and a worker runs it with the app it builds itself.
        connection = Redis.from_url(private_redis.url)
        scheduler = CronScheduler(connection=connection, name="resilience")
        register_cron(scheduler, "0 4 * * *")
        [entry] = [job for job in scheduler.get_jobs() if job.func is handover.sweep]
        assert entry.cron == SWEEP_EVERY
        swept = entry.enqueue(connection)
        _work(private_redis, "default")
        assert swept.return_value() == handover.Swept()  # nothing left to hand over
        connection.close()
    finally:
        engines.dispose()


def test_the_sweep_hands_over_what_redis_lost_or_a_lost_worker_left_and_gives_up_what_rq_gave_up(
    backend: Backend, private_redis: PrivateRedis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _app(backend.settings, private_redis, tmp_path, monkeypatch)
    engines: Engines = app.extensions["entrega.db"]
    connection = Redis.from_url(private_redis.url)
    try:
        two = _two_tenants(engines)
        api = token_client(app, two.a_token)
        ids = [uuid.UUID(_json(_upload(api, _measurements_file(engines, two, f"S{n}"), f"{n}.csv"))["id"])
               for n in range(3)]  # fmt: skip
        waiting, left_running, given_up = ids
        assert Queue("imports", connection=connection).count == 3
        job_of = {i: row.job_id for i, row in _rows(engines, two, DataImport).items()}
        Job.fetch(job_of[given_up], connection=connection).set_status(JobStatus.FAILED)  # rq's last retry died
        with tenant_session(engines, two.a.id) as db_session:
            running = update(DataImport).where(DataImport.id.in_([left_running, given_up]))
            db_session.execute(running.values(status=ImportStatus.RUNNING))
            db_session.commit()
        connection.delete(Queue("imports", connection=connection).key, f"rq:job:{job_of[waiting]}",
                          f"rq:job:{job_of[left_running]}")  # fmt: skip  # Redis lost them (flushed, failed over)

        assert handover.sweep(app, utcnow() + handover.GRACE + timedelta(seconds=1)) == handover.Swept(
            handed_over=1, given_up=1
        )  # the waiting one; the running one may still have its worker
        rows = _rows(engines, two, DataImport)
        assert rows[waiting].job_id != job_of[waiting] and rows[left_running].job_id == job_of[left_running]
        assert rows[given_up].status is ImportStatus.FAILED and "could not be resumed" in rows[given_up].message
        assert handover.sweep(app, utcnow() + handover.STUCK_AFTER + timedelta(seconds=1)) == handover.Swept(
            handed_over=1
        )  # no worker runs that long: the running one was lost

        _work(private_redis, "imports")
        rows = _rows(engines, two, DataImport)
        assert [(rows[i].status, rows[i].written_rows) for i in (waiting, left_running)] == [
            (ImportStatus.DONE, 2 * MONTHS), (ImportStatus.DONE, 2 * MONTHS)
        ]  # fmt: skip
        assert rows[given_up].status is ImportStatus.FAILED
        with tenant_session(engines, two.a.id) as db_session:
            assert db_session.scalar(select(func.count()).select_from(Measurement)) == 2 * 2 * MONTHS
    finally:
        connection.close()
        engines.dispose()
