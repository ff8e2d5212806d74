"""Every route of the app, called by one government with the ids of another: always "not found", never a byte of
the other government's data. Walks `app.url_map`, so a route added tomorrow is swept too, or fails this file
until someone says which row of another government its parameters name.

Alpha's unit head (signed in, or with alpha's API token) asks for beta's rows: in alpha's paths (404), mixed with
alpha's own ids (404), and in beta's paths (404 for pages, 401 for the API, where alpha's token means nothing).
Beta's rows carry a marker in every text field; no response may hold it, and beta's rows are the same after the
sweep as before. A bank's specialist is swept the same way across banks and governments.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from entrega.audit.services import acting_as
from entrega.bank import services as bank
from entrega.bank.models import Institution, InstitutionRole
from entrega.db import Base, Engines
from entrega.identity.access import PUBLIC_TENANT_ENDPOINTS
from entrega.identity.models import User
from entrega.tenancy.crossing import cross_tenant_session
from tests.conftest import BUNDLED_MODELS, TwoTenants, sign_in_as, token_client
from tests.factories import create_user
from tests.resilience.workspace import COMMON_KEY, PDF, Workspace, fill, load_library

pytestmark = pytest.mark.plugins(*BUNDLED_MODELS, "entrega_cog", "entrega_prodev", "entrega_delivery_capacity")

MARK = "zq-beta-secret"
LIMITED = {"ministry.acronym": 20, "indicator.unit": 40, "programme.code": 40}  # columns narrower than a sentence
TENANT_PREFIXES = ("/t/<tenant_slug>", "/api/v1/t/<tenant_slug>")
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
CSRF = "sweep-csrf-token"
STAR = {"If-Match": "*"}

# Routes outside any government and any bank, and why another government's ids have no place in them. They
# are still called (as alpha's unit head), and must not show beta's data either.
OUTSIDE_GOVERNMENTS = {
    "static": "the app's own files",
    "health.healthz": "liveness: no data",
    "health.readyz": "readiness: no data",
    "observability.metrics": "process metrics: no government's rows",
    "web.home": "the directory of governments: names only",
    "web.go_to_tenant": "the switcher: redirects to a government's path, swept there",
    "web.set_locale": "the interface language",
    "web.api_docs": "the API reference",
    "api-docs.openapi_json": "the API's schema",
    "plugins.Plugins": "the installed plugins",
    "identity_pages.account": "the signed-in person's own account",
    "identity_pages.change_password": "the signed-in person's own password",
    "identity_pages.sign_in_page": "signing in: before any government",
    "identity_pages.sign_in_post": "signing in: before any government",
    "identity_pages.sign_out_post": "signing out",
    "identity_pages.oidc_start": "single sign-on: before any government",
    "identity_pages.oidc_callback": "single sign-on: before any government",
}
OUTSIDE_VALUES = {"filename": "entrega.css"}


def beta_words(field: str) -> str:
    return MARK if field in LIMITED else f"{MARK} {field}"


def alpha_words(field: str) -> str:
    return f"alpha {field}"[: LIMITED.get(field, 200)]


# ---- what each route is sent --------------------------------------------------------------------------------

Ids = dict[str, str]


def _csv(code: str) -> bytes:
    return f"indicator,period,value,breakdown,source,note\n{code},2025-03,12,,survey,\n".encode()


# API writes with a body that passes validation, so that only the lookup stands between the request and the row.
API_BODIES: dict[str, Callable[[Ids], dict[str, Any]]] = {
    "tenancy.Ministries.post": lambda ids: {"json": {"code": "NEW", "name": {"es": "Nuevo"}, "kind": "agency",
                                                     "parent_id": ids["ministry_id"]}},
    "tenancy.MinistryResource.patch": lambda ids: {"json": {"acronym": "X"}},
    "tenant_model.TenantModelResource.put": lambda ids: {"json": {"delivery": "entrega_pmdu"}},
    "tenant_model.CloneModel.post": lambda ids: {"json": {"from": "beta"}},
    "delivery.Priorities.post": lambda ids: {"json": {"code": "NEW", "name": {"es": "Nueva"},
                                                      "owner_ministry_id": ids["ministry_id"],
                                                      "extra": {"lead_official": "x"}}},
    "delivery.PriorityResource.patch": lambda ids: {"json": {"sponsor": "x", "owner_ministry_id": ids["ministry_id"]}},
    "delivery.Indicators.post": lambda ids: {"json": {"code": "NEW", "name": {"es": "Nuevo"},
                                                      "priority_id": ids["priority_id"],
                                                      "owner_ministry_id": ids["ministry_id"], "unit": "%",
                                                      "polarity": "up", "frequency": "monthly",
                                                      "accumulation": "level"}},
    "delivery.IndicatorResource.patch": lambda ids: {"json": {"unit": "x", "priority_id": ids["priority_id"]}},
    "delivery.IndicatorBaseline.put": lambda ids: {"json": {"value": 1, "period": "2024-11"}},
    "delivery.IndicatorTargets.post": lambda ids: {"json": {"value": 1, "due": "2026-12", "reason": "x"}},
    "delivery.IndicatorTrajectory.put": lambda ids: {"json": {"points": []}},
    "delivery.TrajectoryDraft.post": lambda ids: {"json": {"shape": "linear"}},
    "delivery.IndicatorMeasurements.post": lambda ids: {"json": {"period": "2025-03", "value": 1, "note": "x"}},
    "delivery.MeasurementCorrections.post": lambda ids: {"json": {"value": 1, "note": "x"}},
    "delivery.MeasurementReview.post": lambda ids: {"json": {"action": "validate"}},
    "delivery.MeasurementEvidence.post": lambda ids: {"data": {"file": (io.BytesIO(PDF), "proof.pdf",
                                                                        "application/pdf")}},
    "delivery.PriorityMilestones.post": lambda ids: {"json": {"title": "x", "due_on": "2025-01-01"}},
    "delivery.MilestoneResource.patch": lambda ids: {"json": {"title": "x"}},
    "delivery.PriorityChain.put": lambda ids: {"json": {"links": [{"actor": "x", "ministry_id": ids["ministry_id"]}]}},
    "delivery.BudgetProgrammes.post": lambda ids: {"json": {"code": "NEW", "name": "x",
                                                            "ministry_id": ids["ministry_id"]}},
    "delivery.BudgetEntries.put": lambda ids: {"json": {"period": "2025-02-01", "allocated": 1}},
    "delivery.PriorityProgrammes.post": lambda ids: {"json": {"programme_id": ids["programme_id"]}},
    "delivery_imports_api.Imports.post": lambda ids: {"data": {"kind": "measurements",
                                                               "file": (io.BytesIO(_csv(ids["indicator_code"])),
                                                                        "values.csv")}},
    "reports_api.Reports.post": lambda ids: {"json": {"template": "stocktake_pack",
                                                      "subject_id": ids["meeting_id"]}},
}  # fmt: skip

# Page forms, filled as a person would, any id they take being the variant's.
PAGE_FORMS: dict[str, Callable[[Ids], dict[str, Any]]] = {
    "tenancy_pages.ministries.get": lambda ids: {},
    "model_pages.save_model.post": lambda ids: {"action": "clone", "source": "beta"},
    "identity_tenant.invite.post": lambda ids: {"email": "new@example.org", "role": "focal_point",
                                                "ministry_id": ids["ministry_id"]},
    "identity_tenant.change_member.post": lambda ids: {"role": "viewer"},
    "bank_tenant.grant_share.post": lambda ids: {"kind": "priority_status", "subject": ids["priority_id"]},
    "delivery_pages.new_priority.post": lambda ids: {"code": "NEW", "name.es": "Nueva", "extra.lead_official": "x",
                                                     "owner_ministry_id": ids["ministry_id"]},
    "delivery_pages.edit_priority.post": lambda ids: {"code": "NEW", "name.es": "Nueva", "extra.lead_official": "x",
                                                      "owner_ministry_id": ids["ministry_id"]},
    "delivery_pages.add_milestone.post": lambda ids: {"title": "x", "due_on": "2025-01-01"},
    "delivery_pages.update_milestone.post": lambda ids: {"action": "remove"},
    "delivery_pages.set_chain.post": lambda ids: {"links.0.actor": "x", "links.0.ministry_id": ids["ministry_id"]},
    "delivery_pages.add_programme.post": lambda ids: {"code": "NEW", "name": "x"},
    "delivery_pages.link_programme.post": lambda ids: {"programme_id": ids["programme_id"]},
    "delivery_pages.set_budget_entry.post": lambda ids: {"period": "2025-02", "allocated": "1", "executed": "1"},
    "delivery_data.new_indicator.post": lambda ids: {"code": "NEW", "name.es": "Nuevo", "unit": "%",
                                                     "polarity": "up", "frequency": "monthly",
                                                     "accumulation": "level", "owner_ministry_id": ids["ministry_id"]},
    "delivery_data.edit_indicator.post": lambda ids: {"code": "NEW", "name.es": "Nuevo", "unit": "%",
                                                      "polarity": "up", "frequency": "monthly",
                                                      "accumulation": "level",
                                                      "owner_ministry_id": ids["ministry_id"]},
    "delivery_data.set_baseline.post": lambda ids: {"value": "1", "period": "2024-11"},
    "delivery_data.revise_target.post": lambda ids: {"value": "1", "due": "2026-12", "reason": "x"},
    "delivery_data.set_trajectory.post": lambda ids: {"points": "2025-01 1"},
    "delivery_data.submit_value.post": lambda ids: {"period": "2025-03", "value": "1", "note": "x"},
    "delivery_data.correct_value.post": lambda ids: {"value": "1", "note": "x"},
    "delivery_data.add_evidence.post": lambda ids: {"file": (io.BytesIO(PDF), "proof.pdf", "application/pdf")},
    "delivery_data.review_value.post": lambda ids: {"action": "validate"},
    "delivery_imports.upload.post": lambda ids: {"kind": "measurements",
                                                 "file": (io.BytesIO(_csv(ids["indicator_code"])), "values.csv")},
    "reports_pages.request_report.post": lambda ids: {"template": "stocktake_pack", "subject_id": ids["meeting_id"]},
    "routines_pages.plan_meeting.post": lambda ids: {"held_on": "2025-09-01"},
    "routines_pages.reorder_agenda.post": lambda ids: {"order": ids["item_id"]},
    "routines_pages.add_agenda_item.post": lambda ids: {"title": "x"},
    "routines_pages.edit_agenda_item.post": lambda ids: {"title": "x"},
    "routines_pages.add_decision.post": lambda ids: {"text": "x", "priority_id": ids["priority_id"]},
    "routines_pages.add_action.post": lambda ids: {"title": "x", "owner_ministry_id": ids["ministry_id"],
                                                   "due_on": "2025-09-01", "priority_id": ids["priority_id"]},
    "routines_pages.update_action.post": lambda ids: {"status": "done", "evidence": "x"},
    "routines_pages.assess_priority.post": lambda ids: {"level.overall": "on_track", "rationale.overall": "x"},
    "diagnostics_pages.answer.post": lambda ids: {"item": "medium_term_plan", "step": "1", "evidence": "x"},
    "library_pages.map_indicator.post": lambda ids: {"common": COMMON_KEY, "comparability": "comparable"},
}  # fmt: skip

# Query strings that name rows by id: filters, and the pages that choose a ministry.
QUERIES: dict[str, Callable[[Ids], dict[str, str]]] = {
    "delivery_pages.priorities": lambda ids: {"ministry": ids["ministry_id"]},
    "delivery_data.data_entry": lambda ids: {"ministry": ids["ministry_id"]},
    "routines_pages.actions": lambda ids: {"ministry": ids["ministry_id"]},
    "identity_tenant.audit": lambda ids: {"entity": ids["priority_id"]},
    "delivery.Priorities": lambda ids: {"owner_ministry_id": ids["ministry_id"]},
    "delivery.Indicators": lambda ids: {"priority_id": ids["priority_id"], "owner_ministry_id": ids["ministry_id"]},
    "delivery.BudgetProgrammes": lambda ids: {"ministry_id": ids["ministry_id"]},
    "tenancy.Ministries": lambda ids: {"parent_id": ids["ministry_id"]},
    "delivery_imports.export_measurements": lambda ids: {"history": "true"},
    "delivery_imports_api.MeasurementsCsv": lambda ids: {"history": "true"},
}

# Routes without an id in their path whose body names a row of another government: refused, with this status.
REFUSED_BODIES = {
    "tenancy.Ministries.post": 422,
    "tenant_model.CloneModel.post": 404,
    "delivery.Priorities.post": 422,
    "delivery.Indicators.post": 422,
    "delivery.BudgetProgrammes.post": 422,
    "reports_api.Reports.post": 422,
    "model_pages.save_model.post": 422,
    "identity_tenant.invite.post": 422,
    "delivery_pages.new_priority.post": 422,
}


# ---- the walk -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    rule: str

    @property
    def key(self) -> str:
        return f"{self.endpoint}.{self.method.lower()}"

    @property
    def api(self) -> bool:
        return self.rule.startswith("/api/")

    @property
    def ids(self) -> list[str]:
        return [name for name in PARAMETER.findall(self.rule) if name != "tenant_slug"]


def routes(app: Flask, prefixes: tuple[str, ...]) -> list[Route]:
    return sorted(
        (Route(rule.endpoint, method, rule.rule) for rule in app.url_map.iter_rules()
         if rule.rule.startswith(prefixes) for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}),
        key=lambda r: (r.method != "GET", r.rule, r.method),
    )  # fmt: skip


def url(route: Route, slug: str, ids: Ids) -> str:
    values = {"tenant_slug": slug, **ids}
    missing = [name for name in PARAMETER.findall(route.rule) if name not in values]
    assert not missing, f"{route.rule}: which row of another government does <{missing[0]}> name? Add it to the sweep."
    return PARAMETER.sub(lambda m: values[m.group(1)], route.rule)


def call(client: FlaskClient, route: Route, slug: str, ids: Ids) -> TestResponse:
    target = url(route, slug, ids)
    query = QUERIES.get(route.endpoint, lambda _ids: {})(ids)
    if route.api:
        body = API_BODIES.get(route.key, lambda _ids: {})(ids) if route.method != "GET" else {}
        return client.open(target, method=route.method, query_string=query, headers=STAR, **body)
    form = PAGE_FORMS.get(route.key, lambda _ids: {})(ids) if route.method != "GET" else {}
    data = {"csrf_token": CSRF, **form} if route.method != "GET" else None
    return client.open(target, method=route.method, query_string=query, data=data)


def shown(response: TestResponse) -> str:
    """Everything a response says, a workbook's sheets included."""
    data = response.get_data()
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return data.decode("utf-8", "replace")


