"""What `manage.py serve` sets on Daphne (and the Twisted and Autobahn beneath it) that
`daphne` on the command line cannot: docs/api.md, "Before Django sees a request".

- A WebSocket frame over MAX_SOCKET_FRAME_BYTES (64 KiB), or a message fragmented over
  Daphne's 1 MiB, closes the socket with 1009 (message too big) and a reason, before more than
  the limit is read. Autobahn's "fail by drop" closed the connection without a close frame (the
  client saw 1006, nothing to go by). Frames between the protocol's 16 KiB and this limit get
  the ordinary `bad_command` error, and the socket stays open. (The message limit stays at
  Daphne's 1 MiB: Autobahn applies it to what the server sends as well, and a snapshot can be
  larger than 64 KiB. Browsers send a message as one frame.)
- Twisted does not parse form bodies itself. It did so for every POST before Daphne saw it,
  reading the whole body into memory (a 60 MB anonymous multipart POST took the process from
  133 MB to 837 MB), and answered a malformed multipart body with a bare 400 of its own (no
  content type, not the API's error shape). Now Django does, and the API's multipart parser
  answers `parse_error` in the error shape.
- Twisted keeps no more of a body than any path may receive (bearcave/limits.py): beyond it the
  rest is read off the connection and dropped, so Daphne, which hands the application the whole
  body at once, never holds it; the body limit then answers 413 by the declared length, or by
  the bytes kept. The same 60 MB POST now costs no memory to speak of (docs/decisions/0100).
"""

import io
from typing import Any

from daphne.http_protocol import WebRequest
from daphne.server import Server

from bearcave.limits import largest_body

MAX_SOCKET_FRAME_BYTES = 64 * 1024


class _Dropped(io.BytesIO):
    """A body nobody will read: what arrives is dropped."""

    def write(self, data: Any) -> int:
        return len(data)


class BoundedRequest(WebRequest):  # type: ignore[misc]
    """Daphne's request, keeping no more of a body than any path may receive."""

    kept = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, parsePOSTFormSubmission=False, **kwargs)

    def gotLength(self, length: int | None) -> None:
        if length is not None and length > largest_body():
            self.content = _Dropped()  # refused by its declared length, unread
        else:
            super().gotLength(length)

    def handleContentChunk(self, data: bytes) -> None:
        # Without a declared length: keep one byte over the limit, enough to be refused.
        room = largest_body() + 1 - self.kept
        if room > 0:
            self.kept += min(room, len(data))
            super().handleContentChunk(data[:room])


def server(application: Any, endpoints: list[str]) -> Server:
    """Daphne's Server for `application`, with the settings above."""
    daphne = Server(
        application=application,
        endpoints=endpoints,
        verbosity=0,
        websocket_max_frame_size=MAX_SOCKET_FRAME_BYTES,
    )
    # Daphne makes its factories when it runs; this hook runs after that, before any request.
    daphne.ready_callable = lambda: _configure(daphne)
    return daphne


def _configure(daphne: Server) -> None:
    daphne.ws_factory.setProtocolOptions(failByDrop=False)
    build = daphne.http_factory.buildProtocol

    def build_protocol(address: Any) -> Any:
        protocol = build(address)
        protocol.requestFactory = BoundedRequest
        return protocol

    daphne.http_factory.buildProtocol = build_protocol
