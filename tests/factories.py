"""Factories for test data: valid by default, overridden only where a test cares."""

import copy
from typing import Any

import factory
import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from scenarios.loader import ParsedScenario, parse_scenario
from scenarios.services import scenario_version_import

BASE_SCENARIO: dict[str, Any] = {
    "id": "short-shipment",
    "title": "The short shipment",
    "version": "1.0",
    "summary": "A wholesaler received half an order the day before a trade fair.",
    "situation_type": "late_delivery",
    "industry": "wholesale",
    "difficulty": "introductory",
    "customer": {
        "persona": {
            "name": "Dana Whitlock",
            "company": "Whitlock Garden Supplies",
            "role": "Owner",
            "history": "Five years of steady orders, one earlier late delivery.",
            "value": "EUR 80k a year",
        },
        "opening_statement": "Half my order is missing and the fair opens tomorrow.",
        "what_happened": "Twelve of twenty-four pallets arrived; no one called.",
        "wants": ["The missing pallets before 8 am tomorrow"],
        "does_not_know": ["The second truck broke down"],
        "hidden_facts": [
            {
                "fact": "She already told her biggest client the stock is there.",
                "revealed_when": "Someone asks what is riding on the fair.",
                "cues": ["riding on", "clients", "fair"],
            }
        ],
        "starting_mood": 8,
        "temper_visible": True,
        "hot_buttons": [
            {
                "trigger": "Being told the delay is normal.",
                "techniques": ["dismiss"],
                "mood_change": 2,
            }
        ],
        "calming_moves": [
            {"technique": "acknowledge", "effect": 2, "note": "Name the fair, not 'the delay'."}
        ],
        "escalation_cards": [
            {
                "id": "review",
                "label": "I'm writing a review",
                "text": "Everyone at the fair will hear about this.",
            }
        ],
    },
    "responders": [
        {
            "function": "account-manager",
            "title": "Account manager",
            "brief": "You own the relationship.",
            "private_facts": ["A courier can be booked tonight."],
            "parameters": {
                "alone": [
                    {"id": "waive-delivery-fee", "description": "Waive the fee", "cost": 150}
                ],
                "with_approval": [
                    {
                        "id": "night-courier",
                        "description": "Night courier",
                        "cost": 900,
                        "approver": "Head of Sales",
                    }
                ],
                "never": [
                    {
                        "id": "free-order",
                        "description": "Make the order free",
                        "cost": 12000,
                        "why": "Margins",
                    }
                ],
            },
        },
        {
            "function": "logistics",
            "title": "Logistics coordinator",
            "brief": "You know where the second truck is.",
            "private_facts": ["The truck is repaired by 6 am."],
            "parameters": {
                "alone": [{"id": "priority-unload", "description": "Unload first", "cost": 0}],
                "with_approval": [
                    {
                        "id": "second-driver",
                        "description": "Second driver",
                        "cost": 400,
                        "approver": "Depot manager",
                    }
                ],
            },
        },
    ],
    "coach": {
        "rubric": [
            {"technique": "acknowledge", "looks_like": "Names the fair and the client."},
            {"technique": "present_resolution", "looks_like": "A time and a truck."},
            {"technique": "checkback", "looks_like": "Asks if 7 am works."},
        ],
        "anti_patterns": [
            {"technique": "dismiss", "looks_like": "'These things happen.'"},
            {"technique": "blame_colleague", "looks_like": "Blames the driver."},
        ],
        "great_round": "Calm in five minutes with a dated plan.",
        "debrief_questions": ["When did she first feel heard?", "Who owned the plan?"],
    },
    "injects": [
        {
            "id": "truck-update",
            "title": "Truck fixed early",
            "at_minute": 8,
            "audience": "team",
            "team_text": "Workshop says the truck is ready at 4 am.",
        },
        {
            "id": "client-calls",
            "title": "Her client calls",
            "audience": "customer",
            "customer_text": "Your client just asked whether the stock is on site.",
        },
    ],
    "outcome": {"calm_threshold": 3, "good_resolution": ["Pallets on site before 8 am"]},
}


def scenario_document(**overrides: Any) -> dict[str, Any]:
    """A valid scenario as plain data; top-level fields may be overridden."""
    document = copy.deepcopy(BASE_SCENARIO)
    document.update(overrides)
    return document


def scenario_yaml(**overrides: Any) -> bytes:
    return yaml.safe_dump(scenario_document(**overrides), sort_keys=False).encode()


def parsed_scenario(**overrides: Any) -> ParsedScenario:
    document = scenario_document(**overrides)
    return parse_scenario(scenario_yaml(**overrides), source=f"{document['id']}.yaml")


def scenario_version(**overrides: Any) -> Any:
    version, _ = scenario_version_import(parsed=parsed_scenario(**overrides))
    return version


TEST_ORGANISATION = "test-organisation"


