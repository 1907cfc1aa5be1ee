"""Real Daphne processes for end-to-end tests, on the test database and a chosen channel layer."""

import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 3.0


@dataclass(frozen=True)
class RunningServer:
    host: str
    port: int
    tls: bool = False  # served over TLS (https, wss), as behind the proxy of tests/deploy

    @property
    def http_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"{'wss' if self.tls else 'ws'}://{self.host}:{self.port}"

    @property
    def origin(self) -> str:
        return self.http_url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_database_url() -> str:
    """The URL of the database this test run uses, so a server process sees the same rows."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or ""
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def wait_until_healthy(
    server: RunningServer, process: subprocess.Popen[bytes], *, name: str = "Daphne"
) -> None:
    """Wait until `server` answers /healthz with 200 (`process` serves it, maybe by proxy)."""

    def healthy() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with code {process.returncode} before serving")
        try:
            with urllib.request.urlopen(f"{server.http_url}/healthz", timeout=2) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    wait_until(
        healthy,
        within=STARTUP_TIMEOUT_SECONDS,
        what=f"{name} on {server.http_url} to answer /healthz",
        every=0.1,
    )


class DaphneProcess:
    """One `manage.py serve` process on a fixed port, which a test may kill (as a crash would)
    and start again on the same port and database."""

    def __init__(
        self,
        *,
        redis_url: str = "",
        extra_env: dict[str, str] | None = None,
        bind: str = "127.0.0.1",
        output: Path | None = None,
        port: int | None = None,
    ) -> None:
        """`bind`: the interface to listen on (`0.0.0.0`: every one, as `make run HOST=0.0.0.0`;
        the test still reaches it on 127.0.0.1). `output`: a file for what the server prints.
        `port`: a port chosen before (another process must know it first), or a free one."""
        self.server = RunningServer(host="127.0.0.1", port=port or free_port())
        self.bind = bind
        self.output = output
        self.env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": redis_url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DEBUG": "off",
            "DJANGO_ALLOW_ASYNC_UNSAFE": "",
            "WORKER_PROCESS": "on",  # as in production (the test process itself runs it inline)
            "HOST": bind,
            "PORT": str(self.server.port),
            **(extra_env or {}),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start serving and wait until /healthz answers."""
        self.launch()
        self.wait_until_healthy()

    def launch(self) -> None:
        """Start the process without waiting for it (to start several side by side)."""
        assert self.process is None or self.process.poll() is not None, "already running"
        with self.output.open("ab") if self.output else nullcontext() as printed:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "serve",
                    "--host",
                    self.bind,
                    "--port",
                    str(self.server.port),
                ],
                cwd=ROOT,
                env=self.env,
                stdout=printed,
            )

    def wait_until_healthy(self) -> None:
        assert self.process is not None, "not launched"
        wait_until_healthy(self.server, self.process)

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, open sockets drop without a close frame."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        self.wait_for_exit()

    def wait_for_exit(self) -> None:
        if self.process is None:
            return
        try:
            # A stop takes well under a second (tests/reliability/test_server_stop.py checks that
            # it ends); the kill only keeps a failing test from leaving a server behind.
            self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.kill()


@contextmanager
def daphne_process(
    *,
    redis_url: str = "",
    extra_env: dict[str, str] | None = None,
    bind: str = "127.0.0.1",
    output: Path | None = None,
    port: int | None = None,
) -> Iterator[DaphneProcess]:
    """A started DaphneProcess, stopped afterwards whatever state the test left it in."""
    process = DaphneProcess(
        redis_url=redis_url, extra_env=extra_env, bind=bind, output=output, port=port
    )
    try:
        process.start()
        yield process
    finally:
        process.stop()


@contextmanager
def daphne_processes(
    count: int, *, redis_url: str = "", extra_env: dict[str, str] | None = None
) -> Iterator[list[DaphneProcess]]:
    """`count` DaphneProcesses on one database (and one Redis), started and stopped side by side."""
    processes = [DaphneProcess(redis_url=redis_url, extra_env=extra_env) for _ in range(count)]
    try:
        for process in processes:
            process.launch()
        for process in processes:
            process.wait_until_healthy()
        yield processes
    finally:
        for process in processes:
            if process.process is not None and process.process.poll() is None:
                process.process.terminate()
        for process in processes:
            process.wait_for_exit()


@contextmanager
def daphne_server(
    *, redis_url: str = "", extra_env: dict[str, str] | None = None
) -> Iterator[RunningServer]:
    """Start `manage.py serve` (Daphne and the game clock) on a free port; stop it afterwards."""
    with daphne_process(redis_url=redis_url, extra_env=extra_env) as process:
        yield process.server


REDIS_SERVER = "/usr/bin/redis-server"


class RedisProcess:
    """A private Redis server (no persistence) that a test may kill and start again on the same
    port, as a Redis restart in production would: everything it held is gone."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_until(
            self._answers_ping,
            within=STARTUP_TIMEOUT_SECONDS,
            what=f"redis-server on port {self.port} to answer PING",
        )

    def _answers_ping(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"redis-server exited with code {self.process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as probe:
                probe.sendall(b"PING\r\n")
                return probe.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def drop_subscribers(self) -> None:
        """CLIENT KILL TYPE pubsub: Redis closes every subscriber's connection, as a restart or
        a subscriber that fell behind its output buffer would; what is published before they
        subscribe again reaches nobody."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as connection:
            connection.sendall(b"CLIENT KILL TYPE pubsub\r\n")
            assert connection.recv(16).startswith(b":")


@contextmanager
def redis_process() -> Iterator[RedisProcess]:
    redis = RedisProcess()
    try:
        redis.start()
        yield redis
    finally:
        redis.kill()
