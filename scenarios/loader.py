"""Read scenario files safely and validate them, with errors that name the file, field and line.

Plain Python (no Django): parsing refuses what a hostile or broken file could do to us (huge files,
Python object tags, alias bombs, duplicate keys), and validation is the pydantic schema's.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from scenarios.schema import (
    CURRENCY_PATTERN,
    SLUG_PATTERN,
    TECHNIQUE_ID_PATTERN,
    FieldPath,
    FieldProblems,
    Scenario,
    format_field_path,
)

MAX_FILE_BYTES = 1_000_000
# No scenario field is nested more than a few levels; PyYAML composes a document recursively,
# so a file nested hundreds of levels deep would end in RecursionError (a crash) instead.
MAX_NESTING = 32
LIBRARY_DIR = Path(__file__).resolve().parent / "library"


@dataclass(frozen=True)
class ScenarioProblem:
    """One thing wrong with one file: where (file, field path, line) and what."""

    file: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"

    def as_json(self) -> dict[str, object]:
        return {"path": self.path, "message": self.message, "line": self.line}


class ScenarioFileError(Exception):
    def __init__(self, problems: list[ScenarioProblem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class ParsedScenario:
    source: str
    text: str
    scenario: Scenario

    @property
    def content_hash(self) -> str:
        return content_hash(self.scenario)


def content_hash(scenario: Scenario) -> str:
    """A hash of what players see, so comments and layout changes are not new versions."""
    canonical = json.dumps(scenario.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


class _RefusedYaml(yaml.MarkedYAMLError):
    pass


class _ScenarioYamlLoader(yaml.SafeLoader):
    """SafeLoader that also refuses anchors/aliases (alias bombs), duplicate mapping keys and
    nesting deeper than MAX_NESTING."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _RefusedYaml(
                problem="anchors and aliases (&name, *name) are not allowed in a scenario",
                problem_mark=event.start_mark,
            )
        if self.depth >= MAX_NESTING:
            raise _RefusedYaml(
                problem=f"the document is nested more than {MAX_NESTING} levels deep",
                problem_mark=event.start_mark,
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise _RefusedYaml(
                    problem=f"the key '{key}' appears twice in the same mapping",
                    problem_mark=key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _yaml_problem(source: str, error: yaml.YAMLError) -> ScenarioProblem:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(error, "problem", None) or str(error)
    if isinstance(error, yaml.constructor.ConstructorError) and "tag" in problem:
        problem = f"YAML tags that build objects are not allowed ({problem})"
    elif not isinstance(error, _RefusedYaml):
        problem = f"this is not valid YAML: {problem}"
    return ScenarioProblem(file=source, path="", message=problem, line=line)


def _line_index(node: yaml.Node, path: FieldPath = ()) -> dict[FieldPath, int]:
    """Map every field path in the document to the line where its value starts."""
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            lines.update(_line_index(value_node, (*path, key_node.value)))
            # A field's line is its key's line, where a reader looks for it.
            lines[(*path, key_node.value)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(_line_index(item, (*path, index)))
    return lines


def _nearest_line(lines: dict[FieldPath, int], location: FieldPath) -> int | None:
    for length in range(len(location), -1, -1):
        if location[:length] in lines:
            return lines[location[:length]]
    return None


_FRIENDLIER_MESSAGES = {
    "missing": "this field is required",
    "extra_forbidden": "this is not a field here (a misspelling?)",
}


_PATTERN_MESSAGES = {
    SLUG_PATTERN: "use lower-case letters, digits and single hyphens, e.g. late-pallets",
    TECHNIQUE_ID_PATTERN: "use a lower-case letter, then lower-case letters, digits or "
    "underscores, e.g. listen_repeat_back",
    CURRENCY_PATTERN: "use a currency's three capital letters, e.g. EUR",
}


def _message(detail: ErrorDetails) -> str:
    kind, context = detail["type"], detail.get("ctx", {})
    empty = detail.get("input") == ""
    if empty and kind in ("string_too_short", "string_pattern_mismatch"):
        return "this is empty; write something here"
    if kind == "string_pattern_mismatch" and context.get("pattern") in _PATTERN_MESSAGES:
        return _PATTERN_MESSAGES[context["pattern"]]
    return _FRIENDLIER_MESSAGES.get(detail["type"], detail["msg"].removeprefix("Value error, "))


def field_problems(error: ValidationError) -> list[tuple[FieldPath, str]]:
    """Every problem pydantic found, at the path of its field. A part's rule about the fields
    below it (`FieldProblems`: a repeated id, an unknown technique) is laid out at each field."""
    problems: list[tuple[FieldPath, str]] = []
    for detail in error.errors(include_url=False):
        location = tuple(part for part in detail["loc"] if isinstance(part, str | int))
        found = detail.get("ctx", {}).get("error")
        if isinstance(found, FieldProblems):
            problems += [((*location, *path), message) for path, message in found.problems]
        else:
            problems.append((location, _message(detail)))
    return problems


def _validation_problems(
    source: str, error: ValidationError, lines: dict[FieldPath, int]
) -> list[ScenarioProblem]:
    return [
        ScenarioProblem(
            file=source,
            path=format_field_path(location),
            message=message,
            line=_nearest_line(lines, location),
        )
        for location, message in field_problems(error)
    ]


def validate_document(data: object) -> tuple[Scenario | None, list[tuple[FieldPath, str]]]:
    """Validate a scenario given as data (the studio's draft): the scenario, or the problems,
    each at its field, exactly as a file with this content would have them."""
    try:
        return Scenario.model_validate(data), []
    except ValidationError as error:
        return None, field_problems(error)


def read_scenario_mapping(raw: bytes, *, source: str) -> tuple[str, dict[str, Any], yaml.Node]:
    """Parse one file's bytes safely into its mapping of fields, not yet validated: the text,
    the mapping and the YAML node tree (for line numbers). ScenarioFileError if it is not one."""

    def refuse(message: str, line: int | None = None) -> ScenarioFileError:
        return ScenarioFileError(
            [ScenarioProblem(file=source, path="", message=message, line=line)]
        )

    if len(raw) > MAX_FILE_BYTES:
        raise refuse(
            f"the file is {len(raw):,} bytes; a scenario may be at most {MAX_FILE_BYTES:,}"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise refuse(f"the file is not UTF-8 text ({error.reason} at byte {error.start})") from None
    if not text.strip():
        raise refuse("the file is empty")
    loader = _ScenarioYamlLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as error:
        raise ScenarioFileError([_yaml_problem(source, error)]) from None
    finally:
        loader.dispose()
    if root is None or not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        raise refuse(f"a scenario must be a YAML mapping of fields, not {kind}", line=1)
    return text, data, root


def line_index(root: yaml.Node) -> dict[FieldPath, int]:
    return _line_index(root)


def parse_scenario(raw: bytes, *, source: str) -> ParsedScenario:
    """Parse and validate one file's bytes; raise ScenarioFileError naming every problem."""
    text, data, root = read_scenario_mapping(raw, source=source)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        raise ScenarioFileError(_validation_problems(source, error, _line_index(root))) from None
    return ParsedScenario(source=source, text=text, scenario=scenario)


def read_scenario_file(path: Path) -> ParsedScenario:
    """Parse one file and check that its name is `<id>.yaml`."""
    source = str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ScenarioFileError(
            [ScenarioProblem(file=source, path="", message=f"cannot read it: {error.strerror}")]
        ) from None
    parsed = parse_scenario(raw, source=source)
    expected = f"{parsed.scenario.id}.yaml"
    if path.name != expected:
        raise ScenarioFileError(
            [
                ScenarioProblem(
                    file=source,
                    path="id",
                    message=f"the file must be named {expected} after its id",
                )
            ]
        )
    return parsed


def scenario_files(paths: Iterable[Path]) -> list[Path]:
    """Expand directories to the `*.yaml` files in them, in a stable order."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return files


def read_scenario_files(
    paths: Iterable[Path],
) -> tuple[list[ParsedScenario], list[ScenarioProblem]]:
    """Validate every file; also refuse two files that claim the same scenario id."""
    parsed: list[ParsedScenario] = []
    problems: list[ScenarioProblem] = []
    for path in scenario_files(paths):
        try:
            parsed.append(read_scenario_file(path))
        except ScenarioFileError as error:
            problems.extend(error.problems)
    first_source: dict[str, str] = {}
    for item in parsed:
        earlier = first_source.setdefault(item.scenario.id, item.source)
        if earlier != item.source:
            problems.append(
                ScenarioProblem(
                    file=item.source,
                    path="id",
                    message=f"'{item.scenario.id}' is also the id of {earlier}",
                )
            )
    return parsed, problems
