"""The learning loop inside a round: coach tags, freezes and escalation cards during live; the
customer's ratings, concessions, rubric ratings, feedback and reflections; and the agreed change."""

from typing import Any

from games.catalogue import (
    ChangeAgreed,
    ChangeMarked,
    ChangeProposed,
    ChangeVoted,
    ConcessionRecorded,
    CustomerRated,
    EscalationPlayed,
    EscalationReason,
    FeedbackGiven,
    ReflectionAdded,
    RubricRated,
    TagAdded,
    TagRemoved,
    TagUpdated,
)
from games.engine.coaching import (
    ConcessionTerms,
    RubricLevel,
    WouldStay,
    concession_flags,
    is_agreed,
)
from games.engine.errors import ErrorCode, GameError
from games.engine.phases import Phase
from games.engine.roles import Action, Audience, Role, check_allowed
from games.models import Event, Game, SeatAssignment
from games.services.actors import Actor
from games.services.events import Command, event_append
from games.services.timeline import live_seconds
from scenarios.selectors import scenario_spec

MAX_TEXT = 2000


def _text(value: str, *, what: str, required: bool = True) -> str:
    cleaned = value.strip()
    if required and not cleaned:
        raise GameError(ErrorCode.BAD_COMMAND, f"Write the {what}; it may not be empty.")
    if len(cleaned) > MAX_TEXT:
        raise GameError(ErrorCode.BAD_COMMAND, f"The {what} may be at most {MAX_TEXT} characters.")
    return cleaned


def _until_debrief(game: Game, secret: Audience) -> Audience:
    """Kept from the team during live; everyone's once the debrief starts."""
    return secret if game.phase == Phase.LIVE else Audience.EVERYONE


def _round_events(game: Game, *types: str) -> list[Event]:
    return list(
        Event.objects.filter(game=game, round_number=game.round_number, type__in=types).order_by(
            "seq"
        )
    )


def _document(game: Game) -> dict[str, Any]:
    document: dict[str, Any] = game.scenario_version.document
    return document


# Live: tags, freezes, escalation cards -------------------------------------------------------


def _check_technique(game: Game, technique: str) -> None:
    if technique not in scenario_spec(game.scenario_version_id).coach.taggable:
        raise GameError(
            ErrorCode.BAD_COMMAND,
            f"'{technique}' is not in this scenario's rubric or anti-patterns.",
        )


def _live_tag(game: Game, tag: int) -> Event:
    added = Event.objects.filter(
        game=game, round_number=game.round_number, type="tag.added", seq=tag
    ).first()
    removed = Event.objects.filter(game=game, type="tag.removed", payload__tag=tag).exists()
    if added is None or removed:
        raise GameError(ErrorCode.NOT_FOUND, f"There is no tag {tag} in this round.")
    return added


def tag_add(
    game: Game,
    *,
    by: Actor,
    technique: str,
    note: str = "",
    message_seq: int | None = None,
    participant: int | None = None,
    suggested: bool = False,
    command: Command | None = None,
) -> Event:
    """Tag a room or huddle message, or (spoken rounds) a moment of the live timeline;
    `suggested` when the coach accepted the detector's suggestion."""
    check_allowed(Action.TAG, role=by.role, phase=Phase(game.phase))
    _check_technique(game, technique)
    # A tagged message's moment is when it was said, not when the coach got to it, so the coach's
    # panel, the debrief and the replay all name the same time.
    at = live_seconds(game)
    if message_seq is not None:
        at = _taggable(game, message_seq).payload.get("live_seconds", at)
    if participant is not None:
        _check_tagged_person(game, participant)
    return event_append(
        game,
        TagAdded(
            technique=technique,
            note=_text(note, what="note", required=False),
            message=message_seq,
            participant=participant,
            live_seconds=at,
            suggested=suggested,
        ),
        audience=_until_debrief(game, Audience.COACH),
        actor=by.participant,
        actor_user=by.user,
        command=command,
    )


def _taggable(game: Game, message_seq: int) -> Event:
    """The message to tag; techniques are the team's: a responder's message, never the
    customer's."""
    message = Event.objects.filter(
        game=game, round_number=game.round_number, seq=message_seq, type="message.posted"
    ).first()
    if message is None:
        raise GameError(ErrorCode.BAD_COMMAND, f"There is no message {message_seq} this round.")
    if message.payload["role"] == Role.CUSTOMER:
        raise GameError(
            ErrorCode.BAD_COMMAND,
            f"Message {message_seq} is the customer's: tag what the team said, not the customer.",
        )
    return message


