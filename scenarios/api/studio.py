"""The studio's endpoints: a facilitator's own drafts (start, autosave, import, export, preview,
try alone, publish) and readable differences between versions. Every draft is its author's
alone: anyone else's is not found."""

from typing import Any, cast

from django.contrib.auth.models import User
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bearcave.api import IsFacilitator, error_response
from games.engine.detector import detect_techniques
from organisations.selectors import organisation_of
from scenarios import selectors
from scenarios.api.serializers import ImportResultSerializer, ScenarioFullSerializer
from scenarios.api.studio_serializers import (
    DetectionSerializer,
    DetectSerializer,
    DiffQuerySerializer,
    DiffSerializer,
    DraftCreateSerializer,
    DraftDiffQuerySerializer,
    DraftImportSerializer,
    DraftSaveSerializer,
    DraftSerializer,
    DraftSummarySerializer,
    PreviewQuerySerializer,
    SeatPreviewSerializer,
    StudioFormatSerializer,
    TryResultSerializer,
    TrySerializer,
)
from scenarios.loader import (
    LIBRARY_DIR,
    MAX_FILE_BYTES,
    ScenarioFileError,
    read_scenario_mapping,
    validate_document,
)
from scenarios.models import ScenarioDraft, ScenarioVersion
from scenarios.schema import scenario_json_schema
from scenarios.studio import templates
from scenarios.studio.diff import document_diff
from scenarios.studio.errors import StudioError, StudioErrorCode
from scenarios.studio.files import scenario_yaml
from scenarios.studio.permissions import publish_refusal
from scenarios.studio.practice import draft_try
from scenarios.studio.selectors import (
    draft_state,
    draft_summary,
    own_draft,
    own_drafts,
    seat_preview,
)
from scenarios.studio.services import (
    draft_create,
    draft_delete,
    draft_publish,
    draft_save,
    valid_scenario,
)
from scenarios.techniques import SHARED_TECHNIQUES

_STATUS = {
    StudioErrorCode.NOT_FOUND: status.HTTP_404_NOT_FOUND,
    StudioErrorCode.DRAFT_CONFLICT: status.HTTP_409_CONFLICT,
    StudioErrorCode.INVALID_SCENARIO: status.HTTP_400_BAD_REQUEST,
    StudioErrorCode.PUBLISH_REFUSED: status.HTTP_403_FORBIDDEN,
}


def _user(request: Request) -> User:
    """The signed-in facilitator; IsFacilitator has already refused anyone else."""
    return cast(User, request.user)


def _valid(serializer_class: type[Any], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class StudioView(APIView):
    permission_classes = [IsFacilitator]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, StudioError):
            return error_response(
                exc.code, exc.message, errors=exc.errors(), status_code=_STATUS[exc.code]
            )
        return super().handle_exception(exc)

    def draft_response(self, draft: ScenarioDraft, code: int = status.HTTP_200_OK) -> Response:
        return Response(DraftSerializer(draft_state(draft, _user(self.request))).data, status=code)


class StudioFormatView(StudioView):
    @extend_schema(
        responses=StudioFormatSerializer,
        summary="The scenario format the studio's form is drawn from",
    )
    def get(self, request: Request) -> Response:
        techniques = [
            {"id": t.id, "label": t.label, "kind": t.kind, "description": t.description}
            for t in SHARED_TECHNIQUES.values()
        ]
        built_in = sorted(path.stem for path in LIBRARY_DIR.glob("*.yaml"))
        return Response(
            {"schema": scenario_json_schema(), "techniques": techniques, "built_in": built_in}
        )


def _published(slug: str, number: int | None, user: User) -> ScenarioVersion:
    """A published version of the user's library (built-in or their organisation's)."""
    library = organisation_of(user)
    version = (
        selectors.current_version(slug, organisation_id=library)
        if number is None
        else selectors.published_version(slug, number, organisation_id=library)
    )
    if version is None:
        raise StudioError(
            StudioErrorCode.NOT_FOUND,
            f"No scenario '{slug}'" + (f" version {number}." if number else "."),
        )
    return version


def _free_id(slug: str, author: User) -> str:
    """`<id>-copy` (or -copy-2, ...): not a published scenario's id, nor one of the author's
    drafts'."""
    taken = set(
        ScenarioVersion.objects.filter(
            selectors.in_library(organisation_of(author)), published=True
        ).values_list("scenario__slug", flat=True)
    )
    taken |= {draft.scenario_slug for draft in ScenarioDraft.objects.filter(author=author)}
    base = f"{slug[:59]}-copy"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


