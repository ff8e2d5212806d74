"""The workspace's API for data: entering values, correcting them as new versions, their review, and the
evidence behind them, on PostgreSQL (under RLS) and on SQLite alike."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from entrega.audit.models import AuditEvent
from entrega.db import Engines
from entrega.delivery.measurements import MAX_EVIDENCE_BYTES
from entrega.delivery.models import Indicator
from entrega.tenancy.binding import tenant_session
from tests.conftest import TwoTenants, token_client
from tests.factories import create_indicator, create_priority

API = "/api/v1/t/alpha"
PATH = [(date(2025, m, 1), 10.0 + 2 * m) for m in range(1, 7)]  # 12 in January … 22 in June
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def client(app: Flask, two_tenants: TwoTenants) -> FlaskClient:
    return token_client(app, two_tenants.a_token)


@pytest.fixture
def indicator(engines: Engines, two_tenants: TwoTenants) -> Indicator:
    """A monthly indicator of alpha's health ministry, 10 at the end of 2024, expected to gain 2 a month."""
    priority = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0])
    return create_indicator(engines, two_tenants.a, priority, baseline=(date(2024, 12, 1), 10.0), trajectory=PATH,
                            disaggregation=["sex"])  # fmt: skip


def _submit(client: FlaskClient, indicator: Indicator, period: str, value: float, **fields: Any) -> Any:
    return client.post(
        f"{API}/indicators/{indicator.id}/measurements", json={"period": period, "value": value} | fields
    )


def _entered(client: FlaskClient, indicator: Indicator, period: str, value: float, **fields: Any) -> dict[str, Any]:
    response = _submit(client, indicator, period, value, **fields)
    assert response.status_code == 201, response.json
    return response.json  # type: ignore[no-any-return]


def _errors(response: Any, location: str = "json") -> dict[str, Any]:
    assert response.status_code == 422, (response.status_code, response.json)
    return response.json["errors"][location]  # type: ignore[no-any-return]


def _upload(client: FlaskClient, measurement_id: str, content: bytes, name: str, kind: str) -> Any:
    return client.post(
        f"{API}/measurements/{measurement_id}/evidence",
        data={"file": (io.BytesIO(content), name, kind)},
        content_type="multipart/form-data",
    )


def test_a_value_is_entered_for_a_period_once(client: FlaskClient, indicator: Indicator) -> None:
    entered = _entered(client, indicator, "2025-03", 16.5, source="Clinic returns", note="As expected")
    assert (entered["period"], entered["period_label"], entered["version"]) == ("2025-03-01", "2025-03", 1)
    assert (entered["status"], entered["channel"], entered["source"]) == ("submitted", "api", "Clinic returns")
    assert entered["entered_by"].startswith("head@alpha.example") and entered["breakdown"] == ""
    assert _entered(client, indicator, "2025-02-14", 14.0)["source"] == "Household survey"  # the sheet's source

    again = _submit(client, indicator, "2025-03-31", 17.0)
    assert again.status_code == 409 and "period" in again.json["errors"]["json"]
    assert "period" in _errors(_submit(client, indicator, "March", 17.0))
    assert "value" in _errors(client.post(f"{API}/indicators/{indicator.id}/measurements", json={"period": "2025-04"}))
    assert "value" in _errors(_submit(client, indicator, "2025-04", "lots"))  # type: ignore[arg-type]
    assert "breakdown" in _errors(_submit(client, indicator, "2025-04", 1.0, breakdown="colour=red"))
    assert _entered(client, indicator, "2025-03", 8.0, breakdown="sex=female")["breakdown"] == "sex=female"


def test_a_value_that_puts_the_indicator_off_track_needs_a_note(client: FlaskClient, indicator: Indicator) -> None:
    # March expects 16; 5 is far behind.
    refused = _submit(client, indicator, "2025-03", 5.0)
    assert _errors(refused) == {
        "note": ["This value puts the indicator off track: add a note saying why, and what is being done."]
    }
    assert client.get(f"{API}/indicators/{indicator.id}/measurements").json == []
    assert _entered(client, indicator, "2025-03", 5.0, note="The clinics were closed by a strike.")["value"] == 5.0
    assert _entered(client, indicator, "2025-04", 18.0)["note"] == ""  # on track: no note needed


def test_a_correction_is_a_new_version_and_the_history_keeps_both(
    client: FlaskClient, engines: Engines, two_tenants: TwoTenants, indicator: Indicator
) -> None:
    first = _entered(client, indicator, "2025-01", 12.0)
    _entered(client, indicator, "2025-02", 14.0)
    url = f"{API}/measurements/{first['id']}/corrections"
    assert "note" in _errors(client.post(url, json={"value": 12.4}))
    assert "note" in _errors(client.post(url, json={"value": 12.4, "note": "  "}))
    corrected = client.post(url, json={"value": 12.4, "note": "The registry added late births."})
    assert corrected.status_code == 201, corrected.json
    assert (corrected.json["version"], corrected.json["value"], corrected.json["period"]) == (2, 12.4, "2025-01-01")
    stale = client.post(url, json={"value": 13, "note": "again"})
    assert stale.status_code == 409 and "version" in stale.json["errors"]["json"]

    listing = f"{API}/indicators/{indicator.id}/measurements"
    current = client.get(listing).json
    assert [(m["period_label"], m["version"], m["value"]) for m in current] == [
        ("2025-01", 2, 12.4),
        ("2025-02", 1, 14.0),
    ]
    history = client.get(f"{listing}?history=true").json
    assert [(m["period_label"], m["version"]) for m in history] == [("2025-01", 1), ("2025-01", 2), ("2025-02", 1)]
    assert client.get(f"{API}/measurements/{first['id']}").json["value"] == 12.0  # the first version is intact
    with tenant_session(engines, two_tenants.a.id) as db_session:
        event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "correct")).one()
    assert (event.before["value"], event.after["value"], event.after["version"]) == (12.0, 12.4, 2)


