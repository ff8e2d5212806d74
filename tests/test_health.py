"""Liveness and readiness, against the real database and Redis, and with each of them unreachable."""

from __future__ import annotations

import pytest

from entrega.app import create_app
from tests.conftest import Backend


def test_healthz_answers_while_the_process_is_up(backend: Backend) -> None:
    response = create_app(backend.settings).test_client().get("/healthz")
    assert (response.status_code, response.json) == (200, {"status": "ok"})


def test_readyz_on_the_embedded_default_needs_no_redis(sqlite_backend: Backend) -> None:
    response = create_app(sqlite_backend.settings).test_client().get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ready", "checks": {"database": "ok", "jobs": "in-process"}}


@pytest.mark.redis
def test_readyz_checks_postgresql_and_redis(pg_backend: Backend, redis_url: str) -> None:
    app = create_app(pg_backend.settings.with_overrides(redis_url=redis_url))
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"] == {"database": "ok", "jobs": "ok"}


def test_readyz_reports_an_unreachable_redis_without_details(pg_backend: Backend) -> None:
    app = create_app(pg_backend.settings.with_overrides(redis_url="redis://127.0.0.1:1/0"))
    response = app.test_client().get("/readyz")
    assert response.status_code == 200  # pages still serve and queued work is kept: degraded, not out of service
    assert response.json == {"status": "degraded", "checks": {"database": "ok", "jobs": "unavailable"}}


def test_readyz_reports_an_unreachable_database_without_details(pg_backend: Backend) -> None:
    dead = "postgresql+psycopg://entrega_app@127.0.0.1:1/nowhere"
    app = create_app(pg_backend.settings.with_overrides(database_url=dead, platform_database_url=dead))
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["database"] == "unavailable"
    assert "nowhere" not in response.get_data(as_text=True)
