"""Factories: build tenants and ministries the way the product does, with sensible defaults."""

from __future__ import annotations

import itertools
import uuid
from datetime import date
from typing import Any

from entrega.audit.services import acting_as
from entrega.db import Engines
from entrega.delivery import measurements
from entrega.delivery import services as delivery
from entrega.delivery.models import Indicator, Measurement, Priority
from entrega.identity import services
from entrega.identity.models import User
from entrega.identity.roles import Role
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Ministry, MinistryKind, Tenant, TenantLevel, TenantStatus

_counter = itertools.count(1)


def tenant_values(**overrides: Any) -> dict[str, Any]:
    n = next(_counter)
    values: dict[str, Any] = {
        "slug": f"gov-{n}",
        "name": f"Government {n}",
        "level": TenantLevel.NATIONAL,
        "country": "CL",
        "subdivision": None,
        "default_locale": "es",
        "languages": ["es", "en"],
        "time_zone": "America/Santiago",
        "currency": "CLP",
        "status": TenantStatus.ACTIVE,
    }
    values.update(overrides)
    return values


def create_tenant(engines: Engines, **overrides: Any) -> Tenant:
    with acting_as("test"), cross_tenant_session(engines, reason="test factory") as db_session:
        tenant = Tenant(**tenant_values(**overrides))
        db_session.add(tenant)
        db_session.commit()
        return tenant


def create_ministry(engines: Engines, tenant: Tenant, **overrides: Any) -> Ministry:
    n = next(_counter)
    values: dict[str, Any] = {
        "code": f"M{n}",
        "name": {"es": f"Ministerio {n}", "en": f"Ministry {n}"},
        "kind": MinistryKind.MINISTRY,
    }
    values.update(overrides)
    with tenant_session(engines, tenant.id) as db_session:
        ministry = Ministry(**values)
        db_session.add(ministry)
        db_session.commit()
        return ministry


def random_id() -> uuid.UUID:
    return uuid.uuid4()


def create_user(
    engines: Engines, *, email: str | None = None, name: str | None = None, password: str | None = None, **extra: Any
) -> User:
    n = next(_counter)
    with engines.Session() as db_session:
        user = services.create_user(
            db_session, email or f"person{n}@example.org", name or f"Person {n}", password, **extra
        )
        db_session.commit()
        return user


def create_member(
    engines: Engines, tenant: Tenant, role: Role = Role.UNIT_HEAD, *, user: User | None = None,
    ministry_id: uuid.UUID | None = None, **user_fields: Any,
) -> User:  # fmt: skip
    user = user or create_user(engines, **user_fields)
    with tenant_session(engines, tenant.id) as db_session:
        services.add_member(db_session, db_session.get(User, user.id), role, ministry_id)  # type: ignore[arg-type]
        db_session.commit()
    return user


def create_token(engines: Engines, tenant: Tenant, user: User, role: Role = Role.UNIT_HEAD, days: int = 30) -> str:
    with tenant_session(engines, tenant.id) as db_session:
        _token, raw = services.create_token(db_session, db_session.get(User, user.id), "test token", role, days)  # type: ignore[arg-type]
        db_session.commit()
        return raw


# ---- the delivery workspace --------------------------------------------------------------------------------


def create_priority(engines: Engines, tenant: Tenant, owner: Ministry, **overrides: Any) -> Priority:
    n = next(_counter)
    values: dict[str, Any] = {"code": f"P{n}", "name": {tenant.languages[0]: f"Priority {n}"}, "owner_ministry_id": owner.id,
                              "aim": "Fewer children die before their fifth birthday.", "sponsor": "The minister"}  # fmt: skip
    values.update(overrides)
    with acting_as("test"), tenant_session(engines, tenant.id) as db_session:
        priority = delivery.create_priority(db_session, db_session.get(Tenant, tenant.id), values)  # type: ignore[arg-type]
        db_session.commit()
        return priority


def create_indicator(
    engines: Engines, tenant: Tenant, priority: Priority, *, baseline: tuple[date, float] | None = None,
    target: tuple[date, float] | None = None, trajectory: list[tuple[date, float]] | None = None, **overrides: Any,
) -> Indicator:  # fmt: skip
    """An indicator of `priority`, owned by the priority's ministry unless told otherwise; optionally with its
    baseline, target and trajectory."""
    n = next(_counter)
    values: dict[str, Any] = {
        "priority_id": priority.id, "code": f"I{n}", "name": {tenant.languages[0]: f"Indicator {n}"},
        "owner_ministry_id": priority.owner_ministry_id, "polarity": "up", "frequency": "monthly",
        "accumulation": "level", "unit": "%", "source": "Household survey",
    }  # fmt: skip
    values.update(overrides)
    with acting_as("test"), tenant_session(engines, tenant.id) as db_session:
        indicator = delivery.create_indicator(db_session, db_session.get(Tenant, tenant.id), values)  # type: ignore[arg-type]
        if baseline:
            delivery.set_baseline(db_session, indicator, baseline[1], baseline[0])
        if target:
            delivery.revise_target(db_session, indicator, target[1], target[0])
        if trajectory:
            delivery.set_trajectory(db_session, indicator, trajectory)
        db_session.commit()
        return indicator


def record_values(
    engines: Engines, tenant: Tenant, indicator: Indicator, values: list[tuple[date, float]], *,
    status: str = "submitted", note: str = "",
) -> list[Measurement]:  # fmt: skip
    """Enter values as the unit would, then move them to `status` (validated or published)."""
    out = []
    with acting_as("test"), tenant_session(engines, tenant.id) as db_session:
        found = db_session.get(Indicator, (tenant.id, indicator.id))
        assert found is not None
        for period, value in values:
            m = measurements.submit(db_session, found, period, value, entrant=measurements.ANY_MINISTRY, note=note)
            for step in {"validated": ["validate"], "published": ["validate", "publish"]}.get(status, []):
                measurements.review(db_session, m, step)
            out.append(m)
        db_session.commit()
    return out
