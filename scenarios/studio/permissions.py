"""Who may publish what: one function, `publish_refusal`, asked by every way a member publishes
a version (the studio's publish and the API's YAML upload); nothing else decides it.

An organisation's library is published by its admins (owner or admin, organisations.roles):
any version of any of its scenarios, and new ones. The built-in library (the files of
scenarios/library/, and any scenario the server's commands loaded from files) is read-only to
every member: fork it. Facilitators and observers publish nothing: a facilitator's draft stays
theirs until an admin publishes it (its YAML, uploaded). The server's own commands
(`load_scenarios`) are not members and are not asked.
"""

from django.contrib.auth.models import User

from organisations.models import Organisation
from organisations.roles import Capability, OrgRole, may
from organisations.selectors import membership_of
from scenarios.loader import LIBRARY_DIR
from scenarios.models import ScenarioDraft, ScenarioVersion


def _built_in(slug: str) -> bool:
    if (LIBRARY_DIR / f"{slug}.yaml").is_file():
        return True
    return ScenarioVersion.objects.filter(
        scenario__slug=slug, scenario__organisation__isnull=True, published=True
    ).exists()


def publishing_organisation(user: User) -> Organisation | None:
    """The library `user` publishes into: their organisation's, if they are one of its admins."""
    membership = membership_of(user)
    if membership is None or not may(OrgRole(membership.role), Capability.PUBLISH_SCENARIOS):
        return None
    return membership.organisation


def publish_refusal(user: User, slug: str) -> str | None:
    """Why `user` may not publish a version of the scenario `slug`; None when they may."""
    if publishing_organisation(user) is None:
        return (
            "Only your organisation's admins publish to its library: download your draft's "
            "YAML and ask an admin to upload it."
        )
    if _built_in(slug):
        return (
            f"'{slug}' is a built-in library scenario, which is read-only: fork it, or give "
            "yours an id of its own."
        )
    return None


def draft_publish_refusal(user: User, draft: ScenarioDraft) -> str | None:
    """Why `user` may not publish `draft` now: it is not theirs (drafts are private), or they may
    not publish its scenario."""
    if draft.author_id != user.pk:
        return "Only the draft's author may publish it."
    slug = draft.scenario_slug
    if not slug:  # no id yet: its problems say so
        return None if publishing_organisation(user) is not None else publish_refusal(user, slug)
    return publish_refusal(user, slug)
