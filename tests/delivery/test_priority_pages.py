"""The priorities pages: the overview worst first with its reasons in words, the priority page as Barber's
four questions, and the forms that keep a priority's plan (the priority, milestones, chain, budget)."""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from entrega.audit.models import AuditEvent
from entrega.audit.services import acting_as
from entrega.db import Engines
from entrega.delivery import services, views
from entrega.delivery.models import BudgetEntry, ChainLink, Milestone, MilestoneStatus, Priority, PriorityProgramme
from entrega.extensions.registry import PluginRegistry
from entrega.extensions.services import set_model, validate_model
from entrega.identity.models import User
from entrega.identity.roles import Role
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.models import Tenant
from tests.conftest import TwoTenants, sign_in_as
from tests.factories import create_indicator, create_member, create_priority, record_values

TODAY = date(2025, 6, 15)
PATH = [(date(2025, m, 1), 10.0 + 2 * m) for m in range(1, 7)]  # 12 in January … 22 in June
START = (date(2024, 12, 1), 10.0)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "_today", lambda: TODAY)


def _client(app: Flask, user: User) -> tuple[FlaskClient, str]:
    client = sign_in_as(app.test_client(), user, "en")
    html = client.get("/t/alpha/priorities").get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return client, match.group(1)


def _rows(engines: Engines, tenant: Tenant, statement: Any) -> list[Any]:
    with tenant_session(engines, tenant.id) as db_session:
        return list(db_session.scalars(statement))


def _audited(engines: Engines, tenant: Tenant, entity: str, action: str) -> list[AuditEvent]:
    return _rows(engines, tenant, select(AuditEvent).where(AuditEvent.entity == entity, AuditEvent.action == action))


