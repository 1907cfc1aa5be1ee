"""A two-round game played through the services, so its log holds one of nearly everything:
room and huddle messages, moods, tags (added, edited, removed), notes, a freeze, an escalation,
concessions, ratings, feedback, reflections, votes, agreed and forced changes, kept marks, a
removed player whose name a later joiner takes, and names typed into free text."""

from games.engine.phases import Phase
from games.engine.roles import Role
from games.models import Game
from games.services import coaching
from games.services.actors import Actor
from games.services.conversation import coach_note, message_post, mood_set
from games.services.participants import game_lock, participant_remove
from games.services.rounds import (
    clock_extend,
    clock_freeze,
    clock_pause,
    clock_resume,
    clock_unfreeze,
)
from tests import factories

# Names found nowhere in the factory scenario's text, so a test can look for them anywhere.
NAMES = ["Zelda", "Quincy", "Marisol", "Thaddeus"]
OBSERVER = "Obadiah"
RUBRIC = ["acknowledge", "present_resolution", "checkback"]


def one(game: Game, role: Role) -> Actor:
    return factories.seated_first(game, role)


def facilitator(game: Game) -> Actor:
    return Actor(role=Role.FACILITATOR, user=game.facilitator)


def _live_round(game: Game) -> None:
    customer, coach = one(game, Role.CUSTOMER), one(game, Role.COACH)
    first, second = factories.seated(game, Role.RESPONDER)
    names = {actor.name for actor in (first, second)}
    factories.act(
        game, message_post, by=customer, channel="room", text=f"{first.name}, where are my pallets?"
    )
    said = factories.act(
        game, message_post, by=first, channel="room", text='=HYPERLINK("x") I hear you.'
    )
    factories.act(
        game,
        message_post,
        by=second,
        channel="huddle",
        text=f"{first.name.lower()}, check the truck; {second.name} calls depot",
    )
    factories.act(game, mood_set, by=customer, mood=6)
    tag = factories.act(
        game,
        coaching.tag_add,
        by=coach,
        technique="acknowledge",
        message_seq=said.seq,
        note=f"{first.name} named the fair",
    )
    factories.act(game, coaching.tag_update, by=coach, tag=tag.seq, note="Named it twice.")
    dropped = factories.act(game, coaching.tag_add, by=coach, technique="dismiss")
    factories.act(game, coaching.tag_remove, by=coach, tag=dropped.seq)
    moment = second.participant.pk if second.participant else None
    factories.act(game, coaching.tag_add, by=coach, technique="checkback", participant=moment)
    factories.act(game, coach_note, by=coach, text=f"{second.name} waited too long.")
    factories.act(game, clock_freeze, by=coach)  # the reason says who called it
    factories.act(game, clock_unfreeze, by=coach)
    factories.act(game, clock_pause, by=facilitator(game))
    factories.act(game, clock_resume, by=facilitator(game))
    factories.act(game, clock_extend, by=facilitator(game), seconds=60)
    factories.act(game, coaching.escalation_play, by=customer, card="review", why="Too slow.")
    account = next(r for r in (first, second) if "account-manager" in r.functions)
    factories.act(game, coaching.concession_record, by=account, concession="night-courier")
    factories.act(game, mood_set, by=customer, mood=3)
    factories.act(
        game,
        coaching.round_rate,
        by=customer,
        listened=4,
        cared=3,
        valued=2,
        final_mood=3,
        would_stay="maybe",
        calmer=f"When {sorted(names)[0]} apologised.",
        angrier="-1 for the wait",
    )


def _debrief(game: Game, feedback: str) -> None:
    coach = one(game, Role.COACH)
    factories.act(
        game,
        coaching.rubric_rate,
        by=coach,
        ratings=dict.fromkeys(RUBRIC, "attempted") | {"checkback": "done_well"},
    )
    factories.act(game, coaching.feedback_give, by=coach, keep=feedback, change="+Say when.")
    responder = one(game, Role.RESPONDER)
    factories.act(game, coaching.reflection_add, by=responder, text=f"I am {responder.name}.")


def played_game(names: list[str] | None = None) -> Game:
    """Given four players and an observer, play two rounds to the end."""
    game = factories.game(total_rounds=2, name="Table <3>")
    for name in names or NAMES:
        factories.join(game, name)
    leaver, _ = factories.join(game, OBSERVER)
    factories.act(game, participant_remove, by=facilitator(game), participant_id=leaver.pk)
    factories.participant_join_observer(game, OBSERVER)  # the same name, someone else
    factories.act(game, game_lock, by=facilitator(game), locked=True)

    factories.advance_to(game, Phase.LIVE, 1)
    _live_round(game)
    factories.advance_to(game, Phase.DEBRIEF, 1)
    _debrief(game, "Keep owning it.")
    factories.advance_to(game, Phase.AGREEMENT, 1)
    proposal = factories.act(
        game, coaching.change_propose, by=one(game, Role.CUSTOMER), text="Name the fair first."
    )
    for responder in factories.seated(game, Role.RESPONDER):
        factories.act(game, coaching.change_vote, by=responder, proposal=proposal.seq, accept=True)

    factories.advance_to(game, Phase.LIVE, 2)
    _live_round(game)
    factories.advance_to(game, Phase.DEBRIEF, 2)
    change = coaching.agreed_changes(game)[0]["change"]
    factories.act(
        game, coaching.change_mark_kept, by=one(game, Role.COACH), change=change, kept=True
    )
    _debrief(game, "@SUM(A1) kept the promise.")
    factories.advance_to(game, Phase.AGREEMENT, 2)
    proposal = factories.act(
        game, coaching.change_propose, by=facilitator(game), text="Call back within the hour."
    )
    factories.act(
        game,
        coaching.change_force,
        by=facilitator(game),
        proposal=proposal.seq,
        reason="Out of time.",
    )
    factories.advance_to(game, Phase.FINISHED)
    return game
