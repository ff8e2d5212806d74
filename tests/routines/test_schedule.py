"""The daily tick: every active government gets its snapshot, its reminders and its next meetings, each
in its own binding; running it twice the same day changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import func, select

from entrega.audit.services import acting_as
from entrega.bank.models import HealthSnapshot
from entrega.db import Engines
from entrega.delivery.models import PrioritySnapshot
from entrega.extensions.services import set_model, validate_model
from entrega.routines.models import AgendaItem, Meeting
from entrega.routines.schedule import DAILY_TASKS, daily
from entrega.tenancy.binding import tenant_session
from tests.conftest import TwoTenants
from tests.factories import create_indicator, create_priority, record_values

pytestmark = pytest.mark.plugins("entrega_pmdu")


def test_the_daily_tick_plans_meetings_and_takes_snapshots_once_per_day(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    with acting_as("test"), tenant_session(engines, two_tenants.a.id) as db_session:
        set_model(db_session, validate_model(app.extensions["entrega.plugins"], {"delivery": "entrega_pmdu"}))
        db_session.commit()
    priority = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0])
    indicator = create_indicator(engines, two_tenants.a, priority, baseline=(date(2024, 12, 1), 10.0),
                                 target=(date(2025, 12, 1), 22.0))  # fmt: skip
    record_values(engines, two_tenants.a, indicator, [(date(2025, 1, 1), 9.0)], note="Floods")

    assert daily("2025-03-02", app=app) == 2 * len(DAILY_TASKS)  # alpha and beta, each its own jobs
    assert daily("2025-03-02", app=app) == 2 * len(DAILY_TASKS)

    with tenant_session(engines, two_tenants.a.id) as db_session:
        meetings = list(db_session.scalars(select(Meeting)))
        assert meetings and all(m.held_on >= date(2025, 3, 2) for m in meetings)
        assert len(meetings) == len({m.series_id for m in meetings})  # one upcoming meeting per routine, not two
        assert db_session.scalar(select(func.count()).select_from(AgendaItem)) >= 1  # the off-track priority
        [snapshot] = db_session.scalars(select(PrioritySnapshot))
        assert snapshot.taken_on == date(2025, 3, 2) and snapshot.rating == "off_track"
        [health] = db_session.scalars(select(HealthSnapshot))
        assert (health.priorities, health.on_track, health.actions_overdue) == (1, 0, 0)
    with tenant_session(engines, two_tenants.b.id) as db_session:
        assert db_session.scalar(select(func.count()).select_from(Meeting)) == 0  # beta has no model yet
