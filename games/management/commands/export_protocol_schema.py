"""`manage.py export_protocol_schema`: write the socket protocol's JSON Schema for the frontend."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from games.realtime.protocol import protocol_json_schema

SCHEMA_FILE = Path(settings.BASE_DIR) / "frontend" / "src" / "realtime" / "protocol.schema.json"


def rendered_schema() -> str:
    return json.dumps(protocol_json_schema(), indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Export the WebSocket protocol's JSON Schema (the frontend generates its types from it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, default=SCHEMA_FILE)

    def handle(self, *args: Any, output: Path, **options: Any) -> None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(rendered_schema(), encoding="utf-8")
        self.stdout.write(f"wrote {output}")
