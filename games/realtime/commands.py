"""Translate a socket command into the one service call that carries it out."""

from collections.abc import Callable

from django.contrib.auth.models import User

from games.engine.errors import ErrorCode, GameError
from games.models import Event, Game, Participant
from games.realtime import protocol as p
from games.services import coaching
from games.services.actors import Actor, actor_for_user, actor_from_lock
from games.services.conversation import coach_note, inject_fire, message_post, mood_set
from games.services.events import Command, run_command
from games.services.participants import game_lock, participant_remove, replays_open
from games.services.presence import customer_seat_give
from games.services.review import replay_annotate
from games.services.rounds import (
    clock_extend,
    clock_freeze,
    clock_pause,
    clock_resume,
    clock_unfreeze,
    phase_advance,
)
from games.services.scripted import scripted_customer_seat
from games.services.seats import seats_swap
from games.services.suggestions import suggestion_dismiss


def _service_call(message: p.Command, by: Actor, command: Command) -> Callable[[Game], Event]:
    match message:
        case p.PostMessage(channel=channel, text=text):
            return lambda g: message_post(g, by=by, channel=channel, text=text, command=command)
        case p.SetMood(mood=mood):
            return lambda g: mood_set(g, by=by, mood=mood, command=command)
        case p.CoachNote(text=text):
            return lambda g: coach_note(g, by=by, text=text, command=command)
        case p.FireInject(inject=inject):
            return lambda g: inject_fire(g, by=by, inject_id=inject, command=command)[0]
        case p.AdvancePhase(expected_phase=expected, override_reason=override):
            return lambda g: phase_advance(
                g, by=by, expected_phase=expected, override_reason=override, command=command
            )
        case p.PauseClock():
            return lambda g: clock_pause(g, by=by, command=command)
        case p.ResumeClock():
            return lambda g: clock_resume(g, by=by, command=command)
        case p.ExtendClock(seconds=seconds):
            return lambda g: clock_extend(g, by=by, seconds=seconds, command=command)
        case p.SwapSeats(round=number, first=first, second=second):
            return lambda g: seats_swap(
                g, by=by, round_number=number, first=first, second=second, command=command
            )
        case p.GiveCustomerSeat(participant=participant):
            return lambda g: customer_seat_give(
                g, by=by, participant_id=participant, command=command
            )
        case p.LockGame(locked=locked):
            return lambda g: game_lock(g, by=by, locked=locked, command=command)
        case p.OpenReplays(open=open):
            return lambda g: replays_open(g, by=by, open=open, command=command)
        case p.RemoveParticipant(participant=participant):
            return lambda g: participant_remove(
                g, by=by, participant_id=participant, command=command
            )
        case p.SeatScriptedCustomer(difficulty=difficulty):
            return lambda g: scripted_customer_seat(
                g, by=by, difficulty=difficulty, command=command
            )
        case p.AnnotateReplay(round=number, at_seconds=at, text=text, perspective=perspective):
            return lambda g: replay_annotate(
                g,
                by=by,
                round_number=number,
                at_seconds=at,
                text=text,
                perspective=perspective,
                command=command,
            )
    return _coaching_call(message, by, command)


def _coaching_call(message: p.Command, by: Actor, command: Command) -> Callable[[Game], Event]:
    match message:
        case p.AddTag(
            technique=technique,
            note=note,
            message=seq,
            participant=participant,
            suggested=suggested,
        ):
            return lambda g: coaching.tag_add(
                g,
                by=by,
                technique=technique,
                note=note,
                message_seq=seq,
                participant=participant,
                suggested=suggested,
                command=command,
            )
        case p.DismissSuggestion(message=seq, technique=technique):
            return lambda g: suggestion_dismiss(
                g, by=by, message_seq=seq, technique=technique, command=command
            )
        case p.UpdateTag(tag=tag, technique=new_technique, note=new_note):
            return lambda g: coaching.tag_update(
                g, by=by, tag=tag, technique=new_technique, note=new_note, command=command
            )
        case p.RemoveTag(tag=tag):
            return lambda g: coaching.tag_remove(g, by=by, tag=tag, command=command)
        case p.Freeze(reason=reason):
            return lambda g: clock_freeze(g, by=by, reason=reason, command=command)
        case p.Unfreeze():
            return lambda g: clock_unfreeze(g, by=by, command=command)
        case p.PlayEscalation(card=card, why=why):
            return lambda g: coaching.escalation_play(g, by=by, card=card, why=why, command=command)
        case p.RateRound():
            rating = message.model_dump(exclude={"type", "client_msg_id"})
            return lambda g: coaching.round_rate(g, by=by, command=command, **rating)
        case p.RecordConcession(concession=concession, approved=approved):
            return lambda g: coaching.concession_record(
                g, by=by, concession=concession, approved=approved, command=command
            )
        case p.RateRubric(ratings=ratings):
            plain = {technique: str(level) for technique, level in ratings.items()}
            return lambda g: coaching.rubric_rate(g, by=by, ratings=plain, command=command)
        case p.GiveFeedback(keep=keep, change=change):
            return lambda g: coaching.feedback_give(
                g, by=by, keep=keep, change=change, command=command
            )
        case p.Reflect(text=text):
            return lambda g: coaching.reflection_add(g, by=by, text=text, command=command)
        case p.ProposeChange(text=text):
            return lambda g: coaching.change_propose(g, by=by, text=text, command=command)
        case p.Vote(proposal=proposal, accept=accept):
            return lambda g: coaching.change_vote(
                g, by=by, proposal=proposal, accept=accept, command=command
            )
        case p.ForceChange(proposal=proposal, reason=reason):
            return lambda g: coaching.change_force(
                g, by=by, proposal=proposal, reason=reason, command=command
            )
        case p.MarkKept(change=agreed, kept=kept):
            return lambda g: coaching.change_mark_kept(
                g, by=by, change=agreed, kept=kept, command=command
            )
    raise TypeError(f"no service for {type(message).__name__}")  # pragma: no cover


def command_run(
    *, game_id: int, message: p.Command, participant: Participant | None, user: User | None
) -> Event:
    """Run a command for a participant or the facilitator; returns the event to acknowledge."""

    def apply(game: Game) -> Event:
        # The actor's seat is read with the game's lock, so it is the seat of this very moment.
        if participant is not None:
            by = actor_from_lock(game)
        elif user is not None:
            by = actor_for_user(game, user)
        else:
            raise GameError(ErrorCode.NOT_AUTHENTICATED, "Say hello with a player token first.")
        return _service_call(message, by, command)(game)

    key = f"p{participant.pk}" if participant is not None else f"u{user.pk if user else 0}"
    command = Command(actor_key=key, client_msg_id=message.client_msg_id)
    sender_id = participant.pk if participant is not None else None
    return run_command(game_id, command, apply, sender_id)
