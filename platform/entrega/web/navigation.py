"""Navigation: each feature adds its items here, and the layout draws them for the page's scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from flask import Flask, current_app, g, request
from sqlalchemy import select

from entrega import db
from entrega.tenancy.models import Tenant, TenantStatus

Scope = Literal["platform", "tenant"]


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: Any  # a lazy gettext string, or a callable for words the tenant's model may rename
    scope: Scope
    order: int
    permission: str | None = None  # shown only to those who may open it

    @property
    def text(self) -> str:
        return str(self.label() if callable(self.label) else self.label)


_ITEMS: dict[str, NavItem] = {}


def add(endpoint: str, label: Any, *, scope: Scope, order: int, permission: str | None = None) -> None:
    """Put a page in the navigation: `platform` items show everywhere, `tenant` items inside a government."""
    _ITEMS[endpoint] = NavItem(endpoint, label, scope, order, permission)


def items(scope: Scope) -> list[NavItem]:
    return sorted((item for item in _ITEMS.values() if item.scope == scope), key=lambda item: item.order)


def switchable_tenants() -> list[Tenant]:
    """The governments the switcher offers: the signed-in person's, the directory in the demo, else the one in view."""
    settings = current_app.extensions["entrega.settings"]
    user = g.get("user")
    if user is not None and not user.is_platform_admin:
        from entrega.identity.access import memberships_of

        ids = [tenant_id for tenant_id, _role in memberships_of(db.session(), user.id)]
        statement = select(Tenant).where(Tenant.id.in_(ids), Tenant.status == TenantStatus.ACTIVE).order_by(Tenant.name)
        return list(db.session().scalars(statement))
    if settings.tenant_directory or (user is not None and user.is_platform_admin):
        statement = select(Tenant).where(Tenant.status == TenantStatus.ACTIVE).order_by(Tenant.name)
        return list(db.session().scalars(statement))
    tenant = g.get("tenant")
    return [tenant] if tenant is not None else []


def my_institutions() -> list[Any]:
    """The banks the signed-in person works for: their way into the bank's pages."""
    user = g.get("user")
    if user is None:
        return []
    from entrega.bank.services import institutions_of

    return [institution for institution, _role in institutions_of(db.session(), user.id)]


def is_current(endpoint: str) -> bool:
    return request.endpoint == endpoint


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        nav_items=items, switchable_tenants=switchable_tenants, is_current=is_current, my_institutions=my_institutions
    )
