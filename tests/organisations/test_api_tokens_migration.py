"""DRF's plain API tokens become hashed, named, expiring ones, and their table goes
(organisations/migrations/0005_api_tokens_from_drf.py): a script's old key keeps working."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from organisations.models import ApiToken
from organisations.tokens import api_token_check

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("organisations", "0004_api_tokens")]
AFTER = [("organisations", "0005_api_tokens_from_drf")]
OLD_KEY = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"  # DRF's shape: 40 hex characters


@pytest.fixture(autouse=True)
def back_to_the_latest_state():
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS authtoken_token")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_an_old_plaintext_token_is_kept_as_a_digest_keeps_working_and_its_table_goes():
    migrate(BEFORE)
    made_then = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO auth_user (username, password, is_superuser, is_staff, "
            "is_active, first_name, last_name, email, date_joined) VALUES "
            "('dana', '', false, false, true, '', '', '', %s)",
            [made_then],
        )
        cursor.execute("SELECT id FROM auth_user WHERE username = 'dana'")
        user_id = cursor.fetchone()[0]
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
            "created timestamp with time zone NOT NULL, "
            "user_id integer NOT NULL UNIQUE REFERENCES auth_user (id))"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)", [OLD_KEY, made_then, user_id]
        )
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES "
            "('authtoken', '0001_initial', %s)",
            [made_then],
        )

    migrate(AFTER)

    token = ApiToken.objects.get(user_id=user_id)
    assert token.name == "Token from before named tokens"
    assert token.created == made_then
    assert token.expiry - timezone.now() == pytest.approx(
        timedelta(days=90), abs=timedelta(minutes=5)
    )
    assert OLD_KEY not in (token.digest, token.token_key)
    assert token.token_key == OLD_KEY[:15]
    assert api_token_check(OLD_KEY).pk == token.pk
    assert "authtoken_token" not in connection.introspection.table_names()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations WHERE app = 'authtoken'")
        assert cursor.fetchone()[0] == 0


def test_a_database_that_never_had_drf_tokens_has_nothing_to_move():
    migrate(BEFORE)

    migrate(AFTER)

    assert ApiToken.objects.count() == 0
