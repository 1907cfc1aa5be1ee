"""Stored XSS in the browser: every text a person or a scenario author typed is shown as text and
runs nothing, and every page works under the Content Security Policy (nothing it loads or runs
is refused)."""

import copy
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections
from playwright.sync_api import expect

from games.engine.roles import Role
from games.models import Game, Participant, SeatAssignment
from games.services import coaching
from games.services.actors import Actor, actor_for_participant
from games.services.conversation import coach_note, message_post, mood_set
from games.services.rounds import phase_advance
from tests import factories
from tests.frontend.pages import join, screenshot
from tests.frontend.watch import Watch

pytestmark = [pytest.mark.browser, pytest.mark.daphne]


def hostile(where: str) -> str:
    """Markup that would run a script (and close an attribute first) if it were ever treated as
    HTML; `where` stays readable so the test can find the text it became."""
    return f"\"><img src=x onerror=alert('{where}')>{where}"


PLAYERS = [hostile(name) for name in ("Ann", "Ben", "Cat", "Dev")]
SHOWN_TO_THE_FACILITATOR = ["Ann", "Team", "Title", "Room", "Huddle", "CoachNote", "TagNote"]
SHOWN_TO_THE_FACILITATOR += ["Keep", "Change", "Reflection", "Proposal", "Calmer", "Angrier"]
# The scenario's texts each reach some seat: the customer's card, a responder's brief...
SHOWN_TO_SOME_PLAYER = ["Opening", "Persona", "CardLabel", "Brief-logistics"]
TEAM = hostile("Team")


def hostile_scenario() -> dict[str, Any]:
    customer = copy.deepcopy(factories.BASE_SCENARIO["customer"])
    customer["persona"]["name"] = hostile("Persona")
    customer["persona"]["company"] = hostile("Company")
    customer["opening_statement"] = hostile("Opening")
    customer["escalation_cards"][0]["label"] = hostile("CardLabel")
    customer["escalation_cards"][0]["text"] = hostile("CardText")
    responders = copy.deepcopy(factories.BASE_SCENARIO["responders"])
    for seat in responders:
        seat["brief"] = hostile(f"Brief-{seat['function']}")
    return {
        "id": "hostile-shipment",
        "title": hostile("Title"),
        "summary": hostile("Summary"),
        "customer": customer,
        "responders": responders,
    }


def seat_of(game: Game, role: str) -> Participant:
    return SeatAssignment.objects.get(game=game, round_number=1, role=role).participant


def responder_of(game: Game) -> Participant:
    return SeatAssignment.objects.filter(game=game, round_number=1, role=Role.RESPONDER)[
        0
    ].participant


def in_another_thread(function: Any, *args: Any) -> None:
    """Services broadcast through async_to_sync, which cannot run in the thread that holds
    Playwright's event loop."""

    def run() -> None:
        try:
            function(*args)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run).result()


def play_hostile_round(game: Game) -> None:
    """Everything a person writes in a round, hostile, through the services (the pages are
    reloaded afterwards, so they draw it all from their snapshot)."""
    customer = actor_for_participant(game, seat_of(game, Role.CUSTOMER))
    coach = actor_for_participant(game, seat_of(game, Role.COACH))
    responder = actor_for_participant(game, responder_of(game))
    facilitator = Actor(role=Role.FACILITATOR, user=game.facilitator)

    room = factories.act(game, message_post, by=responder, channel="room", text=hostile("Room"))
    factories.act(game, message_post, by=responder, channel="huddle", text=hostile("Huddle"))
    factories.act(game, coach_note, by=coach, text=hostile("CoachNote"))
    factories.act(
        game,
        coaching.tag_add,
        by=coach,
        technique="acknowledge",
        note=hostile("TagNote"),
        message_seq=room.seq,
    )
    factories.act(game, mood_set, by=customer, mood=4)
    factories.act(game, coaching.escalation_play, by=customer, card="review", why=hostile("Why"))
    factories.act(game, phase_advance, by=facilitator)
    factories.act(
        game,
        coaching.round_rate,
        by=customer,
        listened=3,
        cared=3,
        valued=3,
        final_mood=4,
        would_stay="maybe",
        calmer=hostile("Calmer"),
        angrier=hostile("Angrier"),
    )
    factories.act(
        game,
        coaching.rubric_rate,
        by=coach,
        ratings={
            "acknowledge": "attempted",
            "present_resolution": "not_seen",
            "checkback": "not_seen",
        },
    )
    factories.act(
        game, coaching.feedback_give, by=coach, keep=hostile("Keep"), change=hostile("Change")
    )
    factories.act(game, coaching.reflection_add, by=responder, text=hostile("Reflection"))
    factories.act(game, coaching.change_propose, by=responder, text=hostile("Proposal"))


