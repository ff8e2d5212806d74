"""Every mapped table, imported in one place so that Alembic and the tests see the whole schema."""

from entrega.audit.models import AuditEvent, PlatformAuditEvent
from entrega.bank.models import Engagement, HealthSnapshot, Institution, InstitutionMember, Share
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
from entrega.library.models import CommonIndicator, IndicatorMapping
from entrega.routines.models import (
    Action,
    AgendaItem,
    Assessment,
    AssessmentRound,
    DataCall,
    Decision,
    Meeting,
    Reminder,
    Report,
    RoutineSeries,
)
from entrega.tenancy.models import Ministry, Tenant

metadata = Base.metadata

__all__ = [
    "Action",
    "AgendaItem",
    "ApiToken",
    "Assessment",
    "AssessmentRound",
    "AuditEvent",
    "Baseline",
    "BudgetEntry",
    "BudgetProgramme",
    "ChainLink",
    "CommonIndicator",
    "DataCall",
    "DataImport",
    "Decision",
    "DiagnosticAnswer",
    "DiagnosticWave",
    "Engagement",
    "Evidence",
    "HealthSnapshot",
    "Indicator",
    "IndicatorMapping",
    "Institution",
    "InstitutionMember",
    "Invitation",
    "Measurement",
    "Meeting",
    "Membership",
    "Milestone",
    "Ministry",
    "PlatformAuditEvent",
    "Priority",
    "PriorityProgramme",
    "PrioritySnapshot",
    "Reminder",
    "Report",
    "RoutineSeries",
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
