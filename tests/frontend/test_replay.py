"""The replay of a finished round in the browser: playback, perspectives, tags and review notes."""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from games.engine.phases import Phase
from games.engine.roles import Role
from games.models import Event, Game
from games.services.coaching import tag_add
from games.services.conversation import coach_note, message_post, mood_set
from tests import factories
from tests.frontend.pages import screenshot
from tests.frontend.watch import Watch

pytestmark = [pytest.mark.browser, pytest.mark.daphne]

HOSTILE = "<img src=x onerror=alert(1)> I'll call you at 17:00."
ROOM = ["Where are my pallets?", "I hear you, and that's on us.", HOSTILE]
SECONDS_APART = 3


def a_round_played_and_over() -> Game:
    """Round 1 with a huddle, a conversation, a tag and a note; then round 2's briefing.

    Services stamp events with the real clock, so a fast test would put every moment of the
    round within a second. The round's events are spread `SECONDS_APART` apart afterwards (in
    seq order, so nothing is reordered) to give the replay a timeline to play."""
    fran = User.objects.get(username="fran")
    game = factories.game(facilitator=fran, name="Replay table", players=4, total_rounds=2)
    factories.advance_to(game, Phase.BRIEFING, 1)
    responder, customer = (
        factories.seated_first(game, Role.RESPONDER),
        factories.seated_first(game, Role.CUSTOMER),
    )
    factories.act(game, message_post, by=responder, channel="huddle", text="Plan: I lead.")
    factories.advance_to(game, Phase.LIVE, 1)
    coach = factories.seated_first(game, Role.COACH)
    factories.act(game, message_post, by=customer, channel="room", text=ROOM[0])
    owned = factories.act(game, message_post, by=responder, channel="room", text=ROOM[1])
    factories.act(
        game, tag_add, by=coach, technique="acknowledge", note="Owned it.", message_seq=owned.seq
    )
    factories.act(game, mood_set, by=customer, mood=6)
    factories.act(game, coach_note, by=coach, text="Good ownership.")
    factories.act(game, message_post, by=responder, channel="huddle", text="Nice one.")
    factories.act(game, message_post, by=responder, channel="room", text=ROOM[2])
    factories.advance_to(game, Phase.BRIEFING, 2)
    events = list(Event.objects.filter(game=game, round_number=1).order_by("seq"))
    start = events[0].created_at
    for index, event in enumerate(events):
        event.created_at = start + timedelta(seconds=index * SECONDS_APART)
        event.save(update_fields=["created_at"])
    return game


def room_texts(page: Page) -> list[str]:
    return page.locator(".chat--room .chat__text").all_inner_texts()


def test_a_finished_round_replays_as_each_seat_saw_it(facilitator_page: Page):
    # Services broadcast after commit; that must not happen on Playwright's event-loop thread.
    with ThreadPoolExecutor(max_workers=1) as worker:
        game = worker.submit(a_round_played_and_over).result()
    page = facilitator_page
    watch = Watch(page)
    page.goto(f"/facilitate/{game.code}")
    page.get_by_role("link", name="Replay round 1").click()
    expect(page).to_have_url(re.compile(f"/facilitate/{game.code}/replay/1$"))
    expect(page.get_by_role("heading", name="Replay of round 1")).to_be_visible()
    expect(page.locator(".chat--room")).to_be_visible()
    assert room_texts(page) == []

    page.get_by_role("button", name="8x").click()
    page.get_by_role("button", name="Play").click()
    expect(page.locator(".chat--room .chat__text")).to_have_count(2)
    assert room_texts(page) == ROOM[:2], "the third message has not happened yet"
    expect(page.locator(".chat--room .chat__text")).to_have_count(3, timeout=20_000)
    assert room_texts(page) == ROOM, "in order, the hostile one as text"
    assert page.locator(".chat img").count() == 0
    expect(page.locator(".chat--huddle .chat__text")).to_have_text(["Plan: I lead.", "Nice one."])
    expect(page.get_by_role("region", name="Tags and coach notes")).to_contain_text("Owned it.")
    expect(page.get_by_role("region", name="Tags and coach notes")).to_contain_text(
        "Good ownership."
    )
    expect(page.get_by_role("button", name="Play")).to_be_visible()

    scrubber = page.get_by_label("Position in the round")
    scrubber.fill(scrubber.get_attribute("min") or "0")
    expect(page.locator(".replay__tags li")).to_have_count(0)
    page.get_by_role("button", name="Next tag").click()
    expect(page.locator(".replay__tags li")).to_have_count(1)
    assert room_texts(page) == ROOM[:2], "the jump lands on the tag, after the tagged message"
    expect(page.get_by_role("button", name="Next tag")).to_be_disabled()
    moment = page.locator(".replay__clock").inner_text()

    page.get_by_label(re.compile("^Note at")).fill("Here the apology landed.")
    page.get_by_role("button", name="Save note").click()
    review = page.locator(".replay__annotations li")
    expect(review).to_have_count(1)
    expect(review).to_contain_text("review")
    expect(review).to_contain_text("Here the apology landed.")
    expect(review).to_contain_text(moment)
    screenshot(page, "replay-coach")

    page.get_by_role("button", name="Customer").click()
    expect(page.get_by_role("button", name="Customer")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".chat--huddle")).to_have_count(0)
    expect(page.get_by_role("region", name="Tags and coach notes")).to_have_count(0)
    assert room_texts(page) == ROOM[:2]
    expect(review).to_have_count(1)
    screenshot(page, "replay-customer")
    watch.assert_clean()  # the hostile message ran nothing; no CSP violation
    stored = Event.objects.filter(game=game, type="review.annotated")
    with ThreadPoolExecutor(max_workers=1) as worker:
        payloads = worker.submit(lambda: [e.payload for e in stored]).result()
    assert [(p["round"], p["text"], p["review"]) for p in payloads] == [
        (1, "Here the apology landed.", True)
    ]
