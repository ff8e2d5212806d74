"""A government's diagnostic pages: open a wave, answer item by item with evidence as the government and as the
technical-assistance team, see both side by side with the difference and the pillar results, close the wave."""

from __future__ import annotations

import re
import uuid

import pytest
from flask import Flask
from flask.testing import FlaskClient

from entrega.db import Engines
from entrega.identity.models import User
from entrega.identity.roles import Role
from tests.conftest import TwoTenants, sign_in_as
from tests.factories import create_member

pytestmark = pytest.mark.plugins("entrega_prodev", "entrega_delivery_capacity")


def _client(app: Flask, user: User) -> tuple[FlaskClient, str]:
    client = sign_in_as(app.test_client(), user, "en")
    page = client.get("/t/alpha/diagnostics")
    assert page.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert token is not None
    return client, token.group(1)


def _open(client: FlaskClient, token: str, instrument: str = "prodev_sep", held_on: str = "2025-05-01") -> str:
    response = client.post(
        "/t/alpha/diagnostics",
        data={"csrf_token": token, "instrument": instrument, "title": "Baseline 2025", "held_on": held_on},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    found = re.search(r"/t/alpha/diagnostics/([0-9a-f-]{36})$", response.headers["Location"])
    assert found is not None
    return found.group(1)


def _answer(client: FlaskClient, token: str, wave: str, item: str, step: str, evidence: str) -> int:
    return client.post(
        f"/t/alpha/diagnostics/{wave}/answers",
        data={"csrf_token": token, "item": item, "step": step, "evidence": evidence},
    ).status_code


def test_the_government_and_technical_assistance_answer_apart_and_see_the_difference(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    head, token = _client(app, two_tenants.a_head)
    wave = _open(head, token)
    page = head.get(f"/t/alpha/diagnostics/{wave}").get_data(as_text=True)
    assert "You answer as the government" in page
    assert "Planning for results" in page and "0 — Not in place" in page  # pillars and the scale's steps
    assert 'type="radio" name="step" value="3"' in page

    assert _answer(head, token, wave, "medium_term_plan", "2", "National Development Plan 2024-2028") == 302
    adviser = create_member(engines, two_tenants.a, Role.CONFIGURATOR, name="Tania Assist")
    ta, ta_token = _client(app, adviser)
    assert "You answer as the technical-assistance team" in ta.get(f"/t/alpha/diagnostics/{wave}").get_data(
        as_text=True
    )
    assert _answer(ta, ta_token, wave, "medium_term_plan", "4", "Plan reviewed with the ministry of planning") == 302

    page = head.get(f"/t/alpha/diagnostics/{wave}").get_data(as_text=True)
    assert "National Development Plan 2024-2028" in page and "Plan reviewed with the ministry of planning" in page
    assert "Technical assistance rates it 2 steps higher than the government." in page
    assert "Incomplete: 7 items unanswered" in page  # planning has eight items; never summarised from one
    # The government's answer stays its own: answering again as the government changes only its answer.
    assert _answer(head, token, wave, "medium_term_plan", "4", "Plan updated") == 302
    page = head.get(f"/t/alpha/diagnostics/{wave}").get_data(as_text=True)
    assert "Both give the same answer." in page and "Plan reviewed with the ministry of planning" in page


def test_a_pillar_with_every_item_answered_shows_its_mean_and_a_rule_of_none_no_summary(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    from entrega.extensions.registry import current_registry

    head, token = _client(app, two_tenants.a_head)
    wave = _open(head, token)
    with app.app_context():
        prodev = current_registry().instruments()["prodev_sep"]
    planning = prodev.pillars[0]
    steps = iter(["1", "2", "3", "2", "2", "3", "3", "3"])  # components: mean(1,2,3)=2, mean(2,2)=2, mean(3,3,3)=3
    for component in planning.components:
        for item in component.items:
            assert _answer(head, token, wave, item.key, next(steps), "Decree 12") == 302
    page = head.get(f"/t/alpha/diagnostics/{wave}").get_data(as_text=True)
    assert "<td>2.3</td>" in page  # the pillar: the mean of its components' means, with one decimal

    capacity = _open(head, token, "delivery_capacity", "2025-06-01")
    page = head.get(f"/t/alpha/diagnostics/{capacity}").get_data(as_text=True)
    assert "No summary: read item by item" in page
    assert "Amber-red" in page and 'fill="#b35c00"' in page  # each step's colour repeats its name


def test_evidence_is_required_a_closed_wave_refuses_answers_and_a_viewer_cannot_post(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    head, token = _client(app, two_tenants.a_head)
    wave = _open(head, token)
    response = head.post(
        f"/t/alpha/diagnostics/{wave}/answers",
        data={"csrf_token": token, "item": "medium_term_plan", "step": "3", "evidence": "   "},
    )
    assert response.status_code == 422
    assert "Give the evidence behind the answer" in response.get_data(as_text=True)
    assert _answer(head, token, wave, "medium_term_plan", "9", "A decree") == 422  # not a step of the scale

    viewer = create_member(engines, two_tenants.a, Role.VIEWER)
    reader, reader_token = _client(app, viewer)
    assert "Save my answer" not in reader.get(f"/t/alpha/diagnostics/{wave}").get_data(as_text=True)
    assert _answer(reader, reader_token, wave, "medium_term_plan", "3", "A decree") == 403
    assert reader.post(f"/t/alpha/diagnostics/{wave}/close", data={"csrf_token": reader_token}).status_code == 403
    assert reader.post("/t/alpha/diagnostics", data={"csrf_token": reader_token, "instrument": "prodev_sep",
                                                     "title": "X", "held_on": "2025-01-01"}).status_code == 403  # fmt: skip

    assert head.post(f"/t/alpha/diagnostics/{wave}/close", data={"csrf_token": token}).status_code == 302
    assert _answer(head, token, wave, "medium_term_plan", "3", "A decree") == 409
    page = head.get(f"/t/alpha/diagnostics/{wave}").get_data(as_text=True)
    assert "Save my answer" not in page and "the answers no longer change" in page
    assert head.post(f"/t/alpha/diagnostics/{wave}/close", data={"csrf_token": token}).status_code == 409


def test_opening_a_wave_explains_what_is_wrong(app: Flask, two_tenants: TwoTenants) -> None:
    head, token = _client(app, two_tenants.a_head)
    response = head.post(
        "/t/alpha/diagnostics", data={"csrf_token": token, "instrument": "pefa", "title": "", "held_on": "2025-02-30"}
    )
    assert response.status_code == 422
    assert "Write the date as YYYY-MM-DD." in response.get_data(as_text=True)
    _open(head, token)
    response = head.post("/t/alpha/diagnostics", data={"csrf_token": token, "instrument": "prodev_sep",
                                                       "title": "Again", "held_on": "2025-05-01"})  # fmt: skip
    assert response.status_code == 409
    listing = head.get("/t/alpha/diagnostics").get_data(as_text=True)
    assert "Baseline 2025" in listing and "Not shared with any bank." in listing


def test_another_governments_wave_is_not_found(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    head, token = _client(app, two_tenants.a_head)
    wave = _open(head, token)
    beta = sign_in_as(app.test_client(), two_tenants.b_head, "en")
    beta_token = re.search(r'name="csrf_token" value="([^"]+)"', beta.get("/t/beta/diagnostics").get_data(as_text=True))
    assert beta_token is not None
    assert beta.get(f"/t/beta/diagnostics/{wave}").status_code == 404  # alpha's wave under beta
    assert _answer_as(beta, beta_token.group(1), wave) == 404
    assert beta.get(f"/t/alpha/diagnostics/{wave}").status_code == 404  # not a member of alpha
    assert head.get(f"/t/alpha/diagnostics/{uuid.uuid4()}").status_code == 404


def _answer_as(client: FlaskClient, token: str, wave: str) -> int:
    return client.post(
        f"/t/beta/diagnostics/{wave}/answers",
        data={"csrf_token": token, "item": "medium_term_plan", "step": "3", "evidence": "x"},
    ).status_code
