"""The rules for a player's display name, and when two names would pass for each other.

A name is what everyone else trusts to say who is talking, so it may not claim to be the people
who run the game ("Facilitator"), may not hold invisible or reordering characters (zero-width
and direction marks, games/engine/text.py) and may not be a look-alike of another player's name
("\u0410nn", with a Cyrillic A, beside "Ann"). Look-alikes are found by comparing skeletons, after
Unicode's confusables (UTS #39): each character becomes the letter it is mistaken for.
"""

import functools
import re
import unicodedata

from confusable_homoglyphs.confusables import confusables_data

MAX_NAME_LENGTH = 40
# Names of the roles people trust, in skeleton form. Long ones may not appear anywhere in a
# name; short ones may not be one of its words ("Hostetler" is a name, "The Host" is not).
RESERVED_ANYWHERE = ("facilitator", "moderator", "administrator", "bearcave")
RESERVED_WORDS = ("admin", "host", "system", "server", "staff", "organiser", "organizer")
# Among ASCII characters the confusables pair l, I, 1 and O, 0: each becomes the first of its
# group, as ranked here (a lower-case letter before an upper-case one before a digit).
_PREFERENCE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_MULTI = (("rn", "m"), ("vv", "w"))


def clean_name(name: str) -> str:
    """The name as it is shown: white space collapsed to single spaces."""
    return " ".join(name.split())


def name_problem(name: str) -> str | None:
    """Why `name` cannot be anyone's name, or None when it can."""
    name = clean_name(name)
    if not name:
        return "Enter a name so the others know who you are."
    if len(name) > MAX_NAME_LENGTH:
        return f"A name may be at most {MAX_NAME_LENGTH} characters."
    for character in name:
        if unicodedata.category(character) == "Cf":
            return (
                f"A name may not contain invisible or direction marks (U+{ord(character):04X}, "
                f"{unicodedata.name(character, 'a format character')})."
            )
        if not character.isprintable():
            return "A name may not contain control characters."
    if _claims_a_role(name):
        return f"{name!r} would pass for someone who runs the game; pick your own name."
    return None


def _claims_a_role(name: str) -> bool:
    loose = _loose(name)
    squeezed = re.sub(r"[^a-z0-9]", "", loose)
    words = set(re.findall(r"[a-z0-9]+", loose))
    return any(_loose(word) in squeezed for word in RESERVED_ANYWHERE) or bool(
        words & {_loose(word) for word in RESERVED_WORDS}
    )


def _loose(text: str) -> str:
    """The skeleton, with i and l taken for each other too (upper-case I, l and 1 all look
    alike, and the skeleton of "FACILITATOR" keeps no i)."""
    return name_skeleton(text).replace("i", "l")


def name_skeleton(name: str) -> str:
    """What `name` looks like: two names with one skeleton are taken for each other."""
    text = unicodedata.normalize("NFKC", clean_name(name))
    text = "".join(_prototype(character) for character in text)
    for pair, single in _MULTI:
        text = text.replace(pair, single)
    return text.casefold()


@functools.cache
def _prototype(character: str) -> str:
    """The ASCII letter or digit `character` is taken for, or itself when there is none."""
    candidates = [character] if character in _PREFERENCE else []
    candidates += [
        homoglyph["c"]
        for homoglyph in confusables_data.get(character, [])
        if homoglyph["c"] in _PREFERENCE and len(homoglyph["c"]) == 1
    ]
    return min(candidates, key=_PREFERENCE.index) if candidates else character
