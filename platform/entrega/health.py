"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app
from sqlalchemy import text

from entrega import db, jobs

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> dict[str, Any]:
    """The process is up and answering; nothing else is checked."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz() -> tuple[dict[str, Any], int]:
    """Ready for traffic when the database and, if configured, Redis answer."""
    checks: dict[str, str] = {}
    try:
        with db.engines().app.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception:  # any failure means not ready; details go to the log, never to the caller
        current_app.logger.exception("readiness: database unreachable")
        checks["database"] = "unavailable"
    checks["jobs"] = jobs.check_backend()
    ready = all(value in {"ok", "in-process"} for value in checks.values())
    return {"status": "ready" if ready else "unavailable", "checks": checks}, 200 if ready else 503
