"""The processes a benchmark run starts and watches: Daphne (Bear Cave or the baseline), a private
Redis, a throw-away database, and py-spy."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psutil

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 60.0
REDIS_SERVER = "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """One Daphne process on 127.0.0.1."""

    command: list[str]
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, log: Path) -> None:
        command = [part.replace("{port}", str(self.port)) for part in self.command]
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{command} exited with {self.process.returncode}:\n{_tail(log)}"
                )
            try:
                with urllib.request.urlopen(f"{self.http_url}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{command} did not answer within {STARTUP_SECONDS}s:\n{_tail(log)}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def bearcave_server(*, env: dict[str, str], query_counts: Path) -> Server:
    command = [sys.executable, "-m", "bench.server", "--port", "{port}"]
    return Server([*command, "--query-counts", str(query_counts)], env)


def baseline_server(*, redis_url: str) -> Server:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.baseline_settings",
        "REDIS_URL": redis_url,
    }
    command = [sys.executable, "-m", "daphne", "-v", "0", "-b", "127.0.0.1", "-p", "{port}"]
    return Server([*command, "bench.baseline:application"], env)


class Redis:
    """A private redis-server without persistence, so the run shares nothing with anyone."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        arguments = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        self.process = subprocess.Popen(
            [REDIS_SERVER, *arguments, "--appendonly", "no"], stdout=subprocess.DEVNULL
        )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as probe:
                    probe.sendall(b"PING\r\n")
                    if probe.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not answer")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait()


class PostgresDatabase:
    """A database of its own on the given PostgreSQL server, dropped afterwards."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.name = f"bench_{uuid.uuid4().hex[:12]}"

    @property
    def url(self) -> str:
        parts = urlsplit(self.server_url)
        return urlunsplit((parts.scheme, parts.netloc, f"/{self.name}", "", ""))

    def _run(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.server_url, autocommit=True) as connection:
            connection.execute(sql)

    def create(self) -> None:
        self._run(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@dataclass(frozen=True)
class Usage:
    cpu_seconds: float  # the server's and its helper processes' (the detector's worker)
    rss_bytes: int  # the server's own: what grows with the connections
    helpers_rss_bytes: int


def usage(pid: int) -> Usage:
    """What the machine spends on a server: its CPU time with that of the processes it started,
    and its memory apart from theirs (a helper's memory does not grow with connections)."""
    process = psutil.Process(pid)
    cpu_seconds, helpers_rss = 0.0, 0
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = member.cpu_times()
            cpu_seconds += times.user + times.system
            if member.pid != pid:
                helpers_rss += member.memory_info().rss
    return Usage(
        cpu_seconds=cpu_seconds,
        rss_bytes=process.memory_info().rss,
        helpers_rss_bytes=helpers_rss,
    )


class Profiler:
    """py-spy sampling one process for a while, as collapsed stacks (one line per stack)."""

    def __init__(self, pid: int, seconds: float, output: Path) -> None:
        self.output = output
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "py-spy"),
                "record",
                *("--pid", str(pid), "--duration", str(max(1, int(seconds)))),
                *("--rate", "200", "--format", "raw", "--output", str(output)),
                "--nonblocking",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def finish(self) -> Path | None:
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        return self.output if self.output.exists() else None
