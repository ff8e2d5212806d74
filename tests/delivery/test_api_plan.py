"""The workspace's API for the plan: priorities, indicators and their sheets, baselines, targets, trajectories,
milestones, delivery chains, budget and status, on PostgreSQL (under RLS) and on SQLite alike."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text
from sqlalchemy.exc import ProgrammingError

from entrega.api import UNSTORABLE_TEXT
from entrega.audit.models import AuditEvent
from entrega.db import Engines
from entrega.tenancy.binding import tenant_session
from tests.conftest import TwoTenants, token_client
from tests.factories import create_indicator, create_priority, record_values

API = "/api/v1/t/alpha"
PATH = [(date(2025, m, 1), 10.0 + 2 * m) for m in range(1, 7)]  # 12 in January … 22 in June


@pytest.fixture
def client(app: Flask, two_tenants: TwoTenants) -> FlaskClient:
    """alpha's unit head, through the API with a bearer token."""
    return token_client(app, two_tenants.a_token)


def _etag(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.json
    return response.headers["ETag"]


def _priority(client: FlaskClient, two: TwoTenants, **fields: Any) -> dict[str, Any]:
    payload = {"code": "P-01", "name": {"es": "Mortalidad infantil", "en": "Child mortality"},
               "owner_ministry_id": str(two.a_ministries[0].id)} | fields  # fmt: skip
    response = client.post(f"{API}/priorities", json=payload)
    assert response.status_code == 201, response.json
    return response.json  # type: ignore[no-any-return]


def _indicator(client: FlaskClient, priority: dict[str, Any], **fields: Any) -> dict[str, Any]:
    payload = {"code": "I-01", "name": {"es": "Tasa de vacunación"}, "priority_id": priority["id"],
               "owner_ministry_id": priority["owner_ministry_id"], "unit": "%", "source": "Registry",
               "frequency": "monthly"} | fields  # fmt: skip
    response = client.post(f"{API}/indicators", json=payload)
    assert response.status_code == 201, response.json
    return response.json  # type: ignore[no-any-return]


def _errors(response: Any, location: str = "json") -> dict[str, Any]:
    assert response.status_code == 422, (response.status_code, response.json)
    return response.json["errors"][location]  # type: ignore[no-any-return]


# ---- priorities ------------------------------------------------------------------------------------------


def test_priorities_are_created_listed_in_pages_and_filtered(
    client: FlaskClient, app: Flask, two_tenants: TwoTenants
) -> None:
    health, agency = two_tenants.a_ministries
    first = _priority(client, two_tenants, sdg_targets=["4.1", "3.2"], aim="Fewer children die.")
    _priority(client, two_tenants, code="P-02", name={"es": "Escuelas"}, owner_ministry_id=str(agency.id),
              sdg_targets=["4.1"])  # fmt: skip
    _priority(client, two_tenants, code="P-03", name={"es": "Caminos rurales"}, sdg_targets=["9.1"])
    assert first["sdg_targets"] == ["3.2", "4.1"] and first["position"] == 1 and first["aim"] == "Fewer children die."

    page = client.get(f"{API}/priorities?page_size=2&page=2")
    assert [p["code"] for p in page.json] == ["P-03"]
    assert '"total": 3' in page.headers["X-Pagination"]
    beyond = client.get(f"{API}/priorities?page={2**70}")  # an OFFSET past what the database can count
    assert beyond.status_code == 200 and beyond.json == []

    def codes(query: str) -> list[str]:
        response = client.get(f"{API}/priorities?{query}")
        assert response.status_code == 200, response.json
        return [p["code"] for p in response.json]

    assert codes(f"owner_ministry_id={agency.id}") == ["P-02"]
    assert codes(f"owner_ministry_id={health.id}") == ["P-01", "P-03"]
    assert codes("q=MORTALIDAD") == ["P-01"]
    assert codes("q=p-0") == ["P-01", "P-02", "P-03"]
    assert codes("q=100%25") == []  # a literal %, not a wildcard
    assert codes("sdg=4.1") == ["P-01", "P-02"]
    assert codes("sdg=3.2&q=escuelas") == []
    assert "sdg" in _errors(client.get(f"{API}/priorities?sdg=99"), "query")
    # beta's unit head sees none of alpha's priorities
    assert token_client(app, two_tenants.b_token).get("/api/v1/t/beta/priorities").json == []


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"code": None}, "code", "Field may not be null."),
        ({"code": "bad code!"}, "code", "Use 1 to 32 letters"),
        ({"code": "P-00"}, "code", "Another one of this government already uses the code 'P-00'."),
        ({"name": {"pt": "x"}}, "name", "Not one of this government's languages (es, en): pt."),
        ({"name": {}}, "name", "Give the text in at least one language."),
        ({"sdg_targets": ["3.2", "18.1"]}, "sdg_targets", "Not an SDG target"),
        ({"sponsor": "x" * 201}, "sponsor", "Longer than maximum length 200."),
        ({"position": -1}, "position", "Must be greater than or equal to 0."),
        ({"position": 2**31}, "position", "Must be less than or equal to 2147483647."),
        ({"aim": "before\x00after"}, "aim", UNSTORABLE_TEXT),  # PostgreSQL cannot store NUL
        ({"sponsor": "\ud800"}, "sponsor", UNSTORABLE_TEXT),  # nor can UTF-8 encode a lone surrogate
        ({"extra": {"anything": 1}}, "extra", ""),
        ({"owner_ministry_id": "not-a-uuid"}, "owner_ministry_id", "Not a valid UUID."),
        ({"colour": "red"}, "colour", "Unknown field."),
    ],
)
def test_bad_priorities_name_the_field_and_store_nothing(
    client: FlaskClient, two_tenants: TwoTenants, fields: dict[str, Any], field: str, reason: str
) -> None:
    _priority(client, two_tenants, code="P-00")
    payload = {"code": "P-01", "name": {"es": "x"}, "owner_ministry_id": str(two_tenants.a_ministries[0].id)} | fields
    errors = _errors(client.post(f"{API}/priorities", json=payload))
    assert any(message.startswith(reason) for message in errors[field]), errors
    assert len(client.get(f"{API}/priorities").json) == 1


