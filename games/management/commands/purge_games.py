"""`manage.py purge_games --older-than DAYS`: a retention policy, run from cron or a timer."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from games.services.participants import games_purge


class Command(BaseCommand):
    help = (
        "Delete every game with nothing logged for DAYS days, with everything derived from it "
        "(participants and their tokens, seats, the log). Export a game first to keep it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than", type=int, required=True, metavar="DAYS", help="days without activity"
        )

    def handle(self, *args: Any, older_than: int, **options: Any) -> None:
        if older_than < 1:
            raise CommandError("--older-than is a number of days, 1 or more")
        codes = games_purge(inactive_for=timedelta(days=older_than))
        self.stdout.write(
            f"deleted {len(codes)} game(s) with nothing logged for {older_than} days"
            + (f": {', '.join(sorted(codes))}" if codes else "")
        )
