"""The portfolio overview: per government, delivery health on the common scale, data freshness, routine
regularity and overdue actions; figures only from governments that share every priority's status."""

from __future__ import annotations

from datetime import date

from entrega.audit.services import acting_as
from entrega.bank import portfolio, sharing
from entrega.bank import services as bank
from entrega.bank.models import Engagement, EngagementKind, ShareKind
from entrega.db import Engines
from entrega.tenancy.binding import bind_institution, tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from tests.conftest import TwoTenants
from tests.factories import create_indicator, create_priority, record_values

DAY = date(2025, 3, 2)


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
