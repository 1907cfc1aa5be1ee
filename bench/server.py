"""`python -m bench.server`: Bear Cave's `manage.py serve`, counting the database queries.

The count is the benchmark's own instrument, installed from outside the product: every database
connection the server opens gets an execute wrapper (Django's `connection.execute_wrappers`),
and the socket's command path (`run_command`, as `games.commands` calls it) is wrapped
so the queries of commands are told apart from the rest (connects, presence, the clock, the
sockets' periodic look at the log). The counts are written to a JSON file twice a second.
"""

import argparse
import json
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django

WRITE_EVERY_SECONDS = 0.5
_COLUMNS = re.compile(r"^SELECT .*? FROM ", re.DOTALL)


class QueryCounter:
    """Counts every statement, and those run inside a command, across all threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.local = threading.local()
        self.total = 0
        self.in_commands = 0
        self.commands = 0
        self.statements: Counter[str] = Counter()

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        in_command = getattr(self.local, "in_command", False)
        shape = _COLUMNS.sub("SELECT … FROM ", sql)[:110]
        with self.lock:
            self.total += 1
            self.in_commands += in_command
            self.statements[("command: " if in_command else "other: ") + shape] += 1
        return execute(sql, params, many, context)

    def wrap_command(self, run: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.local.in_command = True
            try:
                return run(*args, **kwargs)
            finally:
                self.local.in_command = False
                with self.lock:
                    self.commands += 1

        return counted

    def as_json(self) -> dict[str, Any]:
        with self.lock:
            return {
                "total": self.total,
                "in_commands": self.in_commands,
                "commands": self.commands,
                "statements": dict(self.statements),
            }


def _write_forever(counter: QueryCounter, path: Path) -> None:
    while True:
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(counter.as_json()))
        temporary.replace(path)
        time.sleep(WRITE_EVERY_SECONDS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--query-counts", type=Path, required=True, help="JSON file to write")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bearcave.settings")
    django.setup()
    from django.core.management import call_command

    from bench import experiments

    experiments.apply(bearcave=True)
    from django.db.backends.signals import connection_created

    import games.commands

    counter = QueryCounter()

    def instrument(sender: Any, connection: Any, **kwargs: Any) -> None:
        # Sent at every (re)connect of a thread's connection object, which keeps its wrappers.
        if counter not in connection.execute_wrappers:
            connection.execute_wrappers.append(counter)

    connection_created.connect(instrument, weak=False)
    games.commands.run_command = counter.wrap_command(  # type: ignore[attr-defined]
        games.commands.run_command  # type: ignore[attr-defined]
    )
    threading.Thread(target=_write_forever, args=(counter, args.query_counts), daemon=True).start()
    call_command("serve", host=args.host, port=args.port)


if __name__ == "__main__":
    main()
