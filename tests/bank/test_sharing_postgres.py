"""What a government shares with a bank, the bank reads, and nothing else: enforced by PostgreSQL's policies
for the application role with only the institution bound; revoking takes effect at once."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from entrega.audit.services import acting_as
from entrega.bank import services as bank
from entrega.bank import sharing
from entrega.bank.models import Engagement, EngagementKind, Share, ShareKind
from entrega.db import Engines
from entrega.delivery import snapshots
from entrega.delivery.models import Measurement, PrioritySnapshot
from entrega.diagnostics.models import Assessor, DiagnosticAnswer, DiagnosticWave
from entrega.tenancy.binding import bind_institution, tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Tenant
from tests.conftest import TwoTenants
from tests.factories import create_indicator, create_priority, record_values

pytestmark = pytest.mark.postgres
INSTRUMENTS = {"cog_functions", "prodev_sep"}


def _engagement(engines: Engines, tenant: Tenant, institution_id: uuid.UUID, code: str) -> Engagement:
    with acting_as("test"), tenant_session(engines, tenant.id) as db_session:
        engagement = Engagement(institution_id=institution_id, code=code, kind=EngagementKind.LOAN, title="Results",
                                starts_on=date(2025, 1, 1))  # fmt: skip
        db_session.add(engagement)
        db_session.commit()
        return engagement


def _workspace(engines: Engines, tenant: Tenant, ministry: object) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    priority = create_priority(engines, tenant, ministry)  # type: ignore[arg-type]
    shown = create_indicator(
        engines, tenant, priority, baseline=(date(2024, 12, 1), 10.0), target=(date(2025, 12, 1), 22.0)
    )
    hidden = create_indicator(
        engines, tenant, priority, baseline=(date(2024, 12, 1), 10.0), target=(date(2025, 12, 1), 22.0)
    )
    for indicator in (shown, hidden):
        record_values(engines, tenant, indicator, [(date(2025, 1, 1), 11.0)])
    with acting_as("test"), tenant_session(engines, tenant.id) as db_session:
        snapshots.take(db_session, None, date(2025, 2, 1))
        for instrument in ("cog_functions", "prodev_sep"):
            wave = DiagnosticWave(instrument=instrument, title=instrument, held_on=date(2025, 3, 1), created_by="test")
            db_session.add(wave)
            db_session.flush()
            db_session.add(DiagnosticAnswer(wave_id=wave.id, item="i1", assessor=Assessor.GOVERNMENT, step="s2",
                                            evidence="Decree 12/2024", answered_by="test"))  # fmt: skip
        db_session.commit()
    return priority.id, shown.id, hidden.id


def _bank_reads(engines: Engines, institution_id: uuid.UUID) -> dict[str, set[object]]:
    """What the institution's page can read: the application role, the institution bound, no tenant."""
    with engines.Session() as db_session:
        bind_institution(db_session, institution_id)
        return {
            "snapshots": set(db_session.scalars(select(PrioritySnapshot.__table__.c.tenant_id))),
            "measurements": set(db_session.scalars(select(Measurement.__table__.c.indicator_id))),
            "waves": set(db_session.scalars(select(DiagnosticWave.__table__.c.instrument))),
            "answers": set(db_session.scalars(select(DiagnosticAnswer.__table__.c.evidence))),
            "shares": set(db_session.scalars(select(Share.__table__.c.kind))),
        }


def test_a_bank_reads_only_what_a_government_shares_with_it_until_revoked(
    pg_engines: Engines, pg_two_tenants: TwoTenants
) -> None:
    engines, tenants = pg_engines, pg_two_tenants
    with acting_as("test"), cross_tenant_session(engines, reason="test: banks") as db_session:
        idb = bank.create_institution(db_session, "idb", "Inter-American Development Bank").id
        other = bank.create_institution(db_session, "caf", "CAF").id
        db_session.commit()
    _, shown, _hidden = _workspace(engines, tenants.a, tenants.a_ministries[0])
    _workspace(engines, tenants.b, tenants.b_ministries[0])
    alpha_idb = _engagement(engines, tenants.a, idb, "AL-L1")
    _engagement(engines, tenants.b, other, "BE-L1")  # beta works with another bank

    nothing = {"snapshots": set(), "measurements": set(), "waves": set(), "answers": set(), "shares": set()}
    assert _bank_reads(engines, idb) == nothing  # an engagement alone shares nothing

    with acting_as("head@alpha"), tenant_session(engines, tenants.a.id) as db_session:
        engagement = db_session.get(Engagement, (tenants.a.id, alpha_idb.id))
        assert engagement is not None
        status = sharing.grant(db_session, engagement, ShareKind.PRIORITY_STATUS, "*", INSTRUMENTS)
        values = sharing.grant(db_session, engagement, ShareKind.INDICATOR_VALUES, str(shown), INSTRUMENTS)
        sharing.grant(db_session, engagement, ShareKind.DIAGNOSTIC, "cog_functions", INSTRUMENTS)
        db_session.commit()

    seen = _bank_reads(engines, idb)
    assert seen["snapshots"] == {tenants.a.id}  # alpha's statuses; never beta's
    assert seen["measurements"] == {shown}  # the one indicator shared, not its sibling
    assert seen["waves"] == {"cog_functions"} and seen["answers"] == {"Decree 12/2024"}
    assert _bank_reads(engines, other)["snapshots"] == set()  # beta shared nothing with CAF

    with acting_as("head@alpha"), tenant_session(engines, tenants.a.id) as db_session:
        sharing.revoke(db_session, values.id)
        sharing.revoke(db_session, status.id)
        db_session.commit()
    after = _bank_reads(engines, idb)
    assert after["snapshots"] == set() and after["measurements"] == set()  # at once
    assert after["waves"] == {"cog_functions"}


def test_only_the_government_itself_can_grant(pg_engines: Engines, pg_two_tenants: TwoTenants) -> None:
    with acting_as("test"), cross_tenant_session(pg_engines, reason="test: bank") as db_session:
        idb = bank.create_institution(db_session, "idb", "IDB").id
        db_session.commit()
    alpha_idb = _engagement(pg_engines, pg_two_tenants.a, idb, "AL-L1")
    # Bound to beta, alpha's engagement does not exist: no share can point at it.
    with acting_as("head@beta"), tenant_session(pg_engines, pg_two_tenants.b.id) as db_session:
        assert db_session.get(Engagement, (pg_two_tenants.a.id, alpha_idb.id)) is None
        db_session.add(Share(tenant_id=pg_two_tenants.b.id, engagement_id=alpha_idb.id, institution_id=idb,
                             kind=ShareKind.PRIORITY_STATUS, subject="*", granted_by="x"))  # fmt: skip
        with pytest.raises(IntegrityError, match=r"foreign key"):
            db_session.commit()
