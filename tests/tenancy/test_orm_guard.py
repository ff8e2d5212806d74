"""The ORM guard: the same tenant rule in Python, the only guard on SQLite, and a second one on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from entrega.db import Engines
from entrega.tenancy.binding import TenantBindingError, tenant_session
from entrega.tenancy.models import Ministry
from tests.conftest import TwoTenants


def test_a_session_bound_to_one_tenant_sees_only_its_rows(engines: Engines, two_tenants: TwoTenants) -> None:
    with tenant_session(engines, two_tenants.a.id) as db_session:
        codes = set(db_session.scalars(select(Ministry.code)))
        asked_for_b = db_session.scalars(select(Ministry).where(Ministry.tenant_id == two_tenants.b.id)).all()
        by_key = db_session.get(Ministry, (two_tenants.b.id, two_tenants.b_ministries[0].id))
    assert codes == {"HEALTH", "HEALTH-AG"}
    assert asked_for_b == []
    assert by_key is None


def test_an_unbound_session_sees_no_tenant_rows(engines: Engines, two_tenants: TwoTenants) -> None:
    with engines.Session() as db_session:
        assert db_session.scalar(select(func.count()).select_from(Ministry)) == 0


def test_a_bulk_update_cannot_reach_another_tenant(engines: Engines, two_tenants: TwoTenants) -> None:
    with tenant_session(engines, two_tenants.a.id) as db_session:
        db_session.execute(update(Ministry).values(acronym="ALL"))
        db_session.commit()
    with tenant_session(engines, two_tenants.b.id) as db_session:
        assert db_session.scalars(select(Ministry.acronym)).all() == [None]


def test_new_rows_are_stamped_with_the_bound_tenant(engines: Engines, two_tenants: TwoTenants) -> None:
    with tenant_session(engines, two_tenants.a.id) as db_session:
        ministry = Ministry(code="NEW", name={"es": "Nuevo"}, kind="ministry")
        db_session.add(ministry)
        db_session.commit()
        assert ministry.tenant_id == two_tenants.a.id


def test_writing_a_row_for_another_tenant_is_refused(engines: Engines, two_tenants: TwoTenants) -> None:
    with tenant_session(engines, two_tenants.a.id) as db_session:
        db_session.add(Ministry(tenant_id=two_tenants.b.id, code="X", name={"pt": "x"}, kind="ministry"))
        with pytest.raises(TenantBindingError, match="another tenant"):
            db_session.flush()


def test_moving_a_row_to_another_tenant_is_refused(engines: Engines, two_tenants: TwoTenants) -> None:
    with tenant_session(engines, two_tenants.a.id) as db_session:
        ministry = db_session.scalars(select(Ministry).where(Ministry.code == "HEALTH")).one()
        ministry.tenant_id = two_tenants.b.id
        with pytest.raises(TenantBindingError, match="cannot move"):
            db_session.flush()


def test_writing_with_no_tenant_bound_is_refused(engines: Engines, two_tenants: TwoTenants) -> None:
    with engines.Session() as db_session:
        db_session.add(Ministry(code="X", name={"es": "x"}, kind="ministry"))
        with pytest.raises(TenantBindingError, match="no tenant is bound"):
            db_session.flush()
