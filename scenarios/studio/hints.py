"""Advice on a valid scenario: what the schema allows but the game will not use as the author
probably means. Plain Python; shown beside the problems, never blocking a save or a publish."""

from scenarios.schema import FieldPath, Scenario


def scenario_hints(scenario: Scenario) -> list[tuple[FieldPath, str]]:
    hints: list[tuple[FieldPath, str]] = []
    taggable = scenario.coach.taggable
    coach = scenario.coach
    cued = {entry.technique for entry in (*coach.rubric, *coach.anti_patterns) if entry.cues}
    for index, technique in enumerate(scenario.techniques):
        if technique.id not in taggable:
            list_name = "rubric" if technique.kind == "good_move" else "anti_patterns"
            hints.append(
                (
                    ("techniques", index, "id"),
                    f"'{technique.id}' is not in coach.{list_name}, so the coach cannot tag it "
                    "and the detector will not suggest it",
                )
            )
        if not technique.cues and technique.id not in cued:
            hints.append(
                (
                    ("techniques", index, "cues"),
                    "without cues the detector cannot find this technique in what is said",
                )
            )
    for index, inject in enumerate(scenario.injects):
        if inject.at_minute is not None and inject.at_minute >= scenario.live_minutes:
            hints.append(
                (
                    ("injects", index, "at_minute"),
                    f"the live phase lasts {scenario.live_minutes} minutes, so this inject will "
                    "not fire on its own",
                )
            )
    return hints
