"""Metrics for Prometheus and JSON logs with the request id and the tenant, and no secrets in either."""

from __future__ import annotations

import json
import logging

import pytest
from flask import Flask

from entrega import jobs
from entrega.observability import JsonFormatter, redact
from tests.conftest import Backend, TwoTenants, token_client


def test_metrics_count_requests_by_route_not_by_path(app: Flask, two_tenants: TwoTenants) -> None:
    api = token_client(app, two_tenants.a_token)
    api.get("/api/v1/t/alpha/ministries")
    api.get(f"/api/v1/t/alpha/ministries/{two_tenants.a_ministries[0].id}")
    text = app.test_client().get("/metrics").get_data(as_text=True)
    assert 'endpoint="/api/v1/t/<tenant_slug>/ministries"' in text
    assert 'endpoint="/api/v1/t/<tenant_slug>/ministries/<uuid:ministry_id>"' in text
    assert "alpha" not in text  # no tenant names or ids as labels: bounded, and nothing to leak


@pytest.mark.redis
def test_metrics_report_job_durations_failures_and_queue_depth(pg_backend: Backend, redis_url: str) -> None:
    from entrega.app import create_app
    from tests.conftest import _two_tenants

    app = create_app(pg_backend.settings.with_overrides(redis_url=redis_url))
    two = _two_tenants(app.extensions["entrega.db"])
    with app.app_context():
        jobs.enqueue(
            "identity.send_invitation", two.a.id, "00000000-0000-0000-0000-000000000000", "x", "y", queue="imports"
        )
    text = app.test_client().get("/metrics").get_data(as_text=True)
    assert 'entrega_queue_depth{queue="imports"} 1.0' in text
    from entrega.jobs.runner import run_tenant_job

    with pytest.raises(LookupError):
        run_tenant_job("no.such.job", str(two.a.id), app=app)
    text = app.test_client().get("/metrics").get_data(as_text=True)
    assert 'entrega_job_failures_total{job="no.such.job"} 1.0' in text
    app.extensions["entrega.db"].dispose()


def test_secrets_never_reach_the_logs() -> None:
    line = redact(
        "Authorization: Bearer ent_abcdefghijklmnopqrstuvwxyz password=hunter2hunter2 "
        "url=postgresql+psycopg://entrega_app:s3cr3t@db:5432/entrega"
    )
    for secret in ("ent_abcdefghijklmnop", "hunter2", "s3cr3t"):
        assert secret not in line


def test_json_logs_carry_the_request_id_and_the_tenant(app: Flask, two_tenants: TwoTenants) -> None:
    records: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(JsonFormatter().format(record))

    handler = Capture()
    logger = logging.getLogger("entrega.test")
    logger.addHandler(handler)

    with app.test_request_context("/t/alpha/", headers={"X-Request-ID": "req-probe-000001"}):
        from flask import g

        g.request_id = "req-probe-000001"
        g.tenant = two_tenants.a
        logger.warning("probe with token ent_0123456789abcdefghij")
    logger.removeHandler(handler)
    entry = json.loads(records[-1])
    assert (entry["request_id"], entry["tenant"], entry["level"]) == ("req-probe-000001", "alpha", "WARNING")
    assert "ent_0123456789" not in entry["message"]


def test_behind_the_ingress_the_clients_address_is_the_forwarded_one(sqlite_backend: Backend) -> None:
    from entrega.app import create_app

    for hops, expected in ((1, "203.0.113.9"), (0, "127.0.0.1")):
        app = create_app(sqlite_backend.settings.with_overrides(proxy_hops=hops))

        @app.get("/_address")
        def address() -> str:
            from flask import request

            return request.remote_addr or ""

        response = app.test_client().get(
            "/_address", headers={"X-Forwarded-For": "203.0.113.9"}, environ_base={"REMOTE_ADDR": "127.0.0.1"}
        )
        assert response.get_data(as_text=True) == expected
