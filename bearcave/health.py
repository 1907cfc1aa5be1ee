"""GET /healthz: is this process able to serve a game? Both dependencies are exercised for real."""

import asyncio
import uuid
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

CHANNEL_LAYER_TIMEOUT_SECONDS = 3.0


@dataclass(frozen=True)
class PartStatus:
    ok: bool
    detail: str

    def as_json(self) -> dict[str, object]:
        return {"ok": self.ok, "detail": self.detail}


def _query_database() -> PartStatus:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means the database cannot serve us
        return PartStatus(ok=False, detail=f"{type(error).__name__}: {error}".strip())
    finally:
        # This runs on a worker thread; do not keep a connection that nothing will close.
        connection.close()
    return PartStatus(ok=True, detail=f"{connection.vendor} answered a query")


async def _round_trip_channel_layer() -> PartStatus:
    layer = get_channel_layer()
    if layer is None:
        return PartStatus(ok=False, detail="no channel layer is configured")
    nonce = uuid.uuid4().hex
    try:
        async with asyncio.timeout(CHANNEL_LAYER_TIMEOUT_SECONDS):
            channel = await layer.new_channel(prefix="healthz.")
            await layer.send(channel, {"type": "healthz.ping", "nonce": nonce})
            received = await layer.receive(channel)
    except TimeoutError:
        return PartStatus(ok=False, detail="no answer within the timeout")
    except Exception as error:  # a refused connection, a bad URL: the layer cannot carry events
        return PartStatus(ok=False, detail=f"{type(error).__name__}: {error}".strip())
    if received.get("nonce") != nonce:
        return PartStatus(ok=False, detail="the layer returned a different message")
    return PartStatus(ok=True, detail=f"{type(layer).__name__} carried a message")


@require_safe
async def healthz(request: HttpRequest) -> JsonResponse:
    database, channel_layer = await asyncio.gather(
        sync_to_async(_query_database, thread_sensitive=False)(), _round_trip_channel_layer()
    )
    parts = {"database": database, "channel_layer": channel_layer}
    failed = [name for name, part in parts.items() if not part.ok]
    return JsonResponse(
        {
            "status": "unavailable" if failed else "ok",
            "failed": failed,
            "checks": {name: part.as_json() for name, part in parts.items()},
        },
        status=503 if failed else 200,
    )
