"""The routines' pages as the unit uses them: set up the routines, plan a meeting whose agenda is built worst
first, reorder and edit it, record decisions and actions, hold it, and see the next one open with what is
still open; ministries report progress on their own actions; assessment rounds beside the data; data calls."""

from __future__ import annotations

import re
import uuid
from datetime import date
from html import unescape
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from entrega.audit.services import acting_as
from entrega.db import Engines
from entrega.delivery.models import Priority
from entrega.extensions.contract import Frequency
from entrega.extensions.services import set_model, validate_model
from entrega.identity.models import User
from entrega.identity.roles import Role
from entrega.routines import assessments, data_calls, services, views
from entrega.routines.models import (
    Action,
    ActionStatus,
    AgendaItem,
    AgendaKind,
    Assessment,
    DataCall,
    Decision,
    Meeting,
    MeetingStatus,
    Reminder,
    RoutineSeries,
)
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.models import Tenant
from tests.conftest import TwoTenants, sign_in_as
from tests.factories import create_indicator, create_member, create_priority, record_values

pytestmark = pytest.mark.plugins("entrega_pmdu")
TODAY = date(2025, 6, 15)
PATH = [(date(2025, m, 1), 10.0 + 2 * m) for m in range(1, 7)]


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "_today", lambda: TODAY)


@pytest.fixture
def alpha(app: Flask, engines: Engines, two_tenants: TwoTenants) -> TwoTenants:
    """alpha on the PMDU model: GAPPY (data missing) first in the unit's order, then FINE (on track) and LATE
    (off track)."""
    with acting_as("test"), tenant_session(engines, two_tenants.a.id) as db_session:
        set_model(db_session, validate_model(app.extensions["entrega.plugins"], {"delivery": "entrega_pmdu"}))
        db_session.commit()
    health = two_tenants.a_ministries[0]
    gappy = create_priority(engines, two_tenants.a, health, code="GAPPY", position=1)
    fine = create_priority(engines, two_tenants.a, health, code="FINE", position=2)
    late = create_priority(engines, two_tenants.a, health, code="LATE", position=3)
    sparse = create_indicator(engines, two_tenants.a, gappy, code="I-GAP", baseline=(date(2024, 12, 1), 10.0),
                              trajectory=PATH)  # fmt: skip
    ok = create_indicator(
        engines, two_tenants.a, fine, code="I-OK", baseline=(date(2024, 12, 1), 10.0), trajectory=PATH
    )
    bad = create_indicator(engines, two_tenants.a, late, code="I-BAD", baseline=(date(2024, 12, 1), 10.0),
                           trajectory=PATH)  # fmt: skip
    record_values(engines, two_tenants.a, sparse, [(date(2025, 1, 1), 12.0)])
    record_values(engines, two_tenants.a, ok, [(date(2025, m, 1), 10.0 + 2 * m) for m in range(1, 6)])
    record_values(engines, two_tenants.a, bad, [(date(2025, m, 1), 11.0) for m in range(1, 6)], note="Strike")
    return two_tenants


def _client(app: Flask, user: User) -> FlaskClient:
    return sign_in_as(app.test_client(), user, locale="en")


def _post(client: FlaskClient, url: str, data: dict[str, Any] | None = None) -> Any:
    """Post a form with the session's CSRF token, as the page's own form would."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True))
    assert token
    return client.post(url, data={"csrf_token": token.group(1), **(data or {})})


def _text(response: Any) -> str:
    """The page's words without tags, spaced as a reader sees them."""
    html = response.get_data(as_text=True)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" :", ":"))


def _rows(engines: Engines, tenant: Tenant, statement: Any) -> list[Any]:
    with tenant_session(engines, tenant.id) as db_session:
        return list(db_session.scalars(statement))


def _series(engines: Engines, tenant: Tenant) -> dict[str, RoutineSeries]:
    return {s.template: s for s in _rows(engines, tenant, select(RoutineSeries))}


