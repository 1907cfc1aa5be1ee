"""Game representations for the REST API."""

from typing import Any

from rest_framework import serializers

from games.models import CoachMode, ConversationMode, Game, Participant


class GameCreateSerializer(serializers.Serializer[dict[str, Any]]):
    scenario = serializers.SlugField(help_text="The scenario id.")
    scenario_version = serializers.IntegerField(
        required=False, min_value=1, help_text="A version number; the current one if left out."
    )
    name = serializers.CharField(required=False, allow_blank=True, max_length=120, default="")
    rounds = serializers.IntegerField(min_value=1, max_value=12, default=3)
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
    join_url = serializers.SerializerMethodField()
    socket_path = serializers.SerializerMethodField()

    class Meta:
        model = Game
        fields = [
            "code",
            "name",
            "scenario",
            "scenario_version",
            "scenario_title",
            "phase",
            "round_number",
            "total_rounds",
            "live_seconds",
            "debrief_seconds",
            "functions",
            "conversation_mode",
            "coach_mode",
            "locked",
            "max_players",
            "join_url",
            "socket_path",
            "created_at",
        ]

    def get_join_url(self, game: Game) -> str:
        request = self.context.get("request")
        path = f"/join/{game.code}"
        return request.build_absolute_uri(path) if request is not None else path

    def get_socket_path(self, game: Game) -> str:
        return f"/ws/games/{game.code}/"


class JoinSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(max_length=200, help_text="Your display name in this game.")
    observer = serializers.BooleanField(default=False, help_text="Watch only; take no seat.")


class ParticipantSerializer(serializers.ModelSerializer[Participant]):
    name = serializers.CharField(source="display_name")

    class Meta:
        model = Participant
        fields = ["id", "name", "observer", "joined_at"]


class JoinResultSerializer(serializers.Serializer[dict[str, Any]]):
    token = serializers.CharField(help_text="Send it in the socket's hello; keep it to come back.")
    participant = ParticipantSerializer()
    game = GameSerializer()


MAX_EVENT_PAGE = 500


class EventQuerySerializer(serializers.Serializer[dict[str, Any]]):
    after = serializers.IntegerField(min_value=0, default=0)
    round = serializers.IntegerField(min_value=0, required=False)
    type = serializers.CharField(max_length=40, required=False)
    limit = serializers.IntegerField(min_value=1, max_value=MAX_EVENT_PAGE, default=MAX_EVENT_PAGE)


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


class MessageCreateSerializer(serializers.Serializer[dict[str, Any]]):
    client_msg_id = serializers.CharField(max_length=64, help_text="Retries with it post once.")
    channel = serializers.ChoiceField(["room", "huddle"])
    text = serializers.CharField(max_length=2000, trim_whitespace=True)


class AckSerializer(serializers.Serializer[dict[str, Any]]):
    client_msg_id = serializers.CharField()
    seq = serializers.IntegerField()


class MoodPointSerializer(serializers.Serializer[dict[str, Any]]):
    live_seconds = serializers.FloatField()
    mood = serializers.IntegerField()


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
