"""Each government's latest two waves of an instrument, summarised figure by figure by the instrument's rules.

A comparison of hundreds of governments reads tens of thousands of answers. On PostgreSQL the database
summarises them where they lie and returns one row per wave (`in_database`); elsewhere (SQLite, the
embedded default) Python reads the answers and summarises them with `scoring` (`in_python`). Both follow the
same rules: an item is read from the chosen assessor's answer, else the other's; a summarised component is one
part of its pillar, an unsummarised one lends its items; a figure is unknown when any of its parts is.
Both give the same figures to nine decimals, which is how they are returned.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from entrega.diagnostics.models import Assessor, DiagnosticAnswer, DiagnosticWave
from entrega.extensions.contract import Aggregation, Instrument

if TYPE_CHECKING:
    from entrega.bank.comparison import Column

Ranks = dict[str, float | None]  # a wave's figures: column key → rank (None: unknown)


def of_latest_waves(
    db_session: Session,
    instrument: Instrument,
    compared: Sequence[Column],
    assessor: Assessor,
    waves: dict[uuid.UUID, list[uuid.UUID]],
) -> dict[uuid.UUID, Ranks]:
    """The figures of each government's latest two waves, by wave id. `waves` holds each government's waves of
    the instrument, oldest first (ties broken by id), as the caller listed them."""
    wanted = [ids[i] for ids in waves.values() for i in (-1, -2) if len(ids) >= -i]
    if not wanted or not compared:
        return {}
    if db_session.get_bind().dialect.name == "postgresql":
        found = in_database(db_session, instrument, compared, assessor, list(waves))
    else:
        found = in_python(db_session, instrument, compared, assessor, list(waves), wanted)
    # Nine decimals: PostgreSQL and Python add a mean of means up in different orders, and the last bit of a
    # float must decide neither a step (4 or 3.999…) nor which of two governments ranks first.
    return {wave: {key: None if rank is None else round(rank, 9) for key, rank in ranks.items()}
            for wave, ranks in found.items()}  # fmt: skip


def in_python(
    db_session: Session,
    instrument: Instrument,
    compared: Sequence[Column],
    assessor: Assessor,
    tenant_ids: list[uuid.UUID],
    wanted: list[uuid.UUID],
) -> dict[uuid.UUID, Ranks]:
    waves, answers = DiagnosticWave.__table__, DiagnosticAnswer.__table__
    needed = {item.key for column in compared for item in column.items()}
    statement = (
        select(answers.c.wave_id, answers.c.item, answers.c.step, (answers.c.assessor == assessor.value).label("first"))
        .join(waves, (waves.c.tenant_id == answers.c.tenant_id) & (waves.c.id == answers.c.wave_id))
        .where(waves.c.instrument == instrument.key, waves.c.tenant_id.in_(tenant_ids), waves.c.id.in_(wanted))
    )
    if needed != {item.key for item in instrument.items()}:
        statement = statement.where(answers.c.item.in_(sorted(needed)))
    chosen: dict[uuid.UUID, dict[str, str]] = defaultdict(dict)  # wave → item → step
    fallbacks = []
    for wave_id, item, step, first in db_session.execute(statement).all():
        if first:
            chosen[wave_id][item] = step
        else:
            fallbacks.append((wave_id, item, step))
    for wave_id, item, step in fallbacks:  # the other assessor's answer, where the first gave none
        chosen[wave_id].setdefault(item, step)
    out: dict[uuid.UUID, Ranks] = {}
    for wave_id in wanted:
        given = chosen.get(wave_id, {})
        out[wave_id] = {}
        for column in compared:
            summary = column.summary(instrument, given)
            out[wave_id][column.key] = summary.rank if summary else None
    return out


@dataclass(frozen=True)
class Structure:
    """An instrument's compared figures as arrays the statement unnests: one entry per item a figure reads (its
    figure, the part of the figure it belongs to, and that part's rule), each figure's rule, the scale's ranks."""

    items: list[str]
    item_figures: list[int]
    item_parts: list[int]
    part_rules: list[str]
    figure_rules: list[str]
    step_keys: list[str]
    step_ranks: list[int]