def _set_up(client: FlaskClient, engines: Engines, tenant: Tenant) -> dict[str, RoutineSeries]:
    assert _post(client, "/t/alpha/routines/setup").status_code == 302
    return _series(engines, tenant)


def _plan(client: FlaskClient, series: RoutineSeries, held_on: str) -> str:
    response = _post(client, f"/t/alpha/routines/{series.id}/meetings", {"held_on": held_on})
    assert response.status_code == 302, response.get_data(as_text=True)
    return str(response.headers["Location"])


def _agenda(engines: Engines, tenant: Tenant, meeting_url: str) -> list[AgendaItem]:
    meeting_id = uuid.UUID(meeting_url.rsplit("/", 1)[-1])
    return _rows(
        engines, tenant, select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)
    )


# ---- the routines and a meeting's agenda ---------------------------------------------------------------------


def test_the_routines_page_sets_up_the_series_and_plans_a_meeting_worst_first(
    app: Flask, engines: Engines, alpha: TwoTenants
) -> None:
    head = _client(app, alpha.a_head)
    first = _text(head.get("/t/alpha/routines"))
    assert "Set up the delivery routines" in first and "Stocktake with the head of government" in first
    series = _set_up(head, engines, alpha.a)
    assert set(series) == {"stocktake", "monthly_note", "delivery_report"}
    page = _text(head.get("/t/alpha/routines"))
    assert "Set up the delivery routines" not in page
    assert "Monthly note to the head of government" in page and "Monthly" in page
    assert "Tuesday, July 1, 2025" in page  # the next monthly note, prefilled in the form as well
    assert 'value="2025-07-01"' in head.get("/t/alpha/routines").get_data(as_text=True)

    url = _plan(head, series["monthly_note"], "2025-07-01")  # the monthly note orders its agenda worst first
    items = _agenda(engines, alpha.a, url)
    assert [(i.kind, i.title.split(" ·")[0]) for i in items] == [
        (AgendaKind.OFF_TRACK, "LATE"),
        (AgendaKind.MISSING_DATA, "GAPPY"),
    ]
    meeting = head.get(url)
    text = _text(meeting)
    assert meeting.status_code == 200
    assert text.index("LATE") < text.index("GAPPY")
    assert "Priority off track or getting worse" in text and "Priority with data missing" in text
    assert "Red" in text and "Early warning: Alert" in text  # the priority's rating and warning, in words
    assert "Indicator I-BAD is behind its trajectory" in text
    html = meeting.get_data(as_text=True)
    assert f"/t/alpha/priorities/{items[0].priority_id}" in html  # links to the priority's page
    assert "Planned" in _text(head.get("/t/alpha/routines"))
    # The same day twice is refused, with a reason.
    again = _post(head, f"/t/alpha/routines/{series['monthly_note'].id}/meetings", {"held_on": "2025-07-01"})
    assert again.status_code == 409 and "already planned on that day" in _text(again)
    assert (
        _post(head, f"/t/alpha/routines/{series['monthly_note'].id}/meetings", {"held_on": "1 July"}).status_code == 422
    )


def test_the_agenda_is_reordered_edited_extended_and_trimmed(app: Flask, engines: Engines, alpha: TwoTenants) -> None:
    head = _client(app, alpha.a_head)
    series = _set_up(head, engines, alpha.a)
    url = _plan(head, series["monthly_note"], "2025-07-01")
    late, gappy = _agenda(engines, alpha.a, url)
    html = head.get(url).get_data(as_text=True)
    # Without JavaScript: each "move" button posts the whole agenda in its new order.
    assert f'name="order" value="{gappy.id},{late.id}"' in html
    response = _post(head, f"{url}/agenda/order", {"order": f"{gappy.id},{late.id}"})
    assert response.status_code == 302
    assert [i.id for i in _agenda(engines, alpha.a, url)] == [gappy.id, late.id]
    assert _post(head, f"{url}/agenda/order", {"order": str(late.id)}).status_code == 422  # every item, once

    assert (
        _post(head, f"{url}/agenda/{late.id}", {"title": "LATE: the strike", "note": "Ask the minister."}).status_code
        == 302
    )
    refused = _post(head, f"{url}/agenda/{late.id}", {"title": " ", "note": ""})
    assert refused.status_code == 422 and "This field is required." in _text(refused)
    assert _post(head, f"{url}/agenda", {"title": "Budget outlook", "note": ""}).status_code == 302
    items = _agenda(engines, alpha.a, url)
    assert [(i.title, i.kind) for i in items][1:] == [("LATE: the strike", AgendaKind.OFF_TRACK),
                                                      ("Budget outlook", AgendaKind.OTHER)]  # fmt: skip
    assert "Ask the minister." in _text(head.get(url)) and "Added by the unit" in _text(head.get(url))
    assert _post(head, f"{url}/agenda/{items[0].id}/remove").status_code == 302
    assert [i.title for i in _agenda(engines, alpha.a, url)] == ["LATE: the strike", "Budget outlook"]


