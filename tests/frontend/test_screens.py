"""Screens at their real sizes: a 375 px phone by keyboard alone, a 1920 px projector, and the
training-day overview of several tables."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from games.models import Game
from tests import factories
from tests.frontend.checks import horizontal_overflow
from tests.frontend.pages import create_game, join, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.daphne]


def test_a_player_joins_on_a_375px_phone_with_the_keyboard_alone(facilitator_page, new_page):
    code = create_game(facilitator_page, rounds=1)
    phone = new_page(width=375, height=740)
    phone.goto(f"/join/{code}")

    expect(phone.get_by_label("Your name")).to_be_focused()
    phone.keyboard.type("Zoe")
    phone.keyboard.press("Tab")
    expect(phone.get_by_role("button", name="Join")).to_be_focused()
    screenshot(phone, "join-phone")
    phone.keyboard.press("Enter")

    expect(phone.get_by_role("heading", name="Welcome, Zoe")).to_be_visible()
    expect(facilitator_page.locator(".participants")).to_contain_text("Zoe")
    assert not horizontal_overflow(phone)


def test_the_room_display_shows_how_to_join_and_who_is_in_then_the_round_not_a_console(
    facilitator_page, new_page
):
    code = create_game(facilitator_page, rounds=1)
    wall = new_page(width=1920, height=1080)
    wall.context.add_cookies(facilitator_page.context.cookies())
    wall.goto(f"/facilitate/{code}/wall")

    big_code = wall.locator(".wall__code")
    expect(big_code).to_have_text(code)
    qr = wall.get_by_role("img", name=re.compile("QR code"))
    wall.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    code_box, qr_box = big_code.bounding_box(), qr.bounding_box()
    assert code_box is not None
    assert qr_box is not None
    font_px = float(big_code.evaluate("(code) => parseFloat(getComputedStyle(code).fontSize)"))
    assert font_px >= 96, "the code is read from the back of the room"
    assert code_box["height"] < 1.5 * font_px, "the code stays on one line"
    assert code_box["y"] + code_box["height"] <= qr_box["y"], "the code sits above the QR code"
    expect(wall.locator(".wall__link")).to_contain_text(f"/join/{code}")
    for name in ("Ann", "Ben", "Cat"):
        join(new_page(width=375, height=740), code, name)
    expect(wall.locator(".wall__people")).to_contain_text("3 people have joined")
    expect(wall.locator(".wall__people")).to_contain_text("Cat")
    assert not horizontal_overflow(wall)
    screenshot(wall, "wall-lobby")

    facilitator_page.get_by_label("Closed to late joiners").check()
    expect(wall.locator(".wall__code")).to_have_count(0)
    facilitator_page.get_by_role("button", name="Start round 1").click()
    facilitator_page.get_by_role("button", name="Start live", exact=True).click()
    expect(wall.locator(".wall__phase")).to_contain_text("Live")
    expect(wall.get_by_role("timer")).to_be_visible()
    expect(wall.locator(".wall .mood")).to_contain_text("8")
    # The room display never shows what a seat holds in private.
    for private in ("huddle", "brief", "Coach", "Rubric"):
        expect(wall.get_by_role("region", name=re.compile(private))).to_have_count(0)
    assert not horizontal_overflow(wall)
    screenshot(wall, "wall-live")

    # The projector may be another machine: the console's choice reaches it through the server.
    facilitator_page.get_by_role("button", name="End live: debrief", exact=True).click()
    facilitator_page.get_by_role("button", name="Put the comparison on the wall").click()
    expect(wall.get_by_role("region", name="Round comparison")).to_be_visible()
    facilitator_page.get_by_role("button", name="Back to the live display").click()
    expect(wall.get_by_role("region", name="Round comparison")).to_have_count(0)
    expect(wall.get_by_role("region", name="Mood")).to_be_visible()


def two_tables() -> tuple[Game, Game]:
    fran = User.objects.get(username="fran")
    quiet = factories.game(facilitator=fran, name="Table A")
    busy = factories.game(facilitator=fran, name="Table B", players=3)
    factories.advance_to(busy, "live")
    return quiet, busy


def test_the_training_day_shows_every_table_and_what_needs_the_facilitator(facilitator_page):
    # Services broadcast after commit; that must not happen on Playwright's event-loop thread.
    with ThreadPoolExecutor(max_workers=1) as worker:
        quiet, busy = worker.submit(two_tables).result()

    facilitator_page.goto("/facilitate/day")

    tables = facilitator_page.locator(".table-card")
    expect(tables).to_have_count(2)
    expect(tables.filter(has_text="Table A")).to_contain_text("Lobby")
    table_b = tables.filter(has_text="Table B")
    expect(table_b).to_contain_text("Live, round 1 of 3")
    expect(table_b).to_contain_text("mood 8")
    expect(table_b.get_by_role("alert")).to_contain_text("is disconnected")
    screenshot(facilitator_page, "training-day")
    table_b.get_by_role("link").click()
    expect(facilitator_page).to_have_url(re.compile(f"/facilitate/{busy.code}$"))
    assert quiet.code != busy.code
