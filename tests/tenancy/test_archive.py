"""A government's data leaves and comes back whole: export, import into an empty instance, compare
everything; and deletion with a grace period, then a purge that proves nothing is left."""

from __future__ import annotations

import gzip
import io
import os
import re
import tarfile
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from entrega.app import create_app
from entrega.audit.models import PlatformAuditEvent
from entrega.audit.services import acting_as
from entrega.bank import services as bank_services
from entrega.db import Engines
from entrega.delivery import measurements
from entrega.delivery import services as delivery
from entrega.delivery.access import ANY_MINISTRY
from entrega.delivery.models import Indicator
from entrega.provisioning import DatabaseUrls, drop_database, provision, upgrade
from entrega.tenancy import archive, lifecycle
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from tests.conftest import BUNDLED_MODELS, PG_SUPERUSER_URL, Backend, TwoTenants, sign_in_as, token_client
from tests.factories import create_indicator, create_priority, record_values

pytestmark = [pytest.mark.postgres, pytest.mark.plugins(*BUNDLED_MODELS)]


@pytest.fixture
def empty_instance(pg_backend: Backend, tmp_path: Path) -> Iterator[Flask]:
    name = f"entrega_import_{os.getpid()}"
    drop_database(PG_SUPERUSER_URL, name)
    urls: DatabaseUrls = provision(PG_SUPERUSER_URL, name)
    upgrade(urls.owner)
    app = create_app(pg_backend.settings.with_overrides(
        database_url=urls.app, platform_database_url=urls.platform, migration_database_url=urls.owner))  # fmt: skip
    yield app
    app.extensions["entrega.db"].dispose()
    drop_database(PG_SUPERUSER_URL, name)


@pytest.fixture
def rich_government(pg_app: Flask, pg_two_tenants: TwoTenants) -> TwoTenants:
    """alpha with a model, ministries and agencies, members, tokens, an invitation and a history of changes."""
    api = token_client(pg_app, pg_two_tenants.a_token)
    etag = api.get("/api/v1/t/alpha/model").headers["ETag"]
    api.put("/api/v1/t/alpha/model", json={"delivery": "entrega_pmdu", "vocabulary": {"es": {"priority": ["compromiso", "compromisos"]}}},
            headers={"If-Match": etag})  # fmt: skip
    api.post("/api/v1/t/alpha/ministries", json={"code": "FIN", "name": {"es": "Hacienda", "en": "Finance"}})
    head = sign_in_as(pg_app.test_client(), pg_two_tenants.a_head, "en")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', head.get("/t/alpha/members").get_data(as_text=True)).group(1)  # type: ignore[union-attr]
    head.post("/t/alpha/members/invite", data={"csrf_token": csrf, "email": "pending@example.org", "role": "viewer"})
    with cross_tenant_session(pg_app.extensions["entrega.db"], reason="test: a bank") as db_session:
        bank_services.create_institution(db_session, "idb", "Inter-American Development Bank")
        db_session.commit()
    head.post("/t/alpha/engagements", data={"csrf_token": csrf, "institution": "idb", "code": "AL-L1", "kind": "loan",
                                            "title": "Education results", "starts_on": "2025-01-01"})  # fmt: skip
    _workspace(pg_app.extensions["entrega.db"], pg_two_tenants)
    return pg_two_tenants


def _workspace(engines: Engines, tenants: TwoTenants) -> None:
    """A priority with an indicator, its history of values, a correction, evidence and budget."""
    priority = create_priority(engines, tenants.a, tenants.a_ministries[0])
    indicator = create_indicator(engines, tenants.a, priority, baseline=(date(2024, 12, 1), 10.0),
                                 target=(date(2025, 12, 1), 30.0))  # fmt: skip
    [first, _] = record_values(engines, tenants.a, indicator, [(date(2025, 1, 1), 11.7), (date(2025, 2, 1), 13.4)])
    with acting_as("test"), tenant_session(engines, tenants.a.id) as db_session:
        found = db_session.get(Indicator, (tenants.a.id, indicator.id))
        corrected = measurements.correct(db_session, first, found, 11.8, entrant=ANY_MINISTRY, note="Late returns")  # type: ignore[arg-type]
        measurements.add_evidence(db_session, corrected, found, "survey.pdf", "application/pdf", b"%PDF-1.7 bytes",  # type: ignore[arg-type]
                                  entrant=ANY_MINISTRY)  # fmt: skip
        programme = delivery.create_programme(db_session, {"code": "0123", "name": "Child health"})
        delivery.set_budget_entry(db_session, programme, date(2025, 1, 1), Decimal("1000.50"), Decimal("250.25"))
        db_session.commit()


def _data_files(path: Path) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(path.read_bytes()))) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.name != "manifest.json"}  # type: ignore[union-attr]


