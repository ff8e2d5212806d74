"""The delivery workspace at size (tenants filled by `workspace_data`): two figures, each against its floor.

Overview: the server time of GET /t/<slug>/priorities (every priority judged, worst first, rendered) for a
signed-in viewer, through the whole stack in this process, against ONE raw SQL statement that fetches the
same facts. Both run as the application role with the tenant bound, so both pay for row-level security.
Before timing, the statement's facts are checked against what `facts.load` (the page's service) computes.

Import: measurements as a CSV file through the import job (`delivery.import`, run as a worker runs it:
every row checked, the stored versions and the facts read, COPY into a temporary table, INSERT … SELECT
under row-level security), against a superuser's COPY of the same rows, already resolved, into
`measurements`. The rows are a back-fill of the months before the baseline, so both sides insert new rows;
they are deleted (and the table vacuumed) after each run, so every run starts from the same table.
"""

from __future__ import annotations

import io
import math
import statistics
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from time import perf_counter
from typing import Any

from flask import Flask
from sqlalchemy import Engine, Row, text

from bench import stack
from entrega.delivery import facts, imports, periods
from entrega.delivery.models import ImportStatus
from entrega.delivery.warning import BUDGET_FLOOR, MILESTONE_NOTICE, Signal
from entrega.extensions.contract import Frequency
from entrega.identity.roles import Role
from entrega.identity.services import now
from entrega.jobs.runner import run_tenant_job
from entrega.tenancy.binding import bind_connection, tenant_session