class DraftListView(StudioView):
    may_not_find = True  # a fork of a scenario that is not there

    @extend_schema(responses=DraftSummarySerializer(many=True), summary="Your drafts")
    def get(self, request: Request) -> Response:
        drafts = [draft_summary(draft) for draft in own_drafts(_user(request))]
        return Response(DraftSummarySerializer(drafts, many=True).data)

    @extend_schema(
        request=DraftCreateSerializer,
        responses={201: DraftSerializer},
        summary="Start a draft: blank, from the guided incident template, or from a scenario",
    )
    def post(self, request: Request) -> Response:
        data = _valid(DraftCreateSerializer, request.data)
        user = _user(request)
        based_on = None
        if data["start"] == "blank":
            document = templates.blank_document()
        elif data["start"] == "incident":
            answers = data["incident"]
            offers = [templates.Offer(**offer) for offer in answers.pop("can_give")]
            document = templates.incident_document(templates.Incident(**answers, can_give=offers))
        else:
            based_on = _published(data["scenario"], data.get("version"), user)
            if data["start"] == "fork":
                document = templates.fork_document(
                    based_on.document, new_id=_free_id(based_on.scenario.slug, user)
                )
            else:
                document = dict(based_on.document)
                refusal = publish_refusal(user, based_on.scenario.slug)
                if refusal is not None:
                    raise StudioError(StudioErrorCode.PUBLISH_REFUSED, refusal)
        draft = draft_create(author=user, document=document, based_on=based_on)
        return self.draft_response(draft, status.HTTP_201_CREATED)


