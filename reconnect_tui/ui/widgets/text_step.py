"""A text step: one line (Input) or several (TextArea), without heavy borders."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, TextArea

from reconnect_tui.common.safetext import one_line
from reconnect_tui.engine import Session, Turn
from reconnect_tui.exercises.model import TextStep
from reconnect_tui.ui.text import show
from reconnect_tui.ui.widgets.base import StepView
from reconnect_tui.ui.widgets.field import AnswerArea, Field


class TextView(StepView):
    """Free text; Enter continues on a single line, makes a new line in a longer answer."""

    step: TextStep  # the runner picks this view for text steps

    DEFAULT_CSS = """
    TextView TextArea {
        height: 6;
        min-height: 4;
    }
    """

    def __init__(self, turn: Turn, session: Session, **kwargs: Any) -> None:
        super().__init__(turn, session, **kwargs)
        self.enter_continues = not self.step.multiline

    def compose(self) -> ComposeResult:
        start = self.prefill if isinstance(self.prefill, str) else ""
        if self.step.multiline:
            yield AnswerArea(
                start,
                soft_wrap=True,
                show_line_numbers=False,
                tab_behavior="focus",
                id="answer-text",
                placeholder=show(self.step.placeholder or "As many lines as you like."),
            )
        else:
            yield Field(
                start,
                placeholder=one_line(self.step.placeholder) or "A few words are enough.",
                max_length=self.step.max_length or 0,
                id="answer-text",
                classes="quiet-input",
            )

    @property
    def value(self) -> str:
        if self.step.multiline:
            return self.query_one(TextArea).text
        return self.query_one(Input).value

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.changed()
