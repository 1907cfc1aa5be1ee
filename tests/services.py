"""Which outside services a test may count on, and what to do when one is missing.

On a laptop a missing PostgreSQL, Redis, Chromium or nginx skips the tests that need it, with the
reason. In CI (BEARCAVE_REQUIRE_SERVICES=1) the same absence is a failure: those tests must really
run.
"""

import os
import shutil
import socket
from urllib.parse import urlsplit

import pytest

REQUIRE_SERVICES = os.environ.get("BEARCAVE_REQUIRE_SERVICES") == "1"
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")


def require(service: str, problem: str | None) -> None:
    """Skip (laptop) or fail (CI) the current test when `problem` says the service is missing."""
    if problem is None:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{service} is required here (BEARCAVE_REQUIRE_SERVICES=1): {problem}")
    pytest.skip(f"{service} is not available: {problem}")


def tcp_problem(url: str, default_port: int) -> str | None:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or default_port
    try:
        with socket.create_connection((host, port), timeout=2):
            return None
    except OSError as error:
        return f"nothing answers on {host}:{port} ({error})"


def redis_problem() -> str | None:
    return tcp_problem(TEST_REDIS_URL, 6379)


def chromium_problem() -> str | None:
    if shutil.which(CHROMIUM) is None:
        return f"{CHROMIUM} not found (apt-get install chromium)"
    return None


def nginx_problem() -> str | None:
    if shutil.which(NGINX) is None:
        return f"{NGINX} not found (apt-get install nginx)"
    return None
