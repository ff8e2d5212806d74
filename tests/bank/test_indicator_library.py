"""The shared indicator library: curated definitions, governments mapping their indicators with a stated
comparability, and a bank comparing only the values that are comparable and shared."""

from __future__ import annotations

from datetime import date

import pytest
from marshmallow import ValidationError
from sqlalchemy import select

from entrega.audit.services import acting_as
from entrega.bank import services as bank
from entrega.bank import sharing
from entrega.bank.models import Engagement, EngagementKind, ShareKind
from entrega.db import Engines
from entrega.delivery.models import Indicator
from entrega.library import services as indicator_library
from entrega.library.models import CommonIndicator, Comparability
from entrega.tenancy.binding import bind_institution, tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from tests.conftest import TwoTenants
from tests.factories import create_indicator, create_priority, record_values


def test_the_library_loads_once_and_stays_in_line_with_its_file(engines: Engines) -> None:
    with acting_as("test"), cross_tenant_session(engines, reason="test") as db_session:
        assert indicator_library.sync(db_session) == 10
        assert indicator_library.sync(db_session) == 0
        mortality = db_session.scalar(select(CommonIndicator).where(CommonIndicator.key == "under5_mortality"))
        assert (
            mortality is not None
            and mortality.reference == "SDG 3.2.1"
            and set(mortality.name) == {"en", "es", "pt", "fr"}
        )


def test_a_bank_compares_only_comparable_shared_values(engines: Engines, two_tenants: TwoTenants) -> None:
    with acting_as("test"), cross_tenant_session(engines, reason="test") as db_session:
        indicator_library.sync(db_session)
        idb = bank.create_institution(db_session, "idb", "IDB").id
        db_session.commit()
    setups = ((two_tenants.a, two_tenants.a_ministries[0], Comparability.COMPARABLE, 18.5, True),
              (two_tenants.b, two_tenants.b_ministries[0], Comparability.PARTIAL, 21.0, False))  # fmt: skip
    for tenant, ministry, comparability, value, share in setups:
        priority = create_priority(engines, tenant, ministry)
        indicator = create_indicator(engines, tenant, priority, polarity="down")
        record_values(engines, tenant, indicator, [(date(2025, 1, 1), value)])
        with acting_as("test"), tenant_session(engines, tenant.id) as db_session:
            found = db_session.get(Indicator, (tenant.id, indicator.id))
            assert found is not None
            if comparability is Comparability.PARTIAL:
                with pytest.raises(ValidationError, match="note"):
                    indicator_library.map_indicator(db_session, found, "under5_mortality", comparability, "")
            indicator_library.map_indicator(db_session, found, "under5_mortality", comparability, "Urban areas only")
            engagement = Engagement(institution_id=idb, code=f"{tenant.slug}-L1", kind=EngagementKind.LOAN,
                                    title="Health", starts_on=date(2024, 1, 1))  # fmt: skip
            db_session.add(engagement)
            db_session.flush()
            if share:
                sharing.grant(db_session, engagement, ShareKind.INDICATOR_VALUES, str(indicator.id), set())
            db_session.commit()

    with engines.Session() as db_session:
        bind_institution(db_session, idb)
        common = db_session.scalar(select(CommonIndicator).where(CommonIndicator.key == "under5_mortality"))
        compared = indicator_library.compare_values(db_session, idb, common)  # type: ignore[arg-type]
    assert [(c.slug, c.comparability, c.period, c.value) for c in compared] == [
        ("alpha", Comparability.COMPARABLE, date(2025, 1, 1), 18.5)  # beta shared no values: not listed at all
    ]
