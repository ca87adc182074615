"""A scale step: a row of numbers, chosen with the arrow keys, digits or the mouse."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from reconnect_tui.exercises.model import ScaleStep
from reconnect_tui.ui.text import show
from reconnect_tui.ui.widgets.base import StepView


class ScaleRow(Widget, can_focus=True):
    """The numbers from low to high; the chosen one is marked."""

    DEFAULT_CSS = """
    ScaleRow {
        height: 1;
        width: auto;
        padding: 0 1;
    }
    ScaleRow:focus {
        background: $boost;
    }
    """

    BINDINGS = [
        Binding("left", "step(-1)", "Lower", show=False),
        Binding("right", "step(1)", "Higher", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(1)", show=False),
        Binding("enter", "submit", "Continue", show=False),
    ]

    chosen: reactive[int | None] = reactive(None)

    def __init__(self, low: int, high: int, chosen: int | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.low, self.high = low, high
        self.cell = max(len(str(low)), len(str(high))) + 3
        self.set_reactive(ScaleRow.chosen, chosen)

    def render(self) -> Content:
        parts: list[tuple[str, str] | str] = []
        for number in range(self.low, self.high + 1):
            label = str(number).center(self.cell - 2)
            if number == self.chosen:
                parts.append((f"[{label}]", "bold reverse"))
            else:
                parts.append(f" {label} ")
        return Content.assemble(*parts)

    def get_content_width(self, container: Any, viewport: Any) -> int:
        return self.cell * (self.high - self.low + 1)

    def action_step(self, offset: int) -> None:
        start = self.chosen if self.chosen is not None else (self.low + self.high) // 2 - offset
        self.chosen = min(self.high, max(self.low, start + offset))

    def action_jump(self, end: int) -> None:
        self.chosen = self.high if end else self.low

    def action_submit(self) -> None:
        self.post_message(StepView.Submitted())

    def on_key(self, event: events.Key) -> None:
        # Digits pick directly when the whole scale fits in single digits.
        if event.character and event.character.isdigit() and self.high <= 9:
            number = int(event.character)
            if self.low <= number <= self.high:
                self.chosen = number
                event.stop()

    def on_click(self, event: events.Click) -> None:
        position = (event.x - 1) // self.cell
        if 0 <= position <= self.high - self.low:
            self.chosen = self.low + position
            self.focus()

    def watch_chosen(self) -> None:
        if isinstance(self.parent, StepView):
            self.parent.changed()


class ScaleView(StepView):
    """A whole number in a labelled range."""

    step: ScaleStep  # the runner picks this view for scale steps

    DEFAULT_CSS = """
    ScaleView .scale-labels {
        color: $text-muted;
        height: auto;
    }
    """

    def compose(self) -> ComposeResult:
        start = self.prefill if isinstance(self.prefill, int) else self.step.default
        yield ScaleRow(self.step.min, self.step.max, start, id="scale")
        low, high = self.step.words(self.step.min), self.step.words(self.step.max)
        if low or high:
            yield Static(
                Content.assemble(
                    (f"{self.step.min}", "bold"),
                    " = ",
                    show(low or "…"),
                    "    ",
                    (f"{self.step.max}", "bold"),
                    " = ",
                    show(high or "…"),
                ),
                classes="scale-labels",
            )

    @property
    def value(self) -> int | None:
        return self.query_one(ScaleRow).chosen
