"""One benchmark run: seed the games, then the same load against Bear Cave and the baseline.

For each target: start its server process(es), connect every participant (connect-and-join
latency), leave them idle for a while (the CPU of idle connections), play the open-loop schedule
for DURATION seconds (fan-out latency, throughput, CPU, memory, queries per event), wait for
stragglers, and check every delivery (lost, duplicated, reordered).
"""

import contextlib
import json
import math
import multiprocessing
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from bench.driver import DriverPlan, DriverResult, RoomPlan, Seat, driver_main
from bench.experiments import KEEP_UP
from bench.servers import (
    ROOT,
    PostgresDatabase,
    Profiler,
    Redis,
    Server,
    Usage,
    baseline_server,
    bearcave_server,
    usage,
)

LOG_DIR = ROOT / "var" / "bench-logs"
SETTLE_SECONDS = 2.0


@dataclass(frozen=True)
class Options:
    rooms: int
    players: int
    duration: float
    profile: str  # embedded | scaled
    processes: int
    drivers: int
    rate: float  # events a second per room
    idle_seconds: float
    seed: int
    postgres_url: str
    py_spy: Path | None = None
    baseline: bool = True
    database_options: str = ""  # appended to DATABASE_URL as a query string (experiments)
    keep_up_seconds: float = 0.0  # bench/experiments.py
    day_people: int = 0  # the training-day run (bench/day.py): 0 skips it
    day_within: float = 60.0
    day_table_size: int = 6
    day_play_seconds: float = 20.0  # then sustained live play at every table (0 skips it)
    day_play_rate: float = 1.0  # room messages a second at each table


@dataclass
class Measurement:
    """What one target did under the load."""

    target: str
    connections: int
    connected: int
    connect_failures: list[str]
    connect_ms: dict[str, float]
    fanout_ms: dict[str, float]
    ack_ms: dict[str, float]
    schedule_lag_ms: dict[str, float]
    events_per_second: float
    deliveries_per_second: float
    sent: dict[str, int]
    acknowledged: int
    unanswered: int
    errors: dict[str, int]
    expected_deliveries: int
    lost: int
    duplicated: int
    reordered: int
    idle_cpu_percent: float | None
    servers: list[dict[str, Any]]
    memory_per_connection_kib: float
    driver_cpu_percent: list[float]
    closed_sockets: list[str]
    server_log: str
    queries: dict[str, Any] = field(default_factory=dict)
    profile: dict[str, Any] = field(default_factory=dict)


def percentiles(values_ns: list[int]) -> dict[str, float]:
    if not values_ns:
        return {
            "n": 0,
            "p50": float("nan"),
            "p95": float("nan"),
            "p99": float("nan"),
            "max": float("nan"),
        }
    ordered = sorted(values_ns)

    def rank(fraction: float) -> float:
        index = min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))
        return ordered[index] / 1e6

    return {
        "n": len(ordered),
        "p50": rank(0.50),
        "p95": rank(0.95),
        "p99": rank(0.99),
        "max": ordered[-1] / 1e6,
    }


def loadavg() -> list[float]:
    return [float(part) for part in Path("/proc/loadavg").read_text().split()[:3]]


# Seeding --------------------------------------------------------------------------------------


def seed_games(options: Options, env: dict[str, str]) -> dict[str, Any]:
    answer = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.seed",
            "--rooms",
            str(options.rooms),
            "--players",
            str(options.players),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
    )
    if answer.returncode != 0:
        raise RuntimeError(f"seeding failed:\n{answer.stderr.decode(errors='replace')}")
    seeded: dict[str, Any] = json.loads(answer.stdout)
    return seeded


def room_plans(seeded: dict[str, Any], ws_urls: list[str]) -> list[RoomPlan]:
    """Every socket goes to the next server process in turn (round-robin), as an L4 balancer
    would send them: the players of one room end up on different processes."""
    plans, next_socket = [], 0
    for index, game in enumerate(seeded["games"]):
        seats = []
        for player in game["players"]:
            url = ws_urls[next_socket % len(ws_urls)]
            next_socket += 1
            seats.append(Seat(player["participant"], player["token"], player["role"], url))
        plans.append(RoomPlan(index=index, code=game["code"], seats=seats))
    return plans


# One target -----------------------------------------------------------------------------------


def _receive(pipe: Connection, expected: str) -> tuple[Any, ...]:
    message: tuple[Any, ...] = pipe.recv()
    if message[0] != expected:
        raise RuntimeError(f"a load driver failed: {message[1:]}")
    return message


def _query_counts(folder: Path | None) -> dict[str, Any]:
    """The counts of every server process (one file each), added up."""
    files = sorted(folder.glob("*.json")) if folder is not None else []
    if not files:
        return {}
    total: dict[str, Any] = {"total": 0, "in_commands": 0, "commands": 0, "statements": Counter()}
    for file in files:
        counts = json.loads(file.read_text())
        for key in ("total", "in_commands", "commands"):
            total[key] += counts[key]
        total["statements"].update(counts["statements"])
    return total


