"""A pause step: a quiet countdown and, when the step has a rhythm, a breathing guide."""

from __future__ import annotations

import math
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Static

from reconnect_tui.exercises.model import PauseStep
from reconnect_tui.ui.widgets.base import StepView
from reconnect_tui.ui.widgets.breathing import CALM_RHYTHM, BreathingGuide, phase_at


def gentle_time(seconds: float) -> str:
    """Time left in plain words, rounded up so it never says zero too early."""
    whole = max(0, math.ceil(seconds))
    if whole >= 60:
        minutes, rest = divmod(whole, 60)
        return f"{minutes} min {rest:02d} s"
    return f"{whole} s"


class PauseView(StepView):
    """Nothing to type: breathe along, and continue when ready."""

    step: PauseStep  # the runner picks this view for pause steps

    DEFAULT_CSS = """
    PauseView { align-horizontal: center; }
    PauseView BreathingGuide { margin: 1 0; }
    PauseView #pause-left { color: $text-muted; width: 48; max-width: 100%; text-align: center; }
    """

    _left_words = ""

    def compose(self) -> ComposeResult:
        yield BreathingGuide(self.step.rhythm or CALM_RHYTHM, id="breathing")
        yield Static("", id="pause-left")

    def on_mount(self) -> None:
        self.update_pacing(self.session.pacing())

    def update_pacing(self, pacing: Any) -> None:
        """Show the moment the engine reports; called a few times a second by the runner."""
        guide = self.query_one(BreathingGuide)
        if pacing.phase is not None:
            guide.set_moment(pacing.phase, pacing.phase_fraction)
        else:
            # No rhythm in the file: a slow, even breath still helps.
            total = pacing.pause or 0.0
            elapsed = total - (pacing.remaining or 0.0)
            guide.set_moment(*phase_at(self.step.rhythm or CALM_RHYTHM, elapsed))
        if pacing.remaining:
            words = f"{gentle_time(pacing.remaining)} of quiet left"
        else:
            words = "That's the pause. Continue whenever you're ready."
        if words != self._left_words:
            # Only a changed line is redrawn: whole seconds, never more often.
            self._left_words = words
            self.query_one("#pause-left", Static).update(words)