def assert_nothing_of_beta(response: TestResponse, what: object) -> None:
    assert response.status_code < 500, (what, response.status_code)
    assert MARK not in shown(response), what


def beta_rows(engines: Engines, tenant_id: uuid.UUID) -> Iterator[tuple[str, list[str]]]:
    """Every row beta owns, table by table, read on the audited cross-tenant path."""
    with cross_tenant_session(engines, reason="test: what beta owns") as db_session:
        for table in Base.metadata.sorted_tables:
            if "tenant_id" in table.c:
                rows = db_session.execute(select(table).where(table.c.tenant_id == tenant_id))
                yield table.name, sorted(repr(tuple(row)) for row in rows)


# ---- the governments ------------------------------------------------------------------------------------------


@dataclass
class Sweep:
    alpha: Workspace
    beta: Workspace
    specialist: User  # of the IDB, which alpha works with; beta works with CAF


@pytest.fixture
def sweep(app: Flask, engines: Engines, two_tenants: TwoTenants) -> Sweep:
    specialist = create_user(engines, email="sofia@idb.example", name="Sofía Specialist")
    with acting_as("test"), cross_tenant_session(engines, reason="test: banks") as db_session:
        idb = bank.create_institution(db_session, "idb", "Inter-American Development Bank")
        caf = bank.create_institution(db_session, "caf", "CAF")
        bank.add_institution_member(db_session, idb, db_session.get(User, specialist.id), InstitutionRole.SPECIALIST)  # type: ignore[arg-type]
        db_session.commit()
        idb_id, caf_id = idb.id, caf.id
    load_library(engines)
    alpha = fill(app, engines, two_tenants.a, idb_id, alpha_words, "A")
    beta = fill(app, engines, two_tenants.b, caf_id, beta_words, "B")
    alpha.ids["indicator_code"], beta.ids["indicator_code"] = "A-I1", "B-I1"
    report = token_client(app, beta.token).post("/api/v1/t/beta/reports", json={"template": "league_table"})
    assert report.json["status"] == "done", report.json
    beta.ids["report_id"] = report.json["id"]
    mine = token_client(app, alpha.token).post("/api/v1/t/alpha/reports", json={"template": "league_table"})
    alpha.ids["report_id"] = mine.json["id"]
    return Sweep(alpha, beta, specialist)


