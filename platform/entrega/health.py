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
    """Ready for traffic when the database answers; "degraded" (still ready) when Redis does not.

    Without Redis every page still serves and requested reports and imports are kept for the sweep (see
    `entrega.jobs.handover`): taking the web out of service would turn a queue outage into a full one.
    """
    checks: dict[str, str] = {}
    try:
        with db.engines().app.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception:  # any failure means not ready; details go to the log, never to the caller
        current_app.logger.exception("readiness: database unreachable")
        checks["database"] = "unavailable"
    checks["jobs"] = jobs.check_backend()
    if checks["database"] != "ok":
        return {"status": "unavailable", "checks": checks}, 503
    return {"status": "degraded" if checks["jobs"] == "unavailable" else "ready", "checks": checks}, 200
