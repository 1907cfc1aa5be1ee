"""The CSV exports: the transcript and the round figures, with formulas kept as text."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from games.engine.roles import Role
from games.exports.services import game_export, rounds_table, transcript_table
from games.exports.tables import FORMULA_STARTS, ROUND_COLUMNS, TRANSCRIPT_COLUMNS, safe_cell
from games.exports.timeline import live_seconds_by_seq
from games.services.conversation import message_post
from games.services.outcomes import round_outcome_for
from tests import factories
from tests.games.exports.play import one, played_game

pytestmark = pytest.mark.django_db


def read(table: str) -> list[dict[str, str]]:
    assert table.startswith("\ufeff")  # spreadsheets read it as UTF-8
    return list(csv.DictReader(io.StringIO(table.removeprefix("\ufeff"))))


@pytest.fixture
def game():
    return played_game()


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_cell_that_starts_like_a_formula_gets_a_leading_apostrophe(start):
    assert safe_cell(f"{start}SUM(A1:A9)") == f"'{start}SUM(A1:A9)"


def test_other_cells_are_left_alone():
    assert [safe_cell(v) for v in ("Hi =1", "'quoted", 12, 0.5, None, "")] == [
        "Hi =1",
        "'quoted",
        12,
        0.5,
        "",
        "",
    ]


def test_the_transcript_has_every_message_note_and_moment_in_order(game):
    rows = read(transcript_table(game, anonymise=False))

    assert list(rows[0]) == TRANSCRIPT_COLUMNS
    assert [(r["round"], r["channel"]) for r in rows] == [
        (round_number, channel)
        for round_number in ("1", "2")
        for channel in ("room", "room", "huddle", "moment", "coach_note")
    ]
    assert [int(r["seq"]) for r in rows] == sorted(int(r["seq"]) for r in rows)
    first = rows[0]
    assert first["role"] == "customer"
    assert first["text"].endswith(", where are my pallets?")
    assert first["live_seconds"] == "0"


def test_the_transcript_shows_tags_as_they_stand_and_who_made_a_tagged_moment(game):
    rows = read(transcript_table(game, anonymise=False))
    document = game_export(game, anonymise=False)
    names = {p.id: p.display_name for p in document.participants}
    tagged = next(e for e in document.events if e.type == "tag.added" and e.payload["participant"])

    # Each tag with the coach's note on it: the note is what the debrief talks about.
    assert [r["tags"] for r in rows if r["channel"] == "room"] == [
        "",
        "acknowledge (Named it twice.)",
    ] * 2
    moment = next(r for r in rows if r["seq"] == str(tagged.seq))
    assert moment["author"] == names[tagged.payload["participant"]]
    assert moment["role"] == "responder"
    assert moment["tags"] == "checkback"
    assert all(
        r["functions"] for r in rows if r["role"] == "responder" and r["channel"] != "moment"
    )


def test_typed_formulas_and_formula_names_stay_text_in_the_transcript():
    game = factories.game()
    for name in ("=1+1", "@Ben", "Cat"):
        factories.join(game, name)
    factories.advance_to(game, "live", 1)
    customer = one(game, Role.CUSTOMER)
    factories.act(
        game, message_post, by=customer, channel="room", text='=HYPERLINK("http://x","y")'
    )
    factories.act(game, message_post, by=customer, channel="room", text="-2+3")

    rows = read(transcript_table(game, anonymise=False))

    assert [r["text"] for r in rows] == ['\'=HYPERLINK("http://x","y")', "'-2+3"]
    assert rows[0]["author"] in ("'=1+1", "'@Ben", "Cat")
    assert not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row.values())


def test_the_round_figures_are_the_round_outcomes(game):
    rows = read(rounds_table(game, anonymise=False))

    assert list(rows[0]) == ROUND_COLUMNS
    assert [r["round"] for r in rows] == ["1", "2"]
    for row in rows:
        outcome = round_outcome_for(game, int(row["round"]))
        assert row["final_mood"] == str(outcome.final_mood) == "3"
        assert row["time_to_calm_seconds"] == str(outcome.time_to_calm_seconds)
        assert (row["listened"], row["cared"], row["valued"]) == ("4", "3", "2")
        assert (row["rubric_attempted"], row["rubric_done_well"], row["rubric_not_seen"]) == (
            "2",
            "1",
            "0",
        )
        assert (row["good_moves"], row["anti_patterns"]) == ("2", "0")
        assert row["good_move_tags"] == "acknowledge: 1; checkback: 1"
        assert row["give_cost"] == str(outcome.give_cost) == "900"
        assert row["flagged_concessions"] == "1"
        assert row["escalations"] == "review"
    assert rows[0]["agreed_changes"] == "Name the fair first."
    assert (rows[0]["changes_kept"], rows[0]["changes_not_kept"]) == ("1", "0")
    assert rows[1]["agreed_changes"] == "Call back within the hour. (forced)"
    assert rows[1]["changes_kept"] == "0"


def test_a_game_in_the_lobby_has_no_round_rows():
    game = factories.game(players=2)

    assert read(rounds_table(game, anonymise=False)) == []
    assert read(transcript_table(game, anonymise=False)) == []


def test_live_seconds_are_replayed_from_the_clock_events_pauses_and_extensions_included():
    start = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

    def at(seconds: float) -> datetime:
        return start + timedelta(seconds=seconds)

    def clock(paused: bool, left: float, deadline: datetime | None, **extra) -> dict:
        return {
            "paused": paused,
            "seconds_left": left,
            "deadline": deadline.isoformat() if deadline else None,
            **extra,
        }

    log = [
        ("phase.changed", 0, {"phase": "live", **clock(False, 1200, at(1200))}),
        ("message.posted", 10, {}),
        ("clock.paused", 20, clock(True, 1180, None)),
        ("message.posted", 100, {}),
        ("clock.resumed", 200, clock(False, 1180, at(1380))),
        ("message.posted", 210, {}),
        ("clock.extended", 220, clock(False, 1220, at(1440), seconds=60)),
        ("message.posted", 230, {}),
        ("phase.changed", 300, {"phase": "debrief", **clock(False, 480, at(780))}),
        ("message.posted", 310, {}),
    ]
    events = [
        {"seq": seq, "type": type, "at": at(seconds), "payload": payload}
        for seq, (type, seconds, payload) in enumerate(log, start=1)
    ]

    assert live_seconds_by_seq(events) == {1: 0, 2: 10, 3: 20, 4: 20, 5: 20, 6: 30, 7: 40, 8: 50}
