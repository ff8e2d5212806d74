"""Comparing governments on a diagnostic instrument, from what each has shared with the institution.

Everything here reads through the institution's binding: Core queries outside the ORM's tenant guard,
admitted row by row by PostgreSQL's `shared_with_institution` policies (and restricted to the institution's
engagements by the WHERE clauses, which is all SQLite has). Summaries follow the instrument's own rules;
medians and rankings work on ranks, which is sound for ordinal scales too.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session

from entrega.bank import summaries
from entrega.bank.models import EVERYTHING, Engagement, Share, ShareKind
from entrega.bank.regions import region_of
from entrega.diagnostics import scoring
from entrega.diagnostics.models import Assessor, DiagnosticWave
from entrega.extensions.contract import (
    Aggregation,
    Instrument,
    InstrumentComponent,
    InstrumentItem,
    InstrumentPillar,
)
from entrega.tenancy.models import Tenant


@dataclass(frozen=True)
class Filters:
    region: str | None = None
    level: str | None = None
    engagement: str | None = None  # an operation code
    assessor: Assessor = Assessor.TECHNICAL_ASSISTANCE  # whose answers, where both assessed; else the other's


@dataclass(frozen=True)
class Column:
    """One figure compared across governments: a pillar the instrument summarises or, inside a pillar it does
    not, each component it does (the delivery capacity rubric's fifteen elements). What the instrument leaves
    unsummarised at both levels is read item by item on the wave's page, never charted."""

    pillar: InstrumentPillar
    component: InstrumentComponent | None = None

    @property
    def key(self) -> str:
        return self.component.key if self.component else self.pillar.key

    @property
    def anchor(self) -> str:
        """Where the wave's page shows it."""
        return f"component-{self.key}-heading" if self.component else f"pillar-{self.key}"

    @property
    def label(self) -> dict[str, str]:
        return dict(self.component.label if self.component else self.pillar.label)

    def items(self) -> list[InstrumentItem]:
        """The items its summary reads."""
        parts = [self.component] if self.component else list(self.pillar.components)
        return [item for component in parts for item in component.items]

    def summary(self, instrument: Instrument, answers: dict[str, str]) -> scoring.Summary | None:
        if self.component is not None:
            return scoring.component_summary(instrument, self.component, answers)
        return scoring.pillar_summary(instrument, self.pillar, answers)


def columns(instrument: Instrument) -> list[Column]:
    out = []
    for pillar in instrument.pillars:
        if pillar.aggregation is not Aggregation.NONE:
            out.append(Column(pillar))
        else:
            out.extend(Column(pillar, c) for c in pillar.components if c.aggregation is not Aggregation.NONE)
    return out


def unsummarised(instrument: Instrument) -> list[InstrumentPillar]:
    """Pillars with nothing compared: neither they nor any of their components are summarised."""
    compared = {column.pillar.key for column in columns(instrument)}
    return [pillar for pillar in instrument.pillars if pillar.key not in compared]


@dataclass
class Country:
    tenant_id: uuid.UUID
    slug: str
    name: str
    country: str
    level: str
    region: str
    waves: list[tuple[uuid.UUID, date, str]] = field(default_factory=list)  # (id, held_on, title), oldest first
    latest: dict[str, float | None] = field(default_factory=dict)  # column → rank
    previous: dict[str, float | None] = field(default_factory=dict)

    def change(self, column: str) -> float | None:
        now, before = self.latest.get(column), self.previous.get(column)
        return None if now is None or before is None else now - before


@dataclass
class Comparison:
    instrument: Instrument
    countries: list[Country]
    medians: dict[str, float | None]

    def ranking(self, column: str) -> list[tuple[int, Country, float]]:
        """Best first, competition ranking: equal values share a rank and the next rank skips (1, 2, 2, 4)."""
        scored = sorted(
            ((c, c.latest[column]) for c in self.countries if c.latest.get(column) is not None),
            key=lambda pair: -pair[1],  # type: ignore[operator]
        )
        out: list[tuple[int, Country, float]] = []
        for index, (country, value) in enumerate(scored):
            rank = out[-1][0] if out and out[-1][2] == value else index + 1
            out.append((rank, country, value))  # type: ignore[arg-type]
        return out

    def distribution(self, column: str) -> list[int]:
        """How many governments sit on each step (a mean falls in the step it rounds down to)."""
        counts = [0] * len(self.instrument.scale.steps)
        for country in self.countries:
            value = country.latest.get(column)
            if value is not None:
                counts[min(int(value), len(counts) - 1)] += 1
        return counts


def _governments(db_session: Session, institution_id: uuid.UUID, filters: Filters) -> dict[uuid.UUID, Country]:
    engagements = Engagement.__table__
    tenants = Tenant.__table__
    statement = (
        select(tenants.c.id, tenants.c.slug, tenants.c.name, tenants.c.country, tenants.c.level)
        .join(engagements, engagements.c.tenant_id == tenants.c.id)
        .where(engagements.c.institution_id == institution_id)
        .distinct()
    )
    if filters.engagement:
        statement = statement.where(engagements.c.code == filters.engagement)
    if filters.level:
        statement = statement.where(tenants.c.level == filters.level)
    out = {}
    for row in db_session.execute(statement):
        region = region_of(row.country)
        if filters.region and region != filters.region:
            continue
        out[row.id] = Country(row.id, row.slug, row.name, row.country, str(row.level), region)
    return out


def shared_with(db_session: Session, institution_id: uuid.UUID, kind: ShareKind, subject: str) -> set[uuid.UUID]:
    """The governments with a live share of `kind` covering `subject` for the institution (the same rule the
    database's policies apply; on SQLite, the only one)."""
    shares = Share.__table__
    return set(
        db_session.scalars(
            select(shares.c.tenant_id).where(
                shares.c.institution_id == institution_id, shares.c.kind == kind.value,
                shares.c.subject.in_([EVERYTHING, subject]), shares.c.revoked_at.is_(None),
            )
        )
    )  # fmt: skip


def compare(
    db_session: Session, institution_id: uuid.UUID, instrument: Instrument, filters: Filters | None = None
) -> Comparison:
    filters = filters or Filters()
    sharing_ones = shared_with(db_session, institution_id, ShareKind.DIAGNOSTIC, instrument.key)
    countries = {k: v for k, v in _governments(db_session, institution_id, filters).items() if k in sharing_ones}
    waves = DiagnosticWave.__table__
    wave_rows = db_session.execute(
        select(waves.c.tenant_id, waves.c.id, waves.c.held_on, waves.c.title)
        .where(waves.c.instrument == instrument.key, waves.c.tenant_id.in_(list(countries)))
        .order_by(waves.c.held_on, waves.c.id)  # `summaries` breaks ties alike
    ).all()
    for row in wave_rows:
        countries[row.tenant_id].waves.append((row.id, row.held_on, row.title))
    compared = columns(instrument)
    figures = summaries.of_latest_waves(
        db_session, instrument, compared, filters.assessor, {k: [w[0] for w in c.waves] for k, c in countries.items()}
    )
    for country in countries.values():
        for target, index in ((country.latest, -1), (country.previous, -2)):
            if len(country.waves) >= -index:
                target.update(figures.get(country.waves[index][0]) or dict.fromkeys(c.key for c in compared))
    listed = sorted((c for c in countries.values() if c.waves), key=lambda c: c.name)
    medians = {}
    for column in compared:
        values = [c.latest[column.key] for c in listed if c.latest.get(column.key) is not None]
        medians[column.key] = median(values) if values else None  # type: ignore[type-var]
    return Comparison(instrument, listed, medians)
