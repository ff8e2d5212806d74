"""A government's data is the government's: a portable archive of all its rows and its audit log, with a
manifest and checksums, that an empty instance imports to the same state.

Accounts are platform-level; the archive carries those the government's rows refer to (e-mail, name,
language), never their passwords or provider links: after an import people sign in through the
government's provider or reset their password. A provider's client secret stays encrypted with the
source instance's key and must be set again (`entrega identity set-provider`) where the key differs.
"""

from __future__ import annotations

import base64
import enum
import gzip
import hashlib
import io
import json
import tarfile
import uuid
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Table, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.types import Date, DateTime, Float, LargeBinary, Numeric, TypeDecorator, Uuid

import entrega
from entrega.db import Engines, utcnow
from entrega.models import metadata
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Tenant

FORMAT = 1
USER_FIELDS = ("id", "email", "name", "locale")
TENANT_EXCLUDED = ("id", "parent_id")


class ArchiveError(ValueError):
    """An archive that cannot be trusted or cannot be imported here; nothing was written."""


def tenant_tables() -> list[Table]:
    """Every tenant-owned table, parents before children."""
    return [t for t in metadata.sorted_tables if "tenant_id" in t.c]


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")  # evidence files and uploaded imports
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _typed(column: Column[Any] | Any, value: Any) -> Any:
    if value is None:
        return None
    column_type = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    if isinstance(column_type, Uuid):
        return uuid.UUID(value)
    if isinstance(column_type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    if isinstance(column_type, LargeBinary):
        return base64.b64decode(value)
    if isinstance(column_type, Numeric) and not isinstance(column_type, Float):
        return Decimal(value)
    return value


def _jsonl(rows: Iterable[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(row, sort_keys=True, ensure_ascii=False).encode() + b"\n" for row in rows)


def _rows(db_session: Session, table: Table, tenant_id: uuid.UUID) -> list[dict[str, Any]]:
    key = [c for c in table.primary_key.columns]
    result = db_session.execute(select(table).where(table.c.tenant_id == tenant_id).order_by(*key))
    return [{name: _plain(value) for name, value in row._mapping.items()} for row in result]


def export_data(engines: Engines, slug: str, destination: Path) -> dict[str, Any]:
    """Write the archive; returns its manifest."""
    from entrega.bank.models import Institution
    from entrega.identity.models import User

    files: dict[str, bytes] = {}
    with cross_tenant_session(engines, reason="tenant data export", subject_tenant=slug) as db_session:
        tenant = db_session.scalar(select(Tenant).where(Tenant.slug == slug))
        if tenant is None:
            raise ArchiveError(f"no tenant {slug!r}")
        record = {c.name: _plain(getattr(tenant, c.key)) for c in Tenant.__table__.c if c.name not in TENANT_EXCLUDED}
        record["parent"] = tenant.parent.slug if tenant.parent else None
        files["tenant.json"] = json.dumps(record, sort_keys=True, ensure_ascii=False, indent=1).encode()
        user_ids: set[str] = set()
        institution_ids: set[str] = set()
        for table in tenant_tables():
            rows = _rows(db_session, table, tenant.id)
            files[f"tables/{table.name}.jsonl"] = _jsonl(rows)
            for column in ("user_id", "invited_by"):
                user_ids.update(str(row[column]) for row in rows if row.get(column))
            institution_ids.update(str(row["institution_id"]) for row in rows if row.get("institution_id"))
        users = db_session.scalars(select(User).where(User.id.in_([uuid.UUID(u) for u in user_ids])).order_by(User.id))
        files["users.jsonl"] = _jsonl({f: _plain(getattr(u, f)) for f in USER_FIELDS} for u in users)
        # The banks the government has engagements with: their names travel, their people do not.
        institutions = db_session.scalars(
            select(Institution)
            .where(Institution.id.in_([uuid.UUID(i) for i in institution_ids]))
            .order_by(Institution.id)
        )
        files["institutions.jsonl"] = _jsonl({"id": str(i.id), "slug": i.slug, "name": i.name} for i in institutions)
    manifest = {
        "format": FORMAT,
        "platform_version": entrega.__version__,
        "tenant": slug,
        "tenant_id": str(tenant.id),
        "exported_at": utcnow().isoformat(),
        "files": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "rows": data.count(b"\n")}
            for name, data in sorted(files.items())
        },
        "attachments": [],  # evidence files join the archive when the workspace stores them
    }
    files["manifest.json"] = json.dumps(manifest, sort_keys=True, indent=1).encode()
    _write_tar(destination, files)
    return manifest


