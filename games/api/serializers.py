"""Game representations for the REST API: what it answers. The command bodies are in
commands.py, beside the endpoints that take them."""

from typing import Any, Literal

from django.urls import reverse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from rest_framework import serializers
from rest_framework.fields import empty

from bearcave.network import absolute_url
from games.engine.names import clean_name, name_problem
from games.engine.phases import Phase
from games.engine.roles import Role
from games.models import CoachMode, ConversationMode, Game, Participant
from organisations.roles import GameAccess

# The phases as one named enum in the schema (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
PHASES = [str(phase) for phase in Phase]


class GameCreateSerializer(serializers.Serializer[dict[str, Any]]):
    scenario = serializers.SlugField(help_text="The scenario id.")
    scenario_version = serializers.IntegerField(
        required=False, min_value=1, help_text="A version number; the current one if left out."
    )
    name = serializers.CharField(required=False, allow_blank=True, max_length=120, default="")
    rounds = serializers.IntegerField(min_value=1, max_value=12, default=3)
    briefing_minutes = serializers.IntegerField(
        min_value=0,
        max_value=30,
        default=0,
        help_text="How long players read their briefs before live starts on its own; 0 (the "
        "default): until the facilitator starts it.",
    )
    live_minutes = serializers.IntegerField(min_value=1, max_value=90, required=False)
    debrief_minutes = serializers.IntegerField(min_value=1, max_value=60, default=8)
    functions = serializers.ListField(child=serializers.SlugField(), required=False, default=list)
    conversation_mode = serializers.ChoiceField(
        ConversationMode.choices, default=ConversationMode.TYPED
    )
    coach_mode = serializers.ChoiceField(CoachMode.choices, default=CoachMode.ROTATING)
    max_players = serializers.IntegerField(min_value=2, max_value=200, default=40)


class GameSerializer(serializers.ModelSerializer[Game]):
    scenario = serializers.CharField(source="scenario_version.scenario.slug")
    scenario_version = serializers.IntegerField(source="scenario_version.number")
    scenario_title = serializers.CharField(source="scenario_version.title")
    join_url = serializers.SerializerMethodField(
        help_text="The link players open to join, on the address phones in the room can reach "
        "(PUBLIC_URL, or this machine's LAN address when it serves every interface): for the "
        "projector."
    )
    socket_path = serializers.SerializerMethodField()
    access = serializers.SerializerMethodField(
        help_text="What you are to the game: its `facilitator`, a `co_facilitator` or an "
        "`observer` it is shared with (null for a player)."
    )

    class Meta:
        model = Game
        fields = [
            "code",
            "access",
            "name",
            "scenario",
            "scenario_version",
            "scenario_title",
            "phase",
            "round_number",
            "total_rounds",
            "briefing_seconds",
            "live_seconds",
            "debrief_seconds",
            "functions",
            "conversation_mode",
            "coach_mode",
            "locked",
            "replays_open",
            "max_players",
            "join_url",
            "socket_path",
            "created_at",
        ]

    def get_join_url(self, game: Game) -> str:
        join = reverse("join", kwargs={"code": game.code})
        return absolute_url(self.context.get("request"), join)

    def get_access(self, game: Game) -> Literal["facilitator", "co_facilitator", "observer"] | None:
        access = getattr(game, "access", None) or self.context.get("access")
        return GameAccess(access).value if access else None

    def get_socket_path(self, game: Game) -> str:
        return f"/ws/games/{game.code}/"


class QueryDate(serializers.DateField):
    """A date filter: left out, no filter; given empty (`?created_before=`), not a date (400).
    DRF would take an empty query value as left out, which the schema's `format: date` denies."""

    def get_value(self, dictionary: Any) -> Any:
        return dictionary.get(self.field_name, empty)


class GameQuerySerializer(serializers.Serializer[dict[str, Any]]):
    """A facilitator's history, filtered (an empty filter, `?name=`, is ignored)."""

    scenario = serializers.SlugField(
        required=False, allow_blank=True, help_text="Only games of this scenario id."
    )
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=120,
        help_text="Team or table name contains this.",
    )
    created_after = QueryDate(required=False, help_text="Created on or after (UTC).")
    created_before = QueryDate(required=False, help_text="Created on or before (UTC).")


class GameSettingsSerializer(serializers.ModelSerializer[Game]):
    """What the facilitator chose when creating the game; only `locked` changes later."""

    class Meta:
        model = Game
        fields = [
            "total_rounds",
            "briefing_seconds",
            "live_seconds",
            "debrief_seconds",
            "functions",
            "conversation_mode",
            "coach_mode",
            "max_players",
            "locked",
            "replays_open",
        ]


