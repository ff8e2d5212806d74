"""The tenant binding, in PostgreSQL and in the ORM.

PostgreSQL: every transaction of the application role starts with `entrega.tenant_id` set for that
transaction only (`set_config(..., true)`), so a pooled connection never carries a tenant over; the
row-level security policies read it. ORM: the same criterion is added to every query on a tenant-owned
class, and new rows are stamped with the bound tenant (the only guard on SQLite). With no tenant bound,
both answer nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from sqlalchemy import Connection, Engine, event, false, inspect, text
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from entrega.db import BINDS_TENANTS, Engines, EntregaSession
from entrega.tenancy.models import TenantScoped

BINDING_SETTING = "entrega.tenant_id"
# The signed-in person: tables linking a tenant to a person (memberships) also admit that person's own rows.
USER_SETTING = "entrega.user_id"
# The bank whose page is being served: rows a government shares with that institution admit it.
INSTITUTION_SETTING = "entrega.institution_id"


class TenantBindingError(RuntimeError):
    """A write that would cross the tenant boundary, or a tenant write with no tenant bound."""


def _opens_transactions_itself(connection: Connection) -> bool:
    # The application engine runs psycopg in autocommit (see entrega.db.make_engine) so that the
    # transaction's BEGIN can travel with its binding; while idle, this code must open the transaction.
    driver = connection.connection.driver_connection
    return (
        bool(connection.get_execution_options().get(BINDS_TENANTS))
        and isinstance(driver, psycopg.Connection)
        and driver.autocommit
        and driver.pgconn.transaction_status == psycopg.pq.TransactionStatus.IDLE
    )


def bind_connection(
    connection: Connection,
    tenant_id: uuid.UUID | None,
    user_id: uuid.UUID | None = None,
    institution_id: uuid.UUID | None = None,
) -> None:
    """Write the binding for the current transaction. The one place it is written.

    On the application engine the transaction is opened here, and `BEGIN` and the binding go to the
    server as one statement: binding a transaction costs no extra round trip.
    Under Citus this must become a literal `SET LOCAL entrega.tenant_id = '…'` with
    `citus.propagate_set_commands = 'local'`; nothing else needs to change.
    """
    if connection.dialect.name != "postgresql":
        return
    # A canonical UUID string (hex digits and hyphens only) is safe to inline as a literal.
    value = str(uuid.UUID(str(tenant_id))) if tenant_id else ""
    user = str(uuid.UUID(str(user_id))) if user_id else ""
    institution = str(uuid.UUID(str(institution_id))) if institution_id else ""
    if _opens_transactions_itself(connection):
        driver = connection.connection.driver_connection
        driver.execute(  # type: ignore[union-attr]
            f"BEGIN; SELECT set_config('{BINDING_SETTING}', '{value}', true), "
            f"set_config('{USER_SETTING}', '{user}', true), "
            f"set_config('{INSTITUTION_SETTING}', '{institution}', true)".encode()
        )
        return
    connection.execute(
        text(
            "SELECT set_config('entrega.tenant_id', :tenant_id, true), set_config('entrega.user_id', :user_id, true), "
            "set_config('entrega.institution_id', :institution_id, true)"
        ),
        {"tenant_id": value, "user_id": user, "institution_id": institution},
    )


@event.listens_for(Engine, "before_cursor_execute")
def _open_unbound_transaction(
    connection: Connection, _cursor: Any, _statement: str, _parameters: Any, _context: Any, _executemany: bool
) -> None:
    """A Core transaction that never wrote a binding still gets its BEGIN, bound to no tenant."""
    if connection.dialect.name != "postgresql" or not connection.in_transaction():
        return
    if _opens_transactions_itself(connection):
        driver = connection.connection.driver_connection
        driver.execute(f"BEGIN; SELECT set_config('{BINDING_SETTING}', '', true)".encode())  # type: ignore[union-attr]


def bound_tenant(db_session: Session) -> uuid.UUID | None:
    return db_session.info.get("tenant_id")


def bind(db_session: Session, tenant_id: uuid.UUID | None) -> None:
    """Bind a session to a tenant, also for a transaction it has already begun."""
    db_session.info["tenant_id"] = tenant_id
    if db_session.in_transaction():
        bind_connection(
            db_session.connection(), tenant_id, db_session.info.get("user_id"), db_session.info.get("institution_id")
        )


def bind_user(db_session: Session, user_id: uuid.UUID | None) -> None:
    """Name the signed-in person for the session's transactions (see USER_SETTING)."""
    db_session.info["user_id"] = user_id
    if db_session.in_transaction():
        bind_connection(
            db_session.connection(), bound_tenant(db_session), user_id, db_session.info.get("institution_id")
        )


def bind_institution(db_session: Session, institution_id: uuid.UUID | None) -> None:
    """Name the institution a bank page serves (see INSTITUTION_SETTING)."""
    db_session.info["institution_id"] = institution_id
    if db_session.in_transaction():
        bind_connection(
            db_session.connection(), bound_tenant(db_session), db_session.info.get("user_id"), institution_id
        )


@contextmanager
def tenant_session(engines: Engines, tenant_id: uuid.UUID) -> Iterator[EntregaSession]:
    """A session of the application role bound to one tenant: for jobs, the CLI and tests."""
    with engines.Session(info={"tenant_id": tenant_id}) as db_session:
        yield db_session


@event.listens_for(EntregaSession, "after_begin")
def _bind_on_begin(db_session: Session, _transaction: Any, connection: Connection) -> None:
    if db_session.info.get("cross_tenant"):
        return
    bind_connection(
        connection, bound_tenant(db_session), db_session.info.get("user_id"), db_session.info.get("institution_id")
    )


@event.listens_for(EntregaSession, "do_orm_execute")
def _add_tenant_criterion(state: ORMExecuteState) -> None:
    if state.session.info.get("cross_tenant"):
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_column_load or state.is_relationship_load:
        return  # the criterion added to the parent statement already propagates to these
    tenant_id = bound_tenant(state.session)
    if tenant_id is None:
        criterion = with_loader_criteria(TenantScoped, lambda cls: false(), include_aliases=True)
    else:
        criterion = with_loader_criteria(TenantScoped, lambda cls: cls.tenant_id == tenant_id, include_aliases=True)
    state.statement = state.statement.options(criterion)


@event.listens_for(EntregaSession, "before_flush")
def _stamp_and_check_tenant(db_session: Session, _context: Any, _instances: Any) -> None:
    cross_tenant = bool(db_session.info.get("cross_tenant"))
    tenant_id = bound_tenant(db_session)
    for obj in db_session.new:
        if not isinstance(obj, TenantScoped):
            continue
        if cross_tenant:
            if obj.tenant_id is None:
                raise TenantBindingError(f"{type(obj).__name__} written on the cross-tenant path needs tenant_id")
            continue
        if tenant_id is None:
            raise TenantBindingError(f"cannot write {type(obj).__name__}: no tenant is bound")
        if obj.tenant_id is None:
            obj.tenant_id = tenant_id
        elif obj.tenant_id != tenant_id:
            raise TenantBindingError(f"{type(obj).__name__} belongs to another tenant")
    for obj in db_session.dirty:
        if isinstance(obj, TenantScoped) and inspect(obj).attrs.tenant_id.history.deleted:
            raise TenantBindingError(f"{type(obj).__name__} cannot move to another tenant")
