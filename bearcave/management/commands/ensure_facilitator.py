"""Make sure a facilitator can sign in to a fresh install: create the local account once."""

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

LOCAL_FACILITATOR = "facilitator"


class Command(BaseCommand):
    help = (
        "Create the local facilitator account if no facilitator exists yet, and say how to sign in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="Where Bear Cave is served."
        )

    def handle(self, *args: Any, url: str, **options: Any) -> None:
        users = get_user_model()
        sign_in = f"{url.rstrip('/')}/login/"
        if users.objects.filter(is_active=True).exists():
            self.stdout.write(
                f"Facilitators sign in at {sign_in}. Forgot the password of '{LOCAL_FACILITATOR}'? "
                f"Run: .venv/bin/python manage.py changepassword {LOCAL_FACILITATOR}"
            )
            return
        password = secrets.token_urlsafe(12)
        users.objects.create_superuser(username=LOCAL_FACILITATOR, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the facilitator account. Sign in at {sign_in}\n"
                f"  user:     {LOCAL_FACILITATOR}\n"
                f"  password: {password}\n"
                "This password is shown once; keep it."
            )
        )
