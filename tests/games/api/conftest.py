"""Fixtures for every API test: a fast password hasher and fresh throttle counts."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Facilitators are made by the dozen here; PBKDF2's deliberate slowness buys nothing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_throttles() -> Iterator[None]:
    """The throttles count in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()
