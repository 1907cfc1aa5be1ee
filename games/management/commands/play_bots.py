"""`manage.py play_bots`: bots play a whole game over real WebSockets against a running server."""

import asyncio
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token

from games.bots.client import Bot, CommandRefused
from games.bots.rest import ApiError, game_create, game_join
from games.bots.team import RoundPlayed, play_game

BOT_FACILITATOR = "bearcave-bots"
BOT_NAMES = ["Ada", "Bo", "Cy", "Di", "Ed", "Flo", "Gil", "Hu", "Ida", "Jo", "Kai", "Lu"]


def http_url_of(ws_url: str) -> str:
    parts = urlsplit(ws_url)
    if parts.scheme not in ("ws", "wss") or not parts.netloc:
        raise CommandError(f"--url must look like ws://host:port or wss://host, not {ws_url!r}")
    return urlunsplit(("https" if parts.scheme == "wss" else "http", parts.netloc, "", "", ""))


def local_bot_token() -> str:
    """An API token for a bots-only facilitator in this install's database: enough when the
    server shares it (`make run`). Against another install, pass that install's --api-token."""
    user, created = User.objects.get_or_create(username=BOT_FACILITATOR)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    key: str = Token.objects.get_or_create(user=user)[0].key
    return key


class Command(BaseCommand):
    help = (
        "Play a whole game with bots in every seat over real WebSockets against a running "
        "server, then print a summary: rounds, events, the mood per round."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scenario", required=True, help="the scenario id")
        parser.add_argument("--players", type=int, default=5, help="players (default 5, min 3)")
        parser.add_argument("--rounds", type=int, default=3, help="rounds (default 3)")
        parser.add_argument(
            "--url", default="ws://127.0.0.1:8000", help="the server (default ws://127.0.0.1:8000)"
        )
        parser.add_argument(
            "--api-token",
            help="a facilitator's API token on that server (manage.py create_api_token); by "
            "default a bots-only facilitator in this install's database",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        players, rounds = options["players"], options["rounds"]
        if not 3 <= players <= len(BOT_NAMES):
            raise CommandError(f"--players must be between 3 and {len(BOT_NAMES)}, not {players}")
        if rounds < 1:
            raise CommandError(f"--rounds must be at least 1, not {rounds}")
        ws_url = options["url"].rstrip("/")
        http_url = http_url_of(ws_url)
        api_token = options["api_token"] or local_bot_token()
        try:
            code = game_create(
                http_url, api_token=api_token, scenario=options["scenario"], rounds=rounds
            )
            tokens = {name: game_join(http_url, code, name=name) for name in BOT_NAMES[:players]}
            facilitator = Bot("facilitator", ws_url, http_url, api_token=api_token)
            bots = [Bot(name, ws_url, http_url, token=token) for name, token in tokens.items()]
            played = asyncio.run(_play(facilitator, bots, code, rounds))
        except (ApiError, CommandRefused, OSError, TimeoutError) as error:
            raise CommandError(f"the bots could not finish the game: {error}") from error
        self._summarise(code, http_url, facilitator, played)

    def _summarise(
        self, code: str, http_url: str, facilitator: Bot, played: list[RoundPlayed]
    ) -> None:
        summaries = {
            e["payload"]["round"]: e["payload"] for e in facilitator.seen("round.summarized")
        }
        self.stdout.write(f"Game {code}: {len(played)} rounds, {facilitator.seq} events")
        self.stdout.write("round  messages  worst mood  final mood  time to calm")
        for row in played:
            calm = summaries.get(row.round, {}).get("time_to_calm_seconds")
            calm_text = f"{calm:.0f} s" if calm is not None else "never"
            self.stdout.write(
                f"{row.round:>5}  {row.messages:>8}  {row.worst_mood:>10}  {row.final_mood:>10}  "
                f"{calm_text:>12}"
            )
        self.stdout.write(f"Facilitator console: {http_url}/facilitate/{code}")


async def _play(facilitator: Bot, bots: list[Bot], code: str, rounds: int) -> list[RoundPlayed]:
    try:
        return await play_game(facilitator=facilitator, players=bots, code=code, rounds=rounds)
    finally:
        for bot in [facilitator, *bots]:
            await bot.close()
