"""Help: the keys, in plain words."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from reconnect_tui import support
from reconnect_tui.ui.screens.base import COVER_CSS

EVERYWHERE = (
    ("Tab / Shift+Tab", "move between parts"),
    ("Enter", "press the focused button"),
    ("Ctrl+P", "every action, by name"),
    ("Ctrl+Q", "close; what was saved stays saved"),
)
"""Keys every screen has, said once; the rest are read from the screen being helped."""

SAID_IN_EVERYWHERE = {"quit", "focus_next_now", "focus_previous_now", "press_button"}
"""Our own actions for keys that ``EVERYWHERE`` already names (Ctrl+Q, Tab, Shift+Tab, Enter)."""

OURS = "reconnect_tui."


def keys_for(screen: Screen[Any]) -> list[tuple[str, str]]:
    """(keys, meaning) for what works on *screen* now, with what is focused on it.

    Read from the bindings in force there (the screen's, the focused part's and
    the app's), so each screen's help lists its own keys and nothing else.
    """
    found: dict[str, list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not active.enabled or binding.action not in _our_actions(active.node):
            continue
        if binding.action in SAID_IN_EVERYWHERE:
            continue  # said below, in words
        meaning = (binding.description or binding.action.replace("_", " ")).lower()
        shown = screen.app.get_key_display(binding) if binding.key_display else key
        shown = KEY_WORDS.get(shown, shown)
        keys = found.setdefault(meaning, [])
        if shown not in keys:
            keys.append(shown)
    return [(" / ".join(keys), meaning) for meaning, keys in found.items()] + list(EVERYWHERE)


def _our_actions(node: Any) -> set[str]:
    """Actions bound in our own classes' BINDINGS (not the ones Textual's widgets bring)."""
    return {
        (item.action if isinstance(item, Binding) else item[1])
        for cls in type(node).__mro__
        if cls.__module__.startswith(OURS)
        for item in cls.__dict__.get("BINDINGS", [])
    }


KEY_WORDS = {
    "ctrl+n": "Ctrl+N",
    "ctrl+r": "Ctrl+R",
    "^n": "Ctrl+N",
    "^r": "Ctrl+R",
    "^b/F2": "Ctrl+B or F2",
    "^g/F3": "Ctrl+G or F3",
    "f1": "F1",
    "question_mark": "?",
    "down": "Down",
    "up": "Up",
    "left": "Left",
    "right": "Right",
    "enter": "Enter",
    "space": "Space",
    "escape": "Escape",
    "home": "Home",
    "end": "End",
    "delete": "Delete",
}


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
    HelpScreen #help-support {
        margin: 1 0 0 0;
    }
    """
    )

    BINDINGS = [
        Binding("question_mark,enter,q", "close", "Close help", priority=True),
    ]

    @classmethod
    def about(cls, screen: Screen[Any]) -> HelpScreen:
        """Help with the keys of *screen* and the part focused on it."""
        return cls(keys_for(screen))

    def __init__(self, keys: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.keys = keys if keys is not None else list(EVERYWHERE)

    def compose(self) -> ComposeResult:
        width = max(len(key) for key, _ in self.keys) + 2
        lines = [
            Content.assemble((key.ljust(width), "bold"), meaning) for key, meaning in self.keys
        ]
        with Middle(), Center(), VerticalScroll(id="help-box", classes="cover"):
            yield Static("Keys", classes="cover-heading")
            yield Static(Content("\n").join(lines), id="help-keys")
            yield Static("The mouse works too. Nothing here needs the Escape key.", classes="muted")
            yield Static(Content(support.DOOR), id="help-support", classes="muted")
            yield Button("Close", id="close-help", compact=True)

    def on_mount(self) -> None:
        self.query_one("#close-help").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
