"""Migrations: up from empty, down to base, up again; and no drift between the models and the schema."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from entrega.models import metadata
from entrega.provisioning import DatabaseUrls, downgrade, drop_database, provision, upgrade
from tests.conftest import PG_SUPERUSER_URL


@pytest.fixture
def empty_pg() -> Iterator[DatabaseUrls]:
    name = f"entrega_migrations_{os.getpid()}"
    drop_database(PG_SUPERUSER_URL, name)
    yield provision(PG_SUPERUSER_URL, name)
    drop_database(PG_SUPERUSER_URL, name)


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def _drift(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return list(compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), metadata))
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_postgresql_migrates_up_down_and_up_again_without_drift(empty_pg: DatabaseUrls) -> None:
    upgrade(empty_pg.owner)
    assert _tables(empty_pg.owner) == set(metadata.tables)
    downgrade(empty_pg.owner, "base")
    assert _tables(empty_pg.owner) == set()
    upgrade(empty_pg.owner)
    assert _tables(empty_pg.owner) == set(metadata.tables)
    assert _drift(empty_pg.owner) == []


def test_sqlite_migrates_up_down_and_up_again_without_drift(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    upgrade(url)
    downgrade(url, "base")
    assert _tables(url) == set()
    upgrade(url)
    assert _tables(url) == set(metadata.tables)
    assert _drift(url) == []