def _clients(app: Flask, alpha: Workspace) -> tuple[FlaskClient, FlaskClient]:
    pages = sign_in_as(app.test_client(), alpha.head, "es")
    with pages.session_transaction() as session:
        session["csrf_token"] = CSRF
    return pages, token_client(app, alpha.token)


# ---- the tests ------------------------------------------------------------------------------------------------


def test_every_route_is_inside_a_government_inside_a_bank_or_listed_with_its_reason(app: Flask) -> None:
    outside = {r.endpoint for r in routes(app, ("/",)) if not r.rule.startswith((*TENANT_PREFIXES, "/bank/"))}
    assert outside == set(OUTSIDE_GOVERNMENTS)
    # Every body and form the sweep sends is for a route that exists.
    keys = {r.key for r in routes(app, TENANT_PREFIXES)}
    assert set(API_BODIES) | set(PAGE_FORMS) | set(REFUSED_BODIES) <= keys
    assert set(QUERIES) <= {r.endpoint for r in routes(app, TENANT_PREFIXES)}


def test_another_governments_ids_are_not_found_on_any_route(app: Flask, engines: Engines, sweep: Sweep) -> None:
    """Reads first, then writes; each route with beta's ids in alpha's paths, then with one id of beta's among
    alpha's own, then in beta's paths."""
    alpha, beta = sweep.alpha, sweep.beta
    # Beta's own pages do show the marker: its absence below means something.
    beta_head = sign_in_as(app.test_client(), beta.head, "pt")
    assert MARK in shown(beta_head.get(f"/t/beta/priorities/{beta.ids['priority_id']}"))
    before = dict(beta_rows(engines, beta.tenant.id))
    pages, api = _clients(app, alpha)
    swept = 0
    for route in routes(app, TENANT_PREFIXES):
        client = api if route.api else pages
        if not route.ids:
            response = call(client, route, "alpha", beta.ids)
            assert_nothing_of_beta(response, route)
            if route.key in REFUSED_BODIES:
                assert response.status_code == REFUSED_BODIES[route.key], (route, response.status_code)
            swept += 1
            continue
        if route.method == "GET":  # alpha's own row is found: the 404s below are about whose row it is
            own = call(client, route, "alpha", alpha.ids)
            assert own.status_code not in (404, 401, 403), (route, own.status_code)
            assert_nothing_of_beta(own, route)
        variants = [beta.ids] + ([{**alpha.ids, name: beta.ids[name]} for name in route.ids] if len(route.ids) > 1
                                 else [])  # fmt: skip
        for ids in variants:
            response = call(client, route, "alpha", ids)
            assert response.status_code == 404, (route, ids == beta.ids, response.status_code)
            if route.api:
                assert response.json == {"code": 404, "status": "Not Found", "message": "Not found."}, route
            assert_nothing_of_beta(response, route)
            swept += 1
    for route in routes(app, TENANT_PREFIXES):
        if route.endpoint in PUBLIC_TENANT_ENDPOINTS:
            continue  # sign-in and invitation pages: whoever holds the link reads them, by design
        response = call(api if route.api else pages, route, "beta", beta.ids)
        assert response.status_code == (401 if route.api else 404), (route, response.status_code)
        assert_nothing_of_beta(response, route)
        swept += 1
    assert swept > 300
    assert dict(beta_rows(engines, beta.tenant.id)) == before


