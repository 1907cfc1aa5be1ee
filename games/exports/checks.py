"""Reading an export document and checking that it hangs together, before anything is written.

Every problem names where it is (`events[12].payload.participant`), so a refused import says
what to fix. Nothing here touches the database.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import from_json

from games.engine.phases import Phase
from games.exports.document import FORMAT, VERSION, GameExport
from games.exports.references import EVENT_FIELDS, field_path, locate
from scenarios.loader import ParsedScenario, ScenarioFileError, content_hash, parse_scenario
from scenarios.schema import Scenario

MAX_PROBLEMS = 50  # past this many, a document is better fixed at its source


@dataclass(frozen=True)
class DocumentProblem:
    path: str  # e.g. `events[3].seq`; empty for the document as a whole
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ExportDocumentError(Exception):
    """The document cannot be imported; nothing was written."""

    def __init__(self, problems: list[DocumentProblem]) -> None:
        self.problems = problems[:MAX_PROBLEMS]
        super().__init__("\n".join(str(problem) for problem in self.problems))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _refuse(path: str, message: str) -> ExportDocumentError:
    return ExportDocumentError([DocumentProblem(path, message)])


def _nul_characters(node: Any, where: list[str | int]) -> Iterator[DocumentProblem]:
    """No database stores a NUL character in text; refuse it here, naming where it is."""
    if isinstance(node, str) and "\x00" in node:
        yield DocumentProblem(field_path(where), "contains a NUL character")
    elif isinstance(node, Mapping):
        for key, value in node.items():
            if "\x00" in str(key):
                yield DocumentProblem(field_path(where), "a key contains a NUL character")
            yield from _nul_characters(value, [*where, str(key)])
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _nul_characters(value, [*where, index])


def _pydantic_problems(error: ValidationError, prefix: list[str | int]) -> list[DocumentProblem]:
    problems = []
    for detail in error.errors(include_url=False):
        where = [part for part in detail["loc"] if isinstance(part, str | int)]
        message = "this field is required" if detail["type"] == "missing" else detail["msg"]
        if detail["type"] == "extra_forbidden":
            message = "this is not a field of version 1 of the format"
        problems.append(DocumentProblem(field_path([*prefix, *where]), message))
    return problems


def document_read(document: object) -> GameExport:
    """Parse and validate a document: its format and version first, then every field."""
    if isinstance(document, str | bytes):
        try:
            # pydantic's reader, as the API's: nesting deeper than 200 levels is an error here,
            # not a document deep enough to crash the checks below (they walk it recursively).
            document = from_json(document, allow_inf_nan=False)
        except ValueError as error:
            raise _refuse("", f"this is not JSON ({error})") from None
    if not isinstance(document, Mapping):
        raise _refuse("", "an export is a JSON object with `format`, `version`, `game`...")
    if document.get("format") != FORMAT:
        found = _short(document["format"]) if "format" in document else "nothing"
        raise _refuse("format", f"expected {FORMAT!r}: this is not a Bear Cave export ({found})")
    version = document.get("version")
    if version != VERSION or isinstance(version, bool):
        found = _short(version) if "version" in document else "no version"
        raise _refuse("version", f"this server reads version {VERSION} of the format, not {found}")
    nul = list(_nul_characters(document, []))
    if nul:
        raise ExportDocumentError(nul)
    try:
        return GameExport.model_validate(document)
    except ValidationError as error:
        raise ExportDocumentError(_pydantic_problems(error, [])) from None


def scenario_checked(export: GameExport) -> ParsedScenario:
    """The scenario version as the import would store it: its document valid, its source the
    same scenario, and its content hash the one the document claims."""
    record = export.scenario
    try:
        spec = Scenario.model_validate(record.document)
    except ValidationError as error:
        raise ExportDocumentError(_pydantic_problems(error, ["scenario", "document"])) from None
    problems = []
    if spec.id != record.slug:
        problems.append(DocumentProblem("scenario.slug", f"the document's id is {spec.id!r}"))
    if content_hash(spec) != record.content_hash:
        problems.append(
            DocumentProblem("scenario.content_hash", "does not match scenario.document")
        )
    try:
        parsed = parse_scenario(record.source.encode(), source="scenario.source")
    except ScenarioFileError as error:
        problems += [
            DocumentProblem(
                "scenario.source",
                (f"line {problem.line}: " if problem.line else "")
                + (f"{problem.path}: " if problem.path else "")
                + problem.message,
            )
            for problem in error.problems
        ]
    else:
        if parsed.content_hash != content_hash(spec):
            problems.append(
                DocumentProblem("scenario.source", "is not the same scenario as scenario.document")
            )
    available = {seat.function for seat in spec.responders}
    for index, function in enumerate(export.game.settings.functions):
        if function not in available:
            problems.append(
                DocumentProblem(
                    f"game.settings.functions[{index}]",
                    f"the scenario has no function {function!r}",
                )
            )
    if problems:
        raise ExportDocumentError(problems)
    return parsed


def _participant_problems(export: GameExport) -> Iterator[DocumentProblem]:
    seen: set[int] = set()
    present: dict[str, int] = {}
    for index, person in enumerate(export.participants):
        if person.id in seen:
            yield DocumentProblem(f"participants[{index}].id", f"{person.id} appears twice")
        seen.add(person.id)
        if person.removed_at is None:
            key = person.display_name.casefold()
            if key in present:
                yield DocumentProblem(
                    f"participants[{index}].display_name",
                    f"participant {present[key]} is already called {person.display_name!r}",
                )
            present[key] = person.id


def _game_problems(export: GameExport) -> Iterator[DocumentProblem]:
    settings, state = export.game.settings, export.game.state
    if state.round_number > settings.total_rounds:
        yield DocumentProblem(
            "game.state.round_number", f"the game has {settings.total_rounds} rounds"
        )
    if (state.phase == Phase.LOBBY) != (state.round_number == 0):
        yield DocumentProblem("game.state.round_number", "is 0 in the lobby and only there")
    if state.last_seq != len(export.events):
        yield DocumentProblem("game.state.last_seq", f"the log has {len(export.events)} events")


def _seat_problems(export: GameExport, ids: set[int]) -> Iterator[DocumentProblem]:
    taken: set[tuple[int, int]] = set()
    for index, seat in enumerate(export.seats):
        if seat.participant not in ids:
            yield DocumentProblem(
                f"seats[{index}].participant", f"no participant has the id {seat.participant}"
            )
        if not 1 <= seat.round_number <= export.game.settings.total_rounds:
            yield DocumentProblem(f"seats[{index}].round_number", "no such round in this game")
        if (seat.round_number, seat.participant) in taken:
            yield DocumentProblem(f"seats[{index}]", "a second seat for one person in one round")
        taken.add((seat.round_number, seat.participant))


def _event_problems(export: GameExport, ids: set[int]) -> Iterator[DocumentProblem]:
    commands: set[tuple[str, str]] = set()
    gap_reported = False
    for index, event in enumerate(export.events):
        at = f"events[{index}]"
        if event.seq != index + 1 and not gap_reported:
            gap_reported = True
            yield DocumentProblem(
                f"{at}.seq", f"expected {index + 1}: the log runs 1, 2, 3... without gaps"
            )
        if event.round_number > export.game.settings.total_rounds:
            yield DocumentProblem(f"{at}.round_number", "no such round in this game")
        for name in ("actor", "addressee"):
            value = getattr(event, name)
            if value is not None and value not in ids:
                yield DocumentProblem(f"{at}.{name}", f"no participant has the id {value}")
        if event.actor_key.startswith("p") and int(event.actor_key[1:]) not in ids:
            yield DocumentProblem(
                f"{at}.actor_key", f"no participant has the id {event.actor_key[1:]}"
            )
        if event.client_msg_id:
            command = (event.actor_key, event.client_msg_id)
            if command in commands:
                yield DocumentProblem(f"{at}.client_msg_id", "the same command appears twice")
            commands.add(command)
        fields = EVENT_FIELDS.get(event.type)
        if fields is None:
            yield DocumentProblem(f"{at}.type", f"unknown event type {_short(event.type)}")
            continue
        for path in fields.participants:
            for spot in locate(event.payload, path):
                value = spot.get()
                if value is not None and (
                    not isinstance(value, int) or isinstance(value, bool) or value not in ids
                ):
                    yield DocumentProblem(
                        f"{at}.payload.{field_path(spot.where)}",
                        f"names participant {_short(value)}, who is not in `participants`",
                    )


def document_problems(export: GameExport) -> list[DocumentProblem]:
    """Everything that does not hang together: ids that name nobody, gaps in the log..."""
    ids = {person.id for person in export.participants}
    return [
        *_participant_problems(export),
        *_game_problems(export),
        *_seat_problems(export, ids),
        *_event_problems(export, ids),
    ]
