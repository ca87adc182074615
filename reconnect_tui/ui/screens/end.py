"""The end: a short, warm closing and the answers gathered in one card."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Static

from reconnect_tui.engine import Session
from reconnect_tui.ui.screens.base import PageScreen
from reconnect_tui.ui.text import show
from reconnect_tui.ui.widgets.summary_step import AnswerCard, people_names


class EndScreen(PageScreen[None]):
    """Shown when the engine says the session is finished."""

    DEFAULT_CSS = """
    EndScreen #thanks {
        margin: 0 0 1 0;
    }
    """

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session

    def compose(self) -> ComposeResult:
        together = self.session.mode == "together"
        thanks = (
            "Thank you both for making this time. Showing up for each other, even briefly, matters."
            if together
            else "Thank you for making this time for yourself. Small steps count."
        )
        with VerticalScroll(id="page"), Vertical(classes="column"):
            yield Static("That's the end of this one", classes="cover-heading")
            yield Static(show(self.session.exercise.title), classes="muted")
            yield Static(thanks, id="thanks")
            yield AnswerCard(self.session.summary(), people_names(self.session), id="end-card")
        with Horizontal(classes="action-bar"), Horizontal(id="actions", classes="column"):
            yield Button("Back to the list", id="home", variant="primary", compact=True)
            yield Button("Close", id="close", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(AnswerCard).border_title = "What you gathered"
        self.query_one("#home").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "close":
            self.app.exit(0)
        else:
            self.app.go_home()
