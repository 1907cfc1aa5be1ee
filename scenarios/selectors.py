"""Reading the scenario library: the current version of each scenario, filtered and searched."""

import functools

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery

from scenarios.models import ScenarioVersion
from scenarios.schema import Scenario as ScenarioSpec


def current_versions(
    *,
    situation_type: str | None = None,
    industry: str | None = None,
    difficulty: str | None = None,
    search: str | None = None,
) -> QuerySet[ScenarioVersion]:
    latest_number = (
        ScenarioVersion.objects.filter(scenario=OuterRef("scenario"))
        .values("scenario")
        .annotate(latest=Max("number"))
        .values("latest")
    )
    versions = ScenarioVersion.objects.select_related("scenario").filter(
        number=Subquery(latest_number)
    )
    if situation_type:
        versions = versions.filter(situation_type=situation_type)
    if industry:
        versions = versions.filter(industry=industry)
    if difficulty:
        versions = versions.filter(difficulty=difficulty)
    if search:
        versions = versions.filter(
            Q(title__icontains=search) | Q(summary__icontains=search) | Q(scenario__slug=search)
        )
    return versions.order_by("title")


def current_version(slug: str) -> ScenarioVersion | None:
    return (
        ScenarioVersion.objects.select_related("scenario")
        .filter(scenario__slug=slug)
        .order_by("-number")
        .first()
    )


def scenario_spec(version: ScenarioVersion) -> ScenarioSpec:
    """The version's validated scenario, parsed once per process (a version never changes)."""
    return _parsed_version(version.pk, version.content_hash)


@functools.lru_cache(maxsize=256)
def _parsed_version(version_id: int, content_hash: str) -> ScenarioSpec:
    # The hash is in the key so a reused id (a restored database) can never serve a stale parse.
    return ScenarioVersion.objects.get(pk=version_id, content_hash=content_hash).spec()