def test_a_ministry_of_another_government_is_a_field_error(client: FlaskClient, two_tenants: TwoTenants) -> None:
    payload = {"code": "P-01", "name": {"es": "x"}, "owner_ministry_id": str(two_tenants.b_ministries[0].id)}
    assert _errors(client.post(f"{API}/priorities", json=payload)) == {
        "owner_ministry_id": ["No ministry of this government has that id."]
    }


def test_edits_need_the_current_etag_and_are_audited_before_and_after(
    client: FlaskClient, engines: Engines, two_tenants: TwoTenants
) -> None:
    priority = _priority(client, two_tenants, sponsor="The minister")
    url = f"{API}/priorities/{priority['id']}"
    assert client.patch(url, json={"sponsor": "The vice-minister"}).status_code == 428
    stale = _etag(client, url)
    first = client.patch(url, json={"sponsor": "The vice-minister"}, headers={"If-Match": stale})
    assert first.status_code == 200 and first.json["sponsor"] == "The vice-minister"
    assert first.json["code"] == "P-01"  # a PATCH changes only what it names
    second = client.patch(url, json={"sponsor": "Someone else"}, headers={"If-Match": stale})
    assert second.status_code == 412
    assert client.get(url).json["sponsor"] == "The vice-minister"
    # The ETag a PATCH answers with is the one the next edit needs.
    assert first.headers["ETag"] == _etag(client, url)
    with tenant_session(engines, two_tenants.a.id) as db_session:
        event = db_session.scalars(
            select(AuditEvent).where(AuditEvent.entity_id == priority["id"], AuditEvent.action == "update")
        ).one()
    assert event.entity == "priority"
    assert (event.before["sponsor"], event.after["sponsor"]) == ("The minister", "The vice-minister")
    assert event.actor.startswith("head@alpha.example")

    assert client.delete(url).status_code == 428
    assert client.delete(url, headers={"If-Match": stale}).status_code == 412
    assert client.delete(url, headers={"If-Match": first.headers["ETag"]}).status_code == 204
    assert client.get(url).status_code == 404


