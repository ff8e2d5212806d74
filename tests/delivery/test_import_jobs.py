"""Large imports run as jobs (on a real rq worker over Redis, or in-process), through the same code as small
ones; their progress is committed apart from their own all-or-nothing transaction, so a page can show it."""

from __future__ import annotations

import io
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from flask import Flask
from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy import Engine, event, func, select

from entrega import jobs
from entrega.audit.services import acting_as
from entrega.db import Engines
from entrega.delivery import imports, measurement_imports, periods
from entrega.delivery.models import DataImport, ImportStatus, Measurement
from entrega.jobs import handover, runner
from entrega.tenancy.binding import tenant_session
from tests.conftest import Backend, TwoTenants, token_client
from tests.factories import create_indicator, create_priority


def _indicators(engines: Engines, two: TwoTenants, count: int) -> list[str]:
    priority = create_priority(engines, two.a, two.a_ministries[0])
    return [create_indicator(engines, two.a, priority, code=f"J{n}").code for n in range(count)]


def _file(codes: list[str], months: int) -> bytes:
    lines = ["indicator,period,value"]
    for code in codes:
        lines += [f"{code},{periods.add_months(date(2000, 1, 1), k):%Y-%m},{k}.5" for k in range(months)]
    return ("\n".join(lines) + "\n").encode()


