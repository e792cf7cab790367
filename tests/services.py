"""Throw-away PostgreSQL and Redis servers for the multi-process suites (pytest-postgresql, pytest-redis).

PostgreSQL refuses to run as root, and CI runs the tests as root: then pg_ctl runs through
`runuser` as the `postgres` user Debian's package creates (or `nobody`), in a folder that user owns.
"""
from __future__ import annotations

import os
import pwd
import shutil
import socket
import stat
import tempfile
import time
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("SOURCEMARK_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unprivileged_user() -> pwd.struct_passwd:
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    pytest.skip("running as root and no postgres or nobody user to run PostgreSQL as")


def _pg_ctl(folder: Path) -> str:
    """pg_ctl itself, or (as root) a wrapper that runs it as an unprivileged user who owns `folder`."""
    real = PG_BIN / "pg_ctl"
    if not real.is_file():
        pytest.skip(f"PostgreSQL is not installed at {PG_BIN} (make install-test installs it)")
    if os.geteuid() != 0:
        return str(real)
    user = _unprivileged_user()
    os.chown(folder, user.pw_uid, user.pw_gid)
    wrapper = folder / "pg_ctl"
    # cd: pg_ctl and initdb fail when the caller's working directory is unreadable to that user.
    wrapper.write_text(f'#!/bin/sh\ncd "{folder}" && exec runuser -u {user.pw_name} -- "{real}" "$@"\n')
    wrapper.chmod(stat.S_IRWXU)
    return str(wrapper)


class _Executed:
    """A throw-away server run by a pytest-* executor, with its data in `self.folder`."""

    def close(self):
        try:
            if self.executor.running():
                self.executor.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


class Postgres(_Executed):
    """One PostgreSQL server with one database; stop() and start() keep its data (failure tests)."""

    def __init__(self):
        from pytest_postgresql.executors.proc import PostgreSQLExecutor

        # Under root the folder goes to /tmp, which the unprivileged user can traverse (TMPDIR may not be).
        self.folder = Path(tempfile.mkdtemp(prefix="sourcemark-pg-", dir="/tmp" if os.geteuid() == 0 else None))
        self.executor = PostgreSQLExecutor(
            executable=_pg_ctl(self.folder), host="127.0.0.1", port=free_port(),
            datadir=str(self.folder / "data"), unixsocketdir=str(self.folder), logfile=str(self.folder / "pg.log"),
            startparams="-w", dbname="sourcemark", user="postgres", password=None)
        self.executor.start()
        self._databases = 0

    def new_database(self) -> str:
        """A fresh, empty database on this server; its SQLAlchemy URL."""
        from pytest_postgresql.janitor import DatabaseJanitor

        self._databases += 1
        name = f"sourcemark{self._databases}"
        DatabaseJanitor(user="postgres", host="127.0.0.1", port=self.executor.port, dbname=name,
                        version=self.executor.version, password=None).init()
        return f"postgresql://postgres@127.0.0.1:{self.executor.port}/{name}"

    def stop(self):
        self.executor.stop()

    def start(self, timeout: float = 30):
        """Start again and wait until it accepts sessions (the port opens while it is still starting up)."""
        import psycopg

        self.executor.start()
        deadline = time.monotonic() + timeout
        while True:
            try:
                psycopg.connect(host="127.0.0.1", port=self.executor.port, user="postgres", dbname="postgres",
                                connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


class Redis(_Executed):
    """One redis-server on a free port, data in memory only; stop() and start() for failure tests."""

    def __init__(self):
        from pytest_redis.executor import RedisExecutor

        if not Path(REDIS_SERVER).is_file():
            pytest.skip("redis-server is not installed (make install-test installs it)")
        self.folder = Path(tempfile.mkdtemp(prefix="sourcemark-redis-"))
        self.executor = RedisExecutor(REDIS_SERVER, databases=4, redis_timeout=30, loglevel="warning",
                                      host="127.0.0.1", port=free_port(), datadir=self.folder)
        self.executor.start()
        self.url = f"redis://127.0.0.1:{self.executor.port}/0"

    def stop(self):
        self.executor.stop()

    def start(self):
        self.executor.start()


class Replica:
    """One `sourcemark serve` (gunicorn) on a free loopback port, configured by SOURCEMARK_* env."""

    def __init__(self, env: dict, log_path: Path):
        import subprocess
        import sys

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.log = open(log_path, "wb")
        full = {**os.environ, **env, "SOURCEMARK_HOST": "127.0.0.1", "SOURCEMARK_PORT": str(self.port)}
        self.process = subprocess.Popen([sys.executable, "-m", "sourcemark", "serve"], env=full,
                                        stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout: float = 90) -> "Replica":
        import requests

        deadline = time.monotonic() + timeout
        while True:
            try:
                if requests.get(f"{self.base}/readyz", timeout=5).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            assert self.process.poll() is None, self.log_path.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, f"{self.base} not ready: {self.log_path.read_text()[-3000:]}"
            time.sleep(0.3)

    def kill(self, sig=None):
        """Signal the whole process group (gunicorn master and workers)."""
        import signal

        if self.process.poll() is None:
            os.killpg(self.process.pid, sig or signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self):
        import signal

        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except Exception:  # noqa: BLE001 - a stuck master is killed, the test is over
                self.kill()
        self.log.close()