def _queries_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    if not before or not after:
        return {}
    commands = after["commands"] - before["commands"]
    statements = Counter(after["statements"])
    statements.subtract(before["statements"])
    per_command = {
        shape: round(count / commands, 3)
        for shape, count in statements.most_common(12)
        if count > 0 and commands
    }
    return {
        "commands": commands,
        "per_command": round((after["in_commands"] - before["in_commands"]) / commands, 2)
        if commands
        else None,
        "all_per_command": round((after["total"] - before["total"]) / commands, 2)
        if commands
        else None,
        "top_statements_per_command": per_command,
    }


def summarise_profile(path: Path, top: int = 25) -> dict[str, Any]:
    """Own time and total time per function from py-spy's collapsed stacks."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    samples = 0
    for line in path.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack:
            continue
        count = int(count_text)
        samples += count
        frames = stack.split(";")
        own[_short(frames[-1])] += count
        for name in {_short(frame) for frame in frames}:
            total[name] += count
    share = {name: round(100 * count / samples, 1) for name, count in own.most_common(top)}
    inclusive = {name: round(100 * count / samples, 1) for name, count in total.most_common(top)}
    return {"samples": samples, "own_percent": share, "total_percent": inclusive}


def _short(frame: str) -> str:
    """`function (path/to/module.py:line)` -> `function (module.py)`."""
    name, _, where = frame.partition(" (")
    file = where.rsplit(":", 1)[0].rsplit("/", 2)
    return f"{name} ({'/'.join(file[-2:])})"


def measure(
    target: str,
    servers: list[Server],
    seeded: dict[str, Any],
    options: Options,
    query_counts: Path | None = None,
    extra_processes: dict[str, int] | None = None,
) -> Measurement:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log = (
        LOG_DIR / f"{time.strftime('%Y%m%d-%H%M%S')}-{options.rooms}x{options.players}-{target}.log"
    )
    for server in servers:
        server.start(log)
    try:
        return _measure_started(
            target, servers, seeded, options, log, query_counts, extra_processes or {}
        )
    finally:
        for server in servers:
            server.stop()


def _measure_started(
    target: str,
    servers: list[Server],
    seeded: dict[str, Any],
    options: Options,
    log: Path,
    query_counts: Path | None,
    extra_processes: dict[str, int],
) -> Measurement:
    pids = {f"daphne-{index + 1}": server.pid for index, server in enumerate(servers)}
    pids.update(extra_processes)
    before_connect = {name: usage(pid) for name, pid in pids.items()}
    plans = room_plans(seeded, [server.ws_url for server in servers])
    drivers = max(1, min(options.drivers, len(plans)))
    context = multiprocessing.get_context("spawn")
    pipes, processes = [], []
    for number in range(drivers):
        ours, theirs = context.Pipe()
        plan = DriverPlan(
            rooms=plans[number::drivers],
            techniques=seeded["techniques"],
            events_per_second=options.rate,
            check_seq=target == "bearcave",
            seed=options.seed,
        )
        process = context.Process(target=driver_main, args=(plan, theirs), daemon=True)
        process.start()
        pipes.append(ours)
        processes.append(process)
    try:
        return _run_drivers(
            target,
            pids,
            before_connect,
            pipes,
            options,
            query_counts,
            sum(len(plan.seats) for plan in plans),
            log,
        )
    finally:
        for pipe in pipes:
            with contextlib.suppress(BrokenPipeError, OSError):
                pipe.send(("close",))
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()


def _cpu_percent(
    start: dict[str, Usage], end: dict[str, Usage], seconds: float
) -> dict[str, float]:
    return {
        name: round(100 * (end[name].cpu_seconds - start[name].cpu_seconds) / seconds, 1)
        for name in start
    }


def _run_drivers(
    target: str,
    pids: dict[str, int],
    before_connect: dict[str, Usage],
    pipes: list[Connection],
    options: Options,
    query_counts: Path | None,
    connections: int,
    log: Path,
) -> Measurement:
    connect_failures: list[str] = []
    connected = 0
    for pipe in pipes:
        _, count, failures = _receive(pipe, "connected")
        connected += count
        connect_failures += failures
    time.sleep(SETTLE_SECONDS if options.idle_seconds > 0 else 0.2)
    idle_start = {name: usage(pid) for name, pid in pids.items()}
    idle_cpu: float | None = None
    if options.idle_seconds > 0:
        time.sleep(options.idle_seconds)
        idle_end = {name: usage(pid) for name, pid in pids.items()}
        idle = _cpu_percent(idle_start, idle_end, options.idle_seconds)
        idle_cpu = round(sum(value for name, value in idle.items() if name.startswith("daphne")), 1)
    connected_usage = {name: usage(pid) for name, pid in pids.items()}

    queries_before = _query_counts(query_counts)
    start_ns = time.monotonic_ns() + 500_000_000
    for pipe in pipes:
        pipe.send(("run", start_ns, options.duration))
    time.sleep(max(0.0, (start_ns - time.monotonic_ns()) / 1e9))
    load_start = {name: usage(pid) for name, pid in pids.items()}
    profiler = None
    if options.py_spy is not None and target == "bearcave":
        profiler = Profiler(pids["daphne-1"], options.duration, options.py_spy)
    time.sleep(options.duration)
    load_end = {name: usage(pid) for name, pid in pids.items()}
    time.sleep(2 * 0.5)  # the query counts are written twice a second
    queries_after = _query_counts(query_counts)

    results: list[DriverResult] = [_receive(pipe, "done")[1] for pipe in pipes]
    load_cpu = _cpu_percent(load_start, load_end, options.duration)
    server_rows = []
    for name in pids:
        server_rows.append(
            {
                "process": name,
                "cpu_percent_under_load": load_cpu[name],
                "rss_mib_before_connect": round(before_connect[name].rss_bytes / 2**20, 1),
                "rss_mib_connected": round(connected_usage[name].rss_bytes / 2**20, 1),
                "rss_mib_after_load": round(load_end[name].rss_bytes / 2**20, 1),
                "helpers_rss_mib": round(load_end[name].helpers_rss_bytes / 2**20, 1),
            }
        )
    daphne = [name for name in pids if name.startswith("daphne")]
    grown = sum(connected_usage[n].rss_bytes - before_connect[n].rss_bytes for n in daphne)
    profile = {}
    if profiler is not None:
        collapsed = profiler.finish()
        if collapsed is not None:
            profile = summarise_profile(collapsed)
    return Measurement(
        target=target,
        connections=connections,
        connected=connected,
        connect_failures=connect_failures[:10],
        connect_ms=percentiles([v for r in results for v in r.connect_ns]),
        fanout_ms=percentiles([v for r in results for v in r.latencies_ns]),
        ack_ms=percentiles([v for r in results for v in r.ack_ns]),
        schedule_lag_ms=percentiles([v for r in results for v in r.schedule_lag_ns]),
        events_per_second=round(sum(r.acknowledged for r in results) / options.duration, 1),
        deliveries_per_second=round(sum(r.deliveries for r in results) / options.duration, 1),
        sent=dict(sum((Counter(r.sent) for r in results), Counter())),
        acknowledged=sum(r.acknowledged for r in results),
        unanswered=sum(r.unanswered for r in results),
        errors=dict(sum((Counter(r.errors) for r in results), Counter())),
        expected_deliveries=sum(r.expected_deliveries for r in results),
        lost=sum(r.lost for r in results),
        duplicated=sum(r.duplicated for r in results),
        reordered=sum(r.reordered for r in results),
        idle_cpu_percent=idle_cpu,
        servers=server_rows,
        memory_per_connection_kib=round(grown / max(connected, 1) / 1024, 1),
        driver_cpu_percent=[
            round(100 * r.cpu_seconds / r.wall_seconds, 1) if r.wall_seconds else 0.0
            for r in results
        ],
        closed_sockets=[line for r in results for line in r.closed_sockets],
        server_log=str(log),
        queries=_queries_between(queries_before, queries_after),
        profile=profile,
    )


# A whole run ----------------------------------------------------------------------------------


def run(options: Options) -> dict[str, Any]:
    """Seed, measure Bear Cave, measure the baseline; returns both measurements."""
    started_load = loadavg()
    with tempfile.TemporaryDirectory(prefix="bench-", dir=ROOT / "var") as temporary:
        workdir = Path(temporary)
        redis = Redis() if options.profile == "scaled" else None
        database = PostgresDatabase(options.postgres_url) if options.profile == "scaled" else None
        try:
            if redis is not None:
                redis.start()
            if database is not None:
                database.create()
            database_url = (
                database.url if database is not None else f"sqlite:///{workdir / 'bench.sqlite3'}"
            )
            if options.database_options:
                database_url += f"?{options.database_options}"
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "REDIS_URL": redis.url if redis is not None else "",
                "SECRET_KEY": secrets.token_urlsafe(40),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DEBUG": "off",
                "LOG_LEVEL": "WARNING",
            }
            if options.keep_up_seconds:
                env[KEEP_UP] = str(options.keep_up_seconds)
            seeded = seed_games(options, env)
            extra = {"redis": redis.process.pid} if redis and redis.process else {}
            query_counts = workdir / "queries"
            query_counts.mkdir()
            bearcave = measure(
                "bearcave",
                [
                    bearcave_server(env=env, query_counts=query_counts / f"{number}.json")
                    for number in range(options.processes)
                ],
                seeded,
                options,
                query_counts,
                extra,
            )
            baseline = None
            if options.baseline:
                baseline = measure(
                    "baseline",
                    [baseline_server(redis_url=env["REDIS_URL"]) for _ in range(options.processes)],
                    seeded,
                    options,
                    None,
                    extra,
                )
            day = None
            if options.day_people:
                from bench.day import run_day  # bench.day uses this module's percentiles

                day = run_day(
                    env=env,
                    workdir=workdir,
                    people=options.day_people,
                    within=options.day_within,
                    table_size=options.day_table_size,
                    play_seconds=options.day_play_seconds,
                    play_rate=options.day_play_rate,
                )
        finally:
            if redis is not None:
                redis.stop()
            if database is not None:
                database.drop()
    return {
        "loadavg_before": started_load,
        "bearcave": bearcave,
        "baseline": baseline,
        "day": day,
    }
