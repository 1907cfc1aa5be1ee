"""A tampered document never crashes the import: each of many random edits of a real export is
either refused with ExportDocumentError (nothing written) or imported as a game whose outcomes,
snapshot and exports read without a server error (the import replays them before it commits).

Payloads are free-form in the format, so the other read endpoints (tags, ratings, proposals...)
still trust their shape: a hand-edited payload can break those for the game it was imported as."""

import copy
import random
from collections.abc import Iterator
from typing import Any

import pytest
from rest_framework.test import APIClient

from games.exports.checks import ExportDocumentError
from games.exports.services import game_export, game_import
from games.models import Game
from tests.games.exports.play import played_game

pytestmark = pytest.mark.django_db

EDITS = 80
ODD_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    2**70,
    1.5,
    "",
    "x",
    "=1+1",
    "\x00",
    [],
    {},
    [1],
    {"a": 1},
    "2026-01-01T00:00:00Z",
    "P1D",
    1,
    2,
    99,
]
READS = [
    "",
    "settings/",
    "participants/",
    "rounds/",
    "rounds/1/",
    "rounds/1/outcome/",
    "rounds/2/outcome/",
    "events/",
    "changes/",
    "export/",
    "export/?anonymise=true",
    "export/transcript.csv",
    "export/rounds.csv?anonymise=true",
]


def places(node: Any, where: tuple = ()) -> Iterator[tuple]:
    if where:
        yield where
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, child in children:
        yield from places(child, (*where, key))


def edited(document: dict[str, Any], rng: random.Random, spots: list[tuple]) -> dict[str, Any]:
    tampered = copy.deepcopy(document)
    for _ in range(rng.choice([1, 1, 2])):
        *path, last = rng.choice(spots)
        node: Any = tampered
        try:
            for part in path:
                node = node[part]
            if isinstance(node, dict) and rng.random() < 0.1:
                node.pop(last, None)
            else:
                node[last] = rng.choice(ODD_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit changed the shape here
    return tampered


def test_a_tampered_document_is_refused_or_imported_as_a_game_that_reads(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    game = played_game()
    document = game_export(game, anonymise=False).model_dump(mode="json")
    spots = list(places(document))
    rng = random.Random(2026)
    client = APIClient()
    client.force_authenticate(game.facilitator)
    imported = refused = 0

    for _ in range(EDITS):
        games = Game.objects.count()
        try:
            copy_ = game_import(edited(document, rng, spots), facilitator=game.facilitator)
        except ExportDocumentError:
            refused += 1
            assert Game.objects.count() == games
            continue
        imported += 1
        for read in READS:
            response = client.get(f"/api/v1/games/{copy_.code}/{read}")
            assert response.status_code < 500, (read, response.content[:300])

    assert imported > 10  # both outcomes were tried
    assert refused > 30
