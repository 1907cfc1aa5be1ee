"""`manage.py load_scenarios [PATH...]`: validate every file, then import them all or none."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from scenarios.loader import LIBRARY_DIR, read_scenario_files
from scenarios.management.commands.validate_scenarios import report_problems
from scenarios.services import scenarios_import


class Command(BaseCommand):
    help = "Import scenario files (default: the built-in library). One bad file imports nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path, help="YAML files or folders")

    def handle(self, *args: Any, paths: list[Path], **options: Any) -> None:
        parsed, problems = read_scenario_files(paths or [LIBRARY_DIR])
        if problems:
            raise report_problems(self, problems)
        report = scenarios_import(parsed=parsed)
        for version in report.created:
            self.stdout.write(f"imported {version.scenario.slug} as version {version.number}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(report.created)} new version(s), {len(report.unchanged)} unchanged."
            )
        )