# One row per indicator (and one for a priority without any), in the page's order of priorities. Mirrors
# `facts.load`: each period's current value is its latest version unless that was returned; incremental
# values add up from the baseline; the latest RECENT values come with the trajectory's value beside them.
# Every table is also filtered by tenant explicitly, as the ORM's guard filters the service's statements:
# the policies alone (tenant OR an institution's share) leave the planner no index to use.
OVERVIEW_SQL = """
WITH latest_versions AS (
    SELECT DISTINCT ON (m.indicator_id, m.period) m.indicator_id, m.period, m.value, m.status, m.on_time,
        m.id IN (SELECT e.measurement_id FROM evidence e WHERE e.tenant_id = :tenant_id) AS has_evidence
    FROM measurements m
    WHERE m.tenant_id = :tenant_id AND m.breakdown = ''
    ORDER BY m.indicator_id, m.period, m.version DESC
), counted AS (
    SELECT c.indicator_id, c.period, c.value, c.status,
        sum(c.value) OVER running AS running,
        row_number() OVER running AS position,
        count(*) OVER whole AS n,
        count(*) FILTER (WHERE c.on_time) OVER whole AS n_on_time,
        count(*) FILTER (WHERE c.has_evidence) OVER whole AS n_evidence
    FROM latest_versions c
    WHERE c.status <> 'returned'
    WINDOW running AS (PARTITION BY c.indicator_id ORDER BY c.period ROWS UNBOUNDED PRECEDING),
        whole AS (PARTITION BY c.indicator_id)
), recent AS MATERIALIZED (
    SELECT c.indicator_id, max(c.n) AS n, max(c.n_on_time) AS n_on_time, max(c.n_evidence) AS n_evidence,
        array_agg(c.period ORDER BY c.period) AS periods,
        array_agg(c.value ORDER BY c.period) AS "values",
        array_agg(CASE WHEN i.accumulation = 'incremental' THEN coalesce(b.value, 0) + c.running ELSE c.value END
                  ORDER BY c.period) AS progress,
        array_agg(c.status ORDER BY c.period) AS statuses,
        array_agg(tp.expected ORDER BY c.period) AS expected
    FROM counted c
    JOIN indicators i ON i.tenant_id = :tenant_id AND i.id = c.indicator_id
    LEFT JOIN baselines b ON b.tenant_id = :tenant_id AND b.indicator_id = c.indicator_id
    LEFT JOIN trajectory_points tp
        ON tp.tenant_id = :tenant_id AND tp.indicator_id = c.indicator_id AND tp.period = c.period
    WHERE c.position > c.n - :recent
    GROUP BY c.indicator_id
), latest_target AS MATERIALIZED (
    SELECT DISTINCT ON (indicator_id) indicator_id, value, due
    FROM target_revisions
    WHERE tenant_id = :tenant_id
    ORDER BY indicator_id, revision DESC
), path_start AS MATERIALIZED (
    SELECT indicator_id, min(period) AS period FROM trajectory_points WHERE tenant_id = :tenant_id GROUP BY indicator_id
), open_milestones AS MATERIALIZED (
    SELECT priority_id, count(*) AS open,
        count(*) FILTER (WHERE due_on < :today) AS overdue,
        count(*) FILTER (WHERE due_on >= :today AND status = 'planned' AND due_on <= :notice) AS not_started
    FROM milestones
    WHERE tenant_id = :tenant_id AND status NOT IN ('done', 'dropped')
    GROUP BY priority_id
), budget_periods AS (
    SELECT pp.priority_id, be.period, be.allocated, be.executed,
        coalesce(lead(be.period) OVER (PARTITION BY pp.priority_id, be.programme_id ORDER BY be.period) - 1,
                 CAST(:year_end AS date)) AS period_end
    FROM priority_programmes pp
    JOIN budget_entries be ON be.tenant_id = :tenant_id AND be.programme_id = pp.programme_id
    WHERE pp.tenant_id = :tenant_id AND be.period BETWEEN :year_start AND :year_end
), budget AS MATERIALIZED (
    SELECT priority_id, sum(allocated) AS allocated, sum(executed) AS executed,
        sum(CASE WHEN :today < period THEN 0 WHEN :today >= period_end THEN allocated
                 ELSE allocated * (:today - period + 1) / (period_end - period + 1) END) AS due_by_today
    FROM budget_periods
    GROUP BY priority_id
)
SELECT p.id AS priority_id, p.code AS priority_code, p.name AS priority_name, p.position,
    p.owner_ministry_id, mi.name AS ministry_name,
    i.id AS indicator_id, i.code AS indicator_code, i.name AS indicator_name, i.unit, i.decimals, i.polarity,
    i.frequency, i.accumulation,
    (i.definition <> '')::int + (i.formula <> '')::int + (i.unit <> '')::int + (i.source <> '')::int
        + (i.owner_person <> '')::int + (b.indicator_id IS NOT NULL)::int + (t.indicator_id IS NOT NULL)::int
        + (ps.period IS NOT NULL)::int AS sheet_filled,
    b.value AS baseline, b.period AS baseline_period, t.value AS target, t.due AS target_due,
    ps.period AS path_start, r.n, r.n_on_time, r.n_evidence, r.periods, r."values", r.progress, r.statuses,
    r.expected, om.open AS open_milestones, om.overdue AS overdue_milestones,
    om.not_started AS milestones_not_started, bu.allocated, bu.executed, bu.due_by_today
FROM priorities p
JOIN ministries mi ON mi.tenant_id = :tenant_id AND mi.id = p.owner_ministry_id
LEFT JOIN indicators i ON i.tenant_id = :tenant_id AND i.priority_id = p.id
LEFT JOIN baselines b ON b.tenant_id = :tenant_id AND b.indicator_id = i.id
LEFT JOIN latest_target t ON t.indicator_id = i.id
LEFT JOIN path_start ps ON ps.indicator_id = i.id
LEFT JOIN recent r ON r.indicator_id = i.id
LEFT JOIN open_milestones om ON om.priority_id = p.id
LEFT JOIN budget bu ON bu.priority_id = p.id
WHERE p.tenant_id = :tenant_id
ORDER BY p.position, p.code, i.code
"""
COPY_COLUMNS = ("tenant_id", "id", "indicator_id", "period", "breakdown", "version", "value", "source", "note",
                "entered_by", "entered_at", "channel", "on_time", "status")  # fmt: skip
ACTOR = "import-bench@example.org"


def _median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000


def _timed(call: Callable[[], object]) -> float:
    started = perf_counter()
    call()
    return perf_counter() - started


# ---- the overview ----------------------------------------------------------------------------------------


def overview_params(today: date, fiscal_start: int = 1) -> dict[str, Any]:
    year_start = periods.period_start(today, Frequency.ANNUAL, fiscal_start)
    return {"today": today, "notice": today + MILESTONE_NOTICE, "recent": facts.RECENT, "year_start": year_start,
            "year_end": periods.period_end(year_start, Frequency.ANNUAL)}  # fmt: skip


