"""`python -m bench.load`: the whole deployment under load on this machine, bounded in time.

gunicorn serves the app as the image does, with the production settings (ENTREGA_PRODUCTION, the application role
under row-level security, Redis for the rate limits and the jobs, one proxy hop in front as under the ingress);
rq workers run the reports and imports queues, with a scheduler beside them, as the chart runs them. The
governments come from `load_data`; `--users` virtual users (`load_users`) share them out, sign in to each once,
then act for them at once, in a realistic mix, for `--duration` seconds. Every answer is checked against the
government that asked for it: one holding another government's marker, slug, name or id is a cross-tenant leak.

Prints a Markdown report (requests per second, p50/p95/p99 per kind of request and overall, errors, leaks)
and writes it to `--results`; exits 1 on any error or leak.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import requests
from redis import Redis
from rq import Worker
from rq.registry import FailedJobRegistry
from sqlalchemy import create_engine, make_url

from bench import load_data
from bench.load_users import MIX, REPORT_TEMPLATES, Account, Isolation, Plan, Recorder, Visitor
from entrega.delivery import periods
from entrega.extensions.contract import Frequency
from entrega.provisioning import DatabaseUrls, drop_database, provision, upgrade

REPO = Path(__file__).resolve().parents[1]
ENTREGA = str(Path(sys.executable).parent / "entrega")
SUPERUSER_URL = os.environ.get("BENCH_PG_SUPERUSER_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
DATABASE = "entrega_bench_load"

# ---- the deployment -------------------------------------------------------------------------------------


class Deployment:
    """gunicorn and the rq workers, started as the image and the chart start them, in process groups of their
    own, against `urls` and `redis_url` (a Redis database of the deployment's own: emptied before, of what an
    interrupted run may have left, and after); logs under `directory`. A context manager: stops what it started."""

    def __init__(self, urls: DatabaseUrls, redis_url: str, directory: Path, *, web_workers: int = 2,
                 web_threads: int = 4, plugins: str | None = None) -> None:  # fmt: skip
        self.redis_url, self.directory = redis_url, directory
        self.web_workers, self.web_threads = web_workers, web_threads
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.env = {
            **os.environ, "ENTREGA_PRODUCTION": "1", "SECRET_KEY": secrets.token_urlsafe(48),
            "DATABASE_URL": urls.app, "PLATFORM_DATABASE_URL": urls.platform, "REDIS_URL": redis_url,
            "ENTREGA_INSTANCE_PATH": str(directory / "instance"), "ENTREGA_REPORT_DIRECTORY": str(directory / "reports"),
            "PROXY_HOPS": "1", "PROMETHEUS_MULTIPROC_DIR": str(directory / "metrics"),
        }  # fmt: skip
        self.env.pop("MIGRATION_DATABASE_URL", None)  # only the migration Job holds the owner's password
        if plugins is None:
            self.env.pop("ENTREGA_PLUGINS", None)  # every installed plugin, as in production
        else:
            self.env["ENTREGA_PLUGINS"] = plugins

    def __enter__(self) -> Deployment:
        for folder in ("instance", "reports", "metrics"):
            (self.directory / folder).mkdir(parents=True, exist_ok=True)
        self._empty_redis()
        try:
            self._start("web", [sys.executable, "-m", "gunicorn", "wsgi:app", "--bind", f"127.0.0.1:{self.port}",
                                "--workers", str(self.web_workers), "--threads", str(self.web_threads),
                                "--timeout", "60", "--forwarded-allow-ips", "127.0.0.1",
                                "--access-logfile", str(self.directory / "access.log")])  # fmt: skip
            self._start("reports-worker", [ENTREGA, "worker", "--queue", "reports", "--no-scheduler"])
            self._start("imports-worker", [ENTREGA, "worker", "--queue", "imports", "--no-scheduler"])
            self._start("scheduler", [ENTREGA, "worker", "--queue", "default", "--scheduler"])
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def _start(self, name: str, command: list[str]) -> None:
        with (self.directory / f"{name}.log").open("wb") as log:
            self.processes[name] = subprocess.Popen(command, cwd=REPO, env=self.env, stdout=log,  # noqa: S603
                                                    stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip

    def _wait_until_ready(self, timeout: float = 90.0) -> None:
        redis = Redis.from_url(self.redis_url)
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                for name, process in self.processes.items():
                    if process.poll() is not None:
                        raise RuntimeError(f"{name} exited with {process.returncode}:\n{self.log_tail(name)}")
                with contextlib.suppress(requests.RequestException):
                    ready = requests.get(f"{self.base_url}/readyz", timeout=5).status_code == 200
                    if ready and Worker.count(connection=redis) >= 3:
                        return
                time.sleep(0.25)
        finally:
            redis.close()
        raise RuntimeError(f"the deployment was not ready within {timeout:.0f} s:\n{self.log_tail('web')}")

    def log_tail(self, name: str, lines: int = 30) -> str:
        return "\n".join((self.directory / f"{name}.log").read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)  # the group started here: gunicorn's or rq's own children
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self._empty_redis()

    def _empty_redis(self) -> None:
        redis = Redis.from_url(self.redis_url)
        redis.flushdb()
        redis.close()

    def failed_jobs(self) -> int:
        redis = Redis.from_url(self.redis_url)
        try:
            return sum(FailedJobRegistry(queue, connection=redis).count for queue in ("default", "reports", "imports"))
        finally:
            redis.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# ---- the run, and its figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    kind: str
    requests: int
    errors: int
    p50: float  # milliseconds
    p95: float
    p99: float
    in_window: int | None = None  # answered within the timed window (None: outside it)


def _figures(kind: str, seconds: list[float], errors: int, in_window: int | None = None) -> Figures:
    if len(seconds) < 2:
        p50 = p95 = p99 = seconds[0] * 1000 if seconds else float("nan")
    else:
        cuts = statistics.quantiles(seconds, n=100, method="inclusive")
        p50, p95, p99 = cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000
    return Figures(kind, len(seconds), errors, p50, p95, p99, in_window)


@dataclass
class Results:
    tenants: int
    users: int
    duration: float  # the timed window; what a user still waits for then (a report being made) finishes after it
    kinds: list[Figures]
    overall: Figures
    sign_in: list[Figures]
    flows: dict[str, list[float]]
    problems: list[str]
    leaks: list[str]
    checked: int
    marked: int  # answers that showed the asking government's own marker
    elapsed: float  # from the window's start until the last user was done
    client_cpu: float  # seconds of CPU the load generator's process used meanwhile
    failed_jobs: int = 0

    @property
    def rps(self) -> float:
        return (self.overall.in_window or 0) / self.duration

    @property
    def errors(self) -> int:
        return self.overall.errors + sum(f.errors for f in self.sign_in) + self.failed_jobs

    def table(self) -> str:
        lines = ["| kind of request | requests | per s | errors | p50 ms | p95 ms | p99 ms |",
                 "|---|--:|--:|--:|--:|--:|--:|"]  # fmt: skip
        for f in [*self.kinds, self.overall, *self.sign_in]:
            name = f"**{f.kind}**" if f is self.overall else f.kind
            rate = "before the window" if f.in_window is None else f"{f.in_window / self.duration:.2f}"
            lines.append(f"| {name} | {f.requests:,} | {rate} | {f.errors} | {f.p50:.0f} | {f.p95:.0f} | {f.p99:.0f} |")
        lines += ["", "| waited for | count | p50 s | p95 s | max s |", "|---|--:|--:|--:|--:|"]
        for name, seconds in sorted(self.flows.items()):
            f = _figures(name, seconds, 0)
            lines.append(f"| {name} | {f.requests} | {f.p50 / 1000:.1f} | {f.p95 / 1000:.1f} | {max(seconds):.1f} |")
        lines += [
            "",
            f"Throughput: **{self.rps:.1f} requests/s** ({self.overall.in_window:,} answered in the {self.duration:.0f} s "
            f"window, {self.users} users acting for {self.tenants} governments at once).",
            f"Errors: **{self.errors}** (unexpected status, refused import, failed report, time-out; of them failed "
            f"rq jobs: {self.failed_jobs}).",
            f"Cross-tenant check: {self.checked:,} answers read (pages, JSON, redirects, the text of report PDFs) for "
            f"another government's marker, slug, name or id: **{len(self.leaks)} found** (the asking government's own "
            f"marker was in {self.marked:,} of them).",
            f"The load generator itself (its threads, the checks, the PDFs' text) took {self.client_cpu:.0f} s of CPU "
            f"in the {self.elapsed:.0f} s it ran, on the same cores as the deployment.",
        ]
        lines += [f"- error: {p}" for p in self.problems] + [f"- LEAK: {leak}" for leak in self.leaks[:20]]
        return "\n".join(lines)


def _merge(recorders: list[Recorder]) -> Recorder:
    merged = Recorder()
    for r in recorders:
        for kind, samples in r.samples.items():
            merged.samples[kind].extend(samples)
        for name, seconds in r.flows.items():
            merged.flows[name].extend(seconds)
        merged.errors.update(r.errors)
        merged.problems.extend(r.problems[: Recorder.SAMPLES - len(merged.problems)])
        merged.leaks.extend(r.leaks)
        merged.checked += r.checked
        merged.marked += r.marked
    return merged


def _kinds(recorder: Recorder, deadline: float | None) -> list[Figures]:
    """Each kind's figures; with a deadline, how many were answered by then."""
    figures = []
    for kind in sorted(set(recorder.samples) | set(recorder.errors)):
        samples = recorder.samples.get(kind, [])
        in_window = None if deadline is None else sum(1 for finished, _ in samples if finished <= deadline)
        figures.append(_figures(kind, [s for _, s in samples], recorder.errors[kind], in_window))
    return figures


