"""The bank's portfolio overview: per government, delivery health on the common scale (the share of
priorities on track), how fresh its data is, how regularly its routines meet, and its overdue actions.

Each government computes its own figures in its own binding (a daily job, `take_health`); the bank reads
them through the `shared_with_institution` policy, only where the government shares every priority's status.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, Select, bindparam, func, select, true
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session

from entrega.bank.comparison import shared_with
from entrega.bank.models import EVERYTHING, Engagement, HealthSnapshot, Share, ShareKind
from entrega.bank.regions import OTHER, REGIONS, region_of
from entrega.delivery.models import PrioritySnapshot
from entrega.extensions.contract import CommonRating
from entrega.jobs import tenant_job
from entrega.routines.models import Action, ActionStatus, Meeting, MeetingStatus
from entrega.tenancy.models import Tenant

ON_TRACK = (CommonRating.ON_TRACK.value, CommonRating.ON_TRACK_WITH_ISSUES.value)


def take_health(db_session: Session, today: date) -> HealthSnapshot:
    """Today's figures from today's priority snapshots and the routines; the caller commits."""
    ratings = list(db_session.scalars(select(PrioritySnapshot.rating).where(PrioritySnapshot.taken_on == today)))
    year_ago = today - timedelta(days=365)
    meetings = db_session.execute(
        select(Meeting.status, func.count())
        .where(Meeting.held_on.between(year_ago, today))
        .group_by(Meeting.status)
    ).all()  # fmt: skip
    by_status = {status: count for status, count in meetings}
    snapshot = db_session.get(HealthSnapshot, (db_session.info["tenant_id"], today)) or HealthSnapshot(taken_on=today)
    snapshot.priorities = len(ratings)
    snapshot.on_track = sum(1 for rating in ratings if rating in ON_TRACK)
    snapshot.not_rated = sum(1 for rating in ratings if rating is None)
    snapshot.latest_value_at = db_session.scalar(
        select(func.max(PrioritySnapshot.latest_value_at)).where(PrioritySnapshot.taken_on == today)
    )
    snapshot.meetings_planned = sum(count for status, count in by_status.items() if status != MeetingStatus.CANCELLED)
    snapshot.meetings_held = by_status.get(MeetingStatus.HELD, 0)
    snapshot.actions_overdue = int(
        db_session.scalar(
            select(func.count()).select_from(Action).where(Action.status == ActionStatus.OPEN, Action.due_on < today)
        )
        or 0
    )
    db_session.add(snapshot)
    db_session.flush()
    return snapshot


@tenant_job("bank.health")
def health_job(db_session: Session, day: str) -> None:
    """The day's priority snapshots, then the government's health from them; idempotent for a day."""
    from entrega.delivery import snapshots
    from entrega.extensions.registry import current_registry
    from entrega.extensions.runtime import resolve
    from entrega.extensions.services import current_model

    row = current_model(db_session)
    snapshots.take(db_session, resolve(current_registry(), row.as_config()) if row else None, date.fromisoformat(day))
    take_health(db_session, date.fromisoformat(day))
    db_session.commit()


@dataclass(frozen=True)
class Row:
    slug: str
    name: str
    country: str
    region: str
    level: str
    engagements: list[str]
    taken_on: date | None
    priorities: int | None
    on_track_share: float | None  # delivery health on the common scale
    latest_value_at: datetime | None
    regularity: float | None  # meetings held against planned, over the last year
    actions_overdue: int | None
    # Whether it shares all its priorities' statuses (its figures may still be pending: see `shared`), so that a
    # page need not ask again.
    sharing: bool = False

    @property
    def shared(self) -> bool:
        return self.taken_on is not None


PER_PAGE = 100  # governments on a page of the portfolio, by name


def portfolio_page(
    db_session: Session, institution_id: uuid.UUID, region: str = "", level: str = "", page: int = 1
) -> tuple[list[Row], int]:
    """One page of `portfolio`, filtered by region and level: its rows, and how many match in all."""
    offset = (max(page, 1) - 1) * PER_PAGE
    if db_session.get_bind().dialect.name == "postgresql":
        return _portfolio_in_one_statement(db_session, institution_id, region, level, offset, PER_PAGE)
    matching = [r for r in portfolio(db_session, institution_id)
                if (not region or r.region == region) and (not level or r.level == level)]  # fmt: skip
    return matching[offset : offset + PER_PAGE], len(matching)


def portfolio(db_session: Session, institution_id: uuid.UUID) -> list[Row]:
    """Every government the institution has an engagement with; figures only where they are shared."""
    if db_session.get_bind().dialect.name == "postgresql":
        return _portfolio_in_one_statement(db_session, institution_id)[0]
    engagements, tenants = Engagement.__table__, Tenant.__table__
    codes: dict[uuid.UUID, list[str]] = {}
    names: dict[uuid.UUID, tuple[str, str, str, str]] = {}
    for row in db_session.execute(
        select(tenants.c.id, tenants.c.slug, tenants.c.name, tenants.c.country, tenants.c.level, engagements.c.code)
        .join(engagements, engagements.c.tenant_id == tenants.c.id)
        .where(engagements.c.institution_id == institution_id)
        .order_by(tenants.c.name, engagements.c.code)
    ):
        codes.setdefault(row.id, []).append(row.code)
        names[row.id] = (row.slug, row.name, row.country, str(row.level))
    sharing = shared_with(db_session, institution_id, ShareKind.PRIORITY_STATUS, EVERYTHING)
    latest = _latest_health(db_session, [t for t in names if t in sharing])
    out = []
    for tenant_id, (slug, name, country, level) in names.items():
        h = latest.get(tenant_id)
        out.append(_row(slug, name, country, level, codes[tenant_id], h._mapping if h else None, tenant_id in sharing))
    return out


def _portfolio_in_one_statement(
    db_session: Session,
    institution_id: uuid.UUID,
    region: str = "",
    level: str = "",
    offset: int = 0,
    limit: int | None = None,
) -> tuple[list[Row], int]:
    """`portfolio` on PostgreSQL: one statement (`_statement`); the count of all that match comes with each row."""
    params: dict[str, Any] = {"institution_id": institution_id, "level": level, "offset": offset, "limit": limit}
    out, total = [], 0
    # On the session's connection: a Core statement needs none of the ORM's handling of a statement.
    for r in db_session.connection().execute(_statement(region, bool(level), limit is not None), params).mappings():
        total = r["total"]
        health_row = r if r["taken_on"] is not None else None
        out.append(_row(r["slug"], r["name"], r["country"], str(r["level"]), list(r["codes"]), health_row,
                        r["shares"] is not None))  # fmt: skip
    return out, total


@lru_cache(maxsize=32)
def _statement(region: str, by_level: bool, paged: bool) -> Select[Any]:
    """The portfolio's statement for a region and whether it filters by level and is paged, built once per
    process (the institution, the level and the page are parameters). Each government's latest snapshot is one
    index probe (LATERAL … LIMIT 1), only where a live share of every priority's status admits it (the policies
    say so too); filters and the page apply before the snapshots are looked up."""
    engagements, tenants, shares, health = (
        Engagement.__table__,
        Tenant.__table__,
        Share.__table__,
        HealthSnapshot.__table__,
    )
    institution = bindparam("institution_id", type_=engagements.c.institution_id.type)
    governments = (
        select(tenants.c.id, tenants.c.slug, tenants.c.name, tenants.c.country, tenants.c.level,
               func.array_agg(aggregate_order_by(engagements.c.code, engagements.c.code)).label("codes"))
        .join(engagements, engagements.c.tenant_id == tenants.c.id)
        .where(engagements.c.institution_id == institution, *_filters(tenants, region, by_level))
        .group_by(tenants.c.id)
        .cte("governments")
    )  # fmt: skip
    sharing = (
        select(shares.c.tenant_id)
        .where(shares.c.institution_id == institution, shares.c.kind == ShareKind.PRIORITY_STATUS.value,
               shares.c.subject == EVERYTHING, shares.c.revoked_at.is_(None))
        .distinct()
        .cte("sharing")
    )  # fmt: skip
    listed = select(governments).order_by(governments.c.name, governments.c.id)
    if paged:
        listed = listed.offset(bindparam("offset", type_=Integer)).limit(bindparam("limit", type_=Integer))
    counted = select(func.count()).select_from(governments).scalar_subquery()
    shown = listed.add_columns(counted.label("total")).subquery("shown")
    newest = (
        select(health)
        .where(health.c.tenant_id == sharing.c.tenant_id)
        .order_by(health.c.taken_on.desc())
        .limit(1)
        .lateral("newest")
    )
    return (
        select(shown, sharing.c.tenant_id.label("shares"), newest)
        .select_from(shown)
        .outerjoin(sharing, sharing.c.tenant_id == shown.c.id)
        .outerjoin(newest, true())
        .order_by(shown.c.name, shown.c.id)
    )


def _row(slug: str, name: str, country: str, level: str, codes: list[str], h: Any, sharing: bool) -> Row:
    """A government's row from its latest health snapshot (`h`, a mapping of its columns, or None)."""
    rated = h["priorities"] - h["not_rated"] if h else 0
    return Row(
        slug, name, country, region_of(country), level, codes,
        h["taken_on"] if h else None, h["priorities"] if h else None,
        h["on_track"] / rated if rated else None, h["latest_value_at"] if h else None,
        h["meetings_held"] / h["meetings_planned"] if h and h["meetings_planned"] else None,
        h["actions_overdue"] if h else None, sharing,
    )  # fmt: skip


