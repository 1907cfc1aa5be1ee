"""The studio's API: private drafts saved as written, problems at their fields, publishing
through the versioned import, files in and out, previews, the detector, trying a draft alone."""

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from games.models import Event, Game
from games.services.conversation import message_post
from scenarios.loader import LIBRARY_DIR, parse_scenario, read_scenario_file
from scenarios.models import ScenarioDraft, ScenarioVersion
from tests import factories
from tests.factories import UserFactory, scenario_document, scenario_version

pytestmark = pytest.mark.django_db

LIBRARY = sorted(LIBRARY_DIR.glob("*.yaml"))
DRAFTS = "/api/v1/studio/drafts/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def author():
    """An admin: the studio's author publishes to the organisation's library."""
    return UserFactory.create(username="ana", membership="admin")


@pytest.fixture
def studio(author) -> APIClient:
    return client_for(author)


def start(client: APIClient, **body) -> dict:
    response = client.post(DRAFTS, body or {"start": "blank"}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def save(client: APIClient, draft: dict, document: object):
    return client.put(
        f"{DRAFTS}{draft['id']}/",
        {"document": document, "revision": draft["revision"]},
        format="json",
    )


def valid_draft(client: APIClient, **overrides) -> dict:
    draft = start(client)
    response = save(client, draft, scenario_document(id="own-incident", **overrides))
    assert response.status_code == 200
    assert response.json()["valid"], response.json()["problems"]
    return response.json()


def upload(client: APIClient, raw: bytes, name: str):
    return client.post(
        f"{DRAFTS}import/", {"file": SimpleUploadedFile(name, raw)}, format="multipart"
    )


# Drafts are saved as written, private, and report their problems at their fields -------------


def test_a_save_keeps_what_was_written_and_lists_each_problem_at_its_field(studio):
    draft = start(studio)
    document = scenario_document(id="own-incident")
    document["customer"]["hot_buttons"][0]["trigger"] = ""
    document["outcome"]["calm_threshold"] = 9

    response = save(studio, draft, document)

    assert response.status_code == 200
    saved = response.json()
    assert saved["document"] == document
    assert saved["revision"] == draft["revision"] + 1
    assert not saved["valid"]
    assert saved["problems"] == [
        {
            "path": "customer.hot_buttons[0].trigger",
            "message": "this is empty; write something here",
        }
    ]
    document["customer"]["hot_buttons"][0]["trigger"] = "Being told to calm down."
    again = save(studio, saved, document).json()
    assert again["problems"] == [
        {
            "path": "outcome.calm_threshold",
            "message": "9 must be below customer.starting_mood (8)",
        }
    ]


def test_a_save_from_a_stale_tab_is_refused_and_the_newer_save_kept(studio):
    draft = start(studio)
    assert save(studio, draft, {"title": "From the first tab"}).status_code == 200

    stale = save(studio, draft, {"title": "From a tab that missed that save"})

    assert stale.status_code == 409
    assert stale.json()["code"] == "draft_conflict"
    assert ScenarioDraft.objects.get().document == {"title": "From the first tab"}


def test_a_draft_that_is_not_an_object_is_refused_with_a_clear_error(studio):
    draft = start(studio)

    response = save(studio, draft, ["not", "a", "scenario"])

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_scenario"


def test_drafts_are_private_to_their_author(studio, author):
    draft = start(studio)
    other = client_for(UserFactory.create(username="ben"))

    assert other.get(DRAFTS).json() == []
    for method, suffix in [
        ("get", ""),
        ("get", "yaml/"),
        ("get", "preview/?seat=customer"),
        ("get", "diff/"),
        ("post", "publish/"),
        ("post", "try/"),
        ("delete", ""),
    ]:
        response = getattr(other, method)(f"{DRAFTS}{draft['id']}/{suffix}")
        assert response.status_code == 404, (method, suffix)
    assert save(other, draft, {"title": "Taken over"}).status_code == 404
    assert APIClient().get(DRAFTS).status_code in (401, 403)
    assert [d["id"] for d in studio.get(DRAFTS).json()] == [draft["id"]]


# Starting points -------------------------------------------------------------------------------


def test_the_guided_template_starts_a_draft_from_the_teams_own_incident(studio):
    draft = start(
        studio,
        start="incident",
        incident={
            "title": "Charged twice",
            "what_happened": "The renewal went through twice.",
            "customer_name": "Priya Raman",
            "involved": ["Account manager", "Billing"],
            "wants": ["Her money back"],
            "can_give": [{"description": "Refund to the card", "cost": 0, "given_by": 1}],
        },
    )

    document = draft["document"]
    assert document["id"] == "charged-twice"
    assert [seat["title"] for seat in document["responders"]] == ["Account manager", "Billing"]
    assert {"path": "coach.great_round", "message": "this is empty; write something here"} in (
        draft["problems"]
    )


def test_a_fork_copies_a_library_scenario_under_an_id_of_its_own(studio):
    version = scenario_version()

    draft = start(studio, start="fork", scenario="short-shipment")

    assert draft["document"]["id"] == "short-shipment-copy"
    assert draft["valid"]
    assert draft["based_on"] == {"scenario": "short-shipment", "version": 1, "title": version.title}
    assert draft["publish"] == {"allowed": True, "reason": None}
    again = start(studio, start="fork", scenario="short-shipment")
    assert again["document"]["id"] == "short-shipment-copy-2"


def test_a_built_in_scenarios_next_version_is_never_started_in_the_studio(studio, author):
    factories.scenario_version()  # loaded from a file: nobody's to edit here

    refused = studio.post(DRAFTS, {"start": "edit", "scenario": "short-shipment"}, format="json")

    assert refused.status_code == 403
    assert "fork it" in refused.json()["message"]


# Publishing ----------------------------------------------------------------------------------


def test_publishing_makes_a_version_that_new_games_use_and_a_game_keeps_its_own(studio, author):
    draft = valid_draft(studio)

    first = studio.post(f"{DRAFTS}{draft['id']}/publish/")

    assert first.status_code == 201
    assert first.json()["scenario"]["version"] == 1
    created = studio.post("/api/v1/games/", {"scenario": "own-incident"}, format="json")
    game = Game.objects.get(code=created.json()["code"])
    assert game.scenario_version.number == 1
    draft = studio.get(f"{DRAFTS}{draft['id']}/").json()
    document = {**draft["document"], "title": "Our own incident, second edition"}
    save(studio, draft, document)
    second = studio.post(f"{DRAFTS}{draft['id']}/publish/")
    assert second.json()["scenario"]["version"] == 2
    unchanged = studio.post(f"{DRAFTS}{draft['id']}/publish/")
    assert (unchanged.status_code, unchanged.json()["created"]) == (200, False)
    game.refresh_from_db()
    assert game.scenario_version.number == 1
    card = studio.get("/api/v1/scenarios/own-incident/").json()
    assert (card["version"], card["title"]) == (2, "Our own incident, second edition")
    assert APIClient().get("/api/v1/scenarios/own-incident/").status_code == 404


def test_an_invalid_draft_is_not_published_and_each_problem_names_its_field(studio):
    draft = start(studio)

    response = studio.post(f"{DRAFTS}{draft['id']}/publish/")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_scenario"
    assert {"path": "title", "message": "this is empty; write something here"} in (
        response.json()["errors"]
    )
    assert not ScenarioVersion.objects.exists()


def test_a_built_in_library_scenario_is_read_only_in_the_studio(studio):
    draft = valid_draft(studio)
    save(studio, draft, {**draft["document"], "id": "late-pallets"})

    response = studio.post(f"{DRAFTS}{draft['id']}/publish/")

    assert response.status_code == 403
    assert "built-in library scenario" in response.json()["message"]
    assert response.json()["errors"][0]["path"] == "id"
    assert not studio.get(f"{DRAFTS}{draft['id']}/").json()["publish"]["allowed"]


def test_a_facilitator_writes_and_tries_drafts_but_only_admins_publish():
    fay = client_for(UserFactory.create(username="fay"))
    draft = valid_draft(fay)

    response = fay.post(f"{DRAFTS}{draft['id']}/publish/")

    assert response.status_code == 403
    assert "admins publish" in response.json()["message"]
    assert not fay.get(f"{DRAFTS}{draft['id']}/").json()["publish"]["allowed"]
    assert fay.get(f"{DRAFTS}{draft['id']}/yaml/").status_code == 200
    assert not ScenarioVersion.objects.filter(published=True).exists()


def test_another_organisations_scenario_is_invisible_and_its_id_stays_free_in_mine(studio):
    ben = client_for(
        UserFactory.create(username="ben", membership="admin", membership__organisation="other")
    )
    theirs = valid_draft(ben, title="Ben's incident")
    assert ben.post(f"{DRAFTS}{theirs['id']}/publish/").status_code == 201
    assert studio.get("/api/v1/scenarios/own-incident/").status_code == 404
    assert studio.get("/api/v1/scenarios/").json() == []
    mine = valid_draft(studio)

    response = studio.post(f"{DRAFTS}{mine['id']}/publish/")

    assert response.status_code == 201
    assert response.json()["scenario"]["version"] == 1
    assert (
        studio.get("/api/v1/scenarios/own-incident/").json()["title"] == mine["document"]["title"]
    )
    assert ben.get("/api/v1/scenarios/own-incident/").json()["title"] == "Ben's incident"


# Files -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", LIBRARY, ids=[path.stem for path in LIBRARY])
def test_every_library_scenario_round_trips_through_the_studios_import_and_export(studio, path):
    original = read_scenario_file(path)

    imported = upload(studio, path.read_bytes(), path.name)
    assert imported.status_code == 201
    assert imported.json()["valid"], imported.json()["problems"]
    exported = studio.get(f"{DRAFTS}{imported.json()['id']}/yaml/")

    assert exported["Content-Disposition"] == f'attachment; filename="{path.name}"'
    loaded = parse_scenario(exported.content, source=path.name)
    assert loaded.scenario == original.scenario
    assert loaded.content_hash == original.content_hash
    again = upload(studio, exported.content, path.name).json()
    assert again["document"] == imported.json()["document"]


def test_a_file_with_problems_still_becomes_a_draft_to_fix_in_the_forms(studio):
    document = scenario_document()
    document["customer"]["persona"]["rol"] = document["customer"]["persona"].pop("role")

    response = upload(studio, yaml.safe_dump(document).encode(), "mine.yaml")

    assert response.status_code == 201
    problems = {p["path"]: p["message"] for p in response.json()["problems"]}
    assert problems == {
        "customer.persona.role": "this field is required",
        "customer.persona.rol": "this is not a field here (a misspelling?)",
    }


def test_a_file_that_is_not_a_scenario_is_refused_with_its_line(studio):
    response = upload(studio, b"title: x\ntitle: y\n", "twice.yaml")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"path": "", "message": "the key 'title' appears twice in the same mapping", "line": 2}
    ]
    assert not ScenarioDraft.objects.exists()