def _check_tagged_person(game: Game, participant: int) -> None:
    seat = SeatAssignment.objects.filter(
        game=game, round_number=game.round_number, participant_id=participant
    ).first()
    if seat is None:
        raise GameError(ErrorCode.UNKNOWN_PARTICIPANT, "Nobody with that id sits in this round.")
    if seat.role == Role.CUSTOMER:
        raise GameError(
            ErrorCode.BAD_COMMAND, "That is the customer: tag what someone on the team did."
        )


def tag_update(
    game: Game,
    *,
    by: Actor,
    tag: int,
    technique: str | None = None,
    note: str | None = None,
    command: Command | None = None,
) -> Event:
    check_allowed(Action.TAG, role=by.role, phase=Phase(game.phase))
    _live_tag(game, tag)
    changes: dict[str, Any] = {"tag": tag}
    if technique is not None:
        _check_technique(game, technique)
        changes["technique"] = technique
    if note is not None:
        changes["note"] = _text(note, what="note", required=False)
    return event_append(
        game,
        TagUpdated(**changes),
        audience=_until_debrief(game, Audience.COACH),
        actor=by.participant,
        actor_user=by.user,
        command=command,
    )


def tag_remove(game: Game, *, by: Actor, tag: int, command: Command | None = None) -> Event:
    check_allowed(Action.TAG, role=by.role, phase=Phase(game.phase))
    _live_tag(game, tag)
    return event_append(
        game,
        TagRemoved(tag=tag),
        audience=_until_debrief(game, Audience.COACH),
        actor=by.participant,
        actor_user=by.user,
        command=command,
    )


def escalation_play(
    game: Game, *, by: Actor, card: str, why: str = "", command: Command | None = None
) -> Event:
    """The customer plays one of the scenario's escalation cards, each at most once a round."""
    check_allowed(Action.PLAY_ESCALATION, role=by.role, phase=Phase(game.phase))
    cards = {c["id"]: c for c in _document(game)["customer"]["escalation_cards"]}
    if card not in cards:
        raise GameError(ErrorCode.BAD_COMMAND, f"This scenario has no escalation card '{card}'.")
    if any(e.payload["card"] == card for e in _round_events(game, "escalation.played")):
        raise GameError(ErrorCode.BAD_COMMAND, f"'{cards[card]['label']}' was played already.")
    seconds = live_seconds(game)
    event = event_append(
        game,
        EscalationPlayed(
            card=card, label=cards[card]["label"], text=cards[card]["text"], live_seconds=seconds
        ),
        audience=Audience.EVERYONE,
        actor=by.participant,
        command=command,
    )
    event_append(
        game,
        EscalationReason(
            card=card, why=_text(why, what="reason", required=False), live_seconds=seconds
        ),
        audience=Audience.COACH,
        actor=by.participant,
    )
    return event


# End of live: the customer's ratings and the team's concessions ------------------------------


def round_rate(
    game: Game,
    *,
    by: Actor,
    listened: int,
    cared: int,
    valued: int,
    final_mood: int,
    would_stay: str,
    calmer: str = "",
    angrier: str = "",
    reasons: dict[str, str] | None = None,
    command: Command | None = None,
) -> Event:
    """The customer's view of the round, with a line of reason for any of the three ratings;
    hidden from the team until the debrief."""
    check_allowed(Action.RATE_ROUND, role=by.role, phase=Phase(game.phase))
    scores = {"listened": listened, "cared": cared, "valued": valued}
    wrong = [name for name, score in scores.items() if not 1 <= score <= 5]
    if wrong:
        raise GameError(ErrorCode.BAD_COMMAND, f"Rate {', '.join(wrong)} from 1 to 5.")
    if not 0 <= final_mood <= 10:
        raise GameError(ErrorCode.BAD_COMMAND, "The final mood is from 0 to 10.")
    if would_stay not in set(WouldStay):
        raise GameError(ErrorCode.BAD_COMMAND, "Would they stay: yes, maybe or no.")
    unknown = sorted(set(reasons or {}) - set(scores))
    if unknown:
        raise GameError(
            ErrorCode.BAD_COMMAND, f"Give reasons for listened, cared or valued, not {unknown}."
        )
    return event_append(
        game,
        CustomerRated(
            **scores,
            final_mood=final_mood,
            would_stay=WouldStay(would_stay),
            calmer=_text(calmer, what="answer", required=False),
            angrier=_text(angrier, what="answer", required=False),
            reasons={
                name: _text(reason, what="reason", required=False)
                for name, reason in (reasons or {}).items()
                if reason.strip()
            },
        ),
        audience=_until_debrief(game, Audience.CUSTOMER),
        actor=by.participant,
        command=command,
    )


