"""The technique detector: what it finds by family, negation, promises, blame, scenario cues,
determinism, and a floor on the held-out split."""

import json
from dataclasses import replace
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from games.engine.detector import (
    ContextLine,
    CueFileError,
    Detection,
    default_cue_book,
    detect_techniques,
    load_cue_book,
)
from games.engine.detector_evaluation import (
    LabelledDataError,
    detector_for,
    read_labelled_utterances,
    score_detector,
)
from games.engine.detector_model import MODEL_FILE, DetectorModel, ModelFile
from games.management.commands.evaluate_detector import library_scenarios, split_utterances
from scenarios.loader import LIBRARY_DIR, read_scenario_file
from scenarios.techniques import SHARED_TECHNIQUES

DEV = split_utterances("dev")
HELD_OUT = split_utterances("test")
LIBRARY = library_scenarios()
AS_IN_A_GAME = detector_for(LIBRARY)
LATE_PALLETS = read_scenario_file(LIBRARY_DIR / "late-pallets.yaml").scenario

# Issue 24's targets, which `manage.py evaluate_detector --split test` reports met for the cues
# and model of its third pass (micro F1 0.860, lowest technique 0.76; 7 December): held-out
# micro F1 at least 0.85, and 0.6 for every technique with eight or more held-out examples.
# docs/detector.md has the tables.
HELD_OUT_MICRO_F1_FLOOR = 0.85
PER_TECHNIQUE_F1_FLOOR = 0.6
DEV_MICRO_F1_FLOOR = 0.9


def techniques(text: str, **kwargs) -> set[str]:
    return {detection.technique for detection in detect_techniques(text, **kwargs)}


# Given / when / then in one line each: this message, detected, shows (at least) these.
FAMILIES = [
    # listening
    (
        "What I'm hearing is that the money matters less than being kept informed.",
        "listen_repeat_back",
    ),
    (
        "Let me make sure I've understood: it failed twice and nobody came out.",
        "listen_repeat_back",
    ),
    ("You're right to be angry, you've been passed around all week.", "acknowledge"),
    ("Thank you for your patience while we worked through this.", "acknowledge"),
    ("We're very sorry for the disruption to your clinic.", "apologize"),
    ("Please accept my sincere apologies.", "apologize"),
    ("That must have been awful for your night staff.", "empathize"),
    ("I can only imagine how stressful the audit week has been.", "empathize"),
    # questions
    ("Which of the stores needs stock first?", "clarify"),
    ("what did the carrier actually tell you this morning", "clarify"),
    ("Could you walk me through what happened at the dock?", "clarify"),
    ("Let's set the blame aside and get your stores stocked for Friday.", "redirect"),
    ("What would you suggest we do with the stock in Glasgow?", "ask_suggestions"),
    ("Does that work for you?", "checkback"),
    ("Would Thursday at 9am suit your team?", "checkback"),
    # fixing
    ("We'll refund the duplicate payment to your account by 14:00 today.", "present_resolution"),
    ("I've booked an engineer for 7am tomorrow to replace the unit.", "present_resolution"),
    ("You can either have a full refund or a replacement sent today.", "offer_alternatives"),
    ("The reason I can't give you a date is that the part comes from Osaka.", "explain_obstacles"),
    ("I'll call you at 5pm, and again when the truck leaves the depot.", "overcommunicate"),
    ("I'm bringing in our billing lead, who can approve the refund now.", "recuse_handoff"),
    ("That's on us, and we should have called you.", "own_it"),
    # anti-patterns
    ("It was due to circumstances beyond our control.", "defend"),
    ("You should have read the terms before you signed.", "correct_customer"),
    ("The warehouse messed up, not us.", "blame_colleague"),
    ("As per our terms and conditions, we can't accept liability for that.", "recite_policy"),
    ("Calm down, it's only a couple of days.", "dismiss"),
    ("Watch your tone, please.", "match_emotion"),
    ("I DON'T KNOW WHERE YOUR ORDER IS, OKAY?", "match_emotion"),
    ("We'll waive your bill for the whole year.", "over_give"),
    ("We'll get back to you soon.", "vague_promise"),
]


@pytest.mark.parametrize(("text", "technique"), FAMILIES)
def test_each_family_is_found_in_a_clear_example(text, technique):
    assert technique in techniques(text)


