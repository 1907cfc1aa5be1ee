"""Every page the app shows opens directly (reloaded, in a new tab, shared), and the browser finds
the icon it asks for."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

# Every path the frontend's router draws (frontend/src/App.tsx), as a link to it would look.
APP_PAGES = [
    "/join",
    "/join/K7MPQ2",
    "/play/K7MPQ2",
    "/facilitate",
    "/facilitate/day",
    "/facilitate/K7MPQ2",
    "/facilitate/K7MPQ2/compare",
    "/facilitate/K7MPQ2/replay/2",
    "/play/K7MPQ2/replay/1",
    "/facilitate/K7MPQ2/wall",
    "/studio",
    "/studio/drafts/12",
    "/studio/drafts/12/try/K7MPQ2",
    "/studio/drafts/12/preview/responder:account-manager",
    "/studio/scenarios/late-pallets/history",
]
NOT_PAGES = [
    "/nowhere",
    "/play",
    "/play/K7MPQ2/extra",
    "/facilitate/K7MPQ2/replay",
    "/facilitate/K7MPQ2/replay/two",
    "/facilitate/K7MPQ2/compare/extra",
    "/facilitate/K7MPQ2/wall/more",
    "/join/K7MPQ2/again",
    "/studio/drafts/twelve",
    "/studio/drafts/12/preview",
]


def is_the_app_shell(answer) -> bool:
    return answer.status_code == 200 and b'<div id="app"></div>' in answer.content


@pytest.mark.parametrize("link", ["/", *APP_PAGES, *(f"{page}/" for page in APP_PAGES)])
def test_every_page_of_the_app_opens_from_its_link_with_or_without_a_trailing_slash(link):
    answer = Client().get(link)

    assert is_the_app_shell(answer), f"{link}: {answer.status_code}"


@pytest.mark.parametrize("link", [*NOT_PAGES, *(f"{path}/" for path in NOT_PAGES)])
def test_a_path_the_app_has_no_page_for_is_not_found(link):
    answer = Client().get(link, follow=True)

    assert answer.status_code == 404, link


@pytest.mark.parametrize("path", ["/favicon.ico", "/favicon.svg"])
def test_the_browser_finds_the_icon_where_it_looks_for_it(path):
    answer = Client().get(path)

    assert answer.status_code == 200
    assert answer["Content-Type"] == "image/svg+xml"
    assert answer.content.lstrip().startswith(b"<svg")
    assert b'xmlns="http://www.w3.org/2000/svg"' in answer.content
    assert "max-age" in answer["Cache-Control"]


def test_the_app_shell_names_its_icon():
    answer = Client().get("/")

    assert b'<link rel="icon" href="/favicon.svg" type="image/svg+xml">' in answer.content


def test_only_the_studios_seat_preview_may_be_framed_and_only_by_bear_cave_itself():
    preview = Client().get("/studio/drafts/12/preview/customer")
    studio = Client().get("/studio/drafts/12")

    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]
    assert studio["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in studio["Content-Security-Policy"]
