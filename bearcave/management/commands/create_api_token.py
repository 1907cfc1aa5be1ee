"""Give a facilitator an API token for scripts: `Authorization: Token <key>` (docs/api.md)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Print the API token of a facilitator (creating it the first time)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The facilitator's user name.")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Replace the token: the old one stops working at once.",
        )

    def handle(self, *args: Any, username: str, reset: bool, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active facilitator is called '{username}'.")
        if reset:
            Token.objects.filter(user=user).delete()
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
