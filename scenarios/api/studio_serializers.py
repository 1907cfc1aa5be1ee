"""The studio's representations: drafts with their problems, how a draft starts, results."""

from typing import Any

from rest_framework import serializers

from games.engine.scripted_customer import ScriptedDifficulty
from scenarios.schema import SituationType


class FieldProblemSerializer(serializers.Serializer[dict[str, Any]]):
    path = serializers.CharField(help_text="The field, e.g. `customer.hot_buttons[1].trigger`.")
    message = serializers.CharField()


class TechniqueSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    kind = serializers.CharField()
    description = serializers.CharField()


class StudioFormatSerializer(serializers.Serializer[dict[str, Any]]):
    schema = serializers.JSONField(help_text="The scenario format's JSON Schema.")
    techniques = TechniqueSerializer(many=True, help_text="The shared technique vocabulary.")
    built_in = serializers.ListField(
        child=serializers.CharField(), help_text="Ids of the built-in library (read-only)."
    )


class BasedOnSerializer(serializers.Serializer[dict[str, Any]]):
    scenario = serializers.CharField()
    version = serializers.IntegerField()
    title = serializers.CharField()


class PublishStateSerializer(serializers.Serializer[dict[str, Any]]):
    allowed = serializers.BooleanField(help_text="The draft is valid and you may publish it.")
    reason = serializers.CharField(
        allow_null=True, help_text="Why not, when it is not a matter of the draft's problems."
    )


class PracticeGameSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField()
    phase = serializers.CharField()
    created_at = serializers.DateTimeField()


class PreviewSeatSerializer(serializers.Serializer[dict[str, Any]]):
    seat = serializers.CharField(
        help_text="`customer`, `coach`, `public` or `responder:<function>`."
    )
    label = serializers.CharField()  # type: ignore[assignment]


class DraftSummarySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    scenario = serializers.CharField(help_text="The scenario id the draft has now (may be empty).")
    revision = serializers.IntegerField()
    updated_at = serializers.DateTimeField()
    problem_count = serializers.IntegerField()
    based_on = BasedOnSerializer(allow_null=True)


class DraftSerializer(DraftSummarySerializer):
    created_at = serializers.DateTimeField()
    document = serializers.JSONField(help_text="The draft as written so far (valid or not).")
    valid = serializers.BooleanField()
    problems = FieldProblemSerializer(many=True, help_text="What the scenario schema refuses.")
    hints = FieldProblemSerializer(
        many=True, help_text="Advice on a valid draft: allowed, but probably not what you mean."
    )
    publish = PublishStateSerializer()
    seats = PreviewSeatSerializer(many=True, help_text="The seats a preview can show.")
    practice_games = PracticeGameSerializer(many=True)


class OfferSerializer(serializers.Serializer[dict[str, Any]]):
    description = serializers.CharField(max_length=300)
    cost = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)
    given_by = serializers.IntegerField(
        min_value=0, help_text="The index of the seat in `involved` that gives it."
    )
    needs_approval = serializers.BooleanField(default=False)


class IncidentSerializer(serializers.Serializer[dict[str, Any]]):
    """The guided template's questions."""

    title = serializers.CharField(max_length=300)
    what_happened = serializers.CharField(max_length=4000)
    customer_name = serializers.CharField(max_length=300, required=False, allow_blank=True)
    customer_company = serializers.CharField(max_length=300, required=False, allow_blank=True)
    customer_role = serializers.CharField(max_length=300, required=False, allow_blank=True)
    situation_type = serializers.ChoiceField(
        choices=list(SituationType), required=False, allow_blank=True
    )
    involved = serializers.ListField(
        child=serializers.CharField(max_length=300), max_length=5, default=list
    )
    wants = serializers.ListField(
        child=serializers.CharField(max_length=300), max_length=10, default=list
    )
    can_give = OfferSerializer(many=True, default=list)


class DraftCreateSerializer(serializers.Serializer[dict[str, Any]]):
    start = serializers.ChoiceField(
        choices=["blank", "incident", "fork", "edit"],
        help_text="`blank`; `incident` (the guided template, with `incident`); `fork` (a copy "
        "of `scenario` under a new id); `edit` (the next version of a scenario you published).",
    )
    incident = IncidentSerializer(required=False)
    scenario = serializers.SlugField(required=False, help_text="For `fork` and `edit`.")
    version = serializers.IntegerField(
        min_value=1, required=False, help_text="For `fork` and `edit`; the current one if left out."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["start"] == "incident" and "incident" not in attrs:
            raise serializers.ValidationError({"incident": "The guided template needs answers."})
        if attrs["start"] in ("fork", "edit") and "scenario" not in attrs:
            raise serializers.ValidationError({"scenario": "Name the scenario to start from."})
        return attrs


class DraftSaveSerializer(serializers.Serializer[dict[str, Any]]):
    document = serializers.JSONField()
    revision = serializers.IntegerField(
        min_value=1, help_text="The revision this screen was editing (from the last answer)."
    )


class DraftImportSerializer(serializers.Serializer[dict[str, Any]]):
    file = serializers.FileField(help_text="A scenario YAML file, at most 1 MB.")


class PreviewQuerySerializer(serializers.Serializer[dict[str, Any]]):
    seat = serializers.RegexField(
        r"^(customer|coach|public|responder:[a-z0-9-]+)$",
        help_text="`customer`, `coach`, `public` or `responder:<function>`.",
    )


class SeatPreviewSerializer(serializers.Serializer[dict[str, Any]]):
    seat = serializers.CharField()
    role = serializers.CharField(help_text="The seat's role in a game: customer, responder ...")
    functions = serializers.ListField(child=serializers.CharField())
    currency = serializers.CharField()
    function_titles = serializers.DictField(child=serializers.CharField())
    brief = serializers.JSONField(
        help_text="Exactly what a game's snapshot gives this seat as `brief` (the protocol's "
        "`Brief`)."
    )


class DetectSerializer(serializers.Serializer[dict[str, Any]]):
    text = serializers.CharField(max_length=2000, help_text="A responder's message to read.")


class DetectionSerializer(serializers.Serializer[Any]):
    technique = serializers.CharField()
    kind = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    confidence = serializers.FloatField()
    suggested = serializers.BooleanField(
        help_text="In the coach's rubric or anti-patterns, so a game suggests it."
    )


class TrySerializer(serializers.Serializer[dict[str, Any]]):
    difficulty = serializers.ChoiceField(
        choices=[difficulty.value for difficulty in ScriptedDifficulty],
        default=ScriptedDifficulty.TYPICAL.value,
    )


class TryResultSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField()
    token = serializers.CharField(help_text="Your player token for the responder seat.")


class ChangeSerializer(serializers.Serializer[dict[str, Any]]):
    path = serializers.CharField()
    kind = serializers.ChoiceField(choices=["added", "removed", "changed"])
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)
    text = serializers.CharField(help_text="e.g. `customer.hot_buttons[1].trigger: 'X' → 'Y'`.")


class DiffSerializer(serializers.Serializer[dict[str, Any]]):
    before = serializers.CharField(help_text="What the changes start from.")
    after = serializers.CharField()
    changes = ChangeSerializer(many=True)


class DiffQuerySerializer(serializers.Serializer[dict[str, Any]]):
    before = serializers.IntegerField(min_value=1, help_text="A version number.")
    after = serializers.IntegerField(min_value=1, help_text="A version number.")


class DraftDiffQuerySerializer(serializers.Serializer[dict[str, Any]]):
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="The published version to compare with; the one the draft is based on (or "
        "its scenario's current one) if left out.",
    )
