"""Make outside text safe to keep and to show.

Everything that comes from a file or a person (titles, prompts, answers,
names, theme names, paths) goes through :func:`clean` before it is kept or
shown. The UI then wraps the cleaned string in Textual ``Content`` (see
``reconnect_tui.ui.text``), so markup-like text stays literal.

This module imports nothing from Textual: the loader and the CLI use it too.
"""

from __future__ import annotations

import re

# Escape sequences: CSI (ESC [ ... final), OSC / DCS / SOS / PM / APC strings
# (ESC ] ... BEL or ST), and two-byte ESC sequences. Their 8-bit C1 forms are
# caught by the control-character class below.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?          # CSI, possibly cut short
    | \x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?   # OSC, DCS, SOS, PM, APC
    | \x1b[ -/]*[0-~]?                # other ESC sequences
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


def has_control(text: str) -> bool:
    """True when *text* holds anything :func:`clean` would remove or change."""
    return clean(text) != text


def one_line(text: str, limit: int = 0) -> str:
    """Clean *text* onto one line, shortened with an ellipsis past *limit* characters."""
    text = " ".join(clean(text, multiline=False).split())
    if limit and len(text) > limit:
        text = text[: max(limit - 1, 0)].rstrip() + "…"
    return text
