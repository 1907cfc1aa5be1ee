"""`manage.py export_game` and `import_game`: a round trip through a file, and clear errors."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from games.models import Game
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_game_exported_to_a_file_imports_as_a_new_game(tmp_path):
    game = factories.game(players=3)
    target = tmp_path / "game.json"
    out = io.StringIO()

    call_command("export_game", game.code.lower(), "-o", str(target))
    call_command("import_game", str(target), "--facilitator", game.facilitator.username, stdout=out)

    copy = Game.objects.exclude(pk=game.pk).get()
    assert out.getvalue().strip() == (
        f"imported {target} as game {copy.code} ({game.last_seq} events) "
        f"for {game.facilitator.username}"
    )
    assert json.loads(target.read_text())["game"]["code"] == game.code


def test_the_anonymised_export_goes_to_standard_output():
    game = factories.game()
    factories.join(game, "Zelda")
    out = io.StringIO()

    call_command("export_game", game.code, "--anonymise", stdout=out)

    document = json.loads(out.getvalue())
    assert document["anonymised"] is True
    assert "Zelda" not in out.getvalue()


def test_the_commands_say_clearly_what_is_wrong(tmp_path):
    user = factories.UserFactory.create()
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "bearcave.game-export", "version": 2}')

    with pytest.raises(CommandError, match="no game has the code 'NOPE'"):
        call_command("export_game", "NOPE")
    with pytest.raises(CommandError, match="name the game"):
        call_command("export_game")
    with pytest.raises(CommandError, match="no active user 'nobody'"):
        call_command("import_game", str(broken), "--facilitator", "nobody")
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_game", str(tmp_path / "missing.json"), "--facilitator", user.username)
    with pytest.raises(CommandError, match=r"nothing was stored:\n  version: this server reads"):
        call_command("import_game", str(broken), "--facilitator", user.username)
