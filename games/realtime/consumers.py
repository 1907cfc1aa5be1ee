"""The game socket. For now a relay that proves fan-out across processes; the engine replaces it."""

from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer


def room_group(code: str) -> str:
    return f"game.{code}"


class GameConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    async def connect(self) -> None:
        self.group = room_group(self.scope["url_route"]["kwargs"]["code"])
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict) or not isinstance(content.get("text"), str):
            await self.send_json({"type": "error", "code": "bad_command", "message": "send {text}"})
            return
        await self.channel_layer.group_send(
            self.group, {"type": "room.say", "text": content["text"]}
        )

    async def room_say(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "say", "text": event["text"]})
