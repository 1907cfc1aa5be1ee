"""A training day in the browser: twelve people through one code, three tables of four run
together, an inject and a word that every table sees, two rounds, the day report."""

import csv
import json
import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from games.engine.roles import Role
from games.models import Game, SeatAssignment
from games.services import coaching
from games.services.actors import actor_for_participant
from tests import factories
from tests.frontend.checks import everything_a_person_would_notice
from tests.frontend.pages import PASSWORD, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.daphne]

OTHER_FUNCTIONS = ["Support", "Logistics", "Sales"]


def join_over_http(base_url: str, code: str, name: str, function: str) -> None:
    request = urllib.request.Request(
        f"{base_url}/api/v1/days/{code}/join/",
        data=json.dumps({"name": name, "function": function}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as answer:
        assert answer.status == 201


def drag_person(page: Page, name: str, table: str) -> None:
    """Drag someone by their name (not their select) onto a table (`new`: the new-table box)."""
    target = (
        page.locator(".day-seating__new")
        if table == "new"
        else page.locator(f".day-seating__table[data-table='{table}']").first
    )
    page.locator(".day-member", has_text=name).first.drag_to(
        target, source_position={"x": 8, "y": 8}
    )


def sign_in(page: Page, username: str) -> None:
    page.goto("/login/?next=/facilitate/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your games")).to_be_visible()


def create_day(page: Page) -> str:
    page.goto("/facilitate/day")
    page.get_by_label("Name", exact=True).fill("Support academy")
    page.get_by_label("The short shipment").check()
    page.get_by_label("Rounds").fill("2")
    page.get_by_label("Live minutes").fill("10")
    page.get_by_label("People per table").select_option("4")
    page.get_by_role("button", name="Create the day").click()
    expect(page.get_by_role("heading", name="Support academy")).to_be_visible()
    return page.locator(".day-code").inner_text()


def rate_every_round(day_code: str, listened: int) -> None:
    """Each table's customer rates the round (as they would from their screen)."""
    for game in Game.objects.filter(day_table__day__code=day_code):
        seat = SeatAssignment.objects.get(
            game=game, round_number=game.round_number, role=Role.CUSTOMER
        )
        factories.act(
            game,
            coaching.round_rate,
            by=actor_for_participant(game, seat.participant),
            listened=listened,
            cared=3,
            valued=3,
            final_mood=2,
            would_stay="yes",
        )


def next_phase(page: Page, expected: str) -> None:
    page.get_by_role("button", name="Next phase").click()
    for card in page.locator(".table-card").all():
        expect(card).to_contain_text(expected)


def test_three_tables_of_four_through_one_code_run_together(
    facilitator_page, new_page, browser_server, tmp_path: Path
):
    fran = facilitator_page
    code = create_day(fran)
    phones = []
    for name in ("Ann", "Ben", "Cat"):  # one of Billing per table: the rule spreads them
        phone = new_page(width=375, height=740)
        phone.goto(f"/day/{code}")
        phone.get_by_label("Your name").fill(name)
        phone.get_by_label("Your function or department").fill("Billing")
        phone.get_by_role("button", name="Join").click()
        expect(phone.get_by_role("status")).to_contain_text("Waiting for the facilitator")
        phones.append(phone)
    screenshot(phones[0], "day-waiting-phone")
    for index in range(9):
        join_over_http(
            browser_server.http_url, code, f"Person {index + 1}", OTHER_FUNCTIONS[index % 3]
        )

    expect(fran.get_by_text("12 joined")).to_be_visible()
    fran.get_by_label("People per table").select_option("4")
    fran.get_by_role("button", name="Propose tables").click()
    tables = fran.locator(".table-card")
    expect(tables).to_have_count(3)
    for table in tables.all():
        expect(table.locator(".day-members > li")).to_have_count(4)
        expect(table).to_contain_text("Billing")
    # A move by a click: Person 1 to another table and back.
    mover = fran.get_by_label("Move Person 1 to")
    home = mover.input_value()
    mover.select_option("2" if home == "1" else "1")
    expect(fran.get_by_label("Move Person 1 to")).not_to_have_value(home)
    fran.get_by_label("Move Person 1 to").select_option(home)
    expect(fran.get_by_label("Move Person 1 to")).to_have_value(home)
    screenshot(fran, "day-forming")
    assert everything_a_person_would_notice(fran) == []

    fran.get_by_role("button", name="Open the tables").click()
    for phone in phones:
        expect(phone).to_have_url(re.compile(r"/play/[A-Z0-9]{6}$"))
    game_codes = {phone.url.rsplit("/", 1)[1] for phone in phones}
    assert len(game_codes) == 3  # the three Billing people sit at three tables

    next_phase(fran, "Briefing, round 1 of 2")
    next_phase(fran, "Live, round 1 of 2")
    for phone in phones:
        expect(phone.locator(".phase-bar__phase")).to_have_text("Live")

    # An inject at every table: the team's side and the customer's, so every seat sees one.
    for inject in ("Truck fixed early", "Her client calls"):
        fran.get_by_label("Inject").select_option(label=inject)
        fran.get_by_role("button", name="Fire the inject").click()
        expect(fran.get_by_role("status").filter(has_text="Inject fired")).to_contain_text(
            "all 3 tables"
        )
    for phone in phones:
        expect(
            phone.get_by_text(re.compile("Truck fixed early|Her client calls")).first
        ).to_be_attached()
    fran.get_by_label("Say to the tables").fill("Ten minutes, then lunch.")
    fran.get_by_role("button", name="Say it").click()
    for phone in phones:
        expect(phone.locator(".phase-bar__announcement")).to_contain_text(
            "Ten minutes, then lunch."
        )
    phones[0].get_by_role("button", name="Ask the facilitator").click()
    expect(tables.filter(has_text="Ann asked for help")).to_have_count(1)
    wall = fran.context.new_page()  # the projector: the facilitator's second screen
    wall.set_viewport_size({"width": 1920, "height": 1080})
    wall.goto(f"/facilitate/days/{code}/wall")
    expect(wall.locator(".table-card")).to_have_count(3)
    for card in wall.locator(".table-card").all():
        expect(card).to_contain_text("Live, round 1 of 2")
    expect(wall.locator(".table-card").filter(has_text="Ann asked for help")).to_have_count(1)
    expect(wall.get_by_role("region", name="How to join late")).to_contain_text(code)
    screenshot(wall, "day-wall-live")
    assert everything_a_person_would_notice(wall) == []
    wall.close()
    screenshot(phones[0], "day-seat-phone")
    screenshot(fran, "day-running")
    assert everything_a_person_would_notice(phones[1]) == []

    with ThreadPoolExecutor(max_workers=1) as worker:
        for round_number, listened in ((1, 2), (2, 4)):
            if round_number == 2:
                next_phase(fran, "Live, round 2 of 2")
            worker.submit(rate_every_round, code, listened).result()
            next_phase(fran, f"Debrief, round {round_number} of 2")
            # The word said during live belongs to live, not to the debrief.
            expect(phones[0].locator(".phase-bar__announcement")).to_have_count(0)
            next_phase(fran, f"Agreement, round {round_number} of 2")
            # Nobody agreed a change here: the facilitator ends every agreement with a reason.
            fran.get_by_label("Reason to end an agreement without a change").fill("Time is up.")
            next_phase(fran, "Briefing, round 2 of 2" if round_number == 1 else "Finished")
            fran.get_by_label("Reason to end an agreement without a change").fill("")

    compare = fran.locator(".day-compare")
    expect(compare.locator("tbody tr")).to_have_count(3)
    for row in compare.locator("tbody tr").all():
        expect(row).to_contain_text("+0.67")  # listened 2 then 4: the mean rating rose
    expect(compare).to_contain_text("Most improved: table 1")
    with fran.expect_download() as download:
        fran.get_by_role("link", name="Download the day report (CSV)").click()
    report = tmp_path / "day.csv"
    download.value.save_as(report)
    rows = list(csv.DictReader(report.read_text(encoding="utf-8-sig").splitlines()))
    assert sorted((row["table"], row["round"], row["listened"]) for row in rows) == [
        (table, round_number, listened)
        for table in ("1", "2", "3")
        for round_number, listened in (("1", "2"), ("2", "4"))
    ]
    screenshot(fran, "day-compare")


def test_the_day_wall_shows_the_code_then_every_table(facilitator_page, new_page):
    code = create_day(facilitator_page)
    wall = facilitator_page.context.new_page()  # the projector: the facilitator's second screen
    wall.set_viewport_size({"width": 1920, "height": 1080})
    wall.goto(f"/facilitate/days/{code}/wall")

    expect(wall.locator(".wall__code")).to_have_text(code)
    expect(wall.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    screenshot(wall, "day-wall-joining")
    assert everything_a_person_would_notice(wall) == []
    phone = new_page(width=375, height=740)
    # The day's code typed where a game's goes: the page points to the day.
    phone.goto("/join")
    phone.get_by_label("Game code").fill(code)
    phone.get_by_label("Your name").fill("Ann")
    phone.get_by_role("button", name="Join").click()
    phone.get_by_role("link", name="Join the day with it").click()
    expect(phone.get_by_role("heading", name="Join the training day")).to_be_visible()
    expect(phone.get_by_label("Day code")).to_have_value(code)
    screenshot(phone, "day-join-phone")
    assert everything_a_person_would_notice(phone) == []
    phone.get_by_label("Your name").fill("Ann")
    phone.get_by_role("button", name="Join").click()
    # The console on a phone: the facilitator walking the room.
    facilitator_page.set_viewport_size({"width": 375, "height": 740})
    facilitator_page.get_by_role("button", name="Propose tables").click()
    expect(facilitator_page.locator(".table-card")).to_have_count(1)
    screenshot(facilitator_page, "day-forming-phone")
    assert everything_a_person_would_notice(facilitator_page) == []
    facilitator_page.goto("/facilitate/day")
    expect(facilitator_page.get_by_role("link", name=re.compile(code))).to_be_visible()
    screenshot(facilitator_page, "day-list-phone")
    assert everything_a_person_would_notice(facilitator_page) == []


def opened_day_of_fran(people: int = 8) -> str:
    """A day of `people` in tables of four, opened: made in a worker thread, as the games'
    services send what they log to the sockets (not from the browser's event loop)."""
    from django.contrib.auth.models import User

    from days.services import tables_open, tables_propose

    def make() -> str:
        day = factories.day(
            people=people,
            functions=("billing", "support", "logistics", "sales"),
            facilitator=User.objects.get(username="fran"),
        )
        tables_propose(code=day.code, size=4)
        tables_open(code=day.code)
        return day.code

    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(make).result()


def test_a_co_facilitator_runs_one_table_and_an_observer_watches_them_all(
    facilitator_page, new_page
):
    fran = facilitator_page
    code = opened_day_of_fran()
    factories.UserFactory.create(username="cora")
    factories.UserFactory.create(username="otto", membership="observer")
    fran.goto(f"/facilitate/days/{code}")
    helpers = fran.locator(".day-helpers")

    helpers.get_by_label("Member").select_option(label="cora")
    helpers.get_by_label("Table 2").check()
    helpers.get_by_role("button", name="Give the table").click()
    expect(helpers.get_by_role("status")).to_contain_text("cora is co-facilitator: table 2.")
    helpers.get_by_label("Table 2").uncheck()
    helpers.get_by_label("Member").select_option(label="otto")
    helpers.get_by_label("As").select_option("observer")
    helpers.get_by_role("button", name="Give the tables").click()
    expect(helpers.get_by_role("status")).to_contain_text("otto is observer: all 2 tables.")
    expect(helpers.locator("li").filter(has_text="Table 2")).to_contain_text(
        "cora (co-facilitator)"
    )
    screenshot(fran, "day-helpers")
    assert everything_a_person_would_notice(fran) == []

    cora = new_page(width=375, height=740)
    sign_in(cora, "cora")
    table_2 = Game.objects.get(day_table__day__code=code, day_table__number=2)
    shared = cora.locator(".game-list li")
    expect(shared).to_have_count(1)
    expect(shared).to_contain_text("Table 2")
    expect(shared).to_contain_text("shared with you to run")
    shared.get_by_role("link", name=re.compile(table_2.code)).click()
    cora.get_by_role("button", name=re.compile("Start")).first.click()
    expect(cora.locator(".phase-bar__phase")).to_have_text("Briefing")
    screenshot(cora, "day-co-facilitator-phone")

    otto = new_page()
    sign_in(otto, "otto")
    expect(otto.locator(".game-list li")).to_have_count(2)
    expect(otto.locator(".game-list li").first).to_contain_text("shared with you to watch")

    helpers.get_by_role("button", name="Stop sharing Table 2 with cora").click()
    expect(helpers.get_by_role("status")).to_contain_text("cora no longer helps: table 2.")
    cora.goto("/facilitate/")
    expect(cora.get_by_text("No games match.")).to_be_visible()


def test_one_clock_for_the_day_on_the_console_and_the_wall(facilitator_page):
    fran = facilitator_page
    code = opened_day_of_fran()
    fran.goto(f"/facilitate/days/{code}")
    clock = fran.locator(".day-clock")
    expect(clock).to_contain_text("No table is on the clock")
    expect(clock.get_by_role("timer")).to_have_text(re.compile(r"^0:0\d$"))

    next_phase(fran, "Briefing, round 1 of 3")
    next_phase(fran, "Live, round 1 of 3")

    expect(clock).to_contain_text("Until the last of 2 tables ends its phase")
    left = clock.get_by_role("timer").nth(1)
    expect(left).to_have_text(re.compile(r"^\d+:\d\d$"))
    first = left.inner_text()
    expect(left).not_to_have_text(first)  # it counts down between the day's reads
    wall = fran.context.new_page()
    wall.set_viewport_size({"width": 1920, "height": 1080})
    wall.goto(f"/facilitate/days/{code}/wall")
    expect(wall.locator(".day-clock")).to_contain_text("Until the last of 2 tables ends its phase")
    expect(wall.locator(".day-clock")).to_be_in_viewport(ratio=1)
    fran.get_by_role("button", name="Pause").click()
    expect(wall.locator(".day-clock")).to_contain_text("(paused)")
    screenshot(wall, "day-wall-clock")
    assert everything_a_person_would_notice(wall) == []
    fran.set_viewport_size({"width": 375, "height": 740})
    expect(clock).to_contain_text("(paused)")
    screenshot(fran, "day-console-clock-phone")
    assert everything_a_person_would_notice(fran) == []


def test_a_drag_moves_someone_and_between_rounds_their_phone_follows(
    facilitator_page, new_page, browser_server
):
    fran = facilitator_page
    code = create_day(fran)
    ann = new_page(width=375, height=740)
    ann.goto(f"/day/{code}")
    ann.get_by_label("Your name").fill("Ann")
    ann.get_by_label("Your function or department").fill("Billing")
    ann.get_by_role("button", name="Join").click()
    for index in range(7):
        join_over_http(
            browser_server.http_url, code, f"Person {index + 1}", OTHER_FUNCTIONS[index % 3]
        )
    expect(fran.get_by_text("8 joined")).to_be_visible()
    fran.get_by_role("button", name="Propose tables").click()
    expect(fran.locator(".day-seating > [data-table]")).to_have_count(3)  # + new
    home = fran.get_by_label("Move Ann to").input_value()
    other = "2" if home == "1" else "1"

    drag_person(fran, "Ann", other)

    expect(fran.get_by_label("Move Ann to")).to_have_value(other)
    drag_person(fran, "Ann", "new")
    expect(fran.get_by_label("Move Ann to")).to_have_value("3")
    screenshot(fran, "day-forming-dragged")
    drag_person(fran, "Ann", home)
    expect(fran.get_by_label("Move Ann to")).to_have_value(home)

    fran.get_by_role("button", name="Open the tables").click()
    expect(ann).to_have_url(re.compile(r"/play/[A-Z0-9]{6}$"))
    first_seat = ann.url
    moves = fran.locator(".day-moves")
    moves.get_by_text("Move people between tables").click()
    moves.get_by_label("Move Ann to").select_option(other)  # the keyboard's way

    expect(ann).not_to_have_url(first_seat)
    expect(ann).to_have_url(re.compile(r"/play/[A-Z0-9]{6}$"))
    expect(ann.locator(".phase-bar__phase")).to_have_text("Lobby")
    new_game = Game.objects.get(day_table__day__code=code, day_table__number=int(other))
    assert ann.url.endswith(f"/play/{new_game.code}")
    screenshot(ann, "day-moved-phone")

    tables = fran.locator(".day-run .day-run__tables")
    tables.get_by_label(f"Table {other}").check()
    fran.get_by_role("button", name="Next phase").click()  # Ann's new table: briefing
    expect(fran.get_by_role("status").filter(has_text="Next phase")).to_contain_text("table")
    tables.get_by_label(f"Table {other}").uncheck()
    fran.get_by_role("button", name="Next phase").click()  # hers live, the other briefing
    expect(fran.get_by_role("status").filter(has_text="Next phase")).to_contain_text("all 2")
    expect(moves.locator(f".day-seating__table[data-table='{other}']")).to_contain_text("Live")
    moves.get_by_label("Move Ann to").select_option(home)
    expect(moves.get_by_role("alert")).to_contain_text("move people between rounds")
    screenshot(fran, "day-move-refused")
    assert everything_a_person_would_notice(fran) == []
