"""`python -m bench.bank`: a bank's pages at size, each against one raw SQL statement giving the same figures.

The bank has operations with every government (`bank_data`: 500 by default, of every region and level),
most of which share their diagnostics and their priorities' statuses with it. Figures:

- Comparison, once per bundled instrument: the server time of GET /bank/<slug>/compare?instrument=<key> for
  one of the bank's specialists, asked for as a browser asks, gzip accepted (whole stack in this process:
  sign-in, institution binding, `compare`, the heatmap, radar and bar charts, the table, the ranking, the
  compression), against ONE statement computing the same figures:
  each sharing government's latest and previous wave, their summaries by the instrument's own rules (each
  pillar it summarises or, inside one it does not, each component it does: `comparison.columns`; mean or
  weakest link, components before pillars; unknown where an item is unanswered), each item read from
  technical assistance's answer, else the government's, and the peer medians of the latest summaries.
- Portfolio: GET /bank/<slug>/portfolio, asked for the same way (its first page: the governments a hundred at a time,
  by name) against ONE statement computing the same page's rows (each government's operations, whether it
  shares its priorities' statuses, its latest health snapshot's figures) and the count of all governments.

Both sides run as the application role with the institution bound, so both pay for row-level security.
Before timing, the statement's figures are checked against the pages' own services (`comparison.compare`,
`portfolio.portfolio`). The two sides take turns `--rounds` times after a warm-up; medians are compared
(target: page ≤ 3 × statement).

`--trial-policy` first changes, in the benchmark's database only, how a bank's reads of diagnostic answers
are admitted (TRIAL_POLICY). Migration 0008's policy looks up, for every answer, its wave's instrument (whose
own policy looks up a share) and then a live share: three index probes per row, most of each statement's
time. The trial copies the instrument onto each answer and asks two sets of the bank's shares, which
PostgreSQL hashes once per statement. No index is suggested: every look-up of both sides already runs on a
primary key or unique constraint.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from time import perf_counter
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "platform"))

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, Row, make_url, text
from sqlalchemy.orm import Session

from bench import bank_data
from entrega.app import create_app
from entrega.bank import comparison, portfolio, regions, summaries
from entrega.bank.models import EVERYTHING, ShareKind
from entrega.config import load_settings
from entrega.db import make_engine
from entrega.diagnostics.models import Assessor
from entrega.extensions.contract import Instrument
from entrega.identity.services import create_user
from entrega.provisioning import DatabaseUrls, drop_database, provision, upgrade
from entrega.tenancy.binding import bind_connection, bind_institution

SUPERUSER_URL = os.environ.get("BENCH_PG_SUPERUSER_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
DATABASE = "entrega_bench_bank"
PLUGINS = ("entrega_cog", "entrega_prodev", "entrega_delivery_capacity")
# Tried with --trial-policy (see the module's docstring): each answer carries its wave's instrument, and the
# policy asks two sets computed once per statement from the bank's own shares (no per-row look-up, no cost that
# grows with the waves). The same rows: the copied instrument is the wave's, and only shares are read.
TRIAL_POLICY = [
    "ALTER TABLE diagnostic_answers ADD COLUMN instrument varchar(60)",
    "UPDATE diagnostic_answers a SET instrument = w.instrument FROM diagnostic_waves w "
    "WHERE w.tenant_id = a.tenant_id AND w.id = a.wave_id",
    """ALTER POLICY shared_with_institution ON diagnostic_answers USING (
        tenant_id IN (SELECT s.tenant_id FROM shares s
                      WHERE s.institution_id = NULLIF(current_setting('entrega.institution_id', true), '')::uuid
                          AND s.revoked_at IS NULL AND s.kind = 'diagnostic' AND s.subject = '*')
        OR (tenant_id, instrument) IN (SELECT s.tenant_id, s.subject FROM shares s
                      WHERE s.institution_id = NULLIF(current_setting('entrega.institution_id', true), '')::uuid
                          AND s.revoked_at IS NULL AND s.kind = 'diagnostic'))""",
]

# The instrument's structure travels as arrays, one entry per item that a compared figure reads (a pillar the
# instrument summarises or, inside one it does not, each component it does: `comparison.columns`): the
# figure's number, the part of it the item belongs to and how that part summarises its items, with each
# figure's own rule, and the scale's steps with their ranks. A summarised component is one part of its pillar;
# a component without a rule lends each of its items as a part ('none': the part is the item itself); a
# component compared on its own has each of its items as a part. Each of the latest two waves reads its
# answers (technical assistance's, else the government's) into one document, then every item of the
# structure looks its step up there, so that an unanswered item leaves its part unknown, and its figure.
# Tenants are also filtered explicitly, as the service's statements are: the policies alone leave the
# planner no index to use.
COMPARE_SQL = """
WITH structure AS (
    SELECT item, figure, part, part_rule
    FROM unnest(CAST(:items AS text[]), CAST(:item_figures AS integer[]), CAST(:item_parts AS integer[]),
                CAST(:part_rules AS text[])) AS s(item, figure, part, part_rule)
), figures AS (
    SELECT figure::integer, rule FROM unnest(CAST(:figure_rules AS text[])) WITH ORDINALITY AS f(rule, figure)
), steps AS (
    SELECT step, rank::float8 AS rank
    FROM unnest(CAST(:step_keys AS text[]), CAST(:step_ranks AS integer[])) AS st(step, rank)
), governments AS MATERIALIZED (
    SELECT t.id, t.slug, t.name, t.country, t.level
    FROM tenants t
    WHERE t.id IN (SELECT e.tenant_id FROM engagements e WHERE e.institution_id = :institution_id)
        AND t.id IN (SELECT s.tenant_id FROM shares s
                     WHERE s.institution_id = :institution_id AND s.kind = 'diagnostic'
                         AND s.subject IN ('*', :instrument) AND s.revoked_at IS NULL)
), waves AS MATERIALIZED (
    SELECT w.tenant_id, w.id, w.held_on, w.title,
        row_number() OVER (PARTITION BY w.tenant_id ORDER BY w.held_on DESC) AS nth,
        count(*) OVER (PARTITION BY w.tenant_id) AS total
    FROM diagnostic_waves w
    WHERE w.instrument = :instrument AND w.tenant_id IN (SELECT id FROM governments)
), answered AS MATERIALIZED (
    SELECT w.tenant_id, w.nth,
        (SELECT jsonb_object_agg(chosen.item, chosen.step)
         FROM (SELECT DISTINCT ON (a.item) a.item, a.step
               FROM diagnostic_answers a
               WHERE a.tenant_id = w.tenant_id AND a.wave_id = w.id
               ORDER BY a.item, a.assessor = :assessor DESC) AS chosen) AS steps
    FROM waves w
    WHERE w.nth <= 2 AND CAST(:summarised AS boolean)
), grid AS (
    SELECT an.tenant_id, an.nth, s.figure, s.part, s.part_rule, st.rank
    FROM answered an CROSS JOIN structure s
    LEFT JOIN steps st ON st.step = an.steps ->> s.item
), parts AS (
    SELECT tenant_id, nth, figure,
        CASE WHEN count(rank) < count(*) THEN NULL WHEN min(part_rule) = 'average' THEN avg(rank) ELSE min(rank) END
            AS rank
    FROM grid
    GROUP BY tenant_id, nth, figure, part
), summaries AS MATERIALIZED (
    SELECT pa.tenant_id, pa.nth, pa.figure,
        CASE WHEN count(pa.rank) < count(*) THEN NULL
             WHEN min(f.rule) = 'average' THEN avg(pa.rank) ELSE min(pa.rank) END AS rank
    FROM parts pa JOIN figures f ON f.figure = pa.figure
    GROUP BY pa.tenant_id, pa.nth, pa.figure
), by_government AS (
    SELECT tenant_id, array_agg(rank ORDER BY figure) FILTER (WHERE nth = 1) AS latest,
        array_agg(rank ORDER BY figure) FILTER (WHERE nth = 2) AS previous
    FROM summaries
    GROUP BY tenant_id
), medians AS (
    SELECT array_agg(median ORDER BY figure) AS medians
    FROM (SELECT figure, percentile_cont(0.5) WITHIN GROUP (ORDER BY rank) AS median
          FROM summaries WHERE nth = 1 GROUP BY figure) AS m
)
SELECT g.id, g.slug, g.name, g.country, g.level, w.id AS wave_id, w.held_on, w.title, w.total AS waves,
    bg.latest, bg.previous, md.medians