def _concession_terms(game: Game) -> dict[str, tuple[ConcessionTerms, str]]:
    terms: dict[str, tuple[ConcessionTerms, str]] = {}
    for seat in _document(game)["responders"]:
        for column in ("alone", "with_approval", "never"):
            for item in seat["parameters"][column]:
                terms[item["id"]] = (
                    ConcessionTerms(
                        function=seat["function"],
                        column=column,
                        cost=item["cost"],
                        approver=item.get("approver"),
                    ),
                    item["description"],
                )
    return terms


def concession_record(
    game: Game,
    *,
    by: Actor,
    concession: str,
    approved: bool = False,
    command: Command | None = None,
) -> Event:
    """A responder records what they offered; the cost counts and a breach is flagged."""
    check_allowed(Action.RECORD_CONCESSION, role=by.role, phase=Phase(game.phase))
    known = _concession_terms(game)
    if concession not in known:
        raise GameError(ErrorCode.BAD_COMMAND, f"This scenario has no concession '{concession}'.")
    terms, description = known[concession]
    flags = concession_flags(terms, giver_functions=set(by.functions), approved=approved)
    return event_append(
        game,
        ConcessionRecorded(
            concession=concession,
            description=description,
            cost=terms.cost,
            function=terms.function,
            column=terms.column,
            approver=terms.approver,
            approved=approved,
            by=by.name,
            flags=flags,
        ),
        audience=Audience.TEAM,
        actor=by.participant,
        command=command,
    )


# Debrief: rubric ratings, feedback, reflections, kept changes ---------------------------------


def rubric_rate(
    game: Game, *, by: Actor, ratings: dict[str, str], command: Command | None = None
) -> Event:
    """The coach rates every rubric technique: not seen, attempted or done well."""
    check_allowed(Action.RATE_RUBRIC, role=by.role, phase=Phase(game.phase))
    rubric = [entry["technique"] for entry in _document(game)["coach"]["rubric"]]
    missing = [technique for technique in rubric if technique not in ratings]
    unknown = sorted(set(ratings) - set(rubric))
    invalid = sorted(t for t, level in ratings.items() if level not in set(RubricLevel))
    if missing or unknown or invalid:
        problems = [
            f"rate {', '.join(missing)}" if missing else "",
            f"not in the rubric: {', '.join(unknown)}" if unknown else "",
            f"use not_seen, attempted or done_well for {', '.join(invalid)}" if invalid else "",
        ]
        raise GameError(ErrorCode.BAD_COMMAND, "; ".join(p for p in problems if p) + ".")
    return event_append(
        game,
        RubricRated(ratings={t: RubricLevel(ratings[t]) for t in rubric}),
        audience=Audience.EVERYONE,
        actor=by.participant,
        actor_user=by.user,
        command=command,
    )


def feedback_give(
    game: Game, *, by: Actor, keep: str, change: str, command: Command | None = None
) -> Event:
    """Hard, specific feedback in two required parts."""
    check_allowed(Action.GIVE_FEEDBACK, role=by.role, phase=Phase(game.phase))
    return event_append(
        game,
        FeedbackGiven(
            keep=_text(keep, what="'keep doing' part"),
            change=_text(change, what="'do differently' part"),
            author=by.name,
        ),
        audience=Audience.EVERYONE,
        actor=by.participant,
        actor_user=by.user,
        command=command,
    )


def reflection_add(game: Game, *, by: Actor, text: str, command: Command | None = None) -> Event:
    check_allowed(Action.REFLECT, role=by.role, phase=Phase(game.phase))
    return event_append(
        game,
        ReflectionAdded(
            text=_text(text, what="reflection"), author=by.name, functions=list(by.functions)
        ),
        audience=Audience.EVERYONE,
        actor=by.participant,
        command=command,
    )


def agreed_changes(game: Game, *, before_round: int | None = None) -> list[dict[str, Any]]:
    """Every change the team agreed, oldest first, with the coach's latest kept/not-kept marks."""
    agreed = Event.objects.filter(game=game, type="change.agreed").order_by("seq")
    if before_round is not None:
        agreed = agreed.filter(round_number__lt=before_round)
    marks: dict[int, list[dict[str, Any]]] = {}
    for mark in Event.objects.filter(game=game, type="change.marked").order_by("seq"):
        marks.setdefault(mark.payload["change"], []).append(
            {"round": mark.round_number, "kept": mark.payload["kept"]}
        )
    return [
        {
            "change": event.seq,
            "round": event.round_number,
            "text": event.payload["text"],
            "forced": event.payload["forced"],
            "kept": marks.get(event.seq, []),
        }
        for event in agreed
    ]


