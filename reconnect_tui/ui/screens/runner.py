"""The runner: one step at a time, at a calm pace, with hand-offs between partners."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Static

from reconnect_tui.engine import Pacing, Session, Turn
from reconnect_tui.exercises import comeback
from reconnect_tui.ui.screens.handoff import HandoffScreen
from reconnect_tui.ui.screens.step import StepScreen
from reconnect_tui.ui.text import join, show, show_prose
from reconnect_tui.ui.widgets.progress import StepProgress
from reconnect_tui.ui.widgets.saving import SavingBanner
from reconnect_tui.ui.wording import day_words


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


class RunnerScreen(StepScreen):
    """Shows the engine's current turn and hands the answer back."""

    DEFAULT_CSS = """
    /* Whose turn it is, in that partner's own colour from the theme. */
    RunnerScreen #whose-turn.-partner-a {
        color: $partner-a;
    }
    RunnerScreen #whose-turn.-partner-b {
        color: $partner-b;
    }
    RunnerScreen #seen-by {
        color: $text-muted;
        margin: 0 0 1 0;
    }
    RunnerScreen #nudges {
        color: $nudge;
        text-style: italic;
        margin: 1 0 0 0;
    }
    """

    TYPING_PAUSE = 0.5
    """Seconds of quiet typing before looking for nudges."""

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.turn: Turn | None = None
        self.drafts: dict[tuple[str, str | None], Any] = {}
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
        await super().clear_step()
        for name in ("whose-turn", "step-title", "step-text", "seen-by", "nudges"):
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
                self._after_handoff,
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
        self.query_one("#back", Button).display = self.session.can_back
        self.query_one("#skip", Button).display = self.session.can_skip
        # Words typed here and not yet sent (after Back, or kept from last time) win
        # over the engine's earlier answer: they are the newer of the two.
        await self.show_step(turn, self.session, self.drafts.pop((turn.step.id, turn.actor), None))
        self.refresh_bindings()

    async def _after_handoff(self, _result: object = None) -> None:
        # Awaited by the cover as it goes, before the app reads the next key: what is
        # typed straight after Enter lands in the next step's field. Called again with
        # the cover's result once it is gone (or first, if it went some other way than
        # its Ready): only the first call acts.
        if not self._covered:
            return
        self._covered = False
        self.session.acknowledge_handoff()
        self.app.session_changed(self.session)
        await self.show_turn()

    # -- pacing and nudges ----------------------------------------------------

    def pacing(self) -> Pacing:
        return self.session.pacing()

    async def after_typing(self) -> None:
        """A moment after typing: any gentle nudges for the words as they stand."""
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
        return super().check_action(action, parameters)

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
