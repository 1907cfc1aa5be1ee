"""A scripted round recorded for the folding test: every seat's snapshot before each command, the
events the command brought it, and its fresh snapshot after.

The browser folds events into its snapshot (frontend/src/state/game.ts, `fold`); the vitest run
of frontend/src/state/folding.test.ts replays this record through the real store and checks, for
every seat and every command, that the snapshot before with the events folded in equals the
fresh one. The clock is held still and the ids start at 1, so the record is the same on every
run and is committed; tests/games/test_snapshot_folding.py rewrites it with UPDATE_FOLDING=1 and
fails when it is stale.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from games import protocol
from games.engine.roles import Role
from games.models import Game, Participant, SeatAssignment
from games.selectors import Viewer, events_since, snapshot_for
from games.services import coaching
from games.services.actors import Actor, actor_for_participant
from games.services.conversation import coach_note, inject_fire, message_post, mood_set
from games.services.participants import (
    game_lock,
    participant_join,
    participant_remove,
    replays_open,
)
from games.services.rounds import (
    clock_extend,
    clock_freeze,
    clock_pause,
    clock_resume,
    clock_unfreeze,
    phase_advance,
)
from games.services.seats import seats_swap
from tests import factories

FIXTURE = Path(settings.BASE_DIR) / "frontend" / "src" / "state" / "folding.fixtures.json"
PLAYERS = ("Ann", "Ben", "Cat", "Dev")


@dataclass
class Recording:
    game: Game
    viewers: dict[str, Participant | None]
    snapshots: dict[str, dict[str, Any]] = field(default_factory=dict)
    steps: list[dict[str, Any]] = field(default_factory=list)

    def snapshot(self, name: str, *, whole: bool = False) -> dict[str, Any]:
        self.game.refresh_from_db()
        viewer = Viewer(participant=self.viewers[name])
        frame = protocol.Snapshot(**snapshot_for(self.game, viewer)).model_dump(mode="json")
        # The brief is not folded: a new seat means the browser asks for a fresh snapshot.
        frame.pop("brief")
        # The round's events are the log's own (the same as the events frames carried): their
        # seqs say which the snapshot holds, and keep the record small.
        if not whole:
            frame["events"] = [event["seq"] for event in frame["events"]]
        return frame

    def start(self) -> None:
        self.snapshots = {name: self.snapshot(name) for name in self.viewers}

    def step(self, what: str, command: Callable[[], object]) -> None:
        before = {name: snapshot["seq"] for name, snapshot in self.snapshots.items()}
        command()
        self.game.refresh_from_db()
        seats: dict[str, Any] = {}
        for name, participant in self.viewers.items():
            viewer = Viewer(participant=participant)
            events = protocol.Events(
                seq=self.game.last_seq, events=events_since(self.game, viewer, before[name])
            ).model_dump(mode="json")
            after = self.snapshot(name)
            seats[name] = {"events": events, "after": after}
            self.snapshots[name] = after
        self.steps.append({"command": what, "seats": seats})

    def record(self) -> dict[str, Any]:
        return {"start": self._first, "steps": self.steps}

    _first: dict[str, Any] = field(default_factory=dict)


def _actor(game: Game, round_number: int, role: Role, index: int = 0) -> Actor:
    seats = SeatAssignment.objects.filter(game=game, round_number=round_number, role=role)
    participant = sorted(seats, key=lambda seat: seat.participant_id)[index].participant
    return actor_for_participant(game, participant)


def recorded_round() -> dict[str, Any]:
    """Two rounds of a four-player game with an observer, command by command, every seat."""
    game = factories.game(total_rounds=3)
    people: dict[str, Participant | None] = {"facilitator": None}
    for name in PLAYERS:
        people[name] = participant_join(code=game.code, display_name=name)[0]
    people["Obi"] = participant_join(code=game.code, display_name="Obi", observer=True)[0]
    run = Recording(game=game, viewers=people)
    run.start()
    run._first = {name: run.snapshot(name, whole=True) for name in run.viewers}
    facilitator = Actor(role=Role.FACILITATOR, user=game.facilitator)

    def act(service: Any, **kwargs: Any) -> Callable[[], object]:
        return lambda: factories.act(game, service, **kwargs)

    def by(role: Role, index: int = 0, round_number: int = 1) -> Actor:
        return _actor(game, round_number, role, index)

    run.step("lock_game", act(game_lock, by=facilitator, locked=True))
    run.step("advance_phase: briefing", act(phase_advance, by=facilitator))
    run.step(
        "post_message: huddle",
        lambda: factories.act(
            game, message_post, by=by(Role.RESPONDER), channel="huddle", text="Let her finish."
        ),
    )
    run.step("advance_phase: live", act(phase_advance, by=facilitator))
    run.step(
        "post_message: room",
        lambda: factories.act(
            game, message_post, by=by(Role.CUSTOMER), channel="room", text="Half is missing!"
        ),
    )
    run.step("set_mood", lambda: factories.act(game, mood_set, by=by(Role.CUSTOMER), mood=5))
    run.step("coach_note", lambda: factories.act(game, coach_note, by=by(Role.COACH), text="Good."))
    tag: list[int] = []
    run.step(
        "add_tag",
        lambda: tag.append(
            factories.act(game, coaching.tag_add, by=by(Role.COACH), technique="acknowledge").seq
        ),
    )
    run.step(
        "update_tag",
        lambda: factories.act(game, coaching.tag_update, by=by(Role.COACH), tag=tag[0], note="Yes"),
    )
    run.step(
        "fire_inject: team",
        lambda: factories.act(game, inject_fire, by=by(Role.COACH), inject_id="truck-update"),
    )
    run.step(
        "fire_inject: customer",
        lambda: factories.act(game, inject_fire, by=by(Role.COACH), inject_id="client-calls"),
    )
    run.step(
        "play_escalation",
        lambda: factories.act(
            game, coaching.escalation_play, by=by(Role.CUSTOMER), card="review", why="Ignored."
        ),
    )
    run.step(
        "record_concession",
        lambda: factories.act(
            game, coaching.concession_record, by=by(Role.RESPONDER), concession="priority-unload"
        ),
    )
    run.step("freeze", lambda: factories.act(game, clock_freeze, by=by(Role.COACH), reason="Hm."))
    run.step("unfreeze", lambda: factories.act(game, clock_unfreeze, by=by(Role.COACH)))
    run.step("pause_clock", act(clock_pause, by=facilitator))
    run.step("resume_clock", act(clock_resume, by=facilitator))
    run.step("extend_clock", act(clock_extend, by=facilitator, seconds=60))
    run.step(
        "remove_tag",
        lambda: factories.act(game, coaching.tag_remove, by=by(Role.COACH), tag=tag[0]),
    )
    run.step("advance_phase: debrief", act(phase_advance, by=facilitator))
    run.step(
        "rate_round",
        lambda: factories.act(
            game,
            coaching.round_rate,
            by=by(Role.CUSTOMER),
            listened=3,
            cared=3,
            valued=2,
            final_mood=5,
            would_stay="maybe",
        ),
    )
    run.step(
        "give_feedback",
        lambda: factories.act(
            game, coaching.feedback_give, by=by(Role.COACH), keep="Calm.", change="Say when."
        ),
    )
    run.step(
        "reflect",
        lambda: factories.act(game, coaching.reflection_add, by=by(Role.RESPONDER), text="Late."),
    )
    proposal: list[int] = []
    run.step(
        "propose_change",
        lambda: proposal.append(
            factories.act(
                game, coaching.change_propose, by=by(Role.RESPONDER), text="Say when."
            ).seq
        ),
    )
    run.step("advance_phase: agreement", act(phase_advance, by=facilitator))
    for index in range(2):
        voter = by(Role.RESPONDER, index)
        run.step(
            f"vote {index + 1}",
            act(coaching.change_vote, by=voter, proposal=proposal[0], accept=True),
        )
    run.step("open_replays", act(replays_open, by=facilitator, open=True))
    run.step("advance_phase: round 2 briefing", act(phase_advance, by=facilitator))
    third = SeatAssignment.objects.filter(game=game, round_number=3).exclude(role=Role.OBSERVER)
    first, second = (seat.participant_id for seat in third[:2])
    run.step(
        "swap_seats: round 3",
        act(seats_swap, by=facilitator, round_number=3, first=first, second=second),
    )
    observer = people["Obi"]
    assert observer is not None
    run.step(
        "remove_participant", act(participant_remove, by=facilitator, participant_id=observer.pk)
    )
    del run.viewers["Obi"], run.snapshots["Obi"]
    run.step("advance_phase: round 2 live", act(phase_advance, by=facilitator))
    return run.record()


def normalised(record: dict[str, Any], code: str) -> str:
    """The record as committed: the game's random code replaced, keys in a stable order."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace(code, "CODE") + "\n"
