"""Take a break: a calm screen with a breathing guide; resume or leave, nothing lost."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Middle, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from reconnect_tui.ui.screens.base import COVER_CSS
from reconnect_tui.ui.terminal import frame_seconds
from reconnect_tui.ui.widgets.breathing import CALM_RHYTHM, BreathingGuide, phase_at


def kept_words(app: Any) -> str:
    """What is kept, honestly: it depends on the privacy setting and on the store."""
    keeper = getattr(app, "keeper", None)
    if keeper is None:
        return "Everything written so far stays here while the app is open."
    if not keeper.settings.keep_text:
        return (
            "Everything stays here while the app is open; as your settings ask, "
            "only scales and picked options are saved."
        )
    return "Everything written so far is kept."


class BreakScreen(Screen[str]):
    """Dismissed with "resume" or "leave"."""

    DEFAULT_CSS = (
        COVER_CSS
        + """
    BreakScreen .cover BreathingGuide {
        margin: 1 0;
        width: 100%;
    }
    BreakScreen .cover-actions {
        height: auto;
        margin: 1 0 0 0;
    }
    BreakScreen .cover-actions Button {
        min-width: 10;
    }
    """
    )

    def __init__(self, *, together: bool, in_session: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.together = together
        self.in_session = in_session
        self.started = 0.0

    def compose(self) -> ComposeResult:
        ready = "when you are both ready" if self.together else "when you feel ready"
        with Middle(), Center(), Vertical(classes="cover"):
            yield Static("Taking a break", classes="cover-heading")
            yield Static("Stepping away is part of this, not a failure of it.")
            yield BreathingGuide(id="break-breathing")
            # In low-bandwidth mode the guide is a still line of words, not a bar.
            along = "at that pace" if getattr(self.app, "low_bandwidth", False) else "with the bar"
            yield Static(f"Breathe slowly {along}, and come back {ready}.", classes="muted")
            if self.in_session:
                yield Static(kept_words(self.app), classes="muted")
            with Horizontal(classes="cover-actions"):
                yield Button("Resume", id="resume", variant="primary", compact=True)
                if self.in_session:
                    yield Button("Leave for now", id="leave", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.started = self.app.clock()
        self.breathe()
        self.set_interval(frame_seconds(self.app), self.breathe)
        self.query_one("#resume").focus()

    def breathe(self) -> None:
        elapsed = self.app.clock() - self.started
        self.query_one(BreathingGuide).set_moment(*phase_at(CALM_RHYTHM, elapsed))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or "resume")
