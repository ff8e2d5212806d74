"""Banks and their engagements: a government records the operations it has with a bank; the bank's
specialists see their institution's engagements and nothing else of any government."""

from __future__ import annotations

import re
import uuid

import pytest
from flask import Flask
from sqlalchemy import text

from entrega.bank import services
from entrega.bank.models import Institution, InstitutionRole
from entrega.db import Engines
from entrega.identity.models import User
from entrega.tenancy.binding import bind_connection
from entrega.tenancy.crossing import cross_tenant_session
from tests.conftest import TwoTenants, sign_in_as
from tests.factories import create_user


def _institution(engines: Engines, slug: str, name: str, *specialists: User) -> Institution:
    with cross_tenant_session(engines, reason="test: bank") as db_session:
        institution = services.create_institution(db_session, slug, name)
        for person in specialists:
            services.add_institution_member(
                db_session, institution, db_session.get(User, person.id), InstitutionRole.SPECIALIST
            )  # type: ignore[arg-type]
        db_session.commit()
        return institution


def _record(app: Flask, head: User, slug: str, institution: str, code: str) -> int:
    client = sign_in_as(app.test_client(), head, "en")
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get(f"/t/{slug}/engagements").get_data(as_text=True)
    ).group(1)  # type: ignore[union-attr]
    return client.post(
        f"/t/{slug}/engagements",
        data={"csrf_token": token, "institution": institution, "code": code, "kind": "loan",
              "title": "Results-based loan for education", "starts_on": "2025-01-15", "ends_on": "2029-12-31"},
    ).status_code  # fmt: skip


@pytest.fixture
def banks(engines: Engines, two_tenants: TwoTenants) -> dict[str, User]:
    idb, other = create_user(engines, email="sofia@idb.example"), create_user(engines, email="omar@other.example")
    _institution(engines, "idb", "Inter-American Development Bank", idb)
    _institution(engines, "other-bank", "Another Bank", other)
    return {"idb": idb, "other": other}


def test_a_specialist_sees_their_institutions_engagements_with_every_government(
    app: Flask, two_tenants: TwoTenants, banks: dict[str, User]
) -> None:
    assert _record(app, two_tenants.a_head, "alpha", "idb", "AL-L1001") == 302
    assert _record(app, two_tenants.b_head, "beta", "idb", "BE-T2002") == 302
    assert _record(app, two_tenants.b_head, "beta", "other-bank", "X-9") == 302
    page = sign_in_as(app.test_client(), banks["idb"], "en").get("/bank/idb/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "AL-L1001" in html
    assert "BE-T2002" in html
    assert "X-9" not in html


def test_a_specialist_sees_no_other_bank_and_no_government_data(
    app: Flask, two_tenants: TwoTenants, banks: dict[str, User]
) -> None:
    specialist = sign_in_as(app.test_client(), banks["idb"], "en")
    assert specialist.get("/bank/other-bank/").status_code == 404
    for path in ("/t/alpha/", "/t/alpha/ministries", "/t/alpha/engagements"):
        assert specialist.get(path).status_code == 404


def test_only_the_unit_head_records_engagements_and_bad_input_is_explained(
    app: Flask, engines: Engines, two_tenants: TwoTenants, banks: dict[str, User]
) -> None:
    from entrega.identity.roles import Role
    from tests.factories import create_member

    analyst = create_member(engines, two_tenants.a, Role.ANALYST)
    assert _record(app, analyst, "alpha", "idb", "AL-1") == 403
    client = sign_in_as(app.test_client(), two_tenants.a_head, "en")
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get("/t/alpha/engagements").get_data(as_text=True)
    ).group(1)  # type: ignore[union-attr]
    response = client.post("/t/alpha/engagements", data={"csrf_token": token, "institution": "idb", "code": "bad code!",
                                                          "kind": "loan", "title": "", "starts_on": "2025-02-30"})  # fmt: skip
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for field in ("code", "title", "starts_on"):
        assert f"{field}:" in html


@pytest.mark.postgres
def test_the_database_admits_a_bank_to_its_own_engagements_only(
    pg_app: Flask, pg_engines: Engines, pg_two_tenants: TwoTenants
) -> None:
    idb = _institution(pg_engines, "idb", "IDB")
    other = _institution(pg_engines, "other-bank", "Other")
    assert _record(pg_app, pg_two_tenants.a_head, "alpha", "idb", "AL-1") == 302
    assert _record(pg_app, pg_two_tenants.b_head, "beta", "other-bank", "BE-1") == 302
    with pg_engines.app.begin() as connection:
        bind_connection(connection, None, None, idb.id)
        codes = list(connection.scalars(text("SELECT code FROM engagements")))
        ministries = connection.scalar(text("SELECT count(*) FROM ministries"))
    assert (codes, ministries) == (["AL-1"], 0)
    with pg_engines.app.begin() as connection:
        bind_connection(connection, None, None, uuid.uuid4())
        assert connection.scalar(text("SELECT count(*) FROM engagements")) == 0
    assert other.id != idb.id
