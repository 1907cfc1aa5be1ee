"""Coaching, debrief and the agreed change: the learning loop of a round."""

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from games.engine.errors import ErrorCode, GameError
from games.engine.phases import Phase
from games.engine.roles import Role
from games.models import Event, Game
from games.selectors import Viewer, events_since
from games.services import coaching
from games.services.actors import Actor
from games.services.conversation import message_post, mood_set
from games.services.outcomes import round_outcome_for
from games.services.rounds import clock_freeze, clock_unfreeze, phase_advance
from tests import factories

pytestmark = pytest.mark.django_db

RUBRIC = ["acknowledge", "present_resolution", "checkback"]


def one(game: Game, role: Role) -> Actor:
    return factories.seated_first(game, role)


def facilitator(game: Game) -> Actor:
    return Actor(role=Role.FACILITATOR, user=game.facilitator)


def seen_by(game: Game, actor: Actor, type: str) -> list[dict[str, Any]]:
    return [
        e for e in events_since(game, Viewer(participant=actor.participant), 0) if e["type"] == type
    ]


def refused(expected: ErrorCode, game: Game, service: Any, **kwargs: Any) -> None:
    before = game.last_seq
    with pytest.raises(GameError) as caught:
        factories.act(game, service, **kwargs)
    assert caught.value.code is expected
    assert Event.objects.filter(game=game).count() == before


@pytest.fixture
def live() -> Game:
    game = factories.game(players=4, total_rounds=2)
    factories.advance_to(game, Phase.LIVE, 1)
    return game


def test_the_coach_tags_a_message_edits_it_and_removes_another(live):
    coach = one(live, Role.COACH)
    said = factories.act(
        live,
        message_post,
        by=one(live, Role.RESPONDER),
        channel="room",
        text="These things happen.",
    )
    kept = factories.act(
        live,
        coaching.tag_add,
        by=coach,
        technique="dismiss",
        message_seq=said.seq,
        note="Minimised the fair.",
    )
    dropped = factories.act(
        live, coaching.tag_add, by=coach, technique="acknowledge", message_seq=said.seq
    )

    factories.act(live, coaching.tag_update, by=coach, tag=kept.seq, note="Minimised it twice.")
    factories.act(live, coaching.tag_remove, by=coach, tag=dropped.seq)

    outcome = round_outcome_for(live, 1)
    assert outcome.anti_pattern_tags == {"dismiss": 1}
    assert outcome.good_move_tags == {}


def test_a_tag_on_a_message_carries_the_moment_it_was_said_not_when_it_was_tagged(live):
    said = factories.act(
        live, message_post, by=one(live, Role.RESPONDER), channel="room", text="That is on us."
    )
    with time_machine.travel(timezone.now() + timedelta(seconds=90)):
        tag = factories.act(
            live,
            coaching.tag_add,
            by=one(live, Role.COACH),
            technique="acknowledge",
            message_seq=said.seq,
        )

    assert tag.payload["live_seconds"] == said.payload["live_seconds"] < 90


def test_in_a_spoken_round_the_coach_tags_a_moment_and_who_made_it():
    game = factories.game(players=4, conversation_mode="spoken")
    factories.advance_to(game, Phase.LIVE, 1)
    responder = one(game, Role.RESPONDER).participant
    assert responder is not None

    tag = factories.act(
        game,
        coaching.tag_add,
        by=one(game, Role.COACH),
        technique="checkback",
        participant=responder.pk,
    )

    assert tag.payload["message"] is None
    assert tag.payload["participant"] == responder.pk
    assert tag.payload["live_seconds"] is not None


def test_tags_are_the_coachs_during_live_and_everyones_at_debrief(live):
    factories.act(live, coaching.tag_add, by=one(live, Role.COACH), technique="acknowledge")
    responder = one(live, Role.RESPONDER)
    assert seen_by(live, responder, "tag.added") == []

    factories.advance_to(live, Phase.DEBRIEF, 1)

    (revealed,) = seen_by(live, responder, "debrief.revealed")
    assert [tag["technique"] for tag in revealed["payload"]["tags"]] == ["acknowledge"]


def test_a_tag_must_use_the_scenarios_rubric_or_anti_patterns(live):
    refused(
        ErrorCode.BAD_COMMAND, live, coaching.tag_add, by=one(live, Role.COACH), technique="charm"
    )


def test_the_customer_s_own_words_and_moments_cannot_be_tagged(live):
    customer = one(live, Role.CUSTOMER)
    assert customer.participant is not None
    said = factories.act(
        live, message_post, by=customer, channel="room", text="Thank you, that helps."
    )
    coach = one(live, Role.COACH)

    refused(
        ErrorCode.BAD_COMMAND,
        live,
        coaching.tag_add,
        by=coach,
        technique="acknowledge",
        message_seq=said.seq,
    )
    refused(
        ErrorCode.BAD_COMMAND,
        live,
        coaching.tag_add,
        by=coach,
        technique="acknowledge",
        participant=customer.participant.pk,
    )


