"""The scripted customer in a real game: seated by the facilitator, played by the game clock."""

from datetime import timedelta

import pytest
from django.utils import timezone

from games.engine.errors import ErrorCode, GameError
from games.engine.roles import Role
from games.engine.scripted_customer import TypingPace
from games.engine.scripted_team import DEFENSIVE_LINES, good_team_lines
from games.models import CoachMode, Connection, ConversationMode, Event, Game, SeatAssignment
from games.services import scripted
from games.services.actors import Actor, actor_for_participant
from games.services.clock import game_tick
from games.services.coaching import change_force, change_propose
from games.services.conversation import message_post
from games.services.participants import participant_remove
from games.services.rounds import HOLD_CUSTOMER_AWAY, round_hold
from games.services.scripted import PACE, scripted_customer_seat
from scenarios.selectors import scenario_spec
from tests import factories

pytestmark = pytest.mark.django_db


def facilitator(game: Game) -> Actor:
    return Actor(role=Role.FACILITATOR, user=game.facilitator)


def seat_the_bot(game: Game, **options: str) -> Event:
    event = factories.act(game, scripted_customer_seat, by=facilitator(game), **options)
    game.refresh_from_db()
    return event


def seat_of(game: Game, role: Role, round_number: int | None = None) -> SeatAssignment:
    return SeatAssignment.objects.select_related("participant").get(
        game=game, round_number=round_number or game.round_number, role=role
    )


def a_responder(game: Game) -> Actor:
    seat = SeatAssignment.objects.filter(
        game=game, round_number=game.round_number, role=Role.RESPONDER
    ).first()
    assert seat is not None
    return actor_for_participant(game, seat.participant)


def room_texts(game: Game) -> list[tuple[str, str]]:
    return [
        (event.payload["author"], event.payload["text"])
        for event in Event.objects.filter(
            game=game, round_number=game.round_number, type="message.posted"
        )
    ]


def moods(game: Game) -> list[int]:
    return [
        event.payload["mood"]
        for event in Event.objects.filter(
            game=game, round_number=game.round_number, type="mood.changed"
        )
    ]


def tick(game: Game, after: timedelta = timedelta(0)) -> list[Event]:
    events = game_tick(game.pk, now=timezone.now() + after)
    game.refresh_from_db()
    return events


def live_game_with_the_bot(players: int = 3, **options: str) -> Game:
    game = factories.game(players=players, live_minutes=30)
    seat_the_bot(game, **options)
    factories.advance_to(game, "live", 1)
    return game


def test_the_scripted_customer_holds_the_customer_seat_every_round_and_players_share_the_rest():
    game = factories.game(players=3, total_rounds=3)

    joined = seat_the_bot(game)

    bot = game.participants.get(scripted=True)
    assert joined.payload == {
        "participant": {"id": bot.pk, "name": bot.display_name, "observer": False},
        "scripted": True,
        "difficulty": "typical",
    }
    assert game.scripted_customer
    for number in (1, 2, 3):
        assert seat_of(game, Role.CUSTOMER, number).participant == bot
    coaches = {seat_of(game, Role.COACH, number).participant_id for number in (1, 2, 3)}
    assert len(coaches) == 3, "the coach seat still rotates through every player"


def test_one_person_can_practise_against_it_when_the_facilitator_coaches():
    game = factories.game(players=1, coach_mode=CoachMode.FACILITATOR)
    seat_the_bot(game)

    factories.advance_to(game, "live", 1)

    assert seat_of(game, Role.RESPONDER).participant.display_name == "Ann"


@pytest.mark.parametrize(
    ("setup", "code", "message"),
    [
        ({"conversation_mode": ConversationMode.SPOKEN}, ErrorCode.BAD_COMMAND, "typed games"),
        ({"seat_twice": True}, ErrorCode.BAD_COMMAND, "already plays"),
    ],
)
def test_it_is_refused_where_it_cannot_play(setup, code, message):
    twice = setup.pop("seat_twice", False)
    game = factories.game(players=3, **setup)
    if twice:
        seat_the_bot(game)

    with pytest.raises(GameError) as refused:
        seat_the_bot(game)

    assert refused.value.code is code
    assert message in refused.value.message


