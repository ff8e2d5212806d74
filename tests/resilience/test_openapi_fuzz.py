"""The API keeps the promises of its own OpenAPI document.

schemathesis reads /api/v1/openapi.json as the app serves it and sends every operation requests built from
it, well formed and malformed, in this process (WSGI, no network), as the unit head of a Chilean government
whose demo workspace holds real priorities, indicators, values with evidence, milestones, chains, budget, an
import and a report. The path names those rows, ids in bodies and queries are drawn from them half the time,
and a write sends the ETag it would have read, so the requests get past the lookups and the preconditions to
the code behind them. Every response must be no server error, with a status code, content type, headers and
body that the document declares for that operation; an If-Match the document requires is required (428), the
security it declares is enforced, and a method it does not declare is refused.

The run is bounded and reads the same on every run: a fixed number of examples per operation, derandomized,
no example database.
"""

from __future__ import annotations

import io
import os
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import strategies as st
from sqlalchemy import func, select

from entrega.app import create_app
from entrega.audit.services import acting_as
from entrega.config import REPO_ROOT
from entrega.db import Engines
from entrega.delivery.demo import seed_workspace
from entrega.delivery.models import (
    BudgetProgramme,
    Evidence,
    Indicator,
    Measurement,
    Milestone,
    Priority,
    PriorityProgramme,
)
from entrega.identity.roles import Role
from entrega.provisioning import drop_database, provision, upgrade
from entrega.tenancy import files
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Ministry, Tenant
from tests.conftest import BUNDLED_MODELS, PG_SUPERUSER_URL, _settings, token_client
from tests.factories import create_member, create_token

pytestmark = [pytest.mark.postgres, pytest.mark.plugins(*BUNDLED_MODELS)]

SLUG = "cl"
OPENAPI = "/api/v1/openapi.json"
SEED_DAY = date(2026, 6, 15)
EXAMPLES_PER_OPERATION = 10
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "missing_required_header",
    "ignored_auth",
    "unsupported_method",
)


@dataclass
class Workspace:
    app: Flask
    token: str
    path: dict[str, str]  # the value of each path parameter: rows of the government


# The ids of the government's rows, once `workspace` has seeded them: a uuid in a body or a query is one of
# them half the time (a priority's owner ministry, an indicator's priority), so creations and filters succeed.
ROW_IDS: list[str] = []


def _seed(app: Flask, engines: Engines) -> uuid.UUID:
    """Chile (and Haiti, a government whose model can be asked for) from the tenant files, and Chile's demo
    workspace."""
    with app.app_context():
        registry = app.extensions["entrega.plugins"]
        declared = [files.load(REPO_ROOT / "tenants" / f"{slug}.toml", registry) for slug in (SLUG, "ht")]
        files.apply(engines, declared)
    with cross_tenant_session(engines, reason="test") as db_session:
        tenant_id = db_session.scalar(select(Tenant.id).where(Tenant.slug == SLUG))
    assert tenant_id is not None
    with app.app_context(), acting_as("test"):
        assert seed_workspace(engines, [tenant_id], today=SEED_DAY) == [SLUG]
    return tenant_id


def _rows(engines: Engines, tenant_id: uuid.UUID) -> dict[str, str]:
    """A row of each kind the API's paths name, chosen so that most operations on it can succeed."""
    with tenant_session(engines, tenant_id) as db_session:
        evidence = db_session.scalars(select(Evidence).order_by(Evidence.uploaded_at)).first()
        assert evidence is not None
        measurement = db_session.get(Measurement, (tenant_id, evidence.measurement_id))
        assert measurement is not None
        latest = db_session.scalar(
            select(func.max(Measurement.version)).where(
                Measurement.indicator_id == measurement.indicator_id,
                Measurement.period == measurement.period,
                Measurement.breakdown == measurement.breakdown,
            )
        )
        assert latest == measurement.version, "the evidence backs an older version: corrections would be refused"
        indicator = db_session.get(Indicator, (tenant_id, measurement.indicator_id))
        assert indicator is not None
        link = db_session.scalars(
            select(PriorityProgramme).where(PriorityProgramme.priority_id == indicator.priority_id)
        ).first()
        assert link is not None
        milestone = db_session.scalars(select(Milestone).where(Milestone.priority_id == indicator.priority_id)).first()
        assert milestone is not None
        # An agency: nothing hangs under it, so even its deletion can get past the first check.
        ministry = db_session.scalars(select(Ministry).where(Ministry.parent_id.is_not(None))).first()
        assert ministry is not None
        ROW_IDS[:] = sorted(
            str(row_id)
            for model in (Ministry, Priority, Indicator, BudgetProgramme)
            for row_id in db_session.scalars(select(model.id))
        )
        return {
            "priority_id": str(indicator.priority_id),
            "indicator_id": str(indicator.id),
            "measurement_id": str(measurement.id),
            "evidence_id": str(evidence.id),
            "milestone_id": str(milestone.id),
            "programme_id": str(link.programme_id),
            "ministry_id": str(ministry.id),
        }


def _through_the_api(client: FlaskClient, indicator_code: str) -> dict[str, str]:
    """An import with a row-by-row report, and a rendered report, asked for as any client would."""
    csv = f"indicator,period,value\n{indicator_code},2026-01,12.5\nNO-SUCH-CODE,2026-01,1\n".encode()
    response = client.post(
        f"/api/v1/t/{SLUG}/imports", data={"kind": "measurements", "file": (io.BytesIO(csv), "values.csv")}
    )
    data_import = response.get_json()
    assert response.status_code == 202 and data_import["errors_report"], data_import
    response = client.post(f"/api/v1/t/{SLUG}/reports", json={"template": "delivery_ranking"})
    report = response.get_json()
    assert response.status_code == 202 and report["status"] == "done", report
    return {"import_id": data_import["id"], "report_id": report["id"]}


