"""PostgreSQL restarted under load: requests fail cleanly while it is away and succeed again by themselves once
it is back, and no write that was confirmed is lost.

A real gunicorn serves the app as the image runs it (production settings, two workers of four threads) against
a PostgreSQL cluster of the test's own. Threads keep creating ministries through the API, reading the
ministries list and opening a government's sign-in page in Spanish, while the cluster is stopped (fast: every
session is cut at once, as a restart or a failover does) and started again. Every answer must be a success
or a clean 503 with Retry-After (the API's one JSON error shape; the error page in the reader's language,
no trace), every request sent after the database is back must succeed without gunicorn being restarted
(the engines' pre-ping replaces the dead pooled connections), and every ministry whose creation was answered
201 must be in the database.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import requests
from flask import Flask
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

from entrega.app import create_app
from entrega.config import REPO_ROOT
from entrega.identity.roles import Role
from entrega.jobs.queue import QueueUnavailable
from entrega.provisioning import DatabaseUrls, provision, upgrade
from entrega.web.errors import RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE
from tests.conftest import _settings
from tests.factories import create_member, create_tenant, create_token
from tests.resilience.servers import PrivatePostgres, free_port, wait_for

GUNICORN = str(Path(sys.executable).parent / "gunicorn")
SLUG = "alpha"
LOAD_BEFORE, LOAD_AFTER = 2.0, 4.0  # seconds of load before the outage and after the database is back
API_SHAPE = {"code", "status", "message"}


@dataclass(frozen=True)
class Served:
    url: str
    token: str
    urls: DatabaseUrls
    log: Path


@dataclass(frozen=True)
class Answer:
    kind: str  # "write", "list" or "page"
    sent_at: float  # time.monotonic() when the request went out
    status: int
    retry_after: str | None
    content_type: str
    body: str
    code: str | None = None  # the ministry a write asked to create


@pytest.fixture
def cluster() -> Iterator[PrivatePostgres]:
    postgres = PrivatePostgres()
    try:
        postgres.create()
        yield postgres
    finally:
        postgres.destroy()


@pytest.fixture
def served(cluster: PrivatePostgres, tmp_path: Path) -> Iterator[Served]:
    """The migrated database with one government and a unit head's token, and gunicorn serving the app."""
    urls = provision(cluster.superuser_url, "entrega")
    upgrade(urls.owner)
    app = create_app(_settings(tmp_path, urls.app, urls.platform, urls.owner, plugins=()))
    engines = app.extensions["entrega.db"]
    tenant = create_tenant(engines, slug=SLUG, name="Alpha")
    head = create_member(engines, tenant, Role.UNIT_HEAD, email="head@alpha.example", name="Ana Alpha")
    token = create_token(engines, tenant, head)
    engines.dispose()

    port = free_port()
    env = {
        **os.environ, "DATABASE_URL": urls.app, "PLATFORM_DATABASE_URL": urls.platform, "ENTREGA_PRODUCTION": "1",
        "SECRET_KEY": "resilience-" + "x" * 40, "ENTREGA_INSTANCE_PATH": str(tmp_path / "instance"),
        "ENTREGA_PLUGINS": "entrega_pmdu", "API_REQUESTS_PER_MINUTE": "1000000", "LOG_LEVEL": "WARNING",
    }  # fmt: skip
    env.pop("REDIS_URL", None)
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [GUNICORN, "wsgi:app", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
             "--timeout", "60"],
            cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        assert process.poll() is None, f"gunicorn exited:\n{log.read_text()}"
        try:
            return requests.get(f"{base}/healthz", timeout=2).status_code == 200
        except requests.RequestException:  # not listening yet, or its workers still starting
            return False

    try:
        wait_for("gunicorn to serve", answers, timeout=60)
        yield Served(base, token, urls, log)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _keep_asking(served: Served, kind: str, worker: int, stop: threading.Event, answers: list[Answer]) -> None:
    client = requests.Session()
    client.headers["Authorization"] = f"Bearer {served.token}"
    api = f"{served.url}/api/v1/t/{SLUG}/ministries"
    n = 0
    while not stop.is_set():
        n += 1
        code = f"W{worker}-{n}" if kind == "write" else None
        sent_at = time.monotonic()
        if kind == "write":
            response = client.post(api, json={"code": code, "name": {"es": f"Ministerio {code}"}}, timeout=30)
        elif kind == "list":
            response = client.get(api, params={"page_size": 5}, timeout=30)
        else:
            response = client.get(f"{served.url}/t/{SLUG}/signin", headers={"Accept-Language": "es"}, timeout=30)
        answers.append(
            Answer(kind, sent_at, response.status_code, response.headers.get("Retry-After"),
                   response.headers.get("Content-Type", ""), response.text, code)
        )  # fmt: skip


def _assert_clean(answer: Answer) -> None:
    """A success, or a 503 a client can act on: Retry-After, and no internals."""
    success = {"write": 201, "list": 200, "page": 200}[answer.kind]
    assert answer.status in (success, 503), (answer.kind, answer.status, answer.body[:500])
    if answer.status == success:
        return
    assert answer.retry_after is not None and int(answer.retry_after) > 0
    for leak in ("Traceback", "psycopg", "sqlalchemy", "OperationalError", "127.0.0.1", "entrega_app"):
        assert leak not in answer.body, (leak, answer.body[:500])
    if answer.kind == "page":
        assert answer.content_type.startswith("text/html")
        assert '<html lang="es">' in answer.body and "<h1>" in answer.body
    else:
        assert answer.content_type == "application/json"
        body = json.loads(answer.body)
        assert set(body) == API_SHAPE and body["code"] == 503 and body["status"] == "Service Unavailable"