def test_an_archive_imported_into_an_empty_instance_reproduces_the_government_exactly(
    pg_engines: Engines, rich_government: TwoTenants, empty_instance: Flask, tmp_path: Path
) -> None:
    first, second = tmp_path / "alpha.tar.gz", tmp_path / "alpha-again.tar.gz"
    manifest = archive.export_data(pg_engines, "alpha", first)
    assert manifest["files"]["tables/ministries.jsonl"]["rows"] == 3
    assert manifest["files"]["tables/audit_events.jsonl"]["rows"] >= 5
    assert manifest["files"]["tables/api_tokens.jsonl"]["rows"] == 1
    assert manifest["files"]["tables/invitations.jsonl"]["rows"] == 1
    assert manifest["files"]["tables/engagements.jsonl"]["rows"] == 1
    assert manifest["files"]["institutions.jsonl"]["rows"] == 1
    assert manifest["files"]["tables/measurements.jsonl"]["rows"] == 3  # two periods, one corrected: every version
    assert manifest["files"]["tables/evidence.jsonl"]["rows"] == 1
    assert manifest["files"]["tables/budget_entries.jsonl"]["rows"] == 1

    counts = archive.import_data(empty_instance.extensions["entrega.db"], first)
    assert counts["ministries"] == 3
    again = archive.export_data(empty_instance.extensions["entrega.db"], "alpha", second)
    assert _data_files(first) == _data_files(second)
    assert {k: v["sha256"] for k, v in manifest["files"].items()} == {k: v["sha256"] for k, v in again["files"].items()}
    # Only alpha travelled.
    with cross_tenant_session(empty_instance.extensions["entrega.db"], reason="test") as db_session:
        from entrega.tenancy.models import Tenant

        assert list(db_session.scalars(select(Tenant.slug))) == ["alpha"]
    # And the imported government works: its token opens its API there.
    imported = token_client(empty_instance, rich_government.a_token)
    assert {m["code"] for m in imported.get("/api/v1/t/alpha/ministries").json} == {"HEALTH", "HEALTH-AG", "FIN"}


def test_a_damaged_archive_is_refused_and_nothing_is_written(
    pg_engines: Engines, rich_government: TwoTenants, empty_instance: Flask, tmp_path: Path
) -> None:
    source, damaged = tmp_path / "alpha.tar.gz", tmp_path / "damaged.tar.gz"
    archive.export_data(pg_engines, "alpha", source)
    members = _data_files(source)
    members["tables/ministries.jsonl"] = members["tables/ministries.jsonl"].replace(b"Hacienda", b"Haciendo")
    with tarfile.open(source, "r:gz") as tar:
        manifest = tar.extractfile("manifest.json").read()  # type: ignore[union-attr]
    archive._write_tar(damaged, {**members, "manifest.json": manifest})
    with pytest.raises(archive.ArchiveError, match=r"tables/ministries\.jsonl: checksum mismatch"):
        archive.import_data(empty_instance.extensions["entrega.db"], damaged)
    with pytest.raises(archive.ArchiveError, match="exists here already"):
        archive.import_data(pg_engines, source)


def test_deletion_takes_the_government_offline_at_once_and_purges_it_after_the_grace_period(
    pg_app: Flask, pg_engines: Engines, rich_government: TwoTenants, tmp_path: Path
) -> None:
    lifecycle.request_deletion(pg_engines, "alpha")
    assert token_client(pg_app, rich_government.a_token).get("/api/v1/t/alpha/ministries").status_code == 404
    assert lifecycle.purge_due(pg_engines) == {}  # still within the grace period
    lifecycle.cancel_deletion(pg_engines, "alpha")
    assert token_client(pg_app, rich_government.a_token).get("/api/v1/t/alpha/ministries").status_code == 200

    lifecycle.request_deletion(pg_engines, "alpha")
    from entrega.reports.storage import ReportStorage

    reports = tmp_path / "reports"
    alpha_pdfs, beta_pdfs = (ReportStorage(reports).folder_of(t.id) for t in (rich_government.a, rich_government.b))
    for folder in (alpha_pdfs, beta_pdfs):
        folder.mkdir(parents=True)
        (folder / "pack.pdf").write_bytes(b"%PDF-1.7")
    proofs = lifecycle.purge_due(pg_engines, grace=timedelta(0), reports=reports)
    assert not alpha_pdfs.exists() and (beta_pdfs / "pack.pdf").exists()  # its reports go with it; beta's stay
    assert set(proofs) == {"alpha"}
    assert set(proofs["alpha"].values()) == {0}
    assert {"ministries", "memberships", "audit_events", "api_tokens", "tenants"} <= set(proofs["alpha"])
    with cross_tenant_session(pg_engines, reason="test") as db_session:
        purge = db_session.scalars(select(PlatformAuditEvent).where(PlatformAuditEvent.action == "purged")).one()
    assert purge.subject_tenant == "alpha"
    assert purge.before["rows"]["ministries"] == 3
    # beta is untouched.
    assert len(token_client(pg_app, rich_government.b_token).get("/api/v1/t/beta/ministries").json) == 1
