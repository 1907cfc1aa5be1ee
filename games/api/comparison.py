"""The comparison of a game's rounds: did Groundhog Day work? One read for the whole page."""

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from games.api.access import game_caller
from games.api.commands import GameEndpoint
from games.api.serializers import AgreedChangeSerializer, RoundOutcomeSerializer
from games.report_pdf import report_pdf
from games.selectors import comparison_for


class ComparisonSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField()
    name = serializers.CharField(allow_blank=True)
    scenario_title = serializers.CharField()
    phase = serializers.CharField()
    total_rounds = serializers.IntegerField()
    calm_threshold = serializers.IntegerField()
    currency = serializers.CharField(help_text="The scenario's currency (ISO 4217), for costs.")
    rounds = RoundOutcomeSerializer(
        many=True, help_text="Every round the caller may see, in order."
    )
    agreed_changes = AgreedChangeSerializer(many=True)


class ComparisonView(GameEndpoint):
    """Every round's outcome side by side, with the changes agreed and whether they were kept.
    Players see the rounds whose outcome is public (from each round's debrief on)."""

    @extend_schema(responses=ComparisonSerializer, summary="The rounds of a game, side by side")
    def get(self, request: Request, code: str) -> Response:
        caller = game_caller(request, code)
        comparison = comparison_for(caller.game, everything=caller.is_facilitator)
        return Response(ComparisonSerializer(comparison).data)


class ReportPdfView(GameEndpoint):
    """The after-action report as a PDF download: the comparison's charts and figures, the
    feedback and the agreed changes."""

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="The after-action report, as a PDF",
    )
    def get(self, request: Request, code: str) -> HttpResponse:
        caller = game_caller(request, code)
        comparison = comparison_for(caller.game, everything=caller.is_facilitator)
        response = HttpResponse(report_pdf(comparison), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="bearcave-{caller.game.code}.pdf"'
        return response