def _filters(tenants: Any, region: str, by_level: bool) -> list[Any]:
    """The portfolio's filters as SQL: a region is its countries (every other country is OTHER's); the level is
    the `level` parameter."""
    out = []
    if region == OTHER:
        out.append(func.upper(tenants.c.country).not_in(list(REGIONS)))
    elif region:
        out.append(func.upper(tenants.c.country).in_([c for c, r in REGIONS.items() if r == region]))
    if by_level:
        out.append(tenants.c.level == bindparam("level"))
    return out


def _latest_health(db_session: Session, tenant_ids: list[uuid.UUID]) -> dict[uuid.UUID, Any]:
    """Each government's latest snapshot, by its latest day (PostgreSQL reads it in `portfolio`'s one
    statement instead)."""
    if not tenant_ids:
        return {}
    health = HealthSnapshot.__table__
    latest_day = (
        select(health.c.tenant_id, func.max(health.c.taken_on).label("taken_on"))
        .where(health.c.tenant_id.in_(tenant_ids))
        .group_by(health.c.tenant_id)
        .subquery()
    )
    statement = select(health).join(
        latest_day, (latest_day.c.tenant_id == health.c.tenant_id) & (latest_day.c.taken_on == health.c.taken_on)
    )
    return {row.tenant_id: row for row in db_session.execute(statement)}
