"""Running a training day: creating it, letting people in with its one code, forming the tables,
opening them as games and running every table (or some) at once.

A table's game is made and joined by the games' own services (`game_create`,
`participant_join`), and every command sent to the tables goes through the game's command table
(`games.commands.command_run`), exactly as if the facilitator had sent it from that game's
console: the day adds no rules of its own to a game.
"""

import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from days import seating
from days.models import Day, DayMember, DayScenario, DayTable
from games import protocol as p
from games.commands import command_run
from games.engine.errors import ErrorCode, GameError
from games.engine.names import clean_name, name_problem, name_skeleton
from games.engine.phases import Phase
from games.engine.text import text_problem
from games.models import Game
from games.services.participants import (
    GameSettings,
    game_create,
    new_join_code,
    normalise_join_code,
    participant_join,
)
from games.services.sharing import game_share, game_unshare
from organisations.roles import ShareRole
from scenarios.models import ScenarioVersion

MEMBER_TOKEN_SALT = "bearcave.day-member"  # noqa: S105 (a namespace, not a secret)
MAX_FUNCTION_LENGTH = 60
MAX_SCENARIOS = 30


@dataclass(frozen=True)
class DaySettings:
    name: str
    total_rounds: int = 3
    live_minutes: int | None = None  # None: each scenario's own length
    debrief_minutes: int = 8
    table_size: int = 5


def _check_settings(settings: DaySettings, versions: Sequence[ScenarioVersion]) -> None:
    if not versions or len(versions) > MAX_SCENARIOS:
        raise GameError(
            ErrorCode.INVALID, f"A day plays 1 to {MAX_SCENARIOS} scenarios (one per table)."
        )
    if not 1 <= settings.total_rounds <= 12:
        raise GameError(ErrorCode.INVALID, "A game has between 1 and 12 rounds.")
    live = settings.live_minutes
    if (live is not None and not 1 <= live <= 90) or not 1 <= settings.debrief_minutes <= 60:
        raise GameError(ErrorCode.INVALID, "Live lasts 1 to 90 minutes and debrief 1 to 60.")
    if not seating.MIN_TABLE_SIZE <= settings.table_size <= seating.MAX_TABLE_SIZE:
        raise GameError(
            ErrorCode.INVALID,
            f"A table seats {seating.MIN_TABLE_SIZE} to {seating.MAX_TABLE_SIZE} people.",
        )
    if not settings.name.strip():
        raise GameError(ErrorCode.INVALID, "Name the day, e.g. 'Support academy, March'.")


@transaction.atomic
def day_create(
    *, facilitator: User, scenario_versions: Sequence[ScenarioVersion], settings: DaySettings
) -> Day:
    """A day with one join code. One scenario plays at every table; several play one per
    table, in order, starting again from the first when there are more tables."""
    _check_settings(settings, scenario_versions)
    for _ in range(20):
        code = new_join_code()
        if Game.objects.filter(code=code).exists():
            continue  # one code names one thing, so a typed code is never ambiguous
        try:
            with transaction.atomic():
                day = Day.objects.create(
                    code=code,
                    name=settings.name.strip()[:120],
                    facilitator=facilitator,
                    total_rounds=settings.total_rounds,
                    live_minutes=settings.live_minutes,
                    debrief_minutes=settings.debrief_minutes,
                    table_size=settings.table_size,
                )
            break
        except IntegrityError:  # the code is taken: draw another
            continue
    else:  # pragma: no cover - 31^6 codes
        raise GameError(ErrorCode.BAD_COMMAND, "Could not find a free join code; try again.")
    DayScenario.objects.bulk_create(
        DayScenario(day=day, position=index, scenario_version=version)
        for index, version in enumerate(scenario_versions)
    )
    return day


def member_token(member: DayMember) -> str:
    return signing.dumps(
        {"d": member.day_id, "m": member.pk, "n": member.token_nonce},
        salt=MEMBER_TOKEN_SALT,
        compress=True,
    )


