"""Comparing two games that should be the same apart from their codes and database ids.

Independent of the export code on purpose: participant ids are replaced by the participant's
name wherever a payload, snapshot or event message holds one, so two logs compare equal exactly
when they say the same things about the same people.
"""

from typing import Any

from games.models import Game

ID_KEYS = {"participant", "customer", "previous", "actor", "addressee"}


def names_by_id(game: Game) -> dict[int, str]:
    # Names may repeat (a removed player's name taken later): the join order tells them apart.
    return {
        p.pk: f"{p.display_name}#{number}"
        for number, p in enumerate(game.participants.order_by("joined_at", "pk"), start=1)
    }


def by_name(value: Any, names: dict[int, str], code: str, key: str = "") -> Any:
    """`value` with participant ids replaced by who they are and the game's code by CODE."""
    if isinstance(value, dict):
        if key in ("participant", "participants") and "id" in value:  # a person, as a dict
            value = {**value, "id": names[value["id"]]}
        return {k: by_name(v, names, code, k) for k, v in value.items()}
    if isinstance(value, list):
        if key == "participants" and all(isinstance(item, int) for item in value):
            return [names[item] for item in value]
        return [by_name(item, names, code, key) for item in value]
    if key in ID_KEYS and isinstance(value, int) and not isinstance(value, bool):
        return names[value]
    return "CODE" if value == code else value


def normalised(game: Game, value: Any) -> Any:
    return by_name(value, names_by_id(game), game.code)
