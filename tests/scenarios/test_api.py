"""The scenario API: browse for anyone, whole scripts and uploads for facilitators only."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from scenarios.models import ScenarioVersion
from tests.factories import UserFactory, scenario_version, scenario_yaml

pytestmark = pytest.mark.django_db

PRIVATE_TEXTS = [
    "Five years of steady orders",
    "She already told her biggest client",
    "A courier can be booked tonight.",
    "The truck is repaired by 6 am.",
]


@pytest.fixture
def facilitator_client() -> APIClient:
    client = APIClient()
    client.force_authenticate(UserFactory.create())
    return client


@pytest.fixture
def admin_client() -> APIClient:
    client = APIClient()
    client.force_authenticate(UserFactory.create(membership="admin"))
    return client


def upload(client: APIClient, url: str, raw: bytes, name: str = "s.yaml"):
    return client.post(url, {"file": SimpleUploadedFile(name, raw)}, format="multipart")


def test_the_list_filters_by_situation_industry_difficulty_and_search():
    scenario_version()
    scenario_version(
        id="angry-invoice",
        title="The angry invoice",
        situation_type="billing_error",
        industry="telecom",
        difficulty="hard",
    )
    client = APIClient()

    def ids(**params):
        return [card["id"] for card in client.get("/api/v1/scenarios/", params).json()]

    assert ids() == ["angry-invoice", "short-shipment"]
    assert ids(situation_type="billing_error") == ["angry-invoice"]
    assert ids(industry="wholesale") == ["short-shipment"]
    assert ids(difficulty="introductory") == ["short-shipment"]
    assert ids(search="invoice") == ["angry-invoice"]


def test_the_list_shows_only_the_current_version_of_each_scenario():
    scenario_version()
    scenario_version(title="The short shipment, second edition")

    cards = APIClient().get("/api/v1/scenarios/").json()

    assert [(card["id"], card["version"], card["title"]) for card in cards] == [
        ("short-shipment", 2, "The short shipment, second edition")
    ]


def test_private_briefs_never_reach_anyone_but_a_facilitator():
    scenario_version()
    anonymous = APIClient()

    pages = [
        anonymous.get("/api/v1/scenarios/").content,
        anonymous.get("/api/v1/scenarios/short-shipment/").content,
        anonymous.get("/api/v1/scenarios/short-shipment/versions/").content,
    ]

    for page in pages:
        for private in PRIVATE_TEXTS:
            assert private.encode() not in page
    assert anonymous.get("/api/v1/scenarios/short-shipment/yaml/").status_code == 401


def test_a_facilitator_reads_the_whole_scenario(facilitator_client):
    scenario_version()

    detail = facilitator_client.get("/api/v1/scenarios/short-shipment/").json()

    assert detail["document"]["customer"]["hidden_facts"][0]["fact"].startswith("She already told")
    assert detail["responder_functions"] == [
        {"function": "account-manager", "title": "Account manager"},
        {"function": "logistics", "title": "Logistics coordinator"},
    ]


def test_an_older_version_stays_readable_and_downloadable(facilitator_client):
    scenario_version()
    scenario_version(title="Renamed")

    old = facilitator_client.get("/api/v1/scenarios/short-shipment/", {"version": 1}).json()
    download = facilitator_client.get("/api/v1/scenarios/short-shipment/yaml/", {"version": 1})

    assert old["title"] == "The short shipment"
    assert download["Content-Disposition"] == 'attachment; filename="short-shipment.yaml"'
    assert b"title: The short shipment\n" in download.content


def test_an_unknown_scenario_or_version_is_a_404_with_a_message(facilitator_client):
    scenario_version()

    response = facilitator_client.get("/api/v1/scenarios/short-shipment/", {"version": 7})

    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "No scenario 'short-shipment' version 7.",
        "errors": [],
    }


def test_an_admin_uploads_a_scenario_into_their_organisations_library(admin_client):
    response = upload(admin_client, "/api/v1/scenarios/", scenario_yaml())

    assert response.status_code == 201
    assert response.json()["created"] is True
    assert response.json()["scenario"]["version"] == 1
    again = upload(admin_client, "/api/v1/scenarios/", scenario_yaml())
    assert again.status_code == 200
    assert again.json()["created"] is False
    organisation = ScenarioVersion.objects.get().scenario.organisation
    assert organisation is not None
    assert organisation.slug == "test-organisation"


def test_an_upload_by_a_facilitator_or_of_a_built_in_scenario_is_refused(
    facilitator_client, admin_client
):
    facilitators = upload(facilitator_client, "/api/v1/scenarios/", scenario_yaml())
    library = upload(admin_client, "/api/v1/scenarios/", scenario_yaml(id="late-pallets"))

    assert facilitators.status_code == 403
    assert "admins publish" in facilitators.json()["message"]
    assert facilitators.json()["errors"][0]["path"] == "id"
    assert library.status_code == 403
    assert "built-in library scenario" in library.json()["message"]
    assert ScenarioVersion.objects.count() == 0


def test_an_invalid_upload_imports_nothing_and_says_where_it_is_wrong(facilitator_client):
    response = upload(facilitator_client, "/api/v1/scenarios/", scenario_yaml(difficulty="brutal"))

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_scenario"
    assert body["errors"][0]["path"] == "difficulty"
    assert body["errors"][0]["line"] is not None
    assert ScenarioVersion.objects.count() == 0


def test_players_and_strangers_cannot_upload():
    response = upload(APIClient(), "/api/v1/scenarios/", scenario_yaml())

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert ScenarioVersion.objects.count() == 0


def test_validate_only_returns_paths_and_messages_and_imports_nothing(facilitator_client):
    response = upload(facilitator_client, "/api/v1/scenarios/validate/", b"a: &x 1\nb: *x\n")

    assert response.status_code == 200
    assert response.json() == {
        "valid": False,
        "problems": [
            {
                "path": "",
                "line": 1,
                "message": "anchors and aliases (&name, *name) are not allowed in a scenario",
            }
        ],
    }
    valid = upload(facilitator_client, "/api/v1/scenarios/validate/", scenario_yaml())
    assert json.loads(valid.content) == {"valid": True, "problems": []}
    assert ScenarioVersion.objects.count() == 0


def test_a_bad_filter_is_a_400_that_names_the_field():
    response = APIClient().get(
        "/api/v1/scenarios/", {"industry": "bad\x00value", "difficulty": "x"}
    )

    assert response.status_code == 400
    assert {error["path"] for error in response.json()["errors"]} == {"industry", "difficulty"}
