"""Scenario representations: a public card for anyone, the whole script for facilitators."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from scenarios.models import ScenarioVersion
from scenarios.schema import Difficulty, SituationType


class ResponderFunctionSerializer(serializers.Serializer[dict[str, Any]]):
    function = serializers.CharField()
    title = serializers.CharField()


class ScenarioCardSerializer(serializers.ModelSerializer[ScenarioVersion]):
    """What anyone may see: enough to choose a scenario, none of its private briefs."""

    id = serializers.CharField(source="scenario.slug")
    version = serializers.IntegerField(source="number")
    responder_functions = serializers.SerializerMethodField()
    live_minutes = serializers.SerializerMethodField()
    built_in = serializers.SerializerMethodField(
        help_text="A built-in library scenario (read-only); false: your organisation's own."
    )

    class Meta:
        model = ScenarioVersion
        fields = [
            "id",
            "version",
            "built_in",
            "label",
            "title",
            "summary",
            "situation_type",
            "industry",
            "difficulty",
            "live_minutes",
            "responder_functions",
            "imported_at",
        ]

    def get_built_in(self, version: ScenarioVersion) -> bool:
        return version.scenario.organisation_id is None

    @extend_schema_field(ResponderFunctionSerializer(many=True))
    def get_responder_functions(self, version: ScenarioVersion) -> list[dict[str, str]]:
        return [
            {"function": seat["function"], "title": seat["title"]}
            for seat in version.document["responders"]
        ]

    def get_live_minutes(self, version: ScenarioVersion) -> int:
        return int(version.document["live_minutes"])


class ScenarioFullSerializer(ScenarioCardSerializer):
    """Everything, briefs included: for facilitators (and, through a game, its coach)."""

    document = serializers.JSONField(
        allow_null=True, help_text="Null unless you are a facilitator."
    )
    content_hash = serializers.CharField(allow_null=True)

    class Meta(ScenarioCardSerializer.Meta):
        fields = [*ScenarioCardSerializer.Meta.fields, "content_hash", "document"]


class ScenarioVersionSummarySerializer(serializers.ModelSerializer[ScenarioVersion]):
    version = serializers.IntegerField(source="number")

    class Meta:
        model = ScenarioVersion
        fields = ["version", "label", "title", "content_hash", "imported_at"]


class ScenarioUploadSerializer(serializers.Serializer[dict[str, Any]]):
    file = serializers.FileField(help_text="A scenario YAML file, at most 1 MB.")


class ScenarioProblemSerializer(serializers.Serializer[dict[str, Any]]):
    path = serializers.CharField()
    message = serializers.CharField()
    line = serializers.IntegerField(allow_null=True)


class ValidationResultSerializer(serializers.Serializer[dict[str, Any]]):
    valid = serializers.BooleanField()
    problems = ScenarioProblemSerializer(many=True)


class ImportResultSerializer(serializers.Serializer[dict[str, Any]]):
    created = serializers.BooleanField()
    scenario = ScenarioFullSerializer()


class ScenarioFilterSerializer(serializers.Serializer[dict[str, Any]]):
    """The library's filters; each may be left out, or left empty (`?industry=`: ignored)."""

    situation_type = serializers.ChoiceField(
        choices=list(SituationType), required=False, allow_blank=True
    )
    industry = serializers.SlugField(max_length=64, required=False, allow_blank=True)
    difficulty = serializers.ChoiceField(choices=list(Difficulty), required=False, allow_blank=True)
    search = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Words in the title or summary."
    )