def member_from_token(token: str) -> DayMember:
    """The day member a signed token names; refused when forged or unknown."""
    try:
        claims = signing.loads(token, salt=MEMBER_TOKEN_SALT)
    except signing.BadSignature:
        raise GameError(ErrorCode.NOT_AUTHENTICATED, "That day token is not valid.") from None
    member = (
        DayMember.objects.select_related("day", "table__game", "participant")
        .filter(pk=claims.get("m"), day_id=claims.get("d"))
        .first()
    )
    if member is None or not secrets.compare_digest(member.token_nonce, str(claims.get("n"))):
        raise GameError(ErrorCode.NOT_AUTHENTICATED, "That day token is not valid.")
    return member


def _checked_function(function: str) -> str:
    cleaned = clean_name(function)
    problem = text_problem(cleaned)
    if problem:
        raise GameError(ErrorCode.INVALID, problem)
    if len(cleaned) > MAX_FUNCTION_LENGTH:
        raise GameError(
            ErrorCode.INVALID, f"A function may be at most {MAX_FUNCTION_LENGTH} characters."
        )
    return cleaned


def _function_key(function: str) -> str:
    """Functions typed by people ("Support", "support ") are compared case-folded."""
    return function.casefold()


def day_for_update(code: str) -> Day:
    """Lock the day: joins, moves and opening the tables happen one at a time."""
    day = Day.objects.select_for_update().filter(code=normalise_join_code(code)).first()
    if day is None:
        raise GameError(ErrorCode.GAME_NOT_FOUND, f"No training day has the code {code.strip()!r}.")
    return day


@transaction.atomic
def day_join(*, code: str, display_name: str, function: str = "") -> tuple[DayMember, str]:
    """Let someone into the day with its code, a name and (optionally) their function. Once the
    tables are open, they go straight to the table that needs them, into its game."""
    problem = name_problem(display_name)
    if problem:
        raise GameError(ErrorCode.INVALID, problem)
    name = clean_name(display_name)
    cleaned_function = _checked_function(function)
    day = day_for_update(code)
    skeleton = name_skeleton(name)
    for present in day.members.all():
        if name_skeleton(present.display_name) == skeleton:
            raise GameError(
                ErrorCode.NAME_TAKEN,
                f"Someone here is already called {present.display_name} (or a name that looks "
                "the same); add an initial or pick another name.",
            )
    member = DayMember.objects.create(
        day=day,
        display_name=name,
        name_key=name.casefold(),
        function=cleaned_function,
        token_nonce=secrets.token_hex(16),
    )
    if day.is_open:
        table = _table_needing(day, cleaned_function)
        _seat(member, table)
    return member, member_token(member)


def _table_needing(day: Day, function: str) -> DayTable:
    tables = list(day.tables.prefetch_related("members"))
    if not tables:
        raise GameError(ErrorCode.WRONG_PHASE, "This day has no tables yet.")
    number = seating.table_for_late_joiner(
        [
            seating.TableNow(
                number=table.number,
                functions=[_function_key(m.function) for m in table.members.all()],
            )
            for table in tables
        ],
        _function_key(function),
    )
    return next(table for table in tables if table.number == number)


def _seat(member: DayMember, table: DayTable) -> None:
    """Join the member into their table's game (the game's own join)."""
    member.table = table
    if table.game is not None:
        member.participant, _ = participant_join(
            code=table.game.code, display_name=member.display_name
        )
    member.save(update_fields=["table", "participant"])


def _check_forming(day: Day) -> None:
    if day.is_open:
        raise GameError(
            ErrorCode.WRONG_PHASE,
            "The tables are open: people are in their games now; late joiners are placed "
            "automatically.",
        )


@transaction.atomic
def tables_propose(*, code: str, size: int) -> list[DayTable]:
    """Split everyone who has joined into tables of at most `size`, each as cross-functional as
    the room allows (days/seating.py). Replaces the tables proposed before."""
    day = day_for_update(code)
    _check_forming(day)
    members = list(day.members.all())
    try:
        proposal = seating.tables_propose(
            [seating.Person(id=m.pk, function=_function_key(m.function)) for m in members], size
        )
    except ValueError as error:
        raise GameError(ErrorCode.INVALID, str(error)) from None
    day.members.update(table=None)
    day.tables.all().delete()
    scenarios = [s.scenario_version for s in day.scenarios.select_related("scenario_version")]
    by_id = {m.pk: m for m in members}
    tables = []
    for index, seated in enumerate(proposal):
        table = DayTable.objects.create(
            day=day, number=index + 1, scenario_version=scenarios[index % len(scenarios)]
        )
        DayMember.objects.filter(pk__in=[by_id[i].pk for i in seated]).update(table=table)
        tables.append(table)
    day.table_size = size
    day.save(update_fields=["table_size"])
    return tables


