"""Report storage that is full or cannot be written: the report fails with a plain message, nothing is left
behind, and asking again once storage is back makes it (the same report, not a second one)."""

from __future__ import annotations

import errno
import os
import uuid
from pathlib import Path

import pytest
from flask import Flask

from entrega.app import create_app
from entrega.db import Engines
from entrega.reports import storage as report_storage
from entrega.reports.storage import ReportStorage, ReportStorageError
from tests.conftest import Backend, TwoTenants, _two_tenants, token_client
from tests.reports.support import ask, set_up

pytestmark = pytest.mark.plugins("entrega_pmdu")


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_report_directory_that_cannot_be_made_fails_the_report_plainly(pg_backend: Backend, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the report directory's parent should be")
    app = create_app(pg_backend.settings.with_overrides(report_directory=blocker / "reports"))
    try:
        engines: Engines = app.extensions["entrega.db"]
        two = _two_tenants(engines)
        set_up(app, engines, two)
        response = ask(token_client(app, two.a_token), "alpha", template="league_table", language="en")
        body = response.json
        assert response.status_code == 202 and body["status"] == "failed"
        assert "cannot be written to" in body["error"] and "nothing was kept" in body["error"]
        assert str(tmp_path) not in body["error"]  # people are told what to do, not the server's paths
        assert _files(tmp_path) == [blocker]
    finally:
        app.extensions["entrega.db"].dispose()


def test_a_full_disk_leaves_no_half_file_and_asking_again_later_makes_the_report(
    pg_app: Flask, pg_engines: Engines, pg_two_tenants: TwoTenants, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_up(pg_app, pg_engines, pg_two_tenants)
    root = pg_app.extensions["entrega.settings"].reports_path
    real_replace = os.replace

    def disk_full(src: object, dst: object) -> None:  # the OS call fails as a full disk makes it fail
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(report_storage.os, "replace", disk_full)
    api = token_client(pg_app, pg_two_tenants.a_token)
    failed = ask(api, "alpha", template="league_table", language="en").json
    assert failed["status"] == "failed" and "storage is full" in failed["error"], failed
    assert _files(root) == []  # neither the PDF nor its temporary file
    assert api.get(f"/api/v1/t/alpha/reports/{failed['id']}/file").status_code == 409

    monkeypatch.setattr(report_storage.os, "replace", real_replace)
    again = ask(api, "alpha", template="league_table", language="en").json
    assert again["id"] == failed["id"] and again["status"] == "done" and again["error"] == ""
    assert [p.name for p in _files(root)] == [f"{again['id']}.pdf"]


def test_storage_reports_why_it_failed(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(ReportStorageError) as refused:
        ReportStorage(tmp_path / "file" / "reports").store(uuid.uuid4(), uuid.uuid4(), b"%PDF")
    assert refused.value.reason == report_storage.UNWRITABLE


def test_a_damaged_file_is_not_handed_out_and_asking_again_remakes_it(
    pg_app: Flask, pg_engines: Engines, pg_two_tenants: TwoTenants
) -> None:
    set_up(pg_app, pg_engines, pg_two_tenants)
    api = token_client(pg_app, pg_two_tenants.a_token)
    done = ask(api, "alpha", template="league_table").json
    with pg_app.app_context():
        from entrega.reports import services

        path = services.storage().path_of(pg_two_tenants.a.id, done["id"])
    path.write_bytes(path.read_bytes()[:100])  # truncated, as a failing disk might leave it
    assert api.get(done["file_url"]).status_code == 409
    remade = ask(api, "alpha", template="league_table").json
    assert remade["id"] == done["id"] and remade["status"] == "done"
    assert api.get(remade["file_url"]).status_code == 200
