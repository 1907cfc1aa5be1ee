"""What a given viewer may see: the snapshot on connect and the events since a sequence number.

Both derive from the event log filtered by the engine's audience rules, so a replay of the log
shows each seat exactly what it saw live.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Case, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from games.engine.briefs import brief_for
from games.engine.phases import Phase
from games.engine.roles import Audience, Role, can_read
from games.models import Event, Game, GameShare, Participant, SeatAssignment
from games.services.coaching import agreed_changes
from games.services.outcomes import round_outcome_for
from games.services.presence import connected_participant_ids
from games.services.seats import seat_plan
from organisations.roles import GameAccess, OrgRole
from organisations.selectors import membership_of
from scenarios.techniques import SHARED_TECHNIQUES

# Past this many missed events a reconnecting client gets a fresh snapshot instead.
MAX_CATCH_UP_EVENTS = 500


def games_of(user: User) -> QuerySet[Game]:
    """The games a member facilitates or that are shared with them, in their organisation,
    each annotated with `access` (what they are to it, as games/services/sharing.py decides)."""
    membership = membership_of(user)
    if membership is None:
        return Game.objects.none()
    shares = GameShare.objects.filter(user=user)
    share_role = Subquery(shares.filter(game=OuterRef("pk")).values("role")[:1])
    if membership.role == OrgRole.OBSERVER:
        access: Any = Value(GameAccess.OBSERVER.value)
    else:
        access = Case(
            When(facilitator=user, then=Value(GameAccess.FACILITATOR.value)), default=share_role
        )
    return (
        Game.objects.filter(organisation_id=membership.organisation_id)
        .filter(Q(facilitator=user) | Q(pk__in=shares.values("game_id")))
        .annotate(access=access)
    )


@dataclass(frozen=True)
class Viewer:
    """A participant, or the game's facilitator (participant None)."""

    participant: Participant | None

    @property
    def participant_id(self) -> int | None:
        return self.participant.pk if self.participant else None


def roles_by_round(game: Game, viewer: Viewer) -> dict[int, Role]:
    if viewer.participant is None:
        return {}
    return {
        number: Role(role)
        for number, role in SeatAssignment.objects.filter(
            game=game, participant=viewer.participant
        ).values_list("round_number", "role")
    }


def role_for(viewer: Viewer, roles: dict[int, Role], round_number: int) -> Role:
    if viewer.participant is None:
        return Role.FACILITATOR
    return roles.get(round_number, Role.OBSERVER)


def may_read(viewer: Viewer, roles: dict[int, Role], message: dict[str, Any]) -> bool:
    return can_read(
        Audience(message["audience"]),
        role=role_for(viewer, roles, message["round"]),
        viewer_id=viewer.participant_id,
        addressee_id=message["addressee"],
    )


def events_since(
    game: Game,
    viewer: Viewer,
    after_seq: int,
    up_to_seq: int | None = None,
    *,
    round_number: int | None = None,
) -> list[dict[str, Any]]:
    events = Event.objects.filter(game=game, seq__gt=after_seq).order_by("seq")
    if up_to_seq is not None:
        events = events.filter(seq__lte=up_to_seq)
    if round_number is not None:
        events = events.filter(round_number=round_number)
    roles = roles_by_round(game, viewer)
    messages = (event.as_message() for event in events)
    return [message for message in messages if may_read(viewer, roles, message)]


def logged_seq(game_id: int) -> int:
    """The seq of the game's latest event: one indexed read."""
    return logged_seqs([game_id]).get(game_id, 0)


def logged_seqs(game_ids: list[int]) -> dict[int, int]:
    """The seq of each game's latest event, in one read (a game that is gone is left out)."""
    return dict(Game.objects.filter(pk__in=game_ids).values_list("pk", "last_seq"))


def missed_event_count(game: Game, after_seq: int) -> int:
    return max(game.last_seq - after_seq, 0)


def game_with_code(code: str) -> Game | None:
    return Game.objects.filter(code=code).first()


def snapshot_needed(game: Game, last_seq: int) -> bool:
    """Too much was missed to send event by event, or the client holds more than the log
    (a database restored from a backup): then what it holds is not this log's."""
    game.refresh_from_db(fields=["last_seq"])
    if last_seq > game.last_seq:
        return True
    return missed_event_count(game, last_seq) > MAX_CATCH_UP_EVENTS


def fresh_snapshot(game: Game, viewer: Viewer) -> dict[str, Any]:
    """The snapshot from the database as it stands, not from the objects a socket holds."""
    game.refresh_from_db()
    if viewer.participant is not None:
        viewer = Viewer(participant=Participant.objects.get(pk=viewer.participant.pk))
    return snapshot_for(game, viewer)


def latest_mood(game: Game, viewer: Viewer, roles: dict[int, Role]) -> int | None:
    for event in Event.objects.filter(
        game=game, round_number=game.round_number, type="mood.changed"
    ).order_by("-seq"):
        if may_read(viewer, roles, event.as_message()):
            return int(event.payload["mood"])
    return None


def technique_labels(document: dict[str, Any]) -> dict[str, str]:
    """The label of every technique the scenario's coach may tag: its own or the shared one."""
    own = {technique["id"]: technique["label"] for technique in document.get("techniques", [])}
    coach = document["coach"]
    ids = [entry["technique"] for entry in (*coach["rubric"], *coach["anti_patterns"])]
    return {
        technique: own.get(technique)
        or (SHARED_TECHNIQUES[technique].label if technique in SHARED_TECHNIQUES else technique)
        for technique in ids
    }


