"""Creating games and letting people in (and out): join codes, names, tokens, locks, removals."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from games.catalogue import (
    GameCreated,
    GameLocked,
    JoinedParticipant,
    ParticipantJoined,
    ParticipantRemoved,
    ReplaysOpened,
    ScenarioRef,
)
from games.engine.errors import ErrorCode, GameError
from games.engine.names import clean_name, name_problem, name_skeleton
from games.engine.phases import Phase
from games.engine.roles import Action, Audience, check_allowed
from games.models import CoachMode, ConversationMode, Event, Game, Participant
from games.services.actors import Actor
from games.services.events import Command, event_append, game_for_update
from games.services.seats import seats_replan
from organisations.roles import Capability, OrgRole, may
from organisations.selectors import membership_of
from organisations.tokens import TokenRefused, api_token_check
from scenarios.models import ScenarioVersion

# Easy to read aloud and to type on a phone: no 0/O, no 1/I/L.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
TOKEN_SALT = "bearcave.player-token"  # noqa: S105 (a namespace, not a secret)


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "")


@dataclass(frozen=True)
class GameSettings:
    total_rounds: int = 3
    briefing_minutes: int = 0  # 0: briefing lasts until the facilitator starts live
    live_minutes: int | None = None  # None: the scenario's own length
    debrief_minutes: int = 8
    functions: tuple[str, ...] = ()  # empty: every function of the scenario
    conversation_mode: str = ConversationMode.TYPED
    coach_mode: str = CoachMode.ROTATING
    name: str = ""
    max_players: int = 40


MIN_FUNCTIONS_IN_PLAY = 2


def _checked_functions(version: ScenarioVersion, wanted: tuple[str, ...]) -> list[str]:
    available = [seat["function"] for seat in version.document["responders"]]
    if not wanted:
        return available
    unknown = [function for function in wanted if function not in available]
    if unknown:
        raise GameError(
            ErrorCode.BAD_COMMAND,
            f"Unknown function(s) {', '.join(unknown)}; this scenario has {', '.join(available)}.",
        )
    chosen = [function for function in available if function in wanted]
    if len(chosen) < MIN_FUNCTIONS_IN_PLAY:
        # The scenario's seats are a cross-functional team; one function alone is no team (and
        # the briefs, rubric and scripted customer are written for two or more).
        raise GameError(
            ErrorCode.BAD_COMMAND,
            f"Pick at least {MIN_FUNCTIONS_IN_PLAY} responder functions; this scenario has "
            f"{', '.join(available)}. One person may hold several.",
        )
    return chosen


@transaction.atomic
def game_create(
    *, facilitator: User, scenario_version: ScenarioVersion, settings: GameSettings
) -> Game:
    """A game of the facilitator's organisation, on a version of its library (built-in or its
    own). Only a member who may create games (organisations.roles) creates one."""
    membership = membership_of(facilitator)
    if membership is None or not may(OrgRole(membership.role), Capability.CREATE_GAMES):
        raise GameError(ErrorCode.NOT_ALLOWED, "Only an organisation's facilitators run games.")
    if scenario_version.scenario.organisation_id not in (None, membership.organisation_id):
        raise GameError(ErrorCode.NOT_FOUND, "No such scenario in your organisation's library.")
    if not 1 <= settings.total_rounds <= 12:
        raise GameError(ErrorCode.BAD_COMMAND, "A game has between 1 and 12 rounds.")
    live_minutes = settings.live_minutes or int(scenario_version.document["live_minutes"])
    if not 1 <= live_minutes <= 90 or not 1 <= settings.debrief_minutes <= 60:
        raise GameError(
            ErrorCode.BAD_COMMAND, "Live lasts 1 to 90 minutes and debrief 1 to 60 minutes."
        )
    if not 0 <= settings.briefing_minutes <= 30:
        raise GameError(
            ErrorCode.BAD_COMMAND, "Briefing lasts 0 (until you start live) to 30 minutes."
        )
    functions = _checked_functions(scenario_version, settings.functions)
    for _ in range(20):
        try:
            with transaction.atomic():
                game = Game.objects.create(
                    code=new_join_code(),
                    name=settings.name.strip()[:120],
                    facilitator=facilitator,
                    organisation_id=membership.organisation_id,
                    scenario_version=scenario_version,
                    conversation_mode=settings.conversation_mode,
                    coach_mode=settings.coach_mode,
                    total_rounds=settings.total_rounds,
                    briefing_seconds=settings.briefing_minutes * 60,
                    live_seconds=live_minutes * 60,
                    debrief_seconds=settings.debrief_minutes * 60,
                    functions=functions,
                    max_players=settings.max_players,
                )
            break
        except IntegrityError:  # the code is taken: draw another
            continue
    else:  # pragma: no cover - 31^6 codes
        raise GameError(ErrorCode.BAD_COMMAND, "Could not find a free join code; try again.")
    event_append(
        game,
        GameCreated(
            code=game.code,
            name=game.name,
            scenario=ScenarioRef(
                id=scenario_version.scenario.slug,
                version=scenario_version.number,
                title=scenario_version.title,
            ),
            rounds=game.total_rounds,
            functions=functions,
            conversation_mode=game.conversation_mode,
            coach_mode=game.coach_mode,
        ),
        audience=Audience.EVERYONE,
        actor_user=facilitator,
    )
    return game


@transaction.atomic
def game_delete(*, game: Game) -> None:
    """Delete a game and everything derived from it: participants (their tokens stop working),
    seats, the whole log, open connections. Exports are made on request, so none remain; the
    scenario version stays in the library. The game's row is locked first, so a command in
    flight either lands before or finds no game."""
    game_for_update(game.pk)
    Game.objects.filter(pk=game.pk).delete()


def games_purge(*, inactive_for: timedelta, now: datetime | None = None) -> list[str]:
    """Delete every game with nothing logged for `inactive_for` (a retention policy); returns
    their codes."""
    cutoff = (now or timezone.now()) - inactive_for
    stale = Game.objects.annotate(last_activity=Max("events__created_at")).filter(
        Q(last_activity__lt=cutoff) | Q(last_activity__isnull=True, created_at__lt=cutoff)
    )
    codes = list(stale.values_list("code", flat=True))
    for game in Game.objects.filter(code__in=codes):
        game_delete(game=game)
    return codes


def _finished_at(game: Game) -> datetime | None:
    return (
        Event.objects.filter(game=game, type="phase.changed", payload__phase=Phase.FINISHED)
        .values_list("created_at", flat=True)
        .first()
    )


def player_token(participant: Participant) -> str:
    return signing.dumps(
        {"g": participant.game_id, "p": participant.pk, "n": participant.token_nonce},
        salt=TOKEN_SALT,
        compress=True,
    )


def participant_from_token(token: str) -> Participant:
    """The participant a signed token names; refused if forged, for a removed player, or stale."""
    try:
        claims = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        raise GameError(ErrorCode.NOT_AUTHENTICATED, "That player token is not valid.") from None
    participant = (
        Participant.objects.select_related("game")
        .filter(pk=claims.get("p"), game_id=claims.get("g"))
        .first()
    )
    if participant is None or not secrets.compare_digest(
        participant.token_nonce, str(claims.get("n"))
    ):
        raise GameError(ErrorCode.NOT_AUTHENTICATED, "That player token is not valid.")
    if not participant.is_present:
        raise GameError(ErrorCode.PARTICIPANT_REMOVED, "You were removed from this game.")
    if participant.game.phase == Phase.FINISHED:
        finished = _finished_at(participant.game)
        expiry = timedelta(days=django_settings.PLAYER_TOKEN_DAYS)
        if finished is not None and timezone.now() > finished + expiry:
            raise GameError(
                ErrorCode.NOT_AUTHENTICATED,
                f"This game finished on {finished:%d %B %Y}; its player links work for "
                f"{django_settings.PLAYER_TOKEN_DAYS} days after that.",
            )
    return participant


def user_from_api_token(key: str) -> User:
    """The user an API token belongs to; refused, saying why, if unknown, revoked or expired."""
    try:
        token = api_token_check(key)
    except TokenRefused as refused:
        raise GameError(ErrorCode.NOT_AUTHENTICATED, refused.message) from None
    user: User = token.user
    return user


def _checked_name(display_name: str) -> str:
    problem = name_problem(display_name)
    if problem:
        raise GameError(ErrorCode.INVALID, problem)
    return clean_name(display_name)


def _check_not_banned(game: Game, name: str, browser: str) -> None:
    """A ban binds to the name (and its look-alikes) and to the browser the person joined from."""
    skeleton = name_skeleton(name)
    for banned in game.participants.filter(banned=True):
        if name_skeleton(banned.display_name) == skeleton or (
            browser and secrets.compare_digest(banned.browser_key, browser)
        ):
            raise GameError(ErrorCode.BANNED, "The facilitator has removed you from this game.")


def _check_name_free(game: Game, name: str) -> None:
    skeleton = name_skeleton(name)
    for present in game.participants.filter(removed_at__isnull=True):
        if name_skeleton(present.display_name) == skeleton:
            raise GameError(
                ErrorCode.NAME_TAKEN,
                f"Someone here is already called {present.display_name} (or a name that looks "
                "the same); add an initial or pick another name.",
            )


@transaction.atomic
def participant_join(
    *, code: str, display_name: str, observer: bool = False, browser: str = ""
) -> tuple[Participant, str]:
    """Let someone in with the join code and a name. Returns the participant and their token.
    `browser` identifies the browser they join from (a hash of its cookie), for bans."""
    name = _checked_name(display_name)
    game_id = Game.objects.filter(code=normalise_join_code(code)).values_list("pk", flat=True)
    if not game_id:
        raise GameError(ErrorCode.GAME_NOT_FOUND, f"No game has the code {code.strip()!r}.")
    game = game_for_update(game_id[0])
    if game.phase == Phase.FINISHED:
        raise GameError(ErrorCode.GAME_FINISHED, "This game has finished.")
    if game.locked:
        raise GameError(
            ErrorCode.GAME_LOCKED, "The facilitator has closed this game to new players."
        )
    _check_not_banned(game, name, browser)
    present = game.participants.filter(removed_at__isnull=True)
    if present.count() >= game.max_players:
        raise GameError(ErrorCode.GAME_FULL, f"This game is full ({game.max_players} people).")
    _check_name_free(game, name)
    participant = Participant.objects.create(
        game=game,
        display_name=name,
        name_key=name.casefold(),
        token_nonce=secrets.token_hex(16),
        observer=observer,
        browser_key=browser,
    )
    event_append(
        game,
        ParticipantJoined(
            participant=JoinedParticipant(id=participant.pk, name=name, observer=observer)
        ),
        audience=Audience.EVERYONE,
        actor=participant,
    )
    seats_replan(game)
    return participant, player_token(participant)


def game_lock(game: Game, *, by: Actor, locked: bool, command: Command | None = None) -> Event:
    """Close the game to late joiners (or open it again)."""
    check_allowed(Action.RUN_GAME, role=by.role, phase=Phase(game.phase))
    game.locked = locked
    game.save(update_fields=["locked"])
    return event_append(
        game,
        GameLocked(locked=locked),
        audience=Audience.EVERYONE,
        actor_user=by.user,
        command=command,
    )


def replays_open(game: Game, *, by: Actor, open: bool, command: Command | None = None) -> Event:
    """Let the players replay finished rounds (each from their own seat), or stop them. Off by
    default: a round's replay holds what its seats said in private."""
    check_allowed(Action.RUN_GAME, role=by.role, phase=Phase(game.phase))
    game.replays_open = open
    game.save(update_fields=["replays_open"])
    return event_append(
        game,
        ReplaysOpened(open=open),
        audience=Audience.EVERYONE,
        actor_user=by.user,
        command=command,
    )


def participant_remove(
    game: Game,
    *,
    by: Actor,
    participant_id: int,
    ban: bool = False,
    command: Command | None = None,
) -> Event:
    """Remove someone: their token stops working and the open rounds are re-planned. With a
    ban, they cannot join this game again by their name (or a look-alike) or from their browser."""
    check_allowed(Action.RUN_GAME, role=by.role, phase=Phase(game.phase))
    participant = game.participants.filter(pk=participant_id, removed_at__isnull=True).first()
    if participant is None:
        raise GameError(ErrorCode.UNKNOWN_PARTICIPANT, "No such participant in this game.")
    participant.removed_at = timezone.now()
    participant.banned = ban
    participant.save(update_fields=["removed_at", "banned"])
    if participant.scripted:  # the players take turns as the customer again
        game.scripted_customer = False
        game.save(update_fields=["scripted_customer"])
    event = event_append(
        game,
        ParticipantRemoved(participant=participant.pk, name=participant.display_name, banned=ban),
        audience=Audience.EVERYONE,
        actor_user=by.user,
        command=command,
    )
    seats_replan(game)
    return event