def change_mark_kept(
    game: Game, *, by: Actor, change: int, kept: bool, command: Command | None = None
) -> Event:
    """At a later debrief the coach says whether an earlier agreed change was kept."""
    check_allowed(Action.MARK_KEPT, role=by.role, phase=Phase(game.phase))
    if change not in {c["change"] for c in agreed_changes(game, before_round=game.round_number)}:
        raise GameError(ErrorCode.BAD_COMMAND, "Mark a change agreed in an earlier round.")
    return event_append(
        game,
        ChangeMarked(change=change, kept=kept),
        audience=Audience.EVERYONE,
        actor=by.participant,
        actor_user=by.user,
        command=command,
    )


# Agreement: proposals, votes, the agreed change -----------------------------------------------


def change_propose(game: Game, *, by: Actor, text: str, command: Command | None = None) -> Event:
    """A responder who proposes a change accepts it too: nobody should have to vote for their
    own words (a team of one agrees at once)."""
    check_allowed(Action.PROPOSE_CHANGE, role=by.role, phase=Phase(game.phase))
    proposed = event_append(
        game,
        ChangeProposed(text=_text(text, what="proposal"), author=by.name),
        audience=Audience.EVERYONE,
        actor=by.participant,
        actor_user=by.user,
        command=command,
    )
    if by.role == Role.RESPONDER:
        _vote_recorded(game, by=by, proposed=proposed, accept=True, command=None)
    return proposed


def _proposal(game: Game, proposal: int) -> Event:
    found = Event.objects.filter(
        game=game, round_number=game.round_number, type="change.proposed", seq=proposal
    ).first()
    if found is None:
        raise GameError(ErrorCode.NOT_FOUND, f"There is no proposal {proposal} this round.")
    return found


def _is_already_agreed(game: Game, proposal: int) -> bool:
    return any(e.payload["proposal"] == proposal for e in _round_events(game, "change.agreed"))


def _present_responders(game: Game) -> set[int]:
    return set(
        SeatAssignment.objects.filter(
            game=game,
            round_number=game.round_number,
            role=Role.RESPONDER,
            participant__removed_at__isnull=True,
        ).values_list("participant_id", flat=True)
    )


def change_vote(
    game: Game, *, by: Actor, proposal: int, accept: bool, command: Command | None = None
) -> Event:
    """A responder accepts or rejects a proposal; it is agreed when every responder accepts."""
    check_allowed(Action.VOTE, role=by.role, phase=Phase(game.phase))
    proposed = _proposal(game, proposal)
    if _is_already_agreed(game, proposal):
        raise GameError(ErrorCode.BAD_COMMAND, "That change is already agreed.")
    return _vote_recorded(game, by=by, proposed=proposed, accept=accept, command=command)


def _vote_recorded(
    game: Game, *, by: Actor, proposed: Event, accept: bool, command: Command | None
) -> Event:
    """Appends the vote, then the agreement if it was the last acceptance wanted."""
    vote = event_append(
        game,
        ChangeVoted(proposal=proposed.seq, accept=accept, voter=by.name),
        audience=Audience.EVERYONE,
        actor=by.participant,
        command=command,
    )
    votes: dict[int, bool] = {}
    for event in _round_events(game, "change.voted"):
        if event.payload["proposal"] == proposed.seq and event.actor_id is not None:
            votes[event.actor_id] = bool(event.payload["accept"])
    if is_agreed(votes, _present_responders(game)):
        event_append(
            game,
            ChangeAgreed(
                proposal=proposed.seq, text=proposed.payload["text"], forced=False, reason=""
            ),
            audience=Audience.EVERYONE,
        )
    return vote


def change_force(
    game: Game, *, by: Actor, proposal: int, reason: str, command: Command | None = None
) -> Event:
    """The facilitator (never the coach) may settle a change, and must say why."""
    check_allowed(Action.RUN_GAME, role=by.role, phase=Phase(game.phase))
    if game.phase not in (Phase.DEBRIEF, Phase.AGREEMENT):
        raise GameError(ErrorCode.WRONG_PHASE, "Changes are agreed during debrief or agreement.")
    proposed = _proposal(game, proposal)
    if _is_already_agreed(game, proposal):
        raise GameError(ErrorCode.BAD_COMMAND, "That change is already agreed.")
    return event_append(
        game,
        ChangeAgreed(
            proposal=proposal,
            text=proposed.payload["text"],
            forced=True,
            reason=_text(reason, what="reason"),
        ),
        audience=Audience.EVERYONE,
        actor_user=by.user,
        command=command,
    )


def round_has_agreed_change(game: Game) -> bool:
    return bool(_round_events(game, "change.agreed"))
