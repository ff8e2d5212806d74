"""Engines, sessions and the declarative base.

Two engines: the application role (every request and job, always under row-level security) and the
platform role (the one audited cross-tenant path, see `entrega.tenancy.crossing`). On the embedded SQLite
default both point at the same file. The tenant binding and the ORM guards are attached to
`EntregaSession` by `entrega.tenancy.binding`.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import (
    JSON,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    Uuid,
    create_engine,
    event,
    make_url,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from entrega.config import Settings

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CONNECT_TIMEOUT_SECONDS = 5

# Execution option that marks the application engine: its transactions are opened by the tenant binding.
BINDS_TENANTS = "entrega_binds_tenants"

JSONDocument = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC timestamp on every backend (SQLite drops the offset; this restores it)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime: give timestamps in UTC")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - read once by SQLAlchemy, never mutated
        uuid.UUID: Uuid(),
        datetime: UTCDateTime(),
        dict[str, Any]: JSONDocument,
        dict[str, str]: JSONDocument,
        list[str]: JSONDocument,
        list[dict[str, Any]]: JSONDocument,
    }


class QueuedJob:
    """Columns of a row that stands for a background job (a report to render, an import to run).

    `job_id` names its rq job, chosen before it is enqueued, and `queued_at` says when it was last handed to
    the queue; `entrega.jobs.handover` sets both and hands the work over again when rq has lost it.
    """

    job_id: Mapped[str] = mapped_column(String(36), default="")
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)


class StoredDocument:
    """Columns of a PDF made in the background and kept (a government's report, a bank's export): how far its
    making has come, who asked, and the file as stored, checked by its size and checksum before it is handed
    over (`entrega.reports.storage`)."""

    progress: Mapped[int] = mapped_column(Integer, default=0)  # per cent
    filename: Mapped[str] = mapped_column(String(200), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    pages: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    requested_by: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


class EntregaSession(Session):
    """The session class every engine uses; `info` carries `tenant_id` or `cross_tenant`."""


@dataclass(frozen=True)
class Engines:
    app: Engine
    platform: Engine
    Session: sessionmaker[EntregaSession]
    PlatformSession: sessionmaker[EntregaSession]

    def dispose(self) -> None:
        self.app.dispose()
        if self.platform is not self.app:
            self.platform.dispose()


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def make_engine(url: str, pool_size: int = 5, max_overflow: int = 5, *, binds_tenants: bool = False) -> Engine:
    """An engine; `binds_tenants` marks the application role's, whose transactions begin with the binding.

    For that engine psycopg runs in autocommit and `entrega.tenancy.binding` sends `BEGIN` together with
    the tenant binding when a transaction starts (one round trip instead of two); commit and rollback still
    end the transaction, as psycopg sends them whenever the server has one open.
    """
    if url.startswith("sqlite"):
        # Keep non-ASCII text readable in stored JSON, so a search for "saúde" finds it on SQLite too.
        engine = create_engine(url, connect_args={"check_same_thread": False}, json_serializer=_json_text)
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
        return engine
    options: dict[str, Any] = (
        {"isolation_level": "AUTOCOMMIT", "execution_options": {BINDS_TENANTS: True}} if binds_tenants else {}
    )
    # A server that does not answer (a failover in progress, a partition) costs a request seconds, not the
    # operating system's minutes; a URL may still set its own connect_timeout.
    connect_args = {} if "connect_timeout" in make_url(url).query else {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    # pool_pre_ping: a pooled connection that died with its server (PostgreSQL restarted) is found on checkout
    # and replaced, and the whole pool with it, so the process recovers by itself once the server is back.
    return create_engine(
        url, pool_size=pool_size, max_overflow=max_overflow, pool_pre_ping=True, connect_args=connect_args, **options
    )


def make_engines(settings: Settings) -> Engines:
    if settings.embedded:
        settings.instance_path.mkdir(parents=True, exist_ok=True)
    app_engine = make_engine(settings.database_url, settings.db_pool_size, settings.db_max_overflow, binds_tenants=True)
    # On PostgreSQL the platform path always has its own engine: its transactions begin the usual way.
    platform_engine = (
        app_engine
        if settings.embedded and settings.platform_database_url == settings.database_url
        else make_engine(settings.platform_database_url, max(1, settings.db_pool_size // 2))
    )
    return Engines(
        app=app_engine,
        platform=platform_engine,
        Session=sessionmaker(app_engine, class_=EntregaSession, expire_on_commit=False),
        PlatformSession=sessionmaker(platform_engine, class_=EntregaSession, expire_on_commit=False),
    )


def init_app(app: Flask, settings: Settings) -> Engines:
    engines = make_engines(settings)
    app.extensions["entrega.db"] = engines
    app.teardown_appcontext(_close_request_session)
    return engines


def engines() -> Engines:
    return current_app.extensions["entrega.db"]


def session() -> EntregaSession:
    """The session of the current request or app context, created on first use and closed at teardown."""
    if "_entrega_session" not in g:
        g._entrega_session = engines().Session()
    return g._entrega_session


def _close_request_session(_exc: BaseException | None) -> None:
    db_session = g.pop("_entrega_session", None)
    if db_session is None:
        return
    try:
        db_session.close()
    except DBAPIError as error:
        # The server went away between the request's last statement and this rollback (a restart): the
        # transaction went with the connection, which is thrown away rather than pooled. The answer already made
        # stands; a teardown must never turn it into a bare 500 from the web server.
        db_session.invalidate()
        log.warning("request session closed on a lost connection: %s", error.orig or error)
