"""Help: the keys, in plain words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reconnect_tui.ui.screens.base import COVER_CSS

KEYS = (
    ("Tab / Shift+Tab", "move between parts"),
    ("Enter", "press the focused button"),
    ("Space", "tick an option"),
    ("Up / Down", "move between options"),
    ("Left / Right", "move along a scale"),
    ("Ctrl+N", "continue"),
    ("Ctrl+R", "go back a step"),
    ("Ctrl+B or F2", "take a break, even mid-typing"),
    ("? or F1", "this help"),
    ("Ctrl+P", "every action, by name"),
    ("Ctrl+Q", "close; what was saved stays saved"),
)


class HelpScreen(ModalScreen[None]):
    """A small window over the current screen."""

    # Its background is in app.tcss: there it wins over the rule for every Screen.
    DEFAULT_CSS = (
        COVER_CSS
        + """
    HelpScreen #help-box {
        max-width: 70;
        max-height: 100%;
    }
    """
    )

    BINDINGS = [
        Binding("question_mark,enter,q", "close", "Close help", priority=True),
    ]

    def compose(self) -> ComposeResult:
        width = max(len(key) for key, _ in KEYS) + 2
        lines = [Content.assemble((key.ljust(width), "bold"), meaning) for key, meaning in KEYS]
        with Middle(), Center(), VerticalScroll(id="help-box", classes="cover"):
            yield Static("Keys", classes="cover-heading")
            yield Static(Content("\n").join(lines), id="help-keys")
            yield Static("The mouse works too. Nothing here needs the Escape key.", classes="muted")
            yield Button("Close", id="close-help", compact=True)

    def on_mount(self) -> None:
        self.query_one("#close-help").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