FROM governments g
JOIN waves w ON w.tenant_id = g.id AND w.nth = 1
LEFT JOIN by_government bg ON bg.tenant_id = g.id
CROSS JOIN medians md
ORDER BY g.name COLLATE "C"
"""

PORTFOLIO_SQL = """
WITH governments AS (
    SELECT t.id, t.slug, t.name, t.country, t.level, array_agg(e.code ORDER BY e.code) AS engagements
    FROM tenants t JOIN engagements e ON e.tenant_id = t.id
    WHERE e.institution_id = :institution_id
    GROUP BY t.id
), counted AS (
    SELECT count(*) AS total FROM governments
), page AS (
    SELECT * FROM governments ORDER BY name, id LIMIT :per_page
), sharing AS (
    SELECT DISTINCT s.tenant_id FROM shares s
    WHERE s.institution_id = :institution_id AND s.kind = 'priority_status' AND s.subject = '*'
        AND s.revoked_at IS NULL
), regions AS (
    SELECT country, region FROM unnest(CAST(:countries AS text[]), CAST(:regions AS text[])) AS r(country, region)
)
SELECT g.id, g.slug, g.name, g.country, coalesce(r.region, :other_region) AS region, g.level, g.engagements,
    sh.tenant_id IS NOT NULL AS shares, l.taken_on, l.priorities,
    l.on_track::float8 / nullif(l.priorities - l.not_rated, 0) AS on_track_share, l.latest_value_at,
    l.meetings_held::float8 / nullif(l.meetings_planned, 0) AS regularity, l.actions_overdue, c.total
