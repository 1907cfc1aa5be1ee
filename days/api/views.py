"""The training-day API, under /api/v1/days/. The facilitator (API token or session) creates a
day, forms and opens its tables and runs them; anyone with the code joins; a person who joined
reads only their own status (`Authorization: Member <token>`)."""

from typing import Any, TypeVar, cast

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from rest_framework import status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bearcave.api import InvalidFields, IsFacilitator, json_body
from bearcave.network import absolute_url
from days import selectors, services
from days.api import schemas as s
from days.models import Day, DayMember
from games.api.access import looks_like_a_code
from games.api.authentication import GAME_AUTHENTICATION
from games.commands import field_errors
from games.engine.errors import ErrorCode, GameError
from games.report_pdf import tables_report_pdf
from games.services.participants import normalise_join_code
from games.throttles import JoinMissThrottle, JoinThrottle, record_join_miss
from organisations.roles import ShareRole
from organisations.selectors import organisation_of
from scenarios import selectors as scenario_selectors

B = TypeVar("B", bound=BaseModel)


def _body(request: Request, model: type[B]) -> B:
    try:
        return model.model_validate_json(json_body(request) or b"{}")
    except PydanticValidationError as error:
        raise InvalidFields(field_errors(error)) from None


def _answer(model: type[BaseModel], data: Any, status_code: int = status.HTTP_200_OK) -> Response:
    return Response(model.model_validate(data).model_dump(mode="json"), status=status_code)


def _own_day(request: Request, code: str) -> Day:
    """The facilitator's own day of that code; any other is 404, as for games."""
    user = cast(User, request.user)
    wanted = normalise_join_code(code)
    day = (
        Day.objects.filter(code=wanted, facilitator=user).first()
        if looks_like_a_code(code)
        else None
    )
    if day is None:
        raise GameError(
            ErrorCode.GAME_NOT_FOUND, f"You have no training day with the code {wanted}."
        )
    return day


def _overview(request: Request, day: Day) -> dict[str, Any]:
    day.refresh_from_db()
    return {
        **selectors.day_overview(day),
        "join_url": absolute_url(request, reverse("day-join", kwargs={"code": day.code})),
        "qr_url": reverse("day-qr", kwargs={"code": day.code}),
    }


class FacilitatorEndpoint(APIView):
    authentication_classes = GAME_AUTHENTICATION
    permission_classes = [IsFacilitator]


class DayListView(FacilitatorEndpoint):
    @extend_schema(
        operation_id="days_list",
        responses=s.DaySummaries,
        summary="List your training days, newest first",
    )
    def get(self, request: Request) -> Response:
        days = Day.objects.filter(facilitator=cast(User, request.user))
        return Response(
            [
                s.DaySummary(
                    code=day.code,
                    name=day.name,
                    opened=day.is_open,
                    members=day.members.count(),
                    tables=day.tables.count(),
                    created_at=day.created_at,
                ).model_dump(mode="json")
                for day in days
            ]
        )

    @extend_schema(
        request=s.DayCreateBody,
        responses={201: s.DayView},
        summary="Create a training day: one join code for the whole room",
    )
    def post(self, request: Request) -> Response:
        body = _body(request, s.DayCreateBody)
        versions = []
        library = organisation_of(request.user)
        for index, slug in enumerate(body.scenarios):
            version = scenario_selectors.current_version(slug, organisation_id=library)
            if version is None:
                raise InvalidFields(
                    [{"path": f"scenarios.{index}", "message": f"No scenario {slug!r}."}]
                )
            versions.append(version)
        day = services.day_create(
            facilitator=cast(User, request.user),
            scenario_versions=versions,
            settings=services.DaySettings(
                name=body.name,
                total_rounds=body.rounds,
                live_minutes=body.live_minutes,
                debrief_minutes=body.debrief_minutes,
                table_size=body.table_size,
            ),
        )
        return _answer(s.DayView, _overview(request, day), status.HTTP_201_CREATED)