def test_only_the_facilitator_may_seat_it():
    game = factories.game(players=3)
    factories.advance_to(game, "briefing", 1)

    with pytest.raises(GameError) as refused:
        factories.act(game, scripted_customer_seat, by=a_responder(game))

    assert refused.value.code is ErrorCode.NOT_ALLOWED
    assert not game.participants.filter(scripted=True).exists()


def test_it_opens_the_live_phase_with_the_scenarios_opening_statement():
    game = live_game_with_the_bot()

    tick(game)

    bot = seat_of(game, Role.CUSTOMER).participant
    opening = game.scenario_version.document["customer"]["opening_statement"]
    assert room_texts(game) == [(bot.display_name, opening)]


def test_it_answers_at_a_persons_pace_once_the_team_stops_typing_never_instantly():
    game = live_game_with_the_bot()
    tick(game)
    line = good_team_lines(scenario_spec(game.scenario_version_id))[0]
    posted = factories.act(game, message_post, by=a_responder(game), channel="room", text=line)

    still_reading = tick(game, after=PACE.reading([line]) / 2)
    typing = tick(game, after=PACE.reading([line]))
    typed_at = game.wake_at
    answered = tick(game, after=PACE.longest)

    assert still_reading == typing == []
    assert answered[0].type == "message.posted"
    assert typed_at == posted.created_at + PACE.delay([line], answered[0].payload["text"])
    assert PACE.delay([line], answered[0].payload["text"]) > PACE.reading([line])
    assert game.wake_at is not None, "the clock still wakes for the live deadline"


def test_its_pace_can_be_set_and_a_longer_reply_takes_longer(monkeypatch):
    slow = TypingPace(
        reading_characters_per_second=1000,
        thinking=timedelta(seconds=1),
        typing_characters_per_second=1,
        longest=timedelta(hours=1),
    )
    monkeypatch.setattr(scripted, "PACE", slow)
    game = live_game_with_the_bot()
    tick(game)
    line = DEFENSIVE_LINES[0]
    posted = factories.act(game, message_post, by=a_responder(game), channel="room", text=line)
    tick(game, after=timedelta(seconds=2))  # read and thought: now it types
    typed_at = game.wake_at
    assert typed_at is not None
    typing = typed_at - posted.created_at - timedelta(seconds=1)

    not_yet = game_tick(game.pk, now=typed_at - timedelta(seconds=1))
    answered = game_tick(game.pk, now=typed_at)

    assert not_yet == []
    reading, typing_the_reply = len(line) / 1000, len(answered[0].payload["text"]) / 1
    assert typing.total_seconds() == pytest.approx(reading + typing_the_reply, abs=0.01)


def test_a_good_team_calms_it_and_a_defensive_one_makes_it_angrier():
    calm = live_game_with_the_bot()
    angry = live_game_with_the_bot()
    for game, lines in (
        (calm, good_team_lines(scenario_spec(calm.scenario_version_id))),
        (angry, list(DEFENSIVE_LINES[:5])),
    ):
        tick(game)
        for line in lines:
            factories.act(game, message_post, by=a_responder(game), channel="room", text=line)
            tick(game, after=PACE.longest)

    start = calm.scenario_version.document["customer"]["starting_mood"]
    assert moods(calm)[-1] <= calm.scenario_version.document["outcome"]["calm_threshold"]
    assert moods(angry)[-1] > start
    assert all(author.endswith("(scripted)") for author, _ in room_texts(calm)[0::2])


def test_it_rates_the_round_once_when_the_debrief_begins():
    game = live_game_with_the_bot()
    tick(game)
    factories.advance_to(game, "debrief", 1)

    tick(game)
    tick(game)

    ratings = Event.objects.filter(game=game, type="customer.rated")
    assert ratings.count() == 1
    assert set(ratings.get().payload) >= {"listened", "cared", "valued", "final_mood"}