class JoinBody(BaseModel):
    """Joining a game (validated as a command's body is: unknown fields and wrong kinds are
    refused with 400 `invalid`, and so is a name that breaks the rules in docs/api.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(
        min_length=1,
        max_length=200,  # white space collapsed, the rules allow 40 characters
        description="Your display name in this game: 1 to 40 characters, no invisible or "
        "direction marks, not the name of someone who runs the game (docs/api.md).",
    )
    observer: bool = Field(default=False, strict=True, description="Watch only; take no seat.")

    @field_validator("name")
    @classmethod
    def _follows_the_name_rules(cls, name: str) -> str:
        problem = name_problem(name)
        if problem:
            raise ValueError(problem)
        return clean_name(name)


class ParticipantSerializer(serializers.ModelSerializer[Participant]):
    name = serializers.CharField(source="display_name")

    class Meta:
        model = Participant
        fields = ["id", "name", "observer", "joined_at"]


class JoinResultSerializer(serializers.Serializer[dict[str, Any]]):
    token = serializers.CharField(help_text="Send it in the socket's hello; keep it to come back.")
    participant = ParticipantSerializer()
    game = GameSerializer()


class ParticipantStatusSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    observer = serializers.BooleanField(help_text="Watches only; takes no seat.")
    connected = serializers.BooleanField(help_text="Has a game socket open now.")
    joined_at = serializers.DateTimeField()


# Ids and sequence numbers fit a JavaScript number and every database's integer columns.
MAX_ID = 2**53 - 1
MAX_EVENT_PAGE = 500
EVENT_CHANNELS = ["room", "huddle"]


class EventQuerySerializer(serializers.Serializer[dict[str, Any]]):
    after = serializers.IntegerField(
        min_value=0,
        max_value=MAX_ID,
        default=0,
        help_text="Only events after this seq (the page's `next_after`).",
    )
    round = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    type = serializers.CharField(max_length=40, required=False, help_text="e.g. message.posted")
    channel = serializers.ChoiceField(
        EVENT_CHANNELS, required=False, help_text="Only messages posted to this channel."
    )
    limit = serializers.IntegerField(
        min_value=1,
        max_value=MAX_EVENT_PAGE,
        default=MAX_EVENT_PAGE,
        help_text=f"At most {MAX_EVENT_PAGE} (the default).",
    )


class RoundQuerySerializer(serializers.Serializer[dict[str, Any]]):
    round = serializers.IntegerField(
        min_value=1, max_value=1000, required=False, help_text="One round only; all when left out."
    )


class EventSerializer(serializers.Serializer[dict[str, Any]]):
    seq = serializers.IntegerField()
    round = serializers.IntegerField()
    type = serializers.CharField()
    audience = serializers.CharField()
    addressee = serializers.IntegerField(allow_null=True)
    actor = serializers.IntegerField(allow_null=True)
    at = serializers.DateTimeField()
    payload = serializers.DictField()


class EventPageSerializer(serializers.Serializer[dict[str, Any]]):
    events = EventSerializer(many=True)
    more = serializers.BooleanField(help_text="More events follow; ask again with `next_after`.")
    next_after = serializers.IntegerField()


class AckSerializer(serializers.Serializer[dict[str, Any]]):
    """What every write answers: the command's id and the seq of the event it wrote. A retry
    with the same `client_msg_id` gets the same answer and changes nothing."""

    client_msg_id = serializers.CharField()
    seq = serializers.IntegerField()


class MoodPointSerializer(serializers.Serializer[dict[str, Any]]):
    live_seconds = serializers.FloatField()
    mood = serializers.IntegerField()


class TurnSerializer(serializers.Serializer[dict[str, Any]]):
    functions = serializers.ListField(child=serializers.CharField())
    authors = serializers.ListField(child=serializers.CharField())
    from_seconds = serializers.FloatField()
    to_seconds = serializers.FloatField()
    messages = serializers.IntegerField()


class HandoffSerializer(serializers.Serializer[dict[str, Any]]):
    from_functions = serializers.ListField(child=serializers.CharField())
    to_functions = serializers.ListField(child=serializers.CharField())
    at_seconds = serializers.FloatField()
    took_seconds = serializers.FloatField()


class PromiseSerializer(serializers.Serializer[dict[str, Any]]):
    seq = serializers.IntegerField()
    author = serializers.CharField()
    functions = serializers.ListField(child=serializers.CharField())
    text = serializers.CharField()
    at_seconds = serializers.FloatField()
    followed_up_by = serializers.IntegerField(
        allow_null=True, help_text="The seq of the later message that followed it up."
    )


class HandoffReportSerializer(serializers.Serializer[dict[str, Any]]):
    """Who talked with the customer when, each handoff between functions, and promises."""

    turns = TurnSerializer(many=True)
    handoffs = HandoffSerializer(many=True)
    promises = PromiseSerializer(many=True)
    unkept_promises = serializers.IntegerField()


class RoundOutcomeSerializer(serializers.Serializer[dict[str, Any]]):
    round = serializers.IntegerField()
    mood_curve = MoodPointSerializer(many=True)
    final_mood = serializers.IntegerField(allow_null=True)
    time_to_calm_seconds = serializers.FloatField(allow_null=True)
    customer_rating = serializers.DictField(allow_null=True)
    rubric_ratings = serializers.DictField(child=serializers.CharField())
    good_move_tags = serializers.DictField(child=serializers.IntegerField())
    anti_pattern_tags = serializers.DictField(child=serializers.IntegerField())
    give_cost = serializers.IntegerField()
    flagged_concessions = serializers.ListField(child=serializers.DictField())
    escalations = serializers.ListField(child=serializers.CharField())
    feedback = serializers.DictField(allow_null=True)
    agreed_changes = serializers.ListField(child=serializers.DictField())
    handoffs = HandoffReportSerializer()


class SeatSerializer(serializers.Serializer[dict[str, Any]]):
    participant = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.ChoiceField(list(Role))
    functions = serializers.ListField(child=serializers.CharField())


ROUND_STATES = ["upcoming", "briefing", "live", "debrief", "agreement", "played"]


class RoundSerializer(serializers.Serializer[Any]):
    round = serializers.IntegerField()
    state = serializers.ChoiceField(
        ROUND_STATES,
        help_text="`upcoming`, the phase it is in now, or `played`.",
    )
    seats = SeatSerializer(many=True, help_text="Who sits where (planned, for a later round).")
    outcome = RoundOutcomeSerializer(
        allow_null=True,
        help_text="From the round's debrief on (the facilitator: once it has started).",
    )


class TagSerializer(serializers.Serializer[Any]):
    tag = serializers.IntegerField(help_text="The seq of the event that added it.")
    round = serializers.IntegerField()
    technique = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    message = serializers.IntegerField(allow_null=True, help_text="The tagged message's seq.")
    participant = serializers.IntegerField(allow_null=True)
    live_seconds = serializers.IntegerField(allow_null=True)


class FeedbackSerializer(serializers.Serializer[Any]):
    seq = serializers.IntegerField()
    round = serializers.IntegerField()
    keep = serializers.CharField()
    change = serializers.CharField()
    author = serializers.CharField()


class CustomerRatingSerializer(serializers.Serializer[dict[str, Any]]):
    seq = serializers.IntegerField()
    round = serializers.IntegerField()
    listened = serializers.IntegerField()
    cared = serializers.IntegerField()
    valued = serializers.IntegerField()
    final_mood = serializers.IntegerField()
    would_stay = serializers.CharField()
    calmer = serializers.CharField(allow_blank=True)
    angrier = serializers.CharField(allow_blank=True)
    reasons = serializers.DictField(
        child=serializers.CharField(),
        default=dict,
        help_text="One line for each rating (listened, cared, valued): why it is what it is. "
        "Empty when the customer gave none.",
    )


class RubricRatingSerializer(serializers.Serializer[dict[str, Any]]):
    seq = serializers.IntegerField()
    round = serializers.IntegerField()
    ratings = serializers.DictField(child=serializers.CharField())


class RatingsSerializer(serializers.Serializer[dict[str, Any]]):
    customer = CustomerRatingSerializer(many=True, help_text="The team sees it from the debrief.")
    rubric = RubricRatingSerializer(many=True)


class VoteSerializer(serializers.Serializer[dict[str, Any]]):
    seq = serializers.IntegerField()
    voter = serializers.CharField()
    accept = serializers.BooleanField()


class ProposalSerializer(serializers.Serializer[Any]):
    proposal = serializers.IntegerField(help_text="The seq of the event that proposed it.")
    round = serializers.IntegerField()
    text = serializers.CharField()
    author = serializers.CharField()
    votes = VoteSerializer(many=True)
    agreed = serializers.BooleanField()
    forced = serializers.BooleanField()


class KeptMarkSerializer(serializers.Serializer[dict[str, Any]]):
    round = serializers.IntegerField()
    kept = serializers.BooleanField()


class AgreedChangeSerializer(serializers.Serializer[Any]):
    change = serializers.IntegerField(help_text="The seq of its change.agreed event.")
    round = serializers.IntegerField()
    text = serializers.CharField()
    forced = serializers.BooleanField()
    kept = KeptMarkSerializer(many=True, help_text="The coach's marks at later debriefs.")
