"""Who may publish what: one function, so organisations and roles (issue #20) change it here.

Today there are no organisations: a draft's author may publish it as a new scenario, or as the
next version of a scenario they published first. The built-in library (files in
scenarios/library/, loaded by `load_scenarios`) and scenarios loaded from files are managed as
files and read-only here: fork them. A scenario another facilitator published is theirs: fork it.
"""

from django.contrib.auth.models import User

from scenarios.loader import LIBRARY_DIR
from scenarios.models import ScenarioDraft, ScenarioVersion


def _built_in(slug: str) -> bool:
    return (LIBRARY_DIR / f"{slug}.yaml").is_file()


def publish_refusal(user: User, draft: ScenarioDraft) -> str | None:
    """Why `user` may not publish `draft` now; None when they may.

    Issue #20 (organisations and roles) replaces the rules below with the organisation's: who
    may publish, and whose scenarios they may version. Every caller asks this function.
    """
    if draft.author_id != user.pk:
        return "Only the draft's author may publish it."
    slug = draft.scenario_slug
    if not slug:
        return None  # no id yet: validation says what is missing
    if _built_in(slug):
        return (
            f"'{slug}' is a built-in library scenario, which is read-only: give this draft an "
            "id of its own to publish it as a new scenario."
        )
    first = (
        ScenarioVersion.objects.filter(scenario__slug=slug, published=True)
        .select_related("imported_by")
        .order_by("number")
        .first()
    )
    if first is None or first.imported_by_id == user.pk:
        return None
    owner = first.imported_by.get_username() if first.imported_by else "a scenario file"
    return (
        f"'{slug}' was published by {owner}; only they may publish its next version. Give this "
        "draft an id of its own to publish it as a new scenario."
    )