def test_a_priority_with_indicators_cannot_be_deleted(client: FlaskClient, two_tenants: TwoTenants) -> None:
    priority = _priority(client, two_tenants)
    _indicator(client, priority)
    url = f"{API}/priorities/{priority['id']}"
    refused = client.delete(url, headers={"If-Match": _etag(client, url)})
    assert refused.status_code == 409
    assert refused.json["errors"]["json"]["priority_id"]


# ---- indicators and their sheets -------------------------------------------------------------------------


def test_indicators_are_created_listed_and_filtered(client: FlaskClient, two_tenants: TwoTenants) -> None:
    first_priority = _priority(client, two_tenants)
    second_priority = _priority(client, two_tenants, code="P-02", owner_ministry_id=str(two_tenants.a_ministries[1].id))
    created = _indicator(client, first_priority, definition="Share of children vaccinated", polarity="up",
                         disaggregation=["sex", "region"])  # fmt: skip
    assert created["baseline"] is None and created["target"] is None and created["trajectory_points"] == 0
    assert (created["accumulation"], created["decimals"], created["disaggregation"]) == ("level", 1, ["sex", "region"])
    _indicator(client, first_priority, code="I-02", name={"es": "Partos atendidos"}, frequency="quarterly")
    _indicator(client, second_priority, code="I-03", name={"es": "Escuelas abiertas"})

    def codes(query: str) -> list[str]:
        response = client.get(f"{API}/indicators?{query}")
        assert response.status_code == 200, response.json
        return [i["code"] for i in response.json]

    assert codes("") == ["I-01", "I-02", "I-03"]
    assert codes(f"priority_id={first_priority['id']}") == ["I-01", "I-02"]
    assert codes(f"owner_ministry_id={two_tenants.a_ministries[1].id}") == ["I-03"]
    assert codes("frequency=quarterly") == ["I-02"]
    assert codes("q=escuelas") == ["I-03"]
    assert codes("page_size=1&page=3") == ["I-03"]
    assert "frequency" in _errors(client.get(f"{API}/indicators?frequency=hourly"), "query")

    sheet = client.get(f"{API}/indicators/{created['id']}").json
    assert sheet["definition"] == "Share of children vaccinated" and sheet["unit"] == "%"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"polarity": "sideways"}, "polarity"),
        ({"frequency": "hourly"}, "frequency"),
        ({"decimals": 9}, "decimals"),
        ({"unit": "x" * 41}, "unit"),
        ({"priority_id": None}, "priority_id"),
        ({"code": "I 01"}, "code"),
    ],
)
def test_bad_indicators_name_the_field(
    client: FlaskClient, two_tenants: TwoTenants, fields: dict[str, Any], field: str
) -> None:
    priority = _priority(client, two_tenants)
    payload = {"code": "I-01", "name": {"es": "x"}, "priority_id": priority["id"],
               "owner_ministry_id": priority["owner_ministry_id"]} | fields  # fmt: skip
    assert field in _errors(client.post(f"{API}/indicators", json=payload))


def test_an_indicator_of_another_governments_priority_is_refused(
    client: FlaskClient, engines: Engines, two_tenants: TwoTenants
) -> None:
    foreign = create_priority(engines, two_tenants.b, two_tenants.b_ministries[0])
    payload = {"code": "I-01", "name": {"es": "x"}, "priority_id": str(foreign.id),
               "owner_ministry_id": str(two_tenants.a_ministries[0].id)}  # fmt: skip
    assert _errors(client.post(f"{API}/indicators", json=payload)) == {
        "priority_id": ["No priority of this government has that id."]
    }