def test_it_takes_over_at_once_from_a_customer_who_dropped_out_and_the_round_goes_on():
    game = factories.game(players=3, live_minutes=30)
    factories.advance_to(game, "live", 1)
    human = seat_of(game, Role.CUSTOMER).participant
    factories.act(game, round_hold, reason=HOLD_CUSTOMER_AWAY, now=timezone.now())
    assert not Connection.objects.filter(participant=human).exists()

    seat_the_bot(game)

    assert seat_of(game, Role.CUSTOMER).participant.scripted
    assert SeatAssignment.objects.get(game=game, round_number=1, participant=human).role == (
        Role.OBSERVER
    )
    assert game.hold_reason == ""
    assert tick(game)[0].type == "message.posted"


def test_removing_it_gives_the_customer_seat_back_to_the_players():
    game = factories.game(players=3, total_rounds=2)
    seat_the_bot(game)
    bot = game.participants.get(scripted=True)

    factories.act(game, participant_remove, by=facilitator(game), participant_id=bot.pk)

    game.refresh_from_db()
    assert not game.scripted_customer
    assert not seat_of(game, Role.CUSTOMER, 1).participant.scripted


def test_a_furious_customer_is_seated_as_chosen_and_announced():
    game = factories.game(players=3)

    joined = seat_the_bot(game, difficulty="furious")

    assert game.scripted_difficulty == "furious"
    assert joined.payload["difficulty"] == "furious"


def test_an_unknown_difficulty_is_refused():
    game = factories.game(players=3)

    with pytest.raises(GameError) as refused:
        seat_the_bot(game, difficulty="grumpy")

    assert refused.value.code is ErrorCode.BAD_COMMAND
    assert "patient, typical or furious" in refused.value.message


def test_it_plays_an_escalation_card_when_the_team_makes_it_furious():
    game = live_game_with_the_bot()
    tick(game)

    factories.act(
        game,
        message_post,
        by=a_responder(game),
        channel="room",
        text="Calm down, these things happen, it's only half an order.",
    )
    tick(game, after=PACE.longest)

    played = Event.objects.get(game=game, type="escalation.played")
    assert played.payload["card"] == "review"
    assert played.actor is not None
    assert played.actor.scripted
    assert moods(game)[-1] == 10


def test_its_rating_gives_a_reason_for_each_score_and_agrees_with_how_it_ended():
    game = live_game_with_the_bot()
    tick(game)
    factories.act(game, message_post, by=a_responder(game), channel="room", text=DEFENSIVE_LINES[0])
    tick(game, after=PACE.longest)
    factories.advance_to(game, "debrief", 1)

    tick(game)

    rating = Event.objects.get(game=game, type="customer.rated").payload
    assert set(rating["reasons"]) == {"listened", "cared", "valued"}
    assert "defending" in rating["reasons"]["cared"]
    assert rating["would_stay"] == "no"
    assert max(rating[question] for question in ("listened", "cared", "valued")) <= 3


def test_it_calls_out_a_change_the_team_agreed_last_round_and_broke():
    game = factories.game(players=3, total_rounds=2, live_minutes=30)
    seat_the_bot(game)
    factories.advance_to(game, "agreement", 1)
    proposal = factories.act(
        game,
        change_propose,
        by=a_responder(game),
        text="No more blaming the warehouse in front of the customer.",
    )
    factories.act(game, change_force, by=facilitator(game), proposal=proposal.seq, reason="ok")
    factories.advance_to(game, "live", 2)
    tick(game)

    factories.act(
        game,
        message_post,
        by=a_responder(game),
        channel="room",
        text="Honestly, the warehouse messed up, not us.",
    )
    tick(game, after=PACE.longest)

    assert "No more blaming the warehouse" in room_texts(game)[-1][1]
