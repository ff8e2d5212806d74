"""A Spanish government on the PMDU model with data to report on, and ways to read what was printed."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Flask
from pypdf import PdfReader

from entrega.audit.services import acting_as
from entrega.db import Engines
from entrega.delivery import periods
from entrega.extensions.contract import Frequency
from entrega.extensions.runtime import resolve
from entrega.extensions.services import current_model, set_model, validate_model
from entrega.identity.services import now
from entrega.routines import services as routines
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.models import Tenant
from tests.conftest import TwoTenants
from tests.factories import create_indicator, create_priority, record_values


def months_back(count: int) -> list[date]:
    """The first days of the `count` months before this one, oldest first (data due by now)."""
    this = periods.period_start(now().date(), Frequency.MONTHLY)
    return [periods.add_months(this, -k) for k in range(count, 0, -1)]


@dataclass
class Government:
    tenant: Tenant
    meeting_id: uuid.UUID
    late_code: str


def set_up(app: Flask, engines: Engines, two: TwoTenants, model: str = "entrega_pmdu") -> Government:
    """alpha (Spanish) on `model`, one priority on track and one off track, and a stocktake planned."""
    with acting_as("test"), tenant_session(engines, two.a.id) as db_session:
        set_model(db_session, validate_model(app.extensions["entrega.plugins"], {"delivery": model}))
        db_session.commit()
    health = two.a_ministries[0]
    months = months_back(8)
    baseline = (periods.add_months(months[0], -1), 10.0)
    path = [(m, 10.0 + 2 * (n + 1)) for n, m in enumerate(months)]
    target = (periods.add_months(months[-1], 12), 40.0)
    fine = create_priority(engines, two.a, health, code="FINE", name={"es": "Menos niños sin escuela"})
    late = create_priority(engines, two.a, health, code="LATE", name={"es": "Hospitales sin espera"})
    ok = create_indicator(engines, two.a, fine, baseline=baseline, target=target, trajectory=path, code="FINE-1",
                          name={"es": "Matrícula escolar"})  # fmt: skip
    bad = create_indicator(engines, two.a, late, baseline=baseline, target=target, trajectory=path, code="LATE-1",
                           name={"es": "Camas disponibles"})  # fmt: skip
    record_values(engines, two.a, ok, [(m, v) for m, v in path])
    record_values(engines, two.a, bad, [(m, 11.0) for m in months], note="Strike")
    with acting_as("test"), tenant_session(engines, two.a.id) as db_session:
        model_row = current_model(db_session)
        assert model_row is not None
        resolved = resolve(app.extensions["entrega.plugins"], model_row.as_config())
        tenant = db_session.get(Tenant, two.a.id)
        assert tenant is not None
        series = routines.ensure_series(db_session, resolved, now().date())[0]
        meeting = routines.plan_meeting(db_session, tenant, resolved, series, now().date(), now().date())
        db_session.commit()
        return Government(tenant, meeting.id, "LATE")


def pdf_text(data: bytes) -> tuple[int, str]:
    """The PDF's page count and its text, as a reader's copy-and-paste would give it."""
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() or "" for page in reader.pages)


def ask(client: Any, slug: str, **body: Any) -> Any:
    return client.post(f"/api/v1/t/{slug}/reports", json=body)
