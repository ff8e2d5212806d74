"""Every mapped table, imported in one place so that Alembic and the tests see the whole schema."""

from entrega.audit.models import AuditEvent, PlatformAuditEvent
from entrega.bank.models import Engagement, Institution, InstitutionMember
from entrega.db import Base
from entrega.extensions.models import TenantModel
from entrega.identity.models import ApiToken, Invitation, Membership, TenantIdentityProvider, User, UserIdentity
from entrega.tenancy.models import Ministry, Tenant

metadata = Base.metadata

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Engagement",
    "Institution",
    "InstitutionMember",
    "Invitation",
    "Membership",
    "Ministry",
    "PlatformAuditEvent",
    "Tenant",
    "TenantIdentityProvider",
    "TenantModel",
    "User",
    "UserIdentity",
    "metadata",
]
