"""Screens at their real sizes: a 375 px phone by keyboard alone, a 1920 px projector, and the
training-day overview of several tables."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import Page, expect

from django.contrib.auth.models import User

from games.models import Game
from tests import factories
from tests.frontend.conftest import create_game, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.daphne]


def no_sideways_scrolling(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_player_joins_on_a_375px_phone_with_the_keyboard_alone(facilitator_page, new_page):
    code = create_game(facilitator_page, rounds=1)
    phone = new_page(width=375, height=740)
    phone.goto(f"/join/{code}")

    phone.keyboard.press("Tab")
    expect(phone.get_by_label("Game code")).to_be_focused()
    phone.keyboard.press("Tab")
    phone.keyboard.type("Zoe")
    phone.keyboard.press("Tab")
    expect(phone.get_by_role("button", name="Join")).to_be_focused()
    screenshot(phone, "join-phone")
    phone.keyboard.press("Enter")

    expect(phone.get_by_role("heading", name="Welcome, Zoe")).to_be_visible()
    expect(facilitator_page.locator(".participants")).to_contain_text("Zoe")
    assert no_sideways_scrolling(phone)


def test_the_projector_shows_the_code_huge_with_a_qr_code_and_the_link(facilitator_page, new_page):
    create_game(facilitator_page, rounds=1)
    facilitator_page.set_viewport_size({"width": 1920, "height": 1080})

    facilitator_page.get_by_role("button", name="Show on the projector").click()

    code = facilitator_page.locator(".projector__code")
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
    box = code.bounding_box()
    assert box is not None
    assert box["height"] > 150
    qr = facilitator_page.get_by_role("img", name=re.compile("QR code"))
    expect(qr).to_be_visible()
    facilitator_page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=qr.element_handle()
    )
    expect(facilitator_page.locator(".projector__link")).to_contain_text(
        f"/join/{code.inner_text()}"
    )
    assert no_sideways_scrolling(facilitator_page)
    screenshot(facilitator_page, "projector")


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
    expect(tables.filter(has_text="Table A")).to_contain_text("lobby")
    table_b = tables.filter(has_text="Table B")
    expect(table_b).to_contain_text("live, round 1/3")
    expect(table_b).to_contain_text("mood 8")
    expect(table_b.get_by_role("alert")).to_contain_text("is disconnected")
    screenshot(facilitator_page, "training-day")
    table_b.get_by_role("link").click()
    expect(facilitator_page).to_have_url(re.compile(f"/facilitate/{busy.code}$"))
    assert quiet.code != busy.code
