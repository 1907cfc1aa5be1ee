"""`manage.py export_game CODE`: write a game's export document (docs/exports.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from games.exports.document import rendered_document, rendered_json_schema
from games.exports.services import game_export
from games.models import Game
from games.services.participants import normalise_join_code


class Command(BaseCommand):
    help = (
        "Export a game as one JSON document (every event, its scenario version, settings and "
        "participants), to import elsewhere with import_game. --schema writes the format's JSON "
        "Schema instead (docs/export.schema.json)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", nargs="?", help="the game's join code")
        parser.add_argument(
            "--anonymise",
            action="store_true",
            help='every participant becomes "Participant <n>", also where their name was typed; '
            "the team name is blanked and the facilitator left out",
        )
        parser.add_argument("-o", "--output", type=Path, help="a file (default: standard output)")
        parser.add_argument(
            "--schema", action="store_true", help="write the export format's JSON Schema"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code: str | None = options["code"]
        if options["schema"]:
            if code:
                raise CommandError("--schema takes no game code")
            self._write(rendered_json_schema(), options["output"])
            return
        if not code:
            raise CommandError("name the game: export_game CODE (or --schema for the format)")
        game = (
            Game.objects.select_related("scenario_version__scenario", "facilitator")
            .filter(code=normalise_join_code(code))
            .first()
        )
        if game is None:
            raise CommandError(f"no game has the code {code!r}")
        document = game_export(game, anonymise=options["anonymise"])
        self._write(rendered_document(document) + "\n", options["output"])

    def _write(self, text: str, output: Path | None) -> None:
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error.strerror}") from None
        self.stderr.write(f"wrote {output}")
