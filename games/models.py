"""Game models: games, participants, seats, the append-only event log, and live connections.

The event log is the source of truth: every change is an Event with a per-game sequence number,
written in the same transaction as the change. The other tables hold the current state the
services need to validate the next command quickly; what a client is shown comes from the log.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from games.engine.clock import PhaseClock
from games.engine.phases import Phase, Position
from games.engine.roles import Audience, Role
from games.engine.scripted_customer import ScriptedDifficulty
from organisations.models import Organisation
from organisations.roles import ShareRole
from scenarios.models import ScenarioVersion


class ConversationMode(models.TextChoices):
    TYPED = "typed", "Typed: the room chat is the conversation"
    SPOKEN = "spoken", "Spoken: face to face or on a call; the chat is optional"


class CoachMode(models.TextChoices):
    ROTATING = "rotating", "A player coaches; the seat rotates"
    FACILITATOR = "facilitator", "The facilitator coaches every round"


class Game(models.Model):
    code = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=120, blank=True, help_text="The team or table name.")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="games"
    )
    # The facilitator's organisation when the game was created: only its members may be given
    # the game to run or watch (GameShare), and nobody outside it reads anything of it.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="games")
    scenario_version = models.ForeignKey(ScenarioVersion, on_delete=models.PROTECT)
    conversation_mode = models.CharField(
        max_length=8, choices=ConversationMode.choices, default=ConversationMode.TYPED
    )
    coach_mode = models.CharField(
        max_length=12, choices=CoachMode.choices, default=CoachMode.ROTATING
    )
    total_rounds = models.PositiveSmallIntegerField()
    # 0: the briefing waits for the facilitator to start live.
    briefing_seconds = models.PositiveIntegerField(default=0)
    live_seconds = models.PositiveIntegerField()
    debrief_seconds = models.PositiveIntegerField()
    functions = models.JSONField(help_text="The responder functions in play, from the scenario.")
    max_players = models.PositiveSmallIntegerField(default=40)
    phase = models.CharField(max_length=10, choices=[(p, p) for p in Phase], default=Phase.LOBBY)
    round_number = models.PositiveSmallIntegerField(default=0)
    phase_deadline = models.DateTimeField(null=True, blank=True)
    paused_remaining = models.DurationField(null=True, blank=True)
    # Everything the current phase was given, extensions included: elapsed = allotted - left.
    phase_allotted = models.DurationField(null=True, blank=True)
    # When the clock next has something to do (a deadline, a timed inject); None when it waits.
    wake_at = models.DateTimeField(null=True, blank=True, db_index=True)
    hold_reason = models.CharField(max_length=200, blank=True)
    locked = models.BooleanField(default=False, help_text="Closed to new players.")
    replays_open = models.BooleanField(
        default=False,
        help_text="Players may replay finished rounds, each from the seat they held in it.",
    )
    # Mirrors "a present participant is scripted", so the clock asks the log only when it must.
    scripted_customer = models.BooleanField(
        default=False, help_text="The scripted customer plays the customer seat."
    )
    scripted_difficulty = models.CharField(
        max_length=8,
        choices=[(difficulty.value, difficulty.value) for difficulty in ScriptedDifficulty],
        default=ScriptedDifficulty.TYPICAL.value,
        help_text="How fast the scripted customer calms and angers: patient, typical, furious.",
    )
    last_seq = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.code} ({self.name or self.scenario_version.title})"

    @property
    def position(self) -> Position:
        return Position(Phase(self.phase), self.round_number)

    @property
    def clock(self) -> PhaseClock:
        return PhaseClock(deadline=self.phase_deadline, remaining=self.paused_remaining)

    @clock.setter
    def clock(self, clock: PhaseClock) -> None:
        self.phase_deadline = clock.deadline
        self.paused_remaining = clock.remaining

    def phase_duration(self, phase: Phase) -> timedelta | None:
        seconds = {
            Phase.BRIEFING: self.briefing_seconds,
            Phase.LIVE: self.live_seconds,
            Phase.DEBRIEF: self.debrief_seconds,
        }.get(phase)
        return timedelta(seconds=seconds) if seconds else None


class GameShare(models.Model):
    """A game given by its facilitator to another member of its organisation: to run it beside
    them (co-facilitator) or to watch and replay it (observer)."""

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="shares")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="game_shares"
    )
    role = models.CharField(max_length=16, choices=[(r.value, r.value) for r in ShareRole])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["game", "user"], name="one_share_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.game_id} shared with {self.user_id} as {self.role}"


class Participant(models.Model):
    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="participants")
    display_name = models.CharField(max_length=40)
    name_key = models.CharField(max_length=40, help_text="The name case-folded, for uniqueness.")
    token_nonce = models.CharField(max_length=32)
    observer = models.BooleanField(default=False, help_text="Watches only; takes no seat.")
    scripted = models.BooleanField(
        default=False, help_text="The scripted customer: played by the server, not a person."
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    # What a ban binds to (docs/api.md, "Removing with a ban"): the name, and the browser the
    # person joined from (a hash of its random `bearcave_browser` cookie; blank for scripts).
    banned = models.BooleanField(default=False, help_text="Removed with a ban.")
    browser_key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["game", "name_key"],
                condition=Q(removed_at__isnull=True),
                name="unique_present_name_per_game",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_present(self) -> bool:
        return self.removed_at is None


class SeatAssignment(models.Model):
    """One participant's seat in one round: the rotation plan, fixed once the round starts."""

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="seats")
    round_number = models.PositiveSmallIntegerField()
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="seats")
    role = models.CharField(max_length=12, choices=[(r, r) for r in Role])
    functions = models.JSONField(default=list)

    class Meta:
        ordering = ["round_number", "participant_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["game", "round_number", "participant"], name="one_seat_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"round {self.round_number}: {self.participant_id} as {self.role}"


class Event(models.Model):
    """One thing that happened, in order. Never updated, never deleted."""

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveBigIntegerField()
    round_number = models.PositiveSmallIntegerField()
    type = models.CharField(max_length=40)
    audience = models.CharField(max_length=12, choices=[(a, a) for a in Audience])
    addressee = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    # Who sent the command and its id, so a retried command is applied once.
    actor_key = models.CharField(max_length=32, blank=True)
    client_msg_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["game_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["game", "seq"], name="one_event_per_seq"),
            models.UniqueConstraint(
                fields=["game", "actor_key", "client_msg_id"],
                condition=~Q(client_msg_id=""),
                name="one_event_per_command",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.game_id}#{self.seq} {self.type}"

    def as_message(self) -> dict[str, Any]:
        """The event as the socket and the API send it (its payload is its catalogue type's)."""
        return {
            "seq": self.seq,
            "round": self.round_number,
            "type": self.type,
            "audience": self.audience,
            "addressee": self.addressee_id,
            "actor": self.actor_id,
            "at": self.created_at.isoformat(),
            "payload": self.payload,
        }


class Connection(models.Model):
    """An open socket, so every process can tell who is connected. Rows of a process that died
    are swept once their heartbeat is stale."""

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="connections")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="connections"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    channel_name = models.CharField(max_length=200, unique=True)
    server_id = models.CharField(max_length=32, db_index=True)
    connected_at = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return self.channel_name
