"""Prometheus metrics at /metrics and JSON logs that carry the request id and the tenant, never secrets."""

from __future__ import annotations

import json
import logging
import os
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, has_request_context, request
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

REGISTRY = CollectorRegistry(auto_describe=True)
REQUEST_SECONDS = Histogram(
    "entrega_http_request_duration_seconds",
    "Time to answer a request, by endpoint (the route, never the raw path) and status.",
    ["method", "endpoint", "status"],
    registry=REGISTRY,
)
JOB_SECONDS = Histogram(
    "entrega_job_duration_seconds",
    "Time a background job ran, by job and outcome.",
    ["job", "outcome"],
    registry=REGISTRY,
)
JOB_FAILURES = Counter("entrega_job_failures_total", "Background jobs that raised.", ["job"], registry=REGISTRY)

bp = Blueprint("observability", __name__)


class QueueDepth(Collector):
    """Jobs waiting in each queue, read from Redis when Prometheus scrapes."""

    def __init__(self, app: Flask) -> None:
        self._app = app

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from rq import Queue

        from entrega.jobs import QUEUES

        family = GaugeMetricFamily("entrega_queue_depth", "Jobs waiting in a queue.", labels=["queue"])
        connection = self._app.extensions.get("entrega.redis")
        if connection is not None:
            for name in QUEUES:
                try:
                    family.add_metric([name], Queue(name, connection=connection).count)
                except Exception:  # a metric must never break the scrape
                    logging.getLogger(__name__).warning("queue depth of %s unavailable", name)
        yield family


@bp.get("/metrics")
def metrics() -> Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Under gunicorn each worker process counts on its own; the files in this folder add them up.
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        registry.register(QueueDepth(current_app._get_current_object()))  # type: ignore[attr-defined]
        return Response(generate_latest(registry), mimetype="text/plain; version=0.0.4")
    queues = CollectorRegistry()
    queues.register(QueueDepth(current_app._get_current_object()))  # type: ignore[attr-defined]
    return Response(generate_latest(REGISTRY) + generate_latest(queues), mimetype="text/plain; version=0.0.4")


# -- logs ------------------------------------------------------------------------------------------
_SECRETS = [
    (re.compile(r"ent_[A-Za-z0-9_-]{10,}"), "ent_[redacted]"),
    (re.compile(r"(?i)(bearer\s+)[^\s,;]+"), r"\1[redacted]"),
    (re.compile(r"(?i)\b(password|secret|token|authorization)(\s*[=:]\s*)[^\s,;&]+"), r"\1\2[redacted]"),
    (re.compile(r"(postgres(?:ql)?(?:\+\w+)?://[^:/@\s]+:)[^@\s]+@"), r"\1[redacted]@"),
]


def redact(text: str) -> str:
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        if has_request_context():
            entry["request_id"] = g.get("request_id")
            tenant = g.get("tenant")
            entry["tenant"] = tenant.slug if tenant is not None else None
            entry["method"], entry["path"] = request.method, request.path
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure_logging(level: str, json_logs: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if json_logs else RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def init_app(app: Flask) -> None:
    @app.before_request
    def _start_timer() -> None:
        g._started = time.perf_counter()

    @app.after_request
    def _observe(response: Response) -> Response:
        started = g.get("_started")
        if started is not None and request.endpoint != "observability.metrics":
            endpoint = request.url_rule.rule if request.url_rule is not None else "unmatched"
            REQUEST_SECONDS.labels(request.method, endpoint, str(response.status_code)).observe(
                time.perf_counter() - started
            )
        return response

    app.register_blueprint(bp)
