"""The hand-off cover: the screen is blank but for who should take the keyboard next."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from reconnect_tui.ui.screens.base import COVER_CSS
from reconnect_tui.ui.text import join, show


class HandoffScreen(Screen[None]):
    """Covers the whole terminal so nothing written privately stays in view."""

    DEFAULT_CSS = COVER_CSS

    BINDINGS = [Binding("enter", "ready", "Ready", priority=True)]

    def __init__(
        self,
        name: str,
        *,
        ready: Callable[[], Awaitable[None]] | None = None,
        passes: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.person = name or "your partner"
        self.ready = ready
        # False: the keyboard stays where it is, but a private step begins.
        self.passes = passes

    def compose(self) -> ComposeResult:
        with Middle(), Center(), Vertical(classes="cover"):
            if self.passes:
                yield Static("Time to swap", classes="cover-heading")
                yield Static(
                    join("Please pass the keyboard to ", show(self.person).stylize("bold"), ".")
                )
            else:
                yield Static(join("Just for ", show(self.person)), classes="cover-heading")
                yield Static(
                    join(
                        "The next part is for ",
                        show(self.person).stylize("bold"),
                        " alone. Anyone else at the screen could look away for a moment.",
                    )
                )
            yield Static(
                join("Press Enter when ", show(self.person), " is ready."),
                classes="muted",
            )
            yield Button("Ready", id="ready", variant="primary", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#ready").focus()

    async def action_ready(self) -> None:
        # Enter is a priority binding, so this runs as the app reads the key: the
        # next step is on screen, and focused, before the app reads the key after it.
        self.dismiss(None)
        if self.ready is not None:
            await self.ready()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_ready()
