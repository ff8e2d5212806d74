"""Row-level security, proven against real PostgreSQL connected as the application role.

As owner or superuser RLS would be silently off and these tests would prove nothing, so every
query that tries to cross the boundary runs on the application role's own connections.
"""

from __future__ import annotations

import uuid

import pytest
from flask import Flask
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import IntegrityError, ProgrammingError

from entrega.db import Engines
from entrega.tenancy.binding import bind_connection, tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Ministry
from tests.conftest import TwoTenants

pytestmark = pytest.mark.postgres


def _tenant_tables(connection) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        connection.scalars(
            text(
                "SELECT table_name FROM information_schema.columns "
                "WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY table_name"
            )
        )
    )


def test_every_table_with_tenant_id_has_forced_rls_and_the_fail_closed_policy(pg_engines: Engines) -> None:
    with pg_engines.app.connect() as connection:
        tables = _tenant_tables(connection)
        assert {"ministries", "audit_events"} <= set(tables)
        for table in tables:
            enabled, forced = connection.execute(
                text("SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = CAST(:t AS regclass)"),
                {"t": table},
            ).one()
            assert (enabled, forced) == (True, True), table
            policies = connection.execute(
                text("SELECT policyname, roles, qual, with_check FROM pg_policies WHERE tablename = :t"), {"t": table}
            ).all()
            isolation = [p for p in policies if p.policyname == "tenant_isolation"]
            assert isolation, f"{table} has no tenant_isolation policy"
            for clause in (isolation[0].qual, isolation[0].with_check):
                assert "NULLIF(current_setting('entrega.tenant_id'::text, true), ''::text)" in clause, table
            first_key_column = connection.scalar(
                text(
                    "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                    "ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
                    "WHERE i.indrelid = CAST(:t AS regclass) AND i.indisprimary"
                ),
                {"t": table},
            )
            assert first_key_column == "tenant_id", table


def test_the_application_role_owns_nothing_and_cannot_bypass_rls(pg_engines: Engines) -> None:
    with pg_engines.app.connect() as connection:
        me = connection.scalar(text("SELECT current_user"))
        superuser, bypass = connection.execute(
            text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        ).one()
        owned = connection.scalar(
            text("SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = current_user")
        )
    assert me == "entrega_app"
    assert (superuser, bypass, owned) == (False, False, 0)


def test_with_no_binding_the_application_role_reads_no_tenant_rows(
    pg_engines: Engines, pg_two_tenants: TwoTenants
) -> None:
    with pg_engines.app.connect() as connection:
        for table in _tenant_tables(connection):
            assert connection.scalar(text(f"SELECT count(*) FROM {table}")) == 0, table
        # A binding reset to empty behaves the same: it matches nothing, it does not raise.
        connection.execute(text("SELECT set_config('entrega.tenant_id', '', false)"))
        assert connection.scalar(text("SELECT count(*) FROM ministries")) == 0


def test_bound_to_one_tenant_the_application_role_cannot_read_another(
    pg_engines: Engines, pg_two_tenants: TwoTenants
) -> None:
    a, b = pg_two_tenants.a, pg_two_tenants.b
    with pg_engines.app.begin() as connection:
        bind_connection(connection, a.id)
        seen = set(connection.scalars(text("SELECT tenant_id FROM ministries")))
        by_id = connection.scalar(
            text("SELECT count(*) FROM ministries WHERE id = :id"), {"id": pg_two_tenants.b_ministries[0].id}
        )
        explicit = connection.scalar(text("SELECT count(*) FROM ministries WHERE tenant_id = :b"), {"b": b.id})
    assert seen == {a.id}
    assert (by_id, explicit) == (0, 0)


def test_bound_to_one_tenant_the_application_role_cannot_insert_into_another(
    pg_engines: Engines, pg_two_tenants: TwoTenants
) -> None:
    with pytest.raises(ProgrammingError, match="row-level security"), pg_engines.app.begin() as connection:
        bind_connection(connection, pg_two_tenants.a.id)
        connection.execute(
            text(
                "INSERT INTO ministries (tenant_id, id, code, name, kind, created_at, updated_at) "
                "VALUES (:b, :id, 'X', '{\"pt\": \"x\"}', 'ministry', now(), now())"
            ),
            {"b": pg_two_tenants.b.id, "id": uuid.uuid4()},
        )


def test_bound_to_one_tenant_the_application_role_cannot_update_or_delete_another(
    pg_engines: Engines, pg_two_tenants: TwoTenants
) -> None:
    b_ministry = pg_two_tenants.b_ministries[0]
    with pg_engines.app.begin() as connection:
        bind_connection(connection, pg_two_tenants.a.id)
        updated = connection.execute(
            text("UPDATE ministries SET acronym = 'HACK' WHERE id = :id"), {"id": b_ministry.id}
        )
        deleted = connection.execute(text("DELETE FROM ministries WHERE tenant_id = :b"), {"b": pg_two_tenants.b.id})
        assert (updated.rowcount, deleted.rowcount) == (0, 0)
    with pytest.raises(ProgrammingError, match="row-level security"), pg_engines.app.begin() as connection:
        bind_connection(connection, pg_two_tenants.a.id)
        connection.execute(
            text("UPDATE ministries SET tenant_id = :b WHERE id = :id"),
            {"b": pg_two_tenants.b.id, "id": pg_two_tenants.a_ministries[1].id},
        )
    with cross_tenant_session(pg_engines, reason="test: check nothing changed") as db_session:
        assert db_session.get(Ministry, (pg_two_tenants.b.id, b_ministry.id)).acronym is None


