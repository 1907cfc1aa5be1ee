"""What the API's read endpoints show, folded from the events the caller may see.

Nothing here decides visibility: every list starts from `games.selectors.events_since`, so a
player reads over HTTP exactly what their socket shows them, and the facilitator everything.
"""

from typing import Any

from games.engine.phases import Phase
from games.models import Game
from games.selectors import Viewer, events_since, outcome_is_public
from games.services.outcomes import round_outcome_for
from games.services.seats import seat_plan

Item = dict[str, Any]


def visible_events(
    game: Game, viewer: Viewer, *types: str, round_number: int | None = None
) -> list[Item]:
    return [
        event
        for event in events_since(game, viewer, 0)
        if event["type"] in types and (round_number is None or event["round"] == round_number)
    ]


def round_state(game: Game, number: int) -> str:
    if game.phase == Phase.LOBBY or number > game.round_number:
        return "upcoming"
    if number < game.round_number or game.phase == Phase.FINISHED:
        return "played"
    return str(game.phase)


def rounds_for(game: Game, viewer: Viewer, numbers: list[int]) -> list[Item]:
    """Each round's state, its seats and, once the caller may see it, its outcome."""
    plan = seat_plan(game)
    rounds = []
    for number in numbers:
        state = round_state(game, number)
        visible = outcome_is_public(game, number) or (
            viewer.participant is None and state != "upcoming"
        )
        rounds.append(
            {
                "round": number,
                "state": state,
                "seats": plan.get(str(number), []),
                "outcome": round_outcome_for(game, number).as_json() if visible else None,
            }
        )
    return rounds


def tags_for(game: Game, viewer: Viewer, round_number: int | None) -> list[Item]:
    """The coach's tags as they stand, as far as the caller has seen them: private to the coach
    during live, everyone's from the debrief's reveal on."""
    tags: dict[int, Item] = {}
    for event in visible_events(
        game,
        viewer,
        "tag.added",
        "tag.updated",
        "tag.removed",
        "debrief.revealed",
        round_number=round_number,
    ):
        payload = event["payload"]
        match event["type"]:
            case "debrief.revealed":
                tags = {seq: tag for seq, tag in tags.items() if tag["round"] != event["round"]}
                for tag in payload["tags"]:
                    tags[tag["tag"]] = _tag(tag["tag"], event["round"], tag)
            case "tag.added":
                tags[event["seq"]] = _tag(event["seq"], event["round"], payload)
            case "tag.updated" if payload["tag"] in tags:
                changes = {
                    k: v for k, v in payload.items() if k in ("technique", "note") and v is not None
                }
                tags[payload["tag"]].update(changes)
            case "tag.removed":
                tags.pop(payload["tag"], None)
    return sorted(tags.values(), key=lambda tag: tag["tag"])


def _tag(seq: int, round_number: int, payload: Item) -> Item:
    return {
        "tag": seq,
        "round": round_number,
        "technique": payload["technique"],
        "note": payload.get("note", ""),
        "message": payload.get("message"),
        "participant": payload.get("participant"),
        "live_seconds": payload.get("live_seconds"),
    }


def feedback_for(game: Game, viewer: Viewer, round_number: int | None) -> list[Item]:
    return [
        {"seq": event["seq"], "round": event["round"], **event["payload"]}
        for event in visible_events(game, viewer, "feedback.given", round_number=round_number)
    ]


def ratings_for(game: Game, viewer: Viewer, round_number: int | None) -> Item:
    """The customer's ratings (the team sees them from the debrief) and the coach's rubric."""
    events = visible_events(
        game, viewer, "customer.rated", "rubric.rated", round_number=round_number
    )
    return {
        kind: [
            {"seq": event["seq"], "round": event["round"], **event["payload"]}
            for event in events
            if event["type"] == event_type
        ]
        for kind, event_type in (("customer", "customer.rated"), ("rubric", "rubric.rated"))
    }


def proposals_for(game: Game, viewer: Viewer, round_number: int | None) -> list[Item]:
    """Every proposed change with its votes and whether it was agreed (forced or not)."""
    proposals: dict[int, Item] = {}
    for event in visible_events(
        game,
        viewer,
        "change.proposed",
        "change.voted",
        "change.agreed",
        round_number=round_number,
    ):
        payload = event["payload"]
        if event["type"] == "change.proposed":
            proposals[event["seq"]] = {
                "proposal": event["seq"],
                "round": event["round"],
                "text": payload["text"],
                "author": payload["author"],
                "votes": [],
                "agreed": False,
                "forced": False,
            }
        elif (proposal := proposals.get(payload["proposal"])) is None:
            continue
        elif event["type"] == "change.voted":
            proposal["votes"].append(
                {"seq": event["seq"], "voter": payload["voter"], "accept": payload["accept"]}
            )
        else:
            proposal.update(agreed=True, forced=payload["forced"])
    return list(proposals.values())
