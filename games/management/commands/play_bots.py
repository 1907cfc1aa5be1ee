"""`manage.py play_bots`: bots play a whole game over real WebSockets against a running server,
for a facilitator who can watch it from their console."""

import asyncio
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bearcave.management.commands.ensure_facilitator import LOCAL_FACILITATOR
from games.bots.client import Bot, CommandRefused
from games.bots.pace import PACES, Pace
from games.bots.rest import ApiError, ServerUnreachable, game_create, game_join
from games.bots.team import RoundPlayed, play_game
from games.engine.clock import minutes_and_seconds
from games.engine.errors import GameError
from organisations.tokens import api_token_create

BOT_NAMES = ["Ada", "Bo", "Cy", "Di", "Ed", "Flo", "Gil", "Hu", "Ida", "Jo", "Kai", "Lu"]
SCHEMES = {"ws": ("ws", "http"), "wss": ("wss", "https"), "http": ("ws", "http")}
SCHEMES["https"] = SCHEMES["wss"]


def server_urls(url: str) -> tuple[str, str]:
    """The socket and HTTP base URLs of a server named by either (`make run` prints http://)."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.netloc:
        raise CommandError(
            f"--url must look like ws://host:port or http://host:port (wss or https behind TLS), "
            f"not {url!r}"
        )
    ws, http = SCHEMES[parts.scheme]
    return urlunsplit((ws, parts.netloc, "", "", "")), urlunsplit((http, parts.netloc, "", "", ""))


def facilitator_token(username: str) -> str:
    """A new API token (a day long, named "play_bots") of a facilitator in this install's
    database, so the game is theirs and their signed-in console shows it. Enough when the server
    shares the database (`make run`); against another install, pass that install's
    --api-token."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(
            f"No active facilitator is called '{username}' in this install's database. "
            f"`make run` creates '{LOCAL_FACILITATOR}'; name another with --facilitator, or "
            "pass --api-token for a server on another database."
        )
    try:
        return api_token_create(user=user, name="play_bots", expires_in_days=1).key
    except GameError as error:
        raise CommandError(f"{username}: {error.message}") from None


def pace_of(name: str) -> Pace:
    try:
        return Pace.named(name)
    except ValueError as error:
        raise CommandError(f"--pace: {error}") from None


class Command(BaseCommand):
    help = (
        "Play a whole game with bots in every seat over real WebSockets against a running "
        "server, for a facilitator who can watch it in their console; then print a summary: "
        "rounds, events, the mood per round."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scenario", required=True, help="the scenario id")
        parser.add_argument("--players", type=int, default=5, help="players (default 5, min 3)")
        parser.add_argument("--rounds", type=int, default=3, help="rounds (default 3)")
        parser.add_argument(
            "--url",
            help="the server, http://host:port or ws://host:port (default: this machine on the "
            "port in PORT, as `make run` serves it)",
        )
        parser.add_argument(
            "--pace",
            default="fast",
            help=f"how fast the bots play: {PACES}. `human` thinks and types like people in "
            "a room, so a demo round can be watched (default: fast)",
        )
        who = parser.add_mutually_exclusive_group()
        who.add_argument(
            "--facilitator",
            default=LOCAL_FACILITATOR,
            help="the facilitator (user name in this install's database) whose game it is and "
            f"who can watch it in their console (default: {LOCAL_FACILITATOR}, as `make run` "
            "creates)",
        )
        who.add_argument(
            "--api-token",
            help="a facilitator's API token on the server instead (manage.py create_api_token), "
            "for a server on another database",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        players, rounds = options["players"], options["rounds"]
        if not 3 <= players <= len(BOT_NAMES):
            raise CommandError(f"--players must be between 3 and {len(BOT_NAMES)}, not {players}")
        if rounds < 1:
            raise CommandError(f"--rounds must be at least 1, not {rounds}")
        ws_url, http_url = server_urls(options["url"] or f"http://127.0.0.1:{settings.PORT}")
        pace = pace_of(options["pace"])
        api_token = options["api_token"] or facilitator_token(options["facilitator"])
        try:
            code = game_create(
                http_url, api_token=api_token, scenario=options["scenario"], rounds=rounds
            )
            self._say_where_to_watch(http_url, code, options)
            tokens = {name: game_join(http_url, code, name=name) for name in BOT_NAMES[:players]}
            facilitator = Bot("facilitator", ws_url, http_url, api_token=api_token, pace=pace)
            bots = [
                Bot(name, ws_url, http_url, token=token, pace=pace)
                for name, token in tokens.items()
            ]
            played = asyncio.run(_play(facilitator, bots, code, rounds))
        except ServerUnreachable as error:
            raise CommandError(
                f"Nothing answers at {http_url} ({error}). Is `make run` running? If it serves "
                "on another port, set PORT as it was started with (PORT=9000 ...), or pass --url."
            ) from error
        except (ApiError, CommandRefused, OSError, TimeoutError) as error:
            raise CommandError(f"the bots could not finish the game: {error}") from error
        self._summarise(code, facilitator, played)

    def _say_where_to_watch(self, http_url: str, code: str, options: dict[str, Any]) -> None:
        who = (
            "the facilitator whose API token was given"
            if options["api_token"]
            else f"'{options['facilitator']}'"
        )
        self.stdout.write(f"Watch it: {http_url}/facilitate/{code} (signed in as {who})")
        self.stdout.flush()

    def _summarise(self, code: str, facilitator: Bot, played: list[RoundPlayed]) -> None:
        summaries = {
            e["payload"]["round"]: e["payload"] for e in facilitator.seen("round.summarized")
        }
        self.stdout.write(f"Game {code}: {len(played)} rounds, {facilitator.seq} events")
        self.stdout.write("round  messages  worst mood  final mood  time to calm")
        for row in played:
            calm = summaries.get(row.round, {}).get("time_to_calm_seconds")
            calm_text = minutes_and_seconds(calm) if calm is not None else "never"
            self.stdout.write(
                f"{row.round:>5}  {row.messages:>8}  {row.worst_mood:>10}  {row.final_mood:>10}  "
                f"{calm_text:>12}"
            )


async def _play(facilitator: Bot, bots: list[Bot], code: str, rounds: int) -> list[RoundPlayed]:
    try:
        return await play_game(facilitator=facilitator, players=bots, code=code, rounds=rounds)
    finally:
        for bot in [facilitator, *bots]:
            await bot.close()
