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


def show(text: str) -> Content:
    """*text* cleaned of control characters, as Content that never parses markup."""
    return Content(clean(str(text)))


def show_line(text: str, limit: int = 0) -> Content:
    """*text* on one line (shortened past *limit* characters), as literal Content."""
    return Content(one_line(str(text), limit))


def join(*parts: Content | str | tuple[str, str]) -> Content:
    """Join pieces; plain strings here are our own words, never outside text."""
    return Content.assemble(*parts)