def measure_overview(app: Flask, app_engine: Engine, tenant_id: uuid.UUID, rounds: int = 30) -> dict[str, float]:
    """Median page time against median statement time (bind, run, fetch every row, commit), interleaved."""
    slug = stack.slug_of(app, tenant_id)
    user = stack.new_member(app, tenant_id, "overview-bench@example.org", Role.VIEWER)
    client = app.test_client()
    with client.session_transaction() as session:  # signed in as the sign-in page would leave it
        session["uid"], session["epoch"] = str(user.id), user.session_epoch
    url = f"/t/{slug}/priorities"
    today = now().date()  # the day the page judges by
    params = {**overview_params(today), "tenant_id": tenant_id}

    def page() -> None:
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"

    def raw() -> list[Row[Any]]:
        with app_engine.begin() as connection:
            bind_connection(connection, tenant_id)
            return list(connection.execute(text(OVERVIEW_SQL), params).all())

    rows = raw()
    check_same_facts(app, tenant_id, rows, today)
    for _ in range(3):  # warm the caches, the plans and the templates
        page()
        raw()
    page_times, raw_times = [], []
    for _ in range(rounds):  # alternate, so that drift in the machine's load affects both alike
        page_times.append(_timed(page))
        raw_times.append(_timed(raw))
    page_ms, raw_ms = _median_ms(page_times), _median_ms(raw_times)
    indicators = sum(1 for row in rows if row.indicator_id is not None)
    return {"page_ms": page_ms, "raw_ms": raw_ms, "ratio": page_ms / raw_ms, "indicators": indicators,
            "priorities": len({row.priority_id for row in rows})}  # fmt: skip


def check_same_facts(app: Flask, tenant_id: uuid.UUID, rows: list[Row[Any]], today: date) -> None:
    """Fail unless the raw statement returns the facts the page's service judges by, indicator by indicator."""
    with app.app_context(), tenant_session(app.extensions["entrega.db"], tenant_id) as db_session:
        views = facts.load(db_session, None, today)
    by_indicator = {view.indicator.id: view for priority in views for view in priority.indicators}
    by_priority = {priority.priority.id: priority for priority in views}
    problems: list[str] = []

    def same(what: str, ours: object, theirs: object) -> None:
        close = isinstance(ours, float) and isinstance(theirs, float) and math.isclose(ours, theirs, abs_tol=1e-6)
        if ours != theirs and not close:
            problems.append(f"{what}: statement {ours!r}, service {theirs!r}")

    for row in rows:
        if row.indicator_id is None:
            continue
        view = by_indicator[row.indicator_id]
        known, status = view.facts, view.status
        code = row.indicator_code
        same(f"{code} values", row.n or 0, known.value_count)
        same(f"{code} on time", row.n_on_time or 0, known.on_time_count)
        same(f"{code} with evidence", row.n_evidence or 0, known.evidence_count)
        same(f"{code} baseline", row.baseline, known.baseline)
        same(f"{code} target", row.target, known.target)
        same(f"{code} sheet", row.sheet_filled, known.sheet_fields_filled)
        same(f"{code} recent periods", list(row.periods or []), [v.period for v in known.values])
        same(f"{code} recent progress", [float(p) for p in row.progress or []], [v.progress for v in known.values])
        if status.latest is not None and row.expected and row.expected[-1] is not None:
            same(f"{code} expected", float(row.expected[-1]), status.expected)
    for priority_id, priority in by_priority.items():
        first = next(row for row in rows if row.priority_id == priority_id)
        reasons = [reason.signal for reason in priority.reasons]
        slipping = (first.overdue_milestones or 0) + (first.milestones_not_started or 0)
        same(f"{priority.priority.code} milestones slipping", slipping, reasons.count(Signal.MILESTONE_SLIPPING))
        due = first.due_by_today
        under = due is not None and due > 0 and first.executed < due * BUDGET_FLOOR
        same(f"{priority.priority.code} budget under-executed", under, Signal.BUDGET_UNDER_EXECUTED in reasons)
    same("indicators", sum(1 for row in rows if row.indicator_id is not None), len(by_indicator))
    if problems:
        raise AssertionError(f"{len(problems)} facts differ; first: " + "; ".join(problems[:5]))


