"""API tokens in the browser (/facilitate/tokens): a facilitator makes one, sees its key once,
a script uses it, and it stops working once revoked; another organisation's facilitator and
owner can neither see nor revoke it, while her own organisation's owner can see it."""

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.frontend.checks import everything_a_person_would_notice
from tests.frontend.pages import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.daphne]


def script_call(base_url: str, key: str) -> tuple[int, dict]:
    """A script's GET /api/v1/games/ with the key: no browser, no cookie."""
    request = urllib.request.Request(
        f"{base_url}/api/v1/games/", headers={"Authorization": f"Token {key}"}
    )
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, {"games": json.loads(answer.read())}
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def tokens_page(page: Page) -> None:
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens", level=1)).to_be_visible()


def status_of(page: Page, method: str, url: str) -> int:
    """A request from the signed-in page itself (its session and CSRF token)."""
    return int(
        page.evaluate(
            """([method, url]) => fetch(url, {method, headers: {'X-CSRFToken':
                document.cookie.match(/csrftoken=([^;]+)/)[1]}}).then(r => r.status)""",
            [method, url],
        )
    )


def test_a_token_made_in_the_page_works_for_a_script_until_revoked_and_stays_in_its_organisation(
    new_page, browser_server
):
    factories.UserFactory.create(username="ana", membership="owner")
    factories.UserFactory.create(username="fay")
    factories.UserFactory.create(
        username="bo", membership="owner", membership__organisation="birch"
    )
    factories.UserFactory.create(username="bea", membership__organisation="birch")
    fay = new_page()
    sign_in(fay, "fay")

    # Fay makes a token: its key is shown once, and a script can use it.
    tokens_page(fay)
    fay.get_by_label("Name (what it is for)").fill("nightly export")
    fay.get_by_label("Expires after").select_option("30")
    fay.get_by_role("button", name="Make token").click()
    key = fay.get_by_label("New token key").input_value()
    assert len(key) == 64
    fay.context.grant_permissions(["clipboard-read", "clipboard-write"])
    fay.get_by_role("button", name="Copy").click()
    expect(fay.get_by_role("button", name="Copied")).to_be_visible()
    assert fay.evaluate("navigator.clipboard.readText()") == key
    mine = fay.get_by_role("region", name="Your tokens")
    expect(mine).to_contain_text("nightly export")
    expect(mine).to_contain_text(key[:15])
    expect(mine).to_contain_text("never used")
    screenshot(fay, "tokens-desktop")
    assert everything_a_person_would_notice(fay) == []
    status, body = script_call(browser_server.http_url, key)
    assert status == 200, body
    fay.reload()
    expect(fay.get_by_role("region", name="Your tokens")).to_contain_text("last used")
    expect(fay.locator("main")).not_to_contain_text(key)  # never shown again
    token_id = fay.evaluate("fetch('/api/v1/tokens/').then(r => r.json()).then(t => t[0].id)")

    # Another organisation's facilitator and owner see nothing of it and cannot revoke it.
    for name in ("bea", "bo"):
        other = new_page()
        sign_in(other, name)
        tokens_page(other)
        expect(other.get_by_role("region", name="Your tokens")).to_contain_text("no tokens")
        expect(other.locator("main")).not_to_contain_text("nightly export")
        assert status_of(other, "DELETE", f"/api/v1/tokens/{token_id}/") == 404
    expect(other.get_by_role("region", name="Other members' tokens")).to_contain_text(
        "No other member"
    )
    assert script_call(browser_server.http_url, key)[0] == 200

    # Her own organisation's owner sees it (on a phone), with whose it is.
    ana = new_page(width=375, height=740)
    sign_in(ana, "ana")
    tokens_page(ana)
    members = ana.get_by_role("region", name="Other members' tokens")
    expect(members).to_contain_text("nightly export")
    expect(members).to_contain_text("fay")
    screenshot(ana, "tokens-phone")
    assert everything_a_person_would_notice(ana) == []

    # Fay revokes it in the page: the script is refused at once, and told why.
    fay.once("dialog", lambda dialog: dialog.accept())
    fay.get_by_role("button", name="Revoke nightly export").click()
    expect(fay.get_by_role("region", name="Your tokens")).to_contain_text("no tokens")
    status, body = script_call(browser_server.http_url, key)
    assert status == 401
    assert "revoked" in body["message"]
