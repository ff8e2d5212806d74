"""Row-level security DDL, for the migrations: every tenant-owned table gets exactly this.

The policy compares with `NULLIF(current_setting('entrega.tenant_id', true), '')`: an unset or reset
binding is NULL, which matches no row, so a forgotten binding fails closed instead of open or raising.
"""

from __future__ import annotations

import re

from alembic import op

from entrega.config import db_role_names

BOUND_TENANT = "NULLIF(current_setting('entrega.tenant_id', true), '')::uuid"
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _identifier(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return name


def on_postgresql() -> bool:
    return bool(op.get_bind().dialect.name == "postgresql")


def protect_tenant_table(table: str, app_privileges: str = "SELECT, INSERT, UPDATE, DELETE") -> None:
    """ENABLE + FORCE row-level security, the fail-closed tenant policy, and the roles' grants."""
    if not on_postgresql():
        return
    table = _identifier(table)
    app_role, platform_role = (_identifier(r) for r in db_role_names())
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_isolation ON {table} "
        f"USING (tenant_id = {BOUND_TENANT}) WITH CHECK (tenant_id = {BOUND_TENANT})"
    )
    # The one cross-tenant path has its own role; the application role never gets this policy.
    op.execute(f"CREATE POLICY cross_tenant_path ON {table} TO {platform_role} USING (true) WITH CHECK (true)")
    op.execute(f"GRANT {app_privileges} ON {table} TO {app_role}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {platform_role}")


BOUND_USER = "NULLIF(current_setting('entrega.user_id', true), '')::uuid"


def admit_own_rows(table: str, user_column: str = "user_id") -> None:
    """On a table linking a tenant to a person, let the signed-in person read their own rows in every tenant."""
    if not on_postgresql():
        return
    table, user_column = _identifier(table), _identifier(user_column)
    op.execute(f"CREATE POLICY own_rows ON {table} FOR SELECT USING ({user_column} = {BOUND_USER})")


BOUND_INSTITUTION = "NULLIF(current_setting('entrega.institution_id', true), '')::uuid"


def admit_institution_rows(table: str, institution_column: str = "institution_id") -> None:
    """On a table linking a tenant to an institution, let the bound institution read its rows."""
    if not on_postgresql():
        return
    table, institution_column = _identifier(table), _identifier(institution_column)
    op.execute(
        f"CREATE POLICY institution_side ON {table} FOR SELECT USING ({institution_column} = {BOUND_INSTITUTION})"
    )


def protect_institution_table(table: str, institution_column: str = "institution_id") -> None:
    """ENABLE + FORCE row-level security on a table an institution owns outright: the application role reaches
    only the bound institution's rows (for reading and writing), the platform role all of them."""
    if not on_postgresql():
        return
    table, institution_column = _identifier(table), _identifier(institution_column)
    app_role, platform_role = (_identifier(r) for r in db_role_names())
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY institution_own ON {table} USING ({institution_column} = {BOUND_INSTITUTION}) "
        f"WITH CHECK ({institution_column} = {BOUND_INSTITUTION})"
    )
    op.execute(f"CREATE POLICY cross_tenant_path ON {table} TO {platform_role} USING (true) WITH CHECK (true)")
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON {table} TO {app_role}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {platform_role}")


def grant_platform_table(
    table: str,
    app_privileges: str | None = "SELECT",
    platform_privileges: str = "SELECT, INSERT, UPDATE, DELETE",
) -> None:
    """Grants on a platform-level table (no tenant_id, so no row-level security)."""
    if not on_postgresql():
        return
    table = _identifier(table)
    app_role, platform_role = (_identifier(r) for r in db_role_names())
    if app_privileges:
        op.execute(f"GRANT {app_privileges} ON {table} TO {app_role}")
    op.execute(f"GRANT {platform_privileges} ON {table} TO {platform_role}")


def admit_shared_rows(table: str, kind: str, subject_sql: str) -> None:
    """Let the bound institution read a government's rows that a live share of `kind` covers.

    `subject_sql` is the SQL expression naming the row's subject (an instrument's key, a priority's id as
    text); a share whose subject is `*` covers every subject of its kind. Revoking a share (setting
    `revoked_at`) takes the rows out of reach in the same instant.
    """
    if not on_postgresql():
        return
    table, kind = _identifier(table), _identifier(kind)
    op.execute(
        f"CREATE POLICY shared_with_institution ON {table} FOR SELECT USING (EXISTS ("  # noqa: S608 - checked identifiers; subject_sql comes from the migrations  # nosec B608
        f"SELECT 1 FROM shares s WHERE s.tenant_id = {table}.tenant_id AND s.institution_id = {BOUND_INSTITUTION} "
        f"AND s.revoked_at IS NULL AND s.kind = '{kind}' AND s.subject IN ('*', {subject_sql})))"
    )


def drop_shared_rows(table: str) -> None:
    if on_postgresql():
        op.execute(f"DROP POLICY IF EXISTS shared_with_institution ON {_identifier(table)}")
