"""`manage.py serve`: Daphne serving HTTP and WebSockets, with the game clock running beside it.

Daphne has no start-up hook of its own, so this runs Daphne's Server in-process (as Channels'
runserver does) and starts the ticker once the event loop runs. The server is set up by
bearcave/serving.py (limits the `daphne` command line cannot set).
"""

import asyncio
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Bear Cave with Daphne and run the game clock."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, host: str, port: int, **options: Any) -> None:
        from daphne.endpoints import build_endpoint_description_strings
        from twisted.internet import reactor

        from bearcave import serving
        from bearcave.asgi import application
        from games.realtime.ticker import run_ticker

        tasks: list[asyncio.Task[None]] = []
        reactor.callWhenRunning(lambda: tasks.append(asyncio.ensure_future(run_ticker())))
        self.stdout.write(f"Bear Cave is serving on http://{host}:{port}/ (Ctrl-C to stop)")
        serving.server(application, build_endpoint_description_strings(host=host, port=port)).run()
        # Daphne has stopped its sockets; the rest still waits on the loop.
        _finish(asyncio.get_event_loop())


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
