"""Fixtures. PostgreSQL and Redis are real and required: when either is unreachable the tests that need
them error out (never skip). Every test starts from migrated, empty tables and has at least two tenants
within one line of reach (`two_tenants`)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from sqlalchemy import create_engine, text

from entrega.app import create_app
from entrega.config import Settings
from entrega.db import Engines
from entrega.extensions.registry import PluginRegistry
from entrega.identity.models import User
from entrega.identity.roles import Role
from entrega.provisioning import DatabaseUrls, drop_database, provision, upgrade
from entrega.tenancy.models import Ministry, Tenant
from tests.factories import create_member, create_ministry, create_tenant, create_token

PG_SUPERUSER_URL = os.environ.get("TEST_PG_SUPERUSER_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
# Parallel workers (pytest-xdist: gw0, gw1, …) each get a Redis database of their own, counting down from 15.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{15 - _WORKER}")
TABLES_TO_KEEP = {"alembic_version"}


@pytest.fixture(scope="session")
def pg_urls() -> Iterator[DatabaseUrls]:
    """A fresh, migrated PostgreSQL database for this run, with the three roles."""
    name = f"entrega_test_{os.getpid()}"
    try:
        drop_database(PG_SUPERUSER_URL, name)
    except Exception as error:
        pytest.fail(f"PostgreSQL is required and unreachable at {PG_SUPERUSER_URL}: {error}", pytrace=False)
    urls = provision(PG_SUPERUSER_URL, name)
    upgrade(urls.owner)
    yield urls
    drop_database(PG_SUPERUSER_URL, name)


@pytest.fixture(scope="session")
def pg_superuser_in_test_db(pg_urls: DatabaseUrls) -> str:
    from sqlalchemy import make_url

    return make_url(PG_SUPERUSER_URL).set(database=make_url(pg_urls.owner).database).render_as_string(False)


def _truncate_all(superuser_url: str) -> None:
    engine = create_engine(superuser_url)
    with engine.begin() as connection:
        tables = connection.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).all()
        names = [t for t in tables if t not in TABLES_TO_KEEP]
        if names:
            connection.execute(text(f"TRUNCATE {', '.join(names)} CASCADE"))
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@dataclass
class Backend:
    name: str
    settings: Settings


BUNDLED_MODELS = ("entrega_pmdu", "entrega_stat", "entrega_pernambuco", "entrega_chile")


def _enabled_plugins(request: pytest.FixtureRequest) -> tuple[str, ...]:
    """Exactly the plugins a test names with @pytest.mark.plugins(...): none unless it asks."""
    marker = request.node.get_closest_marker("plugins")
    return tuple(marker.args) if marker else ()


def _settings(tmp_path: Path, app_url: str, platform_url: str, owner_url: str, **extra: object) -> Settings:
    values: dict[str, object] = {
        "instance_path": tmp_path / "instance",
        "database_url": app_url,
        "platform_database_url": platform_url,
        "migration_database_url": owner_url,
        "redis_url": None,
        "secret_key": "test-secret-" + uuid.uuid4().hex,
        "tenant_directory": True,
    }
    values.update(extra)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def pg_backend(
    request: pytest.FixtureRequest, pg_urls: DatabaseUrls, pg_superuser_in_test_db: str, tmp_path: Path
) -> Backend:
    _truncate_all(pg_superuser_in_test_db)
    settings = _settings(tmp_path, pg_urls.app, pg_urls.platform, pg_urls.owner, plugins=_enabled_plugins(request))
    return Backend("postgresql", settings)


@pytest.fixture
def sqlite_backend(request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path) -> Backend:
    path = tmp_path / "entrega.sqlite3"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    return Backend("sqlite", _settings(tmp_path, url, url, url, plugins=_enabled_plugins(request)))


@pytest.fixture(params=["pg", "sqlite"])
def backend(request: pytest.FixtureRequest) -> Backend:
    """Runs a test once on PostgreSQL (under row-level security) and once on the embedded SQLite."""
    return request.getfixturevalue(f"{request.param}_backend")  # type: ignore[no-any-return]


def _make_app(settings: Settings) -> Iterator[Flask]:
    app = create_app(settings)
    app.config["TESTING"] = True
    yield app
    app.extensions["entrega.db"].dispose()


@pytest.fixture
def app(backend: Backend) -> Iterator[Flask]:
    yield from _make_app(backend.settings)


@pytest.fixture
def pg_app(pg_backend: Backend) -> Iterator[Flask]:
    yield from _make_app(pg_backend.settings)


@pytest.fixture
def engines(app: Flask) -> Engines:
    return app.extensions["entrega.db"]  # type: ignore[no-any-return]


@pytest.fixture
def registry(app: Flask) -> PluginRegistry:
    return app.extensions["entrega.plugins"]  # type: ignore[no-any-return]


@pytest.fixture
def pg_engines(pg_app: Flask) -> Engines:
    return pg_app.extensions["entrega.db"]  # type: ignore[no-any-return]


@dataclass
class TwoTenants:
    a: Tenant
    b: Tenant
    a_ministries: list[Ministry]
    b_ministries: list[Ministry]
    a_head: User  # a unit head of each, and an API token of theirs
    b_head: User
    a_token: str
    b_token: str


def _two_tenants(engines: Engines) -> TwoTenants:
    a = create_tenant(engines, slug="alpha", name="Alpha")
    b = create_tenant(engines, slug="beta", name="Beta", country="BR", languages=["pt", "en"], default_locale="pt",
                      time_zone="America/Sao_Paulo", currency="BRL")  # fmt: skip
    a_health = create_ministry(engines, a, code="HEALTH")
    a_ministries = [a_health, create_ministry(engines, a, code="HEALTH-AG", kind="agency", parent_id=a_health.id)]
    b_ministries = [create_ministry(engines, b, code="SAUDE", name={"pt": "Ministério da Saúde"})]
    a_head = create_member(engines, a, Role.UNIT_HEAD, email="head@alpha.example", name="Ana Alpha")
    b_head = create_member(engines, b, Role.UNIT_HEAD, email="head@beta.example", name="Bruno Beta")
    return TwoTenants(
        a, b, a_ministries, b_ministries, a_head, b_head,
        create_token(engines, a, a_head), create_token(engines, b, b_head),
    )  # fmt: skip


def token_client(app: Flask, token: str) -> FlaskClient:
    """A test client that calls the API with this bearer token."""
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def sign_in_as(client: FlaskClient, user: User, locale: str | None = None) -> FlaskClient:
    """Start a session for `user` as the sign-in page would (the sign-in itself is tested on its own)."""
    with client.session_transaction() as session:
        session["uid"] = str(user.id)
        session["epoch"] = user.session_epoch
        if locale:
            session["locale"] = locale
    return client


@pytest.fixture
def two_tenants(engines: Engines) -> TwoTenants:
    return _two_tenants(engines)


@pytest.fixture
def pg_two_tenants(pg_engines: Engines) -> TwoTenants:
    return _two_tenants(pg_engines)


@pytest.fixture
def redis_url() -> Iterator[str]:
    connection = Redis.from_url(REDIS_TEST_URL)
    try:
        connection.ping()
    except Exception as error:
        pytest.fail(f"Redis is required and unreachable at {REDIS_TEST_URL}: {error}", pytrace=False)
    connection.flushdb()
    yield REDIS_TEST_URL
    connection.flushdb()
    connection.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skipped test is a failed run: nothing here may quietly not run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and reporter.stats.get("skipped") and exitstatus == 0:
        reporter.write_line("Some tests were skipped; the suite does not allow skipping.", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
