"""A worker killed in the middle of a render leaves no half report, and the job completes once a worker runs
again: real `entrega worker` processes, a real Redis, PostgreSQL as the app role.

The worker is killed as a container is (SIGKILL to the worker and to the work horse it forked), while the
report is being laid out. rq then holds the job in the queue's StartedJobRegistry with nobody working on it;
once the dead worker's heartbeat has lapsed (at most 90 s in production), the next worker's maintenance
(`StartedJobRegistry.cleanup`) hands it back for a retry with back-off. The test runs that cleanup at the
moment the heartbeat lapses rather than waiting for it, then starts a fresh worker, which renders the report
again from the start: exactly one PDF, its checksum the recorded one, no temporary file left.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis
from rq.job import Job, JobStatus
from rq.registry import StartedJobRegistry
from sqlalchemy import create_engine, select

from bench import workspace_data
from entrega.app import create_app
from entrega.db import Engines
from entrega.reports.jobs import GATHERED
from entrega.routines.models import Report, ReportStatus
from entrega.tenancy.binding import tenant_session
from tests.conftest import Backend, _two_tenants, token_client
from tests.reports.support import ask, pdf_text, set_up
from tests.resilience.servers import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.plugins("entrega_pmdu")]
ENTREGA = str(Path(sys.executable).parent / "entrega")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")  # a zombie has finished: only its exit status is left


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def _wait_for(what: str, check, timeout: float = 180.0):  # type: ignore[no-untyped-def]
    return wait_for(what, check, timeout)  # a worker's first job builds the app: allow minutes, not seconds


class Workers:
    """`entrega worker` processes this test starts, each in a session of its own; stopped at the end."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs, self.started = env, logs, []  # type: ignore[var-annotated]

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        log = (self.logs / f"worker-{len(self.started)}.log").open("wb")
        process = subprocess.Popen(
            [ENTREGA, "worker", "--queue", "reports", *args], env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.started.append(process)
        return process

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)  # the group this test started: worker and scheduler
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


@pytest.fixture
def workers(pg_backend: Backend, redis_url: str, tmp_path: Path) -> Iterator[Workers]:
    settings = pg_backend.settings
    env = {**os.environ, "DATABASE_URL": settings.database_url, "PLATFORM_DATABASE_URL": settings.platform_database_url,
           "REDIS_URL": redis_url, "SECRET_KEY": settings.secret_key, "ENTREGA_INSTANCE_PATH": str(settings.instance_path),
           "ENTREGA_PLUGINS": "entrega_pmdu", "ENTREGA_REPORT_DIRECTORY": str(tmp_path / "reports")}  # fmt: skip
    started = Workers(env, tmp_path)
    yield started
    started.stop()


def test_a_worker_killed_mid_render_leaves_no_half_report_and_the_job_completes_on_restart(
    pg_backend: Backend, redis_url: str, workers: Workers, pg_superuser_in_test_db: str, tmp_path: Path
) -> None:
    settings = pg_backend.settings.with_overrides(redis_url=redis_url, report_directory=tmp_path / "reports")
    app = create_app(settings)
    engines: Engines = app.extensions["entrega.db"]
    try:
        two = _two_tenants(engines)
        set_up(app, engines, two)
        # Enough to lay out for a while: every priority of the pack, several charts each.
        superuser = create_engine(pg_superuser_in_test_db)
        workspace_data.generate(superuser, [two.a.id], workspace_data.WorkspaceSize(6, 2, 24), workers=1)
        superuser.dispose()

        first = workers.start("--no-scheduler")
        response = ask(token_client(app, two.a_token), "alpha", template="monthly_note", language="es")
        assert response.status_code == 202 and response.json["status"] == "queued"
        report_id = uuid.UUID(response.json["id"])

        def stage() -> Report | None:
            with tenant_session(engines, two.a.id) as db_session:
                report = db_session.scalars(select(Report).where(Report.id == report_id)).one()
                laying_out = report.status is ReportStatus.RENDERING and report.progress >= GATHERED
                return report if laying_out else None

        _wait_for("the report to be laid out", stage)
        horses = _children(first.pid)
        assert horses, "the worker forks a work horse for the job"
        os.kill(first.pid, signal.SIGKILL)
        for horse in horses:
            os.kill(horse, signal.SIGKILL)
        first.wait()
        _wait_for("the work horse to die", lambda: not any(_alive(h) for h in horses), timeout=30)

        root = settings.reports_path / str(two.a.id)
        with tenant_session(engines, two.a.id) as db_session:
            killed = db_session.scalars(select(Report).where(Report.id == report_id)).one()
        assert killed.status is ReportStatus.RENDERING and killed.sha256 == ""
        assert not (root / f"{report_id}.pdf").exists()  # no half report where readers look
        # As if the worker had died while writing: the next attempt must clear this away.
        root.mkdir(parents=True, exist_ok=True)
        (root / f".{report_id}.killed.part").write_bytes(b"%PDF-1.7 half of a report")

        connection = Redis.from_url(redis_url)
        registry = StartedJobRegistry("reports", connection=connection)
        [(entry, lapses)] = connection.zrange(registry.key, 0, -1, withscores=True)
        job_id = entry.decode().split(":")[0]
        assert Job.fetch(job_id, connection=connection).get_status() == JobStatus.STARTED
        registry.cleanup(timestamp=lapses + 1)  # what the next worker's maintenance does once the heartbeat lapsed
        assert Job.fetch(job_id, connection=connection).get_status() == JobStatus.SCHEDULED  # retried, backing off

        workers.start()  # with the scheduler, which enqueues the retry when its back-off is over

        def finished() -> Report | None:
            with tenant_session(engines, two.a.id) as db_session:
                report = db_session.scalars(select(Report).where(Report.id == report_id)).one()
                return report if report.status in (ReportStatus.DONE, ReportStatus.FAILED) else None

        done = _wait_for("the restarted worker to finish the report", finished, timeout=300)
        assert done.status is ReportStatus.DONE, done.error
        assert done.progress == 100
        assert sorted(p.name for p in root.iterdir()) == [f"{report_id}.pdf"]  # one PDF, no temporary file
        data = (root / f"{report_id}.pdf").read_bytes()
        assert hashlib.sha256(data).hexdigest() == done.sha256 and len(data) == done.size
        pages, text = pdf_text(data)
        assert pages == done.pages > 5 and "LATE" in text
        _wait_for("rq to record the job finished",
                  lambda: Job.fetch(job_id, connection=connection).get_status() == JobStatus.FINISHED, timeout=30)  # fmt: skip
    finally:
        engines.dispose()
