"""What several screens share: the page with its action bar, and the cover box.

Their rules live here, not in ``app.tcss``, so that starting the app reads
only what Home needs: Textual parses a screen's ``DEFAULT_CSS`` when the screen
is first shown, and adds it to the stylesheet without re-reading the rest.
(A screen's ``CSS`` or ``CSS_PATH`` would re-read every source: not used.)

Rules in ``DEFAULT_CSS`` rank below every rule in ``app.tcss``, and among
default rules by specificity: where Textual's own widgets style a state (say
``RadioSet:focus``), the rule here names that state too, so it still wins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.screen import Screen, ScreenResultType
from textual.widgets import Static

from reconnect_tui.ui.text import join, show

if TYPE_CHECKING:
    from textual import getters

    # For the type only: the app imports the screens.
    from reconnect_tui.ui.app import ReconnectApp


class PageScreen(Screen[ScreenResultType]):
    """A column of words that scrolls (``#page``), with its buttons docked below it.

    Who's here, the runner, the end, settings, the problems list and a saved
    session are pages.
    """

    if TYPE_CHECKING:
        # What mypy knows of ``self.app``: ours, with its sessions and screens.
        app = getters.app(ReconnectApp)

    DEFAULT_CSS = """
    PageScreen #page {
        align-horizontal: center;
        height: 1fr;
        padding: 1 2;
    }
    PageScreen .section {
        margin: 1 0 0 0;
        text-style: bold;
    }
    /* What is missing before moving on. */
    PageScreen #reasons, PageScreen .reasons {
        color: $warning 80%;
        margin: 1 0 0 0;
    }
    /* A single underline-free field: borders would redraw on every key over SSH. */
    PageScreen Input.quiet-input {
        border: none;
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    PageScreen Input.quiet-input:focus {
        background: $primary 15%;
    }
    PageScreen RadioSet, PageScreen RadioSet:focus {
        border: none;
    }
    PageScreen RadioSet {
        background: transparent;
        margin: 0 0 1 0;
    }
    /* Docked, so the buttons stay in view however long the page is. */
    PageScreen .action-bar {
        dock: bottom;
        height: auto;
        align-horizontal: center;
        padding: 0 2;
    }
    PageScreen .action-bar #actions {
        height: auto;
        margin: 0 0 1 0;
    }
    PageScreen #actions Button {
        margin: 0 2 0 0;
        min-width: 10;
    }
    PageScreen #actions .spacer {
        width: 1fr;
        height: 1;
    }
    """

    def say(self, name: str, content: Content | str) -> None:
        """Put words in the line ``#name``: unchanged words cost no repaint, none take no room."""
        line = self.query_one(f"#{name}", Static)
        if type(line.content) is not type(content) or line.content != content:
            line.update(content)  # not when unchanged (reasons cleared on every key): no layout
        line.display = bool(content.plain if isinstance(content, Content) else content)

    def show_reasons(self, reasons: tuple[str, ...]) -> None:
        """Why the step cannot be left yet, in the line ``#reasons``, brought into view."""
        heading = Content(
            "Just one thing before moving on:"
            if len(reasons) == 1
            else "A couple of things before moving on:"
        )
        lines = [heading, *[join("  • ", show(reason)) for reason in reasons]]
        self.say("reasons", Content("\n").join(lines))
        self.query_one("#reasons").scroll_visible()


COVER_CSS = """
.cover {
    width: 100%;
    max-width: 60;
    height: auto;
    padding: 1 2;
    border: round $primary 40%;
    background: $surface;
    align-horizontal: center;
}
.cover > Static {
    width: 100%;
}
.cover Button {
    margin: 1 0 0 0;
}
"""
"""The box in the middle of a cover: hand-off, break and help.

Each of those screens starts its ``DEFAULT_CSS`` with this, and Textual scopes
each rule to that screen (``.cover`` is read as ``HandoffScreen .cover``).
Help is a modal screen, so the three cannot share one base class.
"""
