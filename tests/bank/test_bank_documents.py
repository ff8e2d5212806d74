"""A bank's documents: a comparison exported as a PDF by a background job (in-process, and on a real rq
worker), kept for its institution alone; and the reports governments share with it, until they revoke."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy import func, select, text

from entrega.audit.services import acting_as
from entrega.bank import sharing
from entrega.bank.models import BankExport, Engagement, ExportStatus, ShareKind
from entrega.db import Engines, utcnow
from entrega.extensions.registry import PluginRegistry
from entrega.jobs import handover, runner
from entrega.routines.models import Report
from entrega.tenancy.binding import bind_institution, tenant_session
from tests.bank.test_bank_pages import Banks, _banks, _grant
from tests.conftest import Backend, TwoTenants, _two_tenants, sign_in_as, token_client
from tests.reports.support import ask, pdf_text, set_up
from tests.resilience.servers import PrivateRedis

pytestmark = pytest.mark.plugins("entrega_prodev", "entrega_pmdu")


def _export(client: FlaskClient, query: str) -> str:
    """Press "Export as PDF" on the comparison page; returns where the bank is sent."""
    page = client.get(f"/bank/idb/compare?{query}").get_data(as_text=True)
    form = page.split('action="/bank/idb/documents/exports"')[1].split("</form>")[0]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    response = client.post("/bank/idb/documents/exports", data=fields)
    assert response.status_code == 302
    return str(response.headers["Location"])


def _download_link(client: FlaskClient) -> str:
    found = re.search(
        r'href="(/bank/idb/documents/exports/[0-9a-f-]+/file)"',
        client.get("/bank/idb/documents").get_data(as_text=True),
    )
    assert found, "no finished export listed"
    return found.group(1)


def test_a_specialist_exports_the_comparison_as_a_pdf_that_only_their_bank_can_fetch(
    app: Flask, engines: Engines, registry: PluginRegistry, two_tenants: TwoTenants
) -> None:
    banks = _banks(engines, registry, two_tenants)
    _grant(engines, two_tenants.a, banks.engagements["alpha"], ShareKind.DIAGNOSTIC, "prodev_sep")
    specialist = sign_in_as(app.test_client(), banks.specialist, "es")
    assert "/bank/idb/documents#export-" in _export(specialist, "instrument=prodev_sep&assessor=government")

    rows = specialist.get("/bank/idb/documents/exports").get_data(as_text=True)
    assert "hx-get" not in rows and "<progress" not in rows  # made in-process: nothing left in progress
    pdf = specialist.get(_download_link(specialist))
    assert pdf.status_code == 200 and pdf.headers["Content-Disposition"].startswith("attachment;")
    pages, words = pdf_text(pdf.data)
    assert pages >= 2
    assert "Inter-American Development Bank" in words and "Alpha" in words
    assert words.count("Beta") == 1  # named once, as not sharing; never scored
    assert "Planificación" in words  # the pillar, in the reader's language

    # Another bank's specialist finds neither the list entry nor the file.
    outsider = sign_in_as(app.test_client(), banks.outsider, "en")
    assert outsider.get("/bank/idb/documents").status_code == 404
    assert outsider.get(_download_link(specialist)).status_code == 404
    with engines.Session() as db_session:
        bind_institution(db_session, banks.idb)
        export = db_session.scalars(select(BankExport)).one()
        assert export.status is ExportStatus.DONE and export.pages == pages
        assert export.query == {"instrument": "prodev_sep", "assessor": "government"}


def test_the_database_keeps_each_banks_exports_to_itself(
    pg_app: Flask, pg_engines: Engines, registry: PluginRegistry, pg_two_tenants: TwoTenants
) -> None:
    banks = _banks(pg_engines, registry, pg_two_tenants)
    _grant(pg_engines, pg_two_tenants.a, banks.engagements["alpha"], ShareKind.DIAGNOSTIC, "prodev_sep")
    _export(sign_in_as(pg_app.test_client(), banks.specialist, "en"), "instrument=prodev_sep")
    with pg_engines.Session() as db_session:
        bind_institution(db_session, uuid.uuid4())  # any other institution
        assert db_session.scalar(text("SELECT count(*) FROM bank_exports")) == 0
        assert db_session.execute(text("UPDATE bank_exports SET status = 'failed'")).rowcount == 0  # type: ignore[attr-defined]
        db_session.rollback()
    with pg_engines.Session() as db_session:  # bound to nobody: nothing either
        assert db_session.scalar(text("SELECT count(*) FROM bank_exports")) == 0
    with pg_engines.Session() as db_session:
        bind_institution(db_session, banks.idb)
        assert db_session.scalar(text("SELECT count(*) FROM bank_exports WHERE status = 'done'")) == 1


@pytest.mark.redis
def test_a_real_worker_makes_the_export_in_the_background(
    pg_backend: Backend, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from entrega.app import create_app

    settings = pg_backend.settings.with_overrides(redis_url=redis_url)
    app = create_app(settings)
    engines: Engines = app.extensions["entrega.db"]
    registry: PluginRegistry = app.extensions["entrega.plugins"]
    banks: Banks = _banks(engines, registry, _two_tenants(engines))
    with tenant_session(engines, _tenant_id(engines, "alpha")) as db_session:
        engagement = db_session.get(Engagement, (_tenant_id(engines, "alpha"), banks.engagements["alpha"]))
        with acting_as("head"):
            sharing.grant(db_session, engagement, ShareKind.DIAGNOSTIC, "*", {"prodev_sep"})  # type: ignore[arg-type]
        db_session.commit()
    for name, value in {
        "ENTREGA_INSTANCE_PATH": str(settings.instance_path), "DATABASE_URL": settings.database_url,
        "PLATFORM_DATABASE_URL": settings.platform_database_url, "REDIS_URL": redis_url,
        "SECRET_KEY": settings.secret_key,
    }.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(runner, "_worker_app", None)  # the worker builds its own app, as in production

    specialist = sign_in_as(app.test_client(), banks.specialist, "fr")
    _export(specialist, "instrument=prodev_sep")
    rows = specialist.get("/bank/idb/documents/exports").get_data(as_text=True)
    assert 'hx-trigger="every 2s"' in rows and "<progress" in rows  # queued: the list keeps asking
    connection = Redis.from_url(redis_url)
    SimpleWorker([Queue("reports", connection=connection)], connection=connection).work(burst=True)
    _pages, words = pdf_text(specialist.get(_download_link(specialist)).data)
    assert "Alpha" in words and "Beta" in words and "Page" in words
    engines.dispose()


def _tenant_id(engines: Engines, slug: str) -> uuid.UUID:
    from entrega.tenancy.models import Tenant

    with engines.Session() as db_session:
        found = db_session.scalar(select(Tenant.id).where(Tenant.slug == slug))
    assert found is not None
    return found


def test_a_bank_downloads_the_reports_a_government_shares_until_it_revokes(
    pg_app: Flask, pg_engines: Engines, registry: PluginRegistry, pg_two_tenants: TwoTenants
) -> None:
    banks = _banks(pg_engines, registry, pg_two_tenants)
    set_up(pg_app, pg_engines, pg_two_tenants)
    government = token_client(pg_app, pg_two_tenants.a_token)
    assert ask(government, "alpha", template="league_table").status_code in (200, 201, 202)
    assert ask(government, "alpha", template="stocktake_pack").status_code in (200, 201, 202)
    specialist = sign_in_as(pg_app.test_client(), banks.specialist, "en")
    assert "No government shares its reports" in specialist.get("/bank/idb/documents").get_data(as_text=True)

    share = _grant(pg_engines, pg_two_tenants.a, banks.engagements["alpha"], ShareKind.REPORT, "league_table")
    page = specialist.get("/bank/idb/documents").get_data(as_text=True)
    links = re.findall(r'href="(/bank/idb/governments/alpha/reports/[0-9a-f-]+/file)"', page)
    assert len(links) == 1  # the league table, not the stocktake pack
    pdf = specialist.get(links[0])
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    with tenant_session(pg_engines, pg_two_tenants.a.id) as db_session:
        stocktake = db_session.scalar(select(Report.id).where(Report.template == "stocktake_pack"))
    assert specialist.get(f"/bank/idb/governments/alpha/reports/{stocktake}/file").status_code == 404
    assert specialist.get(links[0].replace("/alpha/", "/beta/")).status_code == 404

    with acting_as("head"), tenant_session(pg_engines, pg_two_tenants.a.id) as db_session:
        sharing.revoke(db_session, share)
        db_session.commit()
    assert specialist.get(links[0]).status_code == 404
    with pg_engines.Session() as db_session:  # the database itself no longer admits the row
        bind_institution(db_session, banks.idb)
        assert db_session.scalar(select(func.count()).select_from(Report.__table__)) == 0


@pytest.mark.redis
def test_while_the_queue_is_down_an_export_waits_and_the_sweep_makes_it_once_the_queue_is_back(
    pg_backend: Backend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from entrega.app import create_app

    redis = PrivateRedis()
    try:
        redis.start()
        settings = pg_backend.settings.with_overrides(redis_url=redis.url, report_directory=tmp_path / "reports")
        for name, value in {
            "DATABASE_URL": settings.database_url, "PLATFORM_DATABASE_URL": settings.platform_database_url,
            "REDIS_URL": redis.url, "SECRET_KEY": settings.secret_key,
            "ENTREGA_INSTANCE_PATH": str(settings.instance_path), "ENTREGA_PLUGINS": "entrega_prodev",
            "ENTREGA_REPORT_DIRECTORY": str(settings.reports_path),
        }.items():  # fmt: skip
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(runner, "_worker_app", None)
        app = create_app(settings)
        engines: Engines = app.extensions["entrega.db"]
        banks = _banks(engines, app.extensions["entrega.plugins"], _two_tenants(engines))
        specialist = sign_in_as(app.test_client(), banks.specialist, "en")

        redis.stop()
        page = specialist.get("/bank/idb/compare?instrument=prodev_sep")
        assert page.status_code == 200  # the page itself needs no queue
        _export(specialist, "instrument=prodev_sep")
        documents = specialist.get("/bank/idb/documents").get_data(as_text=True)
        assert "it will be made as soon as the queue is back" in documents and "<progress" in documents

        redis.start()  # empty: the export never reached it
        assert handover.sweep(app) == handover.Swept()  # within the grace the request may still enqueue it
        assert handover.sweep(app, utcnow() + handover.GRACE + timedelta(seconds=1)) == handover.Swept(handed_over=1)
        connection = Redis.from_url(redis.url)
        SimpleWorker([Queue("reports", connection=connection)], connection=connection).work(burst=True)
        connection.close()
        assert specialist.get(_download_link(specialist)).data.startswith(b"%PDF")
        engines.dispose()
    finally:
        redis.destroy()
