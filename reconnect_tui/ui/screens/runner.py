"""The runner: one step at a time, at a calm pace, with hand-offs between partners."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from typing import Any

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static

from reconnect_tui.engine import Session, Turn
from reconnect_tui.exercises import comeback
from reconnect_tui.ui.screens.base import PageScreen
from reconnect_tui.ui.screens.handoff import HandoffScreen
from reconnect_tui.ui.terminal import frame_seconds
from reconnect_tui.ui.text import join, show, show_prose
from reconnect_tui.ui.widgets.base import StepView
from reconnect_tui.ui.widgets.choice_step import ChoiceView
from reconnect_tui.ui.widgets.compare_step import CompareView
from reconnect_tui.ui.widgets.compose_step import ComposeView
from reconnect_tui.ui.widgets.list_step import ItemsView
from reconnect_tui.ui.widgets.pause_step import PauseView, gentle_time
from reconnect_tui.ui.widgets.progress import StepProgress
from reconnect_tui.ui.widgets.read_step import ReadView
from reconnect_tui.ui.widgets.saving import SavingBanner
from reconnect_tui.ui.widgets.scale_step import ScaleView
from reconnect_tui.ui.widgets.summary_step import SummaryView
from reconnect_tui.ui.widgets.text_step import TextView
from reconnect_tui.ui.wording import day_words

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


NUDGE_DELAY = 0.5
"""Seconds of quiet typing before looking for nudges."""

SETTLE_SECONDS = 2.0
"""At most this long to wait for the focused field to take the keys sent before Continue."""


def whose_turn(session: Session, turn: Turn) -> Content:
    """A short line saying who this step is for."""
    if session.mode != "together":
        name = session.people[0].name if session.people else ""
        return join("Just for you, ", show(name)) if name else Content("")
    if turn.actor is None:
        return Content("For both of you, together")
    line = join(show(turn.actor_name).stylize("bold"), "'s turn")
    if turn.role:
        line = join(line, " · ", show(turn.role))
    return line


class RunnerScreen(PageScreen[None]):
    """Shows the engine's current turn and hands the answer back."""

    DEFAULT_CSS = """
    RunnerScreen #exercise-title {
        color: $text-muted;
    }
    RunnerScreen #whose-turn {
        margin: 1 0 0 0;
        color: $secondary;
    }
    /* Whose turn it is, in that partner's own colour from the theme. */
    RunnerScreen #whose-turn.-partner-a {
        color: $partner-a;
    }
    RunnerScreen #whose-turn.-partner-b {
        color: $partner-b;
    }
    RunnerScreen #step-title {
        text-style: bold;
        margin: 1 0 0 0;
    }
    RunnerScreen #step-text {
        margin: 0 0 1 0;
    }
    RunnerScreen #seen-by {
        color: $text-muted;
        margin: 0 0 1 0;
    }
    RunnerScreen #answer {
        height: auto;
    }
    RunnerScreen #nudges {
        color: $nudge;
        text-style: italic;
        margin: 1 0 0 0;
    }
    /* As wide as the column: the action bar centres its parts as one block. */
    RunnerScreen #docked {
        height: auto;
        width: 100%;
        max-width: 72;
    }
    RunnerScreen #pacing-note {
        color: $text-muted;
        width: auto;
    }
    RunnerScreen TextArea {
        border: none;
        background: $boost;
        padding: 0 1;
    }
    RunnerScreen TextArea:focus {
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

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.view: StepView | None = None
        self.turn: Turn | None = None
        self.drafts: dict[tuple[str, str | None], Any] = {}
        self._pacing_timer: Timer | None = None
        self._nudge_timer: Timer | None = None
        self._waiting = False
        self._pacing_note = ""
        self._covered = False  # a hand-off cover is up, its turn not yet acknowledged

    def compose(self) -> ComposeResult:
        yield SavingBanner()
        with VerticalScroll(id="page"), Vertical(id="column", classes="column"):
            yield Static(show(self.session.exercise.title), id="exercise-title")
            yield StepProgress(id="progress")
            yield Static(id="whose-turn")
            yield Static(id="step-title")
            yield Static(id="step-text")
            # Who will see this answer, when the step's text does not say so itself.
            yield Static(id="seen-by")
            yield Vertical(id="answer")
            yield Static(id="nudges")
            yield Static(id="reasons")
        # Docked, so Continue and Back stay in view however long the step is, with
        # anything the step keeps in view (the sentence being composed) above them.
        with Vertical(classes="action-bar"):
            yield Vertical(id="docked")
            with Horizontal(id="actions", classes="column"):
                yield Button("Back", id="back", compact=True)
                yield Button("Skip this one", id="skip", compact=True)
                yield Static(classes="spacer")
                # While a step asks for a little time, a quiet countdown stands
                # where Continue will be.
                yield Static(id="pacing-note")
                yield Button("Continue", id="continue", variant="primary", compact=True)
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        await self.show_turn()

    # -- showing a turn -------------------------------------------------------

    async def clear_step(self) -> None:
        """Take the step off the screen, answer widgets included, before any cover."""
        self._stop_timers()
        self.view = None
        self._waiting = False
        self._pacing_note = ""
        await self.query_one("#answer").remove_children()
        await self.query_one("#docked").remove_children()
        for name in (
            "whose-turn",
            "step-title",
            "step-text",
            "seen-by",
            "nudges",
            "reasons",
            "pacing-note",
        ):
            self.say(name, "")

    async def show_turn(self) -> None:
        # One frame for the whole change of step, drawn once its answer has the focus:
        # a key typed on seeing the new step belongs to it (mounting lets frames through).
        with self.app.batch_update():
            await self._show_turn()

    async def _show_turn(self) -> None:
        await self.clear_step()
        turn = self.session.current
        self.turn = turn
        if turn is None:
            self.app.finish_session(self.session)
            return
        if turn.handoff:
            self._covered = True
            self.app.push_screen(
                HandoffScreen(turn.actor_name, ready=self._after_handoff, passes=turn.passes),
                self._uncovered,
            )
            return
        self.say("whose-turn", whose_turn(self.session, turn))
        # Each partner's turn in their own colour from the theme ($partner-a / $partner-b).
        whose = self.query_one("#whose-turn", Static)
        whose.set_class(turn.actor == "a", "-partner-a")
        whose.set_class(turn.actor == "b", "-partner-b")
        self.say("step-title", show(turn.title))
        self.say("step-text", show_prose(turn.prose) if turn.prose else show(turn.text))
        self.say("seen-by", show(turn.seen_by))
        progress = self.session.progress()
        self.query_one(StepProgress).show_progress(progress.number, progress.about)
        # Words typed here and not yet sent (after Back, or kept from last time) win
        # over the engine's earlier answer: they are the newer of the two.
        draft = self.drafts.pop((turn.step.id, turn.actor), None)
        prefill = turn.prefill if draft is None else draft
        # A kind this version does not know is shown as text to read, never a crash.
        view_class = VIEWS.get(turn.step.kind, ReadView)
        self.view = view_class(turn, self.session, prefill=prefill, id="step-view")
        await self.query_one("#answer").mount(self.view)
        docked = self.view.docked()
        if docked:
            await self.query_one("#docked").mount_all(docked)
        self.query_one("#back", Button).display = self.session.can_back
        self.query_one("#skip", Button).display = self.session.can_skip
        self.refresh_pacing()
        if self._waiting or turn.step.kind == "pause":
            self._pacing_timer = self.set_interval(frame_seconds(self.app), self.refresh_pacing)
        if not self.view.focus_first():
            self.set_focus(self.query_one("#continue" if not self._waiting else "#page"))
        self.refresh_bindings()

    async def _after_handoff(self) -> None:
        # Awaited by the cover as it goes, before the app reads the next key: what is
        # typed straight after Enter lands in the next step's field.
        if not self._covered:
            return
        self._covered = False
        self.session.acknowledge_handoff()
        self.app.session_changed(self.session)
        await self.show_turn()

    async def _uncovered(self, _result: object = None) -> None:
        """The cover was dismissed some other way than its Ready (which has done this)."""
        await self._after_handoff()

    def _stop_timers(self) -> None:
        for timer in (self._pacing_timer, self._nudge_timer):
            if timer is not None:
                timer.stop()
        self._pacing_timer = self._nudge_timer = None

    # -- pacing ---------------------------------------------------------------

    def refresh_pacing(self) -> None:
        """Read the clock through the engine; Continue appears when the wait is over."""
        if self.turn is None or self.view is None:
            return
        pacing = self.session.pacing()
        was_waiting, self._waiting = self._waiting, pacing.wait > 0
        button = self.query_one("#continue", Button)
        button.display = not self._waiting
        if was_waiting and not self._waiting and self.focused in (None, self.query_one("#page")):
            button.focus()
        note = f"No rush · Continue in {gentle_time(pacing.wait)}" if self._waiting else ""
        if note != self._pacing_note:
            # Whole seconds change once a second; the frames between send nothing.
            self._pacing_note = note
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

    # -- nudges and reasons ---------------------------------------------------

    def on_step_view_changed(self, event: StepView.Changed) -> None:
        event.stop()
        self.say("reasons", "")
        if self._nudge_timer is not None:
            self._nudge_timer.stop()
        self._nudge_timer = self.set_timer(NUDGE_DELAY, self.show_nudges)

    def show_nudges(self) -> None:
        self._nudge_timer = None
        if self.view is None:
            return
        nudges = self.session.nudges_for(self.view.value)
        lines = [show(nudge.message) for nudge in nudges]
        line = self.query_one("#nudges", Static)
        appearing = bool(lines) and not line.display
        self.say("nudges", Content("\n").join(lines))
        if appearing:
            line.scroll_visible(animate=False)

    # -- actions --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.session.can_back and self.view is not None
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

    def _ready(self) -> bool:
        return self.view is not None and not self._waiting

    async def action_continue(self) -> None:
        if self.view is None or self._waiting:
            return
        await self.settle()
        if not self._ready():  # the step may have moved on while the keys were taken in
            return
        value = self.view.value
        reasons = tuple(self.session.check(value))
        if reasons:
            self.show_reasons(reasons)
            return
        outcome = self.session.answer(value)
        if not outcome.accepted:
            self.show_reasons(tuple(outcome.reasons))
            return
        self.app.session_changed(self.session)
        phrase = comeback.resting(self.session.exercise, self.session.to_data())
        if phrase is not None:
            self.rest(phrase)
            return
        await self.show_turn()

    def rest(self, phrase: str) -> None:
        """A later step was answered: the session rests on Home until the day picked."""
        keeping = self.app.keeping
        today = keeping.keeper.today() if keeping is not None else dt.date.today()
        day = keeping.keeper.record_for(self.session).rest_until if keeping is not None else ""
        until = dt.date.fromisoformat(day) if day else comeback.return_date(phrase, today)
        when = day_words(until, today) if until is not None else phrase
        self.app.go_home()
        self.app.notify(
            f"Resting until {when}. It will wait on Home, with everything kept;"
            " pick it up whenever suits you.",
            markup=False,
            timeout=10,
        )

    async def action_back(self) -> None:
        if not self.session.can_back:
            return
        await self.settle()
        if self.view is not None and self.turn is not None:
            # Words on this step are kept for when the person comes forward again,
            # in the session itself, so they are saved and outlast a restart.
            self.drafts[(self.turn.step.id, self.turn.actor)] = self.view.value
            self.session.keep_typed(self.view.value)
        self.session.back()
        self.app.session_changed(self.session)
        await self.show_turn()

    async def action_skip(self) -> None:
        if self.session.can_skip and self.session.skip():
            self.app.session_changed(self.session)
            await self.show_turn()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "continue": self.action_continue,
            "back": self.action_back,
            "skip": self.action_skip,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            event.stop()
            await action()

    async def on_step_view_submitted(self, event: StepView.Submitted) -> None:
        event.stop()
        await self.action_continue()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.view is not None and self.view.enter_continues:
            # Enter itself is the priority binding above; this is the same for a
            # Submitted sent some other way.
            event.stop()
            await self.action_continue()
