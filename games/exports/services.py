"""Exporting a game to its document, and importing a document as a new game.

The record classes in document.py name the model fields they carry: a field copied as it is
has the same name in both, so a new model field is exported and imported by adding it to the
record (with a default, so older documents still import). Ids are the document's own: people
are numbered 1, 2, ... in the order they joined, and every reference is renumbered with them.
"""

import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ObjectDoesNotExist
from django.db import DataError, IntegrityError, models, transaction
from django.utils import timezone
from pydantic import BaseModel

from games.engine.phases import Phase
from games.exports.anonymise import Aliases, Person, alias_of
from games.exports.checks import (
    DocumentProblem,
    ExportDocumentError,
    document_problems,
    document_read,
    scenario_checked,
)
from games.exports.document import (
    FORMAT,
    VERSION,
    EventRecord,
    GameExport,
    GameRecord,
    GameSettingsRecord,
    GameStateRecord,
    ParticipantRecord,
    ScenarioRecord,
    SeatRecord,
    TrainingDayRecord,
)
from games.exports.references import EVENT_FIELDS, PayloadFields, rewritten
from games.exports.tables import rounds_csv, transcript_csv
from games.models import Event, Game, Participant, SeatAssignment
from games.selectors import Viewer, snapshot_for
from games.services.coaching import agreed_changes
from games.services.outcomes import round_outcome_for
from games.services.participants import new_join_code
from organisations.roles import Capability, OrgRole, may
from organisations.selectors import membership_of
from scenarios.loader import ParsedScenario
from scenarios.models import Scenario, ScenarioVersion
from scenarios.selectors import in_library

Record = TypeVar("Record", bound=BaseModel)
IdMap = Callable[[Any], Any]


def copied(record_class: type[Record], instance: models.Model, **own: Any) -> Record:
    """A record of `instance`: every field of the record read from the model field of the same
    name, except those given in `own`."""
    values = {
        name: getattr(instance, name) for name in record_class.model_fields if name not in own
    }
    return record_class(**values, **own)


def _fields(event_type: str) -> PayloadFields:
    fields = EVENT_FIELDS.get(event_type)
    if fields is None:  # a test keeps the table complete; this is the last line of defence
        raise LookupError(f"games/exports/references.py does not list {event_type!r} events")
    return fields


def _renumbered(fields: PayloadFields, payload: dict[str, Any], ids: IdMap) -> dict[str, Any]:
    return rewritten(payload, fields.participants, lambda value, where: ids(value))


# Export -------------------------------------------------------------------------------------


def _aliases(game: Game, participants: list[Participant], local: dict[int, int]) -> Aliases:
    joined = dict(
        Event.objects.filter(game=game, type="participant.joined", actor__isnull=False)
        .values_list("actor_id", "seq")
        .order_by("seq")
    )
    return Aliases([Person(local[p.pk], p.display_name, joined.get(p.pk, 0)) for p in participants])


def _local_ids(participants: list[Participant]) -> dict[int, int]:
    return {p.pk: number for number, p in enumerate(participants, start=1)}


def _actor_key(key: str, local: dict[int, int]) -> str:
    if key.startswith("p") and key[1:].isdigit() and int(key[1:]) in local:
        return f"p{local[int(key[1:])]}"
    return "facilitator" if key.startswith("u") else key


def _event_record(event: Event, local: dict[int, int], aliases: Aliases | None) -> EventRecord:
    fields = _fields(event.type)

    def ids(value: Any) -> Any:
        return local[value] if isinstance(value, int) and not isinstance(value, bool) else value

    payload = _renumbered(fields, event.payload, ids)
    if aliases is not None:
        payload = rewritten(payload, fields.names, lambda value, _: aliases.name(value, event.seq))
        payload = rewritten(
            payload, fields.free_text, lambda value, _: aliases.text(value, event.seq)
        )
        if event.type == "game.created":
            payload["name"] = ""
    return copied(
        EventRecord,
        event,
        addressee=local.get(event.addressee_id) if event.addressee_id else None,
        actor=local.get(event.actor_id) if event.actor_id else None,
        by_facilitator=event.actor_user_id is not None,
        payload=payload,
        actor_key=_actor_key(event.actor_key, local),
    )


def _training_day(
    game: Game, local: dict[int, int], *, anonymise: bool
) -> TrainingDayRecord | None:
    """The day the game is a table of, read through the table's link to it (days/ depends on
    games, never the other way)."""
    try:
        table = game.day_table
    except ObjectDoesNotExist:
        return None
    functions = {
        str(local[member.participant_id]): member.function
        for member in table.members.all()
        if member.participant_id in local and member.function
    }
    return TrainingDayRecord(
        name="" if anonymise else table.day.name,
        table=table.number,
        functions={} if anonymise else functions,
    )


