"""The data pages: the indicator sheet and its forms, data entry by the ministries, and the review queue,
on both backends, through the pages as a person would use them (CSRF tokens included)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from entrega.db import Engines
from entrega.delivery.models import Baseline, Evidence, Indicator, Measurement, TargetRevision, TrajectoryPoint
from entrega.identity.models import User
from entrega.identity.roles import Role
from entrega.tenancy.binding import tenant_session
from tests.conftest import TwoTenants, sign_in_as
from tests.factories import create_indicator, create_member, create_priority, record_values

PATH = [(date(2026, m, 1), 10.0 + 2 * m) for m in range(1, 13)]  # 12 in January 2026 … 34 in December
PDF = b"%PDF-1.4\n% a signed report\n"


def _client(app: Flask, user: User) -> FlaskClient:
    return sign_in_as(app.test_client(), user, locale="en")


def _post(client: FlaskClient, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """Post a form with the session's CSRF token, as the page's own form would."""
    html = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token
    return client.post(url, data={"csrf_token": token.group(1), **(data or {})}, **kwargs)


def _count(engines: Engines, tenant_id: Any, cls: type) -> int:
    with tenant_session(engines, tenant_id) as db_session:
        return int(db_session.scalar(select(func.count()).select_from(cls)) or 0)


def _indicator(engines: Engines, two: TwoTenants, **overrides: Any) -> Indicator:
    priority = create_priority(engines, two.a, two.a_ministries[0])
    values: dict[str, Any] = {"baseline": (date(2025, 12, 1), 10.0), "target": (date(2026, 12, 1), 34.0),
                              "trajectory": PATH}  # fmt: skip
    values.update(overrides)
    return create_indicator(engines, two.a, priority, **values)


def _html(response: Any) -> str:
    return str(response.get_data(as_text=True))


# ---- the sheet ---------------------------------------------------------------------------------------------


def test_the_sheet_shows_the_technical_sheet_status_chart_values_and_their_history(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    indicator = _indicator(engines, two_tenants, definition="Children vaccinated by age one", formula="a / b * 100",
                           owner_person="Dr. Ruiz", disaggregation=["sex", "region"])  # fmt: skip
    [first, *_rest] = record_values(
        engines, two_tenants.a, indicator, [(date(2026, 1, 1), 12.0), (date(2026, 2, 1), 14.0)], status="published"
    )
    client = _client(app, two_tenants.a_head)
    correction = _post(client, f"/t/alpha/measurements/{first.id}/correct",
                       {"value": "12.5", "note": "The registry closed late", "origin": "sheet"})  # fmt: skip
    assert correction.status_code == 302 and correction.headers["Location"].endswith("#values")
    upload = _post(client, f"/t/alpha/measurements/{first.id}/evidence",
                   {"file": (__import__("io").BytesIO(PDF), "report.pdf", "application/pdf")},
                   content_type="multipart/form-data")  # fmt: skip
    assert upload.status_code == 302

    response = client.get(f"/t/alpha/indicators/{indicator.id}")
    html = _html(response)
    assert response.status_code == 200
    for text in ("Children vaccinated by age one", "a / b * 100", "Dr. Ruiz", "sex, region", "Household survey",
                 "Up is good", "Monthly", "Level: each value", "Timeliness", "Completeness", "Evidence",
                 "Technical sheet", "Original"):  # fmt: skip
        assert text in html, text
    assert f'href="/t/alpha/priorities/{indicator.priority_id}"' in html  # back to the priority
    assert "<svg" in html and 'role="img"' in html  # the trajectory chart, with its data table
    assert "History: 2 versions" in html and "Version 1" in html and "Version 2" in html
    assert "The registry closed late" in html
    assert "report.pdf" in html and "/t/alpha/evidence/" in html
    assert "Missing" in html  # March and later are due without a value
    assert 'style="' not in html and "<script>" not in html  # nothing the page's CSP would refuse


def test_a_viewer_reads_the_sheet_without_its_forms_and_cannot_post(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    indicator = _indicator(engines, two_tenants)
    viewer = _client(app, create_member(engines, two_tenants.a, Role.VIEWER))
    html = _html(viewer.get(f"/t/alpha/indicators/{indicator.id}"))
    assert "Set the trajectory" not in html and "Edit the technical sheet" not in html
    for url, data in ((f"/t/alpha/indicators/{indicator.id}/target", {"value": "40", "due": "2027-06", "reason": "x"}),
                      (f"/t/alpha/indicators/{indicator.id}/values", {"period": "2026-01-01", "value": "12"}),
                      (f"/t/alpha/indicators/{indicator.id}/edit", {"code": "X"})):  # fmt: skip
        assert _post(viewer, url, data).status_code == 403
    assert viewer.get("/t/alpha/data").status_code == 403
    assert viewer.get("/t/alpha/review").status_code == 403
    assert _count(engines, two_tenants.a.id, TargetRevision) == 1


def test_another_governments_ids_are_not_found(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    priority = create_priority(engines, two_tenants.b, two_tenants.b_ministries[0])
    theirs = create_indicator(engines, two_tenants.b, priority)
    [value] = record_values(engines, two_tenants.b, theirs, [(date(2026, 1, 1), 5.0)])
    client = _client(app, two_tenants.a_head)
    assert client.get(f"/t/alpha/indicators/{theirs.id}").status_code == 404
    assert client.get(f"/t/alpha/indicators/{theirs.id}/edit").status_code == 404
    assert client.get(f"/t/alpha/priorities/{priority.id}/indicators/new").status_code == 404
    assert _post(client, f"/t/alpha/measurements/{value.id}/review", {"action": "validate"}).status_code == 404
    assert _post(client, f"/t/alpha/measurements/{value.id}/correct", {"value": "1", "note": "x"}).status_code == 404
    assert (
        _post(client, f"/t/alpha/indicators/{theirs.id}/values", {"period": "2026-02-01", "value": "1"}).status_code
        == 404
    )


def test_posting_without_the_csrf_token_is_refused(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    indicator = _indicator(engines, two_tenants, baseline=None)
    client = _client(app, two_tenants.a_head)
    assert (
        client.post(
            f"/t/alpha/indicators/{indicator.id}/baseline", data={"value": "1", "period": "2025-12"}
        ).status_code
        == 400
    )
    assert _count(engines, two_tenants.a.id, Baseline) == 0


# ---- the technical sheet's form ----------------------------------------------------------------------------


def _sheet_form(ministry_id: Any, **overrides: str) -> dict[str, str]:
    values = {"name.es": "Cobertura de vacunación", "name.en": "Vaccination coverage", "code": "VAC-1",
              "definition": "Children under one with all vaccines", "formula": "vaccinated / children * 100",
              "unit": "%", "polarity": "up", "frequency": "quarterly", "accumulation": "level",
              "source": "Immunisation registry", "owner_ministry_id": str(ministry_id), "owner_person": "Dr. Ruiz",
              "disaggregation": "sex, region", "decimals": "1"}  # fmt: skip
    values.update(overrides)
    return values


def test_creating_an_indicator_refuses_what_is_wrong_and_stores_what_is_right(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    priority = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0])
    client = _client(app, two_tenants.a_head)
    url = f"/t/alpha/priorities/{priority.id}/indicators/new"
    form = _html(client.get(url))
    assert 'name="name.es"' in form and 'name="name.en"' in form and 'name="csrf_token"' in form
    assert f'value="{two_tenants.a_ministries[0].id}" selected' in form  # the priority's ministry by default

    refused = _post(client, url, _sheet_form(two_tenants.a_ministries[0].id, code="not a code!"))
    html = _html(refused)
    assert refused.status_code == 422
    assert re.search(r'id="f-code"[^>]*aria-invalid="true"', html) and "Use 1 to 32 letters" in html
    assert 'href="#f-code"' in html  # the summary leads to the field
    assert 'value="Vaccination coverage"' in html  # what was typed stays
    decimals = _post(client, url, _sheet_form(two_tenants.a_ministries[0].id, decimals="many"))
    assert decimals.status_code == 422 and re.search(r'id="f-decimals"[^>]*aria-invalid="true"', _html(decimals))
    nameless = _post(client, url, _sheet_form(two_tenants.a_ministries[0].id, **{"name.es": "", "name.en": ""}))
    assert nameless.status_code == 422 and "Give the name in at least one" in _html(nameless)
    assert _count(engines, two_tenants.a.id, Indicator) == 0

    created = _post(client, url, _sheet_form(two_tenants.a_ministries[1].id))
    assert created.status_code == 302
    with tenant_session(engines, two_tenants.a.id) as db_session:
        stored = db_session.scalars(select(Indicator)).one()
        assert created.headers["Location"] == f"/t/alpha/indicators/{stored.id}"
        assert stored.name == {"es": "Cobertura de vacunación", "en": "Vaccination coverage"}
        assert stored.frequency.value == "quarterly" and stored.disaggregation == ["sex", "region"]
        assert stored.owner_ministry_id == two_tenants.a_ministries[1].id and stored.priority_id == priority.id


def test_editing_the_sheet_and_the_meaning_that_data_fixes(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    indicator = _indicator(engines, two_tenants)
    client = _client(app, two_tenants.a_head)
    url = f"/t/alpha/indicators/{indicator.id}/edit"
    assert 'value="Household survey"' in _html(client.get(url))
    form = _sheet_form(indicator.owner_ministry_id, code=indicator.code, frequency="monthly")
    assert _post(client, url, form).status_code == 302
    record_values(engines, two_tenants.a, indicator, [(date(2026, 1, 1), 12.0)])
    refused = _post(client, url, {**form, "polarity": "down", "definition": "Changed"})
    assert refused.status_code == 409 and "can no longer change" in _html(refused)
    unknown = _post(client, url, {**form, "owner_ministry_id": "not-an-id"})
    assert unknown.status_code == 422 and re.search(r'id="f-owner_ministry_id"[^>]*aria-invalid="true"', _html(unknown))
    with tenant_session(engines, two_tenants.a.id) as db_session:
        stored = db_session.scalars(select(Indicator)).one()
        assert stored.definition == "Children under one with all vaccines" and stored.polarity.value == "up"


@pytest.mark.plugins("entrega_chile")
def test_the_models_extra_fields_are_on_the_form_and_required_ones_are_enforced(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    from entrega.extensions import services as models

    priority = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0])  # before the model asks for more
    with tenant_session(engines, two_tenants.a.id) as db_session:
        models.set_model(db_session, models.validate_model(app.extensions["entrega.plugins"], {"delivery": "entrega_chile"}),
                         tenant_id=two_tenants.a.id)  # fmt: skip
        db_session.commit()
    client = _client(app, two_tenants.a_head)
    url = f"/t/alpha/priorities/{priority.id}/indicators/new"
    assert 'name="extra.means_of_verification"' in _html(client.get(url))
    refused = _post(client, url, _sheet_form(two_tenants.a_ministries[0].id, frequency="monthly"))
    assert refused.status_code == 422 and 'id="f-extra-means_of_verification"' in _html(refused)
    created = _post(client, url, _sheet_form(two_tenants.a_ministries[0].id, frequency="monthly",
                                             **{"extra.means_of_verification": "Public registry"}))  # fmt: skip
    assert created.status_code == 302
    assert "Public registry" in _html(client.get(created.headers["Location"]))


# ---- baseline, target, trajectory --------------------------------------------------------------------------


def test_the_baseline_is_set_once(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    indicator = _indicator(engines, two_tenants, baseline=None, target=None, trajectory=None)
    client = _client(app, two_tenants.a_head)
    url = f"/t/alpha/indicators/{indicator.id}/baseline"
    assert 'action="' + url + '#baseline"' in _html(client.get(f"/t/alpha/indicators/{indicator.id}"))
    wrong = _post(client, url, {"value": "ten", "period": "2025-12"})
    assert wrong.status_code == 422 and "Give a number." in _html(wrong)
    assert _post(client, url, {"value": "10,5", "period": "2025-12", "source": "Census"}).status_code == 302
    again = _post(client, url, {"value": "9", "period": "2025-11"})
    assert again.status_code == 409 and "already set and cannot be changed" in _html(again)
    with tenant_session(engines, two_tenants.a.id) as db_session:
        [baseline] = db_session.scalars(select(Baseline)).all()
        assert (baseline.value, baseline.period, baseline.source) == (10.5, date(2025, 12, 1), "Census")


def test_a_target_revision_needs_a_reason_and_keeps_the_original(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    indicator = _indicator(engines, two_tenants, target=None, trajectory=None)
    client = _client(app, two_tenants.a_head)
    url = f"/t/alpha/indicators/{indicator.id}/target"
    assert _post(client, url, {"value": "30", "due": "2026-12"}).status_code == 302
    refused = _post(client, url, {"value": "25", "due": "2026-12", "reason": "  "})
    assert refused.status_code == 422 and "Say why the target is being revised" in _html(refused)
    assert _post(client, url, {"value": "25", "due": "2027-06", "reason": "The budget was cut"}).status_code == 302
    html = _html(client.get(f"/t/alpha/indicators/{indicator.id}"))
    assert "Original" in html and "The budget was cut" in html and "2027-06" in html and "2026-12" in html
    assert _count(engines, two_tenants.a.id, TargetRevision) == 2


def test_a_trajectory_is_drawn_previewed_then_saved(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    indicator = _indicator(engines, two_tenants, trajectory=None)
    client = _client(app, two_tenants.a_head)
    url = f"/t/alpha/indicators/{indicator.id}/trajectory"
    preview = _post(client, url, {"action": "draw", "shape": "s_curve"})
    html = _html(preview)
    assert preview.status_code == 200 and "Preview, not saved yet." in html
    lines = re.search(r'<textarea id="trajectory-points"[^>]*>([^<]*)</textarea>', html)
    assert lines
    points = lines.group(1).strip().splitlines()
    assert len(points) == 12 and points[0].startswith("2026-01 ") and points[-1] == "2026-12 34.0"
    assert _count(engines, two_tenants.a.id, TrajectoryPoint) == 0  # a preview saves nothing

    bad = _post(client, url, {"action": "save", "points": "2026-01 12\nsoon 14"})
    assert bad.status_code == 422 and "Line 2" in _html(bad)
    twice = _post(client, url, {"action": "save", "points": "2026-01 12\n2026-01-15 13"})
    assert twice.status_code == 422 and "The period 2026-01 appears twice." in _html(twice)
    assert re.search(r'id="trajectory-points"[^>]*aria-invalid="true"', _html(twice))
    assert _post(client, url, {"action": "save", "points": lines.group(1)}).status_code == 302
    with tenant_session(engines, two_tenants.a.id) as db_session:
        stored = db_session.scalars(select(TrajectoryPoint).order_by(TrajectoryPoint.period)).all()
        assert len(stored) == 12 and stored[-1].expected == 34.0
        assert stored[0].expected < 10 + (34 - 10) / 12  # S-shaped: slower than a straight line at first


# ---- data entry ---------------------------------------------------------------------------------------------


def test_a_focal_point_enters_data_for_their_own_ministry_only(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    own_ministry, other_ministry = two_tenants.a_ministries[1], two_tenants.a_ministries[0]
    priority = create_priority(engines, two_tenants.a, other_ministry)
    own = create_indicator(engines, two_tenants.a, priority, owner_ministry_id=own_ministry.id,
                           baseline=(date(2025, 12, 1), 10.0), trajectory=PATH)  # fmt: skip
    other = create_indicator(engines, two_tenants.a, priority, baseline=(date(2025, 12, 1), 10.0), trajectory=PATH)
    focal = _client(app, create_member(engines, two_tenants.a, Role.FOCAL_POINT, ministry_id=own_ministry.id))
    html = _html(focal.get("/t/alpha/data"))
    assert own.code in html and other.code not in html
    assert 'enctype="multipart/form-data"' in html and "off track" in html
    assert 'href="/t/alpha/data"' in html  # the navigation offers the page

    entered = _post(focal, f"/t/alpha/indicators/{own.id}/values",
                    {"period": "2026-01-01", "value": "12", "source": "Registry"})  # fmt: skip
    assert entered.status_code == 302
    refused = _post(focal, f"/t/alpha/indicators/{other.id}/values", {"period": "2026-01-01", "value": "12"})
    assert refused.status_code == 403
    wordy = _post(
        focal, f"/t/alpha/indicators/{own.id}/values", {"period": "2026-02-01", "value": "13", "source": "x" * 301}
    )
    assert wordy.status_code == 422 and "Use at most 300 characters." in _html(wordy)
    twice = _post(focal, f"/t/alpha/indicators/{own.id}/values", {"period": "2026-01-01", "value": "13"})
    assert twice.status_code == 409 and "already has a value" in _html(twice)
    with tenant_session(engines, two_tenants.a.id) as db_session:
        [stored] = db_session.scalars(select(Measurement)).all()
        assert (stored.indicator_id, stored.value, stored.source) == (own.id, 12.0, "Registry")
        assert stored.entered_by == focal_email(engines, two_tenants, own_ministry.id)


def focal_email(engines: Engines, two: TwoTenants, ministry_id: Any) -> str:
    from entrega.identity.models import Membership

    with tenant_session(engines, two.a.id) as db_session:
        user_id = db_session.scalars(select(Membership.user_id).where(Membership.ministry_id == ministry_id)).one()
        user = db_session.get(User, user_id)
        assert user is not None
        return user.email


def test_an_off_track_value_needs_a_note(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    indicator = _indicator(engines, two_tenants)
    client = _client(app, two_tenants.a_head)
    url = f"/t/alpha/indicators/{indicator.id}/values"
    refused = _post(client, url, {"period": "2026-06-01", "value": "5"})
    html = _html(refused)
    assert refused.status_code == 422
    assert "This value puts the indicator off track: add a note" in html
    assert re.search(rf'id="submit-{indicator.id}-note"[^>]*aria-invalid="true"', html)
    assert _count(engines, two_tenants.a.id, Measurement) == 0
    noted = _post(client, url, {"period": "2026-06-01", "value": "5", "note": "A strike closed the clinics"})
    assert noted.status_code == 302


def test_a_correction_is_version_two_and_version_one_stays(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    indicator = _indicator(engines, two_tenants)
    [value] = record_values(engines, two_tenants.a, indicator, [(date(2026, 1, 1), 12.0)])
    client = _client(app, two_tenants.a_head)
    assert "Correct or add evidence" in _html(client.get("/t/alpha/data"))
    noteless = _post(client, f"/t/alpha/measurements/{value.id}/correct", {"value": "12.4", "note": ""})
    assert noteless.status_code == 422 and "Say why the value is corrected" in _html(noteless)
    assert (
        _post(client, f"/t/alpha/measurements/{value.id}/correct", {"value": "12.4", "note": "Typo"}).status_code == 302
    )
    stale = _post(client, f"/t/alpha/measurements/{value.id}/correct", {"value": "12.6", "note": "Again"})
    assert stale.status_code == 409 and "A newer version of this value exists" in _html(stale)
    html = _html(client.get(f"/t/alpha/indicators/{indicator.id}"))
    assert "History: 2 versions" in html and "version 2" in html and "Typo" in html
    with tenant_session(engines, two_tenants.a.id) as db_session:
        versions = db_session.scalars(select(Measurement).order_by(Measurement.version)).all()
        assert [(m.version, m.value) for m in versions] == [(1, 12.0), (2, 12.4)]


def test_evidence_is_uploaded_downloaded_and_a_wrong_type_refused(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    import io

    indicator = _indicator(engines, two_tenants)
    client = _client(app, two_tenants.a_head)
    entered = _post(client, f"/t/alpha/indicators/{indicator.id}/values",
                    {"period": "2026-01-01", "value": "12", "file": (io.BytesIO(PDF), "signed.pdf", "application/pdf")},
                    content_type="multipart/form-data")  # fmt: skip
    assert entered.status_code == 302
    with tenant_session(engines, two_tenants.a.id) as db_session:
        evidence = db_session.scalars(select(Evidence)).one()
        measurement_id = evidence.measurement_id
    download = client.get(f"/t/alpha/evidence/{evidence.id}")
    assert download.status_code == 200 and download.data == PDF
    assert (
        download.headers["Content-Disposition"].startswith("attachment;")
        and "signed.pdf" in download.headers["Content-Disposition"]
    )
    assert download.headers["X-Content-Type-Options"] == "nosniff"

    fake = _post(client, f"/t/alpha/measurements/{measurement_id}/evidence",
                 {"file": (io.BytesIO(b"MZ not a pdf"), "tool.pdf", "application/pdf")},
                 content_type="multipart/form-data")  # fmt: skip
    assert fake.status_code == 422 and "does not match its type" in _html(fake)
    program = _post(client, f"/t/alpha/measurements/{measurement_id}/evidence",
                    {"file": (io.BytesIO(b"MZ"), "tool.exe", "application/x-msdownload")},
                    content_type="multipart/form-data")  # fmt: skip
    assert program.status_code == 422 and "Attach a PDF" in _html(program)
    # A value entered with a refused file is not entered at all.
    refused = _post(client, f"/t/alpha/indicators/{indicator.id}/values",
                    {"period": "2026-02-01", "value": "14", "file": (io.BytesIO(b"MZ"), "x.exe", "application/x-msdownload")},
                    content_type="multipart/form-data")  # fmt: skip
    assert refused.status_code == 422
    assert _count(engines, two_tenants.a.id, Evidence) == 1 and _count(engines, two_tenants.a.id, Measurement) == 1
    viewer = _client(app, create_member(engines, two_tenants.a, Role.VIEWER))
    assert viewer.get(f"/t/alpha/evidence/{evidence.id}").status_code == 200
    assert _client(app, two_tenants.b_head).get(f"/t/beta/evidence/{evidence.id}").status_code == 404


# ---- review ---------------------------------------------------------------------------------------------------


def test_the_review_queue_validates_publishes_and_returns(
    app: Flask, engines: Engines, two_tenants: TwoTenants
) -> None:
    indicator = _indicator(engines, two_tenants)
    first, second = record_values(
        engines, two_tenants.a, indicator, [(date(2026, 1, 1), 12.0), (date(2026, 2, 1), 14.0)]
    )
    head = _client(app, two_tenants.a_head)
    analyst = _client(app, create_member(engines, two_tenants.a, Role.ANALYST))
    html = _html(analyst.get("/t/alpha/review"))
    assert "2 values are waiting." in html and html.index("2026-01") < html.index("2026-02")  # oldest first
    assert 'value="publish"' not in html

    assert _post(analyst, f"/t/alpha/measurements/{first.id}/review", {"action": "validate"}).status_code == 302
    assert 'value="publish"' not in _html(analyst.get("/t/alpha/review"))
    assert _post(analyst, f"/t/alpha/measurements/{first.id}/review", {"action": "publish"}).status_code == 403
    assert 'value="publish"' in _html(head.get("/t/alpha/review"))
    assert _post(head, f"/t/alpha/measurements/{first.id}/review", {"action": "publish"}).status_code == 302
    again = _post(head, f"/t/alpha/measurements/{first.id}/review", {"action": "publish"})
    assert again.status_code == 409 and "cannot be published" in _html(again)

    reasonless = _post(analyst, f"/t/alpha/measurements/{second.id}/review", {"action": "return", "reason": ""})
    assert reasonless.status_code == 422 and "Say why the value is returned" in _html(reasonless)
    returned = _post(analyst, f"/t/alpha/measurements/{second.id}/review",
                     {"action": "return", "reason": "The February figure double-counts transfers"})  # fmt: skip
    assert returned.status_code == 302
    assert "Nothing is waiting for review." in _html(head.get("/t/alpha/review"))
    entry = _html(head.get("/t/alpha/data"))
    assert "Returned for correction: 2026-02" in entry and "double-counts transfers" in entry
    assert re.search(r'<option value="2026-02-01"[^>]*>2026-02 — returned', entry)
    with tenant_session(engines, two_tenants.a.id) as db_session:
        statuses = {
            row.period: row.status for row in db_session.execute(select(Measurement.period, Measurement.status))
        }
        assert {p.month: s.value for p, s in statuses.items()} == {1: "published", 2: "returned"}