def test_the_coach_freezes_the_round_and_everyone_sees_why(live):
    coach = one(live, Role.COACH)

    factories.act(live, clock_freeze, by=coach, reason="Listen to what she just said.")

    (frozen,) = seen_by(live, one(live, Role.CUSTOMER), "round.frozen")
    assert frozen["payload"]["paused"] is True
    assert frozen["payload"]["reason"] == "Listen to what she just said."
    factories.act(live, clock_unfreeze, by=coach)
    assert live.clock.is_paused is False


def test_a_freeze_stops_the_room_until_the_round_goes_on_but_not_the_huddle(live):
    responder = one(live, Role.RESPONDER)
    factories.act(live, clock_freeze, by=one(live, Role.COACH), reason="Hear her out.")

    with pytest.raises(GameError) as refused:
        factories.act(live, message_post, by=responder, channel="room", text="But...")
    factories.act(live, message_post, by=responder, channel="huddle", text="She is right.")
    factories.act(live, clock_unfreeze, by=one(live, Role.COACH))
    factories.act(live, message_post, by=responder, channel="room", text="You are right.")

    assert refused.value.code is ErrorCode.ROUND_PAUSED
    texts = list(
        Event.objects.filter(game=live, type="message.posted").values_list(
            "payload__text", flat=True
        )
    )
    assert texts == ["She is right.", "You are right."]


def test_the_customer_plays_each_escalation_card_once_and_the_coach_sees_why(live):
    customer = one(live, Role.CUSTOMER)

    factories.act(
        live,
        coaching.escalation_play,
        by=customer,
        card="review",
        why="They told me it was normal.",
    )

    (played,) = seen_by(live, one(live, Role.RESPONDER), "escalation.played")
    assert played["payload"]["text"] == "Everyone at the fair will hear about this."
    assert seen_by(live, one(live, Role.RESPONDER), "escalation.reason") == []
    (reason,) = seen_by(live, one(live, Role.COACH), "escalation.reason")
    assert reason["payload"]["why"] == "They told me it was normal."
    refused(ErrorCode.BAD_COMMAND, live, coaching.escalation_play, by=customer, card="review")


def test_the_customers_ratings_stay_hidden_from_the_team_until_the_debrief(live):
    factories.act(
        live,
        coaching.round_rate,
        by=one(live, Role.CUSTOMER),
        listened=2,
        cared=3,
        valued=1,
        final_mood=6,
        would_stay="no",
        angrier="Being told it's normal.",
    )
    responder = one(live, Role.RESPONDER)
    assert seen_by(live, responder, "customer.rated") == []

    factories.advance_to(live, Phase.DEBRIEF, 1)

    (revealed,) = seen_by(live, responder, "debrief.revealed")
    assert revealed["payload"]["customer_rating"]["would_stay"] == "no"
    assert revealed["payload"]["customer_rating"]["valued"] == 1


def test_ratings_out_of_range_are_refused(live):
    refused(
        ErrorCode.BAD_COMMAND,
        live,
        coaching.round_rate,
        by=one(live, Role.CUSTOMER),
        listened=0,
        cared=3,
        valued=6,
        final_mood=4,
        would_stay="yes",
    )
    refused(
        ErrorCode.BAD_COMMAND,
        live,
        coaching.round_rate,
        by=one(live, Role.CUSTOMER),
        listened=3,
        cared=3,
        valued=3,
        final_mood=4,
        would_stay="perhaps",
    )


def test_concessions_add_up_to_the_give_cost_and_breaches_are_flagged(live):
    account, logistics = sorted(
        factories.seated(live, Role.RESPONDER), key=lambda actor: actor.functions[0]
    )
    assert account.functions == ("account-manager",)

    factories.act(live, coaching.concession_record, by=account, concession="waive-delivery-fee")
    factories.act(live, coaching.concession_record, by=account, concession="night-courier")
    factories.act(live, coaching.concession_record, by=account, concession="free-order")
    factories.act(
        live, coaching.concession_record, by=logistics, concession="night-courier", approved=True
    )

    outcome = round_outcome_for(live, 1)
    assert outcome.give_cost == 150 + 900 + 12000 + 900
    assert [(c["concession"], c["flags"]) for c in outcome.flagged_concessions] == [
        ("night-courier", ["no_approval"]),
        ("free-order", ["never"]),
        ("night-courier", ["not_theirs"]),
    ]


