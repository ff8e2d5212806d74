"""Servers a resilience test owns: a private PostgreSQL cluster and a private Redis, each on a free port, so the
test can stop and restart them without touching the shared ones the rest of the suite runs against.

Neither is optional: a missing binary or a server that does not come up fails the test, never skips it.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from redis import Redis
from redis.exceptions import RedisError

PG_BIN = Path(os.environ.get("TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
REDIS_SERVER = os.environ.get("TEST_REDIS_SERVER", shutil.which("redis-server") or "redis-server")
Found = TypeVar("Found")


def free_port() -> int:
    """A TCP port nobody listens on right now (the kernel's pick)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(what: str, check: Callable[[], Found | None], timeout: float = 30.0) -> Found:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class PrivatePostgres:
    """A PostgreSQL cluster of its own in a temporary directory: trust authentication, TCP on 127.0.0.1 only.

    PostgreSQL refuses to run as root, so under root the cluster belongs to the `postgres` account and every
    command runs through `runuser`; otherwise it runs as whoever runs the tests.
    """

    def __init__(self) -> None:
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="entrega-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)

    @property
    def superuser_url(self) -> str:
        user = "postgres" if self._as_postgres else pwd.getpwuid(os.geteuid()).pw_name
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        command = [str(PG_BIN / program), *args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        # From the cluster's own directory: the postgres account may not enter the one the tests run in.
        subprocess.run(
            command, check=True, cwd=self.root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120
        )

    def create(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root}"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


class PrivateRedis:
    """A redis-server of its own, in memory only (no snapshots, no append-only file)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="entrega-redis-"))
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _answers(self) -> bool:
        connection = Redis.from_url(self.url, socket_connect_timeout=1)
        try:
            return bool(connection.ping())
        except RedisError:
            return False
        finally:
            connection.close()

    def start(self) -> None:
        log = (self.root / "server.log").open("ab")
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.root)],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for("redis-server to answer", self._answers, timeout=15)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.process = None
        assert not self._answers(), "redis-server still answers after being stopped"

    def destroy(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)