def run(base_url: str, seeded: load_data.Seeded, *, users: int, duration: float, mix: dict[str, float] | None = None,
        report_templates: tuple[str, ...] = REPORT_TEMPLATES, think: float = 0.0, seed: int = 2026) -> Results:  # fmt: skip
    """Sign every user in to each of its governments, then load the deployment at `base_url` for `duration` s.

    Every action of the mix is done at least once: the users share them out and start with their share."""
    if not 1 <= users <= len(seeded.personas):
        raise ValueError(f"give from 1 to {len(seeded.personas)} users: a government has one user at a time")
    mix = mix or MIX
    this_month = periods.period_start(datetime.now(UTC).date(), Frequency.MONTHLY)
    plan = Plan(base_url, seeded, Isolation(seeded.owners), f"{this_month:%Y-%m}",
                f"{periods.add_months(this_month, -12):%Y-%m}", mix, report_templates, think)  # fmt: skip
    # Each account's own address, in the range set aside for benchmarks (RFC 2544): only ever a header here.
    accounts = [Account(p, f"198.18.{p.number // 256}.{p.number % 256}") for p in seeded.personas]
    actions = [name for name, weight in mix.items() if weight > 0]
    visitors = [Visitor(plan, accounts[u::users], actions[u::users], seed + u) for u in range(users)]
    with ThreadPoolExecutor(max_workers=users) as pool:
        list(pool.map(Visitor.sign_in_all, visitors))
        signed_in = _merge([v.recorder for v in visitors])
        for visitor in visitors:
            visitor.recorder = Recorder()
        started, cpu = time.monotonic(), time.process_time()
        deadline = started + duration
        list(pool.map(lambda visitor: visitor.act(deadline), visitors))
        elapsed, cpu = time.monotonic() - started, time.process_time() - cpu
    for visitor in visitors:
        visitor.http.close()
    timed = _merge([v.recorder for v in visitors])
    every = [s for samples in timed.samples.values() for s in samples]
    overall = _figures("all requests", [s for _, s in every], sum(timed.errors.values()),
                       sum(1 for finished, _ in every if finished <= deadline))  # fmt: skip
    return Results(
        len(seeded.personas), users, duration, _kinds(timed, deadline), overall, _kinds(signed_in, None),
        dict(timed.flows), signed_in.problems + timed.problems, signed_in.leaks + timed.leaks,
        signed_in.checked + timed.checked, signed_in.marked + timed.marked, elapsed, cpu,
    )  # fmt: skip


