"""The demo's living workspace: every demo government gets priorities, indicators and two years of data in
every state the pages show, in its own language and model, the same way on every run."""

from __future__ import annotations

import shutil
import uuid
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from entrega.app import create_app
from entrega.audit.services import acting_as
from entrega.config import REPO_ROOT
from entrega.db import Engines
from entrega.delivery import facts
from entrega.delivery.demo import _model_of, seed_workspace
from entrega.delivery.models import ChainLink, Evidence, Indicator, Measurement, Milestone, MilestoneStatus, Priority
from entrega.delivery.warning import Signal
from entrega.extensions.contract import CommonRating
from entrega.identity.roles import Role
from entrega.tenancy import files
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Tenant
from tests.conftest import BUNDLED_MODELS, _settings, sign_in_as
from tests.factories import create_member

pytestmark = pytest.mark.plugins(*BUNDLED_MODELS)
TODAY = date(2026, 6, 15)
SLUGS = ("cl", "ht")  # Spanish with a calendar fiscal year; French with one that starts in October


def _demo_tenants(app: Flask, engines: Engines) -> dict[str, uuid.UUID]:
    with app.app_context():
        registry = app.extensions["entrega.plugins"]
        files.apply(engines, [files.load(path, registry) for path in files.collect([REPO_ROOT / "tenants"])])
    with cross_tenant_session(engines, reason="test") as db_session:
        return {t.slug: t.id for t in db_session.scalars(select(Tenant)) if t.slug in SLUGS}


def _seed(app: Flask, engines: Engines, tenant_ids: list[uuid.UUID]) -> list[str]:
    with app.app_context(), acting_as("demo"):
        return seed_workspace(engines, tenant_ids, today=TODAY)


def test_each_demo_government_gets_a_living_workspace(app: Flask, engines: Engines) -> None:
    ids = _demo_tenants(app, engines)
    assert sorted(_seed(app, engines, list(ids.values()))) == sorted(SLUGS)
    assert _seed(app, engines, list(ids.values())) == []  # a second run leaves them alone

    for slug, tenant_id in ids.items():
        with app.app_context(), tenant_session(engines, tenant_id) as db_session:
            tenant = db_session.get(Tenant, tenant_id)
            assert tenant is not None
            priorities = list(db_session.scalars(select(Priority)))
            assert 4 <= len(priorities) <= 6
            language = tenant.default_locale
            assert all(language in p.name and p.aim for p in priorities), slug
            per_priority = Counter(db_session.scalars(select(Indicator.priority_id)))
            assert all(2 <= per_priority[p.id] <= 3 for p in priorities)
            ministries = {p.owner_ministry_id for p in priorities}
            assert len(ministries) >= 3  # owned across the government, not by one ministry

            views = facts.load(db_session, _model_of(db_session), TODAY, complete=True)
            indicators = [i for view in views for i in view.indicators]
            assert all(i.baseline and i.target and i.facts.trajectory for i in indicators)
            months = [(i.facts.values[-1].period - i.facts.baseline_period).days / 30.4 for i in indicators
                      if i.facts.values and i.facts.baseline_period]  # fmt: skip
            assert months and 16 <= max(months) <= 31
            ratings = {i.status.rating for i in indicators}
            assert CommonRating.ON_TRACK in ratings and CommonRating.OFF_TRACK in ratings
            assert any(i.status.missing_count for i in indicators)  # gaps show as missing data
            signals = {reason.signal for view in views for reason in view.reasons}
            assert {Signal.OFF_TRAJECTORY, Signal.DATA_MISSING, Signal.MILESTONE_SLIPPING} <= signals
            assert Signal.BUDGET_UNDER_EXECUTED in signals

            statuses = Counter(s.value for s in db_session.scalars(select(Measurement.status)))
            assert {"published", "validated", "submitted", "returned"} <= set(statuses), statuses
            returned = db_session.scalars(select(Measurement).where(Measurement.status == "returned")).one()
            assert returned.return_reason
            assert db_session.scalar(select(func.max(Measurement.version))) == 2  # one value corrected
            assert db_session.scalar(select(func.count()).select_from(Evidence))
            off_track_noteless = [
                i.indicator.code for i in indicators
                if i.status.rating is CommonRating.OFF_TRACK and not _latest_note(db_session, i.indicator.id)
            ]  # fmt: skip
            assert off_track_noteless == [], "a value off track always carries a note"
            milestones = list(db_session.scalars(select(Milestone)))
            assert any(m.due_on < TODAY and m.status is not MilestoneStatus.DONE for m in milestones)
            assert any(m.status is MilestoneStatus.DONE for m in milestones)
            assert db_session.scalar(select(func.count()).select_from(ChainLink).where(ChainLink.weak))


def _latest_note(db_session, indicator_id: uuid.UUID) -> str:  # type: ignore[no-untyped-def]
    latest = db_session.scalars(
        select(Measurement)
        .where(Measurement.indicator_id == indicator_id, Measurement.status != "returned")
        .order_by(Measurement.period.desc(), Measurement.version.desc())
    ).first()
    return str(latest.note) if latest else ""


def test_the_workspace_is_the_same_on_every_run(
    app: Flask, engines: Engines, sqlite_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "again.sqlite3"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    other = create_app(_settings(tmp_path / "again", url, url, url, plugins=BUNDLED_MODELS))
    other_engines: Engines = other.extensions["entrega.db"]
    try:
        digests = []
        for application, engine in ((app, engines), (other, other_engines)):
            ids = _demo_tenants(application, engine)
            _seed(application, engine, [ids["cl"]])
            with tenant_session(engine, ids["cl"]) as db_session:
                rows = db_session.execute(
                    select(
                        Indicator.code, Measurement.period, Measurement.version, Measurement.value, Measurement.status
                    ).join(Indicator, Indicator.id == Measurement.indicator_id)
                )
                digests.append(sorted(tuple(row) for row in rows))
        assert digests[0] == digests[1] and len(digests[0]) > 100
    finally:
        other_engines.dispose()


def test_the_demo_pages_open_on_the_seeded_workspace(app: Flask, engines: Engines) -> None:
    ids = _demo_tenants(app, engines)
    _seed(app, engines, [ids["cl"]])
    with cross_tenant_session(engines, reason="test") as db_session:
        tenant = db_session.get(Tenant, ids["cl"])
    assert tenant is not None
    client = sign_in_as(app.test_client(), create_member(engines, tenant, Role.UNIT_HEAD), locale="en")
    with tenant_session(engines, ids["cl"]) as db_session:
        indicator_ids = list(db_session.scalars(select(Indicator.id)))
    for indicator_id in indicator_ids:
        assert client.get(f"/t/cl/indicators/{indicator_id}").status_code == 200
    entry = client.get("/t/cl/data").get_data(as_text=True)
    assert "Returned for correction" in entry
    review = client.get("/t/cl/review").get_data(as_text=True)
    assert "values are waiting." in review
