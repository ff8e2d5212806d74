"""The indicator library's pages: a government maps its indicators with a stated comparability (those who edit
the plan only); a bank reads, per definition, the values governments share, set side by side only where they
are comparable, and stops seeing them the moment a share is revoked."""

from __future__ import annotations

import csv
import io
import re
import uuid
from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from entrega.audit.models import AuditEvent
from entrega.audit.services import acting_as
from entrega.bank import services as bank
from entrega.bank import sharing
from entrega.bank.models import EVERYTHING, Engagement, EngagementKind, InstitutionRole, ShareKind
from entrega.db import Engines
from entrega.delivery.models import Indicator
from entrega.identity.models import User
from entrega.identity.roles import Role
from entrega.library import services as indicator_library
from entrega.library.models import Comparability, IndicatorMapping
from entrega.tenancy.binding import bind_institution, tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Ministry, Tenant
from tests.conftest import TwoTenants, sign_in_as
from tests.factories import (
    create_indicator,
    create_member,
    create_ministry,
    create_priority,
    create_tenant,
    create_user,
    record_values,
)

DEFINITION = "under5_mortality"


@dataclass
class Library:
    idb: uuid.UUID
    specialist: User
    outsider: User  # works for another bank
    indicators: dict[str, uuid.UUID]  # one per government, each with a value for January 2025
    engagements: dict[str, uuid.UUID]


def _indicator(engines: Engines, tenant: Tenant, ministry: Ministry, value: float) -> uuid.UUID:
    priority = create_priority(engines, tenant, ministry)
    indicator = create_indicator(engines, tenant, priority, polarity="down", unit="per 1,000 live births")
    record_values(engines, tenant, indicator, [(date(2025, 1, 1), value)])
    return indicator.id


def _engagement(engines: Engines, tenant: Tenant, idb: uuid.UUID) -> uuid.UUID:
    with acting_as("test"), tenant_session(engines, tenant.id) as db_session:
        engagement = Engagement(institution_id=idb, code=f"{tenant.slug.upper()}-L1", kind=EngagementKind.LOAN,
                                title="Child health", starts_on=date(2024, 1, 1))  # fmt: skip
        db_session.add(engagement)
        db_session.commit()
        return engagement.id


@pytest.fixture
def library(engines: Engines, two_tenants: TwoTenants) -> Library:
    """The library loaded; the IDB (a specialist) and CAF (another); alpha and beta engaged with the IDB, each
    with one indicator and a value."""
    specialist = create_user(engines, email="sofia@idb.example", name="Sofía Specialist")
    outsider = create_user(engines, email="omar@caf.example")
    with acting_as("test"), cross_tenant_session(engines, reason="test: library") as db_session:
        indicator_library.sync(db_session)
        idb = bank.create_institution(db_session, "idb", "Inter-American Development Bank")
        caf = bank.create_institution(db_session, "caf", "CAF")
        bank.add_institution_member(db_session, idb, db_session.get(User, specialist.id), InstitutionRole.SPECIALIST)  # type: ignore[arg-type]
        bank.add_institution_member(db_session, caf, db_session.get(User, outsider.id), InstitutionRole.SPECIALIST)  # type: ignore[arg-type]
        db_session.commit()
        idb_id = idb.id
    indicators = {"alpha": _indicator(engines, two_tenants.a, two_tenants.a_ministries[0], 18.5),
                  "beta": _indicator(engines, two_tenants.b, two_tenants.b_ministries[0], 21.0)}  # fmt: skip
    engagements = {"alpha": _engagement(engines, two_tenants.a, idb_id),
                   "beta": _engagement(engines, two_tenants.b, idb_id)}  # fmt: skip
    return Library(idb_id, specialist, outsider, indicators, engagements)


def _map(
    engines: Engines, tenant: Tenant, indicator_id: uuid.UUID, comparability: Comparability, note: str = ""
) -> None:
    with acting_as("test"), tenant_session(engines, tenant.id) as db_session:
        indicator = db_session.get(Indicator, (tenant.id, indicator_id))
        assert indicator is not None
        indicator_library.map_indicator(db_session, indicator, DEFINITION, comparability, note)
        db_session.commit()