# Preview, the detector, versions -----------------------------------------------------------


def test_a_preview_is_the_very_projection_the_seat_gets_in_a_game(studio):
    draft = valid_draft(studio)
    url = f"{DRAFTS}{draft['id']}/preview/"

    customer = studio.get(url, {"seat": "customer"}).json()["brief"]
    logistics = studio.get(url, {"seat": "responder:logistics"}).json()
    coach = studio.get(url, {"seat": "coach"}).json()["brief"]

    assert customer["customer_brief"]["persona"]["name"] == "Dana Whitlock"
    assert "does_not_know" not in str(customer)
    assert (logistics["role"], logistics["functions"]) == ("responder", ["logistics"])
    responder = logistics["brief"]
    assert [seat["function"] for seat in responder["responder_briefs"]] == ["logistics"]
    assert "A courier can be booked tonight." not in str(responder)
    assert coach["scenario"]["customer"]["does_not_know"] == ["The second truck broke down"]
    assert [s["seat"] for s in draft["seats"]] == [
        "customer",
        "responder:account-manager",
        "responder:logistics",
        "coach",
        "public",
    ]
    unknown = studio.get(url, {"seat": "responder:legal"})
    assert unknown.status_code == 404


def test_a_custom_techniques_cues_are_detected_and_suggested_like_the_shared_ones(studio):
    writing = {
        "id": "confirm_in_writing",
        "label": "Confirm in writing",
        "kind": "good_move",
        "description": "Promises a written record of the fix.",
        "cues": ["confirm ... in writing"],
    }
    document = scenario_document(id="own-incident", techniques=[writing])
    document["coach"]["rubric"].append({"technique": "confirm_in_writing", "looks_like": "x"})
    draft = start(studio)
    draft = save(studio, draft, document).json()
    text = "I will confirm the new delivery time in writing by noon."

    found = studio.post(f"{DRAFTS}{draft['id']}/detect/", {"text": text}, format="json").json()

    writing_found = next(d for d in found if d["technique"] == "confirm_in_writing")
    assert writing_found["suggested"]
    assert "in writing" in text[writing_found["start"] : writing_found["end"]]


