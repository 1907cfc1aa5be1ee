from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ScenariosConfig(AppConfig):
    name = "scenarios"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from scenarios.models import ScenarioVersion
        from scenarios.selectors import forget_parsed_versions

        for signal in (post_save, post_delete):
            signal.connect(forget_parsed_versions, sender=ScenarioVersion, weak=False)
