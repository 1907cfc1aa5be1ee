"""`manage.py export_scenario_schema`: write docs/scenario.schema.json from scenarios/schema.py."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from scenarios.schema import scenario_json_schema

SCHEMA_FILE = Path(settings.BASE_DIR) / "docs" / "scenario.schema.json"


def rendered_schema() -> str:
    return json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Export the scenario JSON Schema for editors and other tools."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, default=SCHEMA_FILE)

    def handle(self, *args: Any, output: Path, **options: Any) -> None:
        output.write_text(rendered_schema(), encoding="utf-8")
        self.stdout.write(f"wrote {output}")
