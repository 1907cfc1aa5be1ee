"""A round's outcome, read from its log and scored by the engine."""

from games.engine.scoring import RoundOutcome, round_outcome
from games.models import Event, Game
from scenarios.selectors import scenario_spec
from scenarios.techniques import TechniqueKind


def round_outcome_for(game: Game, round_number: int) -> RoundOutcome:
    spec = scenario_spec(game.scenario_version_id)
    anti_patterns = frozenset(
        technique
        for technique, kind in spec.technique_kinds().items()
        if kind is TechniqueKind.ANTI_PATTERN
    )
    events = [
        event.as_message()
        for event in Event.objects.filter(game=game, round_number=round_number).order_by("seq")
    ]
    return round_outcome(
        round_number,
        events,
        calm_threshold=spec.outcome.calm_threshold,
        anti_patterns=anti_patterns,
    )
