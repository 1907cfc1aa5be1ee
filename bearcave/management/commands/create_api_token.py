"""Give a facilitator an API token for scripts: `Authorization: Token <key>` (docs/api.md)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from games.engine.errors import GameError
from organisations.tokens import api_token_create


class Command(BaseCommand):
    help = (
        "Make a new named API token for a facilitator and print its key, once: only a digest "
        "is kept. Revoke tokens on /facilitate/tokens or through the API."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The facilitator's user name.")
        parser.add_argument(
            "--name", required=True, help="What the token is for, e.g. 'nightly export'."
        )
        parser.add_argument(
            "--expires-in",
            type=int,
            default=None,
            metavar="DAYS",
            help="Days until it stops working (default API_TOKEN_DAYS, 90; at most "
            "API_TOKEN_MAX_DAYS, 365).",
        )

    def handle(
        self, *args: Any, username: str, name: str, expires_in: int | None, **options: Any
    ) -> None:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active facilitator is called '{username}'.")
        try:
            made = api_token_create(user=user, name=name, expires_in_days=expires_in)
        except GameError as error:
            raise CommandError(error.message) from None
        self.stdout.write(made.key)
