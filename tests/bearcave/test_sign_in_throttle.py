"""Failed sign-ins are throttled per account and per address, on /login/ and /admin/login/
(django-axes): a guesser cannot try password after password, then the right one."""

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RIGHT = "correct horse battery staple"


def sign_in(path: str, username: str, password: str, address: str = "10.0.0.1"):
    return Client(REMOTE_ADDR=address).post(path, {"username": username, "password": password})


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
def test_after_five_wrong_passwords_even_the_right_one_is_refused(path):
    UserFactory.create(username="fran", is_staff=True)
    for _ in range(4):
        assert sign_in(path, "fran", "wrong").status_code == 200
    assert sign_in(path, "fran", "wrong").status_code == 429

    locked = sign_in(path, "fran", RIGHT)

    assert locked.status_code == 429
    assert b"Too many sign-in attempts" in locked.content


def test_the_account_is_locked_from_every_address_and_the_address_for_every_account():
    UserFactory.create(username="fran")
    UserFactory.create(username="gus")
    for number in range(5):
        sign_in("/login/", "fran", "wrong", address=f"10.0.1.{number}")
    for name in ("a", "b", "c", "d", "e"):
        sign_in("/login/", name, "wrong", address="10.0.2.1")

    assert sign_in("/login/", "fran", RIGHT, address="10.0.3.1").status_code == 429
    assert sign_in("/login/", "gus", RIGHT, address="10.0.2.1").status_code == 429
    assert sign_in("/login/", "gus", RIGHT, address="10.0.3.1").status_code == 302


def test_a_success_before_the_limit_starts_the_count_again():
    UserFactory.create(username="fran")
    for _ in range(4):
        sign_in("/login/", "fran", "wrong")
    assert sign_in("/login/", "fran", RIGHT).status_code == 302
    for _ in range(4):
        sign_in("/login/", "fran", "wrong")

    assert sign_in("/login/", "fran", RIGHT).status_code == 302