def organisation(slug: str = TEST_ORGANISATION, name: str | None = None) -> Any:
    """The organisation `slug` (made the first time)."""
    from organisations.models import Organisation

    found, _ = Organisation.objects.get_or_create(
        slug=slug, defaults={"name": name or slug.replace("-", " ").capitalize()}
    )
    return found


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A user, by default a facilitator of the test organisation. `membership="admin"` (owner,
    facilitator, observer) names another role, `membership__organisation="<slug>"` another
    organisation, `membership=False` none at all (a staff account, say)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.declarations.Sequence(lambda n: f"facilitator{n}")
    password = factory.django.Password("correct horse battery staple")

    @factory.helpers.post_generation
    def membership(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        from organisations.models import Membership

        if not create or extracted is False or Membership.objects.filter(user=obj).exists():
            return
        Membership.objects.create(
            organisation=organisation(kwargs.get("organisation", TEST_ORGANISATION)),
            user=obj,
            role=extracted or "facilitator",
        )


def api_token(user: User, name: str = "test script", days: int | None = None) -> str:
    """The key of a new API token of `user` (organisations.tokens), for `Authorization: Token`."""
    from organisations.tokens import api_token_create

    return api_token_create(user=user, name=name, expires_in_days=days).key


def game(
    *,
    players: int = 0,
    facilitator: User | None = None,
    scenario: dict[str, Any] | None = None,
    **settings: Any,
) -> Any:
    """A game on the factory scenario (top-level fields overridable), with `players` joined
    (named Ann, Ben, Cat, ...)."""
    from games.services.participants import GameSettings, game_create

    created = game_create(
        facilitator=facilitator or UserFactory.create(),
        scenario_version=scenario_version(**(scenario or {})),
        settings=GameSettings(**settings),
    )
    for name in PLAYER_NAMES[:players]:
        join(created, name)
    created.refresh_from_db()
    return created


PLAYER_NAMES = ["Ann", "Ben", "Cat", "Dev", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jon"]


def join(game: Any, name: str) -> tuple[Any, str]:
    from games.services.participants import participant_join

    return participant_join(code=game.code, display_name=name)


def act(game: Any, service: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a service the way the edges do: in a transaction, on the freshly locked game row."""
    from games.services.events import run_command

    result = run_command(game.pk, None, lambda locked: service(locked.game, *args, **kwargs))
    game.refresh_from_db()
    return result


def participant_join_observer(game: Any, name: str) -> str:
    from games.services.participants import participant_join

    return participant_join(code=game.code, display_name=name, observer=True)[1]


def coach_note_and_inject(game: Any) -> None:
    """The current round's coach writes a note and fires both injects (customer's and team's)."""
    from games.engine.roles import Role
    from games.models import SeatAssignment
    from games.services.actors import actor_for_participant
    from games.services.conversation import coach_note, inject_fire

    seat = SeatAssignment.objects.get(game=game, round_number=game.round_number, role=Role.COACH)
    coach = actor_for_participant(game, seat.participant)
    act(game, coach_note, by=coach, text="Watch the apology.")
    act(game, inject_fire, by=coach, inject_id="client-calls")
    act(game, inject_fire, by=coach, inject_id="truck-update")


SKIP_AGREEMENT = "This test is not about the agreement."


def advance_to(game: Any, phase: str, round_number: int | None = None) -> None:
    """Run the game forward as its facilitator until it reaches `phase` (of `round_number`),
    ending agreements with an override where no change was agreed."""
    from games.engine.roles import Role
    from games.services.actors import Actor
    from games.services.rounds import phase_advance

    by = Actor(role=Role.FACILITATOR, user=game.facilitator)
    game.refresh_from_db()
    while (game.phase, game.round_number if round_number else None) != (phase, round_number):
        override = SKIP_AGREEMENT if game.phase == "agreement" else ""
        act(game, phase_advance, by=by, override_reason=override)


def live_clock_at(game: Any, seconds: float) -> None:
    """Run the live clock on to `seconds` since live began, as if that time had passed: what
    happens next is stamped that far into live."""
    from datetime import timedelta

    from django.utils import timezone

    game.refresh_from_db()
    assert game.phase == "live", "the live clock runs in live"
    assert game.phase_allotted is not None
    game.phase_deadline = timezone.now() + game.phase_allotted - timedelta(seconds=seconds)
    type(game).objects.filter(pk=game.pk).update(phase_deadline=game.phase_deadline)


def seated(game: Any, role: Any) -> list[Any]:
    """Who sits in `role` in the game's current round, as actors, in the order they were seated."""
    from games.models import SeatAssignment
    from games.services.actors import actor_for_participant

    seats = SeatAssignment.objects.filter(game=game, round_number=game.round_number, role=role)
    return [actor_for_participant(game, seat.participant) for seat in seats.order_by("pk")]


def seated_first(game: Any, role: Any) -> Any:
    """The first seated in `role` this round (for a role one person holds, that person)."""
    return seated(game, role)[0]


def play_live(game: Any, moods: list[int], promise: str) -> None:
    """A responder makes `promise` in the room; then the customer's mood moves through `moods`."""
    from games.engine.roles import Role
    from games.services.conversation import message_post, mood_set

    responder = seated_first(game, Role.RESPONDER)
    act(game, message_post, by=responder, channel="room", text=promise)
    for mood in moods:
        act(game, mood_set, by=seated_first(game, Role.CUSTOMER), mood=mood)


def agree(game: Any, text: str) -> None:
    """The facilitator proposes `text` as an agreed change and forces it through."""
    from games.engine.roles import Role
    from games.services.actors import Actor
    from games.services.coaching import change_force, change_propose

    by = Actor(role=Role.FACILITATOR, user=game.facilitator)
    proposal = act(game, change_propose, by=by, text=text)
    act(game, change_force, by=by, proposal=proposal.seq, reason="Time.")


def day(
    *,
    people: int = 0,
    functions: tuple[str, ...] = (),
    facilitator: User | None = None,
    **settings: Any,
) -> Any:
    """A training day on the factory scenario with `people` joined (Ann, Ben, ... then P11,
    P12, ...), their functions taken in turn from `functions`."""
    from days.services import DaySettings, day_create, day_join

    created = day_create(
        facilitator=facilitator or UserFactory.create(),
        scenario_versions=[scenario_version()],
        settings=DaySettings(**{"name": "Support academy", **settings}),
    )
    for index in range(people):
        name = PLAYER_NAMES[index] if index < len(PLAYER_NAMES) else f"Person {index + 1}"
        function = functions[index % len(functions)] if functions else ""
        day_join(code=created.code, display_name=name, function=function)
    return created
