"""Suite-wide fixtures: outside services (skipped or required), real servers, the browser."""

import os
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import SyncToAsync
from django.db import connections

from tests.servers import RunningServer, daphne_server
from tests.services import (
    CHROMIUM,
    REQUIRE_SERVICES,
    TEST_REDIS_URL,
    chromium_problem,
    redis_problem,
    require,
    tcp_problem,
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _run_browser_tests_last(items)
    _require_postgresql_when_configured(items)


def _run_browser_tests_last(items: list[pytest.Item]) -> None:
    """Playwright's sync API holds an event loop for the rest of the session once it starts,
    which the asyncio tests cannot share; so the browser tests go after everything else."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def _require_postgresql_when_configured(items: list[pytest.Item]) -> None:
    """On PostgreSQL, check the server once: skip (laptop) or stop (CI) if it is not there."""
    settings = connections["default"].settings_dict
    if "postgresql" not in settings["ENGINE"]:
        return
    problem = tcp_problem(
        f"//{settings.get('HOST') or '127.0.0.1'}:{settings.get('PORT') or 5432}", 5432
    )
    if problem is None:
        return
    if REQUIRE_SERVICES:
        raise pytest.UsageError(f"PostgreSQL is required (BEARCAVE_REQUIRE_SERVICES=1): {problem}")
    skip = pytest.mark.skip(reason=f"PostgreSQL is not available: {problem}")
    for item in items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None) -> Iterator[None]:
    """pytest-django's test database, and before it is dropped, the connection that async tests
    opened on asgiref's database thread: PostgreSQL refuses to drop a database still in use, and
    the run would leave it behind."""
    yield
    SyncToAsync.single_thread_executor.submit(connections.close_all).result()


@pytest.fixture
def redis_url() -> str:
    require("Redis", redis_problem())
    return TEST_REDIS_URL


@pytest.fixture
def live_server_embedded(transactional_db: None) -> Iterator[RunningServer]:
    """One Daphne process on the in-memory channel layer: the embedded profile."""
    with daphne_server() as server:
        yield server


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Playwright's sync API keeps an event loop running in this thread from the first browser
    test on, and Django then refuses to touch the test database here. The test process does
    nothing async with the database itself, so the guard is lifted for these tests (they run
    last) and never in a server process (see `daphne_server`)."""
    if item.get_closest_marker("browser"):
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture
def browser_server(transactional_db: None) -> Iterator[RunningServer]:
    """A real Daphne server on the test database, for a browser to visit."""
    with daphne_server() as server:
        yield server


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium, started the way this closed network needs (no background traffic)."""
    require("Chromium", chromium_problem())
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
