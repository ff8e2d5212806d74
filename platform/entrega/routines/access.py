"""Tenant-scoped lookups of the routines' rows (the binding filters them; another government's id is not found)."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from entrega.routines.models import Action, AgendaItem, AssessmentRound, DataCall, Meeting, Report, RoutineSeries
from entrega.tenancy.access import get_scoped


def get_series(db_session: Session, series_id: uuid.UUID) -> RoutineSeries:
    return get_scoped(db_session, RoutineSeries, series_id)


def get_meeting(db_session: Session, meeting_id: uuid.UUID) -> Meeting:
    return get_scoped(db_session, Meeting, meeting_id)


def get_agenda_item(db_session: Session, item_id: uuid.UUID) -> AgendaItem:
    return get_scoped(db_session, AgendaItem, item_id)


def get_action(db_session: Session, action_id: uuid.UUID) -> Action:
    return get_scoped(db_session, Action, action_id)


def get_round(db_session: Session, round_id: uuid.UUID) -> AssessmentRound:
    return get_scoped(db_session, AssessmentRound, round_id)


def get_data_call(db_session: Session, call_id: uuid.UUID) -> DataCall:
    return get_scoped(db_session, DataCall, call_id)


def get_report(db_session: Session, report_id: uuid.UUID) -> Report:
    return get_scoped(db_session, Report, report_id)
