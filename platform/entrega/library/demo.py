"""The demo's indicator library: each demo government maps a few of its demo indicators to the common
definitions (most comparable, some with a caveat, one not comparable) and shares their values with the demo
bank, so the bank's library pages have something to compare.

Runs after the library is loaded, the workspaces seeded and the bank engaged (`entrega demo`). Idempotent: an
indicator already mapped keeps its mapping, and a value already shared is not shared twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega.bank import sharing
from entrega.bank.models import EVERYTHING, Engagement, Institution, Share, ShareKind
from entrega.db import Engines
from entrega.delivery.access import indicator_by_code
from entrega.library import services
from entrega.library.models import Comparability
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Tenant


@dataclass(frozen=True)
class DemoMapping:
    code: str  # the demo indicator's code (`delivery.demo`: priority number, then indicator number)
    common: str
    comparability: Comparability
    note: str = ""
    caveat: str = ""  # what every other government's mapping says, on the one government that differs


# What the demo's catalogue measures against the library's definitions, as a unit would judge it. The notes
# are in English, like the curated definitions' keys: a unit writes its notes in its own words.
MAPPINGS = (
    DemoMapping("P1.1", "under5_mortality", Comparability.COMPARABLE,
                caveat="Civil registry only: rural districts under-register deaths, so the rate reads low."),
    DemoMapping("P2.1", "reading_proficiency_primary", Comparability.PARTIAL,
                note="Measured at the end of second grade, not at the end of primary."),
    DemoMapping("P3.1", "homicide_rate", Comparability.COMPARABLE,
                caveat="Police records only; forensic records are not yet reconciled."),
    DemoMapping("P5.1", "youth_neet", Comparability.NOT_COMPARABLE,
                note="Counts trainees in a job six months after a course, not all young people out of work and "
                     "education."),
)  # fmt: skip
DIFFERENT_EVERY = 3  # every third government's unit judges the two with a caveat that way


def seed(engines: Engines, tenants: list[Tenant], institution_slug: str = "idb") -> int:
    """Map and share the demo's indicators; returns how many mappings were made."""
    with cross_tenant_session(engines, reason="demo: indicator library") as db_session:
        institution_id = db_session.scalar(select(Institution.id).where(Institution.slug == institution_slug))
    made = 0
    for position, tenant in enumerate(tenants):
        with tenant_session(engines, tenant.id) as db_session:
            engagement = db_session.scalar(select(Engagement).where(Engagement.institution_id == institution_id))
            for wanted in MAPPINGS:
                made += _map_and_share(db_session, wanted, engagement, differs=position % DIFFERENT_EVERY == 2)
            db_session.commit()
    return made


def _map_and_share(db_session: Session, wanted: DemoMapping, engagement: Engagement | None, *, differs: bool) -> int:
    indicator = indicator_by_code(db_session, wanted.code)
    if indicator is None or services.mapping_of(db_session, indicator.id) is not None:
        return 0
    comparability, note = wanted.comparability, wanted.note
    if differs and wanted.caveat:
        comparability, note = Comparability.PARTIAL, wanted.caveat
    services.map_indicator(db_session, indicator, wanted.common, comparability, note)
    if engagement is not None:
        live = db_session.scalar(
            select(Share.id).where(
                Share.engagement_id == engagement.id, Share.kind == ShareKind.INDICATOR_VALUES,
                Share.subject.in_([EVERYTHING, str(indicator.id)]), Share.revoked_at.is_(None),
            )
        )  # fmt: skip
        if live is None:
            sharing.grant(db_session, engagement, ShareKind.INDICATOR_VALUES, str(indicator.id), set())
    return 1
