"""Tenant-scoped lookups of the workspace's rows. Never fetch one by a bare id anywhere else: the binding
filters these queries (in the ORM and in PostgreSQL), so another government's id is simply not found."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.exceptions import Forbidden

from entrega.delivery.models import (
    BudgetProgramme,
    DataImport,
    Evidence,
    Indicator,
    Measurement,
    Milestone,
    Priority,
)
from entrega.identity.access import current_principal
from entrega.identity.roles import Permission
from entrega.tenancy.access import get_scoped


def get_priority(db_session: Session, priority_id: uuid.UUID) -> Priority:
    return get_scoped(db_session, Priority, priority_id)


def get_indicator(db_session: Session, indicator_id: uuid.UUID) -> Indicator:
    return get_scoped(db_session, Indicator, indicator_id)


def get_measurement(db_session: Session, measurement_id: uuid.UUID) -> Measurement:
    return get_scoped(db_session, Measurement, measurement_id)


def get_evidence(db_session: Session, evidence_id: uuid.UUID) -> Evidence:
    return get_scoped(db_session, Evidence, evidence_id)


def get_milestone(db_session: Session, milestone_id: uuid.UUID) -> Milestone:
    return get_scoped(db_session, Milestone, milestone_id)


def get_programme(db_session: Session, programme_id: uuid.UUID) -> BudgetProgramme:
    return get_scoped(db_session, BudgetProgramme, programme_id)


def get_import(db_session: Session, import_id: uuid.UUID) -> DataImport:
    return get_scoped(db_session, DataImport, import_id)


def indicator_by_code(db_session: Session, code: str) -> Indicator | None:
    return db_session.scalar(select(Indicator).where(Indicator.code == code))


class NotYourMinistry(Forbidden):
    """A focal point tried to enter data for an indicator another ministry owns."""

    description = "Only the ministry that owns this indicator enters its data."


@dataclass(frozen=True)
class Entrant:
    """Who enters data, and for which ministry: None means any (the unit's own staff)."""

    ministry_id: uuid.UUID | None

    def check(self, indicator: Indicator) -> None:
        if self.ministry_id is not None and indicator.owner_ministry_id != self.ministry_id:
            raise NotYourMinistry()


ANY_MINISTRY = Entrant(None)


def current_entrant() -> Entrant:
    """Who is entering data in this request: the unit's staff for any ministry, a focal point for their own."""
    principal = current_principal()
    if principal is not None and principal.can(Permission.ENTER_DATA):
        return ANY_MINISTRY
    # A focal point with no ministry on their membership can enter nothing: no ministry's id matches.
    return Entrant(principal.ministry_id if principal and principal.ministry_id else uuid.UUID(int=0))