def test_the_routes_outside_any_government_show_nothing_of_another(app: Flask, engines: Engines, sweep: Sweep) -> None:
    for route in routes(app, ("/",)):
        if route.endpoint in OUTSIDE_GOVERNMENTS:
            pages, api = _clients(app, sweep.alpha)  # afresh: one of these routes signs out
            values = {**OUTSIDE_VALUES, **sweep.beta.ids}
            response = (api if route.api else pages).open(
                url(route, "beta", values), method=route.method,
                data={"csrf_token": CSRF} if route.method != "GET" else None,
            )  # fmt: skip
            assert_nothing_of_beta(response, route)
    # The switcher only points at beta's path, which answers alpha's unit head as if beta did not exist.
    pages, _api = _clients(app, sweep.alpha)
    switched = pages.get("/go", query_string={"tenant": "beta"})
    assert pages.get(switched.headers["Location"]).status_code == 404


def _bank_client(app: Flask, person: User) -> FlaskClient:
    client = sign_in_as(app.test_client(), person, "en")
    with client.session_transaction() as session:
        session["csrf_token"] = CSRF
    return client


def _bank_call(client: FlaskClient, route: Route, values: dict[str, str]) -> TestResponse:
    query = {"instrument": "prodev_sep", "country": "beta", "engagement": "B-OP1"}
    if route.method == "GET":
        return client.get(url(route, "", values), query_string=query)
    return client.open(url(route, "", values), method=route.method, data={"csrf_token": CSRF, **query})


