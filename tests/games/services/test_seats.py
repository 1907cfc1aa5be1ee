"""Seats: the plan covers every round, changes only the future, and the facilitator adjusts it."""

import pytest

from games.engine.errors import ErrorCode, GameError
from games.engine.phases import Phase
from games.engine.roles import Role
from games.models import Event, Game, SeatAssignment
from games.selectors import Viewer, events_since
from games.services.actors import Actor
from games.services.conversation import coach_note, mood_set
from games.services.participants import participant_remove
from games.services.presence import customer_seat_give
from games.services.seats import seats_swap
from tests import factories
from tests.factories import BASE_SCENARIO

pytestmark = pytest.mark.django_db


def facilitator(game: Game) -> Actor:
    return Actor(role=Role.FACILITATOR, user=game.facilitator)


def plan(game: Game) -> dict[int, dict[int, str]]:
    rounds: dict[int, dict[int, str]] = {}
    for seat in SeatAssignment.objects.filter(game=game):
        rounds.setdefault(seat.round_number, {})[seat.participant_id] = seat.role
    return rounds


def seat_of(game: Game, role: Role, round_number: int | None = None) -> int:
    """The participant holding `role` in the round (the first by id, for responders)."""
    seat = (
        SeatAssignment.objects.filter(
            game=game, round_number=round_number or game.round_number, role=role
        )
        .order_by("participant_id")
        .first()
    )
    assert seat is not None
    return seat.participant_id


def test_the_plan_covers_every_round_as_soon_as_enough_players_are_in():
    game = factories.game(players=3, total_rounds=3)

    assert sorted(plan(game)) == [1, 2, 3]
    assert all(
        sorted(seats.values()) == ["coach", "customer", "responder"]
        for seats in plan(game).values()
    )


def test_a_late_joiner_changes_only_the_rounds_that_have_not_started():
    game = factories.game(players=3, total_rounds=3)
    factories.advance_to(game, Phase.LIVE, 1)
    round_one = plan(game)[1]

    newcomer, _ = factories.join(game, "Zoe")

    after = plan(game)
    assert after[1] == round_one
    assert newcomer.pk in after[2]
    assert newcomer.pk in after[3]


def test_a_leaver_disappears_from_the_future_but_stays_in_the_rounds_played():
    game = factories.game(players=4, total_rounds=3)
    factories.advance_to(game, Phase.BRIEFING, 1)
    leaver = seat_of(game, Role.RESPONDER)

    factories.act(game, participant_remove, by=facilitator(game), participant_id=leaver)

    after = plan(game)
    assert leaver in after[1]
    assert leaver not in after[2]
    assert leaver not in after[3]


def test_the_facilitator_swaps_two_seats_of_a_round_that_has_not_started():
    game = factories.game(players=3, total_rounds=2)
    customer, coach = seat_of(game, Role.CUSTOMER, 2), seat_of(game, Role.COACH, 2)

    factories.act(
        game, seats_swap, by=facilitator(game), round_number=2, first=customer, second=coach
    )

    assert plan(game)[2][customer] == "coach"
    assert plan(game)[2][coach] == "customer"


def test_a_round_under_way_cannot_be_swapped():
    game = factories.game(players=3, total_rounds=2)
    factories.advance_to(game, Phase.BRIEFING, 1)

    with pytest.raises(GameError) as refused:
        factories.act(
            game,
            seats_swap,
            by=facilitator(game),
            round_number=1,
            first=seat_of(game, Role.CUSTOMER),
            second=seat_of(game, Role.COACH),
        )

    assert refused.value.code is ErrorCode.WRONG_PHASE


def test_the_facilitator_gives_the_customer_seat_to_someone_else_mid_round():
    game = factories.game(players=4)
    factories.advance_to(game, Phase.LIVE, 1)
    old, new = seat_of(game, Role.CUSTOMER), seat_of(game, Role.RESPONDER)

    factories.act(game, customer_seat_give, by=facilitator(game), participant_id=new)

    assert seat_of(game, Role.CUSTOMER) == new
    assert plan(game)[1][old] == "responder"


def test_a_hidden_temper_is_shown_to_the_customer_and_coach_but_not_the_team():
    game = factories.game(
        players=3, scenario={"customer": {**BASE_SCENARIO["customer"], "temper_visible": False}}
    )
    factories.advance_to(game, Phase.LIVE, 1)
    customer = game.participants.get(pk=seat_of(game, Role.CUSTOMER))
    factories.act(game, mood_set, by=Actor(role=Role.CUSTOMER, participant=customer), mood=4)

    def moods(role: Role) -> list[int]:
        viewer = Viewer(participant=game.participants.get(pk=seat_of(game, role)))
        return [
            e["payload"]["mood"]
            for e in events_since(game, viewer, 0)
            if e["type"] == "mood.changed"
        ]

    assert moods(Role.CUSTOMER) == [8, 4]
    assert moods(Role.COACH) == [8, 4]
    assert moods(Role.RESPONDER) == []


def test_coach_notes_are_private_during_live_and_revealed_to_everyone_at_debrief():
    game = factories.game(players=3)
    factories.advance_to(game, Phase.LIVE, 1)
    coach = game.participants.get(pk=seat_of(game, Role.COACH))
    factories.act(
        game,
        coach_note,
        by=Actor(role=Role.COACH, participant=coach),
        text="Nobody asked about the fair.",
    )
    customer = Viewer(participant=game.participants.get(pk=seat_of(game, Role.CUSTOMER)))
    assert not [e for e in events_since(game, customer, 0) if e["type"].startswith("coach.")]

    factories.advance_to(game, Phase.DEBRIEF, 1)

    (revealed,) = [
        e
        for e in events_since(game, customer, 0)
        if e["type"] in ("coach.note", "debrief.revealed")
    ]
    assert revealed["type"] == "debrief.revealed"
    assert [note["text"] for note in revealed["payload"]["notes"]] == [
        "Nobody asked about the fair."
    ]
    assert Event.objects.filter(game=game, type="coach.note").count() == 1
