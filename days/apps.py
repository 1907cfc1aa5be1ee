from django.apps import AppConfig


class DaysConfig(AppConfig):
    name = "days"
    default_auto_field = "django.db.models.BigAutoField"
