"""A breathing guide: a bar that grows on the in-breath and shrinks on the out-breath."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from reconnect_tui.model import Rhythm

CALM_RHYTHM = Rhythm(inhale=4, exhale=6)
WORDS = {"in": "breathe in", "hold": "hold gently", "out": "breathe out", "rest": "rest"}


def phase_at(rhythm: Rhythm, elapsed: float) -> tuple[str, float]:
    """Which phase of *rhythm* we are in after *elapsed* seconds, and how far through it."""
    if rhythm.cycle <= 0:
        return "rest", 0.0
    moment = elapsed % rhythm.cycle
    for phase, length in (
        ("in", rhythm.inhale),
        ("hold", rhythm.hold_in),
        ("out", rhythm.exhale),
        ("rest", rhythm.hold_out),
    ):
        if length > 0 and moment < length:
            return phase, moment / length
        moment -= length
    return "rest", 1.0


def fullness(phase: str, fraction: float) -> float:
    """How full the bar is: growing in, full while holding, shrinking out, empty at rest."""
    fraction = min(1.0, max(0.0, fraction))
    return {"in": fraction, "hold": 1.0, "out": 1.0 - fraction}.get(phase, 0.0)


class BreathingGuide(Widget):
    """The bar and its label. The owner sets ``phase`` and ``fraction`` a few times a second."""

    DEFAULT_CSS = """
    BreathingGuide {
        height: 2;
        width: 48;
        max-width: 100%;
    }
    """

    phase: reactive[str] = reactive("in")
    fraction: reactive[float] = reactive(0.0)

    def set_moment(self, phase: str | None, fraction: float) -> None:
        self.phase = phase or "rest"
        self.fraction = fraction

    def render(self) -> Content:
        width = max(4, self.size.width)
        # Quarter-steps keep the frames few: a small link redraws only on change.
        filled = round(fullness(self.phase, self.fraction) * width)
        bar = Content.assemble(
            ("━" * filled, "$accent"), ("─" * (width - filled), "$text-muted 40%")
        )
        label = Content(WORDS.get(self.phase, "")).stylize("$text-muted")
        return Content("\n").join([bar, label.center(width)])

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return 2
