"""Importing scenarios: validated files become versions, in one transaction, never twice."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from organisations.models import Organisation
from scenarios.loader import ParsedScenario
from scenarios.models import Scenario, ScenarioVersion


@dataclass
class ImportReport:
    created: list[ScenarioVersion] = field(default_factory=list)
    unchanged: list[ScenarioVersion] = field(default_factory=list)


@transaction.atomic
def scenario_version_import(
    *,
    parsed: ParsedScenario,
    imported_by: User | AnonymousUser | None = None,
    organisation: Organisation | None = None,
) -> tuple[ScenarioVersion, bool]:
    """Store `parsed` as the scenario's next version unless the latest one has the same content.

    `organisation`: the library it goes into (None: the built-in library, the server's
    commands'). Who may publish is asked before (scenarios/studio/permissions.py).
    Locks the Scenario row so two imports of the same id get consecutive version numbers.
    Returns the version and whether it was created.
    """
    spec = parsed.scenario
    Scenario.objects.get_or_create(slug=spec.id, organisation=organisation)
    scenario = Scenario.objects.select_for_update().get(slug=spec.id, organisation=organisation)
    latest = scenario.versions.filter(published=True).order_by("-number").first()
    if latest is not None and latest.content_hash == parsed.content_hash:
        return latest, False
    version = ScenarioVersion.objects.create(
        scenario=scenario,
        number=(latest.number + 1) if latest else 1,
        content_hash=parsed.content_hash,
        label=spec.version,
        title=spec.title,
        summary=spec.summary,
        situation_type=spec.situation_type,
        industry=spec.industry,
        difficulty=spec.difficulty,
        document=spec.model_dump(mode="json"),
        source_yaml=parsed.text,
        imported_by=imported_by if isinstance(imported_by, User) else None,
    )
    return version, True


@transaction.atomic
def scenarios_import(
    *, parsed: Sequence[ParsedScenario], imported_by: User | AnonymousUser | None = None
) -> ImportReport:
    """Import already-validated files all together: if one fails, none is imported."""
    report = ImportReport()
    for item in parsed:
        version, created = scenario_version_import(parsed=item, imported_by=imported_by)
        (report.created if created else report.unchanged).append(version)
    return report