def function_titles(game: Game) -> dict[str, str]:
    """Each function in play by its display name in the game's scenario."""
    return {
        seat["function"]: seat["title"]
        for seat in game.scenario_version.document["responders"]
        if seat["function"] in game.functions
    }


def snapshot_for(game: Game, viewer: Viewer) -> dict[str, Any]:
    roles = roles_by_round(game, viewer)
    role = role_for(viewer, roles, game.round_number)
    functions: tuple[str, ...] = ()
    if viewer.participant is not None:
        seat = SeatAssignment.objects.filter(
            game=game, round_number=game.round_number, participant=viewer.participant
        ).first()
        functions = tuple(seat.functions) if seat else ()
    now = timezone.now()
    left = game.clock.time_left(now)
    connected = connected_participant_ids(game)
    version = game.scenario_version
    return {
        "seq": game.last_seq,
        "game": {
            "code": game.code,
            "name": game.name,
            "phase": game.phase,
            "round": game.round_number,
            "total_rounds": game.total_rounds,
            "conversation_mode": game.conversation_mode,
            "coach_mode": game.coach_mode,
            "locked": game.locked,
            "replays_open": game.replays_open,
            "functions": game.functions,
            "function_titles": function_titles(game),
            "calm_threshold": version.document["outcome"]["calm_threshold"],
            "live_seconds": game.live_seconds,
            "technique_labels": technique_labels(version.document),
            "currency": version.document.get("currency", "EUR"),
            "clock": {
                "deadline": game.clock.deadline.isoformat() if game.clock.deadline else None,
                "paused": game.clock.is_paused,
                "seconds_left": round(left.total_seconds(), 1) if left is not None else None,
                "hold_reason": game.hold_reason,
            },
            "scenario": {
                "id": version.scenario.slug,
                "version": version.number,
                "title": version.title,
                "summary": version.summary,
            },
        },
        "me": {
            "participant": viewer.participant_id,
            "name": viewer.participant.display_name if viewer.participant else "Facilitator",
            "role": role,
            "functions": list(functions),
        },
        "brief": brief_for(version.document, role, functions, game.functions),
        "participants": [
            {
                "id": p.pk,
                "name": p.display_name,
                "observer": p.observer,
                "connected": p.pk in connected,
                "scripted": p.scripted,
            }
            for p in game.participants.filter(removed_at__isnull=True)
        ],
        "plan": seat_plan(game),
        "mood": latest_mood(game, viewer, roles),
        "agreed_changes": agreed_changes(game),
        # Bounded by the seq the snapshot claims, so a later event comes once, by broadcast.
        "events": events_since(game, viewer, 0, game.last_seq, round_number=game.round_number),
    }


def outcome_is_public(game: Game, round_number: int) -> bool:
    """From its debrief on, a round's outcome (ratings included) is everyone's."""
    if round_number < game.round_number or game.phase == Phase.FINISHED:
        return True
    return round_number == game.round_number and game.phase in (Phase.DEBRIEF, Phase.AGREEMENT)


def comparison_for(game: Game, *, everything: bool) -> dict[str, Any]:
    """Every round side by side with the agreed changes: all played rounds for the facilitator
    (`everything`), the rounds whose outcome is public for a player."""
    rounds = [
        round_outcome_for(game, number).as_json()
        for number in range(1, game.round_number + 1)
        if everything or outcome_is_public(game, number)
    ]
    return {
        "code": game.code,
        "name": game.name,
        "scenario_title": game.scenario_version.title,
        "phase": game.phase,
        "total_rounds": game.total_rounds,
        "calm_threshold": game.scenario_version.document["outcome"]["calm_threshold"],
        "currency": game.scenario_version.document.get("currency", "EUR"),
        "rounds": rounds,
        "agreed_changes": agreed_changes(game),
    }


REVIEW_ANNOTATED = "review.annotated"


def replay_events(game: Game, round_number: int, perspective: Role) -> list[dict[str, Any]]:
    """A round as one seat (`perspective`: customer, responder or coach) saw it live.

    The round's events are filtered by the audience each had when it was written, for that role
    and, for the customer and the coach, the participant who held the seat (events addressed to
    them); so the result is exactly what that seat's socket received. The coach's view adds the
    review annotations made on this round afterwards (`review.annotated`, whose payload names the
    round; they are logged in whatever round the game was in, and never replayed there).
    """
    viewer_id = None
    if perspective is not Role.RESPONDER:
        viewer_id = (
            SeatAssignment.objects.filter(game=game, round_number=round_number, role=perspective)
            .values_list("participant_id", flat=True)
            .first()
        )
    events = Event.objects.filter(game=game, round_number=round_number).order_by("seq")
    seen = [
        message
        for message in (e.as_message() for e in events.exclude(type=REVIEW_ANNOTATED))
        if can_read(
            Audience(message["audience"]),
            role=perspective,
            viewer_id=viewer_id,
            addressee_id=message["addressee"],
        )
    ]
    if perspective is Role.COACH:
        reviews = Event.objects.filter(
            game=game, type=REVIEW_ANNOTATED, payload__round=round_number
        )
        seen += [event.as_message() for event in reviews.order_by("seq")]
    return seen
