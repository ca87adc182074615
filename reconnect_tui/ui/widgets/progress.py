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
    share: reactive[float] = reactive(0.0)

    def show_progress(self, number: int, about: int) -> None:
        """Step *number* of about *about* (the engine's estimate, which a branch can change).

        The bar never moves back while the steps go forward: when the estimate
        grows, the bar holds where it was until the steps catch up. Going back a
        step moves it back, as it should.
        """
        about = max(1, about)
        number = min(max(1, number), about)
        share = number / about
        if number > self.number:
            share = max(share, self.share)
        self.about, self.number, self.share = about, number, share

    def render(self) -> Content:
        width = max(4, self.size.width)
        filled = round(width * self.share)
        words = Content(f"Step {self.number} of about {self.about}")
        bar = Content.assemble(
            ("━" * filled, "$primary"), ("─" * (width - filled), "$text-muted 30%")
        )
        return Content("\n").join([words, bar])
