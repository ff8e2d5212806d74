"""Every mapped table, imported in one place so that Alembic and the tests see the whole schema."""

from entrega.audit.models import AuditEvent, PlatformAuditEvent
from entrega.bank.models import Engagement, Institution, InstitutionMember, Share
from entrega.db import Base
from entrega.delivery.models import (
    Baseline,
    BudgetEntry,
    BudgetProgramme,
    ChainLink,
    DataImport,
    Evidence,
    Indicator,
    Measurement,
    Milestone,
    Priority,
    PriorityProgramme,
    PrioritySnapshot,
    TargetRevision,
    TrajectoryPoint,
)
from entrega.diagnostics.models import DiagnosticAnswer, DiagnosticWave
from entrega.extensions.models import TenantModel
from entrega.identity.models import ApiToken, Invitation, Membership, TenantIdentityProvider, User, UserIdentity
from entrega.tenancy.models import Ministry, Tenant

metadata = Base.metadata

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Baseline",
    "BudgetEntry",
    "BudgetProgramme",
    "ChainLink",
    "DataImport",
    "DiagnosticAnswer",
    "DiagnosticWave",
    "Engagement",
    "Evidence",
    "Indicator",
    "Institution",
    "InstitutionMember",
    "Invitation",
    "Measurement",
    "Membership",
    "Milestone",
    "Ministry",
    "PlatformAuditEvent",
    "Priority",
    "PriorityProgramme",
    "PrioritySnapshot",
    "Share",
    "TargetRevision",
    "Tenant",
    "TenantIdentityProvider",
    "TenantModel",
    "TrajectoryPoint",
    "User",
    "UserIdentity",
    "metadata",
]
