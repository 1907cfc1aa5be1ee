"""`make run` leaves a fresh install with a facilitator who can sign in, and never a second one."""

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def run_command() -> str:
    out = StringIO()
    call_command("ensure_facilitator", "--url", "http://127.0.0.1:8123/", stdout=out)
    return out.getvalue()


def test_a_fresh_install_gets_a_facilitator_whose_printed_password_works():
    output = run_command()

    password = re.search(r"password: (\S+)", output)
    assert password is not None
    assert "http://127.0.0.1:8123/login/" in output
    request = RequestFactory().post("/login/")
    assert authenticate(request, username="facilitator", password=password.group(1)) is not None


def test_a_second_run_creates_nothing_and_prints_no_password():
    run_command()

    output = run_command()

    assert get_user_model().objects.count() == 1
    assert "password:" not in output
    assert "changepassword facilitator" in output


def test_the_local_facilitator_owns_a_default_organisation_and_is_never_a_superuser():
    run_command()

    user = get_user_model().objects.get(username="facilitator")
    assert not user.is_superuser
    assert not user.is_staff
    assert (user.membership.organisation.slug, user.membership.role) == ("default", "owner")


def test_an_older_installs_superuser_facilitator_is_demoted_and_owns_the_default_organisation():
    get_user_model().objects.create_superuser(username="facilitator", password="x" * 20)

    output = run_command()

    user = get_user_model().objects.get(username="facilitator")
    assert not user.is_superuser
    assert not user.is_staff
    assert "no longer a superuser" in output
    assert user.membership.role == "owner"
    assert "password:" not in output
