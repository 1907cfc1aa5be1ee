"""Trying a draft alone: a private practice game against the scripted customer.

The game runs on an unpublished version of the draft (`draft_practice_version`), with the
scripted customer in the customer seat, the author as the only player (so the responder) and
the author as the facilitator, who coaches: the detector's suggested tags reach them as in any
game. Nothing of it appears in the library or the new-game form.
"""

from django.contrib.auth.models import User
from django.db import transaction

from games.engine.names import MAX_NAME_LENGTH, name_problem
from games.engine.scripted_customer import ScriptedDifficulty
from games.models import CoachMode, ConversationMode, Game
from games.services.actors import actor_for_user
from games.services.events import game_for_update
from games.services.participants import GameSettings, game_create, participant_join
from games.services.scripted import scripted_customer_seat
from scenarios.models import ScenarioDraft
from scenarios.studio.services import draft_practice_version

PRACTICE_DEBRIEF_MINUTES = 5


@transaction.atomic
def draft_try(
    *, draft: ScenarioDraft, by: User, difficulty: str = ScriptedDifficulty.TYPICAL
) -> tuple[Game, str]:
    """Open a practice game on the draft for its author: the game and the author's player
    token (they play the responder seat; signed in, they also run and coach the game)."""
    version = draft_practice_version(draft=draft)
    game = game_create(
        facilitator=by,
        scenario_version=version,
        settings=GameSettings(
            total_rounds=1,
            debrief_minutes=PRACTICE_DEBRIEF_MINUTES,
            conversation_mode=ConversationMode.TYPED,
            coach_mode=CoachMode.FACILITATOR,
            name=f"Practice: {version.title}"[:120],
            max_players=2,
        ),
    )
    game = game_for_update(game.pk)
    scripted_customer_seat(game, by=actor_for_user(game, by), difficulty=difficulty)
    _, token = participant_join(code=game.code, display_name=_player_name(by))
    return game, token


# Who the author plays as when their own name will not do as a player's: the default account
# of `make run` is called "facilitator", which no player may be called.
STAND_IN_NAME = "You"


def _player_name(user: User) -> str:
    name = (user.get_full_name() or user.get_username())[:MAX_NAME_LENGTH]
    return name if name_problem(name) is None else STAND_IN_NAME


def practice_games(draft: ScenarioDraft) -> list[Game]:
    """The author's practice games on this draft, newest first."""
    return list(
        Game.objects.filter(scenario_version__draft=draft, scenario_version__published=False)
        .select_related("scenario_version")
        .order_by("-created_at")
    )
