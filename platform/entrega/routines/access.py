"""Tenant-scoped lookups of the routines' rows (the binding filters them; another government's id is not found)."""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega.errors import NotFound
from entrega.routines.models import Action, AgendaItem, AssessmentRound, DataCall, Meeting, Report, RoutineSeries

Row = TypeVar("Row", RoutineSeries, Meeting, AgendaItem, Action, AssessmentRound, DataCall, Report)


def _get(db_session: Session, cls: type[Row], row_id: uuid.UUID) -> Row:
    found = db_session.scalar(select(cls).where(cls.id == row_id))
    if found is None:
        raise NotFound(str(row_id))
    return found


def get_series(db_session: Session, series_id: uuid.UUID) -> RoutineSeries:
    return _get(db_session, RoutineSeries, series_id)


def get_meeting(db_session: Session, meeting_id: uuid.UUID) -> Meeting:
    return _get(db_session, Meeting, meeting_id)


def get_agenda_item(db_session: Session, item_id: uuid.UUID) -> AgendaItem:
    return _get(db_session, AgendaItem, item_id)


def get_action(db_session: Session, action_id: uuid.UUID) -> Action:
    return _get(db_session, Action, action_id)


def get_round(db_session: Session, round_id: uuid.UUID) -> AssessmentRound:
    return _get(db_session, AssessmentRound, round_id)


def get_data_call(db_session: Session, call_id: uuid.UUID) -> DataCall:
    return _get(db_session, DataCall, call_id)


def get_report(db_session: Session, report_id: uuid.UUID) -> Report:
    return _get(db_session, Report, report_id)
