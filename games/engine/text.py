"""What player text may hold: the characters refused in every command and in names.

NUL cannot be stored by PostgreSQL. The bidirectional embedding, override and isolate controls
(U+202A-U+202E, U+2066-U+2069) change the order in which the text *around* them is displayed:
a right-to-left override makes "gpj.exe" read as "exe.jpg" and, left open, runs on into the
next name or message on the screen. Text in right-to-left scripts needs none of them (the
browser orders Arabic or Hebrew by itself), so they are refused with a message saying which
character it was, rather than silently removed: the sender learns what happened, and what is
stored is what they typed.
"""

import unicodedata

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def text_problem(text: str) -> str | None:
    """Why `text` is refused, or None when it is fine."""
    if "\x00" in text:
        return "Text may not contain NUL characters."
    for character in text:
        if character in BIDI_CONTROLS:
            return (
                f"Text may not contain the bidirectional control U+{ord(character):04X} "
                f"({unicodedata.name(character)}): it reorders the text around it."
            )
    return None