FROM page g CROSS JOIN counted c
LEFT JOIN regions r ON r.country = upper(g.country)
LEFT JOIN sharing sh ON sh.tenant_id = g.id
LEFT JOIN LATERAL (SELECT h.* FROM health_snapshots h WHERE h.tenant_id = sh.tenant_id
                   ORDER BY h.taken_on DESC LIMIT 1) AS l ON true
ORDER BY g.name, g.id
"""


# ---- the two sides ---------------------------------------------------------------------------------------


def build_app(urls: DatabaseUrls) -> Flask:
    """The app as deployed with the bundled diagnostic instruments (and no delivery model)."""
    settings = load_settings().with_overrides(
        database_url=urls.app, platform_database_url=urls.platform, migration_database_url=urls.owner,
        redis_url=None, instance_path=Path(tempfile.mkdtemp()), plugins=PLUGINS,
    )  # fmt: skip
    return create_app(settings)


def signed_in_specialist(app: Flask, superuser: Engine, institution_id: uuid.UUID) -> FlaskClient:
    """A test client signed in, as the sign-in page would leave it, as one of the bank's specialists."""
    with app.extensions["entrega.db"].Session(expire_on_commit=False) as db_session:
        user = create_user(db_session, "specialist@bank-bench.example.org", "Bench Specialist")
        db_session.commit()
    with superuser.begin() as connection:
        bank_data.add_member(connection, institution_id, user.id)
    client = app.test_client()
    with client.session_transaction() as session:
        session["uid"], session["epoch"] = str(user.id), user.session_epoch
    return client