def _stored_codes(urls: DatabaseUrls, superuser_url: str) -> set[str]:
    database = make_url(urls.owner).database
    engine = create_engine(make_url(superuser_url).set(database=database))
    try:
        with engine.connect() as connection:
            return set(connection.scalars(text("SELECT code FROM ministries")))
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_postgresql_restart_under_load_fails_cleanly_recovers_by_itself_and_loses_no_confirmed_write(
    cluster: PrivatePostgres, served: Served
) -> None:
    answers: list[Answer] = []
    stop = threading.Event()
    kinds = ["write", "write", "write", "list", "list", "page"]
    threads = [
        threading.Thread(target=_keep_asking, args=(served, kind, n, stop, answers), daemon=True)
        for n, kind in enumerate(kinds)
    ]
    for thread in threads:
        thread.start()
    try:
        time.sleep(LOAD_BEFORE)
        assert answers and all(a.status in (200, 201) for a in answers), "the load runs cleanly before the outage"
        cluster.stop("fast")
        # Held down until each kind of request has met the outage, then started again: a restart, observed.
        wait_for(
            "every kind of request to meet the outage",
            lambda: {a.kind for a in answers if a.status == 503} == set(kinds),
            timeout=30,
        )
        cluster.start()
        back = time.monotonic()
        time.sleep(LOAD_AFTER)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

    for answer in answers:
        _assert_clean(answer)
    after = [a for a in answers if a.sent_at >= back]
    assert {a.kind for a in after} == set(kinds), "every kind of request was sent again after the restart"
    failed_after = [(a.kind, a.status) for a in after if a.status == 503]
    assert not failed_after, f"requests sent after the database was back failed: {failed_after}"

    confirmed = {a.code for a in answers if a.code is not None and a.status == 201}
    assert confirmed, "some writes were confirmed"
    missing = confirmed - _stored_codes(served.urls, cluster.superuser_url)
    assert not missing, f"confirmed writes lost: {sorted(missing)}"
    assert "unhandled error" not in served.log.read_text(), "an outage is a 503, never an unhandled error"


def test_an_outage_is_told_from_a_bug(app: Flask) -> None:
    """Only what passes by itself is a 503: a lost connection or an unreachable queue, not a broken query."""

    def cut() -> None:
        try:
            raise psycopg.errors.AdminShutdown("terminating connection due to administrator command")
        except psycopg.Error as error:
            raise DBAPIError("SELECT 1", None, error) from error

    def queue_down() -> None:
        raise QueueUnavailable("the job queue is unreachable")

    def broken_query() -> None:
        try:
            raise sqlite3.OperationalError("no such table: nowhere")
        except sqlite3.Error as error:
            raise DBAPIError("SELECT * FROM nowhere", None, error) from error

    app.add_url_rule("/_test/cut", view_func=cut)
    app.add_url_rule("/api/v1/_test/queue-down", "api_queue_down", view_func=queue_down)
    app.add_url_rule("/api/v1/_test/broken-query", "api_broken_query", view_func=broken_query)
    client = app.test_client()

    page = client.get("/_test/cut", headers={"Accept-Language": "es"})
    html = page.get_data(as_text=True)
    assert (page.status_code, page.headers["Retry-After"]) == (503, str(RETRY_AFTER_SECONDS))
    assert '<html lang="es">' in html and "SELECT" not in html and "administrator" not in html
    api = client.get("/api/v1/_test/queue-down")
    assert (api.status_code, api.headers["Retry-After"]) == (503, str(RETRY_AFTER_SECONDS))
    assert api.json == {"code": 503, "status": "Service Unavailable", "message": UNAVAILABLE_MESSAGE}
    bug = client.get("/api/v1/_test/broken-query")
    assert bug.status_code == 500 and "Retry-After" not in bug.headers


@pytest.mark.postgres
def test_a_connection_lost_after_the_answer_was_made_leaves_the_answer_standing(
    pg_app: Flask, pg_superuser_in_test_db: str
) -> None:
    """The server goes away between a request's last statement and the session's closing rollback (what a
    restart under load does to some requests): the answer already made is sent, and the dead connection is
    thrown away rather than pooled, so the next request gets a live one."""
    from entrega import db

    superuser = create_engine(pg_superuser_in_test_db)

    def read_then_lose_the_connection() -> str:
        pid = db.session().execute(text("SELECT pg_backend_pid()")).scalar_one()
        with superuser.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
        return "read"

    def read() -> str:
        return str(db.session().execute(text("SELECT 1")).scalar_one())

    pg_app.add_url_rule("/_test/read-then-lose", view_func=read_then_lose_the_connection)
    pg_app.add_url_rule("/_test/read", view_func=read)
    client = pg_app.test_client()
    try:
        answer = client.get("/_test/read-then-lose")
        assert (answer.status_code, answer.get_data(as_text=True)) == (200, "read")
        assert [client.get("/_test/read").get_data(as_text=True) for _ in range(3)] == ["1", "1", "1"]
    finally:
        superuser.dispose()
