"""Exports of a game for its facilitator (the JSON document, optionally anonymised; the
transcript and the round figures as CSV) and the import of a document as a new game.

Only the game's own facilitator may export it: a player gets 403 `not_allowed`, another
facilitator 404 `game_not_found` (access.py). Every export is a download
(`Content-Disposition: attachment`) of data, never a page: JSON with `<`, `>` and `&` escaped,
and CSV with formula-like cells neutralised (docs/exports.md).
"""

from typing import Any, cast

from django.contrib.auth.models import User
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bearcave.api import IsFacilitator, error_response
from games.api.access import game_caller
from games.api.authentication import GAME_AUTHENTICATION
from games.api.commands import GameEndpoint
from games.api.serializers import GameSerializer
from games.engine.errors import ErrorCode, GameError
from games.exports.checks import ExportDocumentError
from games.exports.document import rendered_document
from games.exports.services import game_export, game_import, rounds_table, transcript_table
from games.models import Game
from organisations.roles import GameAction

CSV = "text/csv; charset=utf-8"


class ExportQuerySerializer(serializers.Serializer[dict[str, Any]]):
    anonymise = serializers.BooleanField(
        default=False,
        help_text="Replace every participant's name (also where typed into text) with "
        '"Participant <n>", blank the team name and leave out the facilitator.',
    )


def _exported_game(request: Request, code: str) -> tuple[Game, bool]:
    """The game, if the caller is its facilitator, and whether to anonymise."""
    caller = game_caller(request, code)
    if not caller.is_facilitator:
        raise GameError(ErrorCode.NOT_ALLOWED, "Only the game's facilitator may export it.")
    caller.require(GameAction.MANAGE)
    query = ExportQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return caller.game, bool(query.validated_data["anonymise"])


def _download(
    body: str, *, content_type: str, game: Game, name: str, anonymise: bool
) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    # The marker goes before the extension, so the file still opens with its program.
    stem, dot, extension = name.rpartition(".")
    suffix = "-anonymised" if anonymise else ""
    filename = f"bearcave-{game.code}-{stem}{suffix}{dot}{extension}" if dot else f"{name}{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


EXPORT_DESCRIPTION = (
    "The whole game as one versioned JSON document (`format: bearcave.game-export`, "
    "`version: 1`; JSON Schema in docs/export.schema.json): the scenario version, settings, "
    "state, participants, seats and every event. Any phase; the document says which. "
    "The game's own facilitator only (not its co-facilitators or observers)."
)


class GameExportView(GameEndpoint):
    query_serializer = ExportQuerySerializer

    @extend_schema(
        parameters=[ExportQuerySerializer],
        responses={(200, "application/json"): OpenApiTypes.OBJECT},
        summary="Export the game as JSON (facilitator)",
        description=EXPORT_DESCRIPTION,
    )
    def get(self, request: Request, code: str) -> HttpResponse:
        game, anonymise = _exported_game(request, code)
        document = rendered_document(game_export(game, anonymise=anonymise))
        return _download(
            document,
            content_type="application/json",
            game=game,
            name="export.json",
            anonymise=anonymise,
        )


class TranscriptExportView(GameEndpoint):
    query_serializer = ExportQuerySerializer

    @extend_schema(
        parameters=[ExportQuerySerializer],
        responses={(200, "text/csv"): OpenApiTypes.STR},
        summary="Export the transcript as CSV (facilitator)",
        description="Room and huddle messages, coach notes and tagged moments, one row each: "
        "round, seq, time, live_seconds, channel, author, role, functions, text, tags.",
    )
    def get(self, request: Request, code: str) -> HttpResponse:
        game, anonymise = _exported_game(request, code)
        return _download(
            transcript_table(game, anonymise=anonymise),
            content_type=CSV,
            game=game,
            name="transcript.csv",
            anonymise=anonymise,
        )


class RoundsExportView(GameEndpoint):
    query_serializer = ExportQuerySerializer

    @extend_schema(
        parameters=[ExportQuerySerializer],
        responses={(200, "text/csv"): OpenApiTypes.STR},
        summary="Export the figures of every round as CSV (facilitator)",
        description="One row per round that has started: final mood, time to calm, the "
        "customer's ratings, rubric ratings counted, tags counted, give cost, agreed changes "
        "and whether they were kept. See docs/exports.md.",
    )
    def get(self, request: Request, code: str) -> HttpResponse:
        game, anonymise = _exported_game(request, code)
        return _download(
            rounds_table(game, anonymise=anonymise),
            content_type=CSV,
            game=game,
            name="rounds.csv",
            anonymise=anonymise,
        )


class GameImportView(APIView):
    authentication_classes = GAME_AUTHENTICATION
    permission_classes = [IsFacilitator]

    @extend_schema(
        request={"application/json": OpenApiTypes.OBJECT},
        responses={201: GameSerializer},
        summary="Import an exported game as a new game of yours",
        description="The body is an export document (GET .../export/). The new game gets a "
        "fresh join code and new participant ids; no player token of the exported game works "
        "on it. A document that does not hang together is refused with `invalid`, each "
        "problem's `path` naming where (e.g. `events[12].payload.participant`), and nothing "
        "is stored.",
    )
    def post(self, request: Request) -> Response:
        # A body over MAX_IMPORT_BYTES never gets here (bearcave/limits.py answers 413); a
        # bigger export is imported with `manage.py import_game`.
        try:
            game = game_import(request.data, facilitator=cast(User, request.user))
        except ExportDocumentError as error:
            return error_response(
                "invalid",
                "The export cannot be imported; see `errors`.",
                errors=[{"path": p.path, "message": p.message} for p in error.problems],
            )
        return Response(
            GameSerializer(game, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )
