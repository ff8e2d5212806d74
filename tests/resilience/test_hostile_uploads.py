"""Hostile uploads, to every endpoint that takes a file: too large, a workbook that expands enormously or would
take minutes to open, a file that is not what its name or type says, a zip cut short. Each is refused with a
clear reason, quickly, and nothing is stored. (Single refusals of the import service are pinned in
tests/delivery/test_imports.py; here they come through the API and the pages.)"""

from __future__ import annotations

import io
import random
import time
import tracemalloc
import uuid
import zipfile
from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq import Queue
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from entrega.db import Engines
from entrega.delivery.models import DataImport, Evidence, Measurement
from entrega.tenancy.binding import tenant_session
from tests.conftest import Backend, TwoTenants, _two_tenants, sign_in_as, token_client
from tests.factories import create_indicator, create_priority, record_values

MB = 1024 * 1024
CSRF = "uploads-csrf-token"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADER_ROW = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>indicator</t></is></c><c r="B1" t="inlineStr"><is><t>period'
              b'</t></is></c><c r="C1" t="inlineStr"><is><t>value</t></is></c></row>')  # fmt: skip


@dataclass
class Alpha:
    api: FlaskClient
    pages: FlaskClient
    indicator: uuid.UUID
    measurement: uuid.UUID


@pytest.fixture
def alpha(app: Flask, engines: Engines, two_tenants: TwoTenants) -> Alpha:
    priority = create_priority(engines, two_tenants.a, two_tenants.a_ministries[0])
    indicator = create_indicator(engines, two_tenants.a, priority, code="MORT", baseline=(date(2024, 12, 1), 10.0))
    [value] = record_values(engines, two_tenants.a, indicator, [(date(2025, 1, 1), 12.0)])
    pages = sign_in_as(app.test_client(), two_tenants.a_head, "en")
    with pages.session_transaction() as session:
        session["csrf_token"] = CSRF
    return Alpha(token_client(app, two_tenants.a_token), pages, indicator.id, value.id)


def stored(engines: Engines, two: TwoTenants) -> tuple[int, int, int]:
    """How many imports, files of evidence and values alpha keeps."""
    with tenant_session(engines, two.a.id) as db_session:
        return tuple(int(db_session.scalar(select(func.count()).select_from(what)) or 0)  # type: ignore[return-value]
                     for what in (DataImport, Evidence, Measurement))  # fmt: skip


# Every endpoint that takes a file, with the rest of its form: the API's, then the pages'.
UPLOADS = {
    "api imports": ("/api/v1/t/alpha/imports", {"kind": "measurements"}),
    "api evidence": ("/api/v1/t/alpha/measurements/{measurement}/evidence", {}),
    "page imports": ("/t/alpha/imports", {"kind": "measurements"}),
    "page evidence": ("/t/alpha/measurements/{measurement}/evidence", {}),
    "page value with evidence": ("/t/alpha/indicators/{indicator}/values", {"period": "2025-02", "value": "14"}),
}


def send(alpha: Alpha, upload: str, content: bytes, filename: str, content_type: str = "") -> TestResponse:
    path, form = UPLOADS[upload]
    target = path.format(measurement=alpha.measurement, indicator=alpha.indicator)
    client = alpha.api if target.startswith("/api/") else alpha.pages
    extra = {} if client is alpha.api else {"csrf_token": CSRF}
    file = (io.BytesIO(content), filename, content_type) if content_type else (io.BytesIO(content), filename)
    return client.post(target, data={**form, **extra, "file": file}, content_type="multipart/form-data")


def refusal(response: TestResponse) -> str:
    """The reason a refused upload gives: the API's field message, or the page's text."""
    if response.is_json:
        body = response.json
        assert body is not None and set(body) >= {"code", "status", "message"}, body
        return " ".join(
            [body["message"], *[r for f in body.get("errors", {}).values() for rs in f.values() for r in rs]]
        )
    return response.get_data(as_text=True)