def game_export(game: Game, *, anonymise: bool) -> GameExport:
    """The whole game as one document. Anonymised: every participant is "Participant <n>" in
    the participants and in every payload (names typed into free text too), the team name is
    blank and the facilitator is not named."""
    version = ScenarioVersion.objects.select_related("scenario").get(pk=game.scenario_version_id)
    participants = list(game.participants.order_by("joined_at", "pk"))
    local = _local_ids(participants)
    events = list(Event.objects.filter(game=game).order_by("seq"))
    aliases = _aliases(game, participants, local) if anonymise else None
    settings = copied(GameSettingsRecord, game)
    if anonymise:
        settings = settings.model_copy(update={"name": ""})
    return GameExport(
        format=FORMAT,
        version=VERSION,
        exported_at=timezone.now(),
        anonymised=anonymise,
        scenario=ScenarioRecord(
            slug=version.scenario.slug,
            number=version.number,
            content_hash=version.content_hash,
            document=version.document,
            source=version.source_yaml,
        ),
        game=GameRecord(
            code=game.code,
            facilitator=None if anonymise else game.facilitator.get_username(),
            settings=settings,
            state=copied(GameStateRecord, game),
            training_day=_training_day(game, local, anonymise=anonymise),
        ),
        participants=[
            copied(
                ParticipantRecord,
                p,
                id=local[p.pk],
                display_name=alias_of(local[p.pk]) if anonymise else p.display_name,
            )
            for p in participants
        ],
        seats=[
            copied(SeatRecord, seat, participant=local[seat.participant_id])
            for seat in SeatAssignment.objects.filter(game=game).order_by(
                "round_number", "participant__joined_at", "participant_id"
            )
        ],
        events=[_event_record(event, local, aliases) for event in events],
    )


# The CSV tables ------------------------------------------------------------------------------


def transcript_table(game: Game, *, anonymise: bool) -> str:
    """The transcript CSV, from the same document the JSON export is."""
    return transcript_csv(game_export(game, anonymise=anonymise))


def rounds_table(game: Game, *, anonymise: bool) -> str:
    """The figures of every round that has started, from `round_outcome_for`."""
    started = range(1, game.round_number + 1) if game.phase != Phase.LOBBY else range(0)
    outcomes = [round_outcome_for(game, number) for number in started]
    changes = agreed_changes(game)
    if anonymise:
        participants = list(game.participants.order_by("joined_at", "pk"))
        aliases = _aliases(game, participants, _local_ids(participants))
        changes = [
            {**change, "text": aliases.text(change["text"], change["change"])} for change in changes
        ]
    return rounds_csv(outcomes, changes)


# Import -------------------------------------------------------------------------------------


def _scenario_version(
    export: GameExport, parsed: ParsedScenario, by: User, organisation_id: int
) -> ScenarioVersion:
    """The same content if the importer's library has it (built-in or their organisation's),
    else a version of the game's own: unpublished (like a practice version, with the number it
    had where it was exported), so an import adds nothing to the library, which only admins
    publish to."""
    existing = (
        ScenarioVersion.objects.filter(
            in_library(organisation_id),
            scenario__slug=export.scenario.slug,
            content_hash=export.scenario.content_hash,
        )
        .order_by("-published", "-number")
        .first()
    )
    if existing is not None:
        return existing
    spec = parsed.scenario
    row, _ = Scenario.objects.get_or_create(slug=spec.id, organisation_id=organisation_id)
    return ScenarioVersion.objects.create(
        scenario=row,
        number=export.scenario.number,
        published=False,
        content_hash=parsed.content_hash,
        label=spec.version,
        title=spec.title,
        summary=spec.summary,
        situation_type=spec.situation_type,
        industry=spec.industry,
        difficulty=spec.difficulty,
        document=spec.model_dump(mode="json"),
        source_yaml=parsed.text,
        imported_by=by,
    )


def _new_game(
    export: GameExport, version: ScenarioVersion, facilitator: User, organisation_id: int
) -> Game:
    fields = {
        **export.game.settings.model_dump(),
        **export.game.state.model_dump(exclude={"created_at"}),
    }
    for _ in range(20):
        try:
            with transaction.atomic():
                game = Game.objects.create(
                    code=new_join_code(),
                    facilitator=facilitator,
                    organisation_id=organisation_id,
                    scenario_version=version,
                    wake_at=None,  # the clock leaves an imported game alone until it is run
                    **fields,
                )
            break
        except IntegrityError:  # the code is taken: draw another
            continue
    else:  # pragma: no cover - 31^6 codes
        raise ExportDocumentError([DocumentProblem("", "No free join code; try again.")])
    # created_at is set on insert; the document's own moment is written back after it.
    Game.objects.filter(pk=game.pk).update(created_at=export.game.state.created_at)
    game.created_at = export.game.state.created_at
    return game