def alternate(sides: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Each side's median time in ms (keys as given), taking turns so that drift in the machine's load hits all
    alike; `ratio` is the page's against the statement's."""
    for _ in range(3):  # warm the caches, the plans and the templates
        for call in sides.values():
            call()
    times: dict[str, list[float]] = {key: [] for key in sides}
    for _ in range(rounds):
        for key, call in sides.items():
            started = perf_counter()
            call()
            times[key].append(perf_counter() - started)
    out = {key: statistics.median(samples) * 1000 for key, samples in times.items()}
    return out | {"ratio": out["page_ms"] / out["raw_ms"]}


def _in_binding(app: Flask, institution_id: uuid.UUID, service: Callable[[Session], object]) -> Callable[[], None]:
    """The page's service alone, in a session of its own with the institution bound, as the page binds it."""

    def call() -> None:
        with app.app_context(), app.extensions["entrega.db"].Session() as db_session:
            bind_institution(db_session, institution_id)
            service(db_session)

    return call


def _getter(client: FlaskClient, url: str) -> Callable[[], None]:
    def get() -> None:
        response = client.get(url, headers={"Accept-Encoding": "gzip"})  # as a browser asks: compressed
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        assert response.headers.get("Content-Encoding") == "gzip", f"{url} was not compressed"

    return get


def _fetcher(app_engine: Engine, institution_id: uuid.UUID, sql: str, params: dict[str, Any]) -> Callable[[], Any]:
    statement = text(sql)

    def fetch() -> list[Row[Any]]:
        with app_engine.begin() as connection:  # the application role, the institution bound, as a page runs
            bind_connection(connection, None, None, institution_id)
            return list(connection.execute(statement, params).all())

    return fetch


def _differences() -> tuple[list[str], Callable[[str, object, object], None]]:
    problems: list[str] = []

    def same(what: str, ours: object, theirs: object) -> None:
        numbers = isinstance(ours, int | float) and isinstance(theirs, int | float)
        if ours != theirs and not (numbers and math.isclose(ours, theirs, abs_tol=1e-9)):  # type: ignore[arg-type]
            problems.append(f"{what}: statement {ours!r}, service {theirs!r}")

    return problems, same


# ---- the comparison --------------------------------------------------------------------------------------


def comparison_params(instrument: Instrument, institution_id: uuid.UUID, assessor: Assessor) -> dict[str, Any]:
    """The statement's parameters: the instrument's structure as the page's own statement unnests it
    (`summaries.structure`, following `comparison.columns(instrument)`)."""
    structure = summaries.structure(instrument, comparison.columns(instrument))
    return {"institution_id": institution_id, "instrument": instrument.key, "assessor": assessor.value,
            **structure.__dict__, "summarised": bool(structure.items)}  # fmt: skip


def check_same_comparison(app: Flask, institution_id: uuid.UUID, instrument: Instrument, rows: list[Row[Any]]) -> int:
    """Fail unless the statement's figures are `comparison.compare`'s, government by government; the number
    of governments compared."""
    with app.app_context(), app.extensions["entrega.db"].Session() as db_session:
        bind_institution(db_session, institution_id)
        result = comparison.compare(db_session, institution_id, instrument)
    problems, same = _differences()
    keys = [column.key for column in comparison.columns(instrument)]

    def by_figure(values: list[float | None] | None) -> dict[str, float | None]:
        return dict(zip(keys, values or [None] * len(keys), strict=True))

    same("governments, in order", [row.slug for row in rows], [c.slug for c in result.countries])
    for row, country in zip(rows, result.countries, strict=False):
        wave_id, held_on, title = country.waves[-1]
        same(f"{row.slug} latest wave", (row.wave_id, row.held_on, row.title), (wave_id, held_on, title))
        same(f"{row.slug} waves", row.waves, len(country.waves))
        same(f"{row.slug} place", (row.name, row.country, row.level), (country.name, country.country, country.level))
        for when, values, theirs in (
            ("latest", row.latest, country.latest),
            ("previous", row.previous, country.previous),
        ):
            for key, value in by_figure(values).items():
                same(f"{row.slug} {key} {when}", value, theirs.get(key))
    for key, value in by_figure(rows[0].medians if rows else None).items():
        same(f"median of {key}", value, result.medians.get(key))
    if problems:
        raise AssertionError(f"{instrument.key}: {len(problems)} figures differ; first: " + "; ".join(problems[:5]))
    summarised = sum(1 for row in rows for value in row.latest or [] if value is not None)
    print(f"  {instrument.key}: {len(rows)} governments, {summarised} latest summaries agree", file=sys.stderr)
    return len(rows)


def measure_compare(
    app: Flask, app_engine: Engine, client: FlaskClient, institution_id: uuid.UUID, instrument: Instrument, rounds: int
) -> dict[str, float]:
    slug = bank_data.BANK_SLUG
    params = comparison_params(instrument, institution_id, comparison.Filters().assessor)
    raw = _fetcher(app_engine, institution_id, COMPARE_SQL, params)
    governments = check_same_comparison(app, institution_id, instrument, raw())
    page = _getter(client, f"/bank/{slug}/compare?instrument={instrument.key}")
    service = _in_binding(
        app, institution_id, lambda db_session: comparison.compare(db_session, institution_id, instrument)
    )
    figures = alternate({"page_ms": page, "service_ms": service, "raw_ms": raw}, rounds)
    return figures | {"governments": governments}


# ---- the portfolio ---------------------------------------------------------------------------------------


def portfolio_params(institution_id: uuid.UUID) -> dict[str, Any]:
    return {"institution_id": institution_id, "countries": list(regions.REGIONS),
            "regions": list(regions.REGIONS.values()), "other_region": regions.OTHER,
            "per_page": portfolio.PER_PAGE}  # fmt: skip


def check_same_portfolio(app: Flask, institution_id: uuid.UUID, rows: list[Row[Any]]) -> dict[str, int]:
    """Fail unless the statement's rows are the first page of `portfolio.portfolio` (and its sharing flag the
    page's), with the same count of all governments."""
    with app.app_context(), app.extensions["entrega.db"].Session() as db_session:
        bind_institution(db_session, institution_id)
        everyone = portfolio.portfolio(db_session, institution_id)
        expected, total = portfolio.portfolio_page(db_session, institution_id)
        sharing = comparison.shared_with(db_session, institution_id, ShareKind.PRIORITY_STATUS, EVERYTHING)
        ids = {row.slug: row.id for row in rows}
    problems, same = _differences()
    same("the first page", [r.slug for r in expected], [r.slug for r in everyone[: portfolio.PER_PAGE]])
    same("governments in all", [row.total for row in rows[:1]], [total])
    same("governments, in order", [row.slug for row in rows], [r.slug for r in expected])
    for row, ours in zip(rows, expected, strict=False):
        theirs = (ours.name, ours.country, ours.region, ours.level, ours.engagements, ours.taken_on, ours.priorities,
                  ours.latest_value_at, ours.actions_overdue)  # fmt: skip
        mine = (row.name, row.country, row.region, row.level, row.engagements, row.taken_on, row.priorities,
                row.latest_value_at, row.actions_overdue)  # fmt: skip
        same(f"{row.slug} row", mine, theirs)
        same(f"{row.slug} health", row.on_track_share, ours.on_track_share)
        same(f"{row.slug} regularity", row.regularity, ours.regularity)
        same(f"{row.slug} shares", row.shares, ids[row.slug] in sharing)
        same(f"{row.slug} sharing", row.shares, ours.sharing)
    if problems:
        raise AssertionError(f"portfolio: {len(problems)} figures differ; first: " + "; ".join(problems[:5]))
    with_figures = sum(1 for row in rows if row.taken_on is not None)
    print(f"  portfolio: {len(rows)} governments, {with_figures} with figures, agree", file=sys.stderr)
    return {"governments": len(rows), "with_figures": with_figures, "total": total}


def measure_portfolio(
    app: Flask, app_engine: Engine, client: FlaskClient, institution_id: uuid.UUID, rounds: int
) -> dict[str, float]:
    raw = _fetcher(app_engine, institution_id, PORTFOLIO_SQL, portfolio_params(institution_id))
    counts = check_same_portfolio(app, institution_id, raw())
    page = _getter(client, f"/bank/{bank_data.BANK_SLUG}/portfolio")
    service = _in_binding(app, institution_id,
                          lambda db_session: portfolio.portfolio_page(db_session, institution_id))  # fmt: skip
    return alternate({"page_ms": page, "service_ms": service, "raw_ms": raw}, rounds) | counts


# ---- the run ---------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tenants", type=int, default=500)
    parser.add_argument("--waves", type=int, default=4, help="per instrument and government")
    parser.add_argument("--snapshot-days", type=int, default=30, help="nightly health snapshots per government")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--trial-policy", action="store_true", help="try the suggested policy on diagnostic answers")
    parser.add_argument("--jit", action="store_true", help="keep the server's JIT (by default the bench turns it off)")
    args = parser.parse_args()

    drop_database(SUPERUSER_URL, DATABASE)
    urls = provision(SUPERUSER_URL, DATABASE)
    upgrade(urls.owner)
    superuser = make_engine(make_url(SUPERUSER_URL).set(database=DATABASE).render_as_string(hide_password=False),
                            pool_size=1, max_overflow=0)  # fmt: skip
    if not args.jit:  # as `python -m bench`: the policies' estimates make JIT compile short queries, for seconds
        with superuser.begin() as connection:
            connection.exec_driver_sql(f"ALTER DATABASE {DATABASE} SET jit = off")
        superuser.dispose()
    app_engine = make_engine(urls.app, pool_size=1, max_overflow=0, binds_tenants=True)
    web = build_app(urls)
    try:
        instruments = web.extensions["entrega.plugins"].instruments()
        ordered = [instruments[key] for key in sorted(instruments)]
        size = bank_data.BankSize(args.tenants, args.waves, args.snapshot_days)
        generated = bank_data.generate(superuser, ordered, size)
        if args.trial_policy:
            with superuser.begin() as connection:
                for statement in TRIAL_POLICY:
                    connection.exec_driver_sql(statement)
            with superuser.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "VACUUM (ANALYZE) diagnostic_answers"
                )
        print(f"  generated in {generated.seconds:.1f} s: {generated.rows}", file=sys.stderr)
        client = signed_in_specialist(web, superuser, generated.institution_id)
        compared = {
            key: measure_compare(web, app_engine, client, generated.institution_id, instrument, args.rounds)
            for key, instrument in zip(sorted(instruments), ordered, strict=True)
        }
        overview = measure_portfolio(web, app_engine, client, generated.institution_id, args.rounds)
    finally:
        web.extensions["entrega.db"].dispose()
        app_engine.dispose()
        superuser.dispose()
        drop_database(SUPERUSER_URL, DATABASE)

    rows = generated.rows
    print(
        f"Bank pages: {args.tenants} governments, {args.waves} waves per instrument ({rows['diagnostic_waves']:,} "
        f"waves, {rows['diagnostic_answers']:,} answers), {rows['health_snapshots']:,} health snapshots, "
        f"{rows['shares']:,} shares; median of {args.rounds}; JIT {'on' if args.jit else 'off'}"
        + ("; with the trial policy on diagnostic answers" if args.trial_policy else "")
    )
    print()
    print("| figure | measured | limit | ratio | target |")
    print("|---|---|---|---|---|")
    for key, figures in compared.items():
        print(
            f"| Comparison of `{key}`: server time of GET /bank/<slug>/compare?instrument={key} for a specialist "
            f"({figures['governments']:.0f} governments; of which `comparison.compare` alone "
            f"{figures['service_ms']:.0f} ms) vs one raw SQL statement computing the same figures (latest and "
            f"previous waves' summaries by the instrument's rules, peer medians; app role under RLS) "
            f"| {figures['page_ms']:.1f} ms | {figures['raw_ms']:.1f} ms | {figures['ratio']:.2f} | ≤ 3 |"
        )
    print(
        f"| Portfolio: server time of GET /bank/<slug>/portfolio, its first page ({overview['governments']:.0f} of "
        f"{overview['total']:.0f} governments by name, {overview['with_figures']:.0f} with figures; of which "
        f"`portfolio.portfolio_page` alone {overview['service_ms']:.0f} ms) vs one raw SQL statement computing the "
        f"same page's rows and the count of all (app role under RLS) | {overview['page_ms']:.1f} ms | {overview['raw_ms']:.1f} ms | {overview['ratio']:.2f} | ≤ 3 |"
    )


if __name__ == "__main__":
    main()
