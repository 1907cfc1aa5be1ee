"""The facilitator's history and the after-action report: rounds side by side, printable."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from games.engine.phases import Phase
from games.models import Game
from tests import factories
from tests.frontend.pages import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.daphne]

HOSTILE = "<img src=x onerror=alert(1)> I'll call you at 17:00 today."


def two_rounds_played() -> Game:
    fran = User.objects.get(username="fran")
    factories.game(facilitator=fran, name="Another table")
    game = factories.game(facilitator=fran, name="Table Groundhog", players=4, total_rounds=2)
    factories.advance_to(game, Phase.LIVE, 1)
    factories.play_live(game, [9, 7, 5], "Someone will be in touch shortly.")
    factories.advance_to(game, Phase.AGREEMENT, 1)
    factories.agree(game, "Give a time for every promise.")
    factories.advance_to(game, Phase.LIVE, 2)
    factories.play_live(game, [6, 2], HOSTILE)
    factories.advance_to(game, Phase.AGREEMENT, 2)
    return game


def test_the_history_finds_a_game_whose_report_puts_its_rounds_side_by_side(facilitator_page: Page):
    # Services broadcast after commit; that must not happen on Playwright's event-loop thread.
    with ThreadPoolExecutor(max_workers=1) as worker:
        game = worker.submit(two_rounds_played).result()
    page = facilitator_page
    page.goto("/facilitate/")

    page.get_by_label("Team name").fill("groundhog")
    games = page.locator(".game-list li")
    expect(games).to_have_count(1)
    games.get_by_role("link", name="Compare rounds").click()

    expect(page).to_have_url(re.compile(f"/facilitate/{game.code}/compare$"))
    expect(page.get_by_role("heading", name="Mood, round over round")).to_be_visible()
    figures = page.locator("table.figures")
    expect(figures.locator("thead")).to_contain_text("Round 1")
    expect(figures.locator("thead")).to_contain_text("Round 2")
    expect(figures.locator("tr", has_text="Final mood")).to_contain_text("5")
    expect(figures.locator("tr", has_text="Promises nobody followed up")).to_be_visible()
    expect(page.locator(".changes")).to_contain_text("Give a time for every promise.")
    transcripts = page.get_by_role("region", name="Transcripts side by side")
    expect(transcripts).to_contain_text("Someone will be in touch shortly.")
    expect(transcripts).to_contain_text("<img src=x onerror=alert(1)>")
    assert page.locator(".transcripts img").count() == 0
    screenshot(page, "comparison")

    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print the report")).to_be_hidden()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert b"/Subtype /Image" in pdf or b"/Subtype/Image" in pdf, "the mood chart is in the PDF"
