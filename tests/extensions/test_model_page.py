"""The technical-assistance page: choose, configure and preview a government's model in the browser."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from entrega.db import Engines
from entrega.identity.roles import Role
from tests.conftest import BUNDLED_MODELS, TwoTenants, sign_in_as, token_client
from tests.factories import create_member

pytestmark = pytest.mark.plugins(*BUNDLED_MODELS)


@pytest.fixture
def client(app: Flask, two_tenants: TwoTenants) -> FlaskClient:
    # alpha's unit head, reading English (the test governments' own default is Spanish)
    return sign_in_as(app.test_client(), two_tenants.a_head, "en")


@pytest.fixture
def api(app: Flask, two_tenants: TwoTenants) -> FlaskClient:
    return token_client(app, two_tenants.a_token)


def _form(client: FlaskClient, path: str) -> tuple[str, str]:
    html = client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token
    return html, token.group(1)


def test_the_page_previews_a_model_before_it_is_chosen(client: FlaskClient, two_tenants: TwoTenants) -> None:
    html, _ = _form(client, "/t/alpha/model?preview=entrega_pmdu")
    assert "No delivery model has been chosen for this government yet." in html
    assert 'name="config.stocktake_every_months"' in html
    assert "Rating scale" in html
    assert "<code>#" in html  # the colour swatches of the scale


def test_saving_a_model_and_its_words(client: FlaskClient, api: FlaskClient, two_tenants: TwoTenants) -> None:
    _, token = _form(client, "/t/alpha/model?preview=entrega_pmdu")
    response = client.post(
        "/t/alpha/model",
        data={
            "csrf_token": token,
            "action": "save",
            "delivery": "entrega_pmdu",
            "config.stocktake_every_months": "3",
            "calendar.fiscal_year_start_month": "7",
            "vocabulary.es.priority.singular": "Compromiso",
            "vocabulary.es.priority.plural": "Compromisos",
        },
    )
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The delivery model was saved." in html
    model = api.get("/api/v1/t/alpha/model").json
    assert model["calendar"] == {"fiscal_year_start_month": 7}
    assert model["vocabulary"] == {"es": {"priority": ["Compromiso", "Compromisos"]}}


def test_an_invalid_setting_is_shown_next_to_its_field_and_nothing_is_saved(
    client: FlaskClient, api: FlaskClient, two_tenants: TwoTenants
) -> None:
    _, token = _form(client, "/t/alpha/model?preview=entrega_pmdu")
    response = client.post(
        "/t/alpha/model",
        data={"csrf_token": token, "action": "save", "delivery": "entrega_pmdu", "config.stocktake_every_months": "9"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was saved" in html
    assert 'aria-invalid="true" aria-describedby="config-stocktake_every_months-errors"' in html
    assert api.get("/api/v1/t/alpha/model").json["delivery"] is None


def test_the_form_refuses_a_post_without_its_csrf_token(
    client: FlaskClient, api: FlaskClient, two_tenants: TwoTenants
) -> None:
    response = client.post("/t/alpha/model", data={"action": "save", "delivery": "entrega_pmdu"})
    assert response.status_code == 400
    assert api.get("/api/v1/t/alpha/model").json["delivery"] is None


def test_the_models_words_replace_the_generic_ones_in_the_navigation(
    client: FlaskClient, two_tenants: TwoTenants
) -> None:
    _, token = _form(client, "/t/alpha/model?preview=entrega_pernambuco")
    client.post("/t/alpha/model", data={"csrf_token": token, "action": "save", "delivery": "entrega_pernambuco",
                                        "vocabulary.es.ministry.singular": "Secretaría",
                                        "vocabulary.es.ministry.plural": "Secretarías"})  # fmt: skip
    html = sign_in_as(client, two_tenants.a_head, "es").get("/t/alpha/").get_data(as_text=True)
    assert ">Secretarías</a>" in html


def test_cloning_another_governments_model(
    app: Flask, client: FlaskClient, engines: Engines, two_tenants: TwoTenants
) -> None:
    # A technical-assistance configurator working in both governments copies one's model onto the other.
    create_member(engines, two_tenants.a, Role.CONFIGURATOR, user=two_tenants.b_head)
    _, token = _form(client, "/t/alpha/model?preview=entrega_chile")
    client.post("/t/alpha/model", data={"csrf_token": token, "action": "save", "delivery": "entrega_chile"})
    beta = sign_in_as(app.test_client(), two_tenants.b_head, "en")
    _, token = _form(beta, "/t/beta/model")
    response = beta.post("/t/beta/model", data={"csrf_token": token, "action": "clone", "source": "alpha"})
    assert response.status_code == 302
    assert token_client(app, two_tenants.b_token).get("/api/v1/t/beta/model").json["delivery"] == "entrega_chile"