def test_the_coach_rates_every_rubric_technique_and_feedback_has_two_required_parts(live):
    factories.advance_to(live, Phase.DEBRIEF, 1)
    coach = one(live, Role.COACH)

    refused(
        ErrorCode.BAD_COMMAND,
        live,
        coaching.rubric_rate,
        by=coach,
        ratings={"acknowledge": "done_well"},
    )
    refused(
        ErrorCode.BAD_COMMAND,
        live,
        coaching.feedback_give,
        by=coach,
        keep="You owned it.",
        change="  ",
    )
    factories.act(
        live,
        coaching.rubric_rate,
        by=coach,
        ratings=dict.fromkeys(RUBRIC, "attempted") | {"checkback": "not_seen"},
    )
    factories.act(
        live, coaching.feedback_give, by=coach, keep="You owned it.", change="Give her a time."
    )

    outcome = round_outcome_for(live, 1)
    assert outcome.rubric_ratings == {
        "acknowledge": "attempted",
        "present_resolution": "attempted",
        "checkback": "not_seen",
    }
    assert outcome.feedback == {"keep": "You owned it.", "change": "Give her a time."}


COACH_ONLY = [
    (coaching.tag_add, {"technique": "acknowledge"}, Phase.LIVE),
    (coaching.rubric_rate, {"ratings": dict.fromkeys(RUBRIC, "done_well")}, Phase.DEBRIEF),
    (coaching.feedback_give, {"keep": "a", "change": "b"}, Phase.DEBRIEF),
]
CUSTOMER_ONLY = [
    (mood_set, {"mood": 3}, Phase.LIVE),
    (
        coaching.round_rate,
        {"listened": 3, "cared": 3, "valued": 3, "final_mood": 3, "would_stay": "yes"},
        Phase.LIVE,
    ),
]


@pytest.mark.parametrize(("service", "kwargs", "phase"), COACH_ONLY)
@pytest.mark.parametrize("role", [Role.CUSTOMER, Role.RESPONDER])
def test_only_the_coach_tags_rates_techniques_and_writes_feedback(service, kwargs, phase, role):
    game = factories.game(players=4)
    factories.advance_to(game, phase, 1)

    refused(ErrorCode.NOT_ALLOWED, game, service, by=one(game, role), **kwargs)


@pytest.mark.parametrize(("service", "kwargs", "phase"), CUSTOMER_ONLY)
@pytest.mark.parametrize("role", [Role.COACH, Role.RESPONDER, Role.FACILITATOR])
def test_only_the_customer_sets_the_mood_and_rates_the_round(service, kwargs, phase, role):
    game = factories.game(players=4)
    factories.advance_to(game, phase, 1)
    actor = facilitator(game) if role is Role.FACILITATOR else one(game, role)

    refused(ErrorCode.NOT_ALLOWED, game, service, by=actor, **kwargs)


def agree_on(game: Game, text: str) -> Event:
    proposal = factories.act(game, coaching.change_propose, by=one(game, Role.CUSTOMER), text=text)
    for responder in factories.seated(game, Role.RESPONDER):
        factories.act(game, coaching.change_vote, by=responder, proposal=proposal.seq, accept=True)
    return proposal


def test_a_change_is_agreed_only_when_every_responder_accepts(live):
    factories.advance_to(live, Phase.AGREEMENT, 1)
    first, second = factories.seated(live, Role.RESPONDER)
    proposal = factories.act(
        live,
        coaching.change_propose,
        by=one(live, Role.COACH),
        text="Next time we name the fair in the first minute.",
    )

    factories.act(live, coaching.change_vote, by=first, proposal=proposal.seq, accept=True)
    factories.act(live, coaching.change_vote, by=second, proposal=proposal.seq, accept=False)
    assert not Event.objects.filter(game=live, type="change.agreed").exists()
    factories.act(live, coaching.change_vote, by=second, proposal=proposal.seq, accept=True)

    (agreed,) = Event.objects.filter(game=live, type="change.agreed")
    assert agreed.payload["text"] == "Next time we name the fair in the first minute."
    assert agreed.payload["forced"] is False


def test_a_responder_who_proposes_a_change_has_accepted_it(live):
    factories.advance_to(live, Phase.AGREEMENT, 1)
    first, second = factories.seated(live, Role.RESPONDER)
    proposal = factories.act(
        live, coaching.change_propose, by=first, text="We give her a delivery date, not a hope."
    )

    (vote,) = Event.objects.filter(game=live, type="change.voted")
    assert vote.payload == {"proposal": proposal.seq, "accept": True, "voter": first.name}
    assert not Event.objects.filter(game=live, type="change.agreed").exists()
    factories.act(live, coaching.change_vote, by=second, proposal=proposal.seq, accept=True)
    assert Event.objects.filter(game=live, type="change.agreed").exists()