@transaction.atomic
def member_move(*, code: str, member_id: int, table_number: int) -> DayMember:
    """Move someone to another table. Before the tables open: freely (table number one past the
    last adds a table). Once they are games: only between rounds (days/seating.py's rule), the
    person leaving one table's game and joining the other's through the games' own services; the
    day's link then takes them to their new seat."""
    day = day_for_update(code)
    member = day.members.select_related("table", "participant").filter(pk=member_id).first()
    if member is None:
        raise GameError(ErrorCode.UNKNOWN_PARTICIPANT, "No such person in this day.")
    if day.is_open:
        return _move_between_games(day, member, table_number)
    table = day.tables.filter(number=table_number).first()
    if table is None:
        count = day.tables.count()
        if table_number != count + 1:
            raise GameError(
                ErrorCode.INVALID, f"This day has tables 1 to {count}; {count + 1} adds one."
            )
        scenarios = [s.scenario_version for s in day.scenarios.select_related("scenario_version")]
        table = DayTable.objects.create(
            day=day, number=table_number, scenario_version=scenarios[count % len(scenarios)]
        )
    member.table = table
    member.save(update_fields=["table"])
    return member


def _move_between_games(day: Day, member: DayMember, table_number: int) -> DayMember:
    """The person leaves their table's game (the game's own `remove_participant`, as its
    facilitator) and joins the other table's (`participant_join`), both games locked meanwhile."""
    table = day.tables.filter(number=table_number, game__isnull=False).first()
    if table is None:
        raise GameError(
            ErrorCode.INVALID,
            f"No table {table_number} in this day (once the tables are open, none is added).",
        )
    leaving = member.table
    if leaving is not None and leaving.pk == table.pk:
        return member
    assert table.game_id is not None
    game_ids = sorted({table.game_id, *([leaving.game_id] if leaving and leaving.game_id else [])})
    games = {
        g.pk: g for g in Game.objects.select_for_update().filter(pk__in=game_ids).order_by("pk")
    }
    joining_game = games[table.game_id]
    leaving_game = games.get(leaving.game_id) if leaving and leaving.game_id else None
    refusal = seating.move_refusal(
        leaving=leaving_game.phase if leaving_game else Phase.LOBBY.value,
        joining=joining_game.phase,
    )
    if refusal:
        raise GameError(ErrorCode.WRONG_PHASE, refusal)
    participant = member.participant
    if leaving_game is not None and participant is not None and participant.is_present:
        command_run(
            game_id=leaving_game.pk,
            message=p.RemoveParticipant(
                type="remove_participant",
                client_msg_id=_client_msg_id(),
                participant=participant.pk,
            ),
            participant=None,
            user=day.facilitator,
        )
    table.game = joining_game
    _seat(member, table)
    return member


@transaction.atomic
def tables_open(*, code: str) -> Day:
    """Make every table a game and let its people in: each lands in their table's seat screen.
    Empty tables are dropped (and the rest renumbered in order)."""
    day = day_for_update(code)
    _check_forming(day)
    tables = [table for table in day.tables.prefetch_related("members") if table.members.all()]
    if not tables:
        raise GameError(ErrorCode.WRONG_PHASE, "Propose the tables first (nobody is seated).")
    day.tables.exclude(pk__in=[t.pk for t in tables]).delete()
    for number, table in enumerate(tables, start=1):
        if table.number != number:
            table.number = number
            table.save(update_fields=["number"])
    for table in tables:
        table.game = game_create(
            facilitator=day.facilitator,
            scenario_version=table.scenario_version,
            settings=GameSettings(
                total_rounds=day.total_rounds,
                live_minutes=day.live_minutes,
                debrief_minutes=day.debrief_minutes,
                name=f"{day.name} · {table.name}"[:120],
            ),
        )
        table.save(update_fields=["game"])
        for member in table.members.all():
            _seat(member, table)
    day.opened_at = timezone.now()
    day.save(update_fields=["opened_at"])
    return day


