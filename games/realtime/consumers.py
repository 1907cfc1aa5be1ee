"""The game socket: authenticate, validate, call one service, answer. Nothing else lives here."""

import asyncio
import json
import logging
import math
import time
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.contrib.auth.models import User
from pydantic import ValidationError

from games import protocol
from games.commands import SPEC_OF, command_run, describe, field_errors
from games.engine.errors import ErrorCode, GameError
from games.engine.roles import Role
from games.models import Game
from games.realtime import keep_up
from games.realtime.ratelimit import FrameLimiter, Verdict
from games.realtime.throttle import (
    join_guessing_allowed,
    join_miss_record,
    player_write_wait_async,
)
from games.selectors import (
    Viewer,
    events_since,
    fresh_snapshot,
    game_with_code,
    logged_seq,
    may_read,
    roles_by_round,
    snapshot_needed,
)
from games.services.participants import (
    normalise_join_code,
    participant_from_token,
    user_from_api_token,
)
from games.services.presence import connection_close, connection_open
from games.services.sharing import game_access_of
from games.services.suggestions import detector_prepare

logger = logging.getLogger(__name__)
SEAT_EVENTS = {"seats.planned", "seats.swapped", "seats.customer_given", "participant.removed"}

# Close codes (docs/protocol.md). The socket is accepted first, so the browser sees the code.
CLOSE_REMOVED = 4403
CLOSE_UNKNOWN_GAME = 4404
CLOSE_TOO_MANY_SOCKETS = 4409
CLOSE_RATE_LIMITED = 4429


