"""`python -m bench`: build a benchmark database, measure, print a Markdown table of figures."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "platform"))

from sqlalchemy import make_url

from bench import rls_overhead, synthetic
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


if __name__ == "__main__":
    main()
