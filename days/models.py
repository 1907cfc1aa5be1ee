"""A training day, its tables and the people who joined it.

A day's people join with one code. Until the facilitator opens the tables they only wait, so
the tables can be proposed and rearranged freely; opening makes each table a game (the games'
own services create it and let its people in) and from then on a late joiner is let into the
game of the table that needs them at once.
"""

from django.conf import settings
from django.db import models

from games.models import Game, Participant
from scenarios.models import ScenarioVersion


class Day(models.Model):
    code = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=120)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="days"
    )
    # The scenarios in play, in table order: one for every table, or table n plays the
    # (n-1) % len-th (one per table, repeating when there are more tables than scenarios).
    scenario_versions = models.ManyToManyField(
        ScenarioVersion, through="DayScenario", related_name="+"
    )
    total_rounds = models.PositiveSmallIntegerField()
    live_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    debrief_minutes = models.PositiveSmallIntegerField()
    table_size = models.PositiveSmallIntegerField(default=5)
    opened_at = models.DateTimeField(
        null=True, blank=True, help_text="When the tables became games; None while forming."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.code} ({self.name})"

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None


class DayScenario(models.Model):
    day = models.ForeignKey(Day, on_delete=models.CASCADE, related_name="scenarios")
    position = models.PositiveSmallIntegerField()
    scenario_version = models.ForeignKey(ScenarioVersion, on_delete=models.PROTECT)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["day", "position"], name="one_scenario_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.day_id} #{self.position}"


class DayTable(models.Model):
    day = models.ForeignKey(Day, on_delete=models.CASCADE, related_name="tables")
    number = models.PositiveSmallIntegerField()
    scenario_version = models.ForeignKey(ScenarioVersion, on_delete=models.PROTECT)
    game = models.OneToOneField(
        Game, null=True, blank=True, on_delete=models.SET_NULL, related_name="day_table"
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["day", "number"], name="one_table_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.day.code} table {self.number}"

    @property
    def name(self) -> str:
        return f"Table {self.number}"


class DayMember(models.Model):
    """Someone who joined the day with its code: a name and, if they gave it, their function."""

    day = models.ForeignKey(Day, on_delete=models.CASCADE, related_name="members")
    display_name = models.CharField(max_length=40)
    name_key = models.CharField(max_length=40)
    function = models.CharField(max_length=60, blank=True)
    token_nonce = models.CharField(max_length=32)
    table = models.ForeignKey(
        DayTable, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    participant = models.OneToOneField(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="day_member"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["day", "name_key"], name="unique_name_per_day")
        ]

    def __str__(self) -> str:
        return self.display_name
