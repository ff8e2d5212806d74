"""Exports and the template: the government's data out as Excel and CSV, safe to open in a spreadsheet, and
back in unchanged; the template lists its indicators and the periods to fill in."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from flask import Flask
from openpyxl import load_workbook

from entrega.db import Engines
from entrega.delivery import imports, workbooks
from entrega.delivery.access import Entrant
from entrega.delivery.models import ImportStatus
from entrega.identity.roles import Role
from entrega.tenancy.binding import tenant_session
from tests.conftest import TwoTenants, sign_in_as, token_client
from tests.delivery.test_imports import PATH, csv_of, run
from tests.factories import create_indicator, create_member, create_priority, create_token, record_values


@pytest.fixture
def data(engines: Engines, two_tenants: TwoTenants) -> None:
    health, agency = two_tenants.a_ministries
    priority = create_priority(engines, two_tenants.a, health, code="HEALTH-1")
    mort = create_indicator(engines, two_tenants.a, priority, code="MORT", baseline=(date(2024, 12, 1), 10.0),
                            trajectory=PATH, definition="=HYPERLINK(\"http://evil.example\",\"Click\")",
                            name={"es": "Mortalidad", "en": "-Mortality"})  # fmt: skip
    create_indicator(
        engines, two_tenants.a, priority, code="AGENCY", owner_ministry_id=agency.id, disaggregation=["sex"]
    )
    record_values(engines, two_tenants.a, mort, [(date(2025, 1, 1), 12.0), (date(2025, 2, 1), 14.0)])
    run(engines, two_tenants.a, csv_of("MORT,2025-02,14.5,,,@SUM(A1) recount"))  # version 2 of February


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_indicators_export_as_csv_and_excel_with_formulas_neutralised(
    app: Flask, two_tenants: TwoTenants, data: None
) -> None:
    client = sign_in_as(app.test_client(), two_tenants.a_head, "en")
    response = client.get("/t/alpha/exports/indicators.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="alpha-indicators-')
    rows = _csv(response.get_data(as_text=True))
    assert [r["code"] for r in rows] == ["AGENCY", "MORT"]
    mort = rows[1]
    assert (mort["priority"], mort["ministry"], mort["name_es"], mort["frequency"]) == (
        "HEALTH-1",
        "HEALTH",
        "Mortalidad",
        "monthly",
    )
    assert mort["definition"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert mort["name_en"] == "'-Mortality"
    assert rows[0]["disaggregation"] == "sex"

    book = load_workbook(io.BytesIO(client.get("/t/alpha/exports/indicators.xlsx").data))
    sheet = book["Indicators"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=3, column=header.index("definition") + 1)
    assert (cell.value, cell.data_type) == ('\'=HYPERLINK("http://evil.example","Click")', "s")


def test_measurements_export_current_values_or_every_version(app: Flask, two_tenants: TwoTenants, data: None) -> None:
    api = token_client(app, two_tenants.a_token)
    current = _csv(api.get("/api/v1/t/alpha/exports/measurements.csv").get_data(as_text=True))
    assert [(r["indicator"], r["period"], r["value"], r["version"]) for r in current] == [
        ("MORT", "2025-01", "12.0", "1"), ("MORT", "2025-02", "14.5", "2")]  # fmt: skip
    assert current[1]["note"] == "'@SUM(A1) recount" and current[1]["channel"].startswith("import:")
    history = _csv(api.get("/api/v1/t/alpha/exports/measurements.csv?history=true").get_data(as_text=True))
    assert [(r["period"], r["version"], r["value"]) for r in history] == [
        ("2025-01", "1", "12.0"), ("2025-02", "1", "14.0"), ("2025-02", "2", "14.5")]  # fmt: skip
    book = load_workbook(io.BytesIO(api.get("/api/v1/t/alpha/exports/measurements.xlsx?history=true").data))
    assert [row[:4] for row in book["Measurements"].iter_rows(min_row=2, values_only=True)] == [
        ("MORT", "2025-01", 12.0, None), ("MORT", "2025-02", 14.0, None), ("MORT", "2025-02", 14.5, None)]  # fmt: skip
    beta = token_client(app, two_tenants.b_token)
    assert _csv(beta.get("/api/v1/t/beta/exports/measurements.csv").get_data(as_text=True)) == []


def test_an_export_imports_back_unchanged(app: Flask, engines: Engines, two_tenants: TwoTenants, data: None) -> None:
    client = sign_in_as(app.test_client(), two_tenants.a_head, "en")
    for what in ("measurements", "indicators"):
        for fmt in ("csv", "xlsx"):
            exported = client.get(f"/t/alpha/exports/{what}.{fmt}").data
            again = run(engines, two_tenants.a, exported, f"{what}.{fmt}", kind=what)
            assert (again.status, again.errors, again.written_rows) == (ImportStatus.DONE, [], 0), (what, fmt)


def test_the_template_lists_the_indicators_and_the_periods_to_fill_in(
    app: Flask, engines: Engines, two_tenants: TwoTenants, data: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    monkeypatch.setattr(workbooks, "now", lambda: datetime(2025, 3, 10, tzinfo=UTC))
    client = sign_in_as(app.test_client(), two_tenants.a_head, "en")
    response = client.get("/t/alpha/imports/template.xlsx")
    assert response.mimetype == workbooks.XLSX_TYPE
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Read me", "Measurements", "Indicators"]
    rows = list(book["Measurements"].iter_rows(values_only=True))
    assert rows[0] == ("indicator", "period", "value", "breakdown", "source", "note", *workbooks.REFERENCE)
    mort = [r for r in rows[1:] if r[0] == "MORT"]
    assert [r[1] for r in mort] == [f"{y}-{m:02d}" for y, m in [(2024, 4), (2024, 5), (2024, 6), (2024, 7), (2024, 8),
                                    (2024, 9), (2024, 10), (2024, 11), (2024, 12), (2025, 1), (2025, 2), (2025, 3)]]  # fmt: skip
    assert mort[-3][2:] == (12.0, None, None, None, "Mortalidad", "%", "monthly", 12.0)  # current value, expected
    assert mort[-2][2] == 14.5 and mort[-1][2] is None
    readme = "\n".join(str(c) for row in book["Read me"].iter_rows(values_only=True) for c in row if c)
    assert "How to fill in this workbook" in readme and "HEALTH-AG" in readme and "for example 2025-03" in readme
    assert [r[0] for r in book["Indicators"].iter_rows(min_row=2, values_only=True)] == ["AGENCY", "MORT"]

    # Filled in and sent back: only the rows with a new value are written.
    sheet = book["Measurements"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "MORT" and row[1].value == "2025-03":
            row[2].value, row[5].value = 16, "Provisional"
    out = io.BytesIO()
    book.save(out)
    done = run(engines, two_tenants.a, out.getvalue(), "template.xlsx")
    assert (done.status, done.errors, done.written_rows) == (ImportStatus.DONE, [], 1)


def test_a_focal_points_template_lists_their_ministrys_indicators(
    app: Flask, engines: Engines, two_tenants: TwoTenants, data: None
) -> None:
    agency = two_tenants.a_ministries[1]
    focal = create_member(engines, two_tenants.a, Role.FOCAL_POINT, ministry_id=agency.id)
    api = token_client(app, create_token(engines, two_tenants.a, focal, Role.FOCAL_POINT))
    book = load_workbook(io.BytesIO(api.get("/api/v1/t/alpha/template.xlsx").data))
    assert {r[0] for r in book["Measurements"].iter_rows(min_row=2, values_only=True)} == {"AGENCY"}
    with tenant_session(engines, two_tenants.a.id) as db_session:
        download = workbooks.template(db_session, two_tenants.a, None, Entrant(agency.id))
    assert download.filename.startswith("alpha-template-")
    viewer = create_member(engines, two_tenants.a, Role.VIEWER)
    as_viewer = token_client(app, create_token(engines, two_tenants.a, viewer, Role.VIEWER))
    assert as_viewer.get("/api/v1/t/alpha/template.xlsx").status_code == 403
    assert as_viewer.get("/api/v1/t/alpha/exports/indicators.xlsx").status_code == 200


def test_an_error_report_is_safe_to_open(engines: Engines, two_tenants: TwoTenants, data: None) -> None:
    rejected = run(engines, two_tenants.a, csv_of("=cmd|' /C calc'!A0,2025-01,1,,,"), "=evil.csv")
    assert rejected.status is ImportStatus.REJECTED
    report = workbooks.error_report(rejected)
    assert report.filename == "_evil-errors.csv"
    assert isinstance(report.body, bytes)
    rows = list(csv.reader(io.StringIO(report.body.decode().lstrip("\ufeff"))))
    assert rows[1][:2] == ["2", "indicator"] and not rows[1][2].startswith(("=", "+", "-", "@"))
    assert imports.FIRST_ERRORS >= 1