def test_an_indicator_sheet_is_patched_with_its_etag_and_its_meaning_is_fixed_once_it_has_data(
    client: FlaskClient, engines: Engines, two_tenants: TwoTenants
) -> None:
    priority = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0])
    indicator = create_indicator(engines, two_tenants.a, priority, baseline=(date(2024, 12, 1), 10.0),
                                 target=(date(2025, 12, 1), 30.0))  # fmt: skip
    url = f"{API}/indicators/{indicator.id}"
    sheet = client.get(url).json
    assert sheet["baseline"]["value"] == 10.0 and sheet["baseline"]["period_label"] == "2024-12"
    assert sheet["target"]["due"] == "2025-12-01" and sheet["target"]["revision"] == 1
    assert client.patch(url, json={"formula": "a / b"}).status_code == 428
    etag = _etag(client, url)
    changed = client.patch(url, json={"formula": "a / b", "polarity": "down"}, headers={"If-Match": etag})
    assert changed.status_code == 200 and changed.json["formula"] == "a / b"
    assert client.patch(url, json={"formula": "c"}, headers={"If-Match": etag}).status_code == 412

    record_values(engines, two_tenants.a, indicator, [(date(2025, 1, 1), 12.0)])
    refused = client.patch(url, json={"frequency": "quarterly"}, headers={"If-Match": _etag(client, url)})
    assert refused.status_code == 409 and "frequency" in refused.json["errors"]["json"]


# ---- baseline, targets, trajectory -----------------------------------------------------------------------


def test_a_baseline_is_set_once(client: FlaskClient, two_tenants: TwoTenants) -> None:
    indicator = _indicator(client, _priority(client, two_tenants))
    url = f"{API}/indicators/{indicator['id']}/baseline"
    assert client.get(url).status_code == 404
    assert "period" in _errors(client.put(url, json={"value": 10, "period": "last year"}))
    assert "value" in _errors(client.put(url, json={"period": "2024-12"}))
    created = client.put(url, json={"value": 10, "period": "2024-12-17", "source": "Census"})
    assert created.status_code == 201, created.json
    assert created.json["period"] == "2024-12-01" and created.json["period_label"] == "2024-12"
    assert created.json["set_by"].startswith("head@alpha.example")
    again = client.put(url, json={"value": 11, "period": "2024-12"})
    assert again.status_code == 409 and "value" in again.json["errors"]["json"]
    assert client.get(url).json["value"] == 10.0


def test_the_application_role_cannot_overwrite_baselines_or_values_even_in_sql(
    pg_engines: Engines, pg_two_tenants: TwoTenants
) -> None:
    tenant = pg_two_tenants.a
    priority = create_priority(pg_engines, tenant, pg_two_tenants.a_ministries[0])
    indicator = create_indicator(pg_engines, tenant, priority, baseline=(date(2024, 12, 1), 10.0),
                                 target=(date(2025, 12, 1), 30.0))  # fmt: skip
    record_values(pg_engines, tenant, indicator, [(date(2025, 1, 1), 12.0)])
    for statement in (
        "UPDATE baselines SET value = 1",
        "DELETE FROM baselines",
        "UPDATE target_revisions SET value = 1",
        "UPDATE measurements SET value = 1",
    ):
        with tenant_session(pg_engines, tenant.id) as db_session, pytest.raises(ProgrammingError) as raised:
            db_session.execute(text(statement))
        assert type(raised.value.orig).__name__ == "InsufficientPrivilege", statement
    # Only the review columns move.
    with tenant_session(pg_engines, tenant.id) as db_session:
        assert db_session.execute(text("UPDATE measurements SET status = 'validated'")).rowcount == 1
        db_session.commit()
        assert db_session.scalar(text("SELECT value FROM baselines")) == 10.0


