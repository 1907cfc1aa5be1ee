"""Handoffs across functions: who talked with the customer when, how long each handoff took, and
promises nobody followed up."""

from datetime import datetime, timedelta

from games.engine.handoffs import handoff_report

START = datetime(2026, 11, 23, 10, 0, 0)


def at(seconds: float) -> str:
    return (START + timedelta(seconds=seconds)).isoformat()


def live_started() -> dict:
    return {"seq": 1, "type": "phase.changed", "at": at(0), "payload": {"phase": "live"}}


def said(
    seq: int, seconds: float, text: str, functions=("billing",), role="responder", author="Ann"
):
    return {
        "seq": seq,
        "type": "message.posted",
        "at": at(seconds),
        "payload": {
            "channel": "room",
            "text": text,
            "author": author,
            "role": role,
            "functions": list(functions),
        },
    }


def test_turns_follow_the_functions_speaking_and_the_customer_does_not_break_a_turn():
    report = handoff_report(
        [
            live_started(),
            said(2, 5, "I'm so sorry.", ("account-manager",), author="Ann"),
            said(3, 10, "Where are my pallets?", (), role="customer", author="Dana"),
            said(4, 20, "That's on us.", ("account-manager",), author="Ann"),
            said(5, 50, "Logistics here: the truck left at nine.", ("logistics",), author="Ben"),
            said(6, 55, "It arrives at two.", ("logistics",), author="Ben"),
        ]
    )

    assert [(t.functions, t.from_seconds, t.to_seconds, t.messages) for t in report.turns] == [
        (("account-manager",), 5.0, 20.0, 2),
        (("logistics",), 50.0, 55.0, 2),
    ]
    assert [(h.from_functions, h.to_functions, h.took_seconds) for h in report.handoffs] == [
        (("account-manager",), ("logistics",), 30.0)
    ]


def test_a_promise_is_kept_when_a_later_message_follows_it_up_and_counted_when_not():
    report = handoff_report(
        [
            live_started(),
            said(2, 5, "I'll get finance to approve the credit note by 15:00 today."),
            said(3, 30, "Someone will be in touch shortly.", ("logistics",), author="Ben"),
            said(4, 90, "Finance approved the credit note: it is on its way.", author="Cat"),
        ]
    )

    assert [(p.seq, p.followed_up_by) for p in report.promises] == [(2, 4), (3, None)]
    assert report.as_json()["unkept_promises"] == 1


def test_a_round_that_never_went_live_has_nothing_to_report():
    report = handoff_report([said(2, 5, "I'll call you at five.")])

    assert report.as_json() == {"turns": [], "handoffs": [], "promises": [], "unkept_promises": 0}