def _exported(client: FlaskClient, institution: str) -> str:
    """A bank's comparison, exported as a PDF from the documents page: the export's id."""
    done = client.post(f"/bank/{institution}/documents/exports", data={"csrf_token": CSRF, "instrument": "prodev_sep"})
    found = re.search(r"#export-([0-9a-f-]{36})", done.headers["Location"])
    assert found is not None, done.headers
    return found.group(1)


def test_a_banks_specialist_reaches_neither_another_bank_nor_a_government_it_does_not_work_with(
    app: Flask, engines: Engines, sweep: Sweep
) -> None:
    """The IDB's specialist, with one name or id of another in each bank route: CAF's pages and exports are not
    there; beta works with CAF only (and shares everything with it), so its waves and reports are not there
    either, under beta's name or alpha's."""
    other = create_user(engines, email="carla@caf.example")
    with acting_as("test"), cross_tenant_session(engines, reason="test: banks") as db_session:
        caf = db_session.scalars(select(Institution).where(Institution.slug == "caf")).one()
        bank.add_institution_member(db_session, caf, db_session.get(User, other.id), InstitutionRole.SPECIALIST)  # type: ignore[arg-type]
        db_session.commit()
    specialist = _bank_client(app, sweep.specialist)
    own = {"institution_slug": "idb", "government_slug": "alpha", "wave_id": sweep.alpha.ids["wave_id"],
           "report_id": sweep.alpha.ids["report_id"], "export_id": _exported(specialist, "idb")}  # fmt: skip
    own["common_key"] = COMMON_KEY  # the platform's definition: every bank reads it, with what is shared with it
    foreign = {"common_key": COMMON_KEY, "institution_slug": "caf", "government_slug": "beta", "wave_id": sweep.beta.ids["wave_id"],
               "report_id": sweep.beta.ids["report_id"], "export_id": _exported(_bank_client(app, other), "caf")}  # fmt: skip
    checked = 0
    for route in routes(app, ("/bank/",)):
        names = [name for name in PARAMETER.findall(route.rule)]
        assert set(names) <= set(own), f"{route.rule}: which row of another bank or government does it name?"
        mine = _bank_call(specialist, route, own)
        assert mine.status_code in (200, 302), (route, mine.status_code)
        assert_nothing_of_beta(mine, route)
        for values in [foreign] + [{**own, name: foreign[name]} for name in names if own[name] != foreign[name]]:
            response = _bank_call(specialist, route, values)
            assert response.status_code == 404, (route, values, response.status_code)
            assert_nothing_of_beta(response, route)
            checked += 1
    assert checked >= 25
