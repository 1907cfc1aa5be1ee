"""Scenario endpoints: browse the library, read one, download, validate and upload YAML."""

from typing import cast

from django.contrib.auth.models import User
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bearcave.api import IsFacilitator, IsMember, error_response
from organisations.selectors import organisation_of
from scenarios import selectors
from scenarios.api.serializers import (
    ImportResultSerializer,
    ScenarioCardSerializer,
    ScenarioFilterSerializer,
    ScenarioFullSerializer,
    ScenarioUploadSerializer,
    ScenarioVersionSummarySerializer,
    ValidationResultSerializer,
)
from scenarios.loader import MAX_FILE_BYTES, ParsedScenario, ScenarioFileError, parse_scenario
from scenarios.models import ScenarioVersion
from scenarios.services import scenario_version_import
from scenarios.studio.permissions import publish_refusal, publishing_organisation

VERSION_PARAMETER = OpenApiParameter(
    "version", int, description="A version number; the current version when left out."
)


def _version_or_404(slug: str, request: Request) -> ScenarioVersion:
    """A published version of the caller's library: the built-in scenarios, and their
    organisation's for a member; another organisation's scenario is not found."""
    number = request.query_params.get("version")
    library = organisation_of(request.user)
    if number is None:
        version = selectors.current_version(slug, organisation_id=library)
    elif number.isdigit():
        version = selectors.published_version(slug, int(number), organisation_id=library)
    else:
        version = None
    if version is None:
        raise NotFound(f"No scenario '{slug}'" + (f" version {number}." if number else "."))
    return version


def _parse_upload(request: Request) -> ParsedScenario:
    serializer = ScenarioUploadSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    upload = serializer.validated_data["file"]
    return parse_scenario(upload.read(MAX_FILE_BYTES + 1), source=upload.name or "upload.yaml")


class ScenarioListView(APIView):
    """Anyone may browse the built-in library, a member their organisation's too; only its
    admins add to it (scenarios/studio/permissions.py)."""

    parser_classes = [MultiPartParser]
    query_serializer = ScenarioFilterSerializer

    def get_permissions(self) -> list[BasePermission]:
        return [IsFacilitator()] if self.request.method == "POST" else [AllowAny()]

    @extend_schema(
        parameters=[ScenarioFilterSerializer], responses=ScenarioCardSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        filters = ScenarioFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        given = {name: value for name, value in filters.validated_data.items() if value}
        versions = selectors.current_versions(
            organisation_id=organisation_of(request.user), **given
        )
        return Response(ScenarioCardSerializer(versions, many=True).data)

    @extend_schema(
        request={"multipart/form-data": ScenarioUploadSerializer},
        responses={200: ImportResultSerializer, 201: ImportResultSerializer},
        description="Validate a scenario file and import it as a new version of the "
        "organisation's library (its admins; a built-in scenario's id is refused).",
    )
    def post(self, request: Request) -> Response:
        try:
            parsed = _parse_upload(request)
        except ScenarioFileError as error:
            return error_response(
                "invalid_scenario",
                "The scenario file has errors; see `errors`.",
                errors=[problem.as_json() for problem in error.problems],
            )
        refusal = publish_refusal(cast(User, request.user), parsed.scenario.id)
        if refusal is not None:
            return error_response(
                "not_allowed",
                refusal,
                errors=[{"path": "id", "message": refusal, "line": None}],
                status_code=status.HTTP_403_FORBIDDEN,
            )
        version, created = scenario_version_import(
            parsed=parsed,
            imported_by=request.user,
            organisation=publishing_organisation(cast(User, request.user)),
        )
        return Response(
            {"created": created, "scenario": ScenarioFullSerializer(version).data},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ScenarioValidateView(APIView):
    permission_classes = [IsFacilitator]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ScenarioUploadSerializer},
        responses=ValidationResultSerializer,
        description="Check a scenario file without importing it.",
    )
    def post(self, request: Request) -> Response:
        try:
            _parse_upload(request)
        except ScenarioFileError as error:
            return Response(
                {"valid": False, "problems": [problem.as_json() for problem in error.problems]}
            )
        return Response({"valid": True, "problems": []})


class ScenarioDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[VERSION_PARAMETER],
        responses=ScenarioFullSerializer,
        description="Members of an organisation get the whole scenario; for anyone else "
        "`document` (the private briefs) and `content_hash` are null.",
    )
    def get(self, request: Request, slug: str) -> Response:
        version = _version_or_404(slug, request)
        data = ScenarioFullSerializer(version).data
        if not IsMember().has_permission(request, self):
            data.update({"document": None, "content_hash": None})
        return Response(data)


class ScenarioVersionsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ScenarioVersionSummarySerializer(many=True))
    def get(self, request: Request, slug: str) -> Response:
        versions = selectors.published_versions(slug, organisation_id=organisation_of(request.user))
        if not versions:
            raise NotFound(f"No scenario '{slug}'.")
        return Response(ScenarioVersionSummarySerializer(versions, many=True).data)


class ScenarioYamlView(APIView):
    permission_classes = [IsMember]

    @extend_schema(
        parameters=[VERSION_PARAMETER], responses={(200, "application/yaml"): OpenApiTypes.STR}
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        version = _version_or_404(slug, request)
        response = HttpResponse(version.source_yaml, content_type="application/yaml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{slug}.yaml"'
        return response
