"""Creating the database and its three roles, and migrating it.

Roles: the owner (owns the schema, runs migrations), the application role (every request and job; owns
nothing; no BYPASSRLS) and the platform role (the audited cross-tenant path). `entrega db provision`
runs this with a superuser URL on a development machine; in production a DBA creates the same roles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, make_url, text

from entrega.config import REPO_ROOT, db_role_names

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _checked(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return name


@dataclass(frozen=True)
class DatabaseUrls:
    owner: str
    app: str
    platform: str


def provision(superuser_url: str, database: str, owner: str = "entrega_owner") -> DatabaseUrls:
    """Create the roles (if missing) and the database (if missing); return a URL for each role."""
    database, owner = _checked(database), _checked(owner)
    app_role, platform_role = (_checked(r) for r in db_role_names())
    engine = create_engine(superuser_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        # One provisioning at a time per server: roles are server-wide, and CREATE DATABASE refuses to copy
        # template1 while another CREATE DATABASE is reading it (parallel test workers, two deploy jobs).
        connection.execute(text("SELECT pg_advisory_lock(hashtext('entrega.provision'))"))
        try:
            for role in (owner, app_role, platform_role):
                exists = connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
                if not exists:
                    connection.execute(
                        text(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE")
                    )
            if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": database}):
                connection.execute(text(f"CREATE DATABASE {database} OWNER {owner}"))
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(hashtext('entrega.provision'))"))
    engine.dispose()

    in_database = make_url(superuser_url).set(database=database)
    engine = create_engine(in_database, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"ALTER SCHEMA public OWNER TO {owner}"))
        connection.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
        connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {app_role}, {platform_role}"))
        # The bank's sharing policies (an EXISTS beside the tenant policy) inflate the planner's cost estimates
        # until JIT compiles short OLTP queries, which then cost seconds instead of milliseconds.
        for role in (app_role, platform_role):
            connection.execute(text(f"ALTER ROLE {role} IN DATABASE {database} SET jit = off"))
    engine.dispose()

    base = make_url(superuser_url).set(database=database, password=None)
    return DatabaseUrls(
        owner=base.set(username=owner).render_as_string(hide_password=False),
        app=base.set(username=app_role).render_as_string(hide_password=False),
        platform=base.set(username=platform_role).render_as_string(hide_password=False),
    )


def drop_database(superuser_url: str, database: str) -> None:
    engine = create_engine(superuser_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {_checked(database)} WITH (FORCE)"))
    engine.dispose()


def alembic_config(url: str) -> Config:
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.attributes["url"] = url
    config.attributes["configure_logger"] = False
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)