def test_target_revisions_keep_the_original(client: FlaskClient, two_tenants: TwoTenants) -> None:
    indicator = _indicator(client, _priority(client, two_tenants))
    client.put(f"{API}/indicators/{indicator['id']}/baseline", json={"value": 10, "period": "2024-12"})
    url = f"{API}/indicators/{indicator['id']}/targets"
    assert "due" in _errors(client.post(url, json={"value": 30, "due": "2024-06"}))  # before the baseline
    original = client.post(url, json={"value": 30, "due": "2025-12"})
    assert original.status_code == 201 and original.json["revision"] == 1 and original.json["due_label"] == "2025-12"
    assert "reason" in _errors(client.post(url, json={"value": 25, "due": "2026-06"}))
    revised = client.post(url, json={"value": 25, "due": "2026-06", "reason": "The budget was cut by a third."})
    assert revised.status_code == 201 and revised.json["revision"] == 2

    history = client.get(url).json
    assert [(t["revision"], t["value"], t["due"], t["reason"]) for t in history] == [
        (1, 30.0, "2025-12-01", ""),
        (2, 25.0, "2026-06-01", "The budget was cut by a third."),
    ]
    assert all(t["set_by"].startswith("head@alpha.example") and t["set_at"] for t in history)
    sheet = client.get(f"{API}/indicators/{indicator['id']}").json
    assert (sheet["target"]["value"], sheet["target_revisions"]) == (25.0, 2)


def test_a_trajectory_is_replaced_whole_with_its_etag(
    client: FlaskClient, engines: Engines, two_tenants: TwoTenants
) -> None:
    priority = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0])
    indicator = create_indicator(engines, two_tenants.a, priority, baseline=(date(2024, 12, 1), 10.0))
    url = f"{API}/indicators/{indicator.id}/trajectory"
    assert client.get(url).json == {"indicator_id": str(indicator.id), "points": []}
    points = [{"period": f"2025-{m:02d}", "expected": 10.0 + 2 * m} for m in range(1, 4)]
    assert client.put(url, json={"points": points}).status_code == 428
    etag = _etag(client, url)
    saved = client.put(url, json={"points": points}, headers={"If-Match": etag})
    assert saved.status_code == 200, saved.json
    assert saved.json["points"] == [
        {"period": "2025-01-01", "period_label": "2025-01", "expected": 12.0},
        {"period": "2025-02-01", "period_label": "2025-02", "expected": 14.0},
        {"period": "2025-03-01", "period_label": "2025-03", "expected": 16.0},
    ]
    assert client.put(url, json={"points": points[:1]}, headers={"If-Match": etag}).status_code == 412
    fresh = {"If-Match": saved.headers["ETag"]}
    assert _errors(client.put(url, json={"points": [{"period": "someday", "expected": 1}]}, headers=fresh)) == {
        "points": {"0": {"period": [_errors_text("someday")]}}
    }
    before_baseline = client.put(url, json={"points": [{"period": "2024-11", "expected": 9}]}, headers=fresh)
    assert "points" in _errors(before_baseline)
    assert len(client.get(url).json["points"]) == 3
    assert client.get(f"{API}/indicators/{indicator.id}").json["trajectory_points"] == 3


def _errors_text(text: str) -> str:
    return f"{text!r} is not a period: write 2025-03, 2025-Q1, 2025-S1, 2025, 2025-W05 or 2025-03-01."


