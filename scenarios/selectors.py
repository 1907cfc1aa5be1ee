"""Reading the scenario library: the current version of each scenario, filtered and searched.

Only published versions are the library; a draft's practice versions are read by their games
alone (through `scenario_spec`). A library is the built-in scenarios and, for a member of an
organisation, that organisation's (`organisation_id`; None: the built-in ones only). Nobody
reads another organisation's scenarios: to them the id names nothing.
"""

import functools

from django.db.models import F, Max, OuterRef, Q, QuerySet, Subquery

from scenarios.models import ScenarioVersion
from scenarios.schema import Scenario as ScenarioSpec


def in_library(organisation_id: int | None, prefix: str = "scenario__") -> Q:
    """The rows of the library of `organisation_id`: the built-in scenarios and its own."""
    built_in = Q(**{f"{prefix}organisation__isnull": True})
    if organisation_id is None:
        return built_in
    return built_in | Q(**{f"{prefix}organisation_id": organisation_id})


def current_versions(
    *,
    organisation_id: int | None,
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
        in_library(organisation_id), published=True, number=Subquery(latest_number)
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


def published_versions(slug: str, *, organisation_id: int | None) -> QuerySet[ScenarioVersion]:
    """Every published version of the library's scenario `slug`, newest first. Should an
    organisation's scenario share its id with a built-in one (published before the built-in
    shipped), its members read their own."""
    scenario = (
        ScenarioVersion.objects.filter(in_library(organisation_id), scenario__slug=slug)
        .filter(published=True)
        .order_by(F("scenario__organisation_id").desc(nulls_last=True))
        .values("scenario_id")[:1]
    )
    return (
        ScenarioVersion.objects.select_related("scenario")
        .filter(scenario_id=Subquery(scenario), published=True)
        .order_by("-number")
    )


def current_version(slug: str, *, organisation_id: int | None) -> ScenarioVersion | None:
    return published_versions(slug, organisation_id=organisation_id).first()


def published_version(
    slug: str, number: int, *, organisation_id: int | None
) -> ScenarioVersion | None:
    return published_versions(slug, organisation_id=organisation_id).filter(number=number).first()


@functools.lru_cache(maxsize=256)
def scenario_spec(version_id: int) -> ScenarioSpec:
    """The version's validated scenario, parsed once per process: a version never changes, and
    a command reads it by id alone (no read of the version row, let alone its document)."""
    return ScenarioVersion.objects.get(pk=version_id).spec()


def forget_parsed_versions(**kwargs: object) -> None:
    """A version row was written or deleted: an id may now name other content (a restored or
    reused database), so nothing parsed before may be served again."""
    scenario_spec.cache_clear()
