"""Organisations in the browser: two organisations never see each other's games or scenarios;
an admin invites a facilitator by a one-time link, who signs up, is no staff, and runs a game;
an observer the game is shared with replays it but cannot change it."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from games.engine.phases import Phase
from games.engine.roles import Role
from games.services.conversation import message_post
from games.services.sharing import game_share
from organisations.roles import ShareRole
from scenarios.services import scenario_version_import
from tests import factories
from tests.frontend.checks import everything_a_person_would_notice
from tests.frontend.pages import create_game, join, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.daphne]


def test_two_organisations_see_none_of_each_others_games_or_scenarios(new_page):
    factories.scenario_version()  # built-in: both see it
    ana = factories.UserFactory.create(username="ana", membership="owner")
    factories.UserFactory.create(username="bo", membership__organisation="birch-and-co")
    scenario_version_import(
        parsed=factories.parsed_scenario(id="anas-own-incident", title="Ana's own incident"),
        organisation=ana.membership.organisation,
    )
    ana_page, bo_page = new_page(), new_page()
    sign_in(ana_page, "ana")
    sign_in(bo_page, "bo")
    expect(ana_page.locator(".scenario-picker")).to_contain_text("Ana's own incident")
    ana_page.get_by_role("radio", name="The short shipment").check()
    code = create_game(ana_page, rounds=1)

    bo_page.reload()
    expect(bo_page.get_by_role("heading", name="Your games")).to_be_visible()
    expect(bo_page.locator(".scenario-picker")).to_contain_text("The short shipment")
    expect(bo_page.locator(".game-list")).not_to_contain_text(code)
    expect(bo_page.locator(".scenario-picker")).not_to_contain_text("Ana's own incident")
    status = bo_page.evaluate("code => fetch(`/api/v1/games/${code}/`).then(r => r.status)", code)
    assert status == 404
    bo_page.goto(f"/facilitate/{code}")
    expect(bo_page.get_by_role("heading", level=1)).to_have_text(f"Console {code}")
    expect(bo_page.locator("main")).not_to_contain_text("Table 1")
    screenshot(bo_page, "organisations-outsider-console")


def test_an_invited_facilitator_who_is_not_staff_runs_a_game(new_page):
    factories.scenario_version()
    factories.UserFactory.create(username="ana", membership="owner")
    admin = new_page()
    sign_in(admin, "ana")
    admin.get_by_role("link", name="Organisation").click()
    expect(admin.get_by_role("heading", name="Test organisation")).to_be_visible()
    admin.get_by_label("Role").first.select_option("facilitator")
    admin.get_by_role("button", name="Make an invitation link").click()
    link = admin.get_by_label("Invitation link").input_value()
    screenshot(admin, "organisation-invite-desktop")
    assert everything_a_person_would_notice(admin) == []
    phone_admin = new_page(width=375, height=740)
    sign_in(phone_admin, "ana")
    phone_admin.goto("/facilitate/organisation")
    expect(phone_admin.get_by_role("heading", name="Test organisation")).to_be_visible()
    screenshot(phone_admin, "organisation-phone")
    assert everything_a_person_would_notice(phone_admin) == []

    newcomer = new_page()
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", name="Join Test organisation")).to_be_visible()
    newcomer.get_by_label("User name").fill("nia")
    newcomer.get_by_label("Password", exact=True).fill("a long pass phrase 42")
    newcomer.get_by_label("Password again").fill("a long pass phrase 42")
    newcomer.get_by_role("button", name="Join and sign in").click()
    expect(newcomer.get_by_role("heading", name="Your games")).to_be_visible()
    code = create_game(newcomer, rounds=1)
    for name in ("Ann", "Ben", "Cat"):
        join(new_page(width=375, height=740), code, name)
    newcomer.get_by_role("button", name="Start round 1").click()
    expect(newcomer.locator(".phase-bar")).to_contain_text(re.compile("briefing", re.I))
    screenshot(newcomer, "organisations-invited-facilitator-runs")

    admin.reload()
    expect(admin.locator(".member-list")).to_contain_text("nia")
    assert newcomer.goto("/admin/").url.startswith(newcomer.url.split("/admin")[0])
    expect(newcomer.get_by_text(re.compile("not authorized|log in", re.I)).first).to_be_visible()
    assert admin.goto(link).status == 404, "the link works once"


# What a curious observer might try from the console's own page: the server refuses it.
ADVANCE = """code => fetch(`/api/v1/games/${code}/advance/`, {
  method: "POST", body: "{}",
  headers: {"Content-Type": "application/json",
            "X-CSRFToken": document.cookie.match(/csrftoken=([^;]+)/)?.[1] ?? ""},
}).then(r => r.status)"""


def a_shared_game_with_a_round_played(observer: str) -> str:
    """Ana's game, its first round played and over, shared with `observer` to watch."""
    ana = factories.UserFactory.create(username="ana", membership="owner")
    olu = factories.UserFactory.create(username=observer, membership="observer")
    game = factories.game(facilitator=ana, name="Shared table", players=3, total_rounds=2)
    factories.advance_to(game, Phase.LIVE, 1)
    said = "I hear you, and that is on us."
    factories.act(
        game,
        message_post,
        by=factories.seated_first(game, Role.RESPONDER),
        channel="room",
        text=said,
    )
    factories.advance_to(game, Phase.BRIEFING, 2)
    game_share(game=game, by=ana, user_id=olu.pk, role=ShareRole.OBSERVER)
    return game.code


def test_an_observer_replays_a_shared_game_but_cannot_change_it(new_page):
    factories.scenario_version()
    with ThreadPoolExecutor(max_workers=1) as worker:  # services broadcast after commit
        code = worker.submit(a_shared_game_with_a_round_played, "olu").result()
    olu = new_page()
    sign_in(olu, "olu")

    expect(olu.locator(".game-list")).to_contain_text(code)
    nav = olu.get_by_role("navigation", name="Facilitator")
    expect(nav.get_by_role("link", name="API tokens")).to_be_visible()
    for offered_to_facilitators_only in ("Training day", "Scenario studio"):
        expect(nav.get_by_role("link", name=offered_to_facilitators_only)).to_have_count(0)
    olu.goto(f"/facilitate/{code}")
    expect(olu.get_by_role("status").filter(has_text="You watch this game")).to_be_visible()
    expect(
        olu.get_by_role("button", name=re.compile("^(Start live|Next round|Put the comparison)"))
    ).to_have_count(0)
    advanced = olu.evaluate(ADVANCE, code)
    assert advanced == 403
    olu.get_by_role("link", name="Replay round 1").click()
    expect(olu.get_by_role("heading", name="Replay of round 1")).to_be_visible()
    olu.get_by_role("button", name="Play").click()
    expect(olu.locator(".chat--room")).to_contain_text("I hear you, and that is on us.")
    screenshot(olu, "organisations-observer-replay")
