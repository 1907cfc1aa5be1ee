"""Real Daphne processes for end-to-end tests, on the test database and a chosen channel layer."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class RunningServer:
    host: str
    port: int

    @property
    def http_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://{self.host}:{self.port}"

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


def _wait_until_healthy(server: RunningServer, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Daphne exited with code {process.returncode} before serving")
        try:
            with urllib.request.urlopen(f"{server.http_url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(
        f"Daphne on {server.http_url} was not healthy within {STARTUP_TIMEOUT_SECONDS}s"
    )


@contextmanager
def daphne_server(
    *, redis_url: str = "", extra_env: dict[str, str] | None = None
) -> Iterator[RunningServer]:
    """Start `manage.py serve` (Daphne and the game clock) on a free port; stop it afterwards."""
    server = RunningServer(host="127.0.0.1", port=free_port())
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": redis_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "off",
        "DJANGO_ALLOW_ASYNC_UNSAFE": "",
        **(extra_env or {}),
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--host", server.host, "--port", str(server.port)],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_until_healthy(server, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
