"""The one way outside text reaches the screen.

Titles, prompts, answers, names and paths come from files or people. Textual
parses markup in plain strings given to ``Static``, ``Label``, ``notify``,
button and option labels and border titles, so "[/]" could crash the app and
"[@click=app.quit]" would become a live action. ``Content`` built from a
cleaned string is always shown literally.
"""

from __future__ import annotations

from textual.content import Content

from reconnect_tui.common.safetext import clean, one_line
from reconnect_tui.exercises.prose import Line, parse

_STYLES = {"em": "italic", "strong": "bold"}


def show(text: str) -> Content:
    """*text* cleaned of control characters, as Content that never parses markup."""
    return Content(clean(str(text)))


def show_line(text: str, limit: int = 0) -> Content:
    """*text* on one line (shortened past *limit* characters), as literal Content."""
    return Content(one_line(str(text), limit))


def join(*parts: Content | str | tuple[str, str]) -> Content:
    """Join pieces; plain strings here are our own words, never outside text."""
    return Content.assemble(*parts)


def show_prose(lines: tuple[Line, ...] | str) -> Content:
    """Exercise text with its bullets and emphasis (``exercises/prose.py``) as Content.

    Only our own parser reads the text; each span is cleaned and kept literal,
    so ``[b]`` or ``$var`` in it is shown exactly as written.
    """
    if isinstance(lines, str):
        lines = parse(clean(lines))
    shown = []
    for line in lines:
        parts = [
            Content(clean(span.text)).stylize(_STYLES[span.style])
            if span.style
            else Content(clean(span.text))
            for span in line.spans
        ]
        if line.bullet:
            parts.insert(0, Content("• "))
        shown.append(Content("").join(parts))
    return Content("\n").join(shown)
