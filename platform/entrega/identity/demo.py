"""Demo accounts for the embedded demo: a unit head per government and one technical-assistance
configurator who works in all of them. Passwords are drawn afresh on every run and printed once, so the
repository never holds a usable credential."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from entrega.db import Engines
from entrega.identity import services
from entrega.identity.models import User
from entrega.identity.passwords import hash_password
from entrega.identity.roles import Role
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Tenant


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    description: str


def _account(engines: Engines, email: str, name: str) -> tuple[User, str]:
    password = secrets.token_urlsafe(12)
    with engines.Session() as db_session:
        user = services.user_by_email(db_session, email)
        if user is None:
            user = services.create_user(db_session, email, name, password)
        else:
            user.password_hash = hash_password(password)
            user.session_epoch += 1
            user.locked_until = None
        db_session.commit()
        return user, password


def seed(engines: Engines, tenants: list[Tenant]) -> list[DemoAccount]:
    accounts: list[DemoAccount] = []
    configurator, ta_password = _account(engines, "ta@demo.entrega.invalid", "Teresa Asistencia (technical assistance)")
    accounts.append(
        DemoAccount(configurator.email, ta_password, "technical-assistance configurator in every government")
    )
    for tenant in tenants:
        head, password = _account(engines, f"head@{tenant.slug}.demo.entrega.invalid", f"Unit head, {tenant.name}")
        accounts.append(DemoAccount(head.email, password, f"unit head of {tenant.name} (/t/{tenant.slug}/)"))
        with tenant_session(engines, tenant.id) as db_session:
            for user, role in ((head, Role.UNIT_HEAD), (configurator, Role.CONFIGURATOR)):
                if services.membership_of(db_session, user.id) is None:
                    services.add_member(db_session, db_session.get(User, user.id), role)  # type: ignore[arg-type]
            db_session.commit()
    accounts.append(_demo_bank(engines, tenants))
    return accounts


def _demo_bank(engines: Engines, tenants: list[Tenant]) -> DemoAccount:
    """A bank with a specialist and an engagement with every demo government."""
    from entrega.bank import services as bank
    from entrega.bank.models import Engagement, Institution, InstitutionRole

    specialist, password = _account(engines, "specialist@idb.demo.entrega.invalid", "Sofía Especialista (IDB)")
    with cross_tenant_session(engines, reason="demo bank") as db_session:
        institution = db_session.scalar(select(Institution).where(Institution.slug == "idb"))
        if institution is None:
            institution = bank.create_institution(db_session, "idb", "Inter-American Development Bank")
        person = db_session.get(User, specialist.id)
        assert person is not None
        bank.add_institution_member(db_session, institution, person, InstitutionRole.SPECIALIST)
        db_session.commit()
        institution_id = institution.id
    for number, tenant in enumerate(tenants, start=1):
        with tenant_session(engines, tenant.id) as db_session:
            if db_session.scalar(select(Engagement.id).where(Engagement.institution_id == institution_id)) is None:
                bank.add_engagement(db_session, {
                    "institution": "idb", "code": f"{tenant.country}-L{1000 + number}", "kind": "loan",
                    "title": "Strengthening the centre of government for results", "starts_on": "2025-03-01",
                    "ends_on": "2029-12-31",
                })  # fmt: skip
                db_session.commit()
    return DemoAccount(specialist.email, password, "bank specialist at the IDB (/bank/idb/)")


def demo_tenants(engines: Engines) -> list[Tenant]:
    with cross_tenant_session(engines, reason="demo accounts") as db_session:
        return list(db_session.scalars(select(Tenant).order_by(Tenant.slug)))
