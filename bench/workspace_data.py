"""Synthetic delivery workspaces: priorities, indicators, eight years of monthly data, milestones, chains, budget.

Every tenant gets the same shape (by default 50 priorities × 10 indicators × 96 months: 48,000 measurements
and as many trajectory points), generated server-side with INSERT … SELECT over generate_series, so 200
tenants (≈ 20 million rows) take minutes, not hours. Draws come from `hashint8` of a row's coordinates
(tenant number, indicator number, month), never from random(): the same arguments give the same figures.

The values are drawn to give the pages something to judge: most indicators on track, the rest spread over
"with issues", "at risk" and "off track" by the common bands (5 %, 15 %, 30 %), some falling further behind
month after month, some with trailing gaps (missing data), late values, corrections (version 2), evidence,
overdue milestones and under-executed programmes.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import Connection, Engine, text

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


@dataclass(frozen=True)
class WorkspaceSize:
    priorities: int = 50
    indicators_per_priority: int = 10
    months: int = 96
    # The latest month with data; None: the latest month whose data is due by today (so the pages judge the
    # series as of today, and only the generated gaps show as missing data).
    last_period: date | None = None

    def resolved_last_period(self, today: date | None = None) -> date:
        if self.last_period is not None:
            return self.last_period
        today = today or date.today()
        period = periods.period_start(today, Frequency.MONTHLY)
        while periods.data_due(period, Frequency.MONTHLY) >= today:
            period = periods.add_months(period, -1)
        return period


@dataclass
class WorkspaceGenerated:
    tenants: int
    first_period: date
    last_period: date
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


# A uniform draw in [0, 1) from a row's coordinates; a SQL function so the planner inlines it.
_DRAW = """
CREATE OR REPLACE FUNCTION pg_temp.ws_draw(key bigint, salt integer) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT (hashint8(key * 7919 + salt)::bigint + 2147483648) / 4294967296.0 $$
"""

_SETUP = [
    "CREATE TEMP TABLE ws_tenants ON COMMIT DROP AS "
    "SELECT (n - 1)::int AS t, id AS tenant_id FROM unnest(CAST(:tenant_ids AS uuid[])) WITH ORDINALITY AS u(id, n)",
    # Priorities are owned by ministries proper, never agencies, taken in code order round the table.
    """CREATE TEMP TABLE ws_ministries ON COMMIT DROP AS
    SELECT tenant_id, id, (row_number() OVER w - 1)::int AS n, (count(*) OVER (PARTITION BY tenant_id))::int AS total
    FROM ministries WHERE kind = 'ministry' AND tenant_id IN (SELECT tenant_id FROM ws_tenants)
    WINDOW w AS (PARTITION BY tenant_id ORDER BY code)""",
    """CREATE TEMP TABLE ws_priorities ON COMMIT DROP AS
    SELECT t.tenant_id, t.t, p, t.t::bigint * 100000 + p AS key, gen_random_uuid() AS id,
           gen_random_uuid() AS programme_id, m.id AS ministry_id,
           (CAST(:themes AS text[]))[1 + (p + t.t) % cardinality(CAST(:themes AS text[]))] AS theme
    FROM ws_tenants t CROSS JOIN generate_series(0, :priorities - 1) AS p
    JOIN ws_ministries m ON m.tenant_id = t.tenant_id AND m.n = p % m.total
    ORDER BY t.t, p""",
    # One row per indicator with every draw its series needs. Profiles (share of indicators): on track 45 %,
    # with issues 17 %, at risk 15 %, off track 15 %, sliding (on track, then falling further behind) 8 %.
    """CREATE TEMP TABLE ws_indicators ON COMMIT DROP AS
    WITH base AS (
        SELECT pr.tenant_id, pr.t, pr.p, i, pr.p * :per_priority + i AS k,
               pr.t::bigint * 100000 + pr.p * :per_priority + i AS key, gen_random_uuid() AS id,
               pr.id AS priority_id, pr.ministry_id
        FROM ws_priorities pr CROSS JOIN generate_series(0, :per_priority - 1) AS i
    ), drawn AS (
        SELECT base.*,
               CASE WHEN pg_temp.ws_draw(key, 1) < 0.70 THEN 'level'
                    WHEN pg_temp.ws_draw(key, 1) < 0.85 THEN 'cumulative' ELSE 'incremental' END AS accumulation,
               pg_temp.ws_draw(key, 2) AS u_polarity, pg_temp.ws_draw(key, 3) AS u_base,
               pg_temp.ws_draw(key, 4) AS u_delta, pg_temp.ws_draw(key, 5) AS u_profile,
               pg_temp.ws_draw(key, 6) AS u_perf
        FROM base
    ), shaped AS (
        SELECT drawn.*,
               CASE WHEN accumulation = 'level' AND u_polarity < 0.35 THEN 'down' ELSE 'up' END AS polarity,
               CASE accumulation WHEN 'level' THEN 20 + 40 * u_base WHEN 'cumulative' THEN round(100 * u_base)
                    ELSE round(200 * u_base) END AS baseline,
               CASE accumulation WHEN 'level' THEN 10 + 30 * u_delta ELSE 1000 + 5000 * u_delta END AS delta
        FROM drawn
    )
    SELECT tenant_id, t, p, i, k, key, id, priority_id, ministry_id, accumulation, polarity,
           round((baseline + CASE WHEN polarity = 'down' THEN 20 ELSE 0 END)::numeric, 2)::float8 AS baseline,
           round((baseline + CASE WHEN polarity = 'down' THEN 20 - delta ELSE delta END)::numeric, 2)::float8 AS target,
           pg_temp.ws_draw(key, 7) < 0.10 AS revised,
           CASE WHEN u_profile < 0.45 THEN 0.98 + 0.12 * u_perf WHEN u_profile < 0.62 THEN 0.87 + 0.07 * u_perf
                WHEN u_profile < 0.77 THEN 0.73 + 0.11 * u_perf WHEN u_profile < 0.92 THEN 0.35 + 0.30 * u_perf
                ELSE 1.0 END AS perf_start,
           CASE WHEN u_profile < 0.45 THEN 0.98 + 0.12 * u_perf WHEN u_profile < 0.62 THEN 0.87 + 0.07 * u_perf
                WHEN u_profile < 0.77 THEN 0.73 + 0.11 * u_perf WHEN u_profile < 0.92 THEN 0.35 + 0.30 * u_perf
                ELSE 0.55 + 0.20 * u_perf END AS perf_end,
           CASE WHEN u_profile >= 0.92 THEN 0.0 WHEN u_profile < 0.45 THEN 0.02 ELSE 0.015 END AS noise,
           CASE WHEN pg_temp.ws_draw(key, 8) < 0.12 THEN 1 + (k % 3) ELSE 0 END AS trailing_gap,
           pg_temp.ws_draw(key, 9) < 0.06 AS corrected,
           pg_temp.ws_draw(key, 10) < 0.60 AS evidenced,
           CASE WHEN pg_temp.ws_draw(key, 11) < 0.20 THEN 0.40 ELSE 0.04 END AS late_share
    FROM shaped ORDER BY t, k""",
    # The latest target, revised down by 15 % of the planned change for one indicator in ten.
    "ALTER TABLE ws_indicators ADD COLUMN goal float8",
    "UPDATE ws_indicators SET goal = CASE WHEN revised THEN round((target - 0.15 * (target - baseline))::numeric, 2) "
    "ELSE target END",
]

# The path: straight from the baseline to the latest target, due `:horizon` months after the first period
# (a year past the latest data). Incremental indicators plan their running total.
_EXPECTED = (
    "CASE wi.accumulation WHEN 'incremental' THEN wi.baseline + (wi.goal - wi.baseline) * (m + 1) / (:horizon + 1.0) "
    "ELSE wi.baseline + (wi.goal - wi.baseline) * m / CAST(:horizon AS float8) END"
)

_TABLES = {
    "priorities": """INSERT INTO priorities (tenant_id, id, code, name, aim, approach, recovery, owner_ministry_id,
        sponsor, plan_alignment, sdg_targets, position, extra, created_at, updated_at)
    SELECT tenant_id, id, 'P' || to_char(p + 1, 'FM000'), jsonb_build_object('en', theme),
        'Deliver: ' || lower(theme), 'Through the responsible ministry and its regional directorates', '',
        ministry_id, 'Minister ' || (p + 1), 'Axis ' || (1 + p % 5) || ' › Objective ' || (1 + p % 5) || '.' || (1 + p % 4),
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
    SELECT tenant_id, id, baseline, :first, 'National statistics office', :actor, :start_ts FROM ws_indicators""",
    "target_revisions": """INSERT INTO target_revisions (tenant_id, id, indicator_id, revision, value, due, reason,
        set_by, set_at)
    SELECT tenant_id, gen_random_uuid(), id, 1, target, :due, '', :actor, :start_ts FROM ws_indicators
    UNION ALL
    SELECT tenant_id, gen_random_uuid(), id, 2, goal, :due, 'Mid-term review: the original target assumed funding '
        'that was not approved', :actor, :start_ts + interval '4 years' FROM ws_indicators WHERE revised""",
    "trajectory_points": f"""INSERT INTO trajectory_points (tenant_id, indicator_id, period, expected)
    SELECT wi.tenant_id, wi.id, (CAST(:first AS date) + make_interval(months => m))::date,
        round(({_EXPECTED})::numeric, 2)::float8
    FROM ws_indicators wi CROSS JOIN generate_series(1, :months - 1) AS m""",
    # Version 1 of every month but the gaps: trailing ones for 12 % of indicators, 1 % scattered holes.
    # Older values are published; the latest months are still under review (and a few were returned).
    "measurements": f"""WITH s AS (
        SELECT wi.*, m, wi.key * 1000 + m AS mkey, :months - 1 - m AS age,
            (CAST(:first AS date) + make_interval(months => m))::date AS period, ({_EXPECTED}) AS expected,
            wi.perf_start + (wi.perf_end - wi.perf_start) * m / greatest(:months - 1, 1)::float8 AS perf,
            wi.noise * (2 * pg_temp.ws_draw(wi.key * 1000 + m, 20) - 1) AS wobble,
            pg_temp.ws_draw(wi.key * 1000 + m, 21) >= wi.late_share AS on_time,
            pg_temp.ws_draw(wi.key * 1000 + m, 22) AS u_status, pg_temp.ws_draw(wi.key * 1000 + m, 23) AS u_day
        FROM ws_indicators wi CROSS JOIN generate_series(0, :months - 1) AS m
        WHERE m < :months - wi.trailing_gap AND (m = 0 OR pg_temp.ws_draw(wi.key * 1000 + m, 24) >= 0.01)
    ), v AS (
        SELECT s.*,
            CASE WHEN age >= 3 THEN CASE WHEN u_status < 0.97 THEN 'published' WHEN u_status < 0.998 THEN 'validated'
                                         ELSE 'returned' END
                 WHEN age >= 1 THEN CASE WHEN u_status < 0.6 THEN 'published' WHEN u_status < 0.9 THEN 'validated'
                                         ELSE 'submitted' END
                 ELSE CASE WHEN u_status < 0.3 THEN 'validated' WHEN u_status < 0.95 THEN 'submitted'
                           ELSE 'returned' END END AS status,
            least(period + interval '1 month' + make_interval(days => CASE WHEN on_time THEN floor(19 * u_day)::int
                                                                      ELSE 21 + floor(40 * u_day)::int END),
                  CAST(:now_ts AS timestamptz)) AS entered_at
        FROM s
    )
    INSERT INTO measurements (tenant_id, id, indicator_id, period, breakdown, version, value, source, note,
        entered_by, entered_at, channel, on_time, status, reviewed_by, reviewed_at, return_reason)
    SELECT tenant_id, gen_random_uuid(), id, period, '', 1,
        round((CASE WHEN accumulation = 'incremental'
                    THEN (goal - baseline) / (:horizon + 1.0) * perf * (1 + 10 * wobble)
                    ELSE baseline + (expected - baseline) * perf + (goal - baseline) * wobble END)::numeric, 2)::float8,
        'National statistics office', '', :actor, entered_at, CASE WHEN k % 5 = 0 THEN 'api' ELSE 'page' END,
        on_time, status, CASE WHEN status = 'submitted' THEN NULL ELSE 'reviewer@example.org' END,
        CASE WHEN status = 'submitted' THEN NULL ELSE entered_at + interval '3 days' END,
        CASE WHEN status = 'returned' THEN 'The figure does not match the source' END
    FROM v""",
    # Corrections: 6 % of indicators had their June figures revised, as a second version.
    "measurements (corrections)": """INSERT INTO measurements (tenant_id, id, indicator_id, period, breakdown,
        version, value, source, note, entered_by, entered_at, channel, on_time, status, reviewed_by, reviewed_at)
    SELECT m.tenant_id, gen_random_uuid(), m.indicator_id, m.period, '', 2, round((m.value * 1.04)::numeric, 2)::float8,
        m.source, 'Corrected after the source revised its figures', :actor, m.entered_at + interval '30 days',
        m.channel, m.on_time, 'published', 'reviewer@example.org', m.entered_at + interval '33 days'
    FROM measurements m JOIN ws_indicators wi ON wi.tenant_id = m.tenant_id AND wi.id = m.indicator_id
    WHERE wi.corrected AND m.version = 1 AND m.breakdown = '' AND extract(month FROM m.period) = 6
        AND m.period <= CAST(:last AS date) - interval '2 months'""",
    # Evidence behind the June and December figures and the latest one, for 60 % of indicators.
    "evidence": """INSERT INTO evidence (tenant_id, id, measurement_id, filename, content_type, size, sha256, content,
        uploaded_by, uploaded_at)
    SELECT m.tenant_id, gen_random_uuid(), m.id, 'source-' || to_char(m.period, 'YYYY-MM') || '.pdf',
        'application/pdf', length(:evidence), encode(sha256(:evidence), 'hex'), :evidence, :actor, m.entered_at
    FROM measurements m JOIN ws_indicators wi ON wi.tenant_id = m.tenant_id AND wi.id = m.indicator_id
    WHERE wi.evidenced AND m.version = 1 AND (extract(month FROM m.period) IN (6, 12) OR m.period = :last)""",
    # 3–5 milestones per priority due from 18 months ago to a year ahead; most past ones done, some overdue.
    "milestones": """WITH s AS (
        SELECT pr.*, n, (CAST(:now AS date) + (-540 + floor(900 * pg_temp.ws_draw(pr.key * 10 + n, 31)))::int) AS due,
            pg_temp.ws_draw(pr.key * 10 + n, 32) AS u
        FROM ws_priorities pr CROSS JOIN generate_series(0, 4) AS n
        WHERE n < 3 + floor(3 * pg_temp.ws_draw(pr.key, 30))
    ), st AS (
        SELECT s.*, CASE WHEN due < CAST(:now AS date)
            THEN CASE WHEN u < 0.65 THEN 'done' WHEN u < 0.70 THEN 'dropped' WHEN u < 0.88 THEN 'in_progress'
                      ELSE 'planned' END
            ELSE CASE WHEN u < 0.55 THEN 'planned' WHEN u < 0.93 THEN 'in_progress' ELSE 'done' END END AS status
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
    # The current fiscal year, month by month; three programmes in ten execute well under what they should.
    "budget_entries": """INSERT INTO budget_entries (tenant_id, programme_id, period, allocated, executed)
    SELECT tenant_id, programme_id, period, allocated,
        CASE WHEN period < CAST(:now AS date) THEN round(allocated * pace * (0.9 + 0.2 * pg_temp.ws_draw(key * 100 + n, 52))::numeric, 2)
             ELSE 0 END
    FROM (
        SELECT pr.tenant_id, pr.programme_id, pr.key, n, make_date(:budget_year, n, 1) AS period,
            round((1000000 + 49000000 * pg_temp.ws_draw(pr.key, 50))::numeric / 12
                  * (0.8 + 0.4 * pg_temp.ws_draw(pr.key * 100 + n, 51))::numeric, 2) AS allocated,
            (CASE WHEN pg_temp.ws_draw(pr.key, 53) < 0.3 THEN 0.40 + 0.25 * pg_temp.ws_draw(pr.key, 54)
                  ELSE 0.85 + 0.15 * pg_temp.ws_draw(pr.key, 54) END)::numeric AS pace
        FROM ws_priorities pr CROSS JOIN generate_series(1, 12) AS n
    ) AS entries""",
    "priority_programmes": """INSERT INTO priority_programmes (tenant_id, priority_id, programme_id)
    SELECT tenant_id, id, programme_id FROM ws_priorities""",
}


