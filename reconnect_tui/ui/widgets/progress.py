"""'Step n of about m' with a quiet bar beneath it; no animation."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


class StepProgress(Widget):
    """Where the exercise is, honestly approximate."""

    DEFAULT_CSS = """
    StepProgress {
        height: 2;
        width: 1fr;
        color: $text-muted;
    }
    """

    number: reactive[int] = reactive(1)
    about: reactive[int] = reactive(1)

    def show_progress(self, number: int, about: int) -> None:
        self.about = max(1, about)
        self.number = min(max(1, number), self.about)

    def render(self) -> Content:
        width = max(4, self.size.width)
        filled = round(width * self.number / self.about)
        words = Content(f"Step {self.number} of about {self.about}")
        bar = Content.assemble(
            ("━" * filled, "$primary"), ("─" * (width - filled), "$text-muted 30%")
        )
        return Content("\n").join([words, bar])
