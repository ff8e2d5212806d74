"""The indicator library: loading the curated definitions, a government mapping its indicators to them,
and a bank comparing the values that are comparable and shared."""

from __future__ import annotations

import re
import tomllib
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from entrega.audit.services import current_actor, record, record_platform
from entrega.bank.models import EVERYTHING, Engagement, Share, ShareKind
from entrega.delivery.models import Indicator, Measurement, MeasurementStatus
from entrega.extensions.contract import Frequency, Polarity
from entrega.library.models import CommonIndicator, Comparability, IndicatorMapping
from entrega.tenancy.models import Tenant

LIBRARY = Path(__file__).with_name("common_indicators.toml")


def sync(db_session: Session, source: Path = LIBRARY) -> int:
    """Bring the platform's table in line with the curated file (on the platform path); returns changes."""
    entries = tomllib.loads(source.read_text(encoding="utf-8"))["indicator"]
    known = {c.key: c for c in db_session.scalars(select(CommonIndicator))}
    changed = 0
    for entry in entries:
        values = {"name": entry["name"], "definition": entry["definition"], "unit": entry["unit"],
                  "polarity": Polarity(entry["polarity"]), "reference": entry["reference"]}  # fmt: skip
        found = known.get(entry["key"])
        if found is None:
            found = CommonIndicator(key=entry["key"], **values)
            db_session.add(found)
        elif all(getattr(found, k) == v for k, v in values.items()):
            continue
        else:
            for name, value in values.items():
                setattr(found, name, value)
        changed += 1
        record_platform(db_session, "sync", "common_indicator", entry["key"], after={"reference": entry["reference"]})
    return changed


def library(db_session: Session) -> list[CommonIndicator]:
    """The definitions in the order of their references, numbers read as numbers (SDG 3.2.1 before SDG 16.1.1)."""
    return sorted(db_session.scalars(select(CommonIndicator)), key=lambda c: _reference_order(c.reference))