class GameConsumer(AsyncWebsocketConsumer):  # type: ignore[misc]
    game: Game | None = None
    viewer: Viewer | None = None
    user: User | None = None
    last_seq = 0
    roles: dict[int, Role]
    limiter: FrameLimiter
    delivering: asyncio.Lock
    closing = False
    _following = False
    _left = False
    _queued: set["asyncio.Task[None]"]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            # Also when the consumer died without a disconnect (say, its Redis connection broke):
            # its presence must not outlive it, nor its background task.
            await self._leave()

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels' own dispatch first runs close_old_connections through sync_to_async for every
        # message, on the one thread that does all of a process's database work, so each
        # delivery to each socket waited behind every command (decision 0006). Every
        # database call here goes through database_sync_to_async, which does that itself.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        code = normalise_join_code(self.scope["url_route"]["kwargs"]["code"])
        self.roles = {}
        self.delivering = asyncio.Lock()
        self._queued = set()
        self.limiter = FrameLimiter(rate=settings.SOCKET_RATE, burst=settings.SOCKET_BURST)
        if not await database_sync_to_async(join_guessing_allowed)(self.scope):
            await self.accept()
            await self.close(code=CLOSE_RATE_LIMITED, reason="Too many unknown game codes.")
            return
        self.game = await database_sync_to_async(game_with_code)(code)
        if self.game is None:
            await database_sync_to_async(join_miss_record)(self.scope)
            await self.accept()
            await self.close(code=CLOSE_UNKNOWN_GAME, reason="No game has that code.")
            return
        await self.accept()

    async def disconnect(self, code: int) -> None:
        await self._leave()

    async def _leave(self) -> None:
        if self._left:
            return
        self._left = True
        for task in getattr(self, "_queued", ()):
            task.cancel()
        if self._following and self.game is not None:
            await keep_up.unfollow(self.game.pk, self)
        if self.game is not None and self.viewer is not None:
            await database_sync_to_async(connection_close)(channel_name=self.channel_name)

    # Incoming frames --------------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.closing:
            return
        match self.limiter.admit(time.monotonic()):
            case Verdict.REFUSE:
                await self.send_error(
                    ErrorCode.RATE_LIMITED,
                    "Too many messages at once: slow down; this one was not handled.",
                    client_msg_id=_client_msg_id_of(text_data),
                )
                return
            case Verdict.CLOSE:
                await self.close_for(CLOSE_RATE_LIMITED, "Too many messages.")
                return
        if text_data is None:
            await self.send_error(ErrorCode.BAD_COMMAND, "Send JSON text frames, not binary.")
            return
        if not _fits(text_data):
            await self.send_error(
                ErrorCode.BAD_COMMAND, f"A frame may be at most {protocol.MAX_FRAME_BYTES} bytes."
            )
            return
        try:
            message = protocol.CLIENT_MESSAGE.validate_json(text_data)
        except ValidationError as error:
            code, description = _refusal(error)
            await self.send_error(code, description, client_msg_id=_client_msg_id_of(text_data))
            return
        try:
            if isinstance(message, protocol.Hello):
                await self.on_hello(message)
            else:
                await self.on_command(message)
        except GameError as error:
            await self.send_error(
                error.code, error.message, client_msg_id=getattr(message, "client_msg_id", None)
            )
        except Exception:
            # A fault of ours: said to the sender by the command's id, so the client stops
            # resending it (a dropped socket would have it resent, and fail, for ever).
            logger.exception("The command %s failed.", type(message).__name__)
            await self.send_error(
                ErrorCode.SERVER_ERROR,
                "That did not work because of a fault on the server; it was not applied.",
                client_msg_id=getattr(message, "client_msg_id", None),
            )

    async def on_hello(self, hello: protocol.Hello) -> None:
        game = self._the_game()
        self.viewer, self.user = await database_sync_to_async(self._identify)(
            hello.token, hello.api_token
        )
        # Broadcasts that come meanwhile wait for the catch-up: they are queued behind it.
        async with self.delivering:
            # Follow the game before reading state, so nothing falls between snapshot and stream.
            if not self._following:
                await keep_up.follow(game.pk, self)
                self._following = True
            try:
                await database_sync_to_async(connection_open)(
                    game_id=game.pk,
                    channel_name=self.channel_name,
                    participant=self.viewer.participant,
                    user=self.user,
                )
            except GameError as refused:
                if refused.code != ErrorCode.TOO_MANY_SOCKETS:
                    raise
                await self.send_error(refused.code, refused.message)
                await self.close_for(CLOSE_TOO_MANY_SOCKETS, "Too many sockets for this player.")
                return
            await self.send_catch_up(hello.last_seq)

    async def on_command(self, message: protocol.Command) -> None:
        if self.game is None or self.viewer is None:
            raise GameError(ErrorCode.NOT_AUTHENTICATED, "Say hello with your token first.")
        if self.viewer.participant is not None:
            wait = await player_write_wait_async(self.viewer.participant)
            if wait:
                raise GameError(
                    ErrorCode.RATE_LIMITED,
                    f"Too many writes from you (on every socket and the API together): "
                    f"this one was not handled; try again in {math.ceil(wait)} s.",
                )
        event = await database_sync_to_async(command_run)(
            game_id=self.game.pk,
            message=message,
            participant=self.viewer.participant,
            user=self.user,
        )
        await self.send_model(protocol.Ack(client_msg_id=message.client_msg_id, seq=event.seq))

    # Outgoing events: the process's feed of the game (keep_up.py) hands them over ------------

    def ready_for(self, message: dict[str, Any]) -> bool:
        """Whether `message` can be sent at once, without waiting on anything: nothing is queued
        or under way for this socket, and no event in it needs the database (a gap to fill from
        the log, seats to read again)."""
        if self._queued or self.delivering.locked():
            return False
        expected = self.last_seq + 1
        for event in message["events"]:
            if event["seq"] < expected:
                continue
            if event["seq"] > expected or event["type"] in SEAT_EVENTS:
                return False
            expected += 1
        return True

    def queue(self, message: dict[str, Any]) -> None:
        task = asyncio.create_task(self._deliver_queued(message))
        self._queued.add(task)
        task.add_done_callback(self._queued.discard)

    async def _deliver_queued(self, message: dict[str, Any]) -> None:
        try:
            await self.game_events(message)
        except Exception:  # the feed's next look at the log sends what this did not
            game_id = self.game.pk if self.game is not None else None
            logger.warning("Could not deliver to a socket of game %s", game_id, exc_info=True)

    async def game_events(self, message: dict[str, Any]) -> None:
        """Forward what this viewer may read, in order, each once; fill any gap from the log."""
        if self.viewer is None or self.closing:
            return
        async with self.delivering:
            for event, frame in zip(message["events"], message["frames"], strict=True):
                if event["seq"] <= self.last_seq or self.closing:
                    continue
                if event["seq"] > self.last_seq + 1:
                    await self.send_catch_up(self.last_seq, up_to=event["seq"] - 1)
                    if event["seq"] <= self.last_seq:
                        continue  # the gap was too long: the fresh snapshot already holds it
                if event["type"] in SEAT_EVENTS:
                    await self.refresh_roles()
                self.last_seq = event["seq"]
                if may_read(self.viewer, self.roles, event):
                    await self.send(text_data=frame)
                if _removes(event, self.viewer):
                    await self.close_for(CLOSE_REMOVED, "You were removed from this game.")

    async def game_deleted(self) -> None:
        if not self.closing:
            await self.close_for(CLOSE_UNKNOWN_GAME, "This game was deleted.")

    async def deliver_missed(self, up_to: int) -> None:
        async with self.delivering:
            if self.last_seq < up_to and not self.closing:
                await self.send_catch_up(self.last_seq, up_to=up_to)

    async def send_catch_up(self, last_seq: int | None, up_to: int | None = None) -> None:
        game, viewer = self._joined()
        await self.refresh_roles()
        if last_seq is None or await database_sync_to_async(snapshot_needed)(game, last_seq):
            snapshot = await database_sync_to_async(fresh_snapshot)(game, viewer)
            self.last_seq = snapshot["seq"]
            await self.send_model(protocol.Snapshot(**snapshot))
            return
        # The log position first, then the events up to it: an event committed between the two
        # reads would otherwise count as sent without having been sent (its broadcast is then
        # skipped as old). Anything after `latest` comes by broadcast: the group was joined first.
        latest = up_to if up_to is not None else await database_sync_to_async(logged_seq)(game.pk)
        events = await database_sync_to_async(events_since)(game, viewer, last_seq, latest)
        self.last_seq = max(latest, last_seq)
        await self.send_model(protocol.Events(seq=self.last_seq, events=events))

    async def refresh_roles(self) -> None:
        game, viewer = self._joined()
        self.roles = await database_sync_to_async(roles_by_round)(game, viewer)

    def _joined(self) -> tuple[Game, Viewer]:
        if self.game is None or self.viewer is None:
            raise GameError(ErrorCode.NOT_AUTHENTICATED, "Say hello with your token first.")
        return self.game, self.viewer

    def _the_game(self) -> Game:
        if self.game is None:
            raise GameError(ErrorCode.GAME_NOT_FOUND, "This socket is not attached to a game.")
        return self.game

    async def close_for(self, code: int, reason: str) -> None:
        """Close the socket; nothing more is read from it or sent to it."""
        self.closing = True
        await self.close(code=code, reason=reason)

    async def send_model(self, model: protocol.Message) -> None:
        await self.send(text_data=model.model_dump_json())

    async def send_error(
        self, code: ErrorCode, message: str, client_msg_id: str | None = None
    ) -> None:
        await self.send_model(
            protocol.Error(code=code, message=message, client_msg_id=client_msg_id)
        )

    # Database reads (run on a worker thread) ---------------------------------------------------

    def _identify(self, token: str | None, api_token: str | None) -> tuple[Viewer, User | None]:
        game = self._the_game()
        detector_prepare(game.scenario_version_id)
        if token:
            participant = participant_from_token(token)
            if participant.game_id != game.pk:
                raise GameError(ErrorCode.NOT_AUTHENTICATED, "That token is for another game.")
            return Viewer(participant=participant), None
        user = user_from_api_token(api_token) if api_token else self.scope.get("user")
        # Its facilitator, a co-facilitator or an observer it is shared with: each reads what
        # the facilitator reads; whether they may run it is asked of every command.
        if isinstance(user, User) and game_access_of(game, user) is not None:
            return Viewer(participant=None), user
        raise GameError(
            ErrorCode.NOT_AUTHENTICATED,
            "Join the game first: a player token, or sign in as one of its facilitators.",
        )