def workbook(sheet: bytes, shared_strings: bytes | None = None) -> bytes:
    """An .xlsx written by hand, part by part, so that its XML can be anything a hostile file holds."""
    types = (b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" '
             b'ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
             b'package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
             b'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
             b'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
             + (b'<Override PartName="/xl/strings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                b'spreadsheetml.sharedStrings+xml"/>' if shared_strings else b"") + b"</Types>")  # fmt: skip
    relation = b'<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/%s" Target="%s"/>'
    parts = {
        "[Content_Types].xml": types,
        "_rels/.rels": b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + relation % (1, b"officeDocument", b"xl/workbook.xml") + b"</Relationships>",
        "xl/workbook.xml": b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http:'
        b'//schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Measurements" '
        b'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships">' + relation % (1, b"worksheet", b"worksheets/sheet1.xml")
        + (relation % (2, b"sharedStrings", b"strings.xml") if shared_strings else b"") + b"</Relationships>",
        "xl/worksheets/sheet1.xml": b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + sheet + b"</worksheet>",
    }  # fmt: skip
    if shared_strings:
        parts["xl/strings.xml"] = shared_strings
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def values_sheet(rows: int, declared: str | None = None) -> bytes:
    """A sheet of values with varied numbers, so that it compresses as real data does (not as a bomb)."""
    noise = random.Random(7)
    body = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>MORT</t></is></c><c r="C%d"><v>%d</v></c></row>'
                    % (n, n, n, noise.randrange(10**9)) for n in range(2, rows + 2))  # fmt: skip
    dimension = b'<dimension ref="%s"/>' % declared.encode() if declared else b""
    return dimension + b"<sheetData>" + HEADER_ROW + body + b"</sheetData>"


# ---- too large ---------------------------------------------------------------------------------------------


def test_every_api_endpoint_that_takes_a_file_is_swept_here(app: Flask) -> None:
    with app.app_context():
        spec = app.extensions["entrega.api"].spec.to_dict()
    taking_files = {
        path.replace("{tenant_slug}", "alpha").replace("{measurement_id}", "{measurement}")
        for path, operations in spec["paths"].items()
        for operation in operations.values()
        if isinstance(operation, dict) and "multipart/form-data" in operation.get("requestBody", {}).get("content", {})
    }
    assert taking_files == {path for name, (path, _form) in UPLOADS.items() if name.startswith("api ")}


@pytest.mark.parametrize("upload", list(UPLOADS))
def test_a_50_mb_file_is_refused_by_every_upload_endpoint_and_nothing_is_stored(
    engines: Engines, two_tenants: TwoTenants, alpha: Alpha, upload: str
) -> None:
    before = stored(engines, two_tenants)
    response = send(alpha, upload, b"%PDF-1.7\n" + b"\x00" * (50 * MB), "scan.pdf", "application/pdf")
    if upload == "page imports":  # the import page says so on itself, as for any refusal of its form
        assert response.status_code == 303
        assert "The file is larger than 15 MB" in alpha.pages.get(response.headers["Location"]).get_data(as_text=True)
    else:
        assert response.status_code == 413, response.status_code
        reason = refusal(response)
        assert "MB" in reason and "capacity limit" not in reason, reason  # ours, not werkzeug's
    if upload in ("page evidence", "page value with evidence"):
        assert "The file is too large" in reason and "up to 10 MB" in reason and "Traceback" not in reason
    assert stored(engines, two_tenants) == before


def test_a_50_mb_stream_that_does_not_declare_its_length_is_cut_off_too(
    engines: Engines, two_tenants: TwoTenants, alpha: Alpha
) -> None:
    before = stored(engines, two_tenants)
    boundary = "hostile"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nmeasurements\r\n--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n').encode()  # fmt: skip
    body = head + b"MORT,2025-01,1\n" * (50 * MB // 15) + f"\r\n--{boundary}--\r\n".encode()
    response = alpha.api.post(
        "/api/v1/t/alpha/imports", input_stream=io.BytesIO(body),
        headers={"Transfer-Encoding": "chunked", "Content-Type": f"multipart/form-data; boundary={boundary}"},
        environ_overrides={"wsgi.input_terminated": True},  # as gunicorn hands over a chunked body
    )  # fmt: skip
    assert response.status_code == 413
    assert "larger than 15 MB" in refusal(response)
    assert stored(engines, two_tenants) == before


# ---- workbooks that expand enormously, or would take minutes to open ----------------------------------------


@pytest.mark.parametrize("upload", ["api imports", "page imports"])
def test_a_zip_bomb_workbook_is_refused_at_once_without_being_read(
    engines: Engines, two_tenants: TwoTenants, alpha: Alpha, upload: str
) -> None:
    """Three million identical rows (about 170 MB of XML) packed into less than a megabyte."""
    row = b"<row><c><v>1</v></c><c><v>1</v></c><c><v>1</v></c></row>"
    bomb = workbook(b"<sheetData>" + HEADER_ROW + row * 3_000_000 + b"</sheetData>")
    assert len(bomb) < MB
    tracemalloc.start()
    started = time.monotonic()
    try:
        response = send(alpha, upload, bomb, "values.xlsx")
        took, (_now, peak) = time.monotonic() - started, tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 422, response.status_code
    assert "would expand to far more than a spreadsheet of data" in refusal(response)
    assert took < 5 and peak < 64 * MB, (took, peak)
    assert stored(engines, two_tenants)[0] == 0


def _many_strings() -> bytes:
    noise = random.Random(3)
    texts = b"".join(b"<si><t>%d</t></si>" % noise.randrange(10**9) if n % 5 == 0 else b"<si><t>ok</t></si>"
                     for n in range(120_000))  # fmt: skip
    return workbook(b"<sheetData>" + HEADER_ROW + b"</sheetData>", b'<sst xmlns="http://schemas.openxmlformats.'
                    b'org/spreadsheetml/2006/main">' + texts + b"</sst>")  # fmt: skip


def _one_wide_row() -> bytes:
    noise = random.Random(5)
    cells = b"".join(b"<c><v>%d</v></c>" % noise.randrange(10**6) if n % 9 == 0 else b"<c><v>7</v></c>"
                     for n in range(120_000))  # fmt: skip
    return workbook(
        b'<dimension ref="A1:C2"/><sheetData>' + HEADER_ROW + b'<row r="2">' + cells + b"</row></sheetData>"
    )


# Each well under the size and compression limits, and each minutes of openpyxl's time (and gigabytes of memory)
# at the size those limits still allow: every shared string is loaded when a book is opened, every cell of a
# row before its first columns are handed over.
SLOW_BOOKS = {
    "120,000 different texts": (_many_strings, "more than 100,000 different texts"),
    "a row of 120,000 cells": (_one_wide_row, "holds far more than 64 columns"),
}


@pytest.mark.parametrize("case", list(SLOW_BOOKS))
def test_a_workbook_that_would_take_minutes_to_open_is_refused_unread(
    engines: Engines, two_tenants: TwoTenants, alpha: Alpha, case: str
) -> None:
    build, reason = SLOW_BOOKS[case]
    book = build()
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        assert all(m.file_size < 100 * max(m.compress_size, 1) for m in archive.infolist())  # no bomb by ratio
    started = time.monotonic()
    response = send(alpha, "api imports", book, "values.xlsx")
    assert response.status_code == 422 and reason in refusal(response), refusal(response)
    assert time.monotonic() - started < 5
    assert stored(engines, two_tenants)[0] == 0


@pytest.mark.redis
def test_a_workbook_declaring_few_rows_but_holding_many_bytes_goes_to_the_queue(
    pg_backend: Backend, redis_url: str
) -> None:
    """Its declared size is not believed: checking it in the request could hold the request for minutes."""
    from entrega.app import create_app

    app = create_app(pg_backend.settings.with_overrides(redis_url=redis_url))
    try:
        engines: Engines = app.extensions["entrega.db"]
        two = _two_tenants(engines)
        create_indicator(engines, two.a, create_priority(engines, two.a, two.a_ministries[0]), code="MORT")
        book = workbook(values_sheet(110_000, declared="A1:C3"))
        api = token_client(app, two.a_token)
        response = api.post("/api/v1/t/alpha/imports", data={"kind": "measurements", "file": (io.BytesIO(book),
                            "values.xlsx")}, content_type="multipart/form-data")  # fmt: skip
        assert response.status_code == 202
        assert (response.json["status"], response.json["total_rows"]) == ("queued", 2)
        assert Queue("imports", connection=Redis.from_url(redis_url)).count == 1
    finally:
        app.extensions["entrega.db"].dispose()


# ---- files that are not what they say ------------------------------------------------------------------------


def _truncated_workbook() -> bytes:
    whole = workbook(values_sheet(50))
    return whole[: len(whole) // 2]


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


# (file name, bytes, what the import says)
WRONG_IMPORTS: dict[str, tuple[str, bytes, str]] = {
    "a program renamed .xlsx": ("values.xlsx", b"MZ\x90\x00\x03" + b"\x00" * 400, "not an Excel workbook"),
    "a PDF named .csv": ("values.csv", PDF + b"\x00\x01stream", "This file is not text"),
    "a CSV with NUL bytes": ("values.csv", b"indicator,period,value\nMORT\x00,2025-02,14\n", "This file is not text"),
    "neither UTF-8 nor Windows-1252": ("values.csv", b"indicator,period,value\nMORT,2025-02,14\x81\x8d\n",
                                       "This file is not text"),
    "a workbook cut in half": ("values.xlsx", _truncated_workbook(), "This workbook is damaged"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(WRONG_IMPORTS))
@pytest.mark.parametrize("upload", ["api imports", "page imports"])
def test_a_file_that_is_not_what_it_says_is_refused_by_the_import_and_nothing_is_stored(
    engines: Engines, two_tenants: TwoTenants, alpha: Alpha, upload: str, case: str
) -> None:
    filename, content, reason = WRONG_IMPORTS[case]
    before = stored(engines, two_tenants)
    response = send(alpha, upload, content, filename)
    assert response.status_code == 422, (response.status_code, refusal(response)[:300])
    assert reason in refusal(response)
    assert stored(engines, two_tenants) == before


def test_a_windows_csv_is_read_as_windows_1252_and_formulas_in_it_stay_text(
    engines: Engines, two_tenants: TwoTenants, alpha: Alpha
) -> None:
    """Not UTF-8, yet text: Excel on Windows saves CSV so. A cell that looks like a formula is kept as typed, and
    goes out with a quote before it, so that a spreadsheet opening the export shows it rather than running it."""
    formula = '=HYPERLINK("http://evil.example","Salud")'
    content = ("indicator,period,value,note\n"
               f'MORT,2025-02,14,"Subió: {formula.replace(chr(34), chr(34) * 2)}"\n').encode("cp1252")  # fmt: skip
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    response = send(alpha, "api imports", content, "values.csv")
    assert response.status_code == 202 and response.json["status"] == "done", response.json
    with tenant_session(engines, two_tenants.a.id) as db_session:
        notes = db_session.scalars(select(Measurement.note).where(Measurement.period == date(2025, 2, 1))).all()
    assert notes == [f"Subió: {formula}"]
    risky = ("indicator,period,value,note\n"
             f'MORT,2025-03,16,"{formula.replace(chr(34), chr(34) * 2)}"\n').encode()  # fmt: skip
    assert send(alpha, "api imports", risky, "values.csv").json["status"] == "done"
    exported = alpha.api.get("/api/v1/t/alpha/exports/measurements.csv").get_data(as_text=True)
    assert f'"\'{formula.replace(chr(34), chr(34) * 2)}"' in exported


# (file name, declared type, bytes, what the refusal says)
WRONG_EVIDENCE: dict[str, tuple[str, str, bytes, str]] = {
    "a program renamed .xlsx": ("report.xlsx", XLSX_TYPE, b"MZ\x90\x00" + b"\x00" * 400, "does not match its type"),
    "a PDF named .csv": ("data.csv", "text/csv", PDF + b"\x00\x01stream", "it is not text"),
    "a CSV with NUL bytes": ("data.csv", "text/csv", b"a,b\n1\x00,2\n", "it is not text"),
    "neither UTF-8 nor Windows-1252": ("notes.txt", "text/plain", b"caf\x81\x8d\n", "it is not text"),
    "a document cut in half": ("minutes.docx", DOCX_TYPE, _docx()[:60], "damaged"),
    "a program named as a PDF's type": ("setup.exe", "application/pdf", PDF, "ends in .exe"),
    "a web page named as a text's type": ("page.html", "text/plain", b"<script>alert(1)</script>", "ends in .html"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(WRONG_EVIDENCE))
@pytest.mark.parametrize("upload", ["api evidence", "page evidence"])
def test_a_file_that_is_not_what_it_says_is_refused_as_evidence_and_nothing_is_stored(
    engines: Engines, two_tenants: TwoTenants, alpha: Alpha, upload: str, case: str
) -> None:
    filename, content_type, content, reason = WRONG_EVIDENCE[case]
    before = stored(engines, two_tenants)
    response = send(alpha, upload, content, filename, content_type)
    assert response.status_code == 422, response.status_code
    assert reason in refusal(response), refusal(response)[:400]
    assert stored(engines, two_tenants) == before


def test_evidence_that_is_what_it_says_is_kept_under_a_name_that_says_so(alpha: Alpha) -> None:
    """The checks refuse no honest file: text in Windows-1252, a JPEG named .jpeg, a name without an ending."""
    sent: list[tuple[str, str, bytes]] = [
        ("tabla.csv", "text/csv", "año,valor\n2025,14\n".encode("cp1252")),
        ("photo.jpeg", "image/jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
        ("minutes", DOCX_TYPE, _docx()),
    ]
    names = []
    for filename, content_type, content in sent:
        response = send(alpha, "api evidence", content, filename, content_type)
        assert response.status_code == 201, response.json
        names.append(response.json["filename"])
    assert names == ["tabla.csv", "photo.jpeg", "minutes.docx"]
