"""Synthetic delivery workspaces: priorities, indicators, eight years of monthly data, milestones, chains, budget.

Every tenant gets the same shape (by default 50 priorities × 10 indicators × 96 months: 48,000 measurements
and as many trajectory points), generated server-side with INSERT … SELECT over generate_series, so that
200 tenants (≈ 20 million rows) take minutes, not hours. Draws come from `hashint8` of a row's coordinates
(tenant number, indicator number, month), never from random(): the same arguments give the same figures.

The figures give the pages something to judge. Each priority has a health class (healthy 35 %, mixed 30 %,
at risk 20 %, failing 15 %) that sets how its indicators, milestones and budget behave, so that priorities,
which take their worst indicator's rating, spread over the whole scale instead of all looking alike. Some
indicators fall further behind month after month, some have gaps (missing data), late values, corrections
(version 2) or evidence; some milestones are overdue and some programmes under-executed.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from time import perf_counter
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from entrega.delivery import periods
from entrega.extensions.contract import Frequency

TABLES = (
    "priorities",
    "indicators",
    "baselines",
    "target_revisions",
    "trajectory_points",
    "measurements",
    "evidence",
    "milestones",
    "chain_links",
    "budget_programmes",
    "budget_entries",
    "priority_programmes",
)
THEMES = [
    "Every child reading by age eight", "Cut waiting times in public hospitals", "Safer streets in the capital",
    "Clean water for rural households", "Formal jobs for young people", "Faster business registration",
    "Reduce maternal mortality", "Paved roads to every district", "Digital public services",
    "Lower homicide rate", "Secondary school completion", "Vaccination coverage", "Affordable housing",
    "Reliable electricity supply", "Tax collection efficiency", "Forest cover protection", "Court case backlog",
    "Food security in the north", "Public transport ridership", "Early childhood care",
]  # fmt: skip
INDICATOR_NAMES = [
    "Share of target population reached", "Average waiting time", "Rate per 100,000 inhabitants",
    "Coverage of the programme", "Number of beneficiaries", "Kilometres completed", "Completion rate",
    "Cases resolved", "Households connected", "Services available online",
]  # fmt: skip
MILESTONES = [
    "Procurement launched", "Pilot in three regions", "Regulation approved", "Staff recruited and trained",
    "National roll-out", "Information system live", "First evaluation published", "Contracts signed",
]  # fmt: skip
CHAIN = [
    ("Minister and cabinet", "Sets the direction and unblocks decisions across ministries"),
    ("Ministry delivery team", "Plans, funds and monitors the programme"),
    ("Regional directorates", "Turn the plan into regional targets and supervise providers"),
    ("Frontline providers", "Deliver the service to citizens"),
]
ACTOR = "bench@example.org"
TARGET_LEAD = 12  # months from the latest data to the target's due period


@dataclass(frozen=True)
class WorkspaceSize:
    priorities: int = 50
    indicators_per_priority: int = 10
    months: int = 96
    # The day the data is generated for (milestones fall due around it, the budget is its year's), and the
    # latest month with data: by default the latest whose data is due by then, so that pages judging the
    # series as of that day see missing data only where the generator left gaps.
    today: date = field(default_factory=lambda: datetime.now(UTC).date())  # as the pages' `now()`
    last_period: date | None = None

    def resolved_last_period(self) -> date:
        if self.last_period is not None:
            return self.last_period
        period = periods.period_start(self.today, Frequency.MONTHLY)
        while periods.data_due(period, Frequency.MONTHLY) >= self.today:
            period = periods.add_months(period, -1)
        return period


@dataclass
class WorkspaceGenerated:
    tenants: int
    baseline_period: date  # the data runs from the month after it to `last_period`
    last_period: date
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


# A uniform draw in [0, 1) from a row's coordinates; a SQL function so that the planner inlines it.
_DRAW = """
CREATE OR REPLACE FUNCTION pg_temp.ws_draw(key bigint, salt integer) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT (hashint8(key * 7919 + salt)::float8 + 2147483648.0) / 4294967296.0 $$
"""

_SETUP = [
    "CREATE TEMP TABLE ws_tenants ON COMMIT DROP AS "
    "SELECT t, tenant_id FROM unnest(CAST(:numbers AS integer[]), CAST(:tenant_ids AS uuid[])) AS u(t, tenant_id)",
    # Priorities are owned by ministries proper, never agencies, taken in code order round the table.
    """CREATE TEMP TABLE ws_ministries ON COMMIT DROP AS
    SELECT tenant_id, id, (row_number() OVER w - 1)::int AS n, (count(*) OVER (PARTITION BY tenant_id))::int AS total
    FROM ministries WHERE kind = 'ministry' AND tenant_id IN (SELECT tenant_id FROM ws_tenants)
    WINDOW w AS (PARTITION BY tenant_id ORDER BY code)""",
    # health: 1 healthy, 2 mixed, 3 at risk, 4 failing.
    """CREATE TEMP TABLE ws_priorities ON COMMIT DROP AS
    SELECT t.tenant_id, t.t, p, t.t::bigint * 100000 + p AS key, gen_random_uuid() AS id,
        gen_random_uuid() AS programme_id, m.id AS ministry_id,
        (CAST(:themes AS text[]))[1 + (p + t.t) % cardinality(CAST(:themes AS text[]))] AS theme,
        width_bucket(pg_temp.ws_draw(t.t::bigint * 100000 + p, 60), ARRAY[0.35, 0.65, 0.85]) + 1 AS health
    FROM ws_tenants t CROSS JOIN generate_series(0, :priorities - 1) AS p
    JOIN ws_ministries m ON m.tenant_id = t.tenant_id AND m.n = p % m.total
    ORDER BY t.t, p""",
    # One row per indicator with every draw its series needs. Profile 1 on track, 2 with issues, 3 at risk,
    # 4 off track, 5 sliding (on track, then falling further behind), in shares set by the priority's health.
    # Their shortfalls (none, 5.5–9.5 %, 16–20 %, over 35 %) fall in the same band of the platform's default
    # rule (5 / 10 / 20 %) and of the bundled models' (5 / 15 / 30 %).
    """CREATE TEMP TABLE ws_indicators ON COMMIT DROP AS
    WITH base AS (
        SELECT pr.tenant_id, pr.t, pr.p, i, pr.p * :per_priority + i AS k,
            pr.t::bigint * 100000 + pr.p * :per_priority + i AS key, gen_random_uuid() AS id,
            pr.id AS priority_id, pr.ministry_id, pr.health
        FROM ws_priorities pr CROSS JOIN generate_series(0, :per_priority - 1) AS i
    ), drawn AS (
        SELECT base.*,
            (ARRAY['level', 'cumulative', 'incremental'])[width_bucket(pg_temp.ws_draw(key, 1), ARRAY[0.70, 0.85]) + 1]
                AS accumulation,
            pg_temp.ws_draw(key, 2) AS u_polarity, pg_temp.ws_draw(key, 3) AS u_base,
            pg_temp.ws_draw(key, 4) AS u_delta, pg_temp.ws_draw(key, 6) AS u_perf,
            width_bucket(pg_temp.ws_draw(key, 5), CASE health
                WHEN 1 THEN ARRAY[0.95, 1, 1, 1] WHEN 2 THEN ARRAY[0.70, 0.95, 1, 1]
                WHEN 3 THEN ARRAY[0.50, 0.75, 0.95, 0.95] ELSE ARRAY[0.30, 0.50, 0.70, 0.90] END) + 1 AS profile
        FROM base
    ), shaped AS (
        SELECT drawn.*,
            CASE WHEN accumulation = 'level' AND u_polarity < 0.35 THEN 'down' ELSE 'up' END AS polarity,
            CASE accumulation WHEN 'level' THEN 20 + 40 * u_base WHEN 'cumulative' THEN round(100 * u_base)
                ELSE round(200 * u_base) END AS start,
            CASE accumulation WHEN 'level' THEN 10 + 30 * u_delta ELSE 1000 + 5000 * u_delta END AS delta,
            (ARRAY[1.01 + 0.09 * u_perf, 0.905 + 0.04 * u_perf, 0.80 + 0.04 * u_perf, 0.35 + 0.30 * u_perf, 1.0])
                [profile] AS perf_start,
            (ARRAY[1.01 + 0.09 * u_perf, 0.905 + 0.04 * u_perf, 0.80 + 0.04 * u_perf, 0.35 + 0.30 * u_perf,
                   0.55 + 0.20 * u_perf])[profile] AS perf_end
        FROM drawn
    )
    SELECT tenant_id, t, p, i, k, key, id, priority_id, ministry_id, health, accumulation, polarity, perf_start,
        perf_end, (ARRAY[0.01, 0.015, 0.015, 0.03, 0.0])[profile] AS noise,
        round((start + CASE WHEN polarity = 'down' THEN 20 ELSE 0 END)::numeric, 2)::float8 AS baseline,
        round((start + CASE WHEN polarity = 'down' THEN 20 - delta ELSE delta END)::numeric, 2)::float8 AS target,
        pg_temp.ws_draw(key, 7) < 0.10 AS revised,
        CASE WHEN pg_temp.ws_draw(key, 8) < (ARRAY[0.01, 0.03, 0.06, 0.12])[health] THEN 1 + (k % 3) ELSE 0 END
            AS trailing_gap,
        CASE WHEN pg_temp.ws_draw(key, 15) < (ARRAY[0.005, 0.02, 0.04, 0.08])[health] THEN 0.03 ELSE 0 END
            AS hole_share,
        (ARRAY[0.02, 0.05, 0.12, 0.30])[health] * 2 * pg_temp.ws_draw(key, 11) AS late_share,
        pg_temp.ws_draw(key, 9) < 0.06 AS corrected,
        (ARRAY[0, 6, 3, 1])[width_bucket(pg_temp.ws_draw(key, 10), ARRAY[0.40, 0.75, 0.95]) + 1] AS evidence_every
    FROM shaped ORDER BY t, k""",
    # The latest target: revised down by 15 % of the planned change for one indicator in ten.
    "ALTER TABLE ws_indicators ADD COLUMN goal float8",
    "UPDATE ws_indicators SET goal = CASE WHEN revised THEN round((target - 0.15 * (target - baseline))::numeric, 2) "
    "ELSE target END",
    "ANALYZE ws_priorities, ws_indicators",
]

# Month m (1 = the month after the baseline) and where the path says it should be: a straight line from the
# baseline to the latest target, due TARGET_LEAD months after the latest data. Incremental indicators plan
# their running total (the sum of equal monthly steps), so the line serves them too.
_PERIOD = "(CAST(:baseline_period AS date) + make_interval(months => m))::date"
_EXPECTED = "wi.baseline + (wi.goal - wi.baseline) * m / CAST(:horizon AS float8)"

# Version 1 of every month but the gaps (trailing or scattered, the likelier the less healthy the priority).
# Older values are published; the latest months are still under review, and a few of the latest were returned.
# The rows just written feed the corrections (6 % of indicators had their June figures revised: a version 2)
# and the evidence (none, every 6, 3 or 1 months, and the latest figure) without reading the table back.
_MEASUREMENTS = f"""WITH s AS (
    SELECT wi.*, m, :months - m AS age, {_PERIOD} AS period, {_EXPECTED} AS expected,
        wi.perf_start + (wi.perf_end - wi.perf_start) * (m - 1) / greatest(:months - 1, 1)::float8 AS perf,
        wi.noise * (2 * pg_temp.ws_draw(wi.key * 1000 + m, 20) - 1) AS wobble,
        pg_temp.ws_draw(wi.key * 1000 + m, 21) >= wi.late_share AS on_time,
        pg_temp.ws_draw(wi.key * 1000 + m, 22) AS u_status, pg_temp.ws_draw(wi.key * 1000 + m, 23) AS u_day
    FROM ws_indicators wi CROSS JOIN LATERAL generate_series(1, :months - wi.trailing_gap) AS m
    WHERE pg_temp.ws_draw(wi.key * 1000 + m, 24) >= wi.hole_share
), v AS (
    SELECT s.*,
        CASE WHEN age >= 3 THEN CASE WHEN u_status < 0.97 THEN 'published' ELSE 'validated' END
             WHEN age >= 1
                THEN (ARRAY['published', 'validated', 'submitted'])[width_bucket(u_status, ARRAY[0.6, 0.9]) + 1]
             ELSE (ARRAY['validated', 'submitted', 'returned'])[width_bucket(u_status, ARRAY[0.3, 0.98]) + 1]
        END AS status,
        -- Data is due 20 days after the month ends: on time within 19 days, late from the 21st.
        least(period + interval '1 month' + make_interval(days => CASE WHEN on_time THEN floor(19 * u_day)::int
                                                                  ELSE 21 + floor(40 * u_day)::int END),
              CAST(:now_ts AS timestamptz)) AS entered_at
    FROM s
), written AS (
    INSERT INTO measurements (tenant_id, id, indicator_id, period, breakdown, version, value, source, note,
        entered_by, entered_at, channel, on_time, status, reviewed_by, reviewed_at, return_reason)
    SELECT tenant_id, gen_random_uuid(), id, period, '', 1,
        round((CASE WHEN accumulation = 'incremental'
                    THEN (goal - baseline) / CAST(:horizon AS float8) * perf * (1 + 10 * wobble)
                    ELSE baseline + (expected - baseline) * perf + (goal - baseline) * wobble END)::numeric, 2)::float8,
        'National statistics office', '', :actor, entered_at, CASE WHEN k % 5 = 0 THEN 'api' ELSE 'page' END,
        on_time, status, CASE WHEN status <> 'submitted' THEN 'reviewer@example.org' END,
        CASE WHEN status <> 'submitted' THEN entered_at + interval '3 days' END,
        CASE WHEN status = 'returned' THEN 'The figure does not match the source' END
    FROM v
    RETURNING tenant_id, id, indicator_id, period, value, source, entered_at, channel, on_time
), corrections AS (
    INSERT INTO measurements (tenant_id, id, indicator_id, period, breakdown, version, value, source, note,
        entered_by, entered_at, channel, on_time, status, reviewed_by, reviewed_at)
    SELECT w.tenant_id, gen_random_uuid(), w.indicator_id, w.period, '', 2, round((w.value * 1.04)::numeric, 2)::float8,
        w.source, 'Corrected after the source revised its figures', :actor, w.entered_at + interval '30 days',
        w.channel, w.on_time, 'published', 'reviewer@example.org', w.entered_at + interval '33 days'
    FROM written w JOIN ws_indicators wi ON wi.tenant_id = w.tenant_id AND wi.id = w.indicator_id
    WHERE wi.corrected AND extract(month FROM w.period) = 6 AND w.period <= CAST(:last AS date) - interval '2 months'
    RETURNING 1
), evidence AS (
    INSERT INTO evidence (tenant_id, id, measurement_id, filename, content_type, size, sha256, content, uploaded_by,
        uploaded_at)
    SELECT w.tenant_id, gen_random_uuid(), w.id, 'source-' || to_char(w.period, 'YYYY-MM') || '.pdf', 'application/pdf',
        length(:evidence), encode(sha256(:evidence), 'hex'), :evidence, :actor, w.entered_at
    FROM written w JOIN ws_indicators wi ON wi.tenant_id = w.tenant_id AND wi.id = w.indicator_id
    WHERE wi.evidence_every > 0 AND (extract(month FROM w.period)::int % wi.evidence_every = 0 OR w.period = :last)
    RETURNING 1
)
SELECT (SELECT count(*) FROM written) + (SELECT count(*) FROM corrections), (SELECT count(*) FROM evidence)"""

_TABLES = {
    "priorities": """INSERT INTO priorities (tenant_id, id, code, name, aim, approach, recovery, owner_ministry_id,
        sponsor, plan_alignment, sdg_targets, position, extra, created_at, updated_at)
    SELECT tenant_id, id, 'P' || to_char(p + 1, 'FM000'), jsonb_build_object('en', theme),
        'Deliver: ' || lower(theme), 'Through the responsible ministry and its regional directorates', '',
        ministry_id, 'Minister ' || (p + 1),
        'Axis ' || (1 + p % 5) || ' › Objective ' || (1 + p % 5) || '.' || (1 + p % 4),
        jsonb_build_array((1 + p % 17) || '.' || (1 + p % 5)), p, '{}'::jsonb, :start_ts, :start_ts
    FROM ws_priorities""",
    "indicators": """INSERT INTO indicators (tenant_id, id, priority_id, code, name, definition, formula, unit,
        polarity, frequency, accumulation, source, owner_ministry_id, owner_person, disaggregation, decimals, extra,
        created_at, updated_at)
    SELECT tenant_id, id, priority_id, 'P' || to_char(p + 1, 'FM000') || '-I' || to_char(i + 1, 'FM00'),
        jsonb_build_object('en', (CAST(:names AS text[]))[1 + k % cardinality(CAST(:names AS text[]))]),
        CASE WHEN pg_temp.ws_draw(key, 12) < 0.20 THEN '' ELSE 'What the indicator measures, and for whom' END,
        CASE WHEN pg_temp.ws_draw(key, 13) < 0.30 THEN '' ELSE 'numerator / denominator × 100' END,
        CASE WHEN accumulation = 'level' THEN '%' ELSE 'people' END, polarity, 'monthly', accumulation,
        'National statistics office', ministry_id,
        CASE WHEN pg_temp.ws_draw(key, 14) < 0.15 THEN '' ELSE 'Director of programme ' || (p + 1) END,
        '[]'::jsonb, CASE WHEN accumulation = 'level' THEN 1 ELSE 0 END, '{}'::jsonb, :start_ts, :start_ts
    FROM ws_indicators""",
    "baselines": """INSERT INTO baselines (tenant_id, indicator_id, value, period, source, set_by, set_at)
    SELECT tenant_id, id, baseline, :baseline_period, 'National statistics office', :actor, :start_ts
    FROM ws_indicators""",
    "target_revisions": """INSERT INTO target_revisions (tenant_id, id, indicator_id, revision, value, due, reason,
        set_by, set_at)
    SELECT tenant_id, gen_random_uuid(), id, 1, target, :due, '', :actor, :start_ts FROM ws_indicators
    UNION ALL
    SELECT tenant_id, gen_random_uuid(), id, 2, goal, :due, 'Mid-term review: the original target assumed funding '
        'that was not approved', :actor, :start_ts + interval '4 years' FROM ws_indicators WHERE revised""",
    # LATERAL (through the dependent bound) keeps the rows indicator by indicator: the order the indexes like.
    "trajectory_points": f"""INSERT INTO trajectory_points (tenant_id, indicator_id, period, expected)
    SELECT wi.tenant_id, wi.id, {_PERIOD}, round(({_EXPECTED})::numeric, 2)::float8
    FROM ws_indicators wi CROSS JOIN LATERAL generate_series(1, :months + 0 * wi.k) AS m""",
    "measurements": _MEASUREMENTS,
    # 3–5 milestones per priority due from 18 months ago to a year ahead; the less healthy the priority, the
    # more of its past ones are still open (overdue).
    "milestones": """WITH s AS (
        SELECT pr.*, n, CAST(:now AS date) + (-540 + floor(900 * pg_temp.ws_draw(pr.key * 10 + n, 31)))::int AS due,
            pg_temp.ws_draw(pr.key * 10 + n, 32) AS u, (ARRAY[0.92, 0.80, 0.65, 0.45])[pr.health] AS done_share
        FROM ws_priorities pr CROSS JOIN generate_series(0, 4) AS n
        WHERE n < 3 + floor(3 * pg_temp.ws_draw(pr.key, 30))
    ), st AS (
        SELECT s.*, CASE WHEN due < CAST(:now AS date)
            THEN CASE WHEN u < done_share THEN 'done' WHEN u < done_share + 0.03 THEN 'dropped'
                      WHEN u < done_share + 0.03 + (1 - done_share) * 0.6 THEN 'in_progress' ELSE 'planned' END
            ELSE (ARRAY['planned', 'in_progress', 'done'])[width_bucket(u, ARRAY[0.55, 0.93]) + 1] END AS status
        FROM s
    )
    INSERT INTO milestones (tenant_id, id, priority_id, title, owner_ministry_id, owner_person, due_on, completed_on,
        status, note)
    SELECT tenant_id, gen_random_uuid(), id,
        (CAST(:milestones AS text[]))[1 + (p + n) % cardinality(CAST(:milestones AS text[]))], ministry_id,
        'Programme manager ' || (p + 1), due,
        CASE WHEN status = 'done' THEN least(due + (floor(40 * u)::int - 20), CAST(:now AS date)) END, status, ''
    FROM st""",
    "chain_links": """INSERT INTO chain_links (tenant_id, id, priority_id, position, actor, role, ministry_id, weak,
        weakness)
    SELECT pr.tenant_id, gen_random_uuid(), pr.id, n, (CAST(:actors AS text[]))[n + 1], (CAST(:roles AS text[]))[n + 1],
        CASE WHEN n <= 1 THEN pr.ministry_id END, pg_temp.ws_draw(pr.key * 10 + n, 41) < 0.2,
        CASE WHEN pg_temp.ws_draw(pr.key * 10 + n, 41) < 0.2 THEN 'Staff turnover; a support team visits monthly'
             ELSE '' END
    FROM ws_priorities pr CROSS JOIN generate_series(0, 3) AS n
    WHERE n < 2 + floor(3 * pg_temp.ws_draw(pr.key, 40))""",
    "budget_programmes": """INSERT INTO budget_programmes (tenant_id, id, code, name, ministry_id)
    SELECT tenant_id, programme_id, 'PRG-' || to_char(p + 1, 'FM000'), 'Programme: ' || theme, ministry_id
    FROM ws_priorities""",
    # The calendar year of `today`, month by month, executed up to the last full month; the less healthy the
    # priority, the likelier its programme executes well under what it should.
    "budget_entries": """INSERT INTO budget_entries (tenant_id, programme_id, period, allocated, executed)
    SELECT tenant_id, programme_id, period, allocated,
        CASE WHEN period < date_trunc('month', CAST(:now AS date))
             THEN round(allocated * pace * (0.9 + 0.2 * pg_temp.ws_draw(key * 100 + n, 52))::numeric, 2) ELSE 0 END
    FROM (
        SELECT pr.tenant_id, pr.programme_id, pr.key, n, make_date(:budget_year, n, 1) AS period,
            round((1000000 + 49000000 * pg_temp.ws_draw(pr.key, 50))::numeric / 12
                  * (0.8 + 0.4 * pg_temp.ws_draw(pr.key * 100 + n, 51))::numeric, 2) AS allocated,
            (CASE WHEN pg_temp.ws_draw(pr.key, 53) < (ARRAY[0.05, 0.20, 0.40, 0.60])[pr.health]
                  THEN 0.40 + 0.25 * pg_temp.ws_draw(pr.key, 54) ELSE 0.85 + 0.15 * pg_temp.ws_draw(pr.key, 54) END
            )::numeric AS pace
        FROM ws_priorities pr CROSS JOIN generate_series(1, 12) AS n
    ) AS entries""",
    "priority_programmes": """INSERT INTO priority_programmes (tenant_id, priority_id, programme_id)
    SELECT tenant_id, id, programme_id FROM ws_priorities""",
}


def generate(
    engine: Engine, tenant_ids: Sequence[uuid.UUID], size: WorkspaceSize | None = None, workers: int = 2
) -> WorkspaceGenerated:
    """Fill a delivery workspace for each of `tenant_ids` (committed tenants with ministries).

    Runs as a superuser: it writes across tenants by design, and switches off the per-row foreign-key
    triggers for its own transactions, since every row is derived from the rows it points at (checking
    twenty million references one by one would take longer than writing them and prove nothing). The
    tenants are shared among `workers` connections, one transaction each: the load is CPU-bound on the server.
    """
    size = size or WorkspaceSize()
    last = size.resolved_last_period()
    baseline_period = periods.add_months(last, -size.months)
    horizon = size.months + TARGET_LEAD
    params = {
        "priorities": size.priorities, "per_priority": size.indicators_per_priority, "months": size.months,
        "horizon": horizon, "baseline_period": baseline_period, "last": last, "now": size.today,
        "due": periods.add_months(baseline_period, horizon), "budget_year": size.today.year, "actor": ACTOR,
        "start_ts": datetime.combine(baseline_period, time.min, UTC),
        "now_ts": datetime.combine(size.today, time(8), UTC),
        "themes": THEMES, "names": INDICATOR_NAMES, "milestones": MILESTONES,
        "actors": [actor for actor, _ in CHAIN], "roles": [role for _, role in CHAIN],
        "evidence": b"%PDF-1.4 synthetic evidence for the Entrega benchmarks",
    }  # fmt: skip
    # Tenant numbers travel with the ids, so that a tenant's draws do not depend on how the work is shared.
    numbered = list(enumerate(tenant_ids))
    shares = [numbered[n::workers] for n in range(workers) if numbered[n::workers]]
    started = perf_counter()
    # Unpooled: the caller's engine may hold a single connection, and each worker needs its own.
    workers_engine = create_engine(engine.url, poolclass=NullPool)
    try:
        with ThreadPoolExecutor(max_workers=len(shares)) as pool:
            counts = list(pool.map(lambda share: _fill(workers_engine, share, params), shares))
    finally:
        workers_engine.dispose()
    result = WorkspaceGenerated(len(tenant_ids), baseline_period, last, seconds=perf_counter() - started)
    for table in TABLES:
        result.rows[table] = sum(count.get(table, 0) for count in counts)
    return result


def _fill(engine: Engine, share: list[tuple[int, uuid.UUID]], params: dict[str, Any]) -> dict[str, int]:
    params = {**params, "numbers": [t for t, _ in share], "tenant_ids": [tenant_id for _, tenant_id in share]}
    counts: dict[str, int] = {}
    with engine.begin() as connection:
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        connection.exec_driver_sql(_DRAW)
        for statement in _SETUP:
            connection.execute(text(statement), params)
        for table, statement in _TABLES.items():
            step = perf_counter()
            result = connection.execute(text(statement), params)
            if table == "measurements":  # also writes the corrections and the evidence
                counts["measurements"], counts["evidence"] = result.one()
            else:
                counts[table] = result.rowcount
            print(f"  {table}: {counts[table]:,} rows in {perf_counter() - step:.1f} s", file=sys.stderr)
        connection.exec_driver_sql("DROP FUNCTION pg_temp.ws_draw(bigint, integer)")
    return counts


def vacuum(engine: Engine) -> float:
    """VACUUM ANALYZE the workspace tables, as autovacuum would long since have done in production: freshly
    loaded pages have no visibility map or hint bits yet, which would make the first readers pay for the load."""
    started = perf_counter()
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql(f"VACUUM (ANALYZE) {', '.join(TABLES)}")
    return perf_counter() - started