def test_the_proposer_may_take_their_acceptance_back(live):
    factories.advance_to(live, Phase.AGREEMENT, 1)
    first, second = factories.seated(live, Role.RESPONDER)
    proposal = factories.act(
        live, coaching.change_propose, by=first, text="We stop quoting the terms."
    )

    factories.act(live, coaching.change_vote, by=first, proposal=proposal.seq, accept=False)
    factories.act(live, coaching.change_vote, by=second, proposal=proposal.seq, accept=True)
    assert not Event.objects.filter(game=live, type="change.agreed").exists()


def test_the_coach_cannot_force_a_change_but_the_facilitator_can_with_a_reason(live):
    factories.advance_to(live, Phase.AGREEMENT, 1)
    proposal = factories.act(
        live,
        coaching.change_propose,
        by=one(live, Role.COACH),
        text="Next time we call her back within the hour.",
    )

    refused(
        ErrorCode.NOT_ALLOWED,
        live,
        coaching.change_force,
        by=one(live, Role.COACH),
        proposal=proposal.seq,
        reason="I am sure.",
    )
    refused(
        ErrorCode.NOT_ALLOWED,
        live,
        coaching.change_vote,
        by=one(live, Role.COACH),
        proposal=proposal.seq,
        accept=True,
    )
    factories.act(
        live,
        coaching.change_force,
        by=facilitator(live),
        proposal=proposal.seq,
        reason="Out of time; the team agreed aloud.",
    )

    (agreed,) = Event.objects.filter(game=live, type="change.agreed")
    assert agreed.payload["forced"] is True
    assert agreed.payload["reason"] == "Out of time; the team agreed aloud."


def test_agreement_ends_only_with_an_agreed_change_or_a_facilitators_reason(live):
    factories.advance_to(live, Phase.AGREEMENT, 1)

    refused(ErrorCode.WRONG_PHASE, live, phase_advance, by=facilitator(live))
    factories.act(
        live, phase_advance, by=facilitator(live), override_reason="The team ran out of time."
    )

    assert (live.phase, live.round_number) == (Phase.BRIEFING, 2)
    changed = Event.objects.filter(game=live, type="phase.changed").order_by("seq").last()
    assert changed is not None
    assert changed.payload["reason"] == "override: The team ran out of time."


def test_round_two_opens_with_round_ones_change_and_the_coach_marks_it_kept(live):
    factories.advance_to(live, Phase.AGREEMENT, 1)
    agree_on(live, "Next time we name the fair in the first minute.")
    factories.advance_to(live, Phase.BRIEFING, 2)

    opened = Event.objects.filter(game=live, type="round.opened", round_number=2).get()
    assert [c["text"] for c in opened.payload["agreed_changes"]] == [
        "Next time we name the fair in the first minute."
    ]
    factories.advance_to(live, Phase.DEBRIEF, 2)
    change = opened.payload["agreed_changes"][0]["change"]
    factories.act(
        live, coaching.change_mark_kept, by=one(live, Role.COACH), change=change, kept=True
    )

    assert coaching.agreed_changes(live)[0]["kept"] == [{"round": 2, "kept": True}]


def test_the_outcome_shows_the_mood_curve_and_time_to_calm(live):
    customer = one(live, Role.CUSTOMER)
    for mood in (6, 3, 5):
        factories.act(live, mood_set, by=customer, mood=mood)

    outcome = round_outcome_for(live, 1)

    assert [point.mood for point in outcome.mood_curve] == [8, 6, 3, 5]
    assert outcome.final_mood == 5
    assert outcome.time_to_calm_seconds is not None
    assert outcome.time_to_calm_seconds >= 0


def test_the_mood_curve_runs_to_the_last_thing_said_not_its_last_change(live):
    factories.act(live, mood_set, by=one(live, Role.CUSTOMER), mood=6)
    with time_machine.travel(timezone.now() + timedelta(seconds=150)):
        factories.act(
            live, message_post, by=one(live, Role.RESPONDER), channel="room", text="Anything else?"
        )

    curve = round_outcome_for(live, 1).mood_curve

    assert [point.mood for point in curve] == [8, 6, 6]
    assert curve[-1].live_seconds >= 150


def test_a_customer_who_never_calms_down_has_no_time_to_calm(live):
    factories.act(live, mood_set, by=one(live, Role.CUSTOMER), mood=9)

    assert round_outcome_for(live, 1).time_to_calm_seconds is None


def test_the_outcome_is_written_to_the_log_when_the_round_ends(live):
    factories.advance_to(live, Phase.AGREEMENT, 1)
    agree_on(live, "Next time we give a time.")

    factories.act(live, phase_advance, by=facilitator(live))

    summary = Event.objects.get(game=live, type="round.summarized")
    assert summary.payload["round"] == 1
    assert [c["text"] for c in summary.payload["agreed_changes"]] == ["Next time we give a time."]
