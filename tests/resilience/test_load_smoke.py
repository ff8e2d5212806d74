"""The load test's harness (`bench.load`), short: real gunicorn with the production settings, real rq workers for
the reports and imports queues, PostgreSQL as the application role under row-level security, Redis.

Five governments, five users acting for them at once for about fifteen seconds. Between them the users do every
kind of action once first (pages, API reads, data entry through the API and through the page's form with its
CSRF token, a small import, one through the imports queue, a report waited for and downloaded), then draw by
the mix's weights. Every answer must be the expected one and hold no trace of another government. Timings are
the benchmark's business (`python -m bench.load`), not this test's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import load, load_data
from bench.load_users import Isolation
from entrega.provisioning import DatabaseUrls
from tests.conftest import Backend

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

TENANTS = 5
USERS = 5
SECONDS = 15


@pytest.fixture
def own_redis(redis_url: str) -> str:
    """The test server's Redis (reachable, or the fixture fails), in a database of this test's own (the
    deployment empties it before and after): workers of other tests running at the same time listen to queues of
    the same names in the suite's database, and would take this test's jobs to their own PostgreSQL database."""
    return redis_url.rsplit("/", 1)[0] + "/14"


def test_a_short_load_of_every_kind_of_request_has_no_error_and_shows_no_government_another_s_data(
    pg_backend: Backend, pg_urls: DatabaseUrls, pg_superuser_in_test_db: str, own_redis: str, tmp_path: Path
) -> None:
    seeded = load_data.seed(pg_superuser_in_test_db, TENANTS, workers=1)
    # The delivery report only: the monthly note of a whole government is thirty pages, and the test waits for
    # every report it asks for.
    with load.Deployment(pg_urls, own_redis, tmp_path, plugins=load_data.MODEL) as deployment:
        results = load.run(deployment.base_url, seeded, users=USERS, duration=SECONDS,
                           report_templates=("delivery_report",))  # fmt: skip
        results.failed_jobs = deployment.failed_jobs()

    assert results.leaks == [], results.table()
    assert results.errors == 0, results.table()
    assert results.marked > results.checked / 3, results.table()  # names reach what the check reads
    done = {figures.kind for figures in results.kinds}
    assert {"page: overview", "page: priorities", "page: priority", "page: indicator", "page: data entry",
            "page: data entry list", "api: data entry", "api: import (small)", "api: import (queued)",
            "api: import status", "api: report request", "api: report download"} <= done, results.table()  # fmt: skip
    assert set(results.flows) == {"report: asked → made", "import through the queue: uploaded → done"}
    assert {figures.kind for figures in results.sign_in} == {"sign-in page", "sign-in"}
    assert sum(figures.requests for figures in results.sign_in) == 2 * TENANTS


def test_the_check_finds_another_government_s_marker_slug_name_or_id_and_not_the_asking_one_s() -> None:
    other_id = "0b8e3f0a-5f4c-4d8e-9a57-3f2f1c1d2e3f"
    isolation = Isolation({other_id: 8})
    mine = "<h1>[LOADMARK-0007] Safer streets</h1> <a href='/t/bench-0007/'>Bench government 0007</a>"
    assert isolation.read(mine, 7) == ([], True)
    for leak in ("[LOADMARK-0008] Safer streets", "/t/bench-0012/priorities", "Bench government 0150",
                 f'{{"id": "{other_id.upper()}"}}'):  # fmt: skip
        found, _marked = isolation.read(mine + leak, 7)
        assert len(found) == 1, leak
