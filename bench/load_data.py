"""The governments of the load test: synthetic tenants with a delivery workspace, each marked so that a page or
an answer showing another government's data gives itself away, and a person who signs in to each.

The tenants and their ministries come from `synthetic`, the workspaces from `workspace_data` (server-side SQL,
so 200 tenants take seconds, not minutes). Then, in one transaction as the superuser:

- every name the pages and PDFs show carries the tenant's marker: `[LOADMARK-0042]` in front of its ministries',
  priorities', indicators', milestones' and budget programmes' names, after the government's own; with the slug
  (`bench-0042`) and the government's name (`Bench government 0042`) that makes three traces of tenant 42;
- each tenant gets a unit head with a password (hashed once: every account shares it, so seeding costs one
  argon2 hash, not 200) and an API token of theirs, both as the identity services would write them;
- each tenant runs the PMDU model, so that its reports have templates.

`owners` maps every id written here to its tenant's number, so that an id of another tenant in an answer is a
leak as surely as its name would be.
"""

from __future__ import annotations

import json
import re
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from time import perf_counter

from sqlalchemy import Connection, create_engine, text

from bench import synthetic, workspace_data
from entrega.extensions import registry
from entrega.extensions.services import validate_model
from entrega.identity.passwords import hash_password
from entrega.identity.roles import Role
from entrega.identity.services import TOKEN_PREFIX, digest

MODEL = "entrega_pmdu"
# Any of these naming a tenant other than the one asking is a leak. The groups hold the tenant's number.
TRACES = re.compile(r"LOADMARK-(\d{4})|bench-(\d{4})|Bench government (\d{4})")
# The tables whose ids the pages and the API show, with the tenant column.
_OWNED_IDS = ("ministries", "priorities", "indicators", "milestones", "budget_programmes", "chain_links",
              "api_tokens")  # fmt: skip
_MARKED = (  # table, column, and whether it holds names by language (jsonb) or plain text
    ("ministries", "name", True),
    ("priorities", "name", True),
    ("indicators", "name", True),
    ("milestones", "title", False),
    ("budget_programmes", "name", False),
)


def marker(number: int) -> str:
    return f"LOADMARK-{number:04d}"


@dataclass(frozen=True)
class LoadSize:
    """Each government's workspace: smaller than `workspace_data`'s default, so that a report renders in
    seconds, yet larger than an import that has to go through the queue (`imports.SYNC_ROWS`)."""

    priorities: int = 10
    indicators_per_priority: int = 6
    months: int = 36

    @property
    def indicators(self) -> int:
        return self.priorities * self.indicators_per_priority


@dataclass(frozen=True)
class Persona:
    """A government and the unit head who works in it: what a virtual user needs to act as them."""

    number: int  # the tenant's number, which its slug and marker carry
    tenant_id: uuid.UUID
    slug: str
    email: str
    password: str
    token: str
    priority_ids: tuple[uuid.UUID, ...]
    indicators: tuple[tuple[uuid.UUID, str], ...]  # (id, code), in code order


@dataclass
class Seeded:
    personas: list[Persona]
    owners: dict[str, int]  # id (lower-case text) → number of the tenant that owns it
    size: LoadSize
    baseline_period: date
    last_period: date  # the latest month with data; later months are free for data entry
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def seed(superuser_url: str, tenants: int, size: LoadSize | None = None, workers: int = 2) -> Seeded:
    """Fill an empty, migrated database (`superuser_url` points into it) with `tenants` marked governments."""
    size = size or LoadSize()
    started = perf_counter()
    engine = create_engine(superuser_url)
    try:
        with engine.begin() as connection:
            generated = synthetic.generate(connection, tenants)
        tenant_ids = generated.tenant_ids
        workspace = workspace_data.generate(
            engine, tenant_ids, workspace_data.WorkspaceSize(size.priorities, size.indicators_per_priority, size.months),
            workers=workers,
        )  # fmt: skip
        password = secrets.token_urlsafe(18)
        with engine.begin() as connection:
            _mark(connection, tenant_ids)
            people = _people(connection, tenant_ids, hash_password(password))
            _models(connection, tenant_ids)
        workspace_data.vacuum(engine)
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
            personas, owners = _personas(connection, tenant_ids, people, password)
    finally:
        engine.dispose()
    rows = {**workspace.rows, "tenants": tenants, "ministries": generated.ministries}
    return Seeded(personas, owners, size, workspace.baseline_period, workspace.last_period, rows,
                  perf_counter() - started)  # fmt: skip


def _numbered(tenant_ids: list[uuid.UUID]) -> dict[str, object]:
    return {"ids": tenant_ids, "markers": [marker(n) for n in range(len(tenant_ids))]}


