"""The day's services called directly: sharing tables and moving people once they are games."""

import pytest

from days.models import DayMember
from days.services import member_move, tables_open, tables_propose, tables_share
from games.engine.errors import ErrorCode, GameError
from games.engine.phases import Phase
from games.models import GameShare
from organisations.roles import ShareRole
from tests import factories

pytestmark = pytest.mark.django_db


def opened(people: int = 8):
    day = factories.day(people=people, functions=("billing", "support"))
    tables_propose(code=day.code, size=4)
    return tables_open(code=day.code)


def test_stopping_a_share_answers_for_each_table_whether_it_was_shared():
    day = opened()
    colleague = factories.UserFactory.create()
    tables_share(
        day=day, by=day.facilitator, user_id=colleague.pk, role=ShareRole.OBSERVER, tables=[2]
    )

    results = tables_share(day=day, by=day.facilitator, user_id=colleague.pk, role=None)

    assert [(r.table, r.ok, r.code) for r in results] == [(1, False, "not_found"), (2, True, "")]
    assert not GameShare.objects.filter(user=colleague).exists()


def test_sharing_again_gives_the_new_role_through_the_games_sharing():
    day = opened()
    colleague = factories.UserFactory.create()
    for role in (ShareRole.OBSERVER, ShareRole.CO_FACILITATOR):
        tables_share(day=day, by=day.facilitator, user_id=colleague.pk, role=role)

    assert set(GameShare.objects.filter(user=colleague).values_list("role", flat=True)) == {
        ShareRole.CO_FACILITATOR.value
    }


def test_nobody_moves_to_a_table_whose_game_has_finished():
    day = opened()
    ann = DayMember.objects.get(day=day, display_name="Ann")
    assert ann.table is not None
    other = day.tables.exclude(pk=ann.table.pk).get()
    assert other.game is not None
    other.game.phase = Phase.FINISHED
    other.game.save(update_fields=["phase"])

    with pytest.raises(GameError) as refused:
        member_move(code=day.code, member_id=ann.pk, table_number=other.number)

    assert refused.value.code == ErrorCode.WRONG_PHASE
    assert "finished" in refused.value.message


def test_a_move_to_ones_own_table_changes_nothing():
    day = opened()
    ann = DayMember.objects.get(day=day, display_name="Ann")
    assert ann.table is not None
    participant = ann.participant

    moved = member_move(code=day.code, member_id=ann.pk, table_number=ann.table.number)

    assert moved.participant == participant
    assert participant is not None
    assert participant.is_present