def test_a_drawn_trajectory_is_a_preview_that_is_not_saved(
    client: FlaskClient, engines: Engines, two_tenants: TwoTenants
) -> None:
    priority = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0])
    bare = create_indicator(engines, two_tenants.a, priority)
    assert client.post(f"{API}/indicators/{bare.id}/trajectory/draft", json={}).status_code == 409
    indicator = create_indicator(engines, two_tenants.a, priority, baseline=(date(2024, 12, 1), 10.0),
                                 target=(date(2025, 12, 1), 30.0))  # fmt: skip
    url = f"{API}/indicators/{indicator.id}/trajectory/draft"

    s_curve = client.post(url, json={"shape": "s_curve"})
    assert s_curve.status_code == 200, s_curve.json
    points = s_curve.json["points"]
    assert [p["period_label"] for p in points] == [f"2025-{m:02d}" for m in range(1, 13)]
    values = [p["expected"] for p in points]
    assert all(10.0 < v < 30.0 for v in values[:-1]) and values[-1] == pytest.approx(30.0)
    assert all(a < b for a, b in itertools.pairwise(values))
    steps = [b - a for a, b in itertools.pairwise([10.0, *values])]
    assert steps[5] > steps[0] and steps[5] > steps[-1]  # slow, then fast, then slow

    linear = client.post(url, json={"shape": "linear", "end_period": "2025-06", "end_value": 22}).json["points"]
    assert [p["expected"] for p in linear] == pytest.approx([12.0, 14.0, 16.0, 18.0, 20.0, 22.0])
    assert "end_period" in _errors(client.post(url, json={"end_period": "2024-06"}))
    assert "shape" in _errors(client.post(url, json={"shape": "zigzag"}))
    assert "steepness" in _errors(client.post(url, json={"steepness": 0}))
    assert client.get(f"{API}/indicators/{indicator.id}/trajectory").json["points"] == []

    # What a client previews it can save as it is.
    trajectory = f"{API}/indicators/{indicator.id}/trajectory"
    saved = client.put(trajectory, json={"points": [{"period": p["period"], "expected": p["expected"]} for p in points]},
                       headers={"If-Match": _etag(client, trajectory)})  # fmt: skip
    assert saved.status_code == 200 and len(saved.json["points"]) == 12


# ---- milestones, chain, budget ---------------------------------------------------------------------------


def test_milestones_are_planned_and_edited_with_their_etag(client: FlaskClient, two_tenants: TwoTenants) -> None:
    priority = _priority(client, two_tenants)
    url = f"{API}/priorities/{priority['id']}/milestones"
    assert "completed_on" in _errors(client.post(url, json={"title": "Law passed", "due_on": "2025-03-31",
                                                            "status": "done"}))  # fmt: skip
    assert "status" in _errors(client.post(url, json={"title": "x", "due_on": "2025-03-31", "status": "late"}))
    first = client.post(url, json={"title": "Law passed", "due_on": "2025-03-31",
                                   "owner_ministry_id": str(two_tenants.a_ministries[0].id)})  # fmt: skip
    assert first.status_code == 201 and first.json["status"] == "planned"
    client.post(url, json={"title": "Clinics open", "due_on": "2025-01-15"})
    assert [m["title"] for m in client.get(url).json] == ["Clinics open", "Law passed"]

    milestone_url = f"{API}/milestones/{first.json['id']}"
    assert client.patch(milestone_url, json={"status": "in_progress"}).status_code == 428
    etag = _etag(client, milestone_url)
    done = client.patch(
        milestone_url, json={"status": "done", "completed_on": "2025-03-20"}, headers={"If-Match": etag}
    )
    assert done.status_code == 200 and done.json["completed_on"] == "2025-03-20"
    assert client.delete(milestone_url, headers={"If-Match": etag}).status_code == 412
    assert client.delete(milestone_url, headers={"If-Match": done.headers["ETag"]}).status_code == 204
    assert [m["title"] for m in client.get(url).json] == ["Clinics open"]


