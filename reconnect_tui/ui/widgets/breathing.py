"""A breathing guide: a bar that grows on the in-breath and shrinks on the out-breath.

In low-bandwidth mode the bar stands still: one line of words gives the
rhythm ("breathe in for 4 · out for 6") and nothing here redraws, so a slow
link carries only the countdown beside it, once a second at most.
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.geometry import Region
from textual.reactive import reactive
from textual.widget import Widget

from reconnect_tui.exercises.model import Rhythm

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


def _seconds(value: float) -> str:
    return f"{value:g}"


def rhythm_words(rhythm: Rhythm) -> str:
    """The rhythm as one still line: "breathe in for 4 · hold for 2 · out for 6"."""
    parts = [f"breathe in for {_seconds(rhythm.inhale)}"]
    if rhythm.hold_in > 0:
        parts.append(f"hold for {_seconds(rhythm.hold_in)}")
    parts.append(f"out for {_seconds(rhythm.exhale)}")
    if rhythm.hold_out > 0:
        parts.append(f"rest for {_seconds(rhythm.hold_out)}")
    return " · ".join(parts)


class BreathingGuide(Widget):
    """The bar and its label. The owner sets ``phase`` and ``fraction`` a few times a second.

    Attributes:
        rhythm: the breathing pattern, for the still cue.
        still: draw the still cue instead of the moving bar: the app's ``low_bandwidth``.
    """

    DEFAULT_CSS = """
    BreathingGuide {
        height: 2;
        width: 48;
        max-width: 100%;
        color: $breath;
    }
    """

    phase: reactive[str] = reactive("in", repaint=False)
    fraction: reactive[float] = reactive(0.0, repaint=False)

    def __init__(self, rhythm: Rhythm = CALM_RHYTHM, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rhythm = rhythm

    @property
    def still(self) -> bool:
        return bool(getattr(self.app, "low_bandwidth", False))

    def set_moment(self, phase: str | None, fraction: float) -> None:
        if self.still:
            return  # nothing moves, so nothing is sent
        phase = phase or "rest"
        width = max(4, self.size.width)
        before = round(fullness(self.phase, self.fraction) * width)
        after = round(fullness(phase, fraction) * width)
        if phase != self.phase:
            self.refresh(Region(0, 1, width, 1))  # the words: only when the phase turns
        if after != before:
            low, high = sorted((before, after))
            self.refresh(Region(low, 0, high - low, 1))  # only the cells that changed
        self.phase = phase
        self.fraction = fraction

    def render(self) -> Content:
        width = max(4, self.size.width)
        if self.still:
            cue = Content(rhythm_words(self.rhythm)).stylize("$breath")
            hint = Content("slowly, at your own pace").stylize("$text-muted")
            return Content("\n").join([cue.center(width), hint.center(width)])
        # Quarter-steps keep the frames few: a small link redraws only on change.
        filled = round(fullness(self.phase, self.fraction) * width)
        bar = Content.assemble(
            ("━" * filled, "$breath"), ("─" * (width - filled), "$text-muted 40%")
        )
        label = Content(WORDS.get(self.phase, "")).stylize("$text-muted")
        return Content("\n").join([bar, label.center(width)])

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return 2
