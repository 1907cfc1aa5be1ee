"""`manage.py import_game FILE --facilitator USERNAME`: store an export as a new game."""

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from games.exports.checks import ExportDocumentError
from games.exports.services import game_import


class Command(BaseCommand):
    help = (
        "Import a game export (from export_game or the API) as a new game of the facilitator's, "
        "with a fresh join code. All or nothing: a refused document writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the export document, or - for standard input")
        parser.add_argument(
            "--facilitator", required=True, help="the username who will run the imported game"
        )

    def handle(self, *args: Any, file: str, facilitator: str, **options: Any) -> None:
        user = User.objects.filter(username=facilitator, is_active=True).first()
        if user is None:
            raise CommandError(
                f"no active user {facilitator!r}: create the account first (createsuperuser)"
            )
        try:
            text = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        try:
            game = game_import(text, facilitator=user)
        except ExportDocumentError as error:
            lines = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(f"{file} was not imported; nothing was stored:\n{lines}") from None
        events = game.last_seq
        self.stdout.write(
            f"imported {file} as game {game.code} ({events} events) for {user.get_username()}"
        )
