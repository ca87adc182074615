"""Make outside text safe to keep and to show.

Everything that comes from a file or a person (titles, prompts, answers,
names, theme names, paths) goes through :func:`clean` before it is kept or
shown.

What is removed: escape sequences whole, in their 7-bit (``ESC [``,
``ESC ]`` …) and 8-bit C1 forms (``CSI`` U+009B, ``OSC`` U+009D, ``DCS``,
``SOS``, ``PM``, ``APC``): the parameters and the payload go with the
introducer, so the text of a window title in an OSC never shows up as
words; then every other control character and the bidirectional controls.

What is kept: the zero-width characters U+200B-U+200D and U+2060. A
terminal does not act on them, and the joiners are part of ordinary
writing (U+200D joins emoji, U+200C is needed in Persian and Indic
scripts). Where an invisible character would mislead (an id, an option
label) the exercise checks refuse it by code point, and warn about it in
prose (see ``exercises/checks/values.py`` and ``docs/authoring.md``).

The UI then wraps the cleaned string in Textual ``Content`` (see
``reconnect_tui.ui.text``), so markup-like text stays literal.

This module imports nothing from Textual: the loader and the CLI use it too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

# Escape sequences: CSI (ESC [ or C1 CSI, then parameters and a final byte),
# OSC / DCS / SOS / PM / APC strings (7-bit or C1 introducer, payload, then BEL
# or ST, or the end of the text), and two-byte ESC sequences. Lone C1 controls
# are caught by the control-character class below.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?                          # CSI, possibly cut short
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x9c|\x1b\\)?  # strings
    | \x1b[ -/]*[0-~]?                                          # other ESC sequences
    """,
    re.VERBOSE,
)

# C0 controls except tab and newline, DEL, C1 controls, and the Unicode
# bidirectional controls that can make text read differently than it is stored.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb\ufeff]"
)


def clean(text: str, *, multiline: bool = True) -> str:
    """Return *text* with escape sequences and control characters removed.

    Tabs become four spaces and Windows or old Mac line endings become ``\\n``.
    With ``multiline=False`` newlines become single spaces too. The result
    holds no character that a terminal would act on, and ``clean`` of a
    cleaned string is the same string.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL.sub("", text)
    text = text.replace("\t", "    ")
    if not multiline:
        text = text.replace("\n", " ")
    return text


def clean_tree(value: Any) -> Any:
    """A copy of plain data (text, numbers, lists, tables) with every string cleaned.

    Keys are cleaned too; lone surrogates become U+FFFD. ``TypeError`` for
    anything else (a date, an object), and for a key that is not text.
    """
    if isinstance(value, str):
        return clean(value).encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple):
        return [clean_tree(item) for item in value]
    if isinstance(value, Mapping):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("a key that is not text")
        return {clean_tree(key): clean_tree(item) for key, item in value.items()}
    raise TypeError(f"a value of an unexpected kind ({type(value).__name__})")


def code_points(text: str) -> str:
    """*text* with each character nobody can see named by its code point: ``a<U+200B>b``.

    The one way a message that quotes text (a problem, a hint) shows what is
    not plainly visible: zero-width characters, joiners, bidirectional and
    other controls, unusual spaces, and line breaks (a message is one line).
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else f"<U+{ord(char):04X}>" for char in text)


def one_line(text: str, limit: int = 0) -> str:
    """Clean *text* onto one line, shortened with an ellipsis past *limit* characters."""
    text = " ".join(clean(text, multiline=False).split())
    if limit and len(text) > limit:
        text = text[: max(limit - 1, 0)].rstrip() + "…"
    return text


NAME_LIMIT = 40
"""The longest a person's name is kept (longer ones are shortened with an ellipsis)."""


def takes_part(person: str, people: Sequence[str]) -> bool:
    """Whether *person* is one of *people* (names match without regard to case)."""
    wanted = one_line(person, NAME_LIMIT).casefold()
    return any(one_line(name, NAME_LIMIT).casefold() == wanted for name in people)