def _text(html: str) -> str:
    """The page's words without tags, spaced as a reader sees them."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" :", ":")


def _plan(engines: Engines, two: TwoTenants) -> dict[str, Any]:
    """Three priorities: one off track with a late milestone and unspent money, one on track, one with gaps."""
    health, agency = two.a_ministries
    behind = create_priority(engines, two.a, health, code="P-BEHIND", name={"es": "Mortalidad infantil", "en": "Child mortality"},
                             recovery="Send mobile clinics to the three worst districts.")  # fmt: skip
    steady = create_priority(engines, two.a, health, code="P-STEADY", name={"en": "Vaccination"})
    sparse = create_priority(engines, two.a, agency, code="P-SPARSE", name={"en": "Clinic staffing"})
    late = create_indicator(engines, two.a, behind, code="I12", baseline=START, trajectory=PATH, decimals=0)
    record_values(
        engines, two.a, late, [(date(2025, m, 1), v) for m, v in ((1, 12), (2, 12), (3, 12), (4, 11))], note="strike"
    )
    fine = create_indicator(engines, two.a, steady, code="I20", baseline=START, trajectory=PATH, target=(date(2025, 12, 1), 30.0))  # fmt: skip
    record_values(engines, two.a, fine, [(date(2025, m, 1), 10.0 + 2 * m) for m in range(1, 5)], status="validated")
    gappy = create_indicator(engines, two.a, sparse, code="I30", baseline=START, trajectory=PATH)
    record_values(engines, two.a, gappy, [(date(2025, 1, 1), 12.0)])
    with acting_as("test"), tenant_session(engines, two.a.id) as db_session:
        priority = db_session.get(Priority, (two.a.id, behind.id))
        assert priority is not None
        services.create_milestone(db_session, priority, {"title": "Tender awarded", "due_on": date(2025, 6, 3),
                                                         "owner_person": "Dr. Ruiz", "owner_ministry_id": health.id})  # fmt: skip
        services.set_chain(db_session, priority, [
            {"actor": "Minister of Health", "role": "Chairs the monthly review"},
            {"actor": "District health offices", "weak": True, "weakness": "Half the posts are vacant"},
            {"actor": "Community health workers", "role": "Visit every newborn"},
        ])  # fmt: skip
        programme = services.create_programme(db_session, {"code": "0123", "name": "Maternal and child health"})
        services.link_programme(db_session, priority, programme)
        services.set_budget_entry(db_session, programme, date(2025, 1, 1), Decimal("1000"), Decimal("100"))
        db_session.commit()
    return {"behind": behind, "steady": steady, "sparse": sparse, "indicator": late, "programme": programme}


# ---- the overview ----------------------------------------------------------------------------------------


def test_the_overview_lists_the_worst_first_with_its_reasons_in_words(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    _plan(engines, two_tenants)
    client, _ = _client(app, two_tenants.a_head)
    response = client.get("/t/alpha/priorities")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.index("P-BEHIND") < html.index("P-SPARSE") < html.index("P-STEADY")
    text = _text(html)
    assert "Indicator I12 is off its trajectory: 11 against 18 expected" in text
    assert "Milestone “Tender awarded” is 12 days late" in text
    assert "Programme 0123 executed 22% of what was planned by now" in text
    assert "3 periods of data missing for I30, the latest 2025-04" in text
    # Status in words, not colour alone; the charts at a glance come with their data tables.
    assert "Off track" in text and "On track" in text and "Alert" in text and "Watch" in text
    assert html.count("<svg") >= 2 and "<table" in html
    assert "New priority" in text  # a unit head may add one
    assert 'href="/t/alpha/priorities/new"' in html


def test_the_overview_filters_by_ministry_and_level(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    _plan(engines, two_tenants)
    client, _ = _client(app, two_tenants.a_head)
    alerts = client.get("/t/alpha/priorities?level=alert").get_data(as_text=True)
    assert "P-BEHIND" in alerts and "P-STEADY" not in alerts and "P-SPARSE" not in alerts
    agency = client.get(f"/t/alpha/priorities?ministry={two_tenants.a_ministries[1].id}").get_data(as_text=True)
    assert "P-SPARSE" in agency and "P-BEHIND" not in agency
    clear = client.get("/t/alpha/priorities?level=clear").get_data(as_text=True)
    assert "P-STEADY" in clear and "P-BEHIND" not in clear
    both = f"/t/alpha/priorities?ministry={two_tenants.a_ministries[1].id}&level=alert"
    assert "Nothing matches these filters." in client.get(both).get_data(as_text=True)


@pytest.mark.plugins("entrega_pmdu")
def test_the_overview_speaks_the_models_scale_and_words(
    app: Flask, engines: Engines, two_tenants: TwoTenants, registry: PluginRegistry
) -> None:
    with acting_as("test"), tenant_session(engines, two_tenants.a.id) as db_session:
        model = {"delivery": "entrega_pmdu", "vocabulary": {"en": {"priority": ["Commitment", "Commitments"]}}}
        set_model(db_session, validate_model(registry, model))
        db_session.commit()
    _plan(engines, two_tenants)
    client, _ = _client(app, two_tenants.a_head)
    text = _text(client.get("/t/alpha/priorities").get_data(as_text=True))
    assert "Commitments" in text and "Red" in text and "Green" in text
    assert "Off track" not in text


def test_a_viewer_reads_but_may_not_change_anything(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    plan = _plan(engines, two_tenants)
    viewer = create_member(engines, two_tenants.a, Role.VIEWER)
    client, token = _client(app, viewer)
    page = client.get(f"/t/alpha/priorities/{plan['behind'].id}").get_data(as_text=True)
    assert "Tender awarded" in page and "New priority" not in page and "Add a milestone" not in page
    assert client.get("/t/alpha/priorities/new").status_code == 403
    for path in ("/t/alpha/priorities/new", f"/t/alpha/priorities/{plan['behind'].id}/milestones",
                 f"/t/alpha/priorities/{plan['behind'].id}/chain", f"/t/alpha/priorities/{plan['behind'].id}/programmes"):  # fmt: skip
        assert client.post(path, data={"csrf_token": token, "code": "X", "title": "X"}).status_code == 403
    assert _rows(engines, two_tenants.a, select(Milestone.title)) == ["Tender awarded"]


def test_another_governments_priority_is_not_found(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    theirs = create_priority(engines, two_tenants.b, two_tenants.b_ministries[0])
    client, token = _client(app, two_tenants.a_head)
    assert client.get(f"/t/alpha/priorities/{theirs.id}").status_code == 404
    assert client.get(f"/t/alpha/priorities/{theirs.id}/edit").status_code == 404
    response = client.post(f"/t/alpha/priorities/{theirs.id}/milestones",
                           data={"csrf_token": token, "title": "Sneaky", "due_on": "2025-07-01"})  # fmt: skip
    assert response.status_code == 404
    assert _rows(engines, two_tenants.b, select(Milestone)) == []
    assert client.get(f"/t/alpha/priorities/{uuid.uuid4()}").status_code == 404


# ---- the priority page -----------------------------------------------------------------------------------


def test_the_priority_page_answers_the_four_questions(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    plan = _plan(engines, two_tenants)
    client, _ = _client(app, two_tenants.a_head)
    response = client.get(f"/t/alpha/priorities/{plan['behind'].id}")
    html = response.get_data(as_text=True)
    text = _text(html)
    assert response.status_code == 200
    for question in ("What are we trying to do?", "How are we planning to do it?",
                     "How will we know we are on track?", "If not, what will we do?"):  # fmt: skip
        assert f">{question}</h2>" in html
    assert "Fewer children die before their fifth birthday." in text and "The minister" in text
    # the plan: the late milestone, the chain with its weak link said in words, the money
    assert "Tender awarded" in text and "Late by 12 days" in text and "Dr. Ruiz" in text
    assert text.index("Minister of Health") < text.index("District health offices") < text.index("Community health")
    assert "Weak link" in text and "Why it is weak: Half the posts are vacant" in text
    assert "Programme 0123" in text and "10%" in text  # 100 of 1,000 executed
    # how we know: the indicator's status, its chart and its figures
    assert "<svg" in html and "I12" in text and "Off track" in text
    assert "Latest value 11 %" in text and "Expected by the trajectory 18 %" in text
    # if not: the recovery plan and the early warning's reasons
    assert "Send mobile clinics to the three worst districts." in text
    assert "Indicator I12 is falling further behind its trajectory" in text


def test_a_priority_with_nothing_yet_still_reads(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    empty = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0], aim="")
    client, _ = _client(app, two_tenants.a_head)
    response = client.get(f"/t/alpha/priorities/{empty.id}")
    text = _text(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Not rated" in text and "No budget programme is linked" in text and "No warning signs" in text


# ---- creating and editing a priority ---------------------------------------------------------------------


def _priority_form(token: str, **overrides: str) -> dict[str, str]:
    form = {"csrf_token": token, "code": "P-EDU", "name.es": "Aprendizaje", "name.en": "Learning",
            "aim": "Every child reads by age 8.", "sponsor": "Minister of Education", "plan_alignment": "Axis 2",
            "sdg_targets": "4.1, 4.a"}  # fmt: skip
    form.update(overrides)
    return form


def test_creating_and_editing_a_priority(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    client, token = _client(app, two_tenants.a_head)
    owner = str(two_tenants.a_ministries[0].id)
    form = client.get("/t/alpha/priorities/new").get_data(as_text=True)
    assert 'name="name.es"' in form and 'name="name.en"' in form and 'for="priority-code"' in form
    response = client.post("/t/alpha/priorities/new", data=_priority_form(token, owner_ministry_id=owner))
    assert response.status_code == 302
    [priority] = _rows(engines, two_tenants.a, select(Priority))
    assert response.headers["Location"] == f"/t/alpha/priorities/{priority.id}"
    assert priority.name == {"es": "Aprendizaje", "en": "Learning"} and priority.sdg_targets == ["4.1", "4.a"]
    assert len(_audited(engines, two_tenants.a, "priority", "create")) == 1
    assert "The priority P-EDU was created." in client.get(response.headers["Location"]).get_data(as_text=True)

    edit = f"/t/alpha/priorities/{priority.id}/edit"
    assert 'value="Every child reads by age 8."' not in client.get(edit).get_data(as_text=True)  # a textarea
    assert "Every child reads by age 8." in client.get(edit).get_data(as_text=True)
    changed = _priority_form(
        token, owner_ministry_id=owner, recovery="Tutoring in the summer.", **{"name.en": "Reading"}
    )
    assert client.post(edit, data=changed).status_code == 302
    [priority] = _rows(engines, two_tenants.a, select(Priority))
    assert priority.name["en"] == "Reading" and priority.recovery == "Tutoring in the summer."
    assert len(_audited(engines, two_tenants.a, "priority", "update")) == 1


def test_an_invalid_priority_is_explained_and_nothing_is_stored(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    client, token = _client(app, two_tenants.a_head)
    owner = str(two_tenants.a_ministries[0].id)
    response = client.post(
        "/t/alpha/priorities/new", data=_priority_form(token, code="bad code!", owner_ministry_id=owner)
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert services.CODE_ERROR in html and 'id="priority-code-errors"' in html and 'aria-invalid="true"' in html
    assert 'value="Learning"' in html  # what was typed stays
    response = client.post("/t/alpha/priorities/new", data=_priority_form(token, sdg_targets="4.1, 19.9"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose one from the list." in html  # no owner ministry
    response = client.post("/t/alpha/priorities/new",
                           data=_priority_form(token, owner_ministry_id=owner, sdg_targets="4.1, 19.9"))  # fmt: skip
    assert response.status_code == 422 and "Not an SDG target" in response.get_data(as_text=True)
    assert _rows(engines, two_tenants.a, select(Priority)) == []
    assert _audited(engines, two_tenants.a, "priority", "create") == []


@pytest.mark.plugins("entrega_pmdu")
def test_the_models_extra_fields_are_on_the_form(
    app: Flask, engines: Engines, two_tenants: TwoTenants, registry: PluginRegistry
) -> None:
    with acting_as("test"), tenant_session(engines, two_tenants.a.id) as db_session:
        set_model(db_session, validate_model(registry, {"delivery": "entrega_pmdu"}))
        db_session.commit()
    client, token = _client(app, two_tenants.a_head)
    owner = str(two_tenants.a_ministries[0].id)
    assert 'name="extra.lead_official"' in client.get("/t/alpha/priorities/new").get_data(as_text=True)
    missing = client.post("/t/alpha/priorities/new", data=_priority_form(token, owner_ministry_id=owner))
    assert missing.status_code == 422 and 'id="priority-extra-lead_official-errors"' in missing.get_data(as_text=True)
    data = _priority_form(token, owner_ministry_id=owner, **{"extra.lead_official": "Dr. Mora",
                                                             "extra.delivery_chain_reviewed": "on"})  # fmt: skip
    response = client.post("/t/alpha/priorities/new", data=data)
    assert response.status_code == 302
    [priority] = _rows(engines, two_tenants.a, select(Priority))
    assert priority.extra == {"lead_official": "Dr. Mora", "delivery_chain_reviewed": True}
    text = _text(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Lead official Dr. Mora" in text and "Delivery chain reviewed Yes" in text


# ---- milestones, chain and budget ------------------------------------------------------------------------


def test_a_form_with_text_no_column_can_store_is_refused_whole_and_nothing_is_saved(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    """PostgreSQL refuses a NUL character: the page says why (422), before any view could half-save the form."""
    priority = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0])
    client, token = _client(app, two_tenants.a_head)
    refused = client.post(f"/t/alpha/priorities/{priority.id}/milestones",
                          data={"csrf_token": token, "title": "Law\x00 passed", "due_on": "2025-09-30"})  # fmt: skip
    assert refused.status_code == 422
    assert "cannot be stored" in refused.get_data(as_text=True)
    assert _rows(engines, two_tenants.a, select(Milestone)) == []


def test_adding_and_updating_milestones(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    priority = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0])
    client, token = _client(app, two_tenants.a_head)
    url = f"/t/alpha/priorities/{priority.id}/milestones"
    refused = client.post(
        url, data={"csrf_token": token, "title": "Law passed", "due_on": "2025-09-30", "status": "done"}
    )
    assert refused.status_code == 422
    assert "Give the date the milestone was completed." in refused.get_data(as_text=True)
    assert _rows(engines, two_tenants.a, select(Milestone)) == []
    response = client.post(url, data={"csrf_token": token, "title": "Law passed", "due_on": "2025-09-30",
                                       "owner_person": "Chief of staff", "status": "planned"})  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"].endswith("#milestones")
    [milestone] = _rows(engines, two_tenants.a, select(Milestone))
    done = client.post(
        f"{url}/{milestone.id}", data={"csrf_token": token, "status": "done", "completed_on": "2025-10-02"}
    )
    assert done.status_code == 302
    [milestone] = _rows(engines, two_tenants.a, select(Milestone))
    assert milestone.status is MilestoneStatus.DONE and milestone.completed_on == date(2025, 10, 2)
    text = _text(client.get(f"/t/alpha/priorities/{priority.id}").get_data(as_text=True))
    assert "2 days late" in text
    assert len(_audited(engines, two_tenants.a, "milestone", "update")) == 1
    assert client.post(f"{url}/{milestone.id}", data={"csrf_token": token, "action": "remove"}).status_code == 302
    assert _rows(engines, two_tenants.a, select(Milestone)) == []


def test_replacing_the_delivery_chain(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    priority = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0])
    client, token = _client(app, two_tenants.a_head)
    url = f"/t/alpha/priorities/{priority.id}/chain"
    rows = {"csrf_token": token,
            "links.0.order": "2", "links.0.actor": "Schools", "links.0.weak": "on", "links.0.weakness": "No tutors",
            "links.1.order": "1", "links.1.actor": "Ministry of Education", "links.1.role": "Funds tutors",
            "links.2.order": "3", "links.2.actor": ""}  # fmt: skip
    assert client.post(url, data=rows).status_code == 302
    links = _rows(engines, two_tenants.a, select(ChainLink).order_by(ChainLink.position))
    assert [(link.actor, link.weak) for link in links] == [("Ministry of Education", False), ("Schools", True)]
    # A link without an actor is refused beside its row, and the chain stays as it was.
    refused = client.post(url, data={"csrf_token": token, "links.0.actor": "", "links.0.role": "Teach"})
    assert refused.status_code == 422 and "Name the actor." in refused.get_data(as_text=True)
    assert 'id="chain-links-0-actor-errors"' in refused.get_data(as_text=True)
    assert len(_rows(engines, two_tenants.a, select(ChainLink))) == 2
    # Removing a link
    remove = {"csrf_token": token, "links.0.actor": "Ministry of Education", "links.1.actor": "Schools",
              "links.1.remove": "on"}  # fmt: skip
    assert client.post(url, data=remove).status_code == 302
    assert _rows(engines, two_tenants.a, select(ChainLink.actor)) == ["Ministry of Education"]
    assert len(_audited(engines, two_tenants.a, "delivery_chain", "update")) == 2


def test_budget_programmes_and_their_figures(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    priority = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0])
    client, token = _client(app, two_tenants.a_head)
    base = f"/t/alpha/priorities/{priority.id}/programmes"
    assert client.post(base, data={"csrf_token": token, "code": "", "name": "Tutoring"}).status_code == 422
    assert client.post(base, data={"csrf_token": token, "code": "0456", "name": "Tutoring"}).status_code == 302
    [link] = _rows(engines, two_tenants.a, select(PriorityProgramme))
    entry = f"{base}/{link.programme_id}/entries"
    refused = client.post(entry, data={"csrf_token": token, "period": "March", "allocated": "100", "executed": "5"})
    assert refused.status_code == 422 and "Write the period as 2025-03" in refused.get_data(as_text=True)
    negative = client.post(entry, data={"csrf_token": token, "period": "2025-03", "allocated": "-1", "executed": "0"})
    assert negative.status_code == 422 and "Amounts cannot be negative." in negative.get_data(as_text=True)
    assert _rows(engines, two_tenants.a, select(BudgetEntry)) == []
    ok = client.post(entry, data={"csrf_token": token, "period": "2025-03", "allocated": "2000", "executed": "1500"})
    assert ok.status_code == 302
    [stored] = _rows(engines, two_tenants.a, select(BudgetEntry))
    assert stored.period == date(2025, 3, 1) and stored.allocated == Decimal("2000")
    text = _text(client.get(f"/t/alpha/priorities/{priority.id}").get_data(as_text=True))
    assert "Programme 0456" in text and "75%" in text
    assert len(_audited(engines, two_tenants.a, "budget_entry", "create")) == 1
    # Unlinked, the programme stays recorded and can be linked again.
    assert client.post(f"{base}/{link.programme_id}/unlink", data={"csrf_token": token}).status_code == 302
    assert _rows(engines, two_tenants.a, select(PriorityProgramme)) == []
    relink = client.post(f"{base}/link", data={"csrf_token": token, "programme_id": str(link.programme_id)})
    assert relink.status_code == 302 and len(_rows(engines, two_tenants.a, select(PriorityProgramme))) == 1
