"""DRF's plain API tokens (rest_framework.authtoken, stored as they are) become hashed, named
API tokens (decision 0520), so the scripts that use them keep working; then their table goes.

Each key is kept only as knox's digest (SHA-512 of the key) and lookup prefix (its first 15
characters); the token is named "Token from before named tokens" and expires 90 days after this
migration, so its owner sees it on /facilitate/tokens and replaces it. The table
`authtoken_token` is dropped with its keys in plain text, and the app's rows in
`django_migrations` with it. A database that never had DRF's tokens has nothing to do.
Irreversible in substance: going back leaves the old table gone (the keys are not kept).
"""

import hashlib
from datetime import timedelta
from typing import Any

from django.db import migrations
from django.utils import timezone

OLD_TABLE = "authtoken_token"
NAME = "Token from before named tokens"
DAYS = 90
PREFIX_LENGTH = 15  # knox.settings.CONSTANTS.TOKEN_KEY_LENGTH, frozen here


def digest(key: str) -> str:
    """knox.crypto.hash_token as of knox 5 (SHA-512 of the key's UTF-8), frozen here."""
    return hashlib.sha512(key.encode("utf-8")).hexdigest()


def forwards(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("organisations", "ApiToken")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {OLD_TABLE}")  # noqa: S608
        rows = cursor.fetchall()
    expiry = timezone.now() + timedelta(days=DAYS)
    for key, user_id, created in rows:
        token = ApiToken.objects.create(
            user_id=user_id,
            digest=digest(key),
            token_key=key[:PREFIX_LENGTH],
            name=NAME,
            expiry=expiry,
        )
        ApiToken.objects.filter(pk=token.pk).update(created=created)
    schema_editor.execute(f"DROP TABLE {OLD_TABLE}")
    schema_editor.execute("DELETE FROM django_migrations WHERE app = 'authtoken'")


class Migration(migrations.Migration):
    dependencies = [("organisations", "0004_api_tokens")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