def test_measurements_are_filtered_and_paged(client: FlaskClient, indicator: Indicator) -> None:
    for month in range(1, 5):
        _entered(client, indicator, f"2025-{month:02d}", 10.0 + 2 * month)
    female = _entered(client, indicator, "2025-01", 6.0, breakdown="sex=female")
    client.post(f"{API}/measurements/{female['id']}/review", json={"action": "validate"})
    listing = f"{API}/indicators/{indicator.id}/measurements"

    def periods(query: str) -> list[tuple[str, str]]:
        response = client.get(f"{listing}?{query}")
        assert response.status_code == 200, response.json
        return [(m["period_label"], m["breakdown"]) for m in response.json]

    assert periods("period_from=2025-02&period_to=2025-03-31&breakdown=") == [("2025-02", ""), ("2025-03", "")]
    assert periods("breakdown=sex%3Dfemale") == [("2025-01", "sex=female")]
    assert periods("status=validated") == [("2025-01", "sex=female")]
    assert periods("page_size=2&page=3") == [("2025-04", "")]
    assert "period_from" in _errors(client.get(f"{listing}?period_from=spring"), "query")
    assert "status" in _errors(client.get(f"{listing}?status=approved"), "query")


def test_the_review_workflow(client: FlaskClient, indicator: Indicator) -> None:
    value = _entered(client, indicator, "2025-01", 12.0)
    review = f"{API}/measurements/{value['id']}/review"
    assert "action" in _errors(client.post(review, json={"action": "approve"}))
    assert client.post(review, json={"action": "publish"}).status_code == 409  # not validated yet
    validated = client.post(review, json={"action": "validate"})
    assert validated.status_code == 200 and validated.json["status"] == "validated"
    assert validated.json["reviewed_by"].startswith("head@alpha.example") and validated.json["reviewed_at"]
    assert client.post(review, json={"action": "validate"}).status_code == 409
    assert client.post(review, json={"action": "publish"}).json["status"] == "published"
    refused = client.post(review, json={"action": "return", "reason": "Too late"})
    assert refused.status_code == 409 and refused.json["errors"]["json"] == {
        "action": ["A published value cannot be returned."]
    }

    returned_value = _entered(client, indicator, "2025-02", 14.0)
    back = f"{API}/measurements/{returned_value['id']}/review"
    assert "reason" in _errors(client.post(back, json={"action": "return"}))
    returned = client.post(back, json={"action": "return", "reason": "The total does not add up."})
    assert returned.status_code == 200
    assert (returned.json["status"], returned.json["return_reason"]) == ("returned", "The total does not add up.")
    # A returned period takes a new value, as its next version; the returned one can no longer move.
    resubmitted = _entered(client, indicator, "2025-02", 14.2)
    assert resubmitted["version"] == 2
    assert client.post(back, json={"action": "validate"}).status_code == 409


def test_evidence_is_uploaded_listed_and_downloaded(client: FlaskClient, indicator: Indicator) -> None:
    value = _entered(client, indicator, "2025-01", 12.0)
    uploaded = _upload(client, value["id"], PDF, "Informe de enero.pdf", "application/pdf")
    assert uploaded.status_code == 201, uploaded.json
    assert (uploaded.json["filename"], uploaded.json["content_type"], uploaded.json["size"]) == (
        "Informe de enero.pdf", "application/pdf", len(PDF),
    )  # fmt: skip
    assert uploaded.json["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert [e["id"] for e in client.get(f"{API}/measurements/{value['id']}/evidence").json] == [uploaded.json["id"]]
    assert [e["filename"] for e in client.get(f"{API}/measurements/{value['id']}").json["evidence"]] == [
        "Informe de enero.pdf"
    ]

    download = client.get(f"{API}/evidence/{uploaded.json['id']}")
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "Informe" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("content", "name", "kind", "reason"),
    [
        (b"<script>alert(1)</script>", "page.html", "text/html", "Attach a PDF"),
        (b"\x89PNG\r\n\x1a\n", "report.pdf", "application/pdf", "The file's content does not match its type."),
        (b"", "empty.pdf", "application/pdf", "The file is empty."),
        (b"%PDF" + b"0" * MAX_EVIDENCE_BYTES, "huge.pdf", "application/pdf", "The file is larger than 10 MB."),
    ],
    ids=["wrong-type", "disguised", "empty", "oversized"],
)
def test_evidence_that_is_not_acceptable_is_refused(
    client: FlaskClient, indicator: Indicator, content: bytes, name: str, kind: str, reason: str
) -> None:
    value = _entered(client, indicator, "2025-01", 12.0)
    [message] = _errors(_upload(client, value["id"], content, name, kind))["file"]
    assert message.startswith(reason)
    assert client.get(f"{API}/measurements/{value['id']}/evidence").json == []


def test_an_upload_without_a_file_names_the_field(client: FlaskClient, indicator: Indicator) -> None:
    value = _entered(client, indicator, "2025-01", 12.0)
    response = client.post(f"{API}/measurements/{value['id']}/evidence", data={}, content_type="multipart/form-data")
    assert "file" in _errors(response, "files")
