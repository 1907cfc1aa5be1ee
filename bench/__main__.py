"""`python -m bench` (or `make bench`): run the load benchmark and print its report.

The last line of the output is one JSON object with the figures (see docs/performance.md).
The exit status is 1 when a delivery was lost, duplicated or reordered, a socket could not
connect or a command went unanswered.
"""

import argparse
import datetime
import json
import math
import os
import sys
from pathlib import Path
from typing import Any

from bench.day import DayMeasurement
from bench.run import Measurement, Options, loadavg, run

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
KNEE_P99_MS = 250.0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--rooms", type=int, default=50)
    parser.add_argument("--players", type=int, default=12, help="sockets per room (3 or more)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load")
    parser.add_argument("--profile", choices=["embedded", "scaled"], default="embedded")
    parser.add_argument("--processes", type=int, default=1, help="Daphne processes")
    parser.add_argument("--drivers", type=int, default=2, help="load driver processes")
    parser.add_argument("--rate", type=float, default=3.0, help="events a second per room")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle measurement")
    parser.add_argument("--seed", type=int, default=1, help="seed of the schedule")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a PostgreSQL server where the scaled profile may create a throw-away database",
    )
    parser.add_argument(
        "--database-options",
        default="",
        help="query string for the server's DATABASE_URL, say conn_max_age=600 (experiments)",
    )
    parser.add_argument(
        "--keep-up-seconds",
        type=float,
        default=0.0,
        help="experiment: how often Bear Cave looks at each game's log (shipped: 5)",
    )
    parser.add_argument("--py-spy", type=Path, help="profile Bear Cave's first process into FILE")
    parser.add_argument("--no-baseline", action="store_true", help="measure Bear Cave only")
    parser.add_argument(
        "--knee",
        action="store_true",
        help=f"from --rooms up, find the most rooms at which fan-out p99 <= {KNEE_P99_MS:g} ms",
    )
    parser.add_argument("--max-rooms", type=int, default=400, help="the knee search stops here")
    parser.add_argument(
        "--day",
        type=int,
        default=0,
        metavar="PEOPLE",
        help="then a training day: PEOPLE join through one code, tables, all started at once",
    )
    parser.add_argument("--day-within", type=float, default=60.0, help="seconds the joins take")
    parser.add_argument("--day-table-size", type=int, default=6, help="people per table (4-7)")
    parser.add_argument(
        "--day-play",
        type=float,
        default=20.0,
        metavar="SECONDS",
        help="then sustained live play at every table for SECONDS (0 skips it)",
    )
    parser.add_argument(
        "--day-play-rate",
        type=float,
        default=1.0,
        help="room messages a second at each table during the day's live play",
    )
    arguments = parser.parse_args()
    if arguments.players < 3:
        parser.error("--players: a round needs at least 3 (customer, coach, responder)")
    if arguments.profile == "embedded" and arguments.processes != 1:
        parser.error("--processes: the embedded profile is one process (use --profile scaled)")
    return arguments


def _options(arguments: argparse.Namespace, rooms: int, *, knee: bool = False) -> Options:
    return Options(
        rooms=rooms,
        players=arguments.players,
        duration=arguments.duration,
        profile=arguments.profile,
        processes=arguments.processes,
        drivers=arguments.drivers,
        rate=arguments.rate,
        idle_seconds=0.0 if knee else arguments.idle,
        seed=arguments.seed,
        postgres_url=arguments.postgres_url,
        py_spy=None if knee else arguments.py_spy,
        baseline=not (knee or arguments.no_baseline),
        database_options=arguments.database_options,
        keep_up_seconds=arguments.keep_up_seconds,
        day_people=0 if knee else arguments.day,
        day_within=arguments.day_within,
        day_table_size=arguments.day_table_size,
        day_play_seconds=arguments.day_play,
        day_play_rate=arguments.day_play_rate,
    )


def _ratio(ours: float, floor: float | None) -> str:
    if floor is None or not floor or math.isnan(floor) or math.isnan(ours):
        return "-"
    return f"{ours / floor:.2f}x"


def _ms(value: float | None) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.1f} ms"


def _row(label: str, ours: str, floor: str = "-", ratio: str = "") -> str:
    return f"  {label:<30} {ours:>16} {floor:>16} {ratio:>8}"


