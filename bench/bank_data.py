"""Synthetic bank portfolio: governments of every region and level, two banks, engagements, sharing
agreements, diagnostic waves with every item answered, and nightly health snapshots.

Everything is written server-side (INSERT … SELECT over generate_series) by a superuser, in one
transaction: 500 governments × 3 instruments × 4 waves (≈ 200,000 answers) take seconds. Draws come from
`hashint8` of a row's coordinates, never from random(): the same arguments give the same figures.

What varies, so that the pages have something to tell apart:
- countries from every one of the bank's regions and two outside them; one national government per
  country, the others states (60 %) and municipalities (40 %) under their national government;
- one to three operations with the measured bank per government, and a fifth of them with another bank;
- diagnostic shares: 70 % share every instrument, 20 % some instruments, 5 % revoked their share, 5 % never
  shared; priority statuses: 80 % share all of them (what the portfolio needs), 8 % one priority only,
  4 % revoked, 8 % never;
- waves a year apart per instrument, the government's own answer to every item, technical assistance's
  second opinion on most items of 30 % of the waves, and one item left unanswered in 2 % of the waves
  (an incomplete summary, which the pages must show as such);
- a month of daily health snapshots for 95 % of the governments (the others are new: shared, no figures
  yet), some with no rated priority, no meetings planned or no data yet.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from time import perf_counter

from sqlalchemy import Connection, Engine, text

from entrega.extensions.contract import Instrument

# (ISO code, English name, language, time zone, currency): every region of `entrega.bank.regions`.
COUNTRIES = [
    ("BO", "Bolivia", "es", "America/La_Paz", "BOB"), ("CO", "Colombia", "es", "America/Bogota", "COP"),
    ("EC", "Ecuador", "es", "America/Guayaquil", "USD"), ("PE", "Peru", "es", "America/Lima", "PEN"),
    ("AR", "Argentina", "es", "America/Argentina/Buenos_Aires", "ARS"),
    ("BR", "Brazil", "pt", "America/Sao_Paulo", "BRL"), ("CL", "Chile", "es", "America/Santiago", "CLP"),
    ("PY", "Paraguay", "es", "America/Asuncion", "PYG"), ("UY", "Uruguay", "es", "America/Montevideo", "UYU"),
    ("CR", "Costa Rica", "es", "America/Costa_Rica", "CRC"), ("SV", "El Salvador", "es", "America/El_Salvador", "USD"),
    ("GT", "Guatemala", "es", "America/Guatemala", "GTQ"), ("HN", "Honduras", "es", "America/Tegucigalpa", "HNL"),
    ("MX", "Mexico", "es", "America/Mexico_City", "MXN"), ("PA", "Panama", "es", "America/Panama", "PAB"),
    ("DO", "Dominican Republic", "es", "America/Santo_Domingo", "DOP"),
    ("JM", "Jamaica", "en", "America/Jamaica", "JMD"), ("HT", "Haiti", "fr", "America/Port-au-Prince", "HTG"),
    ("BS", "Bahamas", "en", "America/Nassau", "BSD"), ("TT", "Trinidad and Tobago", "en", "America/Port_of_Spain", "TTD"),
    ("GY", "Guyana", "en", "America/Guyana", "GYD"), ("BB", "Barbados", "en", "America/Barbados", "BBD"),
    ("ES", "Spain", "es", "Europe/Madrid", "EUR"), ("KE", "Kenya", "en", "Africa/Nairobi", "KES"),
]  # fmt: skip
BANK_SLUG, OTHER_BANK_SLUG = "bench-idb", "bench-caf"
ACTOR = "bank-bench@example.org"
TABLES = ("tenants", "institutions", "engagements", "shares", "diagnostic_waves", "diagnostic_answers",
          "health_snapshots")  # fmt: skip


@dataclass(frozen=True)
class BankSize:
    tenants: int = 500
    waves: int = 4  # per instrument and government, a year apart
    snapshot_days: int = 30  # nightly health snapshots per government
    today: date = field(default_factory=lambda: datetime.now(UTC).date())


@dataclass
class BankGenerated:
    institution_id: uuid.UUID
    institution_slug: str
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


_DRAW = """
CREATE OR REPLACE FUNCTION pg_temp.bank_draw(key bigint, salt integer) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT (hashint8(key * 7919 + salt)::float8 + 2147483648.0) / 4294967296.0 $$
"""

_SETUP = [
    """CREATE TEMP TABLE bk_countries ON COMMIT DROP AS
    SELECT (k - 1)::int AS k, code, cname, lang, zone, currency
    FROM unnest(CAST(:codes AS text[]), CAST(:cnames AS text[]), CAST(:langs AS text[]), CAST(:zones AS text[]),
                CAST(:currencies AS text[])) WITH ORDINALITY AS c(code, cname, lang, zone, currency, k)""",
    # The first governments are the countries' national ones; the rest are states and municipalities.
    """CREATE TEMP TABLE bk_tenants ON COMMIT DROP AS
    SELECT n, gen_random_uuid() AS id, c.code, c.cname, c.lang, c.zone, c.currency,
        CASE WHEN n < :countries THEN 'national' WHEN pg_temp.bank_draw(n, 1) < 0.6 THEN 'state' ELSE 'municipal' END
            AS level,
        NULL::uuid AS parent_id
    FROM generate_series(0, :tenants - 1) AS n
    JOIN bk_countries c ON c.k = CASE WHEN n < :countries THEN n ELSE floor(:countries * pg_temp.bank_draw(n, 0))::int END""",
    """UPDATE bk_tenants t SET parent_id = p.id FROM bk_tenants p
    WHERE p.level = 'national' AND p.code = t.code AND t.level <> 'national'""",
    # Operations with the measured bank (1–3 each), and with the other bank for a fifth of the governments.
    """CREATE TEMP TABLE bk_engagements ON COMMIT DROP AS
    SELECT t.n, t.id AS tenant_id, gen_random_uuid() AS id, CAST(:bank AS uuid) AS institution_id, e,
        t.code || '-' || (ARRAY['L', 'G', 'T'])[1 + (t.n + e) % 3] || to_char(t.n * 10 + e, 'FM00000') AS code,
        (ARRAY['loan', 'grant', 'technical_assistance'])[1 + (t.n + e) % 3] AS kind
    FROM bk_tenants t CROSS JOIN generate_series(0, 2) AS e
    WHERE e < 1 + floor(3 * pg_temp.bank_draw(t.n, 2))
    UNION ALL
    SELECT t.n, t.id, gen_random_uuid(), CAST(:other_bank AS uuid), 0, t.code || '-C' || to_char(t.n, 'FM00000'),
        'loan'
    FROM bk_tenants t WHERE pg_temp.bank_draw(t.n, 3) < 0.2""",
    """CREATE TEMP TABLE bk_instruments ON COMMIT DROP AS
    SELECT (k - 1)::int AS k, instrument FROM unnest(CAST(:instruments AS text[])) WITH ORDINALITY AS i(instrument, k)""",
    """CREATE TEMP TABLE bk_items ON COMMIT DROP AS
    SELECT instrument, item, (row_number() OVER (PARTITION BY instrument ORDER BY k) - 1)::int AS position
    FROM unnest(CAST(:item_instruments AS text[]), CAST(:items AS text[])) WITH ORDINALITY AS i(instrument, item, k)""",
    """CREATE TEMP TABLE bk_steps ON COMMIT DROP AS
    SELECT instrument, step, rank, (count(*) OVER (PARTITION BY instrument))::int AS steps
    FROM unnest(CAST(:step_instruments AS text[]), CAST(:steps AS text[]), CAST(:ranks AS integer[]))
        AS s(instrument, step, rank)""",
    # A year apart, jittered by up to 200 days, the latest within the last year and a half.
    """CREATE TEMP TABLE bk_waves ON COMMIT DROP AS
    SELECT t.n, t.id AS tenant_id, i.instrument, w, gen_random_uuid() AS id,
        t.n::bigint * 1000 + i.k * 10 + w AS key,
        CAST(:first_wave AS date) + (w - 1) * 365 + floor(200 * pg_temp.bank_draw(t.n::bigint * 1000 + i.k * 10 + w, 4))::int
            AS held_on,
        pg_temp.bank_draw(t.n, 5) AS capacity
    FROM bk_tenants t CROSS JOIN bk_instruments i CROSS JOIN generate_series(1, :waves) AS w""",
    "ANALYZE bk_tenants, bk_engagements, bk_waves, bk_items, bk_steps",
]

_TABLES = {
    "tenants": """INSERT INTO tenants (id, slug, name, level, country, subdivision, parent_id, default_locale, languages,
        time_zone, currency, status, created_at, updated_at)
    SELECT id, 'bank-' || to_char(n, 'FM0000'),
        CASE level WHEN 'national' THEN 'Government of ' || cname
                   WHEN 'state' THEN cname || ', state ' || to_char(n, 'FM0000')
                   ELSE cname || ', municipality ' || to_char(n, 'FM0000') END,
        level, code, NULL, parent_id, lang,
        CASE WHEN lang = 'en' THEN '["en"]'::jsonb ELSE jsonb_build_array(lang, 'en') END, zone, currency, 'active',
        :now_ts, :now_ts
    FROM bk_tenants ORDER BY level <> 'national', n""",
    "institutions": """INSERT INTO institutions (id, slug, name, created_at)
    VALUES (:bank, :bank_slug, 'Bench Development Bank', :now_ts),
           (:other_bank, :other_bank_slug, 'Other Development Bank', :now_ts)""",
    "engagements": """INSERT INTO engagements (tenant_id, id, institution_id, code, kind, title, starts_on, ends_on,
        created_at)
    SELECT tenant_id, id, institution_id, code, kind, 'Operation ' || code, CAST(:first_wave AS date) + e * 90, NULL,
        :now_ts
    FROM bk_engagements""",
    # Each share hangs on the government's first operation with the bank.
    "shares": """WITH first AS (
        SELECT DISTINCT ON (tenant_id, institution_id) n, tenant_id, id, institution_id
        FROM bk_engagements ORDER BY tenant_id, institution_id, e
    ), wanted AS (
        SELECT f.*, 'diagnostic' AS kind, '*' AS subject, pg_temp.bank_draw(f.n, 10) BETWEEN 0.90 AND 0.95 AS revoked
        FROM first f
        WHERE f.institution_id <> CAST(:bank AS uuid) OR pg_temp.bank_draw(f.n, 10) < 0.70
            OR pg_temp.bank_draw(f.n, 10) BETWEEN 0.90 AND 0.95
        UNION ALL
        SELECT f.*, 'diagnostic', i.instrument, false
        FROM first f CROSS JOIN bk_instruments i
        WHERE f.institution_id = CAST(:bank AS uuid) AND pg_temp.bank_draw(f.n, 10) >= 0.70
            AND pg_temp.bank_draw(f.n, 10) < 0.90 AND pg_temp.bank_draw(f.n * 10 + i.k, 11) < 0.67
        UNION ALL
        SELECT f.*, 'priority_status',
            CASE WHEN pg_temp.bank_draw(f.n, 12) BETWEEN 0.80 AND 0.88 THEN gen_random_uuid()::text ELSE '*' END,
            pg_temp.bank_draw(f.n, 12) BETWEEN 0.88 AND 0.92
        FROM first f
        WHERE f.institution_id = CAST(:bank AS uuid) AND pg_temp.bank_draw(f.n, 12) < 0.92
    )
    INSERT INTO shares (tenant_id, id, engagement_id, institution_id, kind, subject, granted_by, granted_at, revoked_by,
        revoked_at)
    SELECT tenant_id, gen_random_uuid(), id, institution_id, kind, subject, :actor, :granted_ts,
        CASE WHEN revoked THEN CAST(:actor AS varchar) END, CASE WHEN revoked THEN CAST(:now_ts AS timestamptz) - interval '10 days' END
    FROM wanted""",
    "diagnostic_waves": """INSERT INTO diagnostic_waves (tenant_id, id, instrument, title, held_on, created_by,
        created_at, closed_at)
    SELECT tenant_id, id, instrument,
        CASE WHEN w = 1 THEN 'Baseline ' ELSE 'Follow-up ' END || extract(year FROM held_on), held_on, :actor,
        held_on::timestamptz, CASE WHEN w < :waves THEN held_on::timestamptz + interval '60 days' END
    FROM bk_waves""",
    # Every item by the government (a capacity per government, better wave after wave), but one in 2 % of
    # the waves; technical assistance's own reading, a step apart at times, on 70 % of the items of 30 %.
    "diagnostic_answers": """WITH drawn AS (
        SELECT w.tenant_id, w.id AS wave_id, w.held_on, i.item, s.steps, w.key * 100 + i.position AS key,
            least(s.steps - 1, floor(s.steps * least(0.999, 0.55 * w.capacity + 0.08 * w.w
                + 0.35 * pg_temp.bank_draw(w.key * 100 + i.position, 20))))::int AS rank,
            pg_temp.bank_draw(w.key, 22) < 0.30 AS assisted
        FROM bk_waves w
        JOIN bk_items i ON i.instrument = w.instrument
        JOIN (SELECT DISTINCT instrument, steps FROM bk_steps) s ON s.instrument = w.instrument
        WHERE pg_temp.bank_draw(w.key, 21) >= 0.02
            OR i.position <> floor(pg_temp.bank_draw(w.key, 23) * 8)::int
    ), answered AS (
        SELECT d.tenant_id, d.wave_id, d.held_on, d.item, d.rank, 'government' AS assessor, d.steps
        FROM drawn d
        UNION ALL
        SELECT d.tenant_id, d.wave_id, d.held_on, d.item,
            greatest(0, least(d.steps - 1, d.rank + round(2 * pg_temp.bank_draw(d.key, 24) - 1)::int)),
            'technical_assistance', d.steps
        FROM drawn d WHERE d.assisted AND pg_temp.bank_draw(d.key, 25) < 0.70
    )
    INSERT INTO diagnostic_answers (tenant_id, wave_id, item, assessor, step, evidence, answered_by, answered_at)
    SELECT a.tenant_id, a.wave_id, a.item, a.assessor, s.step, 'Decree and minutes on file for ' || a.item, :actor,
        a.held_on::timestamptz + interval '7 days'
    FROM answered a JOIN bk_waves w ON w.id = a.wave_id
    JOIN bk_steps s ON s.instrument = w.instrument AND s.rank = a.rank""",
    "health_snapshots": """WITH days AS (
        SELECT t.n, t.id AS tenant_id, d, CAST(:today AS date) - d AS taken_on,
            8 + floor(50 * pg_temp.bank_draw(t.n, 41))::int AS priorities,
            pg_temp.bank_draw(t.n, 43) < 0.02 AS unrated, pg_temp.bank_draw(t.n, 44) AS delivery,
            pg_temp.bank_draw(t.n::bigint * 1000 + d, 42) AS u
        FROM bk_tenants t CROSS JOIN generate_series(0, :days - 1) AS d
        WHERE pg_temp.bank_draw(t.n, 40) >= 0.05
    ), rated AS (
        SELECT days.*, CASE WHEN unrated THEN priorities ELSE floor(priorities * 0.1 * u)::int END AS not_rated
        FROM days
    )
    INSERT INTO health_snapshots (tenant_id, taken_on, priorities, on_track, not_rated, latest_value_at,
        meetings_planned, meetings_held, actions_overdue, taken_at)
    SELECT tenant_id, taken_on, priorities,
        least(priorities - not_rated, floor((priorities - not_rated) * (0.3 + 0.6 * delivery) * (0.95 + 0.1 * u)))::int,
        not_rated,
        CASE WHEN pg_temp.bank_draw(n, 45) >= 0.03
             THEN taken_on - (1 + floor(40 * pg_temp.bank_draw(n, 46)))::int + time '10:00' END,
        CASE WHEN pg_temp.bank_draw(n, 47) < 0.08 THEN 0 ELSE 4 + floor(20 * pg_temp.bank_draw(n, 48))::int END,
        CASE WHEN pg_temp.bank_draw(n, 47) < 0.08 THEN 0
             ELSE floor((4 + floor(20 * pg_temp.bank_draw(n, 48))) * (0.4 + 0.6 * pg_temp.bank_draw(n, 49)))::int END,
        floor(12 * pg_temp.bank_draw(n::bigint * 1000 + d, 50))::int, taken_on + time '02:00'
    FROM rated""",
}


def _instrument_params(instruments: Sequence[Instrument]) -> dict[str, list[object]]:
    items = [(i.key, item.key) for i in instruments for item in i.items()]
    steps = [(i.key, step.key, step.rank) for i in instruments for step in i.scale.steps]
    return {
        "instruments": [i.key for i in instruments],
        "item_instruments": [key for key, _ in items], "items": [item for _, item in items],
        "step_instruments": [key for key, _, _ in steps], "steps": [step for _, step, _ in steps],
        "ranks": [rank for _, _, rank in steps],
    }  # fmt: skip


def generate(engine: Engine, instruments: Sequence[Instrument], size: BankSize | None = None) -> BankGenerated:
    """Fill a freshly migrated database (as a superuser: it writes across governments by design)."""
    size = size or BankSize()
    bank, other_bank = uuid.uuid4(), uuid.uuid4()
    now_ts = datetime.now(UTC)
    params = {
        "tenants": size.tenants, "countries": min(len(COUNTRIES), size.tenants), "waves": size.waves,
        "days": size.snapshot_days, "today": size.today, "now_ts": now_ts,
        "first_wave": date(size.today.year - size.waves, 1, 15),
        "granted_ts": datetime(size.today.year - size.waves, 1, 1, tzinfo=UTC),
        "bank": bank, "other_bank": other_bank, "bank_slug": BANK_SLUG, "other_bank_slug": OTHER_BANK_SLUG,
        "actor": ACTOR, "codes": [c[0] for c in COUNTRIES], "cnames": [c[1] for c in COUNTRIES],
        "langs": [c[2] for c in COUNTRIES], "zones": [c[3] for c in COUNTRIES], "currencies": [c[4] for c in COUNTRIES],
        **_instrument_params(instruments),
    }  # fmt: skip
    result = BankGenerated(bank, BANK_SLUG)
    started = perf_counter()
    with engine.begin() as connection:
        connection.exec_driver_sql(_DRAW)
        for statement in _SETUP:
            connection.execute(text(statement), params)
        for table, statement in _TABLES.items():
            result.rows[table] = connection.execute(text(statement), params).rowcount
        connection.exec_driver_sql("DROP FUNCTION pg_temp.bank_draw(bigint, integer)")
    result.seconds = perf_counter() - started
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            f"VACUUM (ANALYZE) {', '.join(TABLES)}"
        )
    return result


def add_member(connection: Connection, institution_id: uuid.UUID, user_id: uuid.UUID, role: str = "specialist") -> None:
    """Make a person one of the institution's specialists (as a superuser: the table is the platform's)."""
    connection.execute(
        text("INSERT INTO institution_members (institution_id, user_id, role, created_at) VALUES (:i, :u, :r, :at)"),
        {"i": institution_id, "u": user_id, "r": role, "at": datetime.now(UTC)},
    )
