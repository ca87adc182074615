"""Take a break: a calm screen with a breathing guide; resume, leave or read support."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Middle, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from reconnect_tui.progress.settings import Settings
from reconnect_tui.ui.screens.base import COVER_CSS
from reconnect_tui.ui.terminal import frame_seconds
from reconnect_tui.ui.widgets.breathing import CALM_RHYTHM, BreathingGuide, phase_at

if TYPE_CHECKING:
    from textual import getters

    # For the type only: the app imports the screens.
    from reconnect_tui.ui.app import ReconnectApp


def kept_words(settings: Settings | None) -> str:
    """What is kept, honestly: it depends on the privacy *settings* (None: nothing is saved)."""
    if settings is None:
        return "Everything written so far stays here while the app is open."
    if not settings.keep_text:
        return (
            "Everything stays here while the app is open; as your settings ask, "
            "only scales and picked options are saved."
        )
    return "Everything written so far is kept."


class BreakScreen(Screen[str]):
    """Dismissed with "resume" or "leave"."""

    breaking = True  # the app hides its break key here

    if TYPE_CHECKING:
        app = getters.app(ReconnectApp)

    DEFAULT_CSS = (
        COVER_CSS
        + """
    BreakScreen .cover BreathingGuide {
        margin: 1 0;
        width: 100%;
    }
    BreakScreen #break-support {
        margin: 1 0 0 0;
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
            along = "at that pace" if self.app.low_bandwidth else "with the bar"
            yield Static(f"Breathe slowly {along}, and come back {ready}.", classes="muted")
            if self.in_session:
                keeper = self.app.keeper
                settings = keeper.settings if keeper is not None else None
                yield Static(kept_words(settings), classes="muted")
            yield Static(
                "Support shows where to find help from outside; nothing about it is saved.",
                id="break-support",
                classes="muted",
            )
            with Horizontal(classes="cover-actions"):
                yield Button("Resume", id="resume", variant="primary", compact=True)
                if self.in_session:
                    yield Button("Leave for now", id="leave", compact=True)
                yield Button("Support", id="support", compact=True)
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
        if event.button.id == "support":
            # Over the break, not instead of it: going back finds the break as it was,
            # and the session is told nothing.
            self.app.action_support()
            return
        self.dismiss(event.button.id or "resume")
