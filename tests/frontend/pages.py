"""What a person does in the browser in many tests: sign in, create a game, join one; and a
screenshot of the page to look at afterwards (var/screenshots)."""

from pathlib import Path

from playwright.sync_api import Page, expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
# The signed-in facilitators' password in the browser tests.
PASSWORD = "correct horse battery staple"


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def create_game(page: Page, *, rounds: int = 2, mode: str = "typed", briefing: int = 5) -> str:
    page.get_by_label("Team or table name").fill("Table 1")
    page.get_by_label("Rounds").fill(str(rounds))
    page.get_by_label("Briefing minutes").fill(str(briefing))
    page.get_by_label("Live minutes").fill("10")
    if mode == "spoken":
        page.get_by_label("Conversation").select_option("spoken")
    screenshot(page, "facilitator-new-game")
    page.get_by_role("button", name="Create the game").click()
    code = page.locator(".console__code").inner_text()
    assert len(code) == 6
    return code


def join(page: Page, code: str, name: str) -> None:
    page.goto(f"/join/{code}")
    expect(page.get_by_label("Game code")).to_have_value(code)
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", name=f"Welcome, {name}")).to_be_visible()


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real form; the games page opens."""
    page.goto("/login/?next=/facilitate/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your games")).to_be_visible()
