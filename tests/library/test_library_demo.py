"""The demo maps a few of each demo government's indicators to the library and shares them with the demo bank,
so the bank's library pages show data the moment the demo starts; running it again changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from markupsafe import escape
from sqlalchemy import select

from entrega.audit.services import acting_as
from entrega.config import REPO_ROOT
from entrega.db import Engines
from entrega.delivery.demo import seed_workspace
from entrega.identity import demo as demo_accounts
from entrega.identity.models import User
from entrega.library import demo as demo_library
from entrega.library import services as indicator_library
from entrega.tenancy import files
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Tenant
from tests.conftest import BUNDLED_MODELS, sign_in_as

pytestmark = pytest.mark.plugins(*BUNDLED_MODELS)
SLUGS = ("cl", "ht")


def test_the_demo_bank_compares_the_demo_governments_mapped_indicators(app: Flask, engines: Engines) -> None:
    with app.app_context(), acting_as("demo"):
        registry = app.extensions["entrega.plugins"]
        wanted = [path for path in files.collect([REPO_ROOT / "tenants"]) if path.stem in SLUGS]
        files.apply(engines, [files.load(path, registry) for path in wanted])
        tenants = [t for t in demo_accounts.demo_tenants(engines) if t.slug in SLUGS]
        demo_accounts.seed(engines, tenants)
        seed_workspace(engines, [t.id for t in tenants], today=date(2026, 6, 15))
        with cross_tenant_session(engines, reason="test") as db_session:
            indicator_library.sync(db_session)
            db_session.commit()
        assert demo_library.seed(engines, tenants) == len(SLUGS) * len(demo_library.MAPPINGS)
        assert demo_library.seed(engines, tenants) == 0  # a second run leaves them alone

    with cross_tenant_session(engines, reason="test") as db_session:
        specialist = db_session.scalar(select(User).where(User.email == "specialist@idb.demo.entrega.invalid"))
        names = [t.name for t in db_session.scalars(select(Tenant).where(Tenant.slug.in_(SLUGS)))]
    assert specialist is not None
    client = sign_in_as(app.test_client(), specialist, "en")
    listing = client.get("/bank/idb/library").get_data(as_text=True)
    assert "2 of 2" in listing.split('/bank/idb/library/under5_mortality"')[1].split("</tr>")[0]
    mortality = client.get("/bank/idb/library/under5_mortality").get_data(as_text=True)
    assert "<svg" in mortality and all(str(escape(name)) in mortality.split('id="chart-heading"')[1] for name in names)
    youth = client.get("/bank/idb/library/youth_neet").get_data(as_text=True)
    assert youth.count("Not compared") == 2 and "<svg" not in youth