# ---- the command ----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tenants", type=int, default=200)
    parser.add_argument("--users", type=int, default=40, help="virtual users acting at once")
    parser.add_argument("--duration", type=float, default=120, help="seconds of load, once every user signed in")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between a user's actions (s)")
    parser.add_argument("--priorities", type=int, default=load_data.LoadSize.priorities)
    parser.add_argument("--indicators", type=int, default=load_data.LoadSize.indicators_per_priority,
                        help="per priority")  # fmt: skip
    parser.add_argument("--months", type=int, default=load_data.LoadSize.months)
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn processes (the image's default)")
    parser.add_argument("--web-threads", type=int, default=4, help="threads per process (the image's default)")
    parser.add_argument("--jit", action="store_true", help="keep the server's JIT (by default the bench turns it off)")
    parser.add_argument("--logs", type=Path, help="keep the deployment's logs in this folder")
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "results" / "load.md")
    args = parser.parse_args()

    command = " ".join(["python -m bench.load", *sys.argv[1:]])
    started_at, load_before = datetime.now(UTC), os.getloadavg()
    drop_database(SUPERUSER_URL, DATABASE)
    urls = provision(SUPERUSER_URL, DATABASE)
    try:
        upgrade(urls.owner)
        superuser = make_url(SUPERUSER_URL).set(database=DATABASE).render_as_string(hide_password=False)
        if not args.jit:
            _jit_off(superuser)
        seeded = load_data.seed(superuser, args.tenants, load_data.LoadSize(args.priorities, args.indicators,
                                                                            args.months))  # fmt: skip
        print(f"seeded {args.tenants} governments in {seeded.seconds:.0f} s", file=sys.stderr)
        with contextlib.ExitStack() as stack:
            logs = args.logs or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="entrega-load-")))
            deployment = stack.enter_context(Deployment(urls, REDIS_URL, logs, web_workers=args.web_workers,
                                                        web_threads=args.web_threads))  # fmt: skip
            results = run(deployment.base_url, seeded, users=args.users, duration=args.duration, think=args.think)
            results.failed_jobs = deployment.failed_jobs()
    finally:
        drop_database(SUPERUSER_URL, DATABASE)
    report = _report(command, started_at, load_before, args, seeded, results)
    print(report)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(report + "\n")
    if results.errors or results.leaks:
        sys.exit(1)


