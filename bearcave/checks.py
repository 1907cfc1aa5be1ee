"""System checks for configuration mistakes that would quietly weaken the platform."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security)
def check_allowed_hosts_is_explicit(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    """Refuse ALLOWED_HOSTS='*': the WebSocket Origin validator would then accept any Origin."""
    if "*" in settings.ALLOWED_HOSTS:
        return [
            Error(
                "ALLOWED_HOSTS contains '*'.",
                hint="Name the hosts Bear Cave is served on, e.g. "
                "ALLOWED_HOSTS=bearcave.example.com. A wildcard also disables the WebSocket "
                "Origin check, so any web page could drive a player's socket.",
                id="bearcave.E001",
            )
        ]
    return []


def refuse_to_start_on_serious_problems() -> None:
    """Raise instead of serving when a security check reports an error (Daphne runs no checks)."""
    from django.core.checks import run_checks
    from django.core.exceptions import ImproperlyConfigured

    serious = [message for message in run_checks(tags=[Tags.security]) if message.is_serious()]
    if serious:
        raise ImproperlyConfigured("; ".join(str(message) for message in serious))