def test_the_delivery_chain_is_replaced_whole_with_its_etag(client: FlaskClient, two_tenants: TwoTenants) -> None:
    priority = _priority(client, two_tenants)
    url = f"{API}/priorities/{priority['id']}/chain"
    links = [
        {"actor": "Ministry of Health", "ministry_id": str(two_tenants.a_ministries[0].id)},
        {"actor": "Regional health services", "role": "Staff the clinics"},
        {"actor": "Clinic nurses", "weak": True, "weakness": "A third of posts are vacant."},
    ]
    assert client.put(url, json={"links": links}).status_code == 428
    saved = client.put(url, json={"links": links}, headers={"If-Match": _etag(client, url)})
    assert saved.status_code == 200, saved.json
    assert [(link["position"], link["actor"], link["weak"]) for link in saved.json["links"]] == [
        (0, "Ministry of Health", False), (1, "Regional health services", False), (2, "Clinic nurses", True),
    ]  # fmt: skip
    fresh = {"If-Match": saved.headers["ETag"]}
    assert "links" in _errors(client.put(url, json={"links": [{"actor": ""}]}, headers=fresh))
    foreign = [{"actor": "x", "ministry_id": str(two_tenants.b_ministries[0].id)}]
    assert _errors(client.put(url, json={"links": foreign}, headers=fresh))["links"]["0"]["ministry_id"]
    assert client.put(url, json={"links": links[:1]}, headers=fresh).status_code == 200
    assert client.put(url, json={"links": links}, headers=fresh).status_code == 412
    assert [link["actor"] for link in client.get(url).json["links"]] == ["Ministry of Health"]


def test_budget_programmes_entries_and_links(client: FlaskClient, two_tenants: TwoTenants) -> None:
    url = f"{API}/budget-programmes"
    created = client.post(url, json={"code": "PR-01", "name": "Child health",
                                     "ministry_id": str(two_tenants.a_ministries[0].id)})  # fmt: skip
    assert created.status_code == 201, created.json
    client.post(url, json={"code": "PR-02", "name": "Rural roads"})
    assert "code" in _errors(client.post(url, json={"code": "PR-01", "name": "Again"}))
    assert "name" in _errors(client.post(url, json={"code": "PR-03"}))
    assert [p["code"] for p in client.get(f"{url}?q=roads").json] == ["PR-02"]
    assert [p["code"] for p in client.get(f"{url}?ministry_id={two_tenants.a_ministries[0].id}").json] == ["PR-01"]
    programme = f"{url}/{created.json['id']}"
    assert client.get(programme).json["name"] == "Child health"

    entries = f"{programme}/entries"
    assert client.put(entries, json={"period": "2025-01-01", "allocated": "1200.50"}).json == {
        "period": "2025-01-01", "allocated": "1200.50", "executed": "0.00",
    }  # fmt: skip
    client.put(entries, json={"period": "2025-01-01", "allocated": 1200, "executed": 300})
    client.put(entries, json={"period": "2025-02-01", "allocated": 800, "executed": 100})
    assert [(e["period"], e["executed"]) for e in client.get(entries).json] == [
        ("2025-01-01", "300.00"), ("2025-02-01", "100.00"),
    ]  # fmt: skip
    assert "allocated" in _errors(client.put(entries, json={"period": "2025-03-01", "allocated": -1}))
    assert _errors(client.put(entries, json={"period": "2025-03-01", "allocated": 0, "executed": "1e16"})) == {
        "executed": ["Amounts go up to 9999999999999999.99."]
    }
    assert "period" in _errors(client.put(entries, json={"period": "March", "allocated": 1}))

    priority = _priority(client, two_tenants)
    links = f"{API}/priorities/{priority['id']}/programmes"
    assert client.post(links, json={"programme_id": created.json["id"]}).status_code == 201
    assert client.post(links, json={"programme_id": created.json["id"]}).status_code == 201  # once is enough
    assert [p["code"] for p in client.get(links).json] == ["PR-01"]
    assert client.delete(f"{links}/{created.json['id']}").status_code == 204
    assert client.get(links).json == []


# ---- status and early warning ----------------------------------------------------------------------------


