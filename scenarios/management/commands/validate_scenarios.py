"""`manage.py validate_scenarios PATH...`: check scenario files without importing them."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scenarios.loader import ScenarioProblem, read_scenario_files


def report_problems(command: BaseCommand, problems: list[ScenarioProblem]) -> CommandError:
    for problem in problems:
        command.stderr.write(str(problem))
    files = len({problem.file for problem in problems})
    return CommandError(f"{len(problems)} problem(s) in {files} file(s); nothing was imported.")


class Command(BaseCommand):
    help = "Validate scenario files (or folders of them) and report every problem with its line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="YAML files or folders")

    def handle(self, *args: Any, paths: list[Path], **options: Any) -> None:
        parsed, problems = read_scenario_files(paths)
        if problems:
            raise report_problems(self, problems)
        for item in parsed:
            self.stdout.write(f"{item.source}: valid ({item.scenario.id} {item.scenario.version})")