# Running the tables together ----------------------------------------------------------------


@dataclass(frozen=True)
class TableResult:
    """What one table answered to a command sent to several."""

    table: int
    ok: bool
    seq: int | None = None
    code: str = ""
    message: str = ""


def _client_msg_id() -> str:
    return f"day-{uuid.uuid4().hex}"


# What the facilitator can do to every table at once: each builds the table's command message.
DAY_COMMANDS: dict[str, Callable[[Game, dict[str, Any]], p.Command]] = {
    "advance": lambda game, args: p.AdvancePhase(
        type="advance_phase",
        client_msg_id=_client_msg_id(),
        expected_phase=Phase(game.phase),
        # Only an agreement without an agreed change needs a reason to end.
        override_reason=args.get("override_reason", "") if game.phase == Phase.AGREEMENT else "",
    ),
    "pause": lambda _, __: p.PauseClock(type="pause_clock", client_msg_id=_client_msg_id()),
    "resume": lambda _, __: p.ResumeClock(type="resume_clock", client_msg_id=_client_msg_id()),
    "extend": lambda _, args: p.ExtendClock(
        type="extend_clock", client_msg_id=_client_msg_id(), seconds=args["seconds"]
    ),
    "inject": lambda _, args: p.FireInject(
        type="fire_inject", client_msg_id=_client_msg_id(), inject=args["inject"]
    ),
    "announce": lambda _, args: p.Announce(
        type="announce", client_msg_id=_client_msg_id(), text=args["text"]
    ),
    "lower_hand": lambda _, __: p.RaiseHand(
        type="raise_hand", client_msg_id=_client_msg_id(), raised=False
    ),
}


def _open_tables(day: Day, tables: Sequence[int] | None) -> list[DayTable]:
    """The day's tables with a game, or the numbered ones; an unknown number is refused."""
    if not day.is_open:
        raise GameError(ErrorCode.WRONG_PHASE, "Open the tables first.")
    chosen = day.tables.select_related("game").filter(game__isnull=False)
    if tables is not None:
        unknown = set(tables) - set(chosen.values_list("number", flat=True))
        if unknown:
            raise GameError(
                ErrorCode.INVALID, f"No table {', '.join(map(str, sorted(unknown)))} in this day."
            )
        chosen = chosen.filter(number__in=tables)
    return list(chosen)


def day_command(
    *,
    day: Day,
    user: User,
    command: str,
    tables: Sequence[int] | None = None,
    arguments: dict[str, Any] | None = None,
) -> list[TableResult]:
    """Send one command to every table (or the numbered ones) through the game's command table,
    as the facilitator. Each table answers for itself: one table in the wrong phase does not
    stop the others. The day is not locked; each game locks itself as any command does."""
    chosen = _open_tables(day, tables)
    build = DAY_COMMANDS[command]
    results = []
    for table in chosen:
        assert table.game is not None
        game = Game.objects.get(pk=table.game.pk)  # its phase now, not when the day was read
        try:
            message = build(game, arguments or {})
            event = command_run(game_id=game.pk, message=message, participant=None, user=user)
        except GameError as error:
            results.append(
                TableResult(table.number, ok=False, code=error.code.value, message=error.message)
            )
        else:
            results.append(TableResult(table.number, ok=True, seq=event.seq))
    return results


def tables_share(
    *,
    day: Day,
    by: User,
    user_id: int,
    role: ShareRole | None,
    tables: Sequence[int] | None = None,
) -> list[TableResult]:
    """Give every table's game (or the numbered ones') to a member of the organisation as
    co-facilitator or observer, or (role None) stop sharing it with them: the games' own
    sharing, table by table, each answering for itself (a table not shared with them says so)."""
    results = []
    for table in _open_tables(day, tables):
        assert table.game is not None
        try:
            if role is None:
                game_unshare(game=table.game, by=by, user_id=user_id)
            else:
                game_share(game=table.game, by=by, user_id=user_id, role=role)
        except GameError as error:
            results.append(
                TableResult(table.number, ok=False, code=error.code.value, message=error.message)
            )
        else:
            results.append(TableResult(table.number, ok=True))
    return results
