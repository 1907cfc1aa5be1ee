"""The organisation's endpoints and the invitation link, for every role."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from organisations.models import Invitation, Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["owner", "admin", "facilitator", "observer"]


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def token_of(url: str) -> str:
    found = re.search(r"/invite/([^/]+)/$", url)
    assert found is not None, url
    return found.group(1)


def invite(client: APIClient, role: str = "facilitator", **body) -> dict:
    response = client.post(
        "/api/v1/organisation/invitations/", {"role": role, **body}, format="json"
    )
    assert response.status_code == 201, response.json()
    return response.json()


@pytest.mark.parametrize("role", ROLES)
def test_every_member_reads_their_organisation_and_what_their_role_may_do(role):
    user = UserFactory.create(username="mia", membership=role)
    UserFactory.create(username="zed", membership__organisation="elsewhere")

    body = client_for(user).get("/api/v1/organisation/").json()

    assert body["role"] == role
    assert [member["username"] for member in body["members"]] == ["mia"]
    assert ("manage_members" in body["may"]) == (role in ("owner", "admin"))
    assert ("create_games" in body["may"]) == (role != "observer")


def test_anyone_outside_an_organisation_reads_nothing():
    staff = UserFactory.create(username="ops", membership=False, is_staff=True)

    for client in (APIClient(), client_for(staff)):
        assert client.get("/api/v1/organisation/").status_code in (401, 403)
        assert client.get("/api/v1/organisation/invitations/").status_code in (401, 403)
        assert client.post("/api/v1/organisation/invitations/", {}, format="json").status_code in (
            401,
            403,
        )


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("owner", True), ("admin", True), ("facilitator", False), ("observer", False)],
)
def test_only_admins_invite_and_list_invitations(role, allowed):
    client = client_for(UserFactory.create(membership=role))

    created = client.post(
        "/api/v1/organisation/invitations/", {"role": "facilitator"}, format="json"
    )
    listed = client.get("/api/v1/organisation/invitations/")

    assert (created.status_code == 201) == allowed
    assert (listed.status_code == 200) == allowed
    if not allowed:
        assert created.json()["code"] == "not_allowed"


def test_an_admin_may_not_invite_an_owner_but_an_owner_may():
    admin = client_for(UserFactory.create(membership="admin"))
    owner = client_for(UserFactory.create(membership="owner"))

    assert (
        admin.post(
            "/api/v1/organisation/invitations/", {"role": "owner"}, format="json"
        ).status_code
        == 403
    )
    assert invite(owner, "owner")["role"] == "owner"


def test_the_link_is_shown_once_only_its_hash_is_kept_and_it_signs_the_new_facilitator_in():
    admin = client_for(UserFactory.create(membership="admin"))
    made = invite(admin)
    token = token_of(made["url"])

    assert Invitation.objects.get().token_hash != token
    assert token not in str(admin.get("/api/v1/organisation/invitations/").content)
    browser = Client()
    page = browser.get(f"/invite/{token}/")
    assert page.status_code == 200
    assert b"Join Test organisation" in page.content
    joined = browser.post(
        f"/invite/{token}/",
        {
            "username": "nia",
            "password": "a long pass phrase 42",
            "password_again": "a long pass phrase 42",
        },
    )

    assert joined.status_code == 302
    assert joined["Location"] == "/facilitate/"
    nia = User.objects.get(username="nia")
    assert not nia.is_staff
    assert not nia.is_superuser
    assert Membership.objects.get(user=nia).role == "facilitator"
    assert browser.get("/api/v1/organisation/").json()["role"] == "facilitator"
    assert Client().get(f"/invite/{token}/").status_code == 404, "a link works once"


def test_an_expired_or_revoked_link_does_not_work():
    admin = client_for(UserFactory.create(membership="admin"))
    expired = token_of(invite(admin)["url"])
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    revoked = invite(admin)
    token = token_of(revoked["url"])

    assert admin.delete(f"/api/v1/organisation/invitations/{revoked['id']}/").status_code == 204
    assert Client().get(f"/invite/{expired}/").status_code == 404
    assert Client().get(f"/invite/{token}/").status_code == 404


def test_a_taken_name_or_a_weak_password_is_said_on_the_page_and_keeps_the_link():
    admin = client_for(UserFactory.create(username="taken", membership="admin"))
    token = token_of(invite(admin)["url"])

    taken = Client().post(
        f"/invite/{token}/",
        {
            "username": "Taken",
            "password": "a long pass phrase 42",
            "password_again": "a long pass phrase 42",
        },
    )
    weak = Client().post(
        f"/invite/{token}/", {"username": "new", "password": "123", "password_again": "123"}
    )

    assert b"That user name is taken" in taken.content
    assert b"too short" in weak.content
    assert Client().get(f"/invite/{token}/").status_code == 200


def test_with_an_email_backend_the_link_is_mailed_too(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_CONFIGURED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    admin = client_for(UserFactory.create(membership="admin"))

    with django_capture_on_commit_callbacks(execute=True):
        made = invite(admin, email="new@example.com")

    assert made["emailed"] is True
    assert mail.outbox[0].to == ["new@example.com"]
    assert made["url"] in mail.outbox[0].body


def test_admins_change_roles_and_remove_members_but_an_organisation_keeps_an_owner():
    owner = UserFactory.create(username="own", membership="owner")
    admin = client_for(UserFactory.create(username="adm", membership="admin"))
    fay = UserFactory.create(username="fay")
    outsider = UserFactory.create(username="out", membership__organisation="elsewhere")

    promoted = admin.patch(
        f"/api/v1/organisation/members/{fay.pk}/", {"role": "observer"}, format="json"
    )
    on_owner = admin.patch(
        f"/api/v1/organisation/members/{owner.pk}/", {"role": "facilitator"}, format="json"
    )
    last_owner = client_for(owner).delete(f"/api/v1/organisation/members/{owner.pk}/")
    elsewhere = admin.delete(f"/api/v1/organisation/members/{outsider.pk}/")
    removed = admin.delete(f"/api/v1/organisation/members/{fay.pk}/")

    assert promoted.json()["role"] == "observer"
    assert on_owner.status_code == 403
    assert last_owner.status_code == 403
    assert elsewhere.status_code == 404
    assert removed.status_code == 204
    fay.refresh_from_db()
    assert not fay.is_active


def test_a_facilitator_changes_no_role():
    fay = client_for(UserFactory.create(username="fay"))
    other = UserFactory.create(username="ola")

    response = fay.patch(
        f"/api/v1/organisation/members/{other.pk}/", {"role": "admin"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
