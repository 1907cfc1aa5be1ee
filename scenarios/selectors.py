"""Reading the scenario library: the current version of each scenario, filtered and searched."""

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery

from scenarios.models import ScenarioVersion


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