def generate(
    connection: Connection, tenant_ids: Sequence[uuid.UUID], size: WorkspaceSize | None = None
) -> WorkspaceGenerated:
    """Fill a delivery workspace for each of `tenant_ids` (which must already have ministries).

    Runs as a superuser: it writes across tenants by design, and switches off the per-row foreign-key
    triggers for its own transaction, since every row is derived from the rows it points at (checking
    twenty million references one by one would triple the time and prove nothing).
    """
    size = size or WorkspaceSize()
    last = size.resolved_last_period()
    first = periods.add_months(last, -(size.months - 1))
    now = periods.add_months(last, 1)  # "today" for milestones and budget: the month after the latest data
    params = {
        "tenant_ids": list(tenant_ids), "priorities": size.priorities, "per_priority": size.indicators_per_priority,
        "months": size.months, "horizon": size.months - 1 + 12, "first": first, "last": last, "now": now,
        "due": periods.add_months(first, size.months - 1 + 12), "budget_year": now.year, "actor": ACTOR,
        "start_ts": datetime.combine(first, datetime.min.time(), UTC), "now_ts": datetime.combine(now, datetime.min.time(), UTC),
        "themes": THEMES, "names": INDICATOR_NAMES, "milestones": MILESTONES,
        "actors": [actor for actor, _ in CHAIN], "roles": [role for _, role in CHAIN],
        "evidence": b"%PDF-1.4 synthetic evidence for the Entrega benchmarks",
    }  # fmt: skip
    result = WorkspaceGenerated(len(tenant_ids), first, last)
    started = time.perf_counter()
    connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
    connection.exec_driver_sql(_DRAW)
    for statement in _SETUP:
        connection.execute(text(statement), params)
    for table, statement in _TABLES.items():
        step = time.perf_counter()
        count = connection.execute(text(statement), params).rowcount
        key = table.split(" ")[0]
        result.rows[key] = result.rows.get(key, 0) + count
        print(f"  {table}: {count:,} rows in {time.perf_counter() - step:.1f} s", file=sys.stderr)
    connection.exec_driver_sql("SET LOCAL session_replication_role = origin")
    connection.exec_driver_sql("DROP FUNCTION pg_temp.ws_draw(bigint, integer)")
    result.seconds = time.perf_counter() - started
    return result


def vacuum(engine: Engine) -> float:
    """VACUUM ANALYZE the workspace tables, as autovacuum would have long since done in production: bulk-loaded
    pages have no visibility map or hint bits yet, which would make the first readers pay for the load."""
    started = time.perf_counter()
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql(f"VACUUM (ANALYZE) {', '.join(TABLES)}")
    return time.perf_counter() - started
