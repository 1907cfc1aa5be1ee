"""In the browser: hostile text stays text, and a dropped connection catches up without loss."""

import re

import pytest
from playwright.sync_api import Dialog, Page, WebSocketRoute, expect

from tests.frontend.pages import create_game, join, screenshot
from tests.frontend.room import seats_in

pytestmark = [pytest.mark.browser, pytest.mark.daphne]

XSS = "<img src=x onerror=alert(1)>"


class SocketSwitch:
    """Routes a page's game socket through the test, which can cut it as a network drop would."""

    def __init__(self, page: Page) -> None:
        self.online = True
        self.open: list[WebSocketRoute] = []
        page.route_web_socket(re.compile(r"/ws/games/"), self._route)

    def _route(self, socket: WebSocketRoute) -> None:
        if not self.online:
            socket.close(code=4000, reason="offline")
            return
        socket.connect_to_server()
        self.open.append(socket)

    def drop(self) -> None:
        self.online = False
        for socket in self.open:
            socket.close(code=4000, reason="network dropped")
        self.open.clear()

    def restore(self) -> None:
        self.online = True


def live_table(console: Page, new_page, switches: dict[str, SocketSwitch] | None = None):
    code = create_game(console, rounds=1)
    pages = {name: new_page() for name in ["Ann", "Ben", "Cat"]}
    for name, page in pages.items():
        if switches is not None:
            switches[name] = SocketSwitch(page)
        join(page, code, name)
    console.get_by_role("button", name="Start round 1").click()
    console.get_by_role("button", name="Start live", exact=True).click()
    seats = seats_in(pages, 1)
    for page in pages.values():
        expect(page.locator(".phase-bar__phase")).to_have_text("Live")
    return {"customer": seats.customer, "coach": seats.coach, "responder": seats.responders[0]}


def test_a_hostile_message_shows_as_text_and_runs_nothing(facilitator_page, new_page):
    roles = live_table(facilitator_page, new_page)
    dialogs: list[str] = []

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    for page in [*roles.values(), facilitator_page]:
        page.on("dialog", record)

    roles["customer"].get_by_label("Message to the room").fill(XSS)
    roles["customer"].get_by_label("Message to the room").press("Enter")

    for page in [roles["responder"], roles["coach"], facilitator_page]:
        expect(page.locator(".chat--room .chat__text").filter(has_text=XSS)).to_have_count(1)
        expect(page.locator(".chat--room img")).to_have_count(0)
    screenshot(roles["responder"], "xss-as-text")
    assert dialogs == []


def test_a_player_who_drops_out_catches_up_once_and_keeps_their_draft(facilitator_page, new_page):
    switches: dict[str, SocketSwitch] = {}
    roles = live_table(facilitator_page, new_page, switches)
    responder, customer = roles["responder"], roles["customer"]
    switch = next(
        s
        for name, s in switches.items()
        if responder.locator(".seat__who").inner_text().startswith(f"You are {name}")
    )
    responder.get_by_label("Message to the room").fill("Half-typed answer")

    switch.drop()
    expect(responder.get_by_text(re.compile("Reconnecting"))).to_be_visible()
    for text in ["First while you were away", "Second while you were away"]:
        customer.get_by_label("Message to the room").fill(text)
        customer.get_by_label("Message to the room").press("Enter")
        expect(customer.locator(".chat--room")).to_contain_text(text)
    switch.restore()

    expect(responder.get_by_text(re.compile("Reconnecting"))).to_have_count(0, timeout=20_000)
    room = responder.locator(".chat--room .chat__text")
    expect(room.filter(has_text="First while you were away")).to_have_count(1)
    expect(room.filter(has_text="Second while you were away")).to_have_count(1)
    expect(responder.get_by_label("Message to the room")).to_have_value("Half-typed answer")
