"""`python -m bench.seed`: the benchmark's games, written straight into the database it is given.

Migrates, loads the scenario library, and creates ROOMS games of PLAYERS players each through
the product's own services (game_create, participant_join, phase_advance), each left in its
first live phase with an hour and a half on the clock. Prints what the driver needs as JSON:
per game its code, and per player the token, participant id and seat.
"""

import argparse
import json
import os
import sys
from typing import Any

import django

SCENARIO = "late-pallets"
LIVE_MINUTES = 90


def _member(username: str) -> Any:
    """A facilitator of the bench's own organisation (only members run games)."""
    from django.contrib.auth.models import User

    from organisations.models import Membership, Organisation
    from organisations.roles import OrgRole
    from organisations.services import organisation_create

    user, _ = User.objects.get_or_create(username=username)
    if not Membership.objects.filter(user=user).exists():
        organisation = Organisation.objects.filter(slug="bench").first()
        if organisation is None:
            organisation_create(name="Bench", slug="bench", owner=user)
        else:
            Membership.objects.create(
                organisation=organisation, user=user, role=OrgRole.FACILITATOR
            )
    return user


def seed(*, rooms: int, players: int) -> dict[str, Any]:
    from django.core.management import call_command

    from games.engine.roles import Role
    from games.models import SeatAssignment
    from games.services.actors import Actor
    from games.services.events import run_command
    from games.services.participants import GameSettings, game_create, participant_join
    from games.services.rounds import phase_advance
    from scenarios.models import ScenarioVersion

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_scenarios", stdout=open(os.devnull, "w"))  # noqa: SIM115
    facilitator = _member("bench-facilitator")
    version = ScenarioVersion.objects.filter(scenario__slug=SCENARIO).order_by("-number").first()
    assert version is not None, f"the library has no {SCENARIO}"
    coach = version.document["coach"]
    techniques = [item["technique"] for item in coach["rubric"] + coach["anti_patterns"]]
    by = Actor(role=Role.FACILITATOR, user=facilitator)
    games = []
    for number in range(rooms):
        game = game_create(
            facilitator=facilitator,
            scenario_version=version,
            settings=GameSettings(
                total_rounds=1,
                live_minutes=LIVE_MINUTES,
                name=f"Bench {number + 1}",
                max_players=max(players, 3),
            ),
        )
        tokens = {}
        for seat in range(players):
            participant, token = participant_join(code=game.code, display_name=f"P{seat + 1}")
            tokens[participant.pk] = token
        for _ in ("briefing", "live"):
            run_command(game.pk, None, lambda locked: phase_advance(locked.game, by=by))
        seats = SeatAssignment.objects.filter(game=game, round_number=1)
        games.append(
            {
                "code": game.code,
                "players": [
                    {
                        "participant": s.participant_id,
                        "token": tokens[s.participant_id],
                        "role": s.role,
                    }
                    for s in seats
                ],
            }
        )
    return {"techniques": techniques, "games": games}


def seed_day(*, table_size: int) -> dict[str, Any]:
    """For the training-day run: a facilitator with an API token and an empty day on the
    library's scenario (people join it over HTTP during the run)."""
    from django.core.management import call_command

    from days.services import DaySettings, day_create
    from organisations.tokens import api_token_create
    from scenarios.models import ScenarioVersion

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_scenarios", stdout=open(os.devnull, "w"))  # noqa: SIM115
    facilitator = _member("bench-day-facilitator")
    version = ScenarioVersion.objects.filter(scenario__slug=SCENARIO).order_by("-number").first()
    assert version is not None, f"the library has no {SCENARIO}"
    day = day_create(
        facilitator=facilitator,
        scenario_versions=[version],
        settings=DaySettings(
            name="Bench day", total_rounds=1, live_minutes=LIVE_MINUTES, table_size=table_size
        ),
    )
    made = api_token_create(user=facilitator, name="bench day", expires_in_days=1)
    return {"code": day.code, "api_token": made.key, "table_size": str(table_size)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rooms", type=int)
    parser.add_argument("--players", type=int)
    parser.add_argument("--day", action="store_true", help="seed a training day instead")
    parser.add_argument("--table-size", type=int, default=6)
    args = parser.parse_args()
    if args.day:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bearcave.settings")
        django.setup()
        json.dump(seed_day(table_size=args.table_size), sys.stdout)
        return
    if args.rooms is None or args.players is None:
        parser.error("--rooms and --players are required (or --day)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bearcave.settings")
    django.setup()
    json.dump(seed(rooms=args.rooms, players=args.players), sys.stdout)


if __name__ == "__main__":
    main()