def _report(options: Options, result: dict[str, Any]) -> None:
    ours: Measurement = result["bearcave"]
    floor: Measurement | None = result["baseline"]
    print(
        f"Bear Cave load benchmark: {options.rooms} rooms x {options.players} sockets "
        f"({ours.connections}), {options.profile} profile, {options.processes} Daphne "
        f"process(es), {options.duration:g} s at {options.rate:g} events/s per room"
    )
    print(
        f"  machine: {os.cpu_count()} cores; load average before: "
        f"{' '.join(map(str, result['loadavg_before']))}; "
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC"
    )
    if options.database_options or options.keep_up_seconds:
        print(
            f"  EXPERIMENT (not the shipped settings): DATABASE_URL options "
            f"{options.database_options or '-'}; each game's log is looked at every "
            f"{options.keep_up_seconds or 'shipped'} s"
        )
    print(_row("", "Bear Cave", "baseline", "ratio"))
    for label, key in [
        ("connect-and-join", "connect_ms"),
        ("fan-out", "fanout_ms"),
        ("command ack", "ack_ms"),
    ]:
        for figure in ("p50", "p95", "p99", "max"):
            if key != "fanout_ms" and figure in ("p95", "max"):
                continue
            value = getattr(ours, key)[figure]
            base = getattr(floor, key)[figure] if floor else None
            print(_row(f"{label} {figure}", _ms(value), _ms(base), _ratio(value, base)))
    print(
        _row(
            "fan-out samples", str(ours.fanout_ms["n"]), str(floor.fanout_ms["n"]) if floor else "-"
        )
    )
    print(
        _row(
            "events/s",
            f"{ours.events_per_second:g}",
            f"{floor.events_per_second:g}" if floor else "-",
        )
    )
    print(
        _row(
            "deliveries/s",
            f"{ours.deliveries_per_second:g}",
            f"{floor.deliveries_per_second:g}" if floor else "-",
        )
    )
    for name in ("lost", "duplicated", "reordered", "unanswered"):
        print(_row(name, str(getattr(ours, name)), str(getattr(floor, name)) if floor else "-"))
    print(_row("errors", json.dumps(ours.errors), json.dumps(floor.errors) if floor else "-"))
    idle = ours.idle_cpu_percent
    print(
        _row(
            f"idle CPU, {ours.connected} sockets",
            "-" if idle is None else f"{idle}% core",
            "-"
            if floor is None or floor.idle_cpu_percent is None
            else f"{floor.idle_cpu_percent}% core",
        )
    )
    print(
        _row(
            "memory per connection",
            f"{ours.memory_per_connection_kib} KiB",
            f"{floor.memory_per_connection_kib} KiB" if floor else "-",
        )
    )
    print(
        _row(
            "driver CPU (per process)",
            " ".join(f"{v}%" for v in ours.driver_cpu_percent),
            " ".join(f"{v}%" for v in floor.driver_cpu_percent) if floor else "-",
        )
    )
    print(
        _row(
            "driver schedule lag p99",
            _ms(ours.schedule_lag_ms["p99"]),
            _ms(floor.schedule_lag_ms["p99"]) if floor else "-",
        )
    )
    for measurement in filter(None, [ours, floor]):
        for row in measurement.servers:
            print(
                f"  {measurement.target} {row['process']}: CPU under load "
                f"{row['cpu_percent_under_load']}% of a core; RSS {row['rss_mib_before_connect']}"
                f" MiB before connect, {row['rss_mib_connected']} MiB connected, "
                f"{row['rss_mib_after_load']} MiB after the load"
                + (
                    f"; its worker process (CPU included above): {row['helpers_rss_mib']} MiB"
                    if row["helpers_rss_mib"]
                    else ""
                )
            )
    queries = ours.queries
    if queries:
        print(
            f"  database queries per command: {queries['per_command']} "
            f"(all the server's queries per command, presence and the sockets' periodic look "
            f"at the log included: {queries['all_per_command']})"
        )
        for shape, count in queries["top_statements_per_command"].items():
            print(f"    {count:>6} x  {shape}")
    if ours.profile:
        print(f"  profile of daphne-1 ({ours.profile['samples']} samples), own time:")
        for name, share in list(ours.profile["own_percent"].items())[:15]:
            print(f"    {share:>5}%  {name}")
    day: DayMeasurement | None = result.get("day")
    if day is not None:
        print(
            f"Training day: {day.people} people joining through one code within "
            f"{options.day_within:g} s, {day.tables} tables (opened in {day.open_ms:g} ms), "
            "all started with one request"
        )
        print(_row("", "Bear Cave", "baseline", "ratio"))
        for label, figures, base_key in [
            ("day join", day.join_ms, "connect_ms"),
            ("day seat socket", day.connect_ms, "connect_ms"),
            ("day start fan-out", day.start_fanout_ms, "fanout_ms"),
            ("day live fan-out", day.mood_fanout_ms, "fanout_ms"),
        ]:
            for name in ("p50", "p99", "max"):
                base = getattr(floor, base_key).get(name) if floor else None
                value = figures.get(name, math.nan)
                print(_row(f"{label} {name}", _ms(value), _ms(base), _ratio(value, base)))
        if day.play_seconds:
            print(
                f"  live play: {day.play_rate:g} room messages a second at each table for "
                f"{day.play_seconds:g} s through the seats' sockets: {day.play_sent} sent, "
                f"{day.play_acknowledged} acknowledged, {day.play_expected} deliveries expected"
                + (f", refused {day.play_errors}" if day.play_errors else "")
            )
            for name in ("p50", "p99", "max"):
                base = floor.fanout_ms.get(name) if floor else None
                value = day.play_latency_ms.get(name, math.nan)
                print(_row(f"day live play {name}", _ms(value), _ms(base), _ratio(value, base)))
            print(
                _row(
                    "day live play lost",
                    str(day.play_lost),
                    str(floor.lost) if floor else "-",
                )
            )
        print(_row("day lost", str(day.lost)))
        print(_row("day join failures", str(len(day.join_failures))))
        for failure in day.join_failures[:5]:
            print(f"  day join failure: {failure}")
    for failure in ours.connect_failures:
        print(f"  connect failure: {failure}")
    for measurement in filter(None, [ours, floor]):
        for closed in measurement.closed_sockets[:5]:
            print(f"  {measurement.target}: socket closed by the server: {closed}")
        print(f"  {measurement.target} server log: {measurement.server_log}")