def _write_tar(destination: Path, files: dict[str, bytes]) -> None:
    # Fixed times and owners: the same data gives the same bytes, so archives can be compared.
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name in sorted(files):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(files[name]), 0, 0o600
            tar.addfile(info, io.BytesIO(files[name]))
    with gzip.GzipFile(destination, "wb", mtime=0) as out:
        out.write(buffer.getvalue())


def read_archive(source: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest and the files, every checksum verified."""
    try:
        with tarfile.open(source, "r:gz") as tar:
            files = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}  # type: ignore[union-attr]
    except (tarfile.TarError, OSError) as error:
        raise ArchiveError(f"not a readable archive: {error}") from error
    try:
        manifest = json.loads(files.pop("manifest.json"))
    except (KeyError, ValueError) as error:
        raise ArchiveError("the archive has no valid manifest.json") from error
    if manifest.get("format") != FORMAT:
        raise ArchiveError(f"archive format {manifest.get('format')!r} is not {FORMAT}")
    if set(files) != set(manifest["files"]):
        raise ArchiveError("the files do not match the manifest")
    for name, facts in manifest["files"].items():
        if hashlib.sha256(files[name]).hexdigest() != facts["sha256"]:
            raise ArchiveError(f"{name}: checksum mismatch, the archive is damaged or was altered")
    return manifest, files


def _self_reference_order(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Parents before children for a table that points at itself (ministries and their agencies)."""
    pointers = [
        fk.parent.name for fk in table.foreign_keys if fk.column.table is table and fk.parent.name != "tenant_id"
    ]
    if not pointers:
        return rows
    pending, placed, ordered = list(rows), set(), []
    while pending:
        ready = [r for r in pending if all(r.get(p) is None or r[p] in placed for p in pointers)]
        if not ready:
            raise ArchiveError(f"{table.name}: rows refer to each other in a cycle")
        for row in ready:
            ordered.append(row)
            placed.add(row["id"])
            pending.remove(row)
    return ordered


def import_data(engines: Engines, source: Path) -> dict[str, int]:
    """Load an archive into this instance, all or nothing; returns rows written per table."""
    from entrega.bank.models import Institution
    from entrega.identity.models import User

    manifest, files = read_archive(source)
    record = json.loads(files["tenant.json"])
    counts: dict[str, int] = {}
    with cross_tenant_session(engines, reason="tenant data import", subject_tenant=record["slug"]) as db_session:
        if db_session.scalar(select(Tenant.id).where(Tenant.slug == record["slug"])) is not None:
            raise ArchiveError(f"a tenant {record['slug']!r} exists here already")
        parent = (
            db_session.scalar(select(Tenant.id).where(Tenant.slug == record.pop("parent")))
            if record.get("parent")
            else None
        )
        tenants: Table = Tenant.__table__  # type: ignore[assignment]
        values = {c.name: _typed(c, record[c.name]) for c in tenants.c if c.name in record}
        db_session.execute(insert(tenants).values(id=uuid.UUID(manifest["tenant_id"]), parent_id=parent, **values))
        for line in files["users.jsonl"].splitlines():
            user = json.loads(line)
            existing = db_session.scalar(select(User).where(User.email == user["email"]))
            if existing is not None and str(existing.id) != user["id"]:
                raise ArchiveError(f"{user['email']} has another account here; import into an empty instance")
            if existing is None:
                db_session.add(
                    User(id=uuid.UUID(user["id"]), email=user["email"], name=user["name"], locale=user["locale"])
                )
        for line in files.get("institutions.jsonl", b"").splitlines():
            bank = json.loads(line)
            known = db_session.scalar(select(Institution).where(Institution.slug == bank["slug"]))
            if known is not None and str(known.id) != bank["id"]:
                raise ArchiveError(f"institution {bank['slug']} exists here with another identity")
            if known is None:
                db_session.add(Institution(id=uuid.UUID(bank["id"]), slug=bank["slug"], name=bank["name"]))
        db_session.flush()
        for table in tenant_tables():
            # An archive from before a table existed simply has none of its rows.
            rows = [json.loads(line) for line in files.get(f"tables/{table.name}.jsonl", b"").splitlines()]
            rows = _self_reference_order(table, rows)
            if rows:
                db_session.execute(
                    insert(table), [{c.name: _typed(c, row.get(c.name)) for c in table.c} for row in rows]
                )
            counts[table.name] = len(rows)
        db_session.commit()
    return counts