class DayDetailView(FacilitatorEndpoint):
    @extend_schema(
        responses=s.DayView,
        summary="A training day: who joined (with their function), the tables, each table's "
        "game and raised hands",
    )
    def get(self, request: Request, code: str) -> Response:
        return _answer(s.DayView, _overview(request, _own_day(request, code)))


class ProposeView(FacilitatorEndpoint):
    @extend_schema(
        request=s.DayProposeBody,
        responses=s.DayView,
        summary="Propose tables of at most `size`, each as cross-functional as the room allows",
        description="Replaces the tables proposed before. Only before the tables are open.",
    )
    def post(self, request: Request, code: str) -> Response:
        body = _body(request, s.DayProposeBody)
        day = _own_day(request, code)
        services.tables_propose(code=day.code, size=body.size)
        return _answer(s.DayView, _overview(request, day))


class MoveView(FacilitatorEndpoint):
    @extend_schema(
        request=s.DayMoveBody,
        responses=s.DayView,
        summary="Move someone to another table",
        description="Before the tables open: to any table (one past the last adds a table). "
        "Once open: between rounds only (both tables' games in the lobby or agreement, "
        "409 wrong_phase otherwise); the person leaves one game and joins the other, and "
        "their day token's /me/ names the new seat.",
    )
    def post(self, request: Request, code: str, member: int) -> Response:
        body = _body(request, s.DayMoveBody)
        day = _own_day(request, code)
        services.member_move(code=day.code, member_id=member, table_number=body.table)
        return _answer(s.DayView, _overview(request, day))


class OpenView(FacilitatorEndpoint):
    @extend_schema(
        request=None,
        responses=s.DayView,
        summary="Open the tables: each becomes a game and its people land in their seats",
    )
    def post(self, request: Request, code: str) -> Response:
        day = _own_day(request, code)
        services.tables_open(code=day.code)
        return _answer(s.DayView, _overview(request, day))


def _command_view(
    command: s.DayCommand, body_model: type[s.DayTablesBody | BaseModel], summary: str
) -> type[APIView]:
    class DayCommandView(FacilitatorEndpoint):
        @extend_schema(
            request=body_model,
            responses=s.DayCommandResult,
            summary=summary,
            description="Sent to each table's game as its facilitator would from its console "
            "(the game's own command); each table answers for itself in `results`.",
        )
        def post(self, request: Request, code: str) -> Response:
            body = _body(request, body_model)
            day = _own_day(request, code)
            arguments = body.model_dump(exclude={"tables"})
            results = services.day_command(
                day=day,
                user=cast(User, request.user),
                command=command,
                tables=getattr(body, "tables", None),
                arguments=arguments,
            )
            return _answer(s.DayCommandResult, {"results": [vars(r) for r in results]})

    DayCommandView.__name__ = DayCommandView.__qualname__ = f"Day{command.title()}View"
    return DayCommandView


COMMAND_VIEWS: dict[str, type[APIView]] = {
    "advance/": _command_view(
        "advance", s.DayAdvanceBody, "Move every table (or some) to its next phase"
    ),
    "clock/pause/": _command_view("pause", s.DayTablesBody, "Pause every table's clock (or some)"),
    "clock/resume/": _command_view(
        "resume", s.DayTablesBody, "Resume every table's clock (or some)"
    ),
    "clock/extend/": _command_view(
        "extend", s.DayExtendBody, "Give every table (or some) more time"
    ),
    "injects/": _command_view("inject", s.DayInjectBody, "Fire an inject at every table (or some)"),
    "announcements/": _command_view(
        "announce", s.DayAnnounceBody, "Say something to every table (or some)"
    ),
    "hands/lower/": _command_view("lower_hand", s.DayTablesBody, "Lower the tables' raised hands"),
}


