"""A round's outcome, computed from its events alone: the mood curve, time to calm, ratings,
tags, the cost of what was given, and the changes agreed. The comparison across rounds uses it."""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from games.engine.handoffs import handoff_report

EventData = Mapping[str, Any]


@dataclass(frozen=True)
class MoodPoint:
    live_seconds: float
    mood: int


@dataclass
class RoundOutcome:
    round: int
    mood_curve: list[MoodPoint] = field(default_factory=list)
    final_mood: int | None = None
    time_to_calm_seconds: float | None = None  # None: the customer never calmed down
    customer_rating: dict[str, Any] | None = None
    rubric_ratings: dict[str, str] = field(default_factory=dict)
    good_move_tags: dict[str, int] = field(default_factory=dict)
    anti_pattern_tags: dict[str, int] = field(default_factory=dict)
    give_cost: int = 0
    flagged_concessions: list[dict[str, Any]] = field(default_factory=list)
    escalations: list[str] = field(default_factory=list)
    feedback: dict[str, str] | None = None
    agreed_changes: list[dict[str, Any]] = field(default_factory=list)
    handoffs: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def current_tags(events: Sequence[EventData]) -> dict[int, dict[str, Any]]:
    """Tags as they stand after every edit and removal, by the seq of the event that added them."""
    tags: dict[int, dict[str, Any]] = {}
    for event in events:
        payload = event["payload"]
        match event["type"]:
            case "tag.added":
                tags[event["seq"]] = {"tag": event["seq"], **payload}
            case "tag.updated" if payload["tag"] in tags:
                # An update names what changed; a field left null is kept as it was.
                tags[payload["tag"]].update(
                    {
                        key: value
                        for key, value in payload.items()
                        if key != "tag" and value is not None
                    }
                )
            case "tag.removed":
                tags.pop(payload["tag"], None)
    return tags


def time_to_calm(curve: Sequence[MoodPoint], calm_threshold: int) -> float | None:
    return next((point.live_seconds for point in curve if point.mood <= calm_threshold), None)


def round_outcome(
    round_number: int,
    events: Sequence[EventData],
    *,
    calm_threshold: int,
    anti_patterns: frozenset[str],
) -> RoundOutcome:
    """Fold one round's events (every audience: this is the record, not a seat's view)."""
    outcome = RoundOutcome(round=round_number)
    last_said = 0.0  # the latest moment of live anything was stamped with
    for event in events:
        payload = event["payload"]
        last_said = max(last_said, float(payload.get("live_seconds") or 0))
        match event["type"]:
            case "mood.changed":
                point = MoodPoint(float(payload.get("live_seconds") or 0), int(payload["mood"]))
                outcome.mood_curve.append(point)
            case "customer.rated":
                outcome.customer_rating = dict(payload)
            case "rubric.rated":
                outcome.rubric_ratings = dict(payload["ratings"])
            case "feedback.given":
                outcome.feedback = {"keep": payload["keep"], "change": payload["change"]}
            case "concession.recorded":
                outcome.give_cost += int(payload["cost"])
                if payload["flags"]:
                    outcome.flagged_concessions.append(dict(payload))
            case "escalation.played":
                outcome.escalations.append(payload["card"])
            case "change.agreed":
                outcome.agreed_changes.append(dict(payload))
    if outcome.mood_curve and last_said > outcome.mood_curve[-1].live_seconds:
        # The mood held until the last thing said: a chart runs to there, not to its last change.
        outcome.mood_curve.append(MoodPoint(last_said, outcome.mood_curve[-1].mood))
    outcome.final_mood = outcome.mood_curve[-1].mood if outcome.mood_curve else None
    outcome.time_to_calm_seconds = time_to_calm(outcome.mood_curve, calm_threshold)
    counts = Counter(tag["technique"] for tag in current_tags(events).values())
    outcome.good_move_tags = {t: n for t, n in sorted(counts.items()) if t not in anti_patterns}
    outcome.anti_pattern_tags = {t: n for t, n in sorted(counts.items()) if t in anti_patterns}
    outcome.handoffs = handoff_report(events).as_json()
    return outcome
