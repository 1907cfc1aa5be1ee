"""The admin shows scenarios as a facilitator reads them: briefs, parameters and rubric laid out."""

from django.contrib import admin
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from scenarios.models import Scenario, ScenarioVersion


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Versions are immutable records: imported by `load_scenarios` or the API, never edited."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class VersionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ScenarioVersion
    fields = readonly_fields = (
        "number",
        "label",
        "title",
        "difficulty",
        "imported_at",
        "imported_by",
    )
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Scenario)
class ScenarioAdmin(ReadOnlyAdmin):
    list_display = ["slug", "version_count", "created_at"]
    search_fields = ["slug", "versions__title"]
    inlines = [VersionInline]

    @admin.display(description="versions")
    def version_count(self, scenario: Scenario) -> int:
        return scenario.versions.count()


@admin.register(ScenarioVersion)
class ScenarioVersionAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "scenario",
        "number",
        "label",
        "situation_type",
        "industry",
        "difficulty",
        "imported_at",
    ]
    list_filter = ["situation_type", "industry", "difficulty"]
    search_fields = ["title", "summary", "scenario__slug"]
    fields = readonly_fields = (
        "scenario",
        "number",
        "label",
        "content_hash",
        "imported_at",
        "imported_by",
        "formatted_scenario",
    )

    @admin.display(description="Scenario")
    def formatted_scenario(self, version: ScenarioVersion) -> SafeString:
        # The template escapes every text from the file; nothing in a scenario is trusted markup.
        return SafeString(
            render_to_string("scenarios/admin/scenario_document.html", {"s": version.spec()})
        )
