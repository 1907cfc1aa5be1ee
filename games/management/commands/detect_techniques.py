"""`manage.py detect_techniques`: tag responder utterances from stdin, one JSON object a line."""

import json
import sys
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from games.engine.detector import Detection, detect_techniques
from scenarios.schema import Scenario
from scenarios.selectors import current_version


def detection_json(detection: Detection) -> dict[str, object]:
    return {
        "technique": detection.technique,
        "kind": detection.kind,
        "span": [detection.start, detection.end],
        "confidence": detection.confidence,
    }


def scenario_for(slug: str) -> Scenario:
    """The current version of an imported scenario, or a CommandError saying how to get one."""
    version = current_version(slug, organisation_id=None)
    if version is None:
        raise CommandError(
            f"no scenario with id '{slug}' has been imported; check the id, or import the "
            "library first with `manage.py load_scenarios`"
        )
    return version.spec()


class Command(BaseCommand):
    help = (
        "Read one responder utterance a line on stdin; print one JSON object a line with the "
        "shared techniques each shows (technique, kind, span, confidence)."
    )
    # Tests pass their own stdin through call_command.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scenario",
            metavar="ID",
            help="Also use this imported scenario's own cues (its custom techniques, rubric "
            "entries and hidden facts).",
        )

    def handle(self, *args: Any, scenario: str | None, **options: Any) -> None:
        spec = scenario_for(scenario) if scenario else None
        source: TextIO = options.get("stdin") or sys.stdin
        for line in source:
            text = line.rstrip("\r\n")
            if not text.strip():
                continue
            techniques = [detection_json(found) for found in detect_techniques(text, scenario=spec)]
            self.stdout.write(
                json.dumps({"text": text, "techniques": techniques}, ensure_ascii=False)
            )
