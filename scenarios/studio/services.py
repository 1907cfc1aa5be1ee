"""Writing drafts: create, save (autosave), delete, make a practice version, publish.

A draft saves whatever its author wrote (validity is reported, never required, so nothing typed
is lost); what leaves the studio (a practice version, a published version) must be valid.
Publishing goes through the versioned import, so a game pins its version as ever.
"""

import json
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from organisations.selectors import membership_of
from scenarios.loader import ParsedScenario, content_hash, validate_document
from scenarios.models import Scenario as ScenarioRow
from scenarios.models import ScenarioDraft, ScenarioVersion
from scenarios.schema import Scenario
from scenarios.services import scenario_version_import
from scenarios.studio.errors import StudioError, StudioErrorCode
from scenarios.studio.files import scenario_yaml
from scenarios.studio.permissions import draft_publish_refusal, publishing_organisation

# The same bound as a scenario file's, on the document as JSON.
MAX_DOCUMENT_BYTES = 1_000_000


def _checked_document(document: Any) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise StudioError(
            StudioErrorCode.INVALID_SCENARIO, "A draft's document is a JSON object of fields."
        )
    size = len(json.dumps(document, ensure_ascii=False).encode())
    if size > MAX_DOCUMENT_BYTES:
        raise StudioError(
            StudioErrorCode.INVALID_SCENARIO,
            f"The draft is {size:,} bytes; a scenario may be at most {MAX_DOCUMENT_BYTES:,}.",
        )
    return document


def draft_create(
    *, author: User, document: Any, based_on: ScenarioVersion | None = None
) -> ScenarioDraft:
    return ScenarioDraft.objects.create(
        author=author, document=_checked_document(document), based_on=based_on
    )


@transaction.atomic
def draft_save(*, draft_id: int, author: User, document: Any, revision: int) -> ScenarioDraft:
    """Store the author's latest document (an autosave).

    Locks the draft row. `revision` is the one the author's screen was editing: a save from a
    tab that missed a later save is refused (draft_conflict) rather than overwriting it.
    """
    draft = ScenarioDraft.objects.select_for_update().filter(pk=draft_id, author=author).first()
    if draft is None:
        raise StudioError(StudioErrorCode.NOT_FOUND, "No such draft of yours.")
    if revision != draft.revision:
        raise StudioError(
            StudioErrorCode.DRAFT_CONFLICT,
            f"This draft was saved from another tab or window (revision {draft.revision}; this "
            f"screen has {revision}). Reload it to carry on from the saved one.",
        )
    draft.document = _checked_document(document)
    draft.revision += 1
    draft.save(update_fields=["document", "revision", "updated_at"])
    return draft


def draft_delete(*, draft: ScenarioDraft) -> None:
    """Delete a draft. Its practice games keep their versions (a game pins its version)."""
    draft.delete()


def valid_scenario(draft: ScenarioDraft) -> Scenario:
    """The draft as a scenario, or StudioError with every problem at its field."""
    scenario, problems = validate_document(draft.document)
    if scenario is None:
        raise StudioError(
            StudioErrorCode.INVALID_SCENARIO,
            f"The draft has {len(problems)} problem(s) to fix first; see `errors`.",
            problems,
        )
    return scenario


def _parsed(draft: ScenarioDraft, scenario: Scenario) -> ParsedScenario:
    """The draft as the file the studio exports: what a version keeps as its source."""
    return ParsedScenario(
        source=f"studio draft {draft.pk}",
        text=scenario_yaml(scenario.model_dump(mode="json")),
        scenario=scenario,
    )


@transaction.atomic
def draft_practice_version(*, draft: ScenarioDraft) -> ScenarioVersion:
    """An unpublished version of the draft as it stands, for its author's practice games: never
    in the library, the version list or the new-game form. The same content reuses the last
    one, so trying again without changes adds nothing."""
    scenario = valid_scenario(draft)
    digest = content_hash(scenario)
    existing = draft.practice_versions.filter(content_hash=digest).first()
    if existing is not None:
        return existing
    membership = membership_of(draft.author)
    row, _ = ScenarioRow.objects.get_or_create(
        slug=scenario.id, organisation=membership.organisation if membership else None
    )
    parsed = _parsed(draft, scenario)
    return ScenarioVersion.objects.create(
        scenario=row,
        number=0,
        published=False,
        draft=draft,
        content_hash=digest,
        label=scenario.version,
        title=scenario.title,
        summary=scenario.summary,
        situation_type=scenario.situation_type,
        industry=scenario.industry,
        difficulty=scenario.difficulty,
        document=scenario.model_dump(mode="json"),
        source_yaml=parsed.text,
        imported_by=draft.author,
    )


@transaction.atomic
def draft_publish(*, draft_id: int, by: User) -> tuple[ScenarioVersion, bool]:
    """Publish the draft as its scenario's next version (or its first), through the versioned
    import: the same content as the latest version makes nothing new. The draft stays, based
    on what it published, for the next edition. Locks the draft row."""
    draft = ScenarioDraft.objects.select_for_update().filter(pk=draft_id, author=by).first()
    if draft is None:
        raise StudioError(StudioErrorCode.NOT_FOUND, "No such draft of yours.")
    scenario = valid_scenario(draft)
    refusal = draft_publish_refusal(by, draft)
    if refusal is not None:
        raise StudioError(StudioErrorCode.PUBLISH_REFUSED, refusal, [(("id",), refusal)])
    version, created = scenario_version_import(
        parsed=_parsed(draft, scenario), imported_by=by, organisation=publishing_organisation(by)
    )
    draft.based_on = version
    draft.save(update_fields=["based_on", "updated_at"])
    return version, created
