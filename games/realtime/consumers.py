"""The game socket: authenticate, validate, call one service, answer. Nothing else lives here."""

import json
import logging
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.contrib.auth.models import User
from pydantic import ValidationError

from games.engine.errors import ErrorCode, GameError
from games.engine.roles import Role
from games.models import Game, Participant
from games.realtime import protocol
from games.realtime.broadcast import game_group
from games.realtime.commands import command_run
from games.selectors import (
    MAX_CATCH_UP_EVENTS,
    Viewer,
    events_since,
    may_read,
    missed_event_count,
    roles_by_round,
    snapshot_for,
)
from games.services.participants import normalise_join_code, participant_from_token
from games.services.presence import connection_close, connection_open

logger = logging.getLogger(__name__)
SEAT_EVENTS = {"seats.planned", "seats.swapped", "seats.customer_given", "participant.removed"}


class GameConsumer(AsyncWebsocketConsumer):  # type: ignore[misc]
    game: Game | None = None
    viewer: Viewer | None = None
    user: User | None = None
    last_seq = 0
    roles: dict[int, Role]

    async def connect(self) -> None:
        code = normalise_join_code(self.scope["url_route"]["kwargs"]["code"])
        self.game = await database_sync_to_async(Game.objects.filter(code=code).first)()
        if self.game is None:
            await self.close(code=4404)
            return
        self.roles = {}
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.game is not None and self.viewer is not None:
            await self.channel_layer.group_discard(game_group(self.game.pk), self.channel_name)
            await database_sync_to_async(connection_close)(channel_name=self.channel_name)

    # Incoming frames --------------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None:
            await self.send_error(ErrorCode.BAD_COMMAND, "Send JSON text frames, not binary.")
            return
        if len(text_data.encode()) > protocol.MAX_FRAME_BYTES:
            await self.send_error(
                ErrorCode.BAD_COMMAND, f"A frame may be at most {protocol.MAX_FRAME_BYTES} bytes."
            )
            return
        try:
            message = protocol.CLIENT_MESSAGE.validate_json(text_data)
        except ValidationError as error:
            await self.send_error(
                ErrorCode.BAD_COMMAND, _describe(error), client_msg_id=_client_msg_id_of(text_data)
            )
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

    async def on_hello(self, hello: protocol.Hello) -> None:
        game = self._the_game()
        self.viewer, self.user = await database_sync_to_async(self._identify)(hello.token)
        # Join the group before reading state, so nothing falls between snapshot and stream.
        await self.channel_layer.group_add(game_group(game.pk), self.channel_name)
        await database_sync_to_async(connection_open)(
            game_id=game.pk,
            channel_name=self.channel_name,
            participant=self.viewer.participant,
            user=self.user,
        )
        await self.send_catch_up(hello.last_seq)

    async def on_command(self, message: protocol.Command) -> None:
        if self.game is None or self.viewer is None:
            raise GameError(ErrorCode.NOT_AUTHENTICATED, "Say hello with your token first.")
        event = await database_sync_to_async(command_run)(
            game_id=self.game.pk,
            message=message,
            participant=self.viewer.participant,
            user=self.user,
        )
        await self.send_model(protocol.Ack(client_msg_id=message.client_msg_id, seq=event.seq))

    # Outgoing events ---------------------------------------------------------------------------

    async def game_events(self, message: dict[str, Any]) -> None:
        """Forward what this viewer may read, in order, each once; fill any gap from the log."""
        if self.viewer is None:
            return
        for event in message["events"]:
            if event["seq"] <= self.last_seq:
                continue
            if event["seq"] > self.last_seq + 1:
                await self.send_catch_up(self.last_seq, up_to=event["seq"] - 1)
            if event["type"] in SEAT_EVENTS:
                await self.refresh_roles()
            visible = [event] if may_read(self.viewer, self.roles, event) else []
            self.last_seq = event["seq"]
            if visible:
                await self.send_model(protocol.Events(seq=self.last_seq, events=visible))

    async def send_catch_up(self, last_seq: int | None, up_to: int | None = None) -> None:
        game, viewer = self._joined()
        await self.refresh_roles()
        if last_seq is None or await database_sync_to_async(self._gap_too_long)(last_seq):
            snapshot = await database_sync_to_async(self._fresh_snapshot)(game, viewer)
            self.last_seq = snapshot["seq"]
            await self.send_model(protocol.Snapshot(**snapshot))
            return
        events = await database_sync_to_async(events_since)(game, viewer, last_seq, up_to)
        latest = up_to if up_to is not None else await database_sync_to_async(self._last_seq)()
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

    async def send_model(self, model: protocol.Message) -> None:
        await self.send(text_data=model.model_dump_json())

    async def send_error(
        self, code: ErrorCode, message: str, client_msg_id: str | None = None
    ) -> None:
        await self.send_model(
            protocol.Error(code=code, message=message, client_msg_id=client_msg_id)
        )

    # Database reads (run on a worker thread) ---------------------------------------------------

    def _identify(self, token: str | None) -> tuple[Viewer, User | None]:
        game = self._the_game()
        if token:
            participant = participant_from_token(token)
            if participant.game_id != game.pk:
                raise GameError(ErrorCode.NOT_AUTHENTICATED, "That token is for another game.")
            return Viewer(participant=participant), None
        user = self.scope.get("user")
        if isinstance(user, User) and user.is_authenticated and user.pk == game.facilitator_id:
            return Viewer(participant=None), user
        raise GameError(
            ErrorCode.NOT_AUTHENTICATED,
            "Join the game first: a player token, or sign in as its facilitator.",
        )

    def _gap_too_long(self, last_seq: int) -> bool:
        game = self._the_game()
        game.refresh_from_db(fields=["last_seq"])
        return missed_event_count(game, last_seq) > MAX_CATCH_UP_EVENTS

    def _last_seq(self) -> int:
        game = self._the_game()
        game.refresh_from_db(fields=["last_seq"])
        return game.last_seq

    @staticmethod
    def _fresh_snapshot(game: Game, viewer: Viewer) -> dict[str, Any]:
        game.refresh_from_db()
        if viewer.participant is not None:
            viewer = Viewer(participant=Participant.objects.get(pk=viewer.participant.pk))
        return snapshot_for(game, viewer)


def _client_msg_id_of(text: str) -> str | None:
    """The id of a command that failed validation, when it has one, so the client can match the
    error to what it sent."""
    try:
        candidate = json.loads(text).get("client_msg_id")
    except (ValueError, AttributeError):
        return None
    return candidate if isinstance(candidate, str) and len(candidate) <= 64 else None


def _describe(error: ValidationError) -> str:
    first = error.errors(include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]