def _mark(connection: Connection, tenant_ids: list[uuid.UUID]) -> None:
    """Put each tenant's marker in front of every name its pages show."""
    marks = "unnest(CAST(:ids AS uuid[]), CAST(:markers AS text[])) AS m(tenant_id, marker)"
    connection.execute(
        text(f"UPDATE tenants t SET name = t.name || ' ' || m.marker FROM {marks} WHERE t.id = m.tenant_id"),
        _numbered(tenant_ids),
    )
    for table, column, by_language in _MARKED:
        if by_language:
            marked = (f"(SELECT jsonb_object_agg(key, '[' || m.marker || '] ' || (value #>> '{{}}')) "
                      f"FROM jsonb_each(x.{column}))")  # fmt: skip
        else:
            marked = f"left('[' || m.marker || '] ' || x.{column}, 300)"
        connection.execute(
            text(f"UPDATE {table} x SET {column} = {marked} FROM {marks} WHERE x.tenant_id = m.tenant_id"),
            _numbered(tenant_ids),
        )


@dataclass(frozen=True)
class _Person:
    user_id: uuid.UUID
    email: str
    token: str


def _people(connection: Connection, tenant_ids: list[uuid.UUID], password_hash: str) -> list[_Person]:
    """A unit head per tenant, with a membership and a token of the same role, valid for a month."""
    now = datetime.now(UTC)
    people = [
        _Person(uuid.uuid4(), f"head@bench-{n:04d}.example.org", TOKEN_PREFIX + secrets.token_urlsafe(32))
        for n in range(len(tenant_ids))
    ]
    role = Role.UNIT_HEAD.value
    connection.execute(
        text(
            "INSERT INTO users (id, email, name, password_hash, is_platform_admin, session_epoch, failed_sign_ins, "
            "disabled, created_at) VALUES (:id, :email, :name, :hash, false, 0, 0, false, :now)"
        ),
        [{"id": p.user_id, "email": p.email, "name": f"Head of unit {n:04d}", "hash": password_hash, "now": now}
         for n, p in enumerate(people)],
    )  # fmt: skip
    connection.execute(
        text("INSERT INTO memberships (tenant_id, user_id, role, created_at) VALUES (:tenant_id, :user_id, :role, :now)"),
        [{"tenant_id": t, "user_id": p.user_id, "role": role, "now": now} for t, p in zip(tenant_ids, people, strict=True)],
    )  # fmt: skip
    connection.execute(
        text(
            "INSERT INTO api_tokens (tenant_id, id, user_id, name, role, prefix, token_hash, created_at, expires_at) "
            "VALUES (:tenant_id, :id, :user_id, 'load test', :role, :prefix, :hash, :now, :expires)"
        ),
        [{"tenant_id": t, "id": uuid.uuid4(), "user_id": p.user_id, "role": role, "prefix": p.token[:12],
          "hash": digest(p.token), "now": now, "expires": now + timedelta(days=30)}
         for t, p in zip(tenant_ids, people, strict=True)],
    )  # fmt: skip
    return people


def _models(connection: Connection, tenant_ids: list[uuid.UUID]) -> None:
    """The PMDU model with its defaults, validated by the plugin itself, for every tenant."""
    model = validate_model(registry.load((MODEL,)), {"delivery": MODEL})
    connection.execute(
        text(
            "INSERT INTO tenant_models (tenant_id, delivery_model, config, extensions, vocabulary, calendar, "
            "updated_at) SELECT tenant_id, :delivery, CAST(:config AS jsonb), CAST(:extensions AS jsonb), "
            "CAST(:vocabulary AS jsonb), CAST(:calendar AS jsonb), now() FROM unnest(CAST(:ids AS uuid[])) AS tenant_id"
        ),
        {"ids": tenant_ids, "delivery": model["delivery"],
         **{key: json.dumps(model[key]) for key in ("config", "extensions", "vocabulary", "calendar")}},
    )  # fmt: skip


def _personas(
    connection: Connection, tenant_ids: list[uuid.UUID], people: list[_Person], password: str
) -> tuple[list[Persona], dict[str, int]]:
    number = {tenant_id: n for n, tenant_id in enumerate(tenant_ids)}
    owners = {str(tenant_id): n for tenant_id, n in number.items()}
    owners.update({str(p.user_id): n for n, p in enumerate(people)})
    for table in _OWNED_IDS:
        for tenant_id, row_id in connection.execute(text(f"SELECT tenant_id, id FROM {table}")):
            owners[str(row_id)] = number[tenant_id]
    priorities: dict[uuid.UUID, list[uuid.UUID]] = {tenant_id: [] for tenant_id in tenant_ids}
    for tenant_id, priority_id in connection.execute(text("SELECT tenant_id, id FROM priorities ORDER BY code")):
        priorities[tenant_id].append(priority_id)
    indicators: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = {tenant_id: [] for tenant_id in tenant_ids}
    for tenant_id, indicator_id, code in connection.execute(
        text("SELECT tenant_id, id, code FROM indicators ORDER BY code")
    ):
        indicators[tenant_id].append((indicator_id, code))
    slugs: dict[uuid.UUID, str] = {row.id: row.slug for row in connection.execute(text("SELECT id, slug FROM tenants"))}
    personas = [
        Persona(n, tenant_id, slugs[tenant_id], people[n].email, password, people[n].token,
                tuple(priorities[tenant_id]), tuple(indicators[tenant_id]))
        for n, tenant_id in enumerate(tenant_ids)
    ]  # fmt: skip
    return personas, owners
