"""Reading the scenario library: the current version of each scenario, filtered and searched.

Only published versions are the library; a draft's practice versions are read by their games
alone (through `scenario_spec`)."""

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
        ScenarioVersion.objects.filter(scenario=OuterRef("scenario"), published=True)
        .values("scenario")
        .annotate(latest=Max("number"))
        .values("latest")
    )
    versions = ScenarioVersion.objects.select_related("scenario").filter(
        published=True, number=Subquery(latest_number)
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


def published_versions(slug: str) -> QuerySet[ScenarioVersion]:
    """Every published version of a scenario, newest first."""
    return (
        ScenarioVersion.objects.select_related("scenario")
        .filter(scenario__slug=slug, published=True)
        .order_by("-number")
    )


def current_version(slug: str) -> ScenarioVersion | None:
    return published_versions(slug).first()


def published_version(slug: str, number: int) -> ScenarioVersion | None:
    return published_versions(slug).filter(number=number).first()


@functools.lru_cache(maxsize=256)
def scenario_spec(version_id: int) -> ScenarioSpec:
    """The version's validated scenario, parsed once per process: a version never changes, and
    a command reads it by id alone (no read of the version row, let alone its document)."""
    return ScenarioVersion.objects.get(pk=version_id).spec()


def forget_parsed_versions(**kwargs: object) -> None:
    """A version row was written or deleted: an id may now name other content (a restored or
    reused database), so nothing parsed before may be served again."""
    scenario_spec.cache_clear()