def _reachable(app: Flask, token: str, path: dict[str, str]) -> None:
    """The rows the paths name answer to the token, and nothing answers without it: otherwise the fuzzer could
    be testing nothing but 404s and 401s."""
    client = token_client(app, token)
    for url in (
        "", f"/priorities/{path['priority_id']}", f"/indicators/{path['indicator_id']}",
        f"/measurements/{path['measurement_id']}", f"/evidence/{path['evidence_id']}",
        f"/milestones/{path['milestone_id']}", f"/budget-programmes/{path['programme_id']}",
        f"/ministries/{path['ministry_id']}", f"/imports/{path['import_id']}", f"/reports/{path['report_id']}/file",
        f"/priorities/{path['priority_id']}/programmes",
    ):  # fmt: skip
        response = client.get(f"/api/v1/t/{SLUG}{url}")
        assert response.status_code == 200, (url, response.status_code, response.data[:300])
    assert app.test_client().get(f"/api/v1/t/{SLUG}/priorities").status_code == 401
    assert len(ROW_IDS) > 20


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """One government for the whole module, in a database of its own: the fuzzer's writes pile up on it as a
    client's would, and no other test's cleanup (nor a parallel worker's) empties it halfway."""
    name = f"entrega_fuzz_{os.getpid()}"
    drop_database(PG_SUPERUSER_URL, name)
    urls = provision(PG_SUPERUSER_URL, name)
    upgrade(urls.owner)
    settings = _settings(
        tmp_path_factory.mktemp("fuzz"), urls.app, urls.platform, urls.owner, plugins=BUNDLED_MODELS,
        # Thousands of requests a minute with one token: the rate limit is not what is tested here.
        api_requests_per_minute=1_000_000,
    )  # fmt: skip
    app = create_app(settings)
    app.config["TESTING"] = True
    engines: Engines = app.extensions["entrega.db"]
    tenant_id = _seed(app, engines)
    with cross_tenant_session(engines, reason="test") as db_session:
        tenant = db_session.get(Tenant, tenant_id)
    assert tenant is not None
    head = create_member(engines, tenant, Role.UNIT_HEAD, email="head@cl.example", name="Jefa de Unidad")
    token = create_token(engines, tenant, head)
    path = _rows(engines, tenant_id)
    with tenant_session(engines, tenant_id) as db_session:
        code = db_session.scalar(select(Indicator.code).where(Indicator.id == uuid.UUID(path["indicator_id"])))
    assert code is not None
    path |= _through_the_api(token_client(app, token), code)
    _reachable(app, token, path)
    yield Workspace(app, token, {"tenant_slug": SLUG, **path})
    ROW_IDS.clear()
    engines.dispose()
    drop_database(PG_SUPERUSER_URL, name)


def _served_document() -> dict[str, Any]:
    """The OpenAPI document as the app serves it. It is built from the code alone, so any database will do."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/document.sqlite3"
        app = create_app(_settings(Path(folder), url, url, url, plugins=BUNDLED_MODELS))
        try:
            response = app.test_client().get(OPENAPI)
        finally:
            app.extensions["entrega.db"].dispose()
    document: dict[str, Any] = response.get_json()
    assert response.status_code == 200 and document["paths"], response.data
    return document


def _row_id(index: int) -> str:
    # Read when drawn: the coverage phase's cases are drawn while pytest collects, before any row exists.
    return ROW_IDS[index % len(ROW_IDS)] if ROW_IDS else str(uuid.UUID(int=index))


schemathesis.openapi.format("uuid", st.one_of(st.uuids().map(str), st.integers(min_value=0).map(_row_id)))
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20260615,
        "generation": {"deterministic": True, "max-examples": EXAMPLES_PER_OPERATION, "database": "none"},
        "phases": {
            # The methods a client could mistake for another's on the same path; OPTIONS, TRACE and QUERY are
            # Flask's and werkzeug's to answer.
            "coverage": {"unexpected-methods": ["get", "put", "post", "delete", "patch"]},
            "stateful": {"enabled": False},
        },
        "checks": {
            "enabled": False,
            **{name: {"enabled": True} for name in CHECKS},
            # The one required header is If-Match, and without it the API asks for it.
            "missing_required_header": {"enabled": True, "expected-statuses": ["428"]},
        },
    }
)
document = schemathesis.openapi.from_dict(_served_document(), config=CONFIG)


@document.parametrize()
def test_every_response_is_one_the_document_declares(case: schemathesis.Case, workspace: Workspace) -> None:
    if case.path_parameters:
        case.path_parameters = {name: workspace.path[name] for name in case.path_parameters}
    auth = {"Authorization": f"Bearer {workspace.token}"}
    if case.headers and "If-Match" in case.headers:
        # The ETag a client would have just read; a made-up one is a 412 before anything else is looked at.
        current = workspace.app.test_client().get(case.formatted_path, headers=auth)
        case.headers["If-Match"] = current.headers.get("ETag", case.headers["If-Match"])
    # The document was read before the workspace's app existed; the requests, and the checks' own probes
    # (the same request without the token, with other methods), go to that app, in this process.
    case.operation.app = case.operation.schema.app = workspace.app
    case.call_and_validate(headers=auth)