def _client_msg_id_of(text: str | None) -> str | None:
    """The id of a command that failed validation, when it has one, so the client can match the
    error to what it sent."""
    if text is None or not _fits(text):
        return None
    try:
        candidate = json.loads(text).get("client_msg_id")
    except (ValueError, AttributeError, RecursionError):
        return None
    return candidate if isinstance(candidate, str) and len(candidate) <= 64 else None


# The frame types a client may send: a refused frame of one of these had wrong fields.
_FRAME_TYPES = frozenset({"hello", *(spec.type for spec in SPEC_OF.values())})


def _refusal(error: ValidationError) -> tuple[ErrorCode, str]:
    """`invalid` for a known message with wrong fields, described exactly as the REST API
    describes the same body; `bad_command` for a frame that is not a message at all."""
    location = error.errors(include_url=False)[0]["loc"]
    frame_type = str(location[0]) if location and location[0] in _FRAME_TYPES else ""
    errors = field_errors(error, command_type=frame_type)
    return (ErrorCode.INVALID if frame_type else ErrorCode.BAD_COMMAND), describe(errors)


def _fits(text: str | None) -> bool:
    return text is not None and len(text.encode()) <= protocol.MAX_FRAME_BYTES


def _removes(event: dict[str, Any], viewer: Viewer) -> bool:
    """Whether `event` removes this socket's player: they may read it, and nothing after it."""
    return (
        event["type"] == "participant.removed"
        and viewer.participant_id is not None
        and event["payload"].get("participant") == viewer.participant_id
    )