def test_the_history_shows_a_readable_difference_between_any_two_versions(studio):
    draft = valid_draft(studio)
    studio.post(f"{DRAFTS}{draft['id']}/publish/")
    draft = studio.get(f"{DRAFTS}{draft['id']}/").json()
    document = draft["document"]
    document["customer"]["hot_buttons"][0]["trigger"] = "Being told to calm down."
    draft = save(studio, draft, document).json()

    pending = studio.get(f"{DRAFTS}{draft['id']}/diff/").json()
    studio.post(f"{DRAFTS}{draft['id']}/publish/")
    versions = studio.get("/api/v1/scenarios/own-incident/diff/", {"before": 1, "after": 2})

    change = "customer.hot_buttons[0].trigger: 'Being told the delay is normal.' → "
    change += "'Being told to calm down.'"
    assert [c["text"] for c in pending["changes"]] == [change]
    assert [c["text"] for c in versions.json()["changes"]] == [change]
    assert APIClient().get("/api/v1/scenarios/own-incident/diff/?before=1&after=2").status_code in (
        401,
        403,
    )


# Trying a draft alone ------------------------------------------------------------------------


def test_trying_a_draft_opens_a_private_practice_game_against_the_scripted_customer(
    studio, author, django_capture_on_commit_callbacks
):
    draft = valid_draft(studio)

    response = studio.post(f"{DRAFTS}{draft['id']}/try/", {"difficulty": "patient"}, format="json")

    assert response.status_code == 201
    game = Game.objects.get(code=response.json()["code"])
    assert game.facilitator == author
    assert (game.scripted_customer, game.coach_mode, game.total_rounds) == (
        True,
        "facilitator",
        1,
    )
    players = {p.display_name: p.scripted for p in game.participants.all()}
    assert players == {"Dana Whitlock (scripted)": True, "ana": False}
    assert not game.scenario_version.published
    assert APIClient().get("/api/v1/scenarios/").json() == []
    assert APIClient().get("/api/v1/scenarios/own-incident/").status_code == 404
    refused = studio.post("/api/v1/games/", {"scenario": "own-incident"}, format="json")
    assert refused.status_code == 400
    state = studio.get(f"{DRAFTS}{draft['id']}/").json()
    assert [g["code"] for g in state["practice_games"]] == [game.code]


