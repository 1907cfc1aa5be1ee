"""The project's own app config: it exists to register the platform's system checks."""

from django.apps import AppConfig


class BearCaveConfig(AppConfig):
    name = "bearcave"
    verbose_name = "Bear Cave platform"

    def ready(self) -> None:
        from bearcave import checks  # noqa: F401  (registers the checks)
