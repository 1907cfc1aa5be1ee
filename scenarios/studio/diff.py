"""A readable difference between two scenario documents, field by field.

Plain Python. Each change names its field path as the loader does
(`customer.hot_buttons[1].trigger`) with the value before and after. Lists are lined up with
difflib, so an entry inserted at the top reads as one addition, not as every entry changed.
"""

import difflib
import json
from dataclasses import dataclass
from typing import Any, Literal

from scenarios.schema import FieldPath, format_field_path

ChangeKind = Literal["added", "removed", "changed"]

# The field that names an entry of a list, for a one-line summary of an added or removed one.
_NAMING_FIELDS = ("id", "function", "technique", "title", "label", "trigger", "fact", "description")
_SHORT = 120


@dataclass(frozen=True)
class Change:
    path: str
    kind: ChangeKind
    before: Any = None
    after: Any = None

    @property
    def text(self) -> str:
        """`customer.hot_buttons[1].trigger: 'X' → 'Y'`, `injects[2]: added (id: bank-calls)`."""
        if self.kind == "changed":
            return f"{self.path}: {describe(self.before)} → {describe(self.after)}"
        value = self.after if self.kind == "added" else self.before
        return f"{self.path}: {self.kind} {describe(value)}"


def describe(value: Any) -> str:
    """A value in a few words: text quoted (and cut short), an entry by the field naming it."""
    if isinstance(value, str):
        return repr(value if len(value) <= _SHORT else value[: _SHORT - 1] + "…")
    if isinstance(value, dict):
        for name in _NAMING_FIELDS:
            if isinstance(value.get(name), str | int):
                return f"({name}: {describe(value[name]).strip(chr(39))})"
        return "{…}" if value else "{}"
    if isinstance(value, list):
        return f"[{len(value)} entries]" if value else "[]"
    return json.dumps(value)


def document_diff(before: Any, after: Any) -> list[Change]:
    """Every difference between two documents, in the order of the fields."""
    return list(_diff(before, after, ()))


def _diff(before: Any, after: Any, path: FieldPath) -> list[Change]:
    if isinstance(before, dict) and isinstance(after, dict):
        keys = [*after, *(key for key in before if key not in after)]
        changes: list[Change] = []
        for key in keys:
            where = (*path, key)
            if key not in before:
                changes.append(Change(format_field_path(where), "added", after=after[key]))
            elif key not in after:
                changes.append(Change(format_field_path(where), "removed", before=before[key]))
            else:
                changes += _diff(before[key], after[key], where)
        return changes
    if isinstance(before, list) and isinstance(after, list):
        return _list_diff(before, after, path)
    if before == after and type(before) is type(after):
        return []
    return [Change(format_field_path(path), "changed", before=before, after=after)]


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _list_diff(before: list[Any], after: list[Any], path: FieldPath) -> list[Change]:
    matcher = difflib.SequenceMatcher(
        a=[_canonical(item) for item in before],
        b=[_canonical(item) for item in after],
        autojunk=False,
    )
    changes: list[Change] = []
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if operation == "equal":
            continue
        paired = min(a_end - a_start, b_end - b_start)
        # An entry edited in place: its fields' changes, not "removed" and "added".
        for offset in range(paired):
            changes += _diff(
                before[a_start + offset], after[b_start + offset], (*path, b_start + offset)
            )
        changes += [
            Change(format_field_path((*path, index)), "removed", before=before[index])
            for index in range(a_start + paired, a_end)
        ]
        changes += [
            Change(format_field_path((*path, index)), "added", after=after[index])
            for index in range(b_start + paired, b_end)
        ]
    return changes
