"""Who may publish what: one function, `publish_refusal`, so organisations and roles (issue #20)
change it here and nowhere else.

Today there are no organisations: a facilitator may publish a new scenario, or the next version
of a scenario they published first. The built-in library (files in scenarios/library/, loaded by
`load_scenarios`) and scenarios loaded from files by the server's commands are managed as files:
read-only to facilitators, who fork them. A scenario another facilitator published is theirs:
fork it. The server's own commands (`load_scenarios`) are not facilitators and are not asked.
"""

from django.contrib.auth.models import User

from scenarios.loader import LIBRARY_DIR
from scenarios.models import ScenarioDraft, ScenarioVersion


def _built_in(slug: str) -> bool:
    return (LIBRARY_DIR / f"{slug}.yaml").is_file()


def publish_refusal(user: User, slug: str) -> str | None:
    """Why `user` may not publish a version of the scenario `slug`; None when they may. Asked by
    every way a version is published by a facilitator: the studio and the API's file upload.

    Issue #20 (organisations and roles) replaces the rules below with the organisation's: who
    may publish, and whose scenarios they may version.
    """
    if _built_in(slug):
        return (
            f"'{slug}' is a built-in library scenario, which is read-only: fork it, or give "
            "yours an id of its own."
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
        f"'{slug}' was published by {owner}; only they may publish its next version: fork it, "
        "or give yours an id of its own."
    )


def draft_publish_refusal(user: User, draft: ScenarioDraft) -> str | None:
    """Why `user` may not publish `draft` now: it is not theirs (drafts are private), or they may
    not publish its scenario."""
    if draft.author_id != user.pk:
        return "Only the draft's author may publish it."
    slug = draft.scenario_slug
    return publish_refusal(user, slug) if slug else None  # no id yet: its problems say so