@pytest.mark.parametrize(
    "text",
    [
        "Good afternoon, you're through to Northgate Freight.",
        "Can I take your account number, please?",
        "One moment while I pull up the order.",
        "Sorry, you cut out there, could you say that again?",
    ],
)
def test_small_talk_and_procedure_show_no_technique(text):
    assert techniques(text) == set()


def test_a_negation_before_the_cue_cancels_it():
    assert "correct_customer" in techniques("You're wrong about the date.")
    assert "correct_customer" not in techniques("I'm not saying you're wrong about the date.")
    assert techniques("You're not wrong.") == {"acknowledge"}


def test_not_our_fault_is_defending_and_our_fault_is_owning_it():
    assert techniques("That's not our fault.") == {"defend"}
    assert techniques("That's our fault, not yours.") == {"own_it"}


def test_sorry_that_you_feel_that_way_is_not_an_apology():
    assert techniques("I'm sorry that you feel that way.") == {"dismiss"}
    assert techniques("I'm so sorry we let you down.") >= {"apologize"}


def test_a_promise_with_a_concrete_time_is_specific_and_without_one_is_vague():
    assert "vague_promise" in techniques("We'll have it fixed as soon as possible.")
    assert "vague_promise" in techniques("Someone will be in touch shortly.")
    assert "vague_promise" in techniques("We'll update you when we know more.")

    specific = techniques("We'll replace the unit tomorrow at 9am and call you at 10:30.")
    assert {"present_resolution", "overcommunicate"} <= specific
    assert "vague_promise" not in specific


def test_an_event_to_wait_for_is_not_vague():
    found = techniques("I'll text you as soon as the engineer is on his way.")

    assert "overcommunicate" in found
    assert "vague_promise" not in found


@pytest.mark.parametrize(
    "huddle_message",
    [
        "honestly ops dropped the ball again",
        "that's logistics' fault, not ours",
        "the night shift screwed up the labels",
        "it was the planners who moved her trailer",
    ],
)
def test_blame_is_caught_in_the_huddle_too(huddle_message):
    assert "blame_colleague" in techniques(huddle_message)


def test_refusing_to_blame_is_not_blame():
    assert "blame_colleague" not in techniques("It's not the warehouse's fault, it's ours.")
    assert "blame_colleague" not in techniques("Nobody's throwing anyone under the bus.")


def test_a_question_is_a_question_without_its_question_mark():
    assert "clarify" in techniques("when did the fobs stop working")
    assert "clarify" not in techniques("What I can do is refund it today.")


def test_a_checkback_question_is_not_also_a_clarifying_one():
    assert techniques("How does that sound?") == {"checkback"}


def test_detections_point_into_the_original_text_one_per_technique_sorted():
    text = "I\u2019m so sorry \u2014 that\u2019s on us. Does that work for you?"

    found = detect_techniques(text)

    assert [detection.technique for detection in found] == ["apologize", "own_it", "checkback"]
    assert text[found[0].start : found[0].end] == "I\u2019m so sorry"
    assert all(0 < detection.confidence <= 1 for detection in found)
    assert [detection.start for detection in found] == sorted(d.start for d in found)
    assert all(detection.kind == SHARED_TECHNIQUES[detection.technique].kind for detection in found)


def test_the_cue_file_covers_the_whole_shared_vocabulary():
    assert set(default_cue_book().techniques) == set(SHARED_TECHNIQUES)


def test_a_broken_cue_file_names_the_problem(tmp_path):
    path = tmp_path / "cues.yaml"
    path.write_text(
        "negator: not\nmacros: {}\ntechniques:\n  apologize:\n"
        "    cues:\n      - weight: 0.9\n        patterns: '{nowhere} sorry'\n"
    )

    with pytest.raises(CueFileError, match=r"apologize cue group 1: unknown macro \{nowhere\}"):
        load_cue_book(path)


