"""The app's own static files: a built asset (its name carries its content's hash) is cached by
browsers for good; any other file only briefly, since the same name may hold new content."""

import json

from django.conf import settings
from django.test import Client


def built_script_url() -> str:
    manifest = json.loads((settings.FRONTEND_DIST / ".vite" / "manifest.json").read_text())
    return f"{settings.STATIC_URL}{manifest['src/main.tsx']['file']}"


def test_a_built_asset_is_cached_for_good():
    response = Client().get(built_script_url())

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"


def test_a_file_whose_name_carries_no_hash_is_cached_only_briefly():
    # The API docs' script from the sidecar package: an upgrade changes it under the same name.
    response = Client().get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"
