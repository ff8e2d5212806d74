"""The whole application in this process, against the benchmark database, and the people who use it."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from flask import Flask

from entrega.app import create_app
from entrega.config import load_settings
from entrega.identity.models import User
from entrega.identity.roles import Role
from entrega.identity.services import add_member, create_user
from entrega.provisioning import DatabaseUrls
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Tenant


def build_app(urls: DatabaseUrls) -> Flask:
    """The app as deployed (no plugins, so no tenant has a delivery model: the platform's defaults judge)."""
    settings = load_settings().with_overrides(
        database_url=urls.app, platform_database_url=urls.platform, migration_database_url=urls.owner,
        redis_url=None, instance_path=Path(tempfile.mkdtemp()), plugins=(), api_requests_per_minute=10**9,
    )  # fmt: skip
    return create_app(settings)


def slug_of(app: Flask, tenant_id: uuid.UUID) -> str:
    with cross_tenant_session(app.extensions["entrega.db"], reason="benchmark") as db_session:
        tenant = db_session.get(Tenant, tenant_id)
        assert tenant is not None
        return tenant.slug


def new_member(app: Flask, tenant_id: uuid.UUID, email: str, role: Role) -> User:
    """A new person with a membership of `tenant_id`; committed."""
    engines = app.extensions["entrega.db"]
    with engines.Session(expire_on_commit=False) as db_session:
        user = create_user(db_session, email, "Bench")
        db_session.commit()
    with tenant_session(engines, tenant_id) as db_session:
        add_member(db_session, user, role)
        db_session.commit()
    return user
