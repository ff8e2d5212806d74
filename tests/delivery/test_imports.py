"""Imports of measurements and indicators: checked row by row, written all or nothing, on PostgreSQL (under
row-level security) and on SQLite; hostile files refused whole; the API and the page around them."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from marshmallow import ValidationError
from sqlalchemy import func, select

from entrega.audit.models import AuditEvent
from entrega.audit.services import acting_as
from entrega.db import Engines
from entrega.delivery import imports, spreadsheets
from entrega.delivery.access import ANY_MINISTRY, Entrant
from entrega.delivery.models import DataImport, ImportStatus, Indicator, Measurement
from entrega.identity.roles import Role
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.models import Tenant
from tests.conftest import TwoTenants, sign_in_as, token_client
from tests.factories import create_indicator, create_member, create_priority, create_token

PATH = [(date(2025, m, 1), 10.0 + 2 * m) for m in range(1, 7)]  # 12 in January … 22 in June
HEADER = "indicator,period,value,breakdown,source,note"


@dataclass
class Plan:
    mort: Indicator  # monthly, on a trajectory, with a default source
    nosrc: Indicator  # no default source
    dims: Indicator  # broken down by sex
    agency: Indicator  # owned by the agency (HEALTH-AG), not by HEALTH
    qtr: Indicator  # quarterly
    beta: Indicator  # beta's: alpha must never reach it


@pytest.fixture
def plan(engines: Engines, two_tenants: TwoTenants) -> Plan:
    health, agency = two_tenants.a_ministries
    priority = create_priority(engines, two_tenants.a, health)
    start = (date(2024, 12, 1), 10.0)
    return Plan(
        mort=create_indicator(engines, two_tenants.a, priority, code="MORT", baseline=start, trajectory=PATH),
        nosrc=create_indicator(engines, two_tenants.a, priority, code="NOSRC", source=""),
        dims=create_indicator(engines, two_tenants.a, priority, code="DIMS", disaggregation=["sex"]),
        agency=create_indicator(engines, two_tenants.a, priority, code="AGENCY", owner_ministry_id=agency.id),
        qtr=create_indicator(engines, two_tenants.a, priority, code="QTR", frequency="quarterly"),
        beta=create_indicator(engines, two_tenants.b, create_priority(engines, two_tenants.b, two_tenants.b_ministries[0]),
                              code="BETA-ONLY"),
    )  # fmt: skip


def csv_of(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def run(engines: Engines, tenant: Tenant, content: bytes, filename: str = "values.csv", kind: str = "measurements",
        entrant: Entrant = ANY_MINISTRY) -> DataImport:  # fmt: skip
    with acting_as("ana@alpha.example"), tenant_session(engines, tenant.id) as db_session:
        data_import = imports.create_import(db_session, kind, filename, content, "ana@alpha.example")
        db_session.commit()
        return imports.run_import(db_session, data_import.id, entrant, None)


def count(engines: Engines, tenant: Tenant, what: type = Measurement, **where: object) -> int:
    with tenant_session(engines, tenant.id) as db_session:
        statement = select(func.count()).select_from(what).filter_by(**where)
        return int(db_session.scalar(statement) or 0)


def values(engines: Engines, tenant: Tenant) -> list[tuple[str, date, str, int, float]]:
    with tenant_session(engines, tenant.id) as db_session:
        rows = db_session.execute(
            select(Indicator.code, Measurement.period, Measurement.breakdown, Measurement.version, Measurement.value)
            .join(Indicator, Indicator.id == Measurement.indicator_id)
            .order_by(Indicator.code, Measurement.period, Measurement.breakdown, Measurement.version)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


# ---- measurements --------------------------------------------------------------------------------------------


def test_a_file_of_values_is_written_with_provenance_and_one_audit_entry(
    engines: Engines, two_tenants: TwoTenants, plan: Plan
) -> None:
    content = csv_of("MORT,2025-01,12,,,", "MORT,2025-02-17,14,,Ministry survey,", "DIMS,2025-01,9,,,",
                     "DIMS,2025-01,5,sex=female,,", "QTR,2025-Q2,3.5,,,", "MORT,2025-03,,,,")  # fmt: skip
    done = run(engines, two_tenants.a, content)

    assert (done.status, done.errors, done.written_rows, done.total_rows) == (ImportStatus.DONE, [], 5, 6)
    assert values(engines, two_tenants.a) == [
        ("DIMS", date(2025, 1, 1), "", 1, 9.0), ("DIMS", date(2025, 1, 1), "sex=female", 1, 5.0),
        ("MORT", date(2025, 1, 1), "", 1, 12.0), ("MORT", date(2025, 2, 1), "", 1, 14.0),
        ("QTR", date(2025, 4, 1), "", 1, 3.5),
    ]  # fmt: skip
    with tenant_session(engines, two_tenants.a.id) as db_session:
        written = list(db_session.scalars(select(Measurement).order_by(Measurement.period, Measurement.source)))
        assert {(m.channel, m.entered_by, m.status.value) for m in written} == {
            (f"import:{done.id}", "ana@alpha.example", "submitted")
        }
        assert {m.source for m in written} == {"Household survey", "Ministry survey"}  # the default, or the file's
        events = list(
            db_session.scalars(select(AuditEvent).where(AuditEvent.entity.in_(["data_import", "measurement"])))
        )
    assert [(e.action, e.entity, e.actor) for e in events] == [("import", "data_import", "ana@alpha.example")]
    assert events[0].after == {"kind": "measurements", "filename": "values.csv", "rows": 6, "rows_written": 5,
                               "corrections": 0, "unchanged": 0, "without_value": 1}  # fmt: skip
    assert count(engines, two_tenants.b) == 0


def test_the_same_file_twice_writes_nothing_new_and_a_changed_value_is_a_correction(
    engines: Engines, two_tenants: TwoTenants, plan: Plan
) -> None:
    first = csv_of("MORT,2025-01,12,,,", "MORT,2025-02,14,,,")
    assert run(engines, two_tenants.a, first).written_rows == 2
    again = run(engines, two_tenants.a, first)
    assert (again.status, again.written_rows) == (ImportStatus.DONE, 0)

    unexplained = run(engines, two_tenants.a, csv_of("MORT,2025-01,12.5,,,", "MORT,2025-02,14,,,"))
    assert unexplained.status is ImportStatus.REJECTED
    assert [(e["row"], e["field"]) for e in unexplained.errors] == [(2, "note")]

    corrected = run(engines, two_tenants.a, csv_of("MORT,2025-01,12.5,,,Recount of March registers"))
    assert (corrected.status, corrected.written_rows) == (ImportStatus.DONE, 1)
    assert values(engines, two_tenants.a) == [
        ("MORT", date(2025, 1, 1), "", 1, 12.0), ("MORT", date(2025, 1, 1), "", 2, 12.5),
        ("MORT", date(2025, 2, 1), "", 1, 14.0),
    ]  # fmt: skip
    with tenant_session(engines, two_tenants.a.id) as db_session:
        v1, v2 = db_session.scalars(select(Measurement).where(Measurement.period == date(2025, 1, 1))
                                    .order_by(Measurement.version))  # fmt: skip
        assert v2.on_time == v1.on_time and v2.note == "Recount of March registers"


def test_a_file_with_any_bad_row_writes_nothing_and_its_report_names_every_bad_row(
    engines: Engines, two_tenants: TwoTenants, plan: Plan
) -> None:
    health = two_tenants.a_ministries[0]
    content = csv_of(
        "MORT,2025-01,12,,,",  # 2: fine
        "NOPE,2025-01,1,,,",  # 3: no such indicator
        "AGENCY,2025-01,1,,,",  # 4: the agency's, and the entrant is HEALTH's focal point
        "MORT,2025-13,1,,,",  # 5: no such month
        "MORT,2025-Q1,12,,,",  # 6: a quarter, for a monthly indicator
        "MORT,2025-02,abc,,,",  # 7: not a number
        "MORT,2025-01-20,12,,,",  # 8: January again
        "MORT,2025-03,1,,,",  # 9: far below the trajectory (16), and no note
        "NOSRC,2025-01,5,,,",  # 10: no source, and the indicator has no default one
        "DIMS,2025-01,5,region=north,,",  # 11: not one of its dimensions
        "BETA-ONLY,2025-01,1,,,",  # 12: beta's indicator
        "QTR,2025-02,1,,,",  # 13: February is no quarter
        "MORT,,5,,,",  # 14: no period
        'MORT,2025-04,"1,5",,,',  # 15: a decimal comma
        "",  # a blank line: skipped
        "NOSRC,2025-02,5,,Registry,",  # 17: fine
    )
    rejected = run(engines, two_tenants.a, content, entrant=Entrant(health.id))

    assert rejected.status is ImportStatus.REJECTED
    assert [(e["row"], e["field"]) for e in rejected.errors] == [
        (3, "indicator"), (4, "indicator"), (5, "period"), (6, "period"), (7, "value"), (8, "period"), (9, "note"),
        (10, "source"), (11, "breakdown"), (12, "indicator"), (13, "period"), (14, "period"), (15, "value"),
    ]  # fmt: skip
    reasons = {e["row"]: e["reason"] for e in rejected.errors}
    assert reasons[6] == "'2025-Q1' is not a monthly period: write 2025-01."
    assert reasons[8] == "Row 2 already gives MORT's value for this period."
    assert "off track" in reasons[9] and "BETA-ONLY" in reasons[12]
    assert (rejected.written_rows, rejected.total_rows) == (0, 15)
    assert rejected.message == "Rows with errors: 13 (13 errors in all); nothing was written."
    assert count(engines, two_tenants.a) == 0
    assert count(engines, two_tenants.b) == 0
    assert count(engines, two_tenants.a, AuditEvent, entity="data_import") == 0


def test_a_focal_point_imports_only_for_their_ministry(engines: Engines, two_tenants: TwoTenants, plan: Plan) -> None:
    agency = two_tenants.a_ministries[1]
    done = run(engines, two_tenants.a, csv_of("AGENCY,2025-01,4,,,"), entrant=Entrant(agency.id))
    assert done.status is ImportStatus.DONE
    refused = run(engines, two_tenants.a, csv_of("MORT,2025-01,12,,,"), entrant=Entrant(agency.id))
    assert refused.errors == [
        {"row": 2, "field": "indicator", "reason": "Only the ministry that owns MORT enters its data."}
    ]


def test_an_incremental_indicator_is_judged_on_what_the_file_adds_up_to(
    engines: Engines, two_tenants: TwoTenants
) -> None:
    priority = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0])
    # From 0, +10 a month: 10 by January, 20 by February, 30 by March.
    create_indicator(engines, two_tenants.a, priority, code="NEW", accumulation="incremental",
                     baseline=(date(2024, 12, 1), 0.0), trajectory=[(date(2025, m, 1), 10.0 * m) for m in (1, 2, 3)])  # fmt: skip
    on_path = run(engines, two_tenants.a, csv_of("NEW,2025-01,10,,,", "NEW,2025-02,10,,,", "NEW,2025-03,10,,,"))
    assert on_path.status is ImportStatus.DONE  # each month alone is far below its expected total; the sum is not
    behind = run(engines, two_tenants.a, csv_of("NEW,2025-04,0,,,", "NEW,2025-05,0,,,"))
    assert behind.status is ImportStatus.DONE  # the path has ended at 30, and 30 is what has been delivered


def test_formulas_are_read_as_their_stored_results_never_evaluated(
    engines: Engines, two_tenants: TwoTenants, plan: Plan
) -> None:
    content = xlsx_of("Measurements", [
        ["indicator", "period", "value", "note"],
        ["MORT", "2025-01", ("1+1", 12), ("CONCATENATE(\"a\",\"b\")", "Counted twice")],
        ["MORT", "2025-02", ("HYPERLINK(\"http://evil.example\")", None), None],  # no stored result: no value
    ])  # fmt: skip
    done = run(engines, two_tenants.a, content, "values.xlsx")
    assert (done.status, done.written_rows, done.total_rows) == (ImportStatus.DONE, 1, 2)
    with tenant_session(engines, two_tenants.a.id) as db_session:
        [written] = db_session.scalars(select(Measurement))
        assert (written.value, written.note) == (12.0, "Counted twice")


def test_an_excel_workbook_is_read_from_its_measurements_sheet(
    engines: Engines, two_tenants: TwoTenants, plan: Plan
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Notes for us"])
    sheet = book.create_sheet("Measurements")
    sheet.append(["value", "indicator", "period", "reference: name"])
    sheet.append([12, "MORT", date(2025, 1, 1), "Whatever"])  # Excel turns 2025-01 into a date
    sheet.append([3.5, "QTR", "2025-Q2", None])
    sheet.append([2.0, "QTR", 2026, None])  # a number where a year period was meant: not a quarter
    out = io.BytesIO()
    book.save(out)
    rejected = run(engines, two_tenants.a, out.getvalue(), "values.xlsx")
    assert [(e["row"], e["field"]) for e in rejected.errors] == [(4, "period")]


# ---- indicators ----------------------------------------------------------------------------------------------


def test_indicators_are_created_and_updated_by_code_through_the_plan_services(
    engines: Engines, two_tenants: TwoTenants, plan: Plan
) -> None:
    header = (
        "code,priority,name_es,name_en,unit,polarity,frequency,accumulation,source,ministry,disaggregation,decimals"
    )
    priority_code = _priority_code(engines, two_tenants)
    content = csv_of(
        f'VAC,{priority_code},Vacunación,Vaccination,%,up,monthly,level,Registry,HEALTH,"sex, region",1',
        f"MORT,{priority_code},,Child mortality,per 1000,down,,,,HEALTH,,0",
        header=header,
    )
    done = run(engines, two_tenants.a, content, "indicators.csv", kind="indicators")
    assert (done.status, done.errors, done.written_rows) == (ImportStatus.DONE, [], 2)
    with tenant_session(engines, two_tenants.a.id) as db_session:
        vac = db_session.scalar(select(Indicator).where(Indicator.code == "VAC"))
        mort = db_session.scalar(select(Indicator).where(Indicator.code == "MORT"))
        assert vac is not None and mort is not None
        assert (vac.name, vac.disaggregation, vac.decimals) == (
            {"es": "Vacunación", "en": "Vaccination"},
            ["sex", "region"],
            1,
        )
        assert (mort.unit, mort.polarity.value, mort.name["en"], mort.source) == (
            "per 1000",
            "down",
            "Child mortality",
            "",
        )
    assert count(engines, two_tenants.a, AuditEvent, entity="data_import") == 1
    assert run(engines, two_tenants.a, content, "indicators.csv", kind="indicators").written_rows == 0


def test_a_rejected_indicator_import_leaves_no_indicator_behind(
    engines: Engines, two_tenants: TwoTenants, plan: Plan
) -> None:
    before = count(engines, two_tenants.a, Indicator)
    content = csv_of(
        "NEW-1,NOPE,Nuevo,HEALTH,up",  # 2: would be created … but its priority does not exist
        "NEW-2,,Nuevo 2,HEALTH,sideways",  # 3: no priority, and no such polarity
        "bad code!,,x,HEALTH,up",  # 4
        "NEW-3,,,ELSEWHERE,up",  # 5
        header="code,priority,name,ministry,polarity",
    )
    rejected = run(engines, two_tenants.a, content, "indicators.csv", kind="indicators")
    assert rejected.status is ImportStatus.REJECTED
    assert [(e["row"], e["field"]) for e in rejected.errors] == [(2, "priority"), (3, "polarity"), (4, "code"),
                                                               (5, "ministry")]  # fmt: skip
    fine_then_bad = csv_of(
        f"NEW-1,{_priority_code(engines, two_tenants)},Nuevo,HEALTH,up",  # created while checking …
        "MORT,,,,sideways",  # … and undone, for this row
        header="code,priority,name,ministry,polarity",
    )
    rejected = run(engines, two_tenants.a, fine_then_bad, "indicators.csv", kind="indicators")
    assert [(e["row"], e["field"]) for e in rejected.errors] == [(3, "polarity")]
    assert count(engines, two_tenants.a, Indicator) == before
    assert count(engines, two_tenants.a, AuditEvent, entity="indicator", action="create") == before


def _priority_code(engines: Engines, two_tenants: TwoTenants) -> str:
    from entrega.delivery.models import Priority

    with tenant_session(engines, two_tenants.a.id) as db_session:
        return str(db_session.scalars(select(Priority.code)).first())


# ---- hostile files -------------------------------------------------------------------------------------------


def xlsx_of(sheet: str, rows: list[list[object]], *, dimension: str | None = None) -> bytes:
    """A workbook written by hand, so that cells can hold formulas with (or without) a stored result."""
    cells = []
    for r, row in enumerate(rows, start=1):
        out = []
        for c, value in enumerate(row):
            ref = f"{chr(65 + c)}{r}"
            if isinstance(value, tuple):
                formula, result = value
                kind = ' t="str"' if isinstance(result, str) else ""
                stored = f"<v>{result}</v>" if result is not None else ""
                out.append(f'<c r="{ref}"{kind}><f>{formula.replace(chr(34), "&quot;")}</f>{stored}</c>')
            elif isinstance(value, int | float):
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif value is not None:
                out.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
        cells.append(f'<row r="{r}">{"".join(out)}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    files = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>",
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'{dim}<sheetData>{"".join(cells)}</sheetData></worksheet>',
    }  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


HOSTILE = {
    "empty": ("values.csv", b"", "The file is empty."),
    "not a spreadsheet name": ("values.pdf", b"%PDF-1.7\n", "Upload an Excel workbook (.xlsx) or a CSV file"),
    "binary named csv": ("values.csv", b"%PDF-1.7\n\x00\x01\x02binary", "This file is not text"),
    "workbook named csv": ("values.csv", xlsx_of("Measurements", [["indicator", "period", "value"]]), "not a CSV file"),
    "old xls named csv": ("values.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "not a CSV file"),
    "csv named xlsx": ("values.xlsx", csv_of("MORT,2025-01,1,,,"), "not an Excel workbook"),
    "zip without a workbook": ("values.xlsx", _zip({"word/document.xml": b"<w/>"}), "not an Excel workbook"),
    "damaged zip": ("values.xlsx", b"PK\x03\x04" + b"\x00" * 200, "damaged"),
    "zip bomb": ("values.xlsx", _zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\x00" * (20 << 20)}),
                 "would expand to far more"),
    "missing column": ("values.csv", csv_of("MORT,2025-01", header="indicator,period"), "missing: value"),
    "column twice": ("values.csv", csv_of("MORT,2025-01,1,2", header="indicator,period,value,value"), "appears twice"),
    "too large": ("values.csv", b"indicator,period,value\n" + b"MORT,2025-01,1\n" * 1_200_000, "larger than 15 MB"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_a_hostile_or_wrong_file_is_refused_whole_before_anything_is_stored(
    engines: Engines, two_tenants: TwoTenants, case: str
) -> None:
    filename, content, reason = HOSTILE[case]
    with tenant_session(engines, two_tenants.a.id) as db_session:
        with pytest.raises(ValidationError) as refused:
            imports.create_import(db_session, "measurements", filename, content, "ana@alpha.example")
        db_session.rollback()
    messages = refused.value.messages
    assert isinstance(messages, dict) and list(messages) == ["file"], messages
    assert reason in messages["file"][0]
    assert count(engines, two_tenants.a, DataImport) == 0


def test_a_workbook_that_expands_past_the_limit_is_refused_unread(
    engines: Engines, two_tenants: TwoTenants, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spreadsheets, "MAX_UNCOMPRESSED_BYTES", 1_000)
    with tenant_session(engines, two_tenants.a.id) as db_session, pytest.raises(ValidationError, match="file"):
        imports.create_import(db_session, "measurements", "v.xlsx", xlsx_of("Measurements", [["indicator"] * 40]))


def test_too_many_rows_are_refused_up_front_or_as_soon_as_they_are_read(
    engines: Engines, two_tenants: TwoTenants, plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    with tenant_session(engines, two_tenants.a.id) as db_session, pytest.raises(ValidationError, match="file"):
        imports.create_import(
            db_session, "measurements", "v.csv", csv_of(*[f"MORT,2025-0{m},1,,,x" for m in range(1, 6)])
        )
    # A sheet whose declared size lies, with a row far below the others: read as far as the limit, no further.
    rows: list[list[object]] = [["indicator", "period", "value"], ["MORT", "2025-01", 12]]
    lying = xlsx_of("Measurements", rows, dimension="A1:C2")
    book = zipfile.ZipFile(io.BytesIO(lying))
    sheet = book.read("xl/worksheets/sheet1.xml").replace(
        b"</sheetData>", b'<row r="900000"><c r="A900000" t="inlineStr"><is><t>MORT</t></is></c></row></sheetData>'
    )
    members = {name: book.read(name) for name in book.namelist()} | {"xl/worksheets/sheet1.xml": sheet}
    rejected = run(engines, two_tenants.a, _zip(members), "v.xlsx")
    assert rejected.status is ImportStatus.REJECTED
    assert rejected.errors == [{"row": 900000, "field": "", "reason": "The sheet has more than 3 rows: split it."}]
    assert count(engines, two_tenants.a) == 0


# ---- the API -------------------------------------------------------------------------------------------------


def _post(client, content: bytes, filename: str = "values.csv", kind: str = "measurements"):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/t/alpha/imports", data={"kind": kind, "file": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")  # fmt: skip


def test_the_api_takes_a_file_and_answers_with_the_import(
    app: Flask, engines: Engines, two_tenants: TwoTenants, plan: Plan
) -> None:
    api = token_client(app, two_tenants.a_token)
    response = _post(api, csv_of("MORT,2025-01,12,,,", "MORT,2025-02,14,,,"))
    assert response.status_code == 202, response.json
    body = response.json
    assert response.headers["Location"].endswith(f"/api/v1/t/alpha/imports/{body['id']}")
    assert (body["status"], body["written_rows"], body["progress"], body["error_count"]) == ("done", 2, 1.0, 0)

    rejected = _post(api, csv_of("MORT,2025-03,1,,,", "NOPE,2025-01,1,,,")).json
    assert (rejected["status"], rejected["error_count"]) == ("rejected", 2)
    assert rejected["first_errors"][1] == {"row": 3, "field": "indicator",
                                           "reason": "No indicator of this government has the code 'NOPE'."}  # fmt: skip
    report = api.get(rejected["errors_report"])
    assert report.status_code == 200 and report.mimetype == "text/csv"
    assert report.get_data(as_text=True).lstrip("\ufeff").splitlines()[:2] == [
        "row,field,reason",
        '2,note,"This value puts the indicator off track: add a note saying why, and what is being done."',
    ]

    listing = api.get("/api/v1/t/alpha/imports")
    assert [item["id"] for item in listing.json] == [rejected["id"], body["id"]]
    assert "first_errors" not in listing.json[0]
    assert api.get(f"/api/v1/t/alpha/imports/{body['id']}").json["status"] == "done"


def test_another_governments_import_is_not_found(app: Flask, two_tenants: TwoTenants, plan: Plan) -> None:
    alpha = token_client(app, two_tenants.a_token)
    import_id = _post(alpha, csv_of("NOPE,2025-01,1,,,")).json["id"]
    beta = token_client(app, two_tenants.b_token)
    assert beta.get(f"/api/v1/t/beta/imports/{import_id}").status_code == 404
    assert beta.get(f"/api/v1/t/beta/imports/{import_id}/errors.csv").status_code == 404
    assert beta.get("/api/v1/t/beta/imports").json == []
    assert alpha.get(f"/api/v1/t/alpha/imports/{uuid.uuid4()}").status_code == 404


def test_the_api_refuses_a_bad_upload_with_the_field_and_the_reason(
    app: Flask, engines: Engines, two_tenants: TwoTenants, plan: Plan
) -> None:
    api = token_client(app, two_tenants.a_token)
    wrong = _post(api, b"%PDF-1.7\n\x00binary", "values.csv")
    assert wrong.status_code == 422
    assert "not text" in wrong.json["errors"]["json"]["file"][0]
    assert _post(api, csv_of("MORT,2025-01,1,,,"), kind="budget").status_code == 422
    huge = _post(api, b"x" * (17 * 1024 * 1024))
    assert huge.status_code == 413
    assert huge.json["errors"] == {"files": {"file": ["The file is larger than 15 MB: split it into several imports."]}}
    almost = _post(api, b"x" * (15 * 1024 * 1024 + 10))
    assert almost.status_code == 413 and "files" in almost.json["errors"]
    assert count(engines, two_tenants.a, DataImport) == 0


def test_importing_indicators_needs_the_permission_to_edit_the_plan(
    app: Flask, engines: Engines, two_tenants: TwoTenants, plan: Plan
) -> None:
    agency = two_tenants.a_ministries[1]
    focal = create_member(engines, two_tenants.a, Role.FOCAL_POINT, ministry_id=agency.id)
    api = token_client(app, create_token(engines, two_tenants.a, focal, Role.FOCAL_POINT))
    assert _post(api, csv_of("X,P,x", header="code,priority,name"), kind="indicators").status_code == 403
    own = _post(api, csv_of("AGENCY,2025-01,4,,,", "MORT,2025-01,12,,,")).json
    assert own["status"] == "rejected"
    assert own["first_errors"] == [
        {"row": 3, "field": "indicator", "reason": "Only the ministry that owns MORT enters its data."}
    ]
    viewer = create_member(engines, two_tenants.a, Role.VIEWER)
    assert _post(token_client(app, create_token(engines, two_tenants.a, viewer, Role.VIEWER)),
                 csv_of("AGENCY,2025-01,4,,,")).status_code == 403  # fmt: skip


# ---- the page ------------------------------------------------------------------------------------------------


def _csrf(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/t/alpha/imports").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def test_the_page_uploads_shows_the_result_and_the_problems(app: Flask, two_tenants: TwoTenants, plan: Plan) -> None:
    client = sign_in_as(app.test_client(), two_tenants.a_head, "en")
    page = client.get("/t/alpha/imports")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for expected in ("Import and export", "Download the Excel template", "/t/alpha/imports/template.xlsx",
                     "/t/alpha/exports/measurements.csv?history=true", 'value="indicators"', "No file has been imported yet."):  # fmt: skip
        assert expected in text, expected
    token = _csrf(client)
    sent = client.post("/t/alpha/imports", data={"csrf_token": token, "kind": "measurements",
                       "file": (io.BytesIO(csv_of("MORT,2025-01,12,,,", "NOPE,2025-01,1,,,")), "march.csv")},
                       content_type="multipart/form-data")  # fmt: skip
    assert sent.status_code == 303
    text = client.get("/t/alpha/imports").get_data(as_text=True)
    assert "march.csv" in text and "1 problem: nothing was written." in text
    assert "What to fix in march.csv" in text and "No indicator of this government has the code &#39;NOPE&#39;." in text
    assert "/errors.csv" in text and "hx-get" not in text  # nothing to poll: the import has finished

    refused = client.post("/t/alpha/imports", data={"csrf_token": token, "kind": "measurements",
                          "file": (io.BytesIO(b"%PDF-1.7\n\x00"), "scan.csv")}, content_type="multipart/form-data")  # fmt: skip
    assert refused.status_code == 422 and "This file is not text" in refused.get_data(as_text=True)
    huge = client.post("/t/alpha/imports", data={"csrf_token": token, "kind": "measurements",
                       "file": (io.BytesIO(b"x" * (17 * 1024 * 1024)), "huge.csv")}, content_type="multipart/form-data")  # fmt: skip
    assert huge.status_code == 303
    assert "The file is larger than 15 MB" in client.get("/t/alpha/imports").get_data(as_text=True)
    no_file = client.post("/t/alpha/imports", data={"csrf_token": token, "kind": "measurements"})
    assert no_file.status_code == 422 and "Choose a file to upload." in no_file.get_data(as_text=True)


def test_a_running_import_polls_its_row_until_it_finishes(
    app: Flask, engines: Engines, two_tenants: TwoTenants, plan: Plan
) -> None:
    with tenant_session(engines, two_tenants.a.id) as db_session:
        waiting = imports.create_import(db_session, "measurements", "big.csv", csv_of("MORT,2025-01,12,,,"), "ana")
        waiting.status, waiting.total_rows, waiting.processed_rows = ImportStatus.RUNNING, 4000, 1000
        db_session.commit()
    client = sign_in_as(app.test_client(), two_tenants.a_head, "en")
    row = client.get(f"/t/alpha/imports/{waiting.id}/row").get_data(as_text=True)
    assert 'hx-trigger="every 2s"' in row and f'hx-get="/t/alpha/imports/{waiting.id}/row"' in row
    assert '<progress max="4000" value="1000"' in row and "1,000 of about 4,000 rows checked" in row
    with tenant_session(engines, two_tenants.a.id) as db_session:
        imports.run_import(db_session, waiting.id)
    row = client.get(f"/t/alpha/imports/{waiting.id}/row").get_data(as_text=True)
    assert "hx-get" not in row and "1 row written" in row
    other = sign_in_as(app.test_client(), two_tenants.b_head, "en")
    assert other.get(f"/t/beta/imports/{waiting.id}/row").status_code == 404


def test_a_focal_point_is_offered_measurements_only(app: Flask, engines: Engines, two_tenants: TwoTenants) -> None:
    focal = create_member(engines, two_tenants.a, Role.FOCAL_POINT, ministry_id=two_tenants.a_ministries[1].id)
    client = sign_in_as(app.test_client(), focal, "en")
    text = client.get("/t/alpha/imports").get_data(as_text=True)
    assert 'value="measurements"' in text and 'value="indicators"' not in text
    sent = client.post("/t/alpha/imports", data={"csrf_token": _csrf(client), "kind": "indicators",
                       "file": (io.BytesIO(b"code\nX\n"), "i.csv")}, content_type="multipart/form-data")  # fmt: skip
    assert sent.status_code == 403
