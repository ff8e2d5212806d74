"""Navigation: each feature adds its items here, and the layout draws them for the page's scope."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from flask import Flask, current_app, g, request
from sqlalchemy import CompoundSelect, bindparam, literal, null, select, union_all

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


@dataclass(frozen=True)
class Belongings:
    """Where the signed-in person works: their banks, each with their role there, and their governments."""

    institutions: list[tuple[Any, Any]]  # (an Institution, as read here and not in the session; its role)
    governments: list[Any]  # rows with a slug and a name


@lru_cache(maxsize=1)
def places_of() -> CompoundSelect:
    """The person's (the `user_id` parameter's) banks with their role, and active governments, as rows of
    (kind, id, slug, name, role); built once per process. Core tables, outside the ORM's tenant guard: the
    memberships' `own_rows` policy admits the person's own rows only, as the WHERE clauses say."""
    from entrega.bank.models import Institution, InstitutionMember
    from entrega.identity.models import Membership

    banks, members = Institution.__table__, InstitutionMember.__table__
    tenants, memberships = Tenant.__table__, Membership.__table__
    person = bindparam("user_id", type_=members.c.user_id.type)
    institutions = (
        select(literal("institution").label("kind"), banks.c.id, banks.c.slug, banks.c.name, members.c.role)
        .join(members, members.c.institution_id == banks.c.id)
        .where(members.c.user_id == person)
    )
    governments = select(literal("government"), tenants.c.id, tenants.c.slug, tenants.c.name, null()).where(
        tenants.c.id.in_(select(memberships.c.tenant_id).where(memberships.c.user_id == person)),
        tenants.c.status == TenantStatus.ACTIVE,
    )
    return union_all(institutions, governments)


def keep_belongings(rows: Sequence[Any]) -> None:
    """Keep for the request what `places_of` found (by name), read with the person (`identity.access`)."""
    from entrega.bank.models import Institution

    g.entrega_belongings = Belongings(
        [(Institution(id=r.id, slug=r.slug, name=r.name), r.role) for r in rows if r.kind == "institution"],
        [r for r in rows if r.kind == "government"],
    )


def belongings() -> Belongings:
    """The signed-in person's banks and active governments, both by name, which the layout's navigation and the
    bank's pages share: read with the person when the session cookie is (one statement), else here."""
    user = g.get("user")
    if user is None:
        return Belongings([], [])
    if "entrega_belongings" not in g:
        places = places_of().subquery("places")
        statement = select(places).order_by(places.c.name)
        keep_belongings(db.session().connection().execute(statement, {"user_id": user.id}).all())
    return g.entrega_belongings


def switchable_tenants() -> list[Any]:
    """The governments the switcher offers, each with its slug and name: the signed-in person's, the directory in
    the demo, else the one in view."""
    user = g.get("user")
    if user is not None and not user.is_platform_admin:
        return belongings().governments
    if current_app.extensions["entrega.settings"].tenant_directory or (user is not None and user.is_platform_admin):
        tenants = Tenant.__table__
        statement = (
            select(tenants.c.slug, tenants.c.name)
            .where(tenants.c.status == TenantStatus.ACTIVE)
            .order_by(tenants.c.name)
        )
        return list(db.session().connection().execute(statement))
    tenant = g.get("tenant")
    return [tenant] if tenant is not None else []


def my_institutions() -> list[Any]:
    """The banks the signed-in person works for: their way into the bank's pages."""
    return [institution for institution, _role in belongings().institutions]


def is_current(endpoint: str) -> bool:
    return request.endpoint == endpoint


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        nav_items=items, switchable_tenants=switchable_tenants, is_current=is_current, my_institutions=my_institutions
    )
