"""A scenario as a YAML file, written so that loading it again gives the same scenario.

Plain Python. A valid scenario is written from its validated form, in the schema's field order,
leaving out what is empty or unset (loading fills those in again); a draft that is not valid yet
is written as it stands, so it can be finished in an editor and imported back.
"""

from typing import Any

import yaml

from scenarios.schema import Scenario

HEADER = "# A Bear Cave scenario (docs/scenarios.md explains every field).\n"


class _ScenarioDumper(yaml.SafeDumper):
    """Never writes anchors or aliases (the loader refuses them); text with line breaks as a
    block, so a long brief reads as it was written."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ScenarioDumper.add_representer(str, _text)


def _without_empty(value: Any) -> Any:
    if isinstance(value, dict):
        kept = {key: _without_empty(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item not in (None, [], {})}
    if isinstance(value, list):
        return [_without_empty(item) for item in value]
    return value


def scenario_yaml(document: Any) -> str:
    """The file for `document`: the validated scenario when it is valid, else as it stands."""
    try:
        scenario = Scenario.model_validate(document)
    except ValueError:
        data = document
    else:
        data = _without_empty(scenario.model_dump(mode="json"))
    body = yaml.dump(
        data, Dumper=_ScenarioDumper, sort_keys=False, allow_unicode=True, width=100, indent=2
    )
    return HEADER + body
