"""Small dialogs: a yes/no question, and one line of words (a file name, a promise)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from reconnect_tui.ui.widgets.field import Field

DIALOG_CSS = """
ConfirmDialog, AskDialog {
    align: center middle;
    background: $background 60%;
}
ConfirmDialog > Vertical, AskDialog > Vertical {
    width: 64;
    max-width: 100%;
    height: auto;
    padding: 1 2;
    border: round $primary 40%;
    background: $surface;
}
ConfirmDialog .dialog-actions, AskDialog .dialog-actions {
    height: auto;
    margin: 1 0 0 0;
}
ConfirmDialog Button, AskDialog Button {
    margin: 0 2 0 0;
}
AskDialog Input.quiet-input {
    margin: 1 0 0 0;
    border: none;
    height: 1;
    padding: 0 1;
    background: $boost;
}
AskDialog Input.quiet-input:focus {
    background: $primary 15%;
}
"""


class ConfirmDialog(ModalScreen[bool]):
    """A question with a safe default: Escape, or the focused first button, says no."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("escape,n", "no", "Keep it", key_display="n")]

    def __init__(self, question: Content, *, yes: str, no: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="question")
            with Horizontal(classes="dialog-actions"):
                yield Button(self.no, id="no", variant="primary", compact=True)
                yield Button(self.yes, id="yes", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no").focus()

    def action_no(self) -> None:
        self.dismiss(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")


class AskDialog(ModalScreen[str | None]):
    """One line of words; Enter or the button gives them, Escape gives None."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("escape,ctrl+r", "cancel", "Never mind", key_display="^r")]

    def __init__(
        self,
        question: Content | str,
        *,
        value: str = "",
        placeholder: str = "",
        ok: str = "OK",
        cancel: str = "Never mind",
        max_length: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.question, self.value, self.placeholder = question, value, placeholder
        self.ok, self.cancel, self.max_length = ok, cancel, max_length

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="question")
            yield Field(
                self.value,
                placeholder=self.placeholder,
                id="answer",
                max_length=self.max_length,
                classes="quiet-input",
            )
            with Horizontal(classes="dialog-actions"):
                yield Button(self.ok, id="ok", variant="primary", compact=True)
                yield Button(self.cancel, id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.query_one(Input).value if event.button.id == "ok" else None)
