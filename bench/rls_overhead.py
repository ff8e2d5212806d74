"""Row-level security overhead: one tenant's ministries, per transaction.

Measured: the application role under RLS (bind the tenant, select, commit), exactly as a request does.
Limit: a superuser, to whom RLS does not apply, running the same query with an explicit WHERE. (The
owner cannot serve as the limit: FORCE ROW LEVEL SECURITY applies the policy to it as well.)
"""

from __future__ import annotations

import random
import statistics
import time
import uuid
from collections.abc import Callable

from sqlalchemy import Engine, text

from entrega.tenancy.binding import bind_connection

QUERY_BOUND = "SELECT id, code, name, acronym, kind, parent_id FROM ministries ORDER BY code"
QUERY_EXPLICIT = (
    "SELECT id, code, name, acronym, kind, parent_id FROM ministries WHERE tenant_id = :tenant_id ORDER BY code"
)


def _time_transactions(run_one: Callable[[uuid.UUID], int], tenant_ids: list[uuid.UUID], rounds: int) -> list[float]:
    rng = random.Random(7)
    samples = []
    for _ in range(rounds):
        tenant_id = rng.choice(tenant_ids)
        started = time.perf_counter()
        rows = run_one(tenant_id)
        samples.append(time.perf_counter() - started)
        assert rows > 0
    return samples


def measure(
    app_engine: Engine, superuser_engine: Engine, tenant_ids: list[uuid.UUID], rounds: int = 3000
) -> dict[str, float]:
    def under_rls(tenant_id: uuid.UUID) -> int:
        with app_engine.begin() as connection:
            bind_connection(connection, tenant_id)
            return len(connection.execute(text(QUERY_BOUND)).all())

    def explicit_where(tenant_id: uuid.UUID) -> int:
        with superuser_engine.begin() as connection:
            return len(connection.execute(text(QUERY_EXPLICIT), {"tenant_id": tenant_id}).all())

    for fn in (under_rls, explicit_where):  # warm the pools, the plans and the caches
        _time_transactions(fn, tenant_ids, 300)
    # Interleave the two in blocks so that drift in the machine's load affects both alike.
    rls: list[float] = []
    plain: list[float] = []
    for _ in range(10):
        rls += _time_transactions(under_rls, tenant_ids, rounds // 10)
        plain += _time_transactions(explicit_where, tenant_ids, rounds // 10)
    rls_median, plain_median = statistics.median(rls), statistics.median(plain)
    return {"rls_ms": rls_median * 1000, "plain_ms": plain_median * 1000, "ratio": rls_median / plain_median}
