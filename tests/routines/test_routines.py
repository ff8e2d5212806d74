"""The routines at work: a stocktake's agenda built from the data, worst first and opening with the open
actions carried over; assessments beside the data; data calls and their reminders."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from entrega.audit.services import acting_as
from entrega.db import Engines
from entrega.delivery.models import Priority
from entrega.extensions.contract import Frequency
from entrega.extensions.runtime import resolve
from entrega.extensions.services import set_model, validate_model
from entrega.identity.roles import Role
from entrega.routines import assessments, data_calls, services
from entrega.routines.models import ActionStatus, AgendaKind, Reminder
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.models import Tenant
from tests.conftest import TwoTenants
from tests.factories import create_indicator, create_member, create_priority, record_values

pytestmark = pytest.mark.plugins("entrega_pmdu")
TODAY = date(2025, 6, 15)
PATH = [(date(2025, m, 1), 10.0 + 2 * m) for m in range(1, 7)]


@pytest.fixture
def alpha(app: Flask, engines: Engines, two_tenants: TwoTenants) -> TwoTenants:
    """alpha on the PMDU model, with one priority on track and one off track."""
    with acting_as("test"), tenant_session(engines, two_tenants.a.id) as db_session:
        set_model(db_session, validate_model(app.extensions["entrega.plugins"], {"delivery": "entrega_pmdu"}))
        db_session.commit()
    health = two_tenants.a_ministries[0]
    fine = create_priority(engines, two_tenants.a, health, code="FINE")
    late = create_priority(engines, two_tenants.a, health, code="LATE")
    ok = create_indicator(engines, two_tenants.a, fine, baseline=(date(2024, 12, 1), 10.0), trajectory=PATH)
    bad = create_indicator(engines, two_tenants.a, late, baseline=(date(2024, 12, 1), 10.0), trajectory=PATH)
    record_values(engines, two_tenants.a, ok, [(date(2025, m, 1), 10.0 + 2 * m) for m in range(1, 6)])
    record_values(engines, two_tenants.a, bad, [(date(2025, m, 1), 11.0) for m in range(1, 6)], note="Strike")
    return two_tenants


def _model(app: Flask, db_session: object) -> object:
    from entrega.extensions.services import current_model

    return resolve(app.extensions["entrega.plugins"], current_model(db_session).as_config())  # type: ignore[arg-type,union-attr]


def test_a_stocktake_agenda_puts_the_worst_first_and_opens_with_the_open_actions(
    app: Flask, engines: Engines, alpha: TwoTenants
) -> None:
    with acting_as("test"), tenant_session(engines, alpha.a.id) as db_session:
        tenant = db_session.get(Tenant, alpha.a.id)
        model = _model(app, db_session)
        series = {s.template: s for s in services.ensure_series(db_session, model, TODAY)}  # type: ignore[arg-type]
        assert services.ensure_series(db_session, model, TODAY)[0].id == series["stocktake"].id  # idempotent
        first = services.plan_meeting(db_session, tenant, model, series["stocktake"], date(2025, 7, 1), TODAY)  # type: ignore[arg-type]
        items = services.agenda_of(db_session, first.id)
        assert [(i.kind, i.title.split(" ·")[0]) for i in items] == [(AgendaKind.OFF_TRACK, "LATE")]
        action = services.add_action(db_session, first, {"title": "Hire 200 nurses", "due_on": date(2025, 8, 1),
                                                         "owner_ministry_id": alpha.a_ministries[0].id})  # fmt: skip
        services.hold_meeting(db_session, first, ["Head of government", "Minister of Health"], "Nurses first.")
        second = services.plan_meeting(
            db_session, tenant, model, series["stocktake"], date(2025, 9, 1), date(2025, 8, 20)
        )  # type: ignore[arg-type]
        items = services.agenda_of(db_session, second.id)
        assert items[0].kind is AgendaKind.OVERDUE_ACTION and items[0].action_id == action.id
        assert items[0].facts["days_late"] == 19
        reordered = services.reorder_agenda(db_session, second, [i.id for i in reversed(items)])
        assert reordered[-1].action_id == action.id
        with pytest.raises(Exception, match="evidence"):
            services.update_action(db_session, action, {"status": "done"})
        services.update_action(db_session, action, {"status": "done", "evidence": "Decree 44/2025"})
        assert action.status is ActionStatus.DONE
        db_session.commit()


def test_a_focal_point_updates_only_their_ministrys_actions(app: Flask, engines: Engines, alpha: TwoTenants) -> None:
    from werkzeug.exceptions import Forbidden

    with acting_as("test"), tenant_session(engines, alpha.a.id) as db_session:
        tenant = db_session.get(Tenant, alpha.a.id)
        model = _model(app, db_session)
        [series, *_] = services.ensure_series(db_session, model, TODAY)  # type: ignore[arg-type]
        meeting = services.plan_meeting(db_session, tenant, model, series, date(2025, 7, 1), TODAY)  # type: ignore[arg-type]
        action = services.add_action(db_session, meeting, {"title": "Publish the tender", "due_on": date(2025, 8, 1),
                                                           "owner_ministry_id": alpha.a_ministries[0].id})  # fmt: skip
        with pytest.raises(Forbidden):
            services.update_action(db_session, action, {"evidence": "x"}, ministry_id=alpha.a_ministries[1].id)


def test_the_league_table_flags_where_judgement_and_data_disagree(
    app: Flask, engines: Engines, alpha: TwoTenants
) -> None:
    with acting_as("test"), tenant_session(engines, alpha.a.id) as db_session:
        model = _model(app, db_session)
        round_ = assessments.open_round(db_session, "Mid-year 2025", TODAY)
        by_code = {p.code: p for p in db_session.scalars(select(Priority))}
        assessments.assess(db_session, model, round_, by_code["LATE"], "", "green", "The minister is confident.")  # type: ignore[arg-type]
        assessments.assess(db_session, model, round_, by_code["FINE"], "", "amber_green", "Steady.")  # type: ignore[arg-type]
        with pytest.raises(Exception, match="level"):
            assessments.assess(db_session, model, round_, by_code["FINE"], "", "purple", "?")  # type: ignore[arg-type]
        table = assessments.league_table(db_session, model, round_, TODAY)  # type: ignore[arg-type]
        assert [(s.priority.code, s.level, s.disagree) for s in table] == [
            ("LATE", "green", True),
            ("FINE", "amber_green", False),
        ]


def test_a_data_call_reminds_each_ministry_missing_data_once_a_day(
    app: Flask, engines: Engines, alpha: TwoTenants, caplog: pytest.LogCaptureFixture
) -> None:
    create_member(engines, alpha.a, Role.FOCAL_POINT,
                  ministry_id=alpha.a_ministries[0].id, email="focal@health.example")  # fmt: skip
    with acting_as("test"), tenant_session(engines, alpha.a.id) as db_session:
        call = data_calls.create_call(
            db_session, "June 2025 data", date(2025, 6, 1), Frequency.MONTHLY, date(2025, 7, 10)
        )
        [gap] = data_calls.missing(db_session, call)
        assert gap.ministry.code == "HEALTH" and len(gap.indicators) == 2
        db_session.commit()
    with app.app_context(), acting_as("job"), tenant_session(engines, alpha.a.id) as db_session:
        assert data_calls.send_reminders(db_session, "2025-07-08") == 1
        assert data_calls.send_reminders(db_session, "2025-07-08") == 0  # a retried job sends nothing twice
        assert data_calls.send_reminders(db_session, "2025-07-01") == 0  # too early: the period barely ended
        reminders = list(db_session.scalars(select(Reminder)))
    assert [(r.recipients, r.missing) for r in reminders] == [(["focal@health.example"], 2)]
    assert "June 2025 data: 2 values due by 2025-07-10" in caplog.text
