"""The frontend's types come from schemas the backend exports: the committed copies are fresh."""

import json
from pathlib import Path

from django.core.management import call_command

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"


def test_the_openapi_schema_the_frontend_types_come_from_is_up_to_date(tmp_path):
    fresh = tmp_path / "openapi.json"

    call_command("spectacular", "--format", "openapi-json", "--file", str(fresh))

    committed = json.loads((FRONTEND / "src" / "api" / "openapi.json").read_text())
    assert committed == json.loads(fresh.read_text()), (
        "frontend/src/api/openapi.json is stale: run `python manage.py spectacular "
        "--format openapi-json --file frontend/src/api/openapi.json`"
    )