def test_scenario_cues_extend_the_shared_ones():
    triage = LATE_PALLETS.techniques[0].model_copy(update={"cues": ["which lines ... first"]})
    rubric = [
        entry.model_copy(update={"cues": ["named recovery lead"]})
        if entry.technique == "own_it"
        else entry
        for entry in LATE_PALLETS.coach.rubric
    ]
    scenario = LATE_PALLETS.model_copy(
        update={
            "techniques": [triage],
            "coach": LATE_PALLETS.coach.model_copy(update={"rubric": rubric}),
        }
    )

    assert "triage_with_customer" not in techniques("Which lines do you need first?")
    assert "triage_with_customer" in techniques("Which lines do you need first?", scenario=scenario)
    assert "own_it" in techniques("I'll be your named recovery lead.", scenario=scenario)


def test_a_hidden_fact_cue_asked_as_a_question_is_clarifying_in_that_scenario():
    # The cues alone: the model may veto it, as this question also reads as an offer.
    text = "Would a partial delivery help?"

    assert "clarify" not in techniques(text, model=NO_MODEL)
    assert "clarify" in techniques(text, scenario=LATE_PALLETS, model=NO_MODEL)
    assert "clarify" not in techniques(
        "We'll do a partial delivery.", scenario=LATE_PALLETS, model=NO_MODEL
    )


def test_detection_is_deterministic():
    first = [detect_techniques(utterance.text) for utterance in HELD_OUT]
    second = [detect_techniques(utterance.text) for utterance in HELD_OUT]

    assert first == second


def test_the_dev_split_is_still_fitted():
    assert score_detector(DEV, AS_IN_A_GAME).micro.f1 >= DEV_MICRO_F1_FLOOR


def test_the_held_out_split_stays_above_its_floor():
    scores = score_detector(HELD_OUT, AS_IN_A_GAME)

    assert scores.micro.f1 >= HELD_OUT_MICRO_F1_FLOOR, (
        "the detector got worse on the held-out split; see `manage.py evaluate_detector --split "
        "test`, and change cues by looking at the dev split only"
    )
    # Issue 24: every technique with eight or more held-out examples at 0.6 or above.
    weak = {
        score.name: round(score.f1, 2)
        for score in scores.per_technique
        if score.support >= 8 and score.f1 < PER_TECHNIQUE_F1_FLOOR
    }
    assert weak == {}


def test_the_labelled_data_uses_only_shared_technique_ids():
    used = {technique for utterance in DEV + HELD_OUT for technique in utterance.techniques}
    ids = [utterance.id for utterance in DEV + HELD_OUT]

    assert used <= set(SHARED_TECHNIQUES)
    assert len(ids) == len(set(ids))


# ---------------------------------------------------------------------------- commands


def test_detect_techniques_prints_one_json_object_per_line():
    out = StringIO()

    call_command(
        "detect_techniques",
        stdin=StringIO("Please accept my apologies.\n\nDoes that work?\n"),
        stdout=out,
    )

    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines == [
        {
            "text": "Please accept my apologies.",
            "techniques": [
                {"technique": "apologize", "kind": "good_move", "span": [0, 26], "confidence": 0.9}
            ],
        },
        {
            "text": "Does that work?",
            "techniques": [
                {"technique": "checkback", "kind": "good_move", "span": [0, 14], "confidence": 0.9}
            ],
        },
    ]


@pytest.mark.django_db
def test_detect_techniques_uses_an_imported_scenario():
    call_command("load_scenarios", stdout=StringIO())
    out = StringIO()

    call_command(
        "detect_techniques",
        "--scenario",
        "late-pallets",
        stdin=StringIO("Direct to store, is that possible?\n"),
        stdout=out,
    )

    # A question with the scenario's hidden-fact cue ("direct to store"): nothing without it.
    found = {detection["technique"] for detection in json.loads(out.getvalue())["techniques"]}
    assert found == {"clarify"}


@pytest.mark.django_db
def test_detect_techniques_refuses_an_unknown_scenario():
    with pytest.raises(CommandError, match="no scenario with id 'no-such-thing'"):
        call_command("detect_techniques", "--scenario", "no-such-thing", stdin=StringIO(""))


def test_evaluate_detector_reports_every_technique_and_the_averages():
    out = StringIO()

    call_command("evaluate_detector", "--split", "all", "--json", stdout=out)

    report = json.loads(out.getvalue())
    assert set(report["techniques"]) == set(SHARED_TECHNIQUES)
    assert {"precision", "recall", "f1", "support"} <= set(report["micro"])
    assert report["utterances"] == len(DEV) + len(HELD_OUT)