# ---- the import ------------------------------------------------------------------------------------------


def back_fill(superuser: Engine, tenant_id: uuid.UUID, rows: int) -> tuple[bytes, bytes, date]:
    """The CSV file of `rows` monthly totals for the months before the baseline (indicator by indicator,
    the way a statistics office exports a series), the same rows as COPY text, and the first baseline month."""
    with superuser.connect() as connection:
        indicators = connection.execute(
            text("SELECT i.id, i.code, b.value, b.period FROM indicators i "
                 "JOIN baselines b ON b.tenant_id = i.tenant_id AND b.indicator_id = i.id "
                 "WHERE i.tenant_id = :tenant_id ORDER BY i.code"),
            {"tenant_id": tenant_id},
        ).all()  # fmt: skip
    assert indicators, "the import tenant has no indicators"
    start = min(row.period for row in indicators)
    months = math.ceil(rows / len(indicators))
    if periods.add_months(start, -months).year < 1990:
        raise ValueError(f"{rows:,} rows do not fit in the months since 1990: give fewer, or more indicators")
    moment = now().isoformat()
    csv_out, copy_out = io.StringIO(), io.StringIO()
    csv_out.write("indicator,period,value,breakdown,source,note\n")
    written = 0
    for n, indicator in enumerate(indicators):
        for month in range(1, months + 1):
            if written == rows:
                break
            period = periods.add_months(start, -month)
            value = round(indicator.value * (1 - 0.001 * month) + (n * 7 + month) % 5 * 0.1, 2)
            csv_out.write(f"{indicator.code},{period:%Y-%m},{value},,National statistics office,\n")
            copy_out.write(f"{tenant_id}\t{uuid.uuid4()}\t{indicator.id}\t{period}\t\t1\t{value}\t"
                           f"National statistics office\t\t{ACTOR}\t{moment}\timport:copy\tf\tsubmitted\n")  # fmt: skip
            written += 1
    return csv_out.getvalue().encode(), copy_out.getvalue().encode(), start


def measure_import(
    app: Flask, superuser: Engine, tenant_id: uuid.UUID, rows: int = 100_000, rounds: int = 3
) -> dict[str, float]:
    """Median import job time and median COPY time over `rounds` runs each, after one untimed run of each."""
    content, copy_text, start = back_fill(superuser, tenant_id, rows)

    def remove() -> None:
        with superuser.begin() as connection:
            deleted = connection.execute(
                text("DELETE FROM measurements WHERE tenant_id = :tenant_id AND period < :start"),
                {"tenant_id": tenant_id, "start": start},
            ).rowcount
        assert deleted == rows, f"{deleted} rows written, {rows} expected"
        with superuser.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM measurements")

    def copy() -> None:
        statement = f"COPY measurements ({', '.join(COPY_COLUMNS)}) FROM STDIN"
        with superuser.begin() as connection:
            cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
            with cursor, cursor.copy(statement) as stream:
                stream.write(copy_text)

    def upload() -> uuid.UUID:
        with app.app_context(), tenant_session(app.extensions["entrega.db"], tenant_id) as db_session:
            data_import = imports.create_import(db_session, "measurements", "back-fill.csv", content, ACTOR)
            db_session.commit()
            return data_import.id

    def run(import_id: uuid.UUID) -> None:
        status = run_tenant_job("delivery.import", str(tenant_id), str(import_id), None, app=app)
        assert status == ImportStatus.DONE.value, f"the import ended {status}"

    copy_times, upload_times, job_times = [], [], []
    for round_ in range(rounds + 1):
        copy_time = _timed(copy)
        remove()
        started = perf_counter()
        import_id = upload()
        upload_time = perf_counter() - started
        job_time = _timed(partial(run, import_id))
        remove()
        if round_:  # the first round warms the caches and the code paths
            copy_times.append(copy_time)
            upload_times.append(upload_time)
            job_times.append(job_time)
    copy_ms, job_ms = _median_ms(copy_times), _median_ms(job_times)
    return {"rows": rows, "bytes": len(content), "job_ms": job_ms, "upload_ms": _median_ms(upload_times),
            "copy_ms": copy_ms, "ratio": job_ms / copy_ms}  # fmt: skip
