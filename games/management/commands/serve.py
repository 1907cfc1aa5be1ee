"""`manage.py serve`: Daphne serving HTTP and WebSockets, with the game clock running beside it.

Daphne has no start-up hook of its own, so this runs Daphne's Server in-process (as Channels'
runserver does) and starts the ticker once the event loop runs. The server is set up by
bearcave/serving.py (limits the `daphne` command line cannot set).
"""

import asyncio
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bearcave.network import ALL_INTERFACES


class Command(BaseCommand):
    help = "Serve Bear Cave with Daphne and run the game clock."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host",
            help="the interface to listen on (default: HOST, 127.0.0.1: this machine only)",
        )
        parser.add_argument("--port", type=int, help="the port (default: PORT, 8000)")

    def handle(self, *args: Any, host: str | None, port: int | None, **options: Any) -> None:
        host, port = host or settings.HOST, port or settings.PORT
        if host in ALL_INTERFACES and (host, port) != (settings.HOST, settings.PORT):
            raise CommandError(
                f"To serve every interface, set HOST={host} and PORT={port} (make run "
                f"HOST={host}, or in the environment) rather than --host and --port: the host "
                "checks and the join links are worked out from them."
            )
        self._serve(host, port)
        # Daphne has stopped its sockets; the rest still waits on the loop.
        _finish(asyncio.get_event_loop())

    def _serve(self, host: str, port: int) -> None:
        from daphne.endpoints import build_endpoint_description_strings
        from twisted.internet import reactor

        from bearcave import serving
        from bearcave.asgi import application
        from games.realtime.ticker import run_ticker

        tasks: list[asyncio.Task[None]] = []
        reactor.callWhenRunning(lambda: tasks.append(asyncio.ensure_future(run_ticker())))
        for line in where_to_open(host, port, settings.PUBLIC_URL):
            self.stdout.write(line)
        self.stdout.flush()
        serving.server(application, build_endpoint_description_strings(host=host, port=port)).run()


def where_to_open(host: str, port: int, public_url: str) -> list[str]:
    """What the person who started the server needs to know: where it listens, and the address
    the room's phones open (or how to get one)."""
    if host not in ALL_INTERFACES:
        listening = f"Bear Cave is serving on http://{host}:{port}/ (Ctrl-C to stop)."
        if public_url:
            return [listening, f"Players join at {public_url}/join/"]
        return [
            listening,
            "Only this machine can open it. To let phones in the room join: make run HOST=0.0.0.0",
        ]
    listening = f"Bear Cave is serving on every interface, port {port} (Ctrl-C to stop)."
    if not public_url:
        return [
            listening,
            "This machine's address on the local network could not be worked out: set "
            f"PUBLIC_URL to the address phones open, e.g. PUBLIC_URL=http://192.168.1.20:{port}",
        ]
    return [
        listening,
        f"Phones in the room open {public_url}/join/ (each game's link and QR code use this "
        "address).",
        "A phone that cannot connect: is it on the same network as this machine (not a guest "
        "Wi-Fi that keeps devices apart), and does this machine's firewall let in TCP port "
        f"{port}?",
    ]


def _finish(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what still runs on the stopped loop (the clock, the games' feeds, broadcasts not
    yet sent) and close it. Left pending, those tasks were torn down by the interpreter's exit
    halfway through an await, which crashed the process (SIGSEGV) instead of exiting 0."""
    pending = asyncio.all_tasks(loop)
    for task in pending:
        task.cancel()
    loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()
