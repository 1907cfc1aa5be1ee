"""Everything from before organisations moves into a default organisation (issue #20).

Its owner is the local account `make run` created (`facilitator`), or else the first superuser,
or else the first account; every other account becomes a facilitator of it, as all were
facilitators before. Every game becomes its games; every scenario a facilitator published
(through the studio or the API) becomes its scenarios. Scenarios the server loaded from files
stay built-in. Nothing is created on a database that has no account and no game.
"""

from typing import Any

from django.db import migrations

DEFAULT_NAME = "Default organisation"
DEFAULT_SLUG = "default"
LOCAL_FACILITATOR = "facilitator"


def _owner(users: Any) -> Any:
    return (
        users.filter(username=LOCAL_FACILITATOR).first()
        or users.filter(is_superuser=True).order_by("date_joined", "pk").first()
        or users.order_by("date_joined", "pk").first()
    )


def forwards(apps: Any, schema_editor: Any) -> None:
    User = apps.get_model("auth", "User")
    Organisation = apps.get_model("organisations", "Organisation")
    Membership = apps.get_model("organisations", "Membership")
    Game = apps.get_model("games", "Game")
    Scenario = apps.get_model("scenarios", "Scenario")
    ScenarioVersion = apps.get_model("scenarios", "ScenarioVersion")
    if not User.objects.exists() and not Game.objects.exists():
        return
    organisation, _ = Organisation.objects.get_or_create(
        slug=DEFAULT_SLUG, defaults={"name": DEFAULT_NAME}
    )
    owner = _owner(User.objects.all())
    for user in User.objects.order_by("pk"):
        if Membership.objects.filter(user=user).exists():
            continue
        role = "owner" if owner is not None and user.pk == owner.pk else "facilitator"
        Membership.objects.create(organisation=organisation, user=user, role=role)
    Game.objects.filter(organisation__isnull=True).update(organisation=organisation)
    published_by_people = ScenarioVersion.objects.filter(
        published=True, number=1, imported_by__isnull=False
    ).values("scenario_id")
    Scenario.objects.filter(organisation__isnull=True, pk__in=published_by_people).update(
        organisation=organisation
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("games", "0006_organisations"),
        ("scenarios", "0003_scenario_organisation"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
