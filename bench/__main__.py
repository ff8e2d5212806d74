"""`python -m bench`: build a benchmark database, measure, print a Markdown table of figures."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "platform"))

from sqlalchemy import make_url

from bench import api_throughput, rls_overhead, synthetic
from entrega.db import make_engine
from entrega.provisioning import drop_database, provision, upgrade

SUPERUSER_URL = os.environ.get("BENCH_PG_SUPERUSER_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tenants", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3000)
    args = parser.parse_args()

    database = "entrega_bench"
    drop_database(SUPERUSER_URL, database)
    urls = provision(SUPERUSER_URL, database)
    upgrade(urls.owner)
    superuser_in_db = make_url(SUPERUSER_URL).set(database=database)
    # Both engines are built as the app builds them (same pool, same pre-ping): only role, binding and RLS differ.
    superuser = make_engine(superuser_in_db.render_as_string(hide_password=False), pool_size=1, max_overflow=0)
    # The application engine exactly as the app builds it (its BEGIN travels with the binding).
    app = make_engine(urls.app, pool_size=1, max_overflow=0, binds_tenants=True)
    try:
        with superuser.begin() as connection:
            generated = synthetic.generate(connection, args.tenants)
            connection.exec_driver_sql("ANALYZE")
        rls = rls_overhead.measure(app, superuser, generated.tenant_ids, args.rounds)
        api = _api_capacity(urls, generated.tenant_ids[0])
    finally:
        app.dispose()
        superuser.dispose()
        drop_database(SUPERUSER_URL, database)

    print(
        f"Entrega benchmarks: {args.tenants} tenants, {generated.ministries} ministries, {args.rounds} transactions\n"
    )
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


def _api_capacity(urls: Any, tenant_id: Any) -> dict[str, float]:
    """The whole stack, in one process, against the benchmark database."""
    import tempfile
    from pathlib import Path

    from entrega.app import create_app
    from entrega.config import load_settings
    from entrega.identity.roles import Role
    from entrega.identity.services import add_member, create_token, create_user
    from entrega.tenancy.binding import tenant_session
    from entrega.tenancy.crossing import cross_tenant_session
    from entrega.tenancy.models import Tenant

    settings = load_settings().with_overrides(
        database_url=urls.app, platform_database_url=urls.platform, migration_database_url=urls.owner,
        redis_url=None, instance_path=Path(tempfile.mkdtemp()), plugins=(), api_requests_per_minute=10**9,
    )  # fmt: skip
    app = create_app(settings)
    engines = app.extensions["entrega.db"]
    with cross_tenant_session(engines, reason="benchmark") as db_session:
        slug = db_session.get(Tenant, tenant_id).slug  # type: ignore[union-attr]
    with engines.Session() as db_session:
        user = create_user(db_session, "bench@example.org", "Bench")
        db_session.commit()
    with tenant_session(engines, tenant_id) as db_session:
        add_member(db_session, user, Role.VIEWER)
        _token, raw = create_token(db_session, user, "bench", Role.VIEWER, 1)
        db_session.commit()
    try:
        return api_throughput.measure(app, slug, raw)
    finally:
        engines.dispose()


if __name__ == "__main__":
    main()