def test_a_composite_foreign_key_refuses_a_reference_into_another_tenant(
    pg_engines: Engines, pg_two_tenants: TwoTenants
) -> None:
    # The platform role sees both tenants, so only the foreign key can stop this.
    with (
        pytest.raises(IntegrityError, match="fk_ministries_tenant_id_parent_id_ministries"),
        cross_tenant_session(pg_engines, reason="test: cross-tenant reference") as db_session,
    ):
        db_session.add(
            Ministry(
                tenant_id=pg_two_tenants.a.id,
                code="ORPHAN",
                name={"es": "x"},
                kind="agency",
                parent_id=pg_two_tenants.b_ministries[0].id,
            )
        )
        db_session.commit()


def test_the_audit_log_is_append_only_for_the_application_role(pg_engines: Engines, pg_two_tenants: TwoTenants) -> None:
    with pytest.raises(ProgrammingError, match="permission denied"), pg_engines.app.begin() as connection:
        bind_connection(connection, pg_two_tenants.a.id)
        connection.execute(text("UPDATE audit_events SET actor = 'someone else'"))
    with pytest.raises(ProgrammingError, match="permission denied"), pg_engines.app.begin() as connection:
        bind_connection(connection, pg_two_tenants.a.id)
        connection.execute(text("DELETE FROM audit_events"))


def test_the_application_role_cannot_write_tenants_or_read_the_platform_audit(pg_engines: Engines) -> None:
    with pytest.raises(ProgrammingError, match="permission denied"), pg_engines.app.begin() as connection:
        connection.execute(text("UPDATE tenants SET status = 'active'"))
    with pytest.raises(ProgrammingError, match="permission denied"), pg_engines.app.begin() as connection:
        connection.execute(text("SELECT count(*) FROM platform_audit_events"))


def test_the_cross_tenant_path_uses_its_own_role_and_is_audited(
    pg_engines: Engines, pg_two_tenants: TwoTenants
) -> None:
    with cross_tenant_session(pg_engines, reason="test: portfolio", subject_tenant=None) as db_session:
        role = db_session.scalar(text("SELECT current_user"))
        both = set(db_session.scalars(text("SELECT DISTINCT tenant_id FROM ministries")))
    assert role == "entrega_platform"
    assert both == {pg_two_tenants.a.id, pg_two_tenants.b.id}
    with cross_tenant_session(pg_engines, reason="test: read the audit") as db_session:
        reasons = list(db_session.scalars(text("SELECT reason FROM platform_audit_events ORDER BY at")))
    assert "test: portfolio" in reasons


def test_two_hundred_alternating_requests_over_one_connection_never_leak(
    pg_backend,
    pg_two_tenants: TwoTenants,  # type: ignore[no-untyped-def]
) -> None:
    from entrega.app import create_app

    app: Flask = create_app(pg_backend.settings.with_overrides(db_pool_size=1, db_max_overflow=0))
    engine = app.extensions["entrega.db"].app
    client = app.test_client()
    expected = {
        "alpha": {str(m.id) for m in pg_two_tenants.a_ministries},
        "beta": {str(m.id) for m in pg_two_tenants.b_ministries},
    }
    tokens = {"alpha": pg_two_tenants.a_token, "beta": pg_two_tenants.b_token}
    connections = set()
    for i in range(200):
        slug = "alpha" if i % 2 == 0 else "beta"
        response = client.get(
            f"/api/v1/t/{slug}/ministries?page_size=100", headers={"Authorization": f"Bearer {tokens[slug]}"}
        )
        assert response.status_code == 200
        assert {item["id"] for item in response.json} == expected[slug], f"request {i} for {slug}"
        with engine.connect() as connection:
            # The same pooled connection, between requests: no binding may linger on it.
            connections.add(connection.scalar(text("SELECT pg_backend_pid()")))
            assert connection.scalar(text("SELECT current_setting('entrega.tenant_id', true)")) in ("", None)
    assert len(connections) == 1
    app.extensions["entrega.db"].dispose()


def test_the_owner_is_subject_to_rls_too(pg_urls, pg_two_tenants: TwoTenants) -> None:  # type: ignore[no-untyped-def]
    # FORCE: even the owner reads nothing without a binding; only a superuser is exempt.
    engine = create_engine(pg_urls.owner)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM ministries")) == 0
    engine.dispose()


def test_the_application_engine_keeps_transactions_whole(pg_engines: Engines, pg_two_tenants: TwoTenants) -> None:
    # Its BEGIN travels with the binding; a failure after a write must still roll the write back.
    a = pg_two_tenants.a
    with pytest.raises(RuntimeError, match="midway"), pg_engines.app.begin() as connection:
        bind_connection(connection, a.id)
        connection.execute(text("UPDATE ministries SET acronym = 'HALF'"))
        raise RuntimeError("midway")
    with tenant_session(pg_engines, a.id) as db_session:
        db_session.add(Ministry(code="GHOST", name={"es": "x"}, kind="ministry"))
        db_session.flush()
        db_session.rollback()
        assert set(db_session.scalars(select(Ministry.acronym))) == {None}
        assert db_session.scalar(select(Ministry).where(Ministry.code == "GHOST")) is None


def test_an_unbound_core_transaction_is_still_one_transaction(pg_engines: Engines) -> None:
    with pg_engines.app.connect() as connection:
        first = connection.scalar(text("SELECT txid_current()"))
        second = connection.scalar(text("SELECT txid_current()"))
        binding = connection.scalar(text("SELECT current_setting('entrega.tenant_id', true)"))
        connection.rollback()
    assert first == second
    assert binding == ""