def _summary(options: Options, result: dict[str, Any]) -> dict[str, Any]:
    ours: Measurement = result["bearcave"]
    floor: Measurement | None = result["baseline"]

    def figure(measurement: Measurement | None, key: str, name: str) -> float | None:
        if measurement is None:
            return None
        value = float(getattr(measurement, key)[name])
        return None if math.isnan(value) else round(value, 2)

    summary: dict[str, Any] = {
        "rooms": options.rooms,
        "players": options.players,
        "connections": ours.connections,
        "profile": options.profile,
        "processes": options.processes,
        "duration_s": options.duration,
        "rate_per_room": options.rate,
        "loadavg_before": result["loadavg_before"],
        "cores": os.cpu_count(),
        "experiments": {
            "database_options": options.database_options,
            "keep_up_seconds": options.keep_up_seconds,
        },
    }
    for name in ("p50", "p95", "p99", "max"):
        summary[f"{name}_ms"] = figure(ours, "fanout_ms", name)
        summary[f"baseline_{name}_ms"] = figure(floor, "fanout_ms", name)
        ours_value, floor_value = summary[f"{name}_ms"], summary[f"baseline_{name}_ms"]
        summary[f"ratio_{name}"] = (
            round(ours_value / floor_value, 2) if ours_value and floor_value else None
        )
    summary.update(
        {
            "connect_p50_ms": figure(ours, "connect_ms", "p50"),
            "connect_p99_ms": figure(ours, "connect_ms", "p99"),
            "baseline_connect_p50_ms": figure(floor, "connect_ms", "p50"),
            "baseline_connect_p99_ms": figure(floor, "connect_ms", "p99"),
            "ack_p50_ms": figure(ours, "ack_ms", "p50"),
            "ack_p99_ms": figure(ours, "ack_ms", "p99"),
            "fanout_samples": ours.fanout_ms["n"],
            "events_per_s": ours.events_per_second,
            "deliveries_per_s": ours.deliveries_per_second,
            "baseline_events_per_s": floor.events_per_second if floor else None,
            "baseline_deliveries_per_s": floor.deliveries_per_second if floor else None,
            "lost": ours.lost,
            "duplicated": ours.duplicated,
            "reordered": ours.reordered,
            "unanswered": ours.unanswered,
            "errors": ours.errors,
            "connect_failures": len(ours.connect_failures),
            "closed_sockets": len(ours.closed_sockets),
            "baseline_closed_sockets": len(floor.closed_sockets) if floor else None,
            "baseline_lost": floor.lost if floor else None,
            "baseline_duplicated": floor.duplicated if floor else None,
            "baseline_reordered": floor.reordered if floor else None,
            "idle_cpu_percent": ours.idle_cpu_percent,
            "baseline_idle_cpu_percent": floor.idle_cpu_percent if floor else None,
            "servers": ours.servers,
            "baseline_servers": floor.servers if floor else None,
            "memory_per_connection_kib": ours.memory_per_connection_kib,
            "queries_per_command": ours.queries.get("per_command"),
            "all_queries_per_command": ours.queries.get("all_per_command"),
            "driver_cpu_percent": ours.driver_cpu_percent,
            "driver_saturated": any(v > 85 for v in ours.driver_cpu_percent),
            "schedule_lag_p99_ms": figure(ours, "schedule_lag_ms", "p99"),
        }
    )
    day: DayMeasurement | None = result.get("day")
    if day is not None:

        def day_figure(figures: dict[str, float], name: str) -> float | None:
            value = figures.get(name, math.nan)
            return None if math.isnan(value) else round(value, 2)

        summary["day"] = {
            "people": day.people,
            "tables": day.tables,
            "within_s": options.day_within,
            "open_ms": day.open_ms,
            "join_p50_ms": day_figure(day.join_ms, "p50"),
            "join_p99_ms": day_figure(day.join_ms, "p99"),
            "seat_connect_p99_ms": day_figure(day.connect_ms, "p99"),
            "start_fanout_p50_ms": day_figure(day.start_fanout_ms, "p50"),
            "start_fanout_p99_ms": day_figure(day.start_fanout_ms, "p99"),
            "live_fanout_p99_ms": day_figure(day.mood_fanout_ms, "p99"),
            "play_seconds": day.play_seconds,
            "play_rate_per_table": day.play_rate,
            "play_sent": day.play_sent,
            "play_acknowledged": day.play_acknowledged,
            "play_errors": day.play_errors,
            "play_latency_p50_ms": day_figure(day.play_latency_ms, "p50"),
            "play_latency_p99_ms": day_figure(day.play_latency_ms, "p99"),
            "play_expected": day.play_expected,
            "play_lost": day.play_lost,
            "baseline_lost": summary.get("baseline_lost"),
            "baseline_connect_p99_ms": summary["baseline_connect_p99_ms"],
            "baseline_fanout_p99_ms": summary["baseline_p99_ms"],
            "lost": day.lost,
            "join_failures": len(day.join_failures),
        }
    return summary