@contextmanager
def _progress_written() -> Iterator[list[int]]:
    """The processed_rows values the imports write, in order (whatever engine writes them)."""
    seen: list[int] = []

    def listen(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if statement.startswith("UPDATE data_imports SET processed_rows"):
            values = parameters if isinstance(parameters, dict) else {}
            seen.append(int(values.get("processed_rows", parameters[0] if isinstance(parameters, tuple) else -1)))

    event.listen(Engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", listen)


def _status(engines: Engines, two: TwoTenants, import_id: object) -> DataImport:
    with tenant_session(engines, two.a.id) as db_session:
        return db_session.scalars(select(DataImport).where(DataImport.id == uuid.UUID(str(import_id)))).one()


def test_a_large_import_goes_to_the_queue_and_reports_progress_as_it_goes(
    app: Flask, engines: Engines, two_tenants: TwoTenants, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "SYNC_ROWS", 100)
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 100)
    codes = _indicators(engines, two_tenants, 3)
    queued: list[tuple[Any, ...]] = []
    original = jobs.enqueue

    def spy(name: str, *args: Any, **kwargs: Any) -> Any:
        queued.append((name, kwargs))
        return original(name, *args, **kwargs)

    monkeypatch.setattr(handover, "enqueue", spy)
    api = token_client(app, two_tenants.a_token)
    with _progress_written() as seen:
        response = api.post("/api/v1/t/alpha/imports", data={"kind": "measurements", "file": (io.BytesIO(_file(codes, 200)), "big.csv")},
                            content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 202
    assert queued == [("delivery.import", {"queue": "imports"})]  # no Redis here: the job ran in-process
    assert seen == [100 * k for k in range(1, 7)]
    done = _status(engines, two_tenants, response.json["id"])
    assert (done.status, done.total_rows, done.processed_rows, done.written_rows) == (ImportStatus.DONE, 600, 600, 600)
    assert response.json["status"] == "done"


def test_progress_is_visible_while_the_import_is_still_writing(
    app: Flask, engines: Engines, two_tenants: TwoTenants, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 250)
    codes = _indicators(engines, two_tenants, 2)
    with acting_as("ana"), tenant_session(engines, two_tenants.a.id) as db_session:
        data_import = imports.create_import(db_session, "measurements", "big.csv", _file(codes, 500), "ana")
        db_session.commit()
    seen_from_outside: list[tuple[int, int, str]] = []
    write = measurement_imports.write

    def write_and_look(*args: Any) -> None:
        write(*args)  # the rows are in, the import's transaction is still open: another session sees neither
        with tenant_session(engines, two_tenants.a.id) as other:
            found = other.scalars(select(DataImport).where(DataImport.id == data_import.id)).one()
            seen_from_outside.append((found.processed_rows, other.scalar(select(func.count()).select_from(Measurement)) or 0,
                                      found.status.value))  # fmt: skip

    monkeypatch.setattr(measurement_imports, "write", write_and_look)
    with tenant_session(engines, two_tenants.a.id) as db_session:
        imports.run_import(db_session, data_import.id)
    assert seen_from_outside == [(1000, 0, "running")]
    done = _status(engines, two_tenants, data_import.id)
    assert (done.status, done.processed_rows, done.written_rows) == (ImportStatus.DONE, 1000, 1000)


def test_a_job_that_breaks_leaves_the_import_failed_with_nothing_written_and_a_retry_completes_it(
    app: Flask, engines: Engines, two_tenants: TwoTenants, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = _indicators(engines, two_tenants, 1)
    with tenant_session(engines, two_tenants.a.id) as db_session:
        data_import = imports.create_import(db_session, "measurements", "v.csv", _file(codes, 30), "ana")
        db_session.commit()
    write = measurement_imports.write

    def broken(*args: Any) -> None:
        write(*args)
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(measurement_imports, "write", broken)
    with app.app_context(), pytest.raises(RuntimeError):
        runner.run_tenant_job("delivery.import", str(two_tenants.a.id), str(data_import.id), None, app=app)
    failed = _status(engines, two_tenants, data_import.id)
    assert (failed.status, failed.written_rows) == (ImportStatus.FAILED, 0)
    assert "nothing was written" in failed.message
    with tenant_session(engines, two_tenants.a.id) as db_session:
        assert db_session.scalar(select(func.count()).select_from(Measurement)) == 0

    monkeypatch.setattr(measurement_imports, "write", write)  # rq retries it
    with app.app_context():
        assert (
            runner.run_tenant_job("delivery.import", str(two_tenants.a.id), str(data_import.id), None, app=app)
            == "done"
        )
        # … and a retry after it succeeded finds its work done.
        assert (
            runner.run_tenant_job("delivery.import", str(two_tenants.a.id), str(data_import.id), None, app=app)
            == "done"
        )
    with tenant_session(engines, two_tenants.a.id) as db_session:
        assert db_session.scalar(select(func.count()).select_from(Measurement)) == 30


@pytest.mark.redis
def test_a_real_rq_worker_imports_five_thousand_rows_with_progress(
    pg_backend: Backend, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from entrega.app import create_app
    from tests.conftest import _two_tenants

    settings = pg_backend.settings.with_overrides(redis_url=redis_url)
    app = create_app(settings)
    engines: Engines = app.extensions["entrega.db"]
    two = _two_tenants(engines)
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
    codes = _indicators(engines, two, 25)

    api = token_client(app, two.a_token)
    response = api.post("/api/v1/t/alpha/imports", data={"kind": "measurements", "file": (io.BytesIO(_file(codes, 200)), "5000.csv")},
                        content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 202
    assert response.json["status"] == "queued" and response.json["total_rows"] == 5000
    import_id = response.json["id"]
    connection = Redis.from_url(redis_url)
    assert Queue("imports", connection=connection).count == 1

    # Watch from another thread, as the page does, while the worker runs the job here.
    watched: list[tuple[str, int]] = []
    stop = threading.Event()

    def watch() -> None:
        while True:
            finished = stop.is_set()  # read before looking, so the last look begins after the worker has ended
            found = _status(engines, two, import_id)
            watched.append((found.status.value, found.processed_rows))
            if finished:
                return
            time.sleep(0.005)

    watcher = threading.Thread(target=watch)
    watcher.start()
    with _progress_written() as seen:
        SimpleWorker([Queue("imports", connection=connection)], connection=connection).work(burst=True)
    stop.set()
    watcher.join(10)

    assert seen == [1000, 2000, 3000, 4000, 5000]
    progress = [processed for _status_value, processed in watched]
    assert progress == sorted(progress)  # it only ever grows
    assert watched[-1] == ("done", 5000)
    assert all(s in ("queued", "running", "done") for s, _ in watched)
    done = api.get(f"/api/v1/t/alpha/imports/{import_id}").json
    assert (done["status"], done["written_rows"], done["progress"]) == ("done", 5000, 1.0)
    with tenant_session(engines, two.a.id) as db_session:
        assert db_session.scalar(select(func.count()).select_from(Measurement)) == 5000
    with tenant_session(engines, two.b.id) as db_session:
        assert db_session.scalar(select(func.count()).select_from(Measurement)) == 0
    engines.dispose()
