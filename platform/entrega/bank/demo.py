"""The demo's diagnostics: every demo government assessed on each installed instrument in two dated waves (by
its own unit, and on most items by the technical-assistance team too), shared with the demo bank with its
priorities' statuses and its reports, so that the bank's comparison, portfolio and documents show something.

Runs after the bank is engaged (`entrega demo`). Idempotent: a government that already has a wave of an
instrument is left as it is, and nothing is shared twice. The answers are drawn from a generator seeded by the
government and the instrument, so every run of the demo tells the same story.
"""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import select

from entrega.audit.services import acting_as
from entrega.bank import sharing
from entrega.bank.models import EVERYTHING, Engagement, Institution, Share, ShareKind
from entrega.db import Engines
from entrega.diagnostics import services as diagnostics
from entrega.diagnostics.models import Assessor, DiagnosticWave
from entrega.extensions.contract import Instrument
from entrega.tenancy.binding import tenant_session
from entrega.tenancy.crossing import cross_tenant_session
from entrega.tenancy.models import Tenant

WAVES = ((date(2024, 4, 15), "Baseline 2024"), (date(2025, 10, 15), "Follow-up 2025"))
EVIDENCE = "Reviewed with the unit: decree, work plan and the last four stocktake minutes."


def _answers(instrument: Instrument, seed: str) -> list[dict[str, int]]:
    """Ranks per item for each wave: a starting level per government, and a step up on some items later."""
    draw = random.Random(seed)  # noqa: S311 - demo data, not security  # nosec B311
    top = len(instrument.scale.steps) - 1
    level = draw.randint(0, max(0, top - 1))
    first = {item.key: min(top, max(0, level + draw.choice((-1, 0, 0, 1)))) for item in instrument.items()}
    second = {key: min(top, rank + (1 if draw.random() < 0.45 else 0)) for key, rank in first.items()}
    return [first, second]


def seed(engines: Engines, tenants: list[Tenant], instruments: dict[str, Instrument], bank_slug: str = "idb") -> None:
    with cross_tenant_session(engines, reason="demo: diagnostics") as db_session:
        institution_id = db_session.scalar(select(Institution.id).where(Institution.slug == bank_slug))
    if institution_id is None:
        return
    for tenant in tenants:
        with acting_as("demo"), tenant_session(engines, tenant.id) as db_session:
            engagement = db_session.scalar(select(Engagement).where(Engagement.institution_id == institution_id))
            if engagement is None:
                continue
            for key, instrument in sorted(instruments.items()):
                if db_session.scalar(select(DiagnosticWave.id).where(DiagnosticWave.instrument == key)) is not None:
                    continue
                steps = instrument.scale.steps
                for (held_on, title), ranks in zip(WAVES, _answers(instrument, f"{tenant.slug}:{key}"), strict=True):
                    wave = diagnostics.open_wave(db_session, instruments, key, title, held_on)
                    for n, (item, rank) in enumerate(sorted(ranks.items())):
                        diagnostics.answer(db_session, instrument, wave, item, Assessor.GOVERNMENT,
                                           steps[rank].key, EVIDENCE)  # fmt: skip
                        if n % 3:  # the team reviews two items in three, and is a step stricter on some
                            stricter = max(0, rank - (1 if n % 5 == 0 else 0))
                            diagnostics.answer(db_session, instrument, wave, item, Assessor.TECHNICAL_ASSISTANCE,
                                               steps[stricter].key, EVIDENCE)  # fmt: skip
                    if held_on < WAVES[-1][0]:
                        diagnostics.close_wave(db_session, wave)
            live = {
                (share.kind, share.subject)
                for share in db_session.scalars(
                    select(Share).where(Share.engagement_id == engagement.id, Share.revoked_at.is_(None))
                )
            }
            for kind in (ShareKind.DIAGNOSTIC, ShareKind.PRIORITY_STATUS, ShareKind.REPORT):
                if (kind, EVERYTHING) not in live:
                    sharing.grant(db_session, engagement, kind, EVERYTHING, set(instruments))
            db_session.commit()