class DraftImportView(StudioView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": DraftImportSerializer},
        responses={201: DraftSerializer},
        summary="Start a draft from a YAML file",
        description="A file that is not valid yet still becomes a draft (its problems listed), "
        "as long as it is a YAML mapping; one that is not is refused with each problem's line.",
    )
    def post(self, request: Request) -> Response:
        upload = _valid(DraftImportSerializer, request.data)["file"]
        try:
            _, data, _ = read_scenario_mapping(
                upload.read(MAX_FILE_BYTES + 1), source=upload.name or "upload.yaml"
            )
        except ScenarioFileError as error:
            return error_response(
                "invalid_scenario",
                "The file cannot be read as a scenario; see `errors`.",
                errors=[problem.as_json() for problem in error.problems],
            )
        # A valid file is stored as the scenario it is (texts trimmed, defaults filled in, as
        # the loader reads it); one with problems as written, with YAML's dates and the like
        # as text, since a draft's document is JSON.
        scenario, _ = validate_document(data)
        document = scenario.model_dump(mode="json") if scenario else _json_safe(data)
        draft = draft_create(author=_user(request), document=document)
        return self.draft_response(draft, status.HTTP_201_CREATED)


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_safe(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


class DraftDetailView(StudioView):
    @extend_schema(responses=DraftSerializer, summary="One of your drafts, with its problems")
    def get(self, request: Request, draft: int) -> Response:
        return self.draft_response(own_draft(_user(request), draft))

    @extend_schema(
        request=DraftSaveSerializer,
        responses=DraftSerializer,
        summary="Save a draft (autosave)",
        description="Saved whether valid or not; the answer lists its problems, each at its "
        "field. A save naming an older revision than the stored one is refused "
        "(`draft_conflict`, 409).",
    )
    def put(self, request: Request, draft: int) -> Response:
        data = _valid(DraftSaveSerializer, request.data)
        saved = draft_save(
            draft_id=draft,
            author=_user(request),
            document=data["document"],
            revision=data["revision"],
        )
        return self.draft_response(saved)

    @extend_schema(responses={204: None}, summary="Delete a draft")
    def delete(self, request: Request, draft: int) -> Response:
        draft_delete(draft=own_draft(_user(request), draft))
        return Response(status=status.HTTP_204_NO_CONTENT)


class DraftYamlView(StudioView):
    @extend_schema(
        responses={(200, "application/yaml"): OpenApiTypes.STR},
        summary="Export a draft as a YAML file",
    )
    def get(self, request: Request, draft: int) -> HttpResponse:
        found = own_draft(_user(request), draft)
        name = found.scenario_slug or f"draft-{found.pk}"
        response = HttpResponse(
            scenario_yaml(found.document), content_type="application/yaml; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.yaml"'
        return response


class DraftPreviewView(StudioView):
    query_serializer = PreviewQuerySerializer

    @extend_schema(
        parameters=[PreviewQuerySerializer],
        responses=SeatPreviewSerializer,
        summary="A seat's brief, exactly as a game sends it to that seat",
        description="`brief` is the same projection a game's snapshot carries (the protocol's "
        "`Brief`). The draft must be valid.",
    )
    def get(self, request: Request, draft: int) -> Response:
        seat = _valid(PreviewQuerySerializer, request.query_params)["seat"]
        scenario = valid_scenario(own_draft(_user(request), draft))
        return Response(SeatPreviewSerializer(seat_preview(scenario, seat)).data)


class DraftDetectView(StudioView):
    @extend_schema(
        request=DetectSerializer,
        responses=DetectionSerializer(many=True),
        summary="What the technique detector finds in a message, with this draft's cues",
    )
    def post(self, request: Request, draft: int) -> Response:
        text = _valid(DetectSerializer, request.data)["text"]
        scenario = valid_scenario(own_draft(_user(request), draft))
        taggable = scenario.coach.taggable
        found = [
            {
                "technique": d.technique,
                "kind": d.kind,
                "start": d.start,
                "end": d.end,
                "confidence": d.confidence,
                "suggested": d.technique in taggable,
            }
            for d in detect_techniques(text, scenario=scenario)
        ]
        return Response(DetectionSerializer(found, many=True).data)


class DraftTryView(StudioView):
    @extend_schema(
        request=TrySerializer,
        responses={201: TryResultSerializer},
        summary="Try the draft alone against the scripted customer",
        description="A private practice game on the draft as it stands: the scripted customer "
        "in the customer seat, you as the responder (the token) and as the facilitator who "
        "coaches. The draft must be valid.",
    )
    def post(self, request: Request, draft: int) -> Response:
        difficulty = _valid(TrySerializer, request.data)["difficulty"]
        user = _user(request)
        game, token = draft_try(draft=own_draft(user, draft), by=user, difficulty=difficulty)
        return Response({"code": game.code, "token": token}, status=status.HTTP_201_CREATED)


class DraftPublishView(StudioView):
    @extend_schema(
        request=None,
        responses={200: ImportResultSerializer, 201: ImportResultSerializer},
        summary="Publish the draft as its scenario's next version",
        description="201 with the new version; 200 when its content equals the scenario's "
        "current version (nothing new is made). Who may publish: see `publish` in the draft.",
    )
    def post(self, request: Request, draft: int) -> Response:
        version, created = draft_publish(draft_id=draft, by=_user(request))
        return Response(
            {"created": created, "scenario": ScenarioFullSerializer(version).data},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


def _diff_response(before: str, after: str, old: Any, new: Any) -> Response:
    changes = [
        {"path": c.path, "kind": c.kind, "before": c.before, "after": c.after, "text": c.text}
        for c in document_diff(old, new)
    ]
    return Response(DiffSerializer({"before": before, "after": after, "changes": changes}).data)


class DraftDiffView(StudioView):
    query_serializer = DraftDiffQuerySerializer

    @extend_schema(
        parameters=[DraftDiffQuerySerializer],
        responses=DiffSerializer,
        summary="What the draft changes in a published version",
    )
    def get(self, request: Request, draft: int) -> Response:
        number = _valid(DraftDiffQuerySerializer, request.query_params).get("version")
        found = own_draft(_user(request), draft)
        slug = found.based_on.scenario.slug if found.based_on else found.scenario_slug
        if number is None and found.based_on is not None:
            version = found.based_on
        else:
            version = _published(slug, number, _user(request))
        scenario, _ = validate_document(found.document)
        after = scenario.model_dump(mode="json") if scenario else found.document
        label = f"{version.scenario.slug} version {version.number}"
        return _diff_response(label, "this draft", version.document, after)


class ScenarioDiffView(StudioView):
    query_serializer = DiffQuerySerializer

    @extend_schema(
        parameters=[DiffQuerySerializer],
        responses=DiffSerializer,
        summary="What changed between two versions of a scenario",
    )
    def get(self, request: Request, slug: str) -> Response:
        query = _valid(DiffQuerySerializer, request.query_params)
        before = _published(slug, query["before"], _user(request))
        after = _published(slug, query["after"], _user(request))
        return _diff_response(
            f"version {before.number}", f"version {after.number}", before.document, after.document
        )
