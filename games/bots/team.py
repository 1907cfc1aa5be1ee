"""A whole team of bots playing Groundhog Day: every seat, every phase, every round.

The customer is the scripted customer (it hears the room and sets its own mood); the responders
speak a team that slips into defensive lines in round one and fewer each round after, so the
mood curves show the team getting better. The coach tags what the detector finds, rates the rubric
and gives feedback; everyone agrees one change a round.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from games.bots.client import Bot
from games.engine.detector import detect_techniques
from games.engine.scripted_customer import ScriptedCustomer
from games.engine.scripted_team import learning_team_lines
from scenarios.schema import Scenario


@dataclass(frozen=True)
class RoundPlayed:
    round: int
    messages: int  # room messages, the customer's included
    worst_mood: int
    final_mood: int
    seq: int  # the last event of the round (its agreement phase ended)


@dataclass(frozen=True)
class Table:
    """Who sits where this round."""

    customer: Bot
    coach: Bot | None  # None when the facilitator coaches
    responders: list[Bot]
    functions: dict[int, list[str]]


def seats_of_round(bot: Bot, round_number: int) -> dict[int, dict[str, Any]]:
    opened = [e for e in bot.seen("round.opened") if e["payload"]["round"] == round_number]
    return {seat["participant"]: seat for seat in opened[-1]["payload"]["seats"]}


def _table(facilitator: Bot, players: list[Bot], round_number: int) -> Table:
    seats = seats_of_round(facilitator, round_number)
    by_role: dict[str, list[Bot]] = {}
    for bot in players:
        seat = seats.get(bot.participant_id or 0)
        if seat is not None:
            by_role.setdefault(seat["role"], []).append(bot)
    responders = by_role["responder"]
    return Table(
        customer=by_role["customer"][0],
        coach=by_role.get("coach", [None])[0],
        responders=responders,
        functions={
            bot.participant_id or 0: seats[bot.participant_id or 0]["functions"]
            for bot in responders
        },
    )


def _has(bot: Bot, type: str, matches: Callable[[dict[str, Any]], bool]) -> Callable[[], bool]:
    return lambda: any(matches(event) for event in bot.seen(type))


async def play_round(
    facilitator: Bot, players: list[Bot], scenario: Scenario, round_number: int
) -> RoundPlayed:
    """One round as a team would play it: a huddle in the briefing, a live conversation with the
    scripted customer that the coach tags, ratings and feedback, and one agreed change."""
    await facilitator.wait_for(
        _has(facilitator, "round.opened", lambda e: e["payload"]["round"] == round_number)
    )
    table = _table(facilitator, players, round_number)
    coach = table.coach or facilitator
    speaker = table.responders[0]

    await speaker.command("post_message", channel="huddle", text="Plan: listen first, then act.")
    await facilitator.command("advance_phase", expected_phase="briefing")

    customer = ScriptedCustomer(scenario, seed=round_number)
    moods = [customer.mood]
    await table.customer.command("post_message", channel="room", text=customer.opening())
    lines = learning_team_lines(scenario, round_number)
    tagged: set[str] = set()
    for index, line in enumerate(lines):
        responder = table.responders[index % len(table.responders)]
        posted = await responder.command("post_message", channel="room", text=line)
        await _coach_tags(coach, scenario, line, posted["seq"], tagged)
        reply = customer.hear(line)
        if reply is None:
            continue
        await table.customer.command("post_message", channel="room", text=reply.text)
        if reply.mood != moods[-1]:
            await table.customer.command("set_mood", mood=reply.mood)
        for card in reply.cards:
            await table.customer.command("play_escalation", card=card, why="It's gone too far.")
        moods.append(reply.mood)
    await _record_a_concession(table, scenario)
    await facilitator.command("advance_phase", expected_phase="live")

    await table.customer.command("rate_round", **customer.rating())
    await _coach_debrief(coach, scenario, lines, round_number)
    await _mark_earlier_changes_kept(coach, facilitator, round_number)
    for responder in table.responders:
        await responder.command("reflect", text="I should have asked before I explained.")
    await facilitator.command("advance_phase", expected_phase="debrief")

    await _agree_one_change(facilitator, table, round_number)
    last = await facilitator.command("advance_phase", expected_phase="agreement")
    return RoundPlayed(
        round=round_number,
        messages=1 + 2 * len(lines),
        worst_mood=max(moods),
        final_mood=customer.mood,
        seq=last["seq"],
    )


async def _coach_tags(
    coach: Bot, scenario: Scenario, line: str, seq: int, tagged: set[str]
) -> None:
    """Tag each technique the rubric watches for the first time the detector sees it."""
    watched = scenario.coach.taggable
    for found in detect_techniques(line, scenario=scenario):
        if found.technique in watched and found.technique not in tagged:
            tagged.add(found.technique)
            quote = line[found.start : found.end]
            await coach.command(
                "add_tag", technique=found.technique, message=seq, note=f'"{quote}"'
            )


async def _record_a_concession(table: Table, scenario: Scenario) -> None:
    """The first responder whose function can give something alone gives it."""
    for responder in table.responders:
        for seat in scenario.responders:
            if (
                seat.function in table.functions[responder.participant_id or 0]
                and seat.parameters.alone
            ):
                await responder.command("record_concession", concession=seat.parameters.alone[0].id)
                return


async def _coach_debrief(
    coach: Bot, scenario: Scenario, lines: list[str], round_number: int
) -> None:
    shown = {
        found.technique for line in lines for found in detect_techniques(line, scenario=scenario)
    }
    await coach.command(
        "rate_rubric",
        ratings={
            entry.technique: "done_well" if entry.technique in shown else "not_seen"
            for entry in scenario.coach.rubric
        },
    )
    await coach.command(
        "give_feedback",
        keep="You owned it and gave a time for the next call.",
        change="You explained the procedure before you heard her out."
        if round_number == 1
        else "Ask what would work for her before offering anything.",
    )


async def _mark_earlier_changes_kept(coach: Bot, facilitator: Bot, round_number: int) -> None:
    for earlier in facilitator.seen("change.agreed"):
        if earlier["round"] < round_number:
            await coach.command("mark_kept", change=earlier["seq"], kept=True)


async def _agree_one_change(facilitator: Bot, table: Table, round_number: int) -> None:
    proposal = await table.responders[0].command(
        "propose_change", text=f"Open with the apology, not the procedure (round {round_number})."
    )
    for responder in table.responders[1:]:  # proposing was the proposer's acceptance
        await responder.command("vote", proposal=proposal["seq"], accept=True)
    await facilitator.wait_for(
        _has(facilitator, "change.agreed", lambda e: e["payload"]["proposal"] == proposal["seq"])
    )


async def play_game(
    *, facilitator: Bot, players: list[Bot], code: str, rounds: int
) -> list[RoundPlayed]:
    """Connect everyone, play every round, and wait until everyone holds the whole log."""
    for bot in [facilitator, *players]:
        await bot.connect(code)
    scenario = Scenario.model_validate(facilitator.snapshot["brief"]["scenario"])
    await facilitator.command("advance_phase", expected_phase="lobby")
    played = [
        await play_round(facilitator, players, scenario, number) for number in range(1, rounds + 1)
    ]
    final_seq = played[-1].seq
    for bot in [facilitator, *players]:
        await bot.wait_for(lambda bot=bot: bot.seq >= final_seq)  # type: ignore[misc]
    return played