def structure(instrument: Instrument, compared: Sequence[Column]) -> Structure:
    rows: list[tuple[str, int, int, str]] = []
    rules: list[str] = []
    part = 0
    for figure, column in enumerate(compared, start=1):
        if column.component is not None:  # a component compared on its own: each of its items is a part
            rules.append(column.component.aggregation.value)
            parts = [(Aggregation.NONE, [item]) for item in column.component.items]
        else:  # a pillar: a summarised component is one part; one without a summary lends each of its items
            rules.append(column.pillar.aggregation.value)
            parts = []
            for component in column.pillar.components:
                if component.aggregation is Aggregation.NONE:
                    parts.extend((Aggregation.NONE, [item]) for item in component.items)
                else:
                    parts.append((component.aggregation, list(component.items)))
        for rule, items in parts:
            part += 1
            rows.extend((item.key, figure, part, rule.value) for item in items)
    steps = instrument.scale.steps
    return Structure(
        [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows], rules,
        [s.key for s in steps], [s.rank for s in steps],
    )  # fmt: skip


# Each of a government's latest two waves (by date, then id: the caller's order) folds its answers into one
# document, the chosen assessor's first; every item of the structure looks its step up there, so an unanswered
# item leaves its part unknown, and its figure. A part or a figure is summarised by its rule: the mean, or the
# lowest (weakest link; a part of one item is that item). Tenants are named explicitly: the policies alone
# would leave the planner no index to reach the waves by.
_STATEMENT = text("""
WITH structure AS (
    SELECT item, figure, part, part_rule
    FROM unnest(CAST(:items AS text[]), CAST(:item_figures AS integer[]), CAST(:item_parts AS integer[]),
                CAST(:part_rules AS text[])) AS s(item, figure, part, part_rule)
), figures AS (
    SELECT figure::integer, rule FROM unnest(CAST(:figure_rules AS text[])) WITH ORDINALITY AS f(rule, figure)
), steps AS (
    SELECT step, rank::float8 AS rank
    FROM unnest(CAST(:step_keys AS text[]), CAST(:step_ranks AS integer[])) AS st(step, rank)
), latest AS MATERIALIZED (
    SELECT tenant_id, id
    FROM (SELECT w.tenant_id, w.id,
              row_number() OVER (PARTITION BY w.tenant_id ORDER BY w.held_on DESC, w.id DESC) AS nth
          FROM diagnostic_waves w
          WHERE w.instrument = :instrument AND w.tenant_id = ANY(CAST(:tenant_ids AS uuid[]))) AS ordered
    WHERE nth <= 2
), answered AS MATERIALIZED (
    SELECT w.id,
        (SELECT jsonb_object_agg(chosen.item, chosen.step)
         FROM (SELECT DISTINCT ON (a.item) a.item, a.step
               FROM diagnostic_answers a
               WHERE a.tenant_id = w.tenant_id AND a.wave_id = w.id
               ORDER BY a.item, a.assessor = :assessor DESC) AS chosen) AS steps
    FROM latest w
), parts AS (
    SELECT an.id, s.figure, s.part,
        CASE WHEN count(st.rank) < count(*) THEN NULL
             WHEN min(s.part_rule) = 'average' THEN avg(st.rank) ELSE min(st.rank) END AS rank
    FROM answered an CROSS JOIN structure s
    LEFT JOIN steps st ON st.step = an.steps ->> s.item
    GROUP BY an.id, s.figure, s.part
), summaries AS (
    SELECT pa.id, pa.figure,
        CASE WHEN count(pa.rank) < count(*) THEN NULL
             WHEN min(f.rule) = 'average' THEN avg(pa.rank) ELSE min(pa.rank) END AS rank
    FROM parts pa JOIN figures f ON f.figure = pa.figure
    GROUP BY pa.id, pa.figure
)
SELECT id, array_agg(rank ORDER BY figure) AS ranks FROM summaries GROUP BY id
""")


def in_database(
    db_session: Session,
    instrument: Instrument,
    compared: Sequence[Column],
    assessor: Assessor,
    tenant_ids: list[uuid.UUID],
) -> dict[uuid.UUID, Ranks]:
    arrays = structure(instrument, compared)
    keys = [column.key for column in compared]
    rows = db_session.execute(
        _STATEMENT,
        {"instrument": instrument.key, "tenant_ids": tenant_ids, "assessor": assessor.value,
         **arrays.__dict__},
    )  # fmt: skip
    return {wave_id: dict(zip(keys, ranks, strict=True)) for wave_id, ranks in rows}