def test_hostile_names_messages_notes_feedback_and_scenario_texts_stay_text(
    facilitator_page, new_page
):
    factories.scenario_version(**hostile_scenario())
    console = facilitator_page
    watches = [Watch(console)]
    console.reload()
    card = console.locator(".scenario-card", has_text="Title")
    expect(card).to_contain_text(hostile("Title"))
    expect(card).to_contain_text(hostile("Summary"))
    card.click()
    console.get_by_label("Team or table name").fill(TEAM)
    console.get_by_label("Rounds").fill("1")
    console.get_by_role("button", name="Create the game").click()
    code = console.locator(".console__code").inner_text()
    players = {}
    for name in PLAYERS:
        page = new_page()
        watches.append(Watch(page))
        join(page, code, name)
        players[name] = page
    console.get_by_role("button", name="Start round 1").click()
    console.get_by_role("button", name="Start live").click()
    for page in players.values():
        expect(page.locator(".seat__who")).to_contain_text("in round 1")
        expect(page.get_by_text("Live", exact=True)).to_be_visible()
    for page in players.values():
        for cards in page.locator("details.cards").all():  # the customer's, folded until wanted
            cards.locator("summary").click()
    during_live = " ".join(page.locator("body").inner_text() for page in players.values())
    assert [where for where in SHOWN_TO_SOME_PLAYER if where not in during_live] == []
    game = Game.objects.get(code=code)

    in_another_thread(play_hostile_round, game)
    for watch in watches:
        watch.page.reload()
        expect(watch.page.get_by_text("Keep", exact=False).first).to_be_visible()

    shown = {
        where: console.get_by_text(where, exact=False).count() for where in SHOWN_TO_THE_FACILITATOR
    }
    assert [where for where, count in shown.items() if count == 0] == []
    for page in players.values():
        expect(page.locator(".debrief")).to_contain_text(hostile("Keep"))
        expect(page.locator(".mood-chart canvas")).to_be_visible()
    screenshot(console, "xss-console-debrief")
    for watch in watches:
        watch.assert_clean()


PAGES = [
    ("/", "Bear Cave"),
    ("/join/", "Game code"),
    ("/login/", "Sign in"),
    ("/admin/login/", "Django administration"),
    ("/api/docs/", "Bear Cave API"),
]


@pytest.mark.parametrize(("path", "text"), PAGES, ids=[path for path, _ in PAGES])
def test_a_page_loads_and_works_under_the_content_security_policy(new_page, path, text):
    page = new_page()
    watch = Watch(page)

    page.goto(path)

    expect(page.get_by_text(re.compile(text)).first).to_be_visible()
    watch.assert_clean()


def test_the_facilitators_pages_work_under_the_content_security_policy(facilitator_page):
    watch = Watch(facilitator_page)

    for path, heading in [("/facilitate/", "Your games"), ("/facilitate/day", "Training day")]:
        facilitator_page.goto(path)
        expect(facilitator_page.get_by_role("heading", name=re.compile(heading))).to_be_visible()

    watch.assert_clean()
