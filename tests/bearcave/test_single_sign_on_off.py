"""Without OIDC settings there is no single sign-on: no button, no OpenID Connect URLs."""

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_offers_only_the_password_form():
    page = Client().get("/login/")

    assert not settings.OIDC_ENABLED
    assert page.status_code == 200
    assert b"Sign in with" not in page.content
    assert Client().get("/oidc/authenticate/").status_code == 404