def _share(engines: Engines, tenant: Tenant, engagement_id: uuid.UUID, subject: str) -> uuid.UUID:
    with acting_as("test"), tenant_session(engines, tenant.id) as db_session:
        engagement = db_session.get(Engagement, (tenant.id, engagement_id))
        assert engagement is not None
        share = sharing.grant(db_session, engagement, ShareKind.INDICATOR_VALUES, subject, set())
        db_session.commit()
        return share.id


def _revoke(engines: Engines, tenant: Tenant, share_id: uuid.UUID) -> None:
    with acting_as("test"), tenant_session(engines, tenant.id) as db_session:
        sharing.revoke(db_session, share_id)
        db_session.commit()


def _token(client: FlaskClient, path: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert found is not None
    return found.group(1)


def _row(html: str, row_id: str) -> str:
    """A table row's cells, up to its forms (whose options name every definition and comparability)."""
    return html.split(f'id="{row_id}"')[1].split("</tr>")[0].split("<details")[0]


def _mapping(engines: Engines, tenant: Tenant, indicator_id: uuid.UUID) -> IndicatorMapping | None:
    with tenant_session(engines, tenant.id) as db_session:
        return indicator_library.mapping_of(db_session, indicator_id)


# ---- the government's page ---------------------------------------------------------------------------------


def test_a_government_maps_an_indicator_and_sees_it(
    app: Flask, engines: Engines, two_tenants: TwoTenants, library: Library
) -> None:
    head = sign_in_as(app.test_client(), two_tenants.a_head, "en")
    indicator = library.indicators["alpha"]
    page = head.get("/t/alpha/library")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "SDG 3.2.1" in html and "Under-five mortality rate" in html and "Deaths of children under five" in html
    assert "Not mapped" in _row(html, f"indicator-{indicator}")
    assert f'href="/t/alpha/indicators/{indicator}"' in html  # each indicator links to its sheet
    assert 'href="/t/alpha/library"' in html  # the navigation entry

    url = f"/t/alpha/library/indicators/{indicator}"
    form = {"common": DEFINITION, "comparability": "comparable", "note": ""}
    assert head.post(url, data=form).status_code == 400  # no CSRF token
    token = _token(head, "/t/alpha/library")
    response = head.post(url, data={**form, "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#indicator-{indicator}")
    html = head.get("/t/alpha/library").get_data(as_text=True)
    row = _row(html, f"indicator-{indicator}")
    assert "Under-five mortality rate" in row and "Comparable" in row and "SDG 3.2.1" in row
    assert "1 indicator" in _row(html, f"definition-{DEFINITION}")
    assert "Not mapped" not in row and f'action="/t/alpha/library/indicators/{indicator}/remove"' in html

    # Mapped again with a caveat, then removed: each change is in the audit log, by whom and what it was.
    form = {"common": DEFINITION, "comparability": "partial", "note": "Urban areas only", "csrf_token": token}
    assert head.post(url, data=form).status_code == 302
    assert "Urban areas only" in _row(head.get("/t/alpha/library").get_data(as_text=True), f"indicator-{indicator}")
    assert head.post(f"{url}/remove", data={"csrf_token": token}).status_code == 302
    assert "Not mapped" in _row(head.get("/t/alpha/library").get_data(as_text=True), f"indicator-{indicator}")
    assert _mapping(engines, two_tenants.a, indicator) is None
    with tenant_session(engines, two_tenants.a.id) as db_session:
        events = db_session.execute(
            select(AuditEvent.action, AuditEvent.actor, AuditEvent.before, AuditEvent.after)
            .where(AuditEvent.entity == "indicator_mapping", AuditEvent.entity_id == str(indicator))
            .order_by(AuditEvent.at)
        ).all()
    assert [(e.action, e.actor) for e in events] == [("create", "head@alpha.example"), ("update", "head@alpha.example"),
                                                     ("delete", "head@alpha.example")]  # fmt: skip
    assert events[1].before["comparability"] == "comparable" and events[1].after["note"] == "Urban areas only"
    assert events[2].before["common"] == DEFINITION


def test_a_note_is_required_unless_the_indicator_is_comparable(
    app: Flask, engines: Engines, two_tenants: TwoTenants, library: Library
) -> None:
    head = sign_in_as(app.test_client(), two_tenants.a_head, "en")
    indicator = library.indicators["alpha"]
    url, token = f"/t/alpha/library/indicators/{indicator}", _token(head, "/t/alpha/library")
    prefix = f"map-{indicator}"

    response = head.post(url, data={"common": DEFINITION, "comparability": "not_comparable", "note": "  ",
                                    "csrf_token": token})  # fmt: skip
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    errors = html.split(f'id="{prefix}-note-errors"')[1].split("</ul>")[0]
    assert "Say how this indicator differs from the common definition." in errors
    assert re.search(rf'id="{prefix}-note"[^>]*aria-invalid="true"', html)
    assert f'href="#{prefix}-note"' in html  # the summary links to the field
    assert re.search(r'value="not_comparable"[^>]*checked', html)  # what was typed is kept
    assert _mapping(engines, two_tenants.a, indicator) is None  # nothing saved

    response = head.post(url, data={"common": "no_such_thing", "comparability": "partial", "note": "",
                                    "csrf_token": token})  # fmt: skip
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose a definition from the library." in html.split(f'id="{prefix}-common-errors"')[1].split("</ul>")[0]
    assert f'id="{prefix}-note-errors"' in html  # every reason at once
    response = head.post(url, data={"common": DEFINITION, "note": "", "csrf_token": token})
    assert response.status_code == 422 and f'id="{prefix}-comparability-errors"' in response.get_data(as_text=True)
    assert _mapping(engines, two_tenants.a, indicator) is None

    response = head.post(url, data={"common": DEFINITION, "comparability": "not_comparable",
                                    "note": "Infant deaths only", "csrf_token": token})  # fmt: skip
    assert response.status_code == 302
    saved = _mapping(engines, two_tenants.a, indicator)
    assert saved is not None and saved.comparability is Comparability.NOT_COMPARABLE
    assert saved.note == "Infant deaths only"


def test_only_those_who_edit_the_plan_change_mappings(
    app: Flask, engines: Engines, two_tenants: TwoTenants, library: Library
) -> None:
    indicator = library.indicators["alpha"]
    _map(engines, two_tenants.a, indicator, Comparability.COMPARABLE)
    viewer = sign_in_as(app.test_client(), create_member(engines, two_tenants.a, Role.VIEWER), "en")
    page = viewer.get("/t/alpha/library")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Comparable" in _row(html, f"indicator-{indicator}") and "Save the mapping" not in html
    token = _token(viewer, "/t/alpha/library")
    url = f"/t/alpha/library/indicators/{indicator}"
    form = {"common": DEFINITION, "comparability": "not_comparable", "note": "No", "csrf_token": token}
    assert viewer.post(url, data=form).status_code == 403
    assert viewer.post(f"{url}/remove", data={"csrf_token": token}).status_code == 403
    saved = _mapping(engines, two_tenants.a, indicator)
    assert saved is not None and saved.comparability is Comparability.COMPARABLE
    # Another government's indicator is not found from inside this one, even by its head.
    beta = sign_in_as(app.test_client(), two_tenants.b_head, "en")
    beta_token = _token(beta, "/t/beta/library")
    assert (
        beta.post(f"/t/beta/library/indicators/{indicator}", data={**form, "csrf_token": beta_token}).status_code == 404
    )
    assert beta.post(f"/t/beta/library/indicators/{indicator}/remove",
                     data={"csrf_token": beta_token}).status_code == 404  # fmt: skip
    assert _mapping(engines, two_tenants.a, indicator) is not None


# ---- the bank's pages --------------------------------------------------------------------------------------


def test_the_bank_sees_only_shared_comparable_values_and_none_after_revoking(
    app: Flask, engines: Engines, two_tenants: TwoTenants, library: Library
) -> None:
    gamma = create_tenant(engines, slug="gamma", name="Gamma", country="PE")
    gamma_indicator = _indicator(engines, gamma, create_ministry(engines, gamma, code="MINSA"), 33.3)
    gamma_engagement = _engagement(engines, gamma, library.idb)
    hidden = _indicator(engines, two_tenants.a, two_tenants.a_ministries[0], 99.9)  # mapped, never shared
    _map(engines, two_tenants.a, library.indicators["alpha"], Comparability.COMPARABLE)
    _map(engines, two_tenants.a, hidden, Comparability.COMPARABLE)
    _map(engines, two_tenants.b, library.indicators["beta"], Comparability.PARTIAL, "Urban areas only")
    _map(engines, gamma, gamma_indicator, Comparability.NOT_COMPARABLE, "Infant deaths only")
    alpha_share = _share(engines, two_tenants.a, library.engagements["alpha"], str(library.indicators["alpha"]))
    beta_share = _share(engines, two_tenants.b, library.engagements["beta"], EVERYTHING)
    _share(engines, gamma, gamma_engagement, str(gamma_indicator))

    specialist = sign_in_as(app.test_client(), library.specialist, "en")
    listing = specialist.get("/bank/idb/library").get_data(as_text=True)
    row = listing.split(f'/bank/idb/library/{DEFINITION}"')[1].split("</tr>")[0]
    assert "2 of 3" in row and "1 with caveats" in row  # gamma's is not comparable

    html = specialist.get(f"/bank/idb/library/{DEFINITION}").get_data(as_text=True)
    chart = html.split('id="chart-heading"')[1].split('id="values-heading"')[0]
    table = html.split('id="values-heading"')[1]
    assert "<svg" in chart and "Alpha" in chart and "Beta (with caveats)" in chart and "Gamma" not in chart
    alpha, beta, gamma_row = (table.split(f"{name}<br>")[1].split("</tr>")[0] for name in ("Alpha", "Beta", "Gamma"))
    assert "2025-01" in alpha and "18.5" in alpha and "Comparable" in alpha
    assert "21" in beta and "Comparable with caveats" in beta and "Urban areas only" in beta
    assert "Not compared" in gamma_row and "Infant deaths only" in gamma_row and "33.3" not in html
    assert "99.9" not in html and "99.9" not in specialist.get(f"/bank/idb/library/{DEFINITION}.csv").get_data(
        as_text=True
    )

    _revoke(engines, two_tenants.a, alpha_share)
    _revoke(engines, two_tenants.b, beta_share)
    html = specialist.get(f"/bank/idb/library/{DEFINITION}").get_data(as_text=True)
    assert "18.5" not in html and "Urban areas only" not in html and "<svg" not in html
    assert "No government shares a comparable value" in html
    assert "Engaged, but sharing no indicator mapped to this definition: Alpha, Beta." in html
    exported = specialist.get(f"/bank/idb/library/{DEFINITION}.csv").get_data(as_text=True)
    assert "Alpha" not in exported and "Beta" not in exported and "Gamma" in exported


@pytest.mark.postgres
def test_the_database_itself_hides_the_mappings_a_government_does_not_share(
    pg_engines: Engines, pg_two_tenants: TwoTenants
) -> None:
    """The application role, with only the institution bound, reads shared mappings and nothing else: the
    page's Python checks are not what keeps the rest away."""
    engines, tenants = pg_engines, pg_two_tenants
    with acting_as("test"), cross_tenant_session(engines, reason="test: library") as db_session:
        indicator_library.sync(db_session)
        idb = bank.create_institution(db_session, "idb", "IDB").id
        db_session.commit()
    shared = _indicator(engines, tenants.a, tenants.a_ministries[0], 18.5)
    unshared = _indicator(engines, tenants.a, tenants.a_ministries[0], 19.5)
    beta = _indicator(engines, tenants.b, tenants.b_ministries[0], 21.0)
    for tenant, indicator in ((tenants.a, shared), (tenants.a, unshared), (tenants.b, beta)):
        _map(engines, tenant, indicator, Comparability.COMPARABLE)
    share = _share(engines, tenants.a, _engagement(engines, tenants.a, idb), str(shared))
    _engagement(engines, tenants.b, idb)  # engaged, sharing nothing

    def read() -> set[uuid.UUID]:
        with engines.Session() as db_session:
            bind_institution(db_session, idb)
            return set(db_session.scalars(select(IndicatorMapping.__table__.c.indicator_id)))

    assert read() == {shared}
    _revoke(engines, tenants.a, share)
    assert read() == set()


def test_the_values_as_csv_are_safe_to_open(
    app: Flask, engines: Engines, two_tenants: TwoTenants, library: Library
) -> None:
    risky = create_tenant(engines, slug="gamma", name='=HYPERLINK("http://evil.example")', country="PE")
    risky_indicator = _indicator(engines, risky, create_ministry(engines, risky, code="MINSA"), 30.25)
    _map(engines, two_tenants.a, library.indicators["alpha"], Comparability.COMPARABLE)
    _map(engines, two_tenants.b, library.indicators["beta"], Comparability.NOT_COMPARABLE, "-Infant deaths only")
    _map(engines, risky, risky_indicator, Comparability.PARTIAL, "@SUM(A1:A9)")
    _share(engines, two_tenants.a, library.engagements["alpha"], EVERYTHING)
    _share(engines, two_tenants.b, library.engagements["beta"], EVERYTHING)
    _share(engines, risky, _engagement(engines, risky, library.idb), EVERYTHING)

    response = sign_in_as(app.test_client(), library.specialist, "en").get(f"/bank/idb/library/{DEFINITION}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert (
        "attachment" in response.headers["Content-Disposition"]
        and DEFINITION in response.headers["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["Government", "Country", "Indicator", "Comparability", "Period", "Value", "Unit", "Note"]
    by_country = {row[1]: row for row in rows[1:]}
    assert by_country["CL"][0] == "Alpha" and by_country["CL"][4:7] == ["2025-01", "18.5", "per 1,000 live births"]
    assert by_country["BR"][3:8] == ["Not comparable", "", "", "", "'-Infant deaths only"]  # the reason, no value
    assert by_country["PE"][0] == '\'=HYPERLINK("http://evil.example")'
    assert by_country["PE"][3] == "Comparable with caveats" and by_country["PE"][5] == "30.25"
    assert by_country["PE"][7] == "'@SUM(A1:A9)"


def test_only_the_banks_people_open_its_library(
    app: Flask, engines: Engines, two_tenants: TwoTenants, library: Library
) -> None:
    paths = ["/bank/idb/library", f"/bank/idb/library/{DEFINITION}", f"/bank/idb/library/{DEFINITION}.csv"]
    for client in (sign_in_as(app.test_client(), library.outsider, "en"),
                   sign_in_as(app.test_client(), two_tenants.a_head, "en")):  # fmt: skip
        assert [client.get(path).status_code for path in paths] == [404, 404, 404]
    assert app.test_client().get(paths[0]).status_code == 302  # signed out: to the sign-in page
    specialist = sign_in_as(app.test_client(), library.specialist, "en")
    assert [specialist.get(path).status_code for path in paths] == [200, 200, 200]
    assert specialist.get("/bank/idb/library/no_such_definition").status_code == 404
    assert specialist.get("/bank/caf/library").status_code == 404


@pytest.mark.parametrize("locale", ["en", "es", "pt", "fr"])
def test_the_pages_render_in_every_language(
    app: Flask, engines: Engines, two_tenants: TwoTenants, library: Library, locale: str
) -> None:
    _map(engines, two_tenants.a, library.indicators["alpha"], Comparability.COMPARABLE)
    _map(engines, two_tenants.b, library.indicators["beta"], Comparability.PARTIAL, "Urban areas only")
    _share(engines, two_tenants.a, library.engagements["alpha"], EVERYTHING)
    _share(engines, two_tenants.b, library.engagements["beta"], EVERYTHING)
    head = sign_in_as(app.test_client(), two_tenants.a_head, locale)
    page = head.get("/t/alpha/library")
    assert page.status_code == 200 and f'<html lang="{locale}">' in page.get_data(as_text=True)
    refused = head.post(f"/t/alpha/library/indicators/{library.indicators['alpha']}",
                        data={"common": DEFINITION, "comparability": "partial", "note": "",
                              "csrf_token": _token(head, "/t/alpha/library")})  # fmt: skip
    assert refused.status_code == 422
    specialist = sign_in_as(app.test_client(), library.specialist, locale)
    for path in ("/bank/idb/library", f"/bank/idb/library/{DEFINITION}"):
        response = specialist.get(path)
        assert response.status_code == 200 and f'<html lang="{locale}">' in response.get_data(as_text=True)
    assert specialist.get(f"/bank/idb/library/{DEFINITION}.csv").status_code == 200
