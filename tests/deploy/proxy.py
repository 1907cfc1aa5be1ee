"""A private nginx (Debian's) run from deploy/nginx/bearcave.conf in front of Daphne processes.

The template is filled as docs/deployment.md fills it for a real host, with loopback ports, a
certificate from a CA made for the test, and paths in the test's own folder; a small main
configuration around it keeps the pid file, logs and buffers there too (nginx runs in the
foreground, not as the system's service).
"""

import http.client
import json
import os
import pwd
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import trustme
from django.db import connection

from tests.servers import (
    REDIS_SERVER,
    ROOT,
    STOP_TIMEOUT_SECONDS,
    DaphneProcess,
    RunningServer,
    daphne_processes,
    free_port,
    redis_process,
    wait_until_healthy,
)
from tests.services import NGINX, nginx_problem, require

TEMPLATE = ROOT / "deploy" / "nginx" / "bearcave.conf"
HOST = "127.0.0.1"
# Only bounds a test that fails: an answer through the proxy takes milliseconds.
ANSWER_TIMEOUT_SECONDS = 15
_VARIABLE = re.compile(r"\$\{(BEARCAVE_[A-Z_]+)\}")


def filled_template(values: dict[str, str]) -> str:
    """The template with each ${BEARCAVE_...} replaced, as envsubst does; one left out is an
    error here rather than a configuration nginx would read as its own variable."""
    text = TEMPLATE.read_text()
    missing = sorted(set(_VARIABLE.findall(text)) - values.keys())
    if missing:
        raise ValueError(f"{TEMPLATE} needs values for {', '.join(missing)}")
    return _VARIABLE.sub(lambda match: values[match[1]], text)


@dataclass(frozen=True)
class Certificate:
    """A server certificate for the loopback address, and the CA a client must trust for it."""

    ca_file: Path
    chain_file: Path
    key_file: Path

    @classmethod
    def issue(cls, directory: Path) -> "Certificate":
        ca = trustme.CA()
        server = ca.issue_cert(HOST, "localhost")
        certificate = cls(directory / "ca.pem", directory / "chain.pem", directory / "key.pem")
        ca.cert_pem.write_to_path(str(certificate.ca_file))
        server.private_key_pem.write_to_path(str(certificate.key_file))
        for index, blob in enumerate(server.cert_chain_pems):
            blob.write_to_path(str(certificate.chain_file), append=index > 0)
        return certificate


def _main_configuration(directory: Path) -> str:
    # Run as root (CI), the workers would be `nobody` and could not write request bodies into
    # the test's private folder; as anyone else, nginx keeps the user it was started by.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {directory / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""
daemon off;
{user}
worker_processes 1;
pid {directory / "nginx.pid"};
error_log stderr warn;
events {{ worker_connections 256; }}
http {{
    access_log {directory / "access.log"};
{temp}
    include {directory / "bearcave.conf"};
}}
"""


class NginxProcess:
    """nginx on two loopback ports: `plain` (HTTP: /healthz, redirects) and `secure` (TLS). The
    ports are chosen first, so the servers behind it can be told the origin they are served on."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.certificate = Certificate.issue(directory)
        self.plain = RunningServer(host=HOST, port=free_port())
        self.secure = RunningServer(host=HOST, port=free_port(), tls=True)
        self.process: subprocess.Popen[bytes] | None = None

    def configuration(self, backends: list[RunningServer]) -> str:
        """deploy/nginx/bearcave.conf filled in for this nginx and these backends."""
        return filled_template(
            {
                "BEARCAVE_BACKENDS": " ".join(f"server {b.host}:{b.port};" for b in backends),
                "BEARCAVE_SERVER_NAME": HOST,
                "BEARCAVE_ORIGIN": self.secure.origin,
                "BEARCAVE_HTTP_LISTEN": f"{HOST}:{self.plain.port}",
                "BEARCAVE_HTTPS_LISTEN": f"{HOST}:{self.secure.port}",
                "BEARCAVE_TLS_CERTIFICATE": str(self.certificate.chain_file),
                "BEARCAVE_TLS_CERTIFICATE_KEY": str(self.certificate.key_file),
            }
        )

    def start(self, backends: list[RunningServer]) -> None:
        """Start nginx and wait until /healthz answers through it (from a Daphne behind it)."""
        (self.directory / "bearcave.conf").write_text(self.configuration(backends))
        main = self.directory / "nginx.conf"
        main.write_text(_main_configuration(self.directory))
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.directory), "-c", str(main), "-e", "stderr"]
        )
        wait_until_healthy(self.plain, self.process, name="nginx")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # nginx's fast shutdown: open sockets are closed, not waited on
        try:
            self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass(frozen=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def fetch(
    server: RunningServer,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    source: str = HOST,
) -> Answer:
    """One request from the loopback address `source` (127.0.0.0/8 is all loopback on Linux),
    so the server behind the proxy can be shown a client address that is not the proxy's."""
    connection = _connection(server, source)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        return _answer(connection.getresponse())
    finally:
        connection.close()


def announce_body(server: RunningServer, path: str, *, length: int) -> Answer:
    """POST headers saying a body of `length` bytes follows, then wait for the answer without
    sending it: only a server that refuses on the Content-Length alone answers at all."""
    connection = _connection(server, HOST)
    try:
        connection.putrequest("POST", path)
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(length))
        connection.endheaders()
        return _answer(connection.getresponse())
    finally:
        connection.close()


def _connection(server: RunningServer, source: str) -> http.client.HTTPConnection:
    kind = http.client.HTTPSConnection if server.tls else http.client.HTTPConnection
    return kind(
        server.host, server.port, timeout=ANSWER_TIMEOUT_SECONDS, source_address=(source, 0)
    )


def _answer(response: http.client.HTTPResponse) -> Answer:
    return Answer(response.status, response.headers, response.read())


@dataclass
class Deployment:
    nginx: NginxProcess
    processes: list[DaphneProcess]


@contextmanager
def scaled_profile_behind_nginx(
    directory: Path, *, extra_env: dict[str, str] | None = None
) -> Iterator[Deployment]:
    """Two Daphne processes on the test database and a private Redis, set up as
    docs/deployment.md says (HTTPS=on, NUM_PROXIES=1, the public origin), behind a started
    nginx; every client in this process trusts the certificate nginx serves."""
    if connection.vendor != "postgresql":
        pytest.skip("the scaled profile's database is PostgreSQL: this runs in make test-postgres")
    require("nginx", nginx_problem())
    require("Redis", None if shutil.which(REDIS_SERVER) else f"{REDIS_SERVER} not found")
    nginx = NginxProcess(directory)
    production = {
        "HTTPS": "on",
        "NUM_PROXIES": "1",
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": nginx.secure.origin,
        **(extra_env or {}),
    }
    # A Redis of its own: what it counts (the throttles) starts from nothing every time.
    with (
        redis_process() as redis,
        daphne_processes(2, redis_url=redis.url, extra_env=production) as backends,
        pytest.MonkeyPatch.context() as environment,
    ):
        # urllib, websockets and http.client all build their TLS context from the defaults.
        environment.setenv("SSL_CERT_FILE", str(nginx.certificate.ca_file))
        try:
            nginx.start([backend.server for backend in backends])
            yield Deployment(nginx, backends)
        finally:
            nginx.stop()
