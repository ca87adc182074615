"""The list behind the quiet notice: what could not be read in custom exercise files."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Footer, Static

from reconnect_tui.ui.screens.base import PageScreen
from reconnect_tui.ui.wording import problem_line


class ProblemsScreen(PageScreen[None]):
    """Each problem as ``file:line: message``; the exercises that loaded still work."""

    DEFAULT_CSS = """
    ProblemsScreen #problem-list {
        margin: 1 0;
        height: auto;
    }
    ProblemsScreen .problem {
        margin: 0 0 1 0;
    }
    """

    BINDINGS = [Binding("escape,b", "back", "Back", key_display="b")]

    def __init__(self, problems: tuple[Any, ...], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problems = problems

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="page"), Vertical(classes="column"):
            yield Static("Files that need a look", classes="cover-heading")
            yield Static(
                "These files were set aside; everything else works as usual. "
                "Running 'reconnect validate' shows the same list.",
                classes="muted",
            )
            with Vertical(id="problem-list"):
                for problem in self.problems:
                    yield Static(problem_line(problem), classes="problem")
            yield Button("Back to the list", id="back-home", variant="primary", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#back-home").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_back()

    def action_back(self) -> None:
        self.dismiss(None)