def test_a_meeting_records_decisions_and_actions_and_the_next_one_opens_with_the_open_action(
    app: Flask, engines: Engines, alpha: TwoTenants, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = _client(app, alpha.a_head)
    series = _set_up(head, engines, alpha.a)
    url = _plan(head, series["stocktake"], "2025-07-01")
    late = next(p for p in _rows(engines, alpha.a, select(Priority)) if p.code == "LATE")
    assert (
        _post(head, f"{url}/decisions", {"text": "Settle the strike first.", "priority_id": str(late.id)}).status_code
        == 302
    )
    assert _post(head, f"{url}/decisions", {"text": ""}).status_code == 422
    refused = _post(head, f"{url}/actions", {"title": "", "due_on": "", "owner_ministry_id": ""})
    text = _text(refused)
    assert refused.status_code == 422
    assert "Say what is to be done." in text and "Give a due date." in text and "Choose the ministry" in text
    added = _post(head, f"{url}/actions", {
        "title": "Hire 200 nurses", "owner_ministry_id": str(alpha.a_ministries[0].id), "owner_person": "Dr. Ruiz",
        "due_on": "2025-08-01", "priority_id": str(late.id),
    })  # fmt: skip
    assert added.status_code == 302
    held = _post(
        head, f"{url}/held", {"attendees": "Head of government\nMinister of Health\n", "summary": "Nurses first."}
    )
    assert held.status_code == 302
    [meeting] = _rows(engines, alpha.a, select(Meeting).where(Meeting.series_id == series["stocktake"].id))
    assert meeting.status is MeetingStatus.HELD and meeting.attendees == ["Head of government", "Minister of Health"]
    page = _text(head.get(url))
    assert "Settle the strike first." in page and "Hire 200 nurses" in page and "Minister of Health" in page
    assert len(_rows(engines, alpha.a, select(Decision))) == 1

    # Two months later the next stocktake opens with the action, still open and 19 days late.
    monkeypatch.setattr(views, "_today", lambda: date(2025, 8, 20))
    following = _plan(head, series["stocktake"], "2025-09-01")
    first = _agenda(engines, alpha.a, following)[0]
    assert first.kind is AgendaKind.OVERDUE_ACTION and first.title == "Hire 200 nurses"
    text = _text(head.get(following))
    assert "the next agenda opens with them" in text
    assert (
        text.index("Open actions carried over")
        < text.index("Hire 200 nurses")
        < text.index("Agenda Built from the data")
    )
    assert "19 days late" in text and "Overdue by 19 days" in text
    assert _post(head, f"{url}/cancel").status_code == 409  # a meeting that was held cannot be cancelled


# ---- actions --------------------------------------------------------------------------------------------------


def _actions(engines: Engines, two: TwoTenants) -> tuple[Action, Action]:
    """One action for each of alpha's two ministries, agreed at one stocktake."""
    with acting_as("test"), tenant_session(engines, two.a.id) as db_session:
        series = RoutineSeries(template="stocktake", kind="stocktake", title="Stocktake", cadence=Frequency.QUARTERLY,
                               first_on=date(2025, 7, 1))  # fmt: skip
        db_session.add(series)
        db_session.flush()
        tenant = db_session.get(Tenant, two.a.id)
        assert tenant is not None
        meeting = services.plan_meeting(db_session, tenant, None, series, date(2025, 5, 1), TODAY)
        own = services.add_action(db_session, meeting, {"title": "Publish the tender", "due_on": date(2025, 6, 1),
                                                        "owner_ministry_id": two.a_ministries[0].id})  # fmt: skip
        other = services.add_action(db_session, meeting, {"title": "Open the agency's clinics", "due_on": date(2025, 9, 1),
                                                          "owner_ministry_id": two.a_ministries[1].id})  # fmt: skip
        db_session.commit()
        return own, other


def test_a_focal_point_updates_their_own_ministrys_actions_and_done_needs_evidence(
    app: Flask, engines: Engines, alpha: TwoTenants
) -> None:
    own, other = _actions(engines, alpha)
    focal = _client(app, create_member(engines, alpha.a, Role.FOCAL_POINT, ministry_id=alpha.a_ministries[0].id))
    page = focal.get("/t/alpha/actions")
    html, text = page.get_data(as_text=True), _text(page)
    assert page.status_code == 200 and "Publish the tender" in text and "Open the agency's clinics" in text
    assert text.index("Publish the tender") < text.index("Open the agency's clinics")  # the most overdue first
    assert "Overdue by 14 days" in text and "Due in 78 days" in text
    assert html.count("Save the progress") == 1 and f"/t/alpha/actions/{own.id}" in html  # only their own
    assert f'/t/alpha/actions/{other.id}"' not in html

    refused = _post(focal, f"/t/alpha/actions/{own.id}", {"status": "done", "evidence": "", "owner_person": ""})
    assert refused.status_code == 422
    assert re.search(
        rf'id="action-{own.id}-evidence-errors"[^>]*>\s*<li>Say what shows it is done', refused.get_data(as_text=True)
    )
    done = _post(
        focal,
        f"/t/alpha/actions/{own.id}",
        {"status": "done", "evidence": "Tender 12/2025 published", "owner_person": "Ms. Lima"},
    )
    assert done.status_code == 302
    assert _post(focal, f"/t/alpha/actions/{other.id}", {"status": "dropped"}).status_code == 403
    stored = {a.id: a for a in _rows(engines, alpha.a, select(Action))}
    assert stored[own.id].status is ActionStatus.DONE and stored[own.id].owner_person == "Ms. Lima"
    assert stored[other.id].status is ActionStatus.OPEN
    # Filters: the ministry's, and what is still open.
    assert "Publish the tender" not in _text(focal.get("/t/alpha/actions?status=open"))
    mine = _text(focal.get(f"/t/alpha/actions?ministry={alpha.a_ministries[0].id}"))
    assert "Publish the tender" in mine and "Open the agency's clinics" not in mine
    # The unit updates any ministry's action.
    assert _post(_client(app, alpha.a_head), f"/t/alpha/actions/{other.id}", {"status": "dropped"}).status_code == 302


# ---- assessments ----------------------------------------------------------------------------------------------


def test_an_assessment_round_records_judgements_and_says_where_they_disagree_with_the_data(
    app: Flask, engines: Engines, alpha: TwoTenants
) -> None:
    head = _client(app, alpha.a_head)
    opened = _post(head, "/t/alpha/assessments", {"title": "Mid-year 2025", "held_on": "2025-06-15"})
    assert opened.status_code == 302
    url = opened.headers["Location"]
    by_code = {p.code: p for p in _rows(engines, alpha.a, select(Priority))}
    page = _text(head.get(url))
    assert "Degree of challenge" in page and "How hard is this target to hit" in page  # the areas and their question
    assert "Amber-green" in page

    missing = _post(head, f"{url}/priorities/{by_code['LATE'].id}", {"level.overall": "green", "rationale.overall": ""})
    assert missing.status_code == 422 and "Give the reasons for the judgement" in _text(missing)
    saved = _post(head, f"{url}/priorities/{by_code['LATE'].id}", {
        "level.overall": "green", "rationale.overall": "The minister is confident.",
        "level.area-degree_of_challenge": "red", "rationale.area-degree_of_challenge": "A long chain.",
    })  # fmt: skip
    assert saved.status_code == 302
    assert _post(head, f"{url}/priorities/{by_code['FINE'].id}",
                 {"level.overall": "amber_green", "rationale.overall": "Steady."}).status_code == 302  # fmt: skip
    stored = {(a.priority_id, a.area): a.level for a in _rows(engines, alpha.a, select(Assessment))}
    assert stored == {(by_code["LATE"].id, ""): "green", (by_code["LATE"].id, "degree_of_challenge"): "red",
                      (by_code["FINE"].id, ""): "amber_green"}  # fmt: skip

    text = _text(head.get(url))
    league = text[text.index("League table The priorities ranked") : text.rindex("Judgements, priority by priority")]
    assert league.index("LATE") < league.index("FINE")  # best judgement first
    assert league.count("Judgement and data disagree") == 2  # the explanation, and LATE's row
    assert "two or more steps apart" in league and "Consistent" in league
    row = league[league.index("LATE") : league.index("FINE")]
    assert "Green" in row and "Red" in row and "Judgement and data disagree" in row

    # The next round shows what was said before.
    later = _post(head, "/t/alpha/assessments", {"title": "End of year 2025", "held_on": "2025-12-15"}).headers[
        "Location"
    ]
    history = _text(head.get(later))
    assert "Mid-year 2025" in history and "The minister is confident." in history
    rounds = _text(head.get("/t/alpha/assessments"))
    assert "End of year 2025" in rounds and "2 of 3" in rounds
    assert _post(head, "/t/alpha/assessments", {"title": "Again", "held_on": "2025-06-15"}).status_code == 409


# ---- data calls -----------------------------------------------------------------------------------------------


def test_a_data_call_shows_what_is_still_missing_and_the_reminders_sent(
    app: Flask, engines: Engines, alpha: TwoTenants
) -> None:
    head = _client(app, alpha.a_head)
    form = {"title": "June 2025 data", "period": "2025-06", "frequency": "monthly", "deadline": "2025-07-10"}
    too_early = _post(head, "/t/alpha/data-calls", {**form, "deadline": "2025-06-20"})
    assert too_early.status_code == 422 and "The deadline falls before the period ends." in _text(too_early)
    created = _post(head, "/t/alpha/data-calls", form)
    assert created.status_code == 302
    [call] = _rows(engines, alpha.a, select(DataCall))
    assert call.period == date(2025, 6, 1) and call.frequency is Frequency.MONTHLY
    with acting_as("test"), tenant_session(engines, alpha.a.id) as db_session:
        db_session.add(Reminder(data_call_id=call.id, ministry_id=alpha.a_ministries[0].id, sent_on=date(2025, 7, 8),
                                recipients=["focal@health.example"], missing=3))  # fmt: skip
        db_session.commit()
    page = head.get(created.headers["Location"])
    text = _text(page)
    assert page.status_code == 200
    assert "HEALTH" in text and "I-GAP" in text and "I-OK" in text and "I-BAD" in text
    assert "focal@health.example" in text and "Jul 8, 2025" in text
    assert "Every day from Jul 7, 2025" in text
    listed = _text(head.get("/t/alpha/data-calls"))
    assert "June 2025 data" in listed and "3 values" in listed
    assert _post(head, "/t/alpha/data-calls", form).status_code == 409  # one call per period


# ---- who may do what -------------------------------------------------------------------------------------------


def test_a_viewer_reads_the_pages_but_changes_nothing(app: Flask, engines: Engines, alpha: TwoTenants) -> None:
    own, _other = _actions(engines, alpha)
    viewer = _client(app, create_member(engines, alpha.a, Role.VIEWER))
    [meeting] = _rows(engines, alpha.a, select(Meeting))
    series = _series(engines, alpha.a)["stocktake"]
    for path in ("/t/alpha/routines", f"/t/alpha/meetings/{meeting.id}", "/t/alpha/actions", "/t/alpha/assessments",
                 "/t/alpha/data-calls"):  # fmt: skip
        page = viewer.get(path)
        assert page.status_code == 200, path
        assert "Save the progress" not in page.get_data(as_text=True) and "Move up" not in page.get_data(as_text=True)
    for path in ("/t/alpha/routines/setup", f"/t/alpha/routines/{series.id}/meetings", f"/t/alpha/actions/{own.id}",
                 f"/t/alpha/meetings/{meeting.id}/held", "/t/alpha/assessments", "/t/alpha/data-calls"):  # fmt: skip
        assert _post(viewer, path, {"held_on": "2025-07-01", "status": "done"}).status_code == 403, path
    focal = _client(app, create_member(engines, alpha.a, Role.FOCAL_POINT, ministry_id=alpha.a_ministries[0].id))
    assert _post(focal, f"/t/alpha/meetings/{meeting.id}/actions", {"title": "x"}).status_code == 403


def test_another_governments_rows_are_not_found(app: Flask, engines: Engines, alpha: TwoTenants) -> None:
    b = alpha.b
    with acting_as("test"), tenant_session(engines, b.id) as db_session:
        series = RoutineSeries(template="stocktake", kind="stocktake", title="Balanço", cadence=Frequency.QUARTERLY,
                               first_on=date(2025, 7, 1))  # fmt: skip
        db_session.add(series)
        db_session.flush()
        tenant = db_session.get(Tenant, b.id)
        assert tenant is not None
        meeting = services.plan_meeting(db_session, tenant, None, series, date(2025, 7, 1), TODAY)
        action = services.add_action(db_session, meeting, {"title": "Contratar", "due_on": date(2025, 8, 1),
                                                           "owner_ministry_id": alpha.b_ministries[0].id})  # fmt: skip
        item = services.add_agenda_item(db_session, meeting, "Outro")
        round_ = assessments.open_round(db_session, "Semestral", TODAY)
        call = data_calls.create_call(db_session, "Junho", date(2025, 6, 1), Frequency.MONTHLY, date(2025, 7, 10))
        db_session.commit()
    head = _client(app, alpha.a_head)
    for path in (
        f"/t/alpha/meetings/{meeting.id}",
        f"/t/alpha/assessments/{round_.id}",
        f"/t/alpha/data-calls/{call.id}",
    ):
        assert head.get(path).status_code == 404, path
    for path in (f"/t/alpha/actions/{action.id}", f"/t/alpha/routines/{series.id}/meetings",
                 f"/t/alpha/meetings/{meeting.id}/held", f"/t/alpha/meetings/{meeting.id}/agenda/{item.id}/remove"):  # fmt: skip
        assert _post(head, path, {"status": "dropped", "held_on": "2025-10-01"}).status_code == 404, path
    # An item of one of alpha's meetings is not reachable through another of alpha's meetings either.
    _actions(engines, alpha)
    [mine] = _rows(engines, alpha.a, select(Meeting))
    assert _post(head, f"/t/alpha/meetings/{mine.id}/agenda/{item.id}", {"title": "x"}).status_code == 404
    with tenant_session(engines, b.id) as db_session:
        assert db_session.get(Action, (b.id, action.id)).status is ActionStatus.OPEN  # type: ignore[union-attr]


def test_without_a_delivery_model_the_pages_say_to_configure_it(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    head = _client(app, two_tenants.a_head)
    for path in ("/t/alpha/routines", "/t/alpha/assessments", "/t/alpha/data-calls"):
        response = head.get(path)
        text = _text(response)
        assert response.status_code == 200, path
        assert "delivery model must be configured first" in text, path
        assert 'href="/t/alpha/model"' in response.get_data(as_text=True)
    assert _post(head, "/t/alpha/routines/setup").status_code == 409
    assert _text(head.get("/t/alpha/actions")).count("No action is agreed yet") == 1
