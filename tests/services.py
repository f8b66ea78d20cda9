"""Real Postgres and Redis servers for the tests, started here when none is given.

`STORYCUT_TEST_POSTGRES` (a postgresql:// URL whose user may create databases) or
`STORYCUT_TEST_REDIS` (redis://HOST:PORT) use servers that already run. Otherwise each is started
once per test run from Debian's packages (`make test` installs them): a throwaway Postgres
cluster made with `initdb` on a free port (as the `postgres` user when the tests run as root,
since Postgres refuses to run as root), and `redis-server` on a free port with persistence off.
Each test gets its own database (Postgres) or database number (Redis), so tests never see each
other's rows or jobs. Without the binaries the tests are skipped, except in CI, where they fail.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _missing(what: str) -> None:
    message = f"{what} is not installed (make test installs it: apt-get install -y postgresql redis-server)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _postgres_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    return versions[-1] if versions else None


def _wait(ready, process: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if ready():
            return
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped: {log.read_text(errors='replace')[-800:]}")
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{what} did not start in {START_SECONDS} s")


class PostgresCluster:
    """A Postgres server of its own: a fresh cluster in a temporary folder, on a free port."""

    def __init__(self) -> None:
        initdb, postgres = _postgres_bin("initdb"), _postgres_bin("postgres")
        if not initdb or not postgres:
            _missing("PostgreSQL")
        self.folder = Path(tempfile.mkdtemp(prefix="storycut-pg-"))
        self.port = free_port()
        as_user: list[str] = []
        if os.geteuid() == 0:  # Postgres refuses root: the cluster belongs to the postgres user
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            as_user = ["runuser", "-u", "postgres", "--"]
        data, self.log = self.folder / "data", self.folder / "server.log"
        subprocess.run([*as_user, initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
                       check=True, capture_output=True)
        log = open(self.log, "wb")
        self.process = subprocess.Popen(
            [*as_user, postgres, "-D", str(data), "-p", str(self.port), "-k", str(self.folder),
             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"],
            stdout=log, stderr=subprocess.STDOUT)
        _wait(self._ready, self.process, self.log, "postgres")
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _ready(self) -> bool:
        import psycopg

        try:
            psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", connect_timeout=2).close()
            return True
        except psycopg.OperationalError:
            return False

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


class RedisServer:
    """A redis-server of its own on a free port, keeping nothing on disk."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if not binary:
            _missing("redis-server")
        self.folder = Path(tempfile.mkdtemp(prefix="storycut-redis-"))
        self.port, self.log = free_port(), self.folder / "server.log"
        log = open(self.log, "wb")
        self.process = subprocess.Popen([binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                         "--appendonly", "no", "--daemonize", "no", "--dir", str(self.folder)],
                                        stdout=log, stderr=subprocess.STDOUT)
        _wait(self._ready, self.process, self.log, "redis-server")
        self.url = f"redis://127.0.0.1:{self.port}"

    def _ready(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)


def _server(variable: str, start) -> Iterator[str]:
    """The URL in environment variable `variable`, else that of a server `start()` makes (stopped after)."""
    given = os.environ.get(variable)
    if given:
        yield given.rstrip("/")
        return
    server = start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a Postgres server whose user may create databases."""
    yield from _server("STORYCUT_TEST_POSTGRES", PostgresCluster)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    yield from _server("STORYCUT_TEST_REDIS", RedisServer)


_numbers = itertools.count(1)


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A fresh, empty database of its own on the test Postgres server."""
    import psycopg

    name = f"storycut_test_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return postgres_server.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def redis_url(redis_server) -> str:
    """A Redis database number of its own (1..14; 15 is the replica tests'), emptied first."""
    import redis

    url = f"{redis_server}/{next(_numbers) % 14 + 1}"
    redis.Redis.from_url(url).flushdb()
    return url
