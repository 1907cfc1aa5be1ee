"""Scenario models: each scenario id, every distinct content it has had as immutable versions, and
the studio's drafts.

A game points at a ScenarioVersion, never at "the latest", so a replay months later shows exactly
what the players saw. A draft is its author's work in progress: publishing it makes a version.
"""

from django.conf import settings
from django.db import models

from scenarios.schema import Difficulty, SituationType
from scenarios.schema import Scenario as ScenarioSpec


class Scenario(models.Model):
    """A scenario id. Built-in (no organisation): the files of scenarios/library/ and others the
    server loads, read by everyone, versioned by the server's commands only. An organisation's:
    read by its members only, published by its admins (scenarios/studio/permissions.py)."""

    slug = models.SlugField(max_length=64)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scenarios",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="one_slug_per_organisation"
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(organisation__isnull=True),
                name="one_built_in_slug",
            ),
        ]

    def __str__(self) -> str:
        return self.slug


class ScenarioVersion(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    label = models.CharField(max_length=300, help_text="The author's version label in the file.")
    # Copied out of the document so the library can be filtered and searched in the database.
    title = models.CharField(max_length=300)
    summary = models.TextField()
    situation_type = models.CharField(max_length=32, choices=[(s, s) for s in SituationType])
    industry = models.CharField(max_length=64)
    difficulty = models.CharField(max_length=16, choices=[(d, d) for d in Difficulty])
    document = models.JSONField(help_text="The validated scenario, as the schema dumps it.")
    source_yaml = models.TextField()
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # A version made to try a draft alone (number 0): never in the library, the version list or
    # the new-game form; only its author's practice games use it.
    published = models.BooleanField(default=True)
    draft = models.ForeignKey(
        "ScenarioDraft",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice_versions",
        help_text="For a practice version: the draft it was made from.",
    )

    class Meta:
        ordering = ["scenario__slug", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "number"],
                condition=models.Q(published=True),
                name="one_number_per_version",
            ),
        ]
        indexes = [models.Index(fields=["situation_type", "industry", "difficulty"])]

    def __str__(self) -> str:
        return f"{self.scenario.slug} v{self.number}"

    def spec(self) -> ScenarioSpec:
        return ScenarioSpec.model_validate(self.document)


class ScenarioDraft(models.Model):
    """A scenario being written in the studio: private to its author until published.

    `document` is what the author has written so far, saved as it is (valid or not, so nothing
    typed is lost); it is validated with the scenario schema whenever it is read or saved.
    """

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scenario_drafts"
    )
    document = models.JSONField(default=dict)
    # Bumped by every save; a save names the revision it edits, so a stale tab cannot overwrite.
    revision = models.PositiveIntegerField(default=1)
    based_on = models.ForeignKey(
        ScenarioVersion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The version it was forked from, or last published as.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"draft {self.pk} of {self.author_id}"

    @property
    def scenario_slug(self) -> str:
        value = self.document.get("id") if isinstance(self.document, dict) else None
        return value if isinstance(value, str) else ""

    @property
    def title(self) -> str:
        value = self.document.get("title") if isinstance(self.document, dict) else None
        return value.strip() if isinstance(value, str) and value.strip() else "Untitled scenario"