def _jit_off(superuser_url: str) -> None:
    """As `python -m bench` does: the tenant-or-share policies inflate the planner's estimates enough for JIT to
    compile 50 ms queries, for seconds. Off for every connection opened from now on."""
    engine = create_engine(superuser_url)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"ALTER DATABASE {DATABASE} SET jit = off")
    engine.dispose()


def _report(command: str, started_at: datetime, load_before: tuple[float, float, float], args: argparse.Namespace,
            seeded: load_data.Seeded, results: Results) -> str:  # fmt: skip
    size, rows, per_user = seeded.size, seeded.rows, results.tenants / results.users
    return "\n".join([
        "# Load test",
        "",
        f"Measured on {started_at:%Y-%m-%d %H:%M} UTC with `{command}`.",
        "",
        f"- Machine: {os.cpu_count()} cores and PostgreSQL 15, Redis, the web, the workers and the load generator "
        f"all on it, shared with other work while measuring (load average {load_before[0]:.1f} before the run, "
        f"{os.getloadavg()[0]:.1f} after): the figures are a floor, not the capacity of a deployment.",
        f"- Deployment: gunicorn {args.web_workers} processes × {args.web_threads} threads (the image's defaults), "
        "ENTREGA_PRODUCTION on, the application role under row-level security, Redis for the rate limits "
        "(production values) and the jobs, an rq worker each for the reports and imports queues and a scheduler.",
        f"- Data: {rows['tenants']} governments ({rows['ministries']:,} ministries), each with {size.priorities} "
        f"priorities, {size.indicators} indicators and {size.months} months of data ({rows['measurements']:,} "
        f"measurements in all), seeded in {seeded.seconds:.0f} s.",
        f"- Load: {results.users} virtual users in a closed loop (think time {args.think:g} s), each the unit head "
        f"of {per_user:g} governments on average; the mix, by weight: "
        + ", ".join(f"{name} {weight:g}" for name, weight in MIX.items()) + ".",
        "",
        results.table(),
    ])  # fmt: skip


if __name__ == "__main__":
    main()
