"""`python -m bench`: build a benchmark database, measure, print a Markdown table of figures.

On their own: `python -m bench.reports` (the PDF reports), `python -m bench.bank` (a bank's comparison and
portfolio pages at 500 governments).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from time import perf_counter
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "platform"))

from sqlalchemy import make_url

from bench import api_throughput, rls_overhead, stack, synthetic, workspace, workspace_data
from entrega.db import make_engine
from entrega.identity.roles import Role
from entrega.identity.services import create_token
from entrega.provisioning import drop_database, provision, upgrade
from entrega.tenancy.binding import tenant_session

SUPERUSER_URL = os.environ.get("BENCH_PG_SUPERUSER_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tenants", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3000)
    workspace_args = parser.add_argument_group("delivery workspace (0 tenants: skip its figures)")
    workspace_args.add_argument("--workspace-tenants", type=int, default=200, help="tenants given a workspace")
    workspace_args.add_argument("--workspace-priorities", type=int, default=50, help="priorities per tenant")
    workspace_args.add_argument("--workspace-indicators", type=int, default=10, help="indicators per priority")
    workspace_args.add_argument("--workspace-months", type=int, default=96, help="months of data per indicator")
    workspace_args.add_argument("--workspace-workers", type=int, default=2, help="connections that generate it")
    workspace_args.add_argument("--overview-rounds", type=int, default=30)
    workspace_args.add_argument("--import-rows", type=int, default=100_000)
    workspace_args.add_argument("--import-rounds", type=int, default=3)
    parser.add_argument("--jit", action="store_true", help="keep the server's JIT (by default the bench turns it off)")
    args = parser.parse_args()
    tenants = max(args.tenants, args.workspace_tenants)

    database = "entrega_bench"
    drop_database(SUPERUSER_URL, database)
    urls = provision(SUPERUSER_URL, database)
    upgrade(urls.owner)
    superuser_in_db = make_url(SUPERUSER_URL).set(database=database)
    # Both engines are built as the app builds them (same pool, same pre-ping): only role, binding and RLS differ.
    superuser = make_engine(superuser_in_db.render_as_string(hide_password=False), pool_size=1, max_overflow=0)
    # The application engine exactly as the app builds it (its BEGIN travels with the binding).
    app = make_engine(urls.app, pool_size=1, max_overflow=0, binds_tenants=True)
    if not args.jit:
        # The tenant-or-share policies inflate every estimate, so JIT compiles even 50 ms queries, for seconds.
        # Off for every connection opened from now on, as it should be for this workload.
        with superuser.begin() as connection:
            connection.exec_driver_sql(f"ALTER DATABASE {database} SET jit = off")
        superuser.dispose()
    work: dict[str, Any] = {}
    try:
        with superuser.begin() as connection:
            generated = synthetic.generate(connection, tenants)
            connection.exec_driver_sql("ANALYZE")
        rls = rls_overhead.measure(app, superuser, generated.tenant_ids, args.rounds)
        api = _api_capacity(urls, generated.tenant_ids[0])
        if args.workspace_tenants:
            work = _workspace(args, urls, superuser, app, generated.tenant_ids[: args.workspace_tenants])
    finally:
        app.dispose()
        superuser.dispose()
        drop_database(SUPERUSER_URL, database)

    print(
        f"Entrega benchmarks: {tenants} tenants, {generated.ministries} ministries, {args.rounds} transactions, "
        f"JIT {'on' if args.jit else 'off'}"
    )
    if work:
        data, rows = work["data"], work["data"].rows
        print(
            f"Delivery workspaces: {data.tenants} tenants, each with {args.workspace_priorities} priorities and "
            f"{args.workspace_priorities * args.workspace_indicators} indicators of {args.workspace_months} months "
            f"(baseline {data.baseline_period:%Y-%m}, data to {data.last_period:%Y-%m}): {rows['measurements']:,} "
            f"measurements, {rows['trajectory_points']:,} trajectory points, {rows['evidence']:,} evidence files, "
            f"generated in {data.seconds:.0f} s (+ {work['vacuum_s']:.0f} s VACUUM ANALYZE)"
        )
    print()
    print("| figure | measured | limit | ratio | target |")
    print("|---|---|---|---|---|")
    print(
        f"| RLS overhead, one tenant's ministries per transaction (app role under RLS vs superuser with WHERE) "
        f"| {rls['rls_ms']:.3f} ms | {rls['plain_ms']:.3f} ms | {rls['ratio']:.3f} | ≤ 1.10 |"
    )
    print(
        f"| API capacity of one web process, GET a government's ministries with a token (bare Flask endpoint with "
        f"the same JSON as the limit) | {api['full_rps']:.0f} req/s | {api['bare_rps']:.0f} req/s | "
        f"{api['ratio']:.2f}× slower | (capacity figure) |"
    )
    if work:
        overview, imported = work["overview"], work["import"]
        print(
            f"| Priorities overview, server time of GET /t/<slug>/priorities for a viewer ({overview['priorities']} "
            f"priorities, {overview['indicators']} indicators; median of {args.overview_rounds}) vs one raw SQL "
            f"statement fetching the same facts (app role under RLS) | {overview['page_ms']:.1f} ms | "
            f"{overview['raw_ms']:.1f} ms | {overview['ratio']:.2f} | ≤ 3 |"
        )
        print(
            f"| Import of {imported['rows']:,} measurements from CSV ({imported['bytes'] / 1e6:.1f} MB), the import "
            f"job (upload before it: {imported['upload_ms']:.0f} ms; median of {args.import_rounds}) vs superuser "
            f"COPY of the same rows into measurements | {imported['job_ms']:.0f} ms | {imported['copy_ms']:.0f} ms "
            f"| {imported['ratio']:.2f} | ≤ 5 |"
        )


def _workspace(
    args: argparse.Namespace, urls: Any, superuser: Any, app_engine: Any, tenant_ids: list[Any]
) -> dict[str, Any]:
    """Fill the workspaces, then time the overview on the first tenant and the import on the last."""
    size = workspace_data.WorkspaceSize(args.workspace_priorities, args.workspace_indicators, args.workspace_months)
    data = workspace_data.generate(superuser, tenant_ids, size, workers=args.workspace_workers)
    vacuum_s = workspace_data.vacuum(superuser)
    web = stack.build_app(urls)
    try:
        overview = workspace.measure_overview(web, app_engine, tenant_ids[0], args.overview_rounds)
        started = perf_counter()
        imported = workspace.measure_import(web, superuser, tenant_ids[-1], args.import_rows, args.import_rounds)
        print(f"  import figure measured in {perf_counter() - started:.0f} s", file=sys.stderr)
    finally:
        web.extensions["entrega.db"].dispose()
    return {"data": data, "vacuum_s": vacuum_s, "overview": overview, "import": imported}


def _api_capacity(urls: Any, tenant_id: Any) -> dict[str, float]:
    """The whole stack, in one process, against the benchmark database."""
    app = stack.build_app(urls)
    engines = app.extensions["entrega.db"]
    slug = stack.slug_of(app, tenant_id)
    user = stack.new_member(app, tenant_id, "bench@example.org", Role.VIEWER)
    with tenant_session(engines, tenant_id) as db_session:
        _token, raw = create_token(db_session, user, "bench", Role.VIEWER, 1)
        db_session.commit()
    try:
        return api_throughput.measure(app, slug, raw)
    finally:
        engines.dispose()


if __name__ == "__main__":
    main()
