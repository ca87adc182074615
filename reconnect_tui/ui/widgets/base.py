"""What every step widget shares: the turn it shows, its answer, a change signal."""

from __future__ import annotations

from typing import Any

from textual.containers import Vertical
from textual.message import Message

from reconnect_tui.engine import Session, Turn
from reconnect_tui.exercises.model import Step


class StepView(Vertical):
    """The answer area for one step kind.

    Subclasses build their controls from ``self.turn`` (``prefill`` holds an
    earlier answer after Back) and return the answer in the shape the engine
    expects from :attr:`value`.
    """

    DEFAULT_CSS = """
    StepView {
        height: auto;
        width: 1fr;
    }
    """

    enter_continues: bool = False
    """Whether Enter in this widget's main field means Continue."""

    class Changed(Message):
        """The answer changed: the runner looks for gentle nudges after a short wait."""

    class Submitted(Message):
        """The person pressed Enter where that means "I'm done": Continue."""

    step: Step
    """The step shown; each kind's view narrows it (the runner picks views by kind)."""

    def __init__(self, turn: Turn, session: Session, *, prefill: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.turn = turn
        self.session = session
        self.step = turn.step
        # An earlier answer or words typed before (any shape the engine takes).
        self.prefill: Any = turn.prefill if prefill is None else prefill

    def docked(self) -> list[Any]:
        """Widgets to keep in view below the page (above Continue) while this step shows."""
        return []

    @property
    def value(self) -> Any:
        """The answer as the engine takes it; ``None`` for steps with nothing to answer."""
        return None

    def focus_first(self) -> bool:
        """Put the cursor where the answer starts; False when there is nothing to focus."""
        for widget in self.query("*"):
            if widget.focusable:
                self.take_focus(widget)
                return True
        return False

    def take_focus(self, widget: Any) -> None:
        """Focus *widget* now, not after the keys already waiting (``focus()`` queues it):
        keys typed right after Continue belong to this step."""
        self.screen.set_focus(widget)

    async def enter_pressed(self, field: Any) -> None:
        """Enter in *field* (an Input of this view), once it holds every key typed before."""
        await field.action_submit()

    def changed(self) -> None:
        self.post_message(self.Changed())
