"""The portfolio overview: per government, delivery health on the common scale, data freshness, routine
regularity and overdue actions; figures only from governments that share every priority's status."""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest
from flask import Flask

from entrega.audit.services import acting_as
from entrega.bank import portfolio, sharing
from entrega.bank import services as bank
from entrega.bank import views as bank_views
from entrega.bank.models import Engagement, EngagementKind, InstitutionRole, ShareKind
from entrega.db import Engines
from entrega.identity.models import User
from entrega.tenancy.binding import bind_institution, tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from tests.conftest import TwoTenants, sign_in_as
from tests.factories import create_indicator, create_priority, create_tenant, create_user, record_values

DAY = date(2025, 3, 2)


def _idb_with_a_specialist(engines: Engines) -> tuple[User, uuid.UUID]:
    specialist = create_user(engines, email="ana@idb.example")
    with acting_as("test"), cross_tenant_session(engines, reason="test: bank") as db_session:
        idb = bank.create_institution(db_session, "idb", "IDB")
        bank.add_institution_member(db_session, idb, db_session.get(User, specialist.id), InstitutionRole.SPECIALIST)  # type: ignore[arg-type]
        db_session.commit()
        return specialist, idb.id


def test_the_portfolio_shows_each_governments_health_where_shared(engines: Engines, two_tenants: TwoTenants) -> None:
    with acting_as("test"), cross_tenant_session(engines, reason="test: bank") as db_session:
        idb = bank.create_institution(db_session, "idb", "IDB").id
        db_session.commit()
    for tenant, ministry, share in ((two_tenants.a, two_tenants.a_ministries[0], True),
                                    (two_tenants.b, two_tenants.b_ministries[0], False)):  # fmt: skip
        on_track = create_priority(engines, tenant, ministry)
        behind = create_priority(engines, tenant, ministry)
        for priority, value in ((on_track, 11.0), (behind, 9.0)):
            indicator = create_indicator(engines, tenant, priority, baseline=(date(2024, 12, 1), 10.0),
                                         target=(date(2025, 12, 1), 22.0))  # fmt: skip
            record_values(engines, tenant, indicator, [(date(2025, 1, 1), value)], note="As reported")
        with acting_as("test"), tenant_session(engines, tenant.id) as db_session:
            engagement = Engagement(institution_id=idb, code=f"{tenant.slug}-L1", kind=EngagementKind.LOAN,
                                    title="Results", starts_on=date(2024, 1, 1))  # fmt: skip
            db_session.add(engagement)
            db_session.flush()
            if share:
                sharing.grant(db_session, engagement, ShareKind.PRIORITY_STATUS, "*", set())
            portfolio.health_job(db_session, DAY.isoformat())

    with engines.Session() as db_session:
        bind_institution(db_session, idb)
        rows = {row.slug: row for row in portfolio.portfolio(db_session, idb)}
    alpha, beta = rows["alpha"], rows["beta"]
    assert alpha.shared and alpha.priorities == 2 and alpha.on_track_share == 0.5
    assert alpha.latest_value_at is not None and alpha.actions_overdue == 0 and alpha.regularity is None
    assert not beta.shared and beta.on_track_share is None  # listed by its engagement; no figures unshared
    assert beta.engagements == ["beta-L1"]


def test_a_long_portfolio_is_read_a_page_at_a_time_with_its_filters_kept(
    app: Flask, engines: Engines, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portfolio, "PER_PAGE", 2)
    monkeypatch.setattr(bank_views, "PER_PAGE", 2)
    specialist, idb_id = _idb_with_a_specialist(engines)
    for n, (name, country) in enumerate([("Aruba", "AW"), ("Bolivia", "BO"), ("Chile", "CL"), ("Dominica", "DM"),
                                         ("Ecuador", "EC")]):  # fmt: skip
        tenant = create_tenant(engines, slug=f"g{n}", name=name, country=country)
        with acting_as("head"), tenant_session(engines, tenant.id) as db_session:
            db_session.add(Engagement(institution_id=idb_id, code=f"L{n}", kind=EngagementKind.LOAN, title="Loan",
                                      starts_on=date(2024, 1, 1)))  # fmt: skip
            db_session.commit()
    client = sign_in_as(app.test_client(), specialist, "en")

    def names(html: str) -> list[str]:
        return re.findall(r'<th scope="row">([A-Z][a-z]+)<br>', html)

    first = client.get("/bank/idb/portfolio").get_data(as_text=True)
    assert names(first) == ["Aruba", "Bolivia"] and "Governments 1–2 of 5, by name." in first
    assert 'rel="prev"' not in first and 'href="/bank/idb/portfolio?page=2"' in first
    last = client.get("/bank/idb/portfolio?page=3").get_data(as_text=True)
    assert names(last) == ["Ecuador"] and 'rel="next"' not in last and "Governments 5–5 of 5" in last
    andean = client.get("/bank/idb/portfolio?region=andean").get_data(as_text=True)
    assert names(andean) == ["Bolivia", "Ecuador"] and "pagination" not in andean  # one page: no page links
    others = client.get("/bank/idb/portfolio?region=other").get_data(as_text=True)
    assert names(others) == ["Aruba", "Dominica"]  # in none of the IDB's groups
    assert names(client.get("/bank/idb/portfolio?page=oops").get_data(as_text=True)) == ["Aruba", "Bolivia"]


def test_the_portfolio_speaks_each_reader_s_language_from_one_process(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    """Its phrases are formatted once per process and language: a reader in Spanish after one in English gets
    Spanish, not the English kept from before."""
    specialist, idb_id = _idb_with_a_specialist(engines)
    tenant, ministry = two_tenants.a, two_tenants.a_ministries[0]
    for value in (11.0, 9.0):
        priority = create_priority(engines, tenant, ministry)
        indicator = create_indicator(engines, tenant, priority, baseline=(date(2024, 12, 1), 10.0),
                                     target=(date(2025, 12, 1), 22.0))  # fmt: skip
        record_values(engines, tenant, indicator, [(date(2025, 1, 1), value)], note="As reported")
    with acting_as("test"), tenant_session(engines, tenant.id) as db_session:
        engagement = Engagement(institution_id=idb_id, code="A-L1", kind=EngagementKind.LOAN, title="Results",
                                starts_on=date(2024, 1, 1))  # fmt: skip
        db_session.add(engagement)
        db_session.flush()
        sharing.grant(db_session, engagement, ShareKind.PRIORITY_STATUS, "*", set())
        portfolio.health_job(db_session, DAY.isoformat())
    english = sign_in_as(app.test_client(), specialist, "en").get("/bank/idb/portfolio").get_data(as_text=True)
    spanish = sign_in_as(app.test_client(), specialist, "es").get("/bank/idb/portfolio").get_data(as_text=True)
    assert "50% on track" in english and "2 priorities" in english
    assert "50\xa0% en trayectoria" in spanish and "2 prioridades" in spanish and "on track" not in spanish
