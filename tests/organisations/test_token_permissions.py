"""The API token endpoints against every kind of caller.

Fay, a facilitator, has a token. Each caller is tried on each endpoint: Fay herself, another
facilitator, an observer, an admin and an owner of her organisation, the owner of another
organisation, a staff account without one, and someone not signed in. "mine" is a token of the
caller's own; "fay's" is Fay's. A refused revoke leaves Fay's token working.
"""

from typing import Any

import pytest
from django.urls import get_resolver
from rest_framework.test import APIClient

from organisations.models import ApiToken
from organisations.tokens import api_token_check, api_token_create
from tests import factories

pytestmark = pytest.mark.django_db

CALLERS = ["fay", "facilitator", "observer", "admin", "owner", "outsider", "staff", "anonymous"]

# fmt: off
#   endpoint                           fay  fac  obs  adm  own  out  stf  anon
MATRIX = [
    ("GET    tokens/",                  200, 200, 200, 200, 200, 200, 403, 401),
    ("POST   tokens/",                  201, 201, 201, 201, 201, 201, 403, 401),
    ("DELETE tokens/mine/",             204, 204, 204, 204, 204, 204, 403, 401),
    ("DELETE tokens/fay's/",            204, 404, 404, 204, 204, 404, 403, 401),
    ("GET    organisation/tokens/",     403, 403, 403, 200, 200, 200, 403, 401),
]
# fmt: on

# Whose tokens each caller lists, and whether Fay's is among them.
SEES_FAYS = {
    "GET    tokens/": {"fay"},
    "GET    organisation/tokens/": {"admin", "owner"},
}


def people() -> dict[str, Any]:
    found = {
        "fay": factories.UserFactory.create(username="fay"),
        "facilitator": factories.UserFactory.create(username="fred"),
        "observer": factories.UserFactory.create(username="olga", membership="observer"),
        "admin": factories.UserFactory.create(username="ada", membership="admin"),
        "owner": factories.UserFactory.create(username="oona", membership="owner"),
        "outsider": factories.UserFactory.create(
            username="otto", membership="owner", membership__organisation="other"
        ),
        "staff": factories.UserFactory.create(
            username="sam", membership=False, is_staff=True, is_superuser=True
        ),
    }
    return found


def client_of(user: Any) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize(("endpoint", "codes"), [(row[0], row[1:]) for row in MATRIX])
def test_token_endpoint_answers_each_caller(endpoint: str, codes: tuple[int, ...]):
    expected = dict(zip(CALLERS, codes, strict=True))
    everyone = people()
    fays = api_token_create(user=everyone["fay"], name="fay's export")
    for caller in CALLERS:
        user = everyone.get(caller)
        mine = (
            api_token_create(user=user, name=f"{caller}'s own").token.pk
            if user is not None and caller != "staff"
            else 999_999
        )
        method, path = endpoint.split()
        url = "/api/v1/" + path.replace("mine", str(mine)).replace("fay's", str(fays.token.pk))
        response = getattr(client_of(user), method.lower())(
            url, {"name": "new"} if method == "POST" else None, format="json"
        )

        assert response.status_code == expected[caller], (caller, endpoint, response.content)
        if endpoint in SEES_FAYS and response.status_code == 200:
            names = [token["name"] for token in response.json()]
            assert ("fay's export" in names) == (caller in SEES_FAYS[endpoint]), (caller, names)
        fays_works = ApiToken.objects.filter(pk=fays.token.pk).exists()
        if fays_works:
            assert api_token_check(fays.key).user == everyone["fay"]
        revoked_fays = endpoint == "DELETE tokens/fay's/" and expected[caller] == 204
        assert fays_works != revoked_fays, (caller, endpoint)
        if revoked_fays:
            fays = api_token_create(user=everyone["fay"], name="fay's export")


def test_no_list_and_no_answer_but_the_creating_one_holds_a_key():
    owner = factories.UserFactory.create(membership="owner")
    fay = factories.UserFactory.create(username="fay")
    made = client_of(fay).post("/api/v1/tokens/", {"name": "export"}, format="json").json()

    reads = [
        client_of(fay).get("/api/v1/tokens/"),
        client_of(owner).get("/api/v1/organisation/tokens/"),
    ]

    assert len(made["key"]) == 64
    assert made["prefix"] == made["key"][:15]
    for read in reads:
        assert read.status_code == 200
        assert made["key"] not in read.content.decode()
        assert "key" not in read.json()[0]
        assert "digest" not in read.json()[0]


def test_a_token_cannot_make_another_token():
    fay = factories.UserFactory.create(username="fay")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {factories.api_token(fay)}")

    response = client.post("/api/v1/tokens/", {"name": "more"}, format="json")

    assert response.status_code == 403
    assert "cannot make tokens" in response.json()["message"]
    assert ApiToken.objects.filter(user=fay).count() == 1


def test_the_expiry_asked_for_is_checked():
    fay = factories.UserFactory.create(username="fay")

    too_long = client_of(fay).post(
        "/api/v1/tokens/", {"name": "x", "expires_in_days": 400}, format="json"
    )
    fine = client_of(fay).post(
        "/api/v1/tokens/", {"name": "x", "expires_in_days": 30}, format="json"
    )

    assert too_long.status_code == 400
    assert too_long.json()["errors"][0]["path"] == "expires_in_days"
    assert fine.status_code == 201
    assert fine.json()["expired"] is False


def test_every_token_endpoint_is_in_the_matrix():
    routes = {
        str(pattern.pattern)
        for pattern in get_resolver("organisations.urls").url_patterns
        if "tokens" in str(pattern.pattern)
    }
    tried = {
        endpoint.split()[1].replace("mine", "<int:token>").replace("fay's", "<int:token>")
        for endpoint, *_ in MATRIX
    }

    assert routes == tried