class ShareView(FacilitatorEndpoint):
    @extend_schema(
        request=s.DayShareBody,
        responses=s.DayCommandResult,
        summary="Share every table's game (or some) with a member of your organisation",
        description="As co-facilitator or observer (role null: stop sharing), through the "
        "game's own sharing (`@/shares/`), table by table; each table answers in `results`. "
        "Only once the tables are open (each table is a game then).",
    )
    def post(self, request: Request, code: str) -> Response:
        body = _body(request, s.DayShareBody)
        day = _own_day(request, code)
        results = services.tables_share(
            day=day,
            by=cast(User, request.user),
            user_id=body.user,
            role=None if body.role is None else ShareRole(body.role),
            tables=body.tables,
        )
        return _answer(s.DayCommandResult, {"results": [vars(r) for r in results]})


class ComparisonView(FacilitatorEndpoint):
    @extend_schema(
        responses=s.DayComparison,
        summary="Every table's rounds side by side: time to calm, ratings, agreed changes",
    )
    def get(self, request: Request, code: str) -> Response:
        return _answer(s.DayComparison, selectors.day_comparison(_own_day(request, code)))


class ReportCsvView(FacilitatorEndpoint):
    @extend_schema(
        responses={(200, "text/csv"): OpenApiTypes.STR},
        summary="The day report as CSV: one row per table and round",
    )
    def get(self, request: Request, code: str) -> HttpResponse:
        day = _own_day(request, code)
        response = HttpResponse(
            selectors.day_report_csv(day), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="bearcave-day-{day.code}.csv"'
        return response


class ReportPdfView(FacilitatorEndpoint):
    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="The day report as a PDF: every table's rounds and agreed changes",
    )
    def get(self, request: Request, code: str) -> HttpResponse:
        day = _own_day(request, code)
        pdf = tables_report_pdf(selectors.day_comparison(day))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="bearcave-day-{day.code}.pdf"'
        return response


# People joining the day ---------------------------------------------------------------------

MEMBER_KEYWORD = b"member"


class MemberTokenAuthentication(BaseAuthentication):
    """`Authorization: Member <token>`, the token joining a day answered."""

    def authenticate(self, request: Request) -> tuple[AnonymousUser, DayMember] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != MEMBER_KEYWORD:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Send `Authorization: Member <token>`.")
        try:
            member = services.member_from_token(parts[1].decode("ascii", errors="replace"))
        except GameError as error:
            raise AuthenticationFailed(error.message, code=error.code.value) from None
        return AnonymousUser(), member

    def authenticate_header(self, request: Request) -> str:
        return "Member"


class MemberTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = MemberTokenAuthentication
    name = "dayMemberToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Member <token>`, the token returned when joining a training day.",
        }


class IsDayMember(BasePermission):
    message = "Join the day first (Authorization: Member <token>)."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return isinstance(request.auth, DayMember)


class DayJoinView(APIView):
    """No account needed; throttled per address as joining a game is."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [JoinThrottle, JoinMissThrottle]

    @extend_schema(
        request=s.DayJoinBody,
        responses={201: s.DayJoinResult},
        summary="Join a training day with its code, a name and (optionally) your function",
    )
    def post(self, request: Request, code: str) -> Response:
        body = _body(request, s.DayJoinBody)
        try:
            if not looks_like_a_code(code):
                raise GameError(ErrorCode.GAME_NOT_FOUND, "That is not a join code.")
            member, token = services.day_join(
                code=code, display_name=body.name, function=body.function
            )
        except GameError as error:
            if error.code == ErrorCode.GAME_NOT_FOUND:
                record_join_miss(request, self)
            raise
        member = services.member_from_token(token)
        return _answer(
            s.DayJoinResult,
            {"token": token, "member": selectors.member_status(member)},
            status.HTTP_201_CREATED,
        )


class MemberStatusView(APIView):
    authentication_classes = [MemberTokenAuthentication]
    permission_classes = [IsDayMember]

    @extend_schema(
        responses=s.Me,
        summary="Your table in the day and, once it is open, your game and player token",
    )
    def get(self, request: Request, code: str) -> Response:
        member = cast(DayMember, request.auth)
        if member.day.code != normalise_join_code(code):
            raise GameError(ErrorCode.NOT_ALLOWED, "Your day token is for another day.")
        return _answer(s.Me, selectors.member_status(member))