def _healthy(summary: dict[str, Any]) -> bool:
    return not any(
        summary[name]
        for name in (
            "lost",
            "duplicated",
            "reordered",
            "unanswered",
            "connect_failures",
            "closed_sockets",
        )
    ) and not (
        summary.get("day")
        and (
            summary["day"]["lost"]
            or summary["day"]["join_failures"]
            or summary["day"]["play_lost"]
            or summary["day"]["play_errors"]
            or summary["day"]["play_acknowledged"] < summary["day"]["play_sent"]
        )
    )


def _knee(arguments: argparse.Namespace) -> dict[str, Any]:
    """Double the rooms until p99 passes the limit (or something is lost), or halve them until
    it does not, then halve the gap between the last good and the first bad count down to a
    tenth of the good one (or one room)."""
    steps: list[dict[str, Any]] = []
    good: dict[str, Any] | None = None
    bad_rooms: int | None = None
    rooms = arguments.rooms
    while True:
        print(f"knee: {rooms} rooms (load average {' '.join(map(str, loadavg()))})", flush=True)
        options = _options(arguments, rooms, knee=True)
        summary = _summary(options, run(options))
        within = _healthy(summary) and (summary["p99_ms"] or math.inf) <= KNEE_P99_MS
        steps.append(
            {
                "rooms": rooms,
                "p50_ms": summary["p50_ms"],
                "p99_ms": summary["p99_ms"],
                "within": within,
                "driver_cpu_percent": summary["driver_cpu_percent"],
                "server_cpu_percent": [s["cpu_percent_under_load"] for s in summary["servers"]],
                "loadavg_before": summary["loadavg_before"],
            }
        )
        print(
            f"knee:   p50 {summary['p50_ms']} ms, p99 {summary['p99_ms']} ms -> "
            f"{'within' if within else 'over'}",
            flush=True,
        )
        if within:
            good = summary
        else:
            bad_rooms = rooms
        low = good["rooms"] if good else 0
        if bad_rooms is None:
            if rooms >= arguments.max_rooms:
                break
            rooms = min(rooms * 2, arguments.max_rooms)
        elif good is None:
            if rooms == 1:
                break
            rooms = max(1, rooms // 2)
        else:
            if bad_rooms - low <= max(1, low // 10):
                break
            rooms = (low + bad_rooms) // 2
    result = dict(good) if good else {"rooms": 0, "players": arguments.players}
    result.update(
        {
            "knee_rooms": good["rooms"] if good else 0,
            "knee_p99_limit_ms": KNEE_P99_MS,
            "knee_first_over": bad_rooms,
            "knee_steps": steps,
        }
    )
    return result


def main() -> None:
    arguments = _arguments()
    if arguments.knee:
        summary = _knee(arguments)
        print(json.dumps(summary), flush=True)
        sys.exit(0)
    options = _options(arguments, arguments.rooms)
    result = run(options)
    _report(options, result)
    summary = _summary(options, result)
    print(json.dumps(summary), flush=True)
    sys.exit(0 if _healthy(summary) else 1)


if __name__ == "__main__":
    main()