def _reference_order(reference: str) -> list[tuple[int, int | str]]:
    return [(0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", reference) if part]


def definition(db_session: Session, key: str) -> CommonIndicator | None:
    return db_session.scalar(select(CommonIndicator).where(CommonIndicator.key == key))


def mapping_of(db_session: Session, indicator_id: uuid.UUID) -> IndicatorMapping | None:
    return db_session.scalar(select(IndicatorMapping).where(IndicatorMapping.indicator_id == indicator_id))


def mappings_by_indicator(db_session: Session) -> dict[uuid.UUID, IndicatorMapping]:
    """The bound government's mappings, by its indicator's id."""
    return {found.indicator_id: found for found in db_session.scalars(select(IndicatorMapping))}


NO_DEFINITION = "Choose a definition from the library."
NOTE_NEEDED = "Say how this indicator differs from the common definition."
NOTE_LIMIT = 1000  # a note is read beside a value on a bank's page and in its exports: a caveat, not a report
NOTE_TOO_LONG = "Keep the note to 1,000 characters."


def map_indicator(
    db_session: Session, indicator: Indicator, common_key: str, comparability: Comparability, note: str
) -> IndicatorMapping:
    """Map (or map again) the government's indicator to a common definition; every reason at once."""
    common = definition(db_session, common_key)
    comparability, note = Comparability(comparability), note.strip()
    problems: dict[str, list[str]] = {}
    if common is None:
        problems["common"] = [NO_DEFINITION]
    if comparability is not Comparability.COMPARABLE and not note:
        problems["note"] = [NOTE_NEEDED]
    elif len(note) > NOTE_LIMIT:
        problems["note"] = [NOTE_TOO_LONG]
    if problems or common is None:
        raise ValidationError(problems)
    found = mapping_of(db_session, indicator.id)
    before = (
        {"common": _key_of(db_session, found.common_id), "comparability": found.comparability.value, "note": found.note}
        if found
        else None
    )
    if found is None:
        found = IndicatorMapping(indicator_id=indicator.id, common_id=common.id, comparability=comparability,
                                 mapped_by=current_actor())  # fmt: skip
        db_session.add(found)
    found.common_id, found.comparability, found.note = common.id, comparability, note
    found.mapped_by = current_actor()
    db_session.flush()
    record(db_session, "update" if before else "create", "indicator_mapping", indicator.id, before,
           {"common": common.key, "comparability": comparability.value, "note": found.note})  # fmt: skip
    return found


def unmap_indicator(db_session: Session, indicator: Indicator) -> bool:
    """Remove the indicator's mapping; False when it had none (nothing changes, nothing is recorded)."""
    found = mapping_of(db_session, indicator.id)
    if found is None:
        return False
    record(db_session, "delete", "indicator_mapping", indicator.id,
           {"common": _key_of(db_session, found.common_id), "comparability": found.comparability.value,
            "note": found.note}, None)  # fmt: skip
    db_session.delete(found)
    db_session.flush()
    return True


def _key_of(db_session: Session, common_id: uuid.UUID) -> str:
    # The audit log names a definition by its key, which never changes once published (ids differ per install).
    return db_session.scalar(select(CommonIndicator.key).where(CommonIndicator.id == common_id)) or str(common_id)


@dataclass(frozen=True)
class ComparedValue:
    slug: str
    government: str
    country: str
    indicator_code: str
    comparability: Comparability
    note: str
    period: date | None
    value: float | None
    frequency: Frequency  # how the government measures it, so the period can be written as it means


def compare_values(db_session: Session, institution_id: uuid.UUID, common: CommonIndicator) -> list[ComparedValue]:
    """Each government's latest current value of its indicator mapped to `common`, where it shares the values.

    Read under the institution's binding: PostgreSQL admits only shared mappings and values; the shares are
    checked here too (SQLite's only guard). Values marked not comparable are listed without their value.
    """
    shares, engagements, tenants = Share.__table__, Engagement.__table__, Tenant.__table__
    mappings, indicators, m = IndicatorMapping.__table__, Indicator.__table__, Measurement.__table__
    live = (
        select(shares.c.tenant_id, shares.c.subject)
        .where(shares.c.institution_id == institution_id, shares.c.kind == ShareKind.INDICATOR_VALUES.value,
               shares.c.revoked_at.is_(None))
    )  # fmt: skip
    covered: dict[uuid.UUID, set[str]] = {}
    for share in db_session.execute(live):
        covered.setdefault(share.tenant_id, set()).add(share.subject)
    rows = db_session.execute(
        select(tenants.c.slug, tenants.c.name, tenants.c.country, indicators.c.id, indicators.c.code,
               indicators.c.frequency, mappings.c.comparability, mappings.c.note, mappings.c.tenant_id)
        .join(indicators, (indicators.c.tenant_id == mappings.c.tenant_id) & (indicators.c.id == mappings.c.indicator_id))
        .join(tenants, tenants.c.id == mappings.c.tenant_id)
        .where(mappings.c.common_id == common.id,
               mappings.c.tenant_id.in_(select(engagements.c.tenant_id).where(engagements.c.institution_id == institution_id)))
        .order_by(tenants.c.name)
    ).all()  # fmt: skip
    out = []
    for row in rows:
        subjects = covered.get(row.tenant_id, set())
        if EVERYTHING not in subjects and str(row.id) not in subjects:
            continue
        latest: tuple[date, float] | None = None
        if Comparability(row.comparability) is not Comparability.NOT_COMPARABLE:
            seen: set[date] = set()
            for found in db_session.execute(
                select(m.c.period, m.c.value, m.c.status)
                .where(m.c.tenant_id == row.tenant_id, m.c.indicator_id == row.id, m.c.breakdown == "")
                .order_by(m.c.period.desc(), m.c.version.desc())
            ):
                if found.period in seen:
                    continue  # an older version of a period already judged
                seen.add(found.period)
                if found.status != MeasurementStatus.RETURNED.value:  # a returned value is not a value
                    latest = (found.period, found.value)
                    break
        out.append(ComparedValue(row.slug, row.name, row.country, row.code, Comparability(row.comparability), row.note,
                                 latest[0] if latest else None, latest[1] if latest else None,
                                 Frequency(row.frequency)))  # fmt: skip
    return out


def mapped_count(db_session: Session) -> dict[uuid.UUID, int]:
    """How many of the government's indicators map to each common definition."""
    return dict(
        db_session.execute(select(IndicatorMapping.common_id, func.count()).group_by(IndicatorMapping.common_id)).all()
    )