def test_evaluate_detector_prints_the_same_table_every_time():
    def table() -> str:
        out = StringIO()
        call_command("evaluate_detector", "--split", "test", stdout=out)
        return out.getvalue()

    first = table()

    assert first == table()
    assert "micro" in first
    assert "macro" in first


def test_a_second_annotator_is_scored_as_the_detector_is(tmp_path):
    first, second = HELD_OUT[0], HELD_OUT[1]
    labels = tmp_path / "annotator.yaml"
    labels.write_text(
        f"- id: {first.id}\n  techniques: {sorted(first.techniques)}\n"
        f"- id: {second.id}\n  techniques: []\n",
        encoding="utf-8",
    )
    out = StringIO()

    call_command(
        "evaluate_detector", "--split", "test", "--json", "--annotator", labels, stdout=out
    )

    report = json.loads(out.getvalue())
    assert report["utterances"] == 2  # only what the annotator labelled
    assert report["micro"]["precision"] == 1.0
    assert report["micro"]["false_negatives"] == len(second.techniques)


def test_the_second_annotators_labelled_every_held_out_utterance_once():
    files = sorted((Path(settings.BASE_DIR) / "tests" / "data" / "agreement").glob("*.yaml"))
    ids = [entry["id"] for path in files for entry in yaml.safe_load(path.read_text("utf-8"))]

    assert sorted(ids) == sorted(utterance.id for utterance in HELD_OUT)


