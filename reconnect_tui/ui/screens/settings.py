"""Settings: names, pace, the cursor, colours, and what is kept on disk."""

from __future__ import annotations

from typing import Any

import attrs
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Footer, Input, RadioButton, RadioSet, Static

from reconnect_tui.common.safetext import one_line
from reconnect_tui.progress.settings import MAX_NAME, PACES, Settings
from reconnect_tui.ui.screens.base import PageScreen
from reconnect_tui.ui.widgets.field import Field
from reconnect_tui.ui.widgets.toggles import MarkedCheckbox, MarkedRadio

PACE_WORDS = {
    "gentle": "Slower: longer quiet moments between steps",
    "standard": "Standard",
    "relaxed": "Quicker: shorter waits between steps",
}
"""Each says which way it goes: "Relaxed" read as the slower one."""

TOGGLES = {
    "cursor-blink": "Blinking cursor",
    "keep-text": "Keep what we write, not only that we did it",
}


def toggle_label(name: str, on: bool) -> str:
    """A checkbox's words with its state in words: its colour alone is easy to miss."""
    return f"{TOGGLES[name]}: {'on' if on else 'off'}"


PRIVACY_NOTE = (
    "When this is off, only that you did an exercise and your 1-5 answers are written "
    "to disk. What you type (and any draft) is not: a session left part way can still "
    "be picked up while the app stays open, but after closing it, the words are gone. "
    "This applies from now on; sessions saved before stay as they are, and History "
    "can delete them."
)


class SettingsScreen(PageScreen[Settings | None]):
    """Dismissed with the new settings, or None when nothing is to change."""

    BINDINGS = [Binding("escape,ctrl+r", "cancel", "Back", key_display="^r")]

    DEFAULT_CSS = """
    SettingsScreen Input { margin: 0 0 1 0; }
    SettingsScreen RadioSet, SettingsScreen Checkbox { border: none; margin: 0 0 1 0; }
    """

    def __init__(self, settings: Settings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.settings = settings

    def compose(self) -> ComposeResult:
        settings = self.settings
        names = [*settings.names, "", ""]
        with VerticalScroll(id="page"), Vertical(classes="column"):
            yield Static("Settings", classes="cover-heading")
            yield Static("Names to fill in on Who's here", classes="section")
            for index, placeholder in enumerate(("First name", "Second name")):
                yield Field(
                    names[index],
                    placeholder=placeholder,
                    id=f"name-{index}",
                    max_length=MAX_NAME,
                    classes="quiet-input",
                )
            yield Static("Pace", classes="section")
            with RadioSet(id="pace"):
                for pace in PACES:
                    yield MarkedRadio(PACE_WORDS[pace], settings.pace == pace, id=f"pace-{pace}")
            yield MarkedCheckbox(
                toggle_label("cursor-blink", settings.cursor_blink),
                settings.cursor_blink,
                id="cursor-blink",
            )
            yield Static("What is kept", classes="section")
            yield MarkedCheckbox(
                toggle_label("keep-text", settings.keep_text), settings.keep_text, id="keep-text"
            )
            yield Static(PRIVACY_NOTE, classes="muted")
            yield Static("Colours", classes="section")
            yield Button("Choose a theme…", id="theme", compact=True)
        with Horizontal(classes="action-bar"), Horizontal(id="actions", classes="column"):
            yield Button("Back", id="cancel", compact=True)
            yield Static(classes="spacer")
            yield Button("Save", id="save", variant="primary", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#name-0").focus()

    def chosen(self) -> Settings:
        names = tuple(
            name
            for name in (
                one_line(self.query_one(f"#name-{index}", Input).value, MAX_NAME)
                for index in range(2)
            )
            if name
        )
        pace = next(
            (p for p in PACES if self.query_one(f"#pace-{p}", RadioButton).value),
            self.settings.pace,
        )
        return attrs.evolve(
            self.settings,
            names=names,
            pace=pace,
            cursor_blink=self.query_one("#cursor-blink", Checkbox).value,
            keep_text=self.query_one("#keep-text", Checkbox).value,
        )

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        name = event.checkbox.id or ""
        if name in TOGGLES:
            event.checkbox.label = toggle_label(name, event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.dismiss(self.chosen())
        elif event.button.id == "theme":
            self.app.search_themes()
        else:
            self.dismiss(None)
