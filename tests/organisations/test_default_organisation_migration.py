"""Data from before organisations moves into a default organisation, owned by the local
facilitator (organisations/migrations/0002_default_organisation.py)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("organisations", "0001_initial"),
    ("games", "0006_organisations"),
    ("scenarios", "0003_scenario_organisation"),
]
AFTER = [
    ("organisations", "0002_default_organisation"),
    ("games", "0007_game_organisation_required"),
]


@pytest.fixture(autouse=True)
def back_to_the_latest_state():
    """Whatever a test leaves, the next one finds every migration applied."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _version(apps, scenario, number, by):
    return apps.get_model("scenarios", "ScenarioVersion").objects.create(
        scenario=scenario,
        number=number,
        content_hash=f"{scenario.slug}-{number}",
        label="1",
        title=scenario.slug,
        summary="",
        situation_type="late_delivery",
        industry="x",
        difficulty="introductory",
        document={},
        source_yaml="",
        imported_by=by,
    )


def test_users_games_and_published_scenarios_move_into_a_default_organisation():
    old = migrate(BEFORE)
    users = old.get_model("auth", "User")
    first = users.objects.create(username="someone-earlier")
    local = users.objects.create(username="facilitator", is_superuser=True, is_staff=True)
    Scenario = old.get_model("scenarios", "Scenario")
    from_file = Scenario.objects.create(slug="late-pallets")
    published = Scenario.objects.create(slug="our-incident")
    version = _version(old, from_file, 1, None)
    _version(old, published, 1, first)
    old.get_model("games", "Game").objects.create(
        code="ABCDEF",
        facilitator=first,
        scenario_version=version,
        total_rounds=1,
        live_seconds=60,
        debrief_seconds=60,
        functions=[],
    )

    new = migrate(AFTER)

    organisation = new.get_model("organisations", "Organisation").objects.get()
    roles = {
        m.user.username: m.role
        for m in new.get_model("organisations", "Membership").objects.select_related("user")
    }
    assert organisation.slug == "default"
    assert roles == {"facilitator": "owner", "someone-earlier": "facilitator"}
    assert new.get_model("games", "Game").objects.get().organisation_id == organisation.pk
    owners = {
        s.slug: s.organisation_id for s in new.get_model("scenarios", "Scenario").objects.all()
    }
    assert owners == {"late-pallets": None, "our-incident": organisation.pk}
    assert local.pk in {
        m.user_id for m in new.get_model("organisations", "Membership").objects.all()
    }


def test_an_empty_database_gets_no_organisation():
    migrate(BEFORE)

    new = migrate(AFTER)

    assert not new.get_model("organisations", "Organisation").objects.exists()