def test_an_annotator_label_outside_the_vocabulary_is_named(tmp_path):
    labels = tmp_path / "annotator.yaml"
    labels.write_text(f"- id: {HELD_OUT[0].id}\n  techniques: [charm]\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"annotator.yaml item 1 .*\['charm'\]"):
        call_command("evaluate_detector", "--split", "test", "--annotator", labels)


def test_a_detection_is_a_frozen_value():
    detection = Detection("apologize", "good_move", 0, 5, 0.9)

    with pytest.raises(AttributeError):
        detection.start = 1  # type: ignore[misc]


# ---------------------------------------------------------------------------- context


PROPOSAL = ContextLine("responder", "We can put the missing pallets on a night courier tonight.")
COMPLAINT = ContextLine("customer", "Half my order never arrived and nobody called.")


def test_a_checkback_needs_something_proposed_before_it():
    asked = "Would that get you out of trouble for Friday?"

    assert "checkback" in techniques(asked, context=[COMPLAINT, PROPOSAL])
    assert "checkback" not in techniques(asked, context=[COMPLAINT])
    assert "checkback" not in techniques("Does that work for you?", context=[])
    assert "checkback" in techniques(
        "We'll refund the £3,260 by 2pm today. Does that work for you?", context=[]
    )


def test_a_checkback_may_ask_about_anything_the_team_put_before_it():
    # Issue 24: the cues find a proposal less often than people make one, so a checkback
    # needs only a line from the team before it, or a statement earlier in the same message.
    offer = ContextLine("responder", "Ana goes through the VAT side with your finance team.")

    assert "checkback" in techniques(
        "Does that work for you?", context=[COMPLAINT, offer, ContextLine("customer", "Fine.")]
    )
    assert "checkback" in techniques(
        "Ana goes through the VAT side with your finance team. Is that what you need?",
        context=[COMPLAINT],
    )
    assert "checkback" not in techniques("Is that what you need?", context=[COMPLAINT])


def test_a_sentence_opening_with_a_number_blames_no_one_called_that():
    # A capitalised word before "missed" may be a colleague's name, but not a number word.
    text = "Two missed windows and not one call from us. I'm sorry, that was handled badly."

    assert "blame_colleague" not in techniques(text)
    assert "blame_colleague" in techniques("Dave missed the slot, not us.")


def test_the_model_never_adds_the_opposite_of_what_the_cues_found():
    assert techniques("That's our fault, not yours.") == {"own_it"}
    assert techniques("You're not wrong.") == {"acknowledge"}
    assert "dismiss" not in techniques("I'm so sorry we let you down.")


def test_without_a_context_a_message_is_read_alone():
    assert "checkback" in techniques("Does that work for you?")


def test_in_the_huddle_only_blame_and_talking_the_customer_down_count():
    assert techniques("Which pallets are still in Daventry?", channel="huddle") == set()
    assert techniques("I'm so sorry, that's on us.", channel="huddle") == set()
    assert techniques("Honestly the warehouse messed up again.", channel="huddle") == {
        "blame_colleague"
    }
    assert "clarify" in techniques("Which pallets are still in Daventry?")


# ---------------------------------------------------------------------------- labelled data


ANNOTATED = """
- id: x-001
  scenario: late-pallets
  channel: room
  context:
    - {speaker: customer, text: "Half my order never arrived and nobody called."}
    - {speaker: responder, text: "We can put the missing pallets on a night courier tonight."}
  text: "Would that get you out of trouble for Friday?"
  techniques: [checkback]
- id: x-002
  scenario: late-pallets
  channel: huddle
  text: "is the driver booked yet?"
  techniques: []
"""


def test_the_annotators_format_is_read_with_its_scenario_channel_and_context(tmp_path):
    path = tmp_path / "annotator.yaml"
    path.write_text(ANNOTATED)

    first, second = read_labelled_utterances(path)

    assert (first.scenario, first.channel, first.techniques) == (
        "late-pallets",
        "room",
        frozenset({"checkback"}),
    )
    assert first.context == (COMPLAINT, PROPOSAL)
    assert (second.channel, second.context) == ("huddle", ())
    assert score_detector([first, second], AS_IN_A_GAME).exact_match == 1.0


def test_the_first_format_is_read_alone_in_the_room():
    first = DEV[0]

    assert (first.scenario, first.channel, first.context) == (None, "room", None)


@pytest.mark.parametrize(
    ("item", "problem"),
    [
        ("- {id: x-1, text: hi}", r"x.yaml item 1: needs id, text and techniques"),
        ("- {id: x-1, text: hi, techniques: [hugging]}", r"\(x-1\): techniques not in the shared"),
        ("- {id: x-1, text: hi, techniques: [], channel: lobby}", "channel must be room or huddle"),
        (
            "- {id: x-1, text: hi, techniques: [], scenario: s, context: [{who: me}]}",
            "each context line is",
        ),
    ],
)
def test_a_malformed_labelled_item_is_named(tmp_path, item, problem):
    path = tmp_path / "x.yaml"
    path.write_text(item)

    with pytest.raises(LabelledDataError, match=problem):
        read_labelled_utterances(path)


def test_each_split_reads_its_file_and_its_folder(tmp_path):
    for name in ("responder_utterances_dev.yaml", "responder_utterances_test.yaml"):
        (tmp_path / name).write_text("- {id: old, text: Sorry., techniques: [apologize]}")
    for folder in ("dev", "heldout"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "annotator.yaml").write_text(ANNOTATED)

    dev = split_utterances("dev", tmp_path)
    held_out = split_utterances("test", tmp_path)

    assert [utterance.id for utterance in dev] == ["old", "x-001", "x-002"]
    assert [utterance.id for utterance in held_out] == ["old", "x-001", "x-002"]
    assert len(split_utterances("all", tmp_path)) == 6


# ---------------------------------------------------------------------------- the model


def test_the_model_adds_what_no_cue_found_spanning_the_message_and_obeys_the_huddle_rule():
    sure_it_is_acknowledging = DetectorModel(
        vocabularies=(), intercepts={"acknowledge": 5.0}, weights={}, threshold=0.5
    )
    text = "The forms are in the blue folder on the left."

    in_the_room = detect_techniques(text, model=sure_it_is_acknowledging)
    in_the_huddle = detect_techniques(text, channel="huddle", model=sure_it_is_acknowledging)

    assert [(d.technique, d.start, d.end) for d in in_the_room] == [("acknowledge", 0, len(text))]
    assert in_the_room[0].confidence == pytest.approx(0.993, abs=0.001)
    assert in_the_huddle == []


def test_a_model_sure_a_cue_misread_the_message_drops_it_unless_the_scenario_says_so():
    sure_it_is_no_apology = DetectorModel(
        vocabularies=(), intercepts={"apologize": -5.0}, weights={}, threshold=0.5, veto=0.1
    )
    hardly_sure = replace(sure_it_is_no_apology, intercepts={"apologize": -1.0})
    text = "I'm so sorry, that was our mistake."
    said_so = [
        entry.model_copy(update={"cues": ["so sorry"]}) if entry.technique == "apologize" else entry
        for entry in LATE_PALLETS.coach.rubric
    ]
    scenario = LATE_PALLETS.model_copy(
        update={"coach": LATE_PALLETS.coach.model_copy(update={"rubric": said_so})}
    )

    assert "apologize" in techniques(text, model=NO_MODEL)
    assert "apologize" not in techniques(text, model=sure_it_is_no_apology)
    assert "apologize" in techniques(text, model=hardly_sure)  # p 0.27: the cue stands
    assert "apologize" in techniques(text, model=sure_it_is_no_apology, scenario=scenario)


def test_a_cue_that_held_against_a_negation_stands_against_the_model():
    # Word order is what n-grams see least: "you're wrong" and "you're not wrong" share theirs.
    sure_it_is_no_correction = DetectorModel(
        vocabularies=(), intercepts={"correct_customer": -5.0}, weights={}, threshold=0.5, veto=0.1
    )

    assert "correct_customer" in techniques(
        "You're wrong about the date.", model=sure_it_is_no_correction
    )


def test_the_plain_python_scorer_gives_exactly_what_scikit_learn_gives():
    pytest.importorskip("sklearn")
    from games.management.commands.train_detector_model import pipeline, train

    sample = DEV[::3]
    texts = [utterance.text for utterance in DEV[1::7]]
    exported = train(sample).model()
    fitted = pipeline().fit([u.text for u in sample], labels(sample))
    _prune_like_the_trainer(fitted)

    expected = fitted.decision_function(texts)
    for row, text in zip(expected, texts, strict=True):
        scores = exported.decision(text)
        assert [scores[t] for t in sorted(SHARED_TECHNIQUES)] == pytest.approx(row, abs=1e-9)


def test_the_shipped_model_is_the_one_the_dev_split_trains():
    pytest.importorskip("sklearn")
    from games.management.commands.train_detector_model import train

    shipped = ModelFile.model_validate_json(MODEL_FILE.read_bytes())

    assert train(DEV) == shipped, (
        "games/engine/detector_model.json is stale: run `python manage.py train_detector_model`"
    )


def test_cross_validation_leaves_each_author_out_and_scores_the_cues_truly_alone():
    pytest.importorskip("sklearn")
    from games.management.commands.train_detector_model import author_of, cross_validate

    first = [u for u in DEV if author_of(u) == "first"][::4]
    annotators = [u for u in DEV if author_of(u) in ("author_a", "author_b")][::2]

    results = cross_validate([*first, *annotators], ((0.5, 0.1),))

    assert author_of(annotators[0]) == "author_a"
    assert set(results) == {"cues", "cues+model@0.5 veto 0.1"}
    assert set(results["cues"]) == {"author_a", "author_b", "pooled", "untuned"}
    only_cues = score_detector(annotators, cues_alone)
    assert results["cues"]["pooled"] == round(only_cues.micro.f1, 4)


NO_MODEL = DetectorModel(vocabularies=(), intercepts={}, weights={}, threshold=1.0)


def cues_alone(utterance):
    return detect_techniques(
        utterance.text,
        scenario=LIBRARY.get(utterance.scenario or ""),
        channel=utterance.channel,
        context=utterance.context,
        model=NO_MODEL,
    )


def labels(utterances):
    return [[int(t in u.techniques) for t in sorted(SHARED_TECHNIQUES)] for u in utterances]


def _prune_like_the_trainer(fitted):
    from games.management.commands.train_detector_model import SMALLEST_WEIGHT

    for _, vectorizer in fitted.named_steps["features"].transformer_list:
        vectorizer.idf_ = vectorizer.idf_.round(4)
    for estimator in fitted.named_steps["classify"].estimators_:
        estimator.coef_[0][abs(estimator.coef_[0]) < SMALLEST_WEIGHT] = 0.0
        estimator.coef_[0][:] = estimator.coef_[0].round(4)
        estimator.intercept_[:] = estimator.intercept_.round(4)
