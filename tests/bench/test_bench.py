"""The load benchmark: its pieces, and one tiny run end to end against real servers."""

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.driver import MOOD, ROOM_MESSAGE, Action, Room, RoomPlan, Seat, room_schedule
from bench.run import percentiles
from games.bots.load import bench_text, parse_bench_text

ROOT = Path(__file__).resolve().parent.parent.parent


def test_a_measured_message_names_its_sender_number_and_send_time():
    assert parse_bench_text(bench_text(17, 4, 123456789)) == (17, 4, 123456789)
    assert parse_bench_text("I hear you.") is None
    assert parse_bench_text("bench of the park") is None


def test_a_rooms_schedule_is_the_same_for_every_server_and_near_the_rate():
    room = RoomPlan(index=3, code="ABCDEF", seats=[Seat(1, "t", "customer", "ws://x")])

    first = room_schedule(room, duration=100, rate=3, techniques=["own_it"], seed=1)
    again = room_schedule(room, duration=100, rate=3, techniques=["own_it"], seed=1)

    assert first == again
    assert 240 < len(first) < 360
    assert all(a.at < b.at for a, b in itertools.pairwise(first))


async def test_a_room_plays_on_without_a_socket_whose_connect_failed_and_counts_what_it_skipped():
    seats = [Seat(1, "t1", "customer", "ws://x"), Seat(2, "t2", "coach", "ws://x")]
    room = Room(RoomPlan(index=0, code="ABCDEF", seats=seats), check_seq=True)
    sent: dict[str, int] = {}

    for kind in (ROOM_MESSAGE, MOOD):
        await room.act(Action(at=0, kind=kind, actor=0, mood=5, technique="x"), ["x"], sent)

    assert sent == {"failed_unconnected": 2}


def test_percentiles_are_nearest_rank_in_milliseconds():
    figures = percentiles([n * 1_000_000 for n in range(1, 101)])

    assert (figures["p50"], figures["p99"], figures["max"]) == (50.0, 99.0, 100.0)


@pytest.mark.daphne
def test_a_tiny_run_delivers_everything_once_in_order_and_reports_every_figure():
    command = [sys.executable, "-m", "bench", "--rooms", "2", "--players", "4"]
    answer = subprocess.run(
        [*command, "--duration", "3", "--idle", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert answer.returncode == 0, answer.stdout + answer.stderr
    report = json.loads(answer.stdout.strip().splitlines()[-1])
    assert (report["rooms"], report["players"], report["connections"]) == (2, 4, 8)
    assert (report["lost"], report["duplicated"], report["reordered"]) == (0, 0, 0)
    assert (report["unanswered"], report["errors"], report["connect_failures"]) == (0, {}, 0)
    assert report["baseline_lost"] == report["baseline_duplicated"] == 0
    assert report["fanout_samples"] > 0
    assert 0 < report["p50_ms"] <= report["p99_ms"] <= report["max_ms"]
    assert 0 < report["baseline_p50_ms"] <= report["baseline_p99_ms"]
    assert report["ratio_p99"] > 0
    assert report["events_per_s"] > 0
    assert report["deliveries_per_s"] > 0
    assert 1 <= report["queries_per_command"] < 30
    assert [server["process"] for server in report["servers"]] == ["daphne-1"]


@pytest.mark.daphne
def test_a_tiny_training_day_joins_everyone_through_one_code_starts_and_plays_every_table():
    command = [sys.executable, "-m", "bench", "--rooms", "1", "--players", "3", "--no-baseline"]
    day = ["--day", "8", "--day-within", "1", "--day-table-size", "4", "--day-play", "3"]
    day += ["--day-play-rate", "2"]
    answer = subprocess.run(
        [*command, "--duration", "1", "--idle", "0", *day],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    assert answer.returncode == 0, answer.stdout + answer.stderr
    report = json.loads(answer.stdout.strip().splitlines()[-1])["day"]
    assert (report["people"], report["tables"]) == (8, 2)
    assert (report["lost"], report["join_failures"]) == (0, 0)
    assert 0 < report["join_p50_ms"] <= report["join_p99_ms"]
    assert 0 < report["start_fanout_p50_ms"] <= report["start_fanout_p99_ms"]
    assert report["live_fanout_p99_ms"] > 0
    # Live play: 2 messages a second at each of 2 tables for 3 s, each to the 3 others there.
    assert report["play_sent"] == report["play_acknowledged"] == 12
    assert report["play_expected"] == 12 * 3
    assert (report["play_lost"], report["play_errors"]) == (0, {})
    assert 0 < report["play_latency_p50_ms"] <= report["play_latency_p99_ms"]