def test_status_shows_ratings_warnings_and_quality_worst_first(
    client: FlaskClient, engines: Engines, two_tenants: TwoTenants
) -> None:
    ministry = two_tenants.a_ministries[0]
    calm = create_priority(engines, two_tenants.a, ministry, code="CALM")
    troubled = create_priority(engines, two_tenants.a, ministry, code="TROUBLED")
    on_path = create_indicator(engines, two_tenants.a, calm, baseline=(date(2024, 12, 1), 10.0), trajectory=PATH)
    behind = create_indicator(engines, two_tenants.a, troubled, baseline=(date(2024, 12, 1), 10.0), trajectory=PATH)
    record_values(engines, two_tenants.a, on_path, [(date(2025, m, 1), 10.0 + 2 * m) for m in range(1, 5)])
    record_values(engines, two_tenants.a, behind, [(date(2025, 1, 1), 12.0), (date(2025, 2, 1), 12.0),
                                                   (date(2025, 3, 1), 12.0), (date(2025, 4, 1), 11.0)], note="strike")  # fmt: skip

    status = client.get(f"{API}/priorities/{troubled.id}/status?as_of=2025-06-15")
    assert status.status_code == 200, status.json
    body = status.json
    assert (body["code"], body["rating"], body["level"]) == ("TROUBLED", "off_track", "alert")
    reasons = {(r["signal"], r["subject"]) for r in body["reasons"]}
    assert ("off_trajectory", behind.code) in reasons and ("worsening", behind.code) in reasons
    off = next(r for r in body["reasons"] if r["signal"] == "off_trajectory")
    assert off["detail"] == {"rating": "off_track", "actual": 11.0, "expected": 18.0}
    [indicator] = body["indicators"]
    assert indicator["rating"] == "off_track" and indicator["progress"] == 11.0 and indicator["expected"] == 18.0
    assert (indicator["latest_period"], indicator["latest_period_label"]) == ("2025-04-01", "2025-04")
    assert set(indicator["quality"]) == {"sheet", "timeliness", "completeness", "evidence", "score"}
    assert 0 <= indicator["quality"]["score"] <= 100 and body["quality"] == indicator["quality"]["score"]

    overview = client.get(f"{API}/status?as_of=2025-06-15")
    assert [(p["code"], p["level"]) for p in overview.json] == [("TROUBLED", "alert"), ("CALM", "clear")]
    assert overview.json[1]["indicators"][0]["rating"] == "on_track"
    second_page = client.get(f"{API}/status?as_of=2025-06-15&page_size=1&page=2")
    assert [p["code"] for p in second_page.json] == ["CALM"] and '"total": 2' in second_page.headers["X-Pagination"]
    assert client.get(f"{API}/status").status_code == 200  # today, in the government's time zone
    assert "as_of" in _errors(client.get(f"{API}/status?as_of=soon"), "query")


def test_the_openapi_document_describes_the_workspace(app: Flask) -> None:
    document = app.test_client().get("/api/v1/openapi.json").json
    paths = document["paths"]
    assert "/api/v1/t/{tenant_slug}/indicators/{indicator_id}/trajectory/draft" in paths
    upload = paths["/api/v1/t/{tenant_slug}/measurements/{measurement_id}/evidence"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    patch = paths["/api/v1/t/{tenant_slug}/priorities/{priority_id}"]["patch"]
    assert {"412", "428"} <= set(patch["responses"])
    assert {"Priority", "IndicatorSheet", "Measurement", "PriorityStatus"} <= set(document["components"]["schemas"])
    # X-Pagination is the page's metadata as JSON, not an object in the `simple` style of headers.
    listed = paths["/api/v1/t/{tenant_slug}/priorities"]["get"]["responses"]["200"]["headers"]["X-Pagination"]
    header = document["components"]["headers"][listed["$ref"].rsplit("/", 1)[1]]
    assert header["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/PaginationMetadata"}
    assert paths["/api/v1/plugins"]["get"]["security"] == []  # the one operation open without a token