def test_the_default_account_called_facilitator_tries_a_draft_as_you():
    # `make run` makes an account called "facilitator", a name no player may take.
    facilitator = factories.UserFactory.create(username="facilitator")
    client = client_for(facilitator)
    draft = valid_draft(client)

    response = client.post(f"{DRAFTS}{draft['id']}/try/", {}, format="json")

    assert response.status_code == 201, response.json()
    game = Game.objects.get(code=response.json()["code"])
    assert {p.display_name for p in game.participants.filter(scripted=False)} == {"You"}


def test_trying_the_same_draft_again_reuses_its_practice_version(studio):
    draft = valid_draft(studio)

    first = studio.post(f"{DRAFTS}{draft['id']}/try/", {}, format="json").json()
    second = studio.post(f"{DRAFTS}{draft['id']}/try/", {}, format="json").json()

    games = Game.objects.filter(code__in=[first["code"], second["code"]])
    assert len({game.scenario_version_id for game in games}) == 1
    assert ScenarioVersion.objects.filter(published=False).count() == 1


def test_in_a_practice_game_the_drafts_custom_technique_is_suggested_to_the_coach(
    studio, django_capture_on_commit_callbacks
):
    from games.engine.roles import Role
    from games.services.actors import Actor

    writing = {
        "id": "confirm_in_writing",
        "label": "Confirm in writing",
        "kind": "good_move",
        "description": "Promises a written record of the fix.",
        "cues": ["confirm ... in writing"],
    }
    document = scenario_document(id="own-incident", techniques=[writing])
    document["coach"]["rubric"].append({"technique": "confirm_in_writing", "looks_like": "x"})
    draft = save(studio, start(studio), document).json()
    code = studio.post(f"{DRAFTS}{draft['id']}/try/", {}, format="json").json()["code"]
    game = Game.objects.get(code=code)
    factories.advance_to(game, "live", 1)
    player = game.participants.get(scripted=False)
    by = Actor(role=Role.RESPONDER, functions=tuple(game.functions), participant=player)

    with django_capture_on_commit_callbacks(execute=True):
        factories.act(game, message_post, by=by, channel="room", text="I'll confirm it in writing.")

    offers = Event.objects.filter(game=game, type="tag.suggested")
    found = {s["technique"] for offer in offers for s in offer.payload["suggestions"]}
    assert "confirm_in_writing" in found
