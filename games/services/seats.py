"""The rotation plan in the database: planned from the engine, fixed for rounds under way."""

from games.catalogue import SeatsPlanned, SeatsSwapped
from games.engine.errors import ErrorCode, GameError
from games.engine.phases import Phase
from games.engine.roles import Action, Audience, Role, check_allowed
from games.engine.rotation import RotationError, Seat, SeatRole, plan_rotation, swap_seats
from games.models import CoachMode, Event, Game, Participant, SeatAssignment
from games.services.actors import Actor
from games.services.events import Command, event_append


def first_open_round(game: Game) -> int:
    """Rounds from here on may still change; earlier ones are under way or played."""
    return 1 if game.phase == Phase.LOBBY else game.round_number + 1


def _history(game: Game, before_round: int) -> list[dict[str, Seat]]:
    rounds: list[dict[str, Seat]] = [{} for _ in range(1, before_round)]
    for seat in SeatAssignment.objects.filter(game=game, round_number__lt=before_round):
        if seat.role != Role.OBSERVER:
            rounds[seat.round_number - 1][str(seat.participant_id)] = Seat(
                SeatRole(seat.role), tuple(seat.functions)
            )
    return rounds


def seats_replan(game: Game) -> None:
    """Re-plan the open rounds for the present players (a join, a leave, a settings change)."""
    start = first_open_round(game)
    if start > game.total_rounds or game.phase == Phase.FINISHED:
        return
    present = list(game.participants.filter(removed_at__isnull=True))
    players = [p for p in present if not p.observer and not p.scripted]
    scripted = next((str(p.pk) for p in present if p.scripted), None)
    SeatAssignment.objects.filter(game=game, round_number__gte=start).delete()
    try:
        plan = plan_rotation(
            players=[str(p.pk) for p in players],
            rounds=game.total_rounds,
            functions=game.functions,
            rotating_coach=game.coach_mode == CoachMode.ROTATING,
            history=_history(game, start),
            scripted_customer=scripted,
        )
    except RotationError:
        plan = []  # too few players for now: no plan until enough join
    rows = [
        SeatAssignment(
            game=game,
            round_number=start + offset,
            participant_id=int(pid),
            role=seat.role,
            functions=list(seat.functions),
        )
        for offset, round_seats in enumerate(plan)
        for pid, seat in round_seats.items()
    ]
    rows += [
        SeatAssignment(game=game, round_number=number, participant=observer, role=Role.OBSERVER)
        for number in range(start, game.total_rounds + 1)
        if plan
        for observer in present
        if observer.observer
    ]
    SeatAssignment.objects.bulk_create(rows)
    event_append(
        game,
        SeatsPlanned(from_round=start, rounds=seat_plan(game, start)),
        audience=Audience.EVERYONE,
    )


def seat_plan(game: Game, from_round: int = 1) -> dict[str, list[dict[str, object]]]:
    plan: dict[str, list[dict[str, object]]] = {}
    seats = SeatAssignment.objects.filter(game=game, round_number__gte=from_round).select_related(
        "participant"
    )
    for seat in seats:
        plan.setdefault(str(seat.round_number), []).append(
            {
                "participant": seat.participant_id,
                "name": seat.participant.display_name,
                "role": seat.role,
                "functions": seat.functions,
            }
        )
    return plan


def seats_swap(
    game: Game,
    *,
    by: Actor,
    round_number: int,
    first: int,
    second: int,
    command: Command | None = None,
) -> Event:
    """Exchange two participants' seats in a round that has not started yet."""
    check_allowed(Action.RUN_GAME, role=by.role, phase=Phase(game.phase))
    if round_number < first_open_round(game) or round_number > game.total_rounds:
        raise GameError(
            ErrorCode.WRONG_PHASE,
            f"Round {round_number} has started or does not exist; swap a later one.",
        )
    rows = {
        s.participant_id: s
        for s in SeatAssignment.objects.filter(
            game=game, round_number=round_number, participant_id__in=[first, second]
        )
    }
    if len(rows) != 2 or first == second:
        raise GameError(
            ErrorCode.UNKNOWN_PARTICIPANT, "Both participants must hold a seat in that round."
        )
    if any(row.role == Role.OBSERVER for row in rows.values()):
        raise GameError(ErrorCode.NOT_ALLOWED, "Observers take no seat; swap two players.")
    swapped = swap_seats(
        {str(pid): Seat(SeatRole(row.role), tuple(row.functions)) for pid, row in rows.items()},
        str(first),
        str(second),
    )
    for pid, seat in swapped.items():
        SeatAssignment.objects.filter(pk=rows[int(pid)].pk).update(
            role=seat.role, functions=list(seat.functions)
        )
    return event_append(
        game,
        SeatsSwapped(
            round=round_number,
            participants=[first, second],
            rounds=seat_plan(game, round_number),
        ),
        audience=Audience.EVERYONE,
        actor_user=by.user,
        command=command,
    )


def participant_for_seat(game: Game, role: Role) -> Participant | None:
    seat = (
        SeatAssignment.objects.filter(game=game, round_number=game.round_number, role=role)
        .select_related("participant")
        .first()
    )
    return seat.participant if seat else None
