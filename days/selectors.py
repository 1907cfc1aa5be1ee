"""Reads of a training day: the facilitator's overview, what one member may know (their own
table and game), and the tables side by side at the end."""

from dataclasses import asdict
from typing import Any

from django.utils import timezone

from days import comparison
from days.clock import TableTime, master_clock
from days.models import Day, DayMember, DayTable
from games.exports.tables import rendered_csv
from games.models import Event
from games.selectors import comparison_for
from games.services.participants import player_token

HAND_RAISED = "hand.raised"


def _scenario(table_or_version: Any) -> dict[str, Any]:
    version = table_or_version
    return {
        "slug": version.scenario.slug,
        "version": version.number,
        "title": version.title,
        "injects": [
            {"id": inject["id"], "title": inject["title"]}
            for inject in version.document.get("injects", [])
        ],
    }


def hands_raised(tables: list[DayTable]) -> dict[int, dict[str, Any]]:
    """For each table's game whose last hand event raised it: who and when (by game id)."""
    game_ids = [table.game_id for table in tables if table.game_id is not None]
    latest: dict[int, Event] = {}
    for event in Event.objects.filter(game_id__in=game_ids, type=HAND_RAISED).order_by("seq"):
        latest[event.game_id] = event
    return {
        game_id: {"name": event.payload["name"], "at": event.created_at.isoformat()}
        for game_id, event in latest.items()
        if event.payload["raised"]
    }


def day_overview(day: Day) -> dict[str, Any]:
    """Everything the facilitator's day page and the wall show, but the live play (which each
    table's game socket brings)."""
    tables = list(
        day.tables.select_related("scenario_version__scenario", "game").prefetch_related(
            "members", "game__shares__user"
        )
    )
    hands = hands_raised(tables)
    members = list(day.members.select_related("table"))
    now = timezone.now()
    times = []
    for table in tables:
        if table.game is not None:
            left = table.game.clock.time_left(now)  # as each seat's snapshot reads it
            times.append(
                TableTime(
                    seconds_left=None if left is None else left.total_seconds(),
                    paused=table.game.clock.is_paused,
                )
            )
    return {
        "code": day.code,
        "name": day.name,
        "opened": day.is_open,
        "total_rounds": day.total_rounds,
        "live_minutes": day.live_minutes,
        "debrief_minutes": day.debrief_minutes,
        "table_size": day.table_size,
        "created_at": day.created_at,
        "opened_at": day.opened_at,
        "clock": asdict(master_clock(now, day.opened_at, times)),
        "scenarios": [
            _scenario(s.scenario_version)
            for s in day.scenarios.select_related("scenario_version__scenario")
        ],
        "members": [
            {
                "id": member.pk,
                "name": member.display_name,
                "function": member.function,
                "table": member.table.number if member.table else None,
                "joined_at": member.joined_at,
            }
            for member in members
        ],
        "tables": [
            {
                "number": table.number,
                "name": table.name,
                "scenario": _scenario(table.scenario_version),
                "game": None
                if table.game is None
                else {
                    "code": table.game.code,
                    "phase": table.game.phase,
                    "round": table.game.round_number,
                    "total_rounds": table.game.total_rounds,
                },
                "members": [member.pk for member in table.members.all()],
                "hand": hands.get(table.game_id) if table.game_id else None,
                "shares": []
                if table.game is None
                else [
                    {"user": share.user_id, "username": share.user.username, "role": share.role}
                    for share in sorted(table.game.shares.all(), key=lambda s: s.user.username)
                ],
            }
            for table in tables
        ],
    }


def member_status(member: DayMember) -> dict[str, Any]:
    """What one person who joined the day may know: their own name, their table and, once the
    tables are open, their game's code and their own player token for it. Nobody else's."""
    table = member.table
    game = table.game if table is not None else None
    participant = member.participant
    playing = game is not None and participant is not None and participant.is_present
    return {
        "day": {"code": member.day.code, "name": member.day.name, "opened": member.day.is_open},
        "id": member.pk,
        "name": member.display_name,
        "function": member.function,
        "table": table.number if table is not None else None,
        "game_code": game.code if playing and game is not None else None,
        "player_token": player_token(participant) if playing and participant else None,
    }


def _rating(outcome: dict[str, Any]) -> float | None:
    rating = outcome.get("customer_rating")
    if not rating:
        return None
    total: int = rating["listened"] + rating["cared"] + rating["valued"]
    return total / 3


def day_comparison(day: Day) -> dict[str, Any]:
    """Every table's rounds side by side (time to calm, ratings), every table's agreed changes,
    and which table improved most. The facilitator's: it holds every table's ratings."""
    tables = list(day.tables.select_related("game__scenario_version__scenario"))
    rows = []
    figures: dict[int, list[comparison.RoundFigures]] = {}
    live_seconds: dict[int, float] = {}
    for table in tables:
        if table.game is None:
            continue
        compared = comparison_for(table.game, everything=True)
        rounds = []
        for outcome in compared["rounds"]:
            rating = outcome.get("customer_rating") or {}
            mean = _rating(outcome)
            rounds.append(
                {
                    "round": outcome["round"],
                    "time_to_calm_seconds": outcome["time_to_calm_seconds"],
                    "final_mood": outcome["final_mood"],
                    "listened": rating.get("listened"),
                    "cared": rating.get("cared"),
                    "valued": rating.get("valued"),
                    "rating": None if mean is None else round(mean, 2),
                    "would_stay": rating.get("would_stay"),
                    "give_cost": outcome["give_cost"],
                }
            )
        figures[table.number] = [
            comparison.RoundFigures(o["round"], _rating(o), o["time_to_calm_seconds"])
            for o in compared["rounds"]
        ]
        live_seconds[table.number] = float(table.game.live_seconds)
        rows.append(
            {
                "number": table.number,
                "name": table.name,
                "game_code": table.game.code,
                "scenario_title": compared["scenario_title"],
                "phase": compared["phase"],
                "calm_threshold": compared["calm_threshold"],
                "rounds": rounds,
                "improvement": comparison.improvement(figures[table.number]),
                "agreed_changes": [
                    {"round": change["round"], "text": change["text"]}
                    for change in compared["agreed_changes"]
                ],
            }
        )
    return {
        "code": day.code,
        "name": day.name,
        "total_rounds": day.total_rounds,
        "tables": rows,
        "most_improved": comparison.most_improved(figures, live_seconds),
    }


REPORT_COLUMNS = [
    "table",
    "game",
    "scenario",
    "round",
    "time_to_calm_seconds",
    "final_mood",
    "listened",
    "cared",
    "valued",
    "would_stay",
    "rating",
    "give_cost",
    "agreed_change",
]


def day_report_csv(day: Day) -> str:
    """The day report as CSV (the exports' rules: formula-like cells stay text): one row per
    table and round, with the changes the table agreed in that round."""
    rows = [
        {
            "table": table["number"],
            "game": table["game_code"],
            "scenario": table["scenario_title"],
            **figures,
            "agreed_change": " | ".join(
                c["text"] for c in table["agreed_changes"] if c["round"] == figures["round"]
            ),
        }
        for table in day_comparison(day)["tables"]
        for figures in table["rounds"]
    ]
    return rendered_csv(REPORT_COLUMNS, rows)
