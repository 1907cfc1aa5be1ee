"""The scenario studio in a browser: a facilitator writes a scenario from the guided template,
fixes a problem at its field, previews two seats, tries it against the scripted customer,
publishes it and runs a game on it."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.frontend.checks import everything_a_person_would_notice
from tests.frontend.pages import join, screenshot
from tests.frontend.room import problems_on

pytestmark = [pytest.mark.browser, pytest.mark.daphne]

TITLE = "Pallets lost at the depot"


def section(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Sections").get_by_role(
        "button", name=re.compile(f"^{name}")
    ).click()
    expect(page.get_by_role("heading", name=name, level=2)).to_be_visible()


def fill(page: Page, label: str, text: str, nth: int = 0) -> None:
    page.get_by_label(label, exact=True).nth(nth).fill(text)


def saved(page: Page) -> None:
    expect(page.locator(".save-state")).to_have_text("All changes saved")


def write_the_incident(page: Page) -> None:
    page.get_by_role("button", name="Your own incident (guided)").click()
    form = page.get_by_role("form", name="Your own incident")
    form.get_by_label("A title for the scenario").fill(TITLE)
    form.get_by_label("What happened, as the customer lived it").fill(
        "Twelve pallets of a trade-fair order were left at the depot; nobody called."
    )
    form.get_by_label("Situation type").select_option("late_delivery")
    form.get_by_label("The customer's name").fill("Maren Holt")
    form.get_by_label("Their company").fill("Holt Garden Supply")
    form.get_by_label("Their role").fill("Owner")
    form.get_by_label("On your side, 1").fill("Account manager")
    form.get_by_label("On your side, 2").fill("Logistics coordinator")
    form.get_by_label("They want, 1").fill("The pallets on the stand by 8 am")
    form.get_by_role("button", name="Add something the team can give").click()
    form.get_by_label("What, 1").fill("A night courier to the fair")
    form.get_by_label(re.compile("^Cost")).fill("900")
    form.get_by_label("Who gives it").select_option(label="Logistics coordinator")
    form.get_by_label(re.compile("Needs someone's approval")).check()
    screenshot(page, "studio-incident-form")
    form.get_by_role("button", name="Start the draft").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()


def finish_the_draft(page: Page) -> None:
    """Write what the answers could not say, section by section."""
    section(page, "Basics")
    fill(
        page,
        "Summary (anyone browsing the library sees it: no secrets)",
        "A fair, a missing half-order and an owner with no time left.",
    )
    fill(page, "Industry", "wholesale")
    section(page, "Customer")
    fill(page, "Their history with you", "Six years of orders; one late delivery last spring.")
    fill(page, "What the account is worth", "EUR 90k a year")
    fill(
        page,
        "Opening line (every round starts with it)",
        "Half my order is missing and the fair opens tomorrow.",
    )
    fill(page, "What the team does or says", "Being told the depot is 'looking into it'.")
    fill(
        page,
        "What it must sound like for this customer",
        "Name the fair and the stand, not 'the delay'.",
    )
    section(page, "Responders")
    fill(page, "Brief", "You own the relationship with Holt Garden Supply.", 0)
    fill(page, "Brief", "You know where the twelve pallets are.", 1)
    fill(page, "Who approves it", "Head of logistics")
    section(page, "Coach")
    looks = "What it looks like in this scenario"
    fill(page, looks, "Names the fair and the stand in the first minute.", 0)
    fill(page, looks, "Asks what has to be on the stand first.", 1)
    fill(page, looks, "A courier, a time and a name.", 2)
    fill(page, looks, "Explains the depot's process to her.", 3)
    fill(page, looks, "'As soon as possible.'", 4)
    fill(
        page, "What a great round looks like", "Calm in five minutes with a dated plan and a name."
    )
    saved(page)


def an_admin(username: str) -> None:
    """Publishing to the organisation's library is its admins' (organisations.roles)."""
    from organisations.models import Membership
    from organisations.roles import OrgRole

    Membership.objects.filter(user__username=username).update(role=OrgRole.ADMIN)


def test_an_admin_writes_tries_publishes_and_runs_their_own_incident(
    facilitator_page: Page, new_page
):
    an_admin("fran")
    page = facilitator_page
    page.get_by_role("link", name="Scenario studio").click()
    expect(page.get_by_role("heading", name="Scenario studio", level=1)).to_be_visible()
    assert everything_a_person_would_notice(page) == []
    screenshot(page, "studio-home")

    write_the_incident(page)
    expect(page.locator(".problems summary")).to_contain_text("problems to fix")
    screenshot(page, "studio-guided-draft")
    finish_the_draft(page)
    expect(page.get_by_text("No problems: ready to preview, try and publish.")).to_be_visible()
    assert everything_a_person_would_notice(page) == []
    screenshot(page, "studio-editor-coach")

    # A problem across fields, shown and fixed at its field.
    section(page, "Customer")
    fill(page, "Starting mood (0 calm to 10 furious)", "3")
    problem = page.locator(".problems").get_by_role(
        "link", name=re.compile("outcome.calm_threshold")
    )
    expect(problem).to_contain_text("3 must be below customer.starting_mood (3)")
    problem.click()
    calm = page.get_by_label("Calm at or below (the mood)")
    expect(calm).to_be_focused()
    expect(calm).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field__problem")).to_have_text(
        "3 must be below customer.starting_mood (3)"
    )
    screenshot(page, "studio-problem-at-its-field")
    calm.fill("2")
    expect(page.locator(".field__problem")).to_have_count(0)
    expect(page.get_by_text("No problems: ready to preview, try and publish.")).to_be_visible()

    # Two seats previewed, each exactly as its screen shows it, on a laptop and a phone.
    section(page, "Preview")
    frames = page.locator(".device iframe")
    expect(frames).to_have_count(2)
    laptop, phone = (
        page.frame_locator(".device iframe").nth(0),
        page.frame_locator(".device iframe").nth(1),
    )
    expect(laptop.get_by_role("heading", name="You are Maren Holt")).to_be_visible()
    expect(
        phone.get_by_text("Half my order is missing and the fair opens tomorrow.")
    ).to_be_visible()
    assert everything_a_person_would_notice(page) == []
    screenshot(page, "studio-preview-customer")
    page.get_by_role("button", name="Logistics coordinator").click()
    expect(laptop.get_by_role("heading", name="Logistics coordinator", exact=True)).to_be_visible()
    expect(phone.get_by_text("A night courier to the fair")).to_be_visible()
    expect(phone.get_by_text("Approver: Head of logistics")).to_be_visible()
    screenshot(page, "studio-preview-responder")

    # Tried alone against the scripted customer, with the detector's suggested tags.
    section(page, "Try it")
    page.get_by_role("button", name="Try it against the scripted customer").click()
    expect(page.get_by_role("heading", name=re.compile(f"Trying “{TITLE}”"))).to_be_visible()
    page.get_by_role("button", name="Start round 1").click()
    expect(page.locator(".seat__who")).to_contain_text(
        "playing Account manager + Logistics coordinator in round 1"
    )
    page.get_by_role("button", name="Start live", exact=True).click()
    room = page.locator(".chat--room")
    expect(room).to_contain_text("Half my order is missing and the fair opens tomorrow.")
    message = page.get_by_label("Message to the room")
    message.fill("I'm so sorry, Maren: you're right to be angry, the fair is tomorrow.")
    message.press("Enter")
    suggestions = page.get_by_role("region", name="Suggested tags")
    expect(suggestions.locator("li").first).to_be_visible()
    expect(room.locator(".chat__message--customer")).to_have_count(2, timeout=15_000)
    assert everything_a_person_would_notice(page) == []
    screenshot(page, "studio-try-alone")
    first = suggestions.locator("li").first
    technique = first.locator(".suggestion__technique").inner_text()
    first.get_by_role("button", name=re.compile("^Accept")).click()
    expect(page.locator(".rubric__tags")).to_contain_text(technique.lstrip("✓✗ ").strip())

    # Published, then a game run on it.
    page.get_by_role("link", name="Back to the draft").click()
    section(page, "Publish")
    page.get_by_role("button", name="Publish as a new version").click()
    assert everything_a_person_would_notice(page) == []
    expect(page.get_by_role("status").filter(has_text="Published")).to_contain_text(
        "Published: pallets-lost-at-the-depot version 1."
    )
    screenshot(page, "studio-published")
    page.get_by_role("link", name="Run a game with it").click()
    page.get_by_role("radio", name=TITLE).check()
    page.get_by_label("Team or table name").fill("Depot team")
    page.get_by_label("Rounds").fill("1")
    page.get_by_label("Coach").select_option("facilitator")
    page.get_by_role("button", name="Create the game").click()
    code = page.locator(".console__code").inner_text()
    page.get_by_role("button", name="Let the scripted customer play the customer").click()
    player = new_page(width=375, height=740)
    join(player, code, "Ann")
    page.get_by_role("button", name="Start round 1").click()
    expect(player.locator(".seat__who")).to_contain_text("in round 1")
    player.get_by_role("tab", name="Brief").click()
    expect(player.get_by_text("You know where the twelve pallets are.")).to_be_visible()


def test_every_studio_screen_reads_on_a_phone_and_the_history_shows_what_changed(
    facilitator_page: Page, new_page
):
    from django.contrib.auth.models import User

    from scenarios.studio.services import draft_create, draft_publish, draft_save
    from tests.factories import scenario_document

    an_admin("fran")
    fran = User.objects.get(username="fran")
    draft = draft_create(author=fran, document=scenario_document(id="own-incident"))
    draft_publish(draft_id=draft.pk, by=fran)
    document = scenario_document(id="own-incident")
    document["customer"]["hot_buttons"][0]["trigger"] = "Being told to calm down."
    draft = draft_save(draft_id=draft.pk, author=fran, document=document, revision=draft.revision)
    draft_publish(draft_id=draft.pk, by=fran)
    phone = new_page(width=375, height=740)
    phone.context.add_cookies(facilitator_page.context.cookies())

    phone.goto("/studio")
    expect(phone.get_by_role("heading", name="Scenario studio", level=1)).to_be_visible()
    assert everything_a_person_would_notice(phone) == []
    screenshot(phone, "studio-home-phone")
    phone.get_by_role("link", name="The short shipment", exact=True).click()
    expect(phone.locator(".save-state")).to_have_text("All changes saved")
    section(phone, "Customer")
    assert everything_a_person_would_notice(phone) == []
    screenshot(phone, "studio-editor-phone")
    for name in ("Scripted voice", "Injects"):
        section(phone, name)
        assert everything_a_person_would_notice(phone) == [], name
    section(phone, "Techniques")
    phone.get_by_label("A responder says").fill("These things happen, it's only a few pallets.")
    phone.get_by_role("button", name="Read it").click()
    expect(phone.locator(".detections")).to_contain_text("dismiss")
    expect(phone.locator(".detections")).to_contain_text("suggested to the coach in a game")
    assert everything_a_person_would_notice(phone) == []
    screenshot(phone, "studio-detector-phone")
    section(phone, "Preview")
    expect(
        phone.frame_locator(".device iframe")
        .nth(1)
        .get_by_role("heading", name="You are Dana Whitlock")
    ).to_be_visible()
    assert everything_a_person_would_notice(phone) == []
    section(phone, "Try it")
    phone.get_by_role("button", name="Try it against the scripted customer").click()
    phone.get_by_role("button", name="Start round 1").click()
    expect(phone.locator(".seat__who")).to_contain_text("in round 1")
    assert problems_on("practice, briefing", phone) == []

    for page, size in ((phone, "phone"), (facilitator_page, "desktop")):
        page.goto("/studio/scenarios/own-incident/history")
        changes = page.locator(".diff-list")
        expect(changes).to_contain_text(
            "customer.hot_buttons[0].trigger: 'Being told the delay is normal.' → "
            "'Being told to calm down.'"
        )
        assert everything_a_person_would_notice(page) == []
        screenshot(page, f"studio-history-{size}")
    page.get_by_label("From").select_option("2")
    expect(changes).to_have_count(0)
    expect(page.get_by_text("No differences.")).to_be_visible()
