"""What `manage.py serve` sets on Daphne (and the Twisted and Autobahn beneath it) that
`daphne` on the command line cannot: docs/api.md, "Before Django sees a request".

- A WebSocket message over MAX_SOCKET_MESSAGE_BYTES (64 KiB) closes the socket with 1009
  (message too big) and a reason, before more than the limit is read. Daphne's default was
  1 MiB, and Autobahn's "fail by drop" closed the connection without a close frame (the client
  saw 1006, nothing to go by). Frames between the protocol's 16 KiB and this limit get the
  ordinary `bad_command` error, and the socket stays open.
- Twisted does not parse form bodies itself. It did so for every POST before Daphne saw it,
  reading the whole body into memory, and answered a malformed multipart body with a bare 400
  of its own (no content type, not the API's error shape). Now Django does, and the API's
  multipart parser answers `parse_error` in the error shape.
"""

from typing import Any

from daphne.http_protocol import WebRequest
from daphne.server import Server

MAX_SOCKET_MESSAGE_BYTES = 64 * 1024


class FormsLeftToDjango(WebRequest):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, parsePOSTFormSubmission=False, **kwargs)


def server(application: Any, endpoints: list[str]) -> Server:
    """Daphne's Server for `application`, with the settings above."""
    daphne = Server(
        application=application,
        endpoints=endpoints,
        verbosity=0,
        websocket_max_message_size=MAX_SOCKET_MESSAGE_BYTES,
        websocket_max_frame_size=MAX_SOCKET_MESSAGE_BYTES,
    )
    # Daphne makes its factories when it runs; this hook runs after that, before any request.
    daphne.ready_callable = lambda: _configure(daphne)
    return daphne


def _configure(daphne: Server) -> None:
    daphne.ws_factory.setProtocolOptions(failByDrop=False)
    build = daphne.http_factory.buildProtocol

    def build_protocol(address: Any) -> Any:
        protocol = build(address)
        protocol.requestFactory = FormsLeftToDjango
        return protocol

    daphne.http_factory.buildProtocol = build_protocol
