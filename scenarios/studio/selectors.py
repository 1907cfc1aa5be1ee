"""Reading the studio: a user's own drafts, a draft with its problems and hints, a seat's view.

Drafts are private: every read goes through `own_draft`, which knows only the author's.
"""

from typing import Any

from django.contrib.auth.models import User

from games.engine.briefs import brief_for
from games.engine.roles import Role
from scenarios.loader import validate_document
from scenarios.models import ScenarioDraft, ScenarioVersion
from scenarios.schema import Scenario, format_field_path
from scenarios.studio.errors import StudioError, StudioErrorCode
from scenarios.studio.hints import scenario_hints
from scenarios.studio.permissions import draft_publish_refusal
from scenarios.studio.practice import practice_games


def own_drafts(user: User) -> list[ScenarioDraft]:
    return list(ScenarioDraft.objects.filter(author=user).select_related("based_on__scenario"))


def own_draft(user: User, draft_id: int) -> ScenarioDraft:
    """The user's draft, or not_found: another's draft is not found, never forbidden."""
    draft = (
        ScenarioDraft.objects.filter(pk=draft_id, author=user)
        .select_related("based_on__scenario")
        .first()
    )
    if draft is None:
        raise StudioError(StudioErrorCode.NOT_FOUND, "No such draft of yours.")
    return draft


def _problems(pairs: list[tuple[Any, str]]) -> list[dict[str, str]]:
    return [{"path": format_field_path(path), "message": message} for path, message in pairs]


def _based_on(version: ScenarioVersion | None) -> dict[str, Any] | None:
    if version is None:
        return None
    return {"scenario": version.scenario.slug, "version": version.number, "title": version.title}


def draft_summary(draft: ScenarioDraft) -> dict[str, Any]:
    _, problems = validate_document(draft.document)
    return {
        "id": draft.pk,
        "title": draft.title,
        "scenario": draft.scenario_slug,
        "revision": draft.revision,
        "updated_at": draft.updated_at,
        "problem_count": len(problems),
        "based_on": _based_on(draft.based_on),
    }


def preview_seats(scenario: Scenario) -> list[dict[str, str]]:
    """Every seat whose screen a preview can show, as the game names them."""
    return [
        {"seat": "customer", "label": f"Customer ({scenario.customer.persona.name})"},
        *(
            {"seat": f"responder:{seat.function}", "label": seat.title}
            for seat in scenario.responders
        ),
        {"seat": "coach", "label": "Coach"},
        {"seat": "public", "label": "Everyone (the lobby)"},
    ]


def draft_state(draft: ScenarioDraft, user: User) -> dict[str, Any]:
    """The draft with what the schema says about it, as the studio's screen shows it."""
    scenario, problems = validate_document(draft.document)
    refusal = draft_publish_refusal(user, draft)
    return {
        **draft_summary(draft),
        "created_at": draft.created_at,
        "document": draft.document,
        "valid": scenario is not None,
        "problems": _problems(problems),
        "hints": _problems(scenario_hints(scenario)) if scenario else [],
        "publish": {"allowed": scenario is not None and refusal is None, "reason": refusal},
        "seats": preview_seats(scenario) if scenario else [],
        "practice_games": [
            {"code": game.code, "phase": game.phase, "created_at": game.created_at}
            for game in practice_games(draft)
        ],
    }


def seat_preview(scenario: Scenario, seat: str) -> dict[str, Any]:
    """What a seat's screen gets: the very projection a game sends it (`brief_for`), with the
    role and functions the seat screen reads it by and the scenario's currency."""
    document = scenario.model_dump(mode="json")
    every = tuple(responder.function for responder in scenario.responders)
    functions: tuple[str, ...] = ()
    if seat.startswith("responder:"):
        function = seat.removeprefix("responder:")
        if function not in every:
            raise StudioError(
                StudioErrorCode.NOT_FOUND, f"This scenario has no responder function '{function}'."
            )
        role, functions = Role.RESPONDER, (function,)
    else:
        role = {"customer": Role.CUSTOMER, "coach": Role.COACH, "public": Role.OBSERVER}[seat]
    return {
        "seat": seat,
        "role": role.value,
        "functions": list(functions),
        "currency": scenario.currency,
        "function_titles": {
            responder.function: responder.title for responder in scenario.responders
        },
        "brief": brief_for(document, role, functions, list(every)),
    }
