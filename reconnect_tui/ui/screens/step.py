"""What the runner and the two-screens page share: one step shown, paced and answered.

The runner (one screen, the session here) and the two-screens page (a seat,
through a channel) differ in where the step comes from and where its answer
goes. How the step's widget is put on the page, the calm countdown before
Continue, Enter, and a quiet moment after typing are the same, and live here.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from textual.actions import SkipAction
from textual.binding import Binding
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input

from reconnect_tui.engine import Pacing, Session, Turn
from reconnect_tui.ui.screens.base import PageScreen
from reconnect_tui.ui.terminal import frame_seconds
from reconnect_tui.ui.widgets.base import StepView
from reconnect_tui.ui.widgets.choice_step import ChoiceView
from reconnect_tui.ui.widgets.compare_step import CompareView
from reconnect_tui.ui.widgets.compose_step import ComposeView
from reconnect_tui.ui.widgets.list_step import ItemsView
from reconnect_tui.ui.widgets.pause_step import PauseView, gentle_time
from reconnect_tui.ui.widgets.read_step import ReadView
from reconnect_tui.ui.widgets.scale_step import ScaleView
from reconnect_tui.ui.widgets.summary_step import SummaryView
from reconnect_tui.ui.widgets.text_step import TextView

VIEWS: dict[str, type[StepView]] = {
    "read": ReadView,
    "pause": PauseView,
    "text": TextView,
    "choice": ChoiceView,
    "scale": ScaleView,
    "list": ItemsView,
    "compose": ComposeView,
    "compare": CompareView,
    "summary": SummaryView,
}

SETTLE_SECONDS = 2.0
"""At most this long to wait for the focused field to take the keys sent before Continue."""


class StepScreen(PageScreen[None]):
    """A page that shows one step's widget (``#answer``), with Continue once the wait is over.

    A subclass composes the page (``#page``, ``#answer``, ``#docked``,
    ``#pacing-note``, ``#continue``, ``#reasons``), says where pacing comes from
    (:meth:`pacing`), what a quiet moment after typing is for (:meth:`after_typing`)
    and what Continue does (:meth:`action_continue`).
    """

    DEFAULT_CSS = """
    StepScreen #exercise-title {
        color: $text-muted;
    }
    StepScreen #whose-turn {
        margin: 1 0 0 0;
        color: $secondary;
    }
    StepScreen #step-title {
        text-style: bold;
        margin: 1 0 0 0;
    }
    StepScreen #step-text {
        margin: 0 0 1 0;
    }
    StepScreen #answer {
        height: auto;
    }
    /* As wide as the column: the action bar centres its parts as one block. */
    StepScreen #docked {
        height: auto;
        width: 100%;
        max-width: 72;
    }
    StepScreen #pacing-note {
        color: $text-muted;
        width: auto;
    }
    StepScreen TextArea {
        border: none;
        background: $boost;
        padding: 0 1;
    }
    StepScreen TextArea:focus {
        border: none;
        background: $primary 10%;
    }
    """

    # Priority bindings run as the app reads each key, before the focused field has
    # taken the keys sent just before; each action first lets the field catch up
    # (see settle), so it acts on exactly what was typed before it, and keys sent
    # after it go to the next step.
    BINDINGS = [
        Binding("ctrl+n", "continue", "Continue", priority=True),
        Binding("ctrl+r", "back", "Back", priority=True),
        Binding("enter", "enter", "Continue", show=False, priority=True),
    ]

    TYPING_PAUSE = 0.5
    """Seconds of quiet typing before :meth:`after_typing`; each subclass sets its own."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.view: StepView | None = None
        self._pacing_timer: Timer | None = None
        self._typing_timer: Timer | None = None
        self._waiting = False

    def pacing(self) -> Pacing:
        """The pacing of the step shown, read from the clock now."""
        raise NotImplementedError

    async def after_typing(self) -> None:
        """The person has stopped typing for a moment."""

    # -- showing a step -------------------------------------------------------

    async def clear_step(self) -> None:
        """Take the step's widget off the page, with its timers, countdown and reasons."""
        for timer in (self._pacing_timer, self._typing_timer):
            if timer is not None:
                timer.stop()
        self._pacing_timer = self._typing_timer = None
        self.view = None
        self._waiting = False
        await self.query_one("#answer").remove_children()
        await self.query_one("#docked").remove_children()
        self.say("reasons", "")
        self.say("pacing-note", "")

    async def show_step(self, turn: Turn, session: Session, prefill: Any = None) -> None:
        """Put *turn*'s widget on the page, pace it, and give its answer the focus."""
        # A kind this version does not know is shown as text to read, never a crash.
        view_class = VIEWS.get(turn.step.kind, ReadView)
        self.view = view_class(turn, session, prefill=prefill, id="step-view")
        await self.query_one("#answer").mount(self.view)
        docked = self.view.docked()
        if docked:
            await self.query_one("#docked").mount_all(docked)
        self.refresh_pacing()
        if self._waiting or turn.step.kind == "pause":
            self._pacing_timer = self.set_interval(frame_seconds(self.app), self.refresh_pacing)
        if not self.view.focus_first():
            self.set_focus(self.query_one("#continue" if not self._waiting else "#page"))

    # -- pacing ---------------------------------------------------------------

    def refresh_pacing(self) -> None:
        """Read the clock; Continue appears when the wait is over."""
        if self.view is None:
            return
        pacing = self.pacing()
        was_waiting, self._waiting = self._waiting, pacing.wait > 0
        button = self.query_one("#continue", Button)
        button.display = not self._waiting
        if was_waiting and not self._waiting and self.focused in (None, self.query_one("#page")):
            button.focus()
        # Whole seconds change once a second; the frames between send nothing (see say).
        note = f"No rush · Continue in {gentle_time(pacing.wait)}" if self._waiting else ""
        self.say("pacing-note", note)
        if isinstance(self.view, PauseView):
            self.view.update_pacing(pacing)
        finished = not self._waiting and not (pacing.remaining or 0) > 0
        if finished and self._pacing_timer is not None:
            self._pacing_timer.stop()
            self._pacing_timer = None
        if was_waiting != self._waiting:
            # Only when Continue comes or goes: each refresh redraws the whole footer.
            self.refresh_bindings()

    # -- typing ---------------------------------------------------------------

    def on_step_view_changed(self, event: StepView.Changed) -> None:
        event.stop()
        self.say("reasons", "")
        if self._typing_timer is not None:
            self._typing_timer.stop()
        self._typing_timer = self.set_timer(self.TYPING_PAUSE, self._typing_paused)

    async def _typing_paused(self) -> None:
        self._typing_timer = None
        await self.after_typing()

    # -- keys -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue":
            return self.view is not None and not self._waiting
        if action == "enter":
            # Only in an answer field: elsewhere Enter is the focused part's own.
            return self.view is not None and any(
                field is self.focused for field in self.view.query(Input)
            )
        return True

    async def settle(self) -> None:
        """Wait until the focused widget has taken every key the app sent it before now.

        Keys reach the app in order, but a field takes them from its own queue: in a
        burst (tmux, a slow link) Continue is read before the last words are typed in.
        A callback queued behind those keys runs once they are in. What the field then
        says (a change, which ticks "something else") bubbles up through the widgets
        above it, each with its own queue, so each of those is waited for in turn, up
        to the step's view (not this screen, whose queue may be the one running this).
        """
        focused = self.app.focused
        if focused is None:
            return
        chain = [focused]
        for node in focused.ancestors:
            if node is self or not isinstance(node, Widget):
                break
            chain.append(node)
        for node in chain:
            done = asyncio.Event()
            if node.call_later(done.set):
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(done.wait(), SETTLE_SECONDS)

    async def action_enter(self) -> None:
        """Enter in an answer field, in order with the keys typed before and after it:
        it continues from a one-line answer, and adds the item in a list."""
        focused = self.focused
        view = self.view
        if view is None or not isinstance(focused, Input) or focused not in view.query(Input):
            raise SkipAction()
        await self.settle()
        if view.enter_continues:
            await self.action_continue()
        else:
            await view.enter_pressed(focused)

    async def action_continue(self) -> None:
        raise NotImplementedError

    async def on_step_view_submitted(self, event: StepView.Submitted) -> None:
        event.stop()
        await self.action_continue()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.view is not None and self.view.enter_continues:
            # Enter itself is the priority binding above; this is the same for a
            # Submitted sent some other way.
            event.stop()
            await self.action_continue()