def _participants(export: GameExport, game: Game) -> dict[int, int]:
    rows = []
    for record in export.participants:
        participant = Participant.objects.create(
            game=game,
            name_key=record.display_name.casefold(),
            token_nonce=secrets.token_hex(16),  # tokens of the exporting server never work here
            **record.model_dump(exclude={"id", "joined_at"}),
        )
        participant.joined_at = record.joined_at
        rows.append(participant)
    Participant.objects.bulk_update(rows, ["joined_at"])  # joined_at is set on insert
    return {record.id: row.pk for record, row in zip(export.participants, rows, strict=True)}


def _game_created(payload: dict[str, Any], game: Game, version: ScenarioVersion) -> dict[str, Any]:
    """The log's first event names the game's code and scenario version: this install's."""
    payload = {**payload, "code": game.code}
    if isinstance(payload.get("scenario"), dict):
        payload["scenario"] = {**payload["scenario"], "version": version.number}
    return payload


def _events(
    export: GameExport, game: Game, version: ScenarioVersion, ids: dict[int, int]
) -> list[Event]:
    def new_id(value: Any) -> Any:
        return ids[value] if value is not None else None

    def actor_key(key: str) -> str:
        if key.startswith("p"):
            return f"p{ids[int(key[1:])]}"
        return f"u{game.facilitator_id}" if key == "facilitator" else key

    events = []
    for record in export.events:
        payload = _renumbered(_fields(record.type), record.payload, new_id)
        if record.type == "game.created":
            payload = _game_created(payload, game, version)
        events.append(
            Event(
                game=game,
                **record.model_dump(
                    exclude={"addressee", "actor", "by_facilitator", "payload", "actor_key"}
                ),
                addressee_id=new_id(record.addressee),
                actor_id=new_id(record.actor),
                actor_user_id=game.facilitator_id if record.by_facilitator else None,
                payload=payload,
                actor_key=actor_key(record.actor_key),
            )
        )
    return events


# What a payload the game cannot read raises when it is read.
UNREADABLE = (KeyError, IndexError, TypeError, ValueError, AttributeError)


def _check_replays(game: Game) -> None:
    """A document can be well formed and still hold a payload the game cannot read (a mood that
    is not a number): the copy must give its round outcomes, the facilitator's snapshot and the
    CSV tables, or it is refused, rather than failing later on every read."""
    where = "events"
    try:
        for number in range(1, game.round_number + 1) if game.phase != Phase.LOBBY else ():
            where = f"events (round {number})"
            round_outcome_for(game, number)
        where = "events"
        snapshot_for(game, Viewer(participant=None))
        transcript_table(game, anonymise=False)
        rounds_table(game, anonymise=False)
    except UNREADABLE as error:
        raise ExportDocumentError(
            [DocumentProblem(where, f"the log does not replay: {type(error).__name__} {error}")]
        ) from None


def game_import(document: object, *, facilitator: User) -> Game:
    """Store an export as a new game of `facilitator`'s, all or nothing.

    The game gets a fresh join code, its participants new ids (every reference in the log is
    remapped) and new token nonces, so no token of the exporting server works here. The
    scenario version is linked by content hash, or imported if this install lacks it. The
    clock does not act on the imported game until it is run again. Raises
    ExportDocumentError naming every problem; then nothing is written.
    """
    export = document_read(document)
    problems = document_problems(export)
    if problems:
        raise ExportDocumentError(problems)
    parsed = scenario_checked(export)
    membership = membership_of(facilitator)
    if membership is None or not may(OrgRole(membership.role), Capability.CREATE_GAMES):
        raise ExportDocumentError(
            [DocumentProblem("", "Only an organisation's facilitators import games.")]
        )
    try:
        with transaction.atomic():
            version = _scenario_version(export, parsed, facilitator, membership.organisation_id)
            game = _new_game(export, version, facilitator, membership.organisation_id)
            ids = _participants(export, game)
            SeatAssignment.objects.bulk_create(
                [
                    SeatAssignment(
                        game=game,
                        participant_id=ids[seat.participant],
                        **seat.model_dump(exclude={"participant"}),
                    )
                    for seat in export.seats
                ]
            )
            Event.objects.bulk_create(_events(export, game, version, ids), batch_size=500)
            _check_replays(game)
    except (IntegrityError, DataError) as error:
        raise ExportDocumentError(
            [DocumentProblem("", f"the database refused the game: {error}")]
        ) from None
    return game
