"""Scenario models: each scenario id, and every distinct content it has had, as immutable versions.

A game points at a ScenarioVersion, never at "the latest", so a replay months later shows exactly
what the players saw.
"""

from django.conf import settings
from django.db import models

from scenarios.schema import Difficulty, SituationType
from scenarios.schema import Scenario as ScenarioSpec


class Scenario(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]

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

    class Meta:
        ordering = ["scenario__slug", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "number"], name="one_number_per_version"),
        ]
        indexes = [models.Index(fields=["situation_type", "industry", "difficulty"])]

    def __str__(self) -> str:
        return f"{self.scenario.slug} v{self.number}"

    def spec(self) -> ScenarioSpec:
        return ScenarioSpec.model_validate(self.document)
