"""How the server's worker process (offload.py) starts: Django set up, and a watch on the server.

Sent to the worker by name before Django is set up there, so this module imports nothing of the
project's models, directly or not.
"""

import multiprocessing
import os
import threading
from multiprocessing.connection import wait


def worker_setup() -> None:
    import django

    django.setup()  # the settings module comes with the environment the server was started in
    threading.Thread(target=_exit_with_the_server, daemon=True, name="server-watch").start()


def _exit_with_the_server() -> None:
    # A worker waits for work on a pipe it also holds the other end of, so it never sees the
    # server die: a server killed outright (SIGKILL, out of memory) would leave it behind.
    server = multiprocessing.parent_process()
    if server is None:
        return
    wait([server.sentinel])
    os._exit(0)
