"""Together on two screens: one person's side of a session shared with another screen.

The same screen serves the owner and the joining side; a channel (ui/together.py)
carries what the person does and brings back what they may see. It shows their
own step, a calm waiting note (never a spinner), whose turn it is, the other's
words once they may be seen, and a break with who asked for it. No hand-off
covers: each person has their own screen.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Button, Footer, Input, Static

from reconnect_tui.engine import Session
from reconnect_tui.engine.duo import ANSWER, DONE, WAIT, WATCH, Seat
from reconnect_tui.exercises.library import Library
from reconnect_tui.exercises.model import ReadStep
from reconnect_tui.together.invites import Invitation
from reconnect_tui.together.link import JoinRefused
from reconnect_tui.ui.screens.base import PageScreen
from reconnect_tui.ui.screens.runner import VIEWS
from reconnect_tui.ui.text import join, show
from reconnect_tui.ui.together import (
    PARTNER_GONE,
    SERVED_PARTNER_GONE,
    Channel,
    GuestChannel,
    OwnerChannel,
    SeatSide,
    owner_key,
    pick_exercise,
)
from reconnect_tui.ui.widgets.base import StepView
from reconnect_tui.ui.widgets.pause_step import PauseView, gentle_time
from reconnect_tui.ui.widgets.progress import StepProgress
from reconnect_tui.ui.widgets.read_step import ReadView
from reconnect_tui.ui.widgets.summary_step import AnswerCard

if TYPE_CHECKING:
    from reconnect_tui.ui.app import ReconnectApp

DRAFT_SECONDS = 2.0
"""Quiet typing for this long before the words are sent to be kept."""


def _shape(seat: Seat | None) -> tuple[Any, ...]:
    """What decides the step widget: while it stays the same, typing is never disturbed."""
    if seat is None:
        return ()
    return (seat.state, seat.step_id, seat.visit, seat.actor, seat.break_by is not None)


class TogetherScreen(PageScreen[None]):
    """One person's screen in a session on two screens."""

    DEFAULT_CSS = """
    TogetherScreen #exercise-title { color: $text-muted; }
    TogetherScreen #invite { border: round $primary 60%; padding: 0 1; margin: 1 0 0 0; }
    TogetherScreen #partner { color: $text-muted; margin: 1 0 0 0; }
    TogetherScreen #whose-turn { margin: 1 0 0 0; color: $secondary; }
    TogetherScreen #step-title { text-style: bold; margin: 1 0 0 0; }
    TogetherScreen #step-text { margin: 0 0 1 0; }
    TogetherScreen #note { margin: 1 0; padding: 1 2; border: round $secondary 50%; }
    TogetherScreen #heard { color: $text-muted; margin: 1 0 0 0; }
    TogetherScreen #answer { height: auto; }
    TogetherScreen #docked { height: auto; width: 100%; max-width: 72; }
    TogetherScreen #pacing-note { color: $text-muted; width: auto; }
    TogetherScreen TextArea { border: none; background: $boost; padding: 0 1; }
    TogetherScreen TextArea:focus { border: none; background: $primary 10%; }
    """

    BINDINGS = [
        Binding("ctrl+n", "continue", "Continue", priority=True),
        Binding("ctrl+r", "back", "Back", priority=True),
        Binding("enter", "enter", "Continue", show=False, priority=True),
    ]

    def __init__(self, channel: Channel, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.channel = channel
        self.view: StepView | None = None
        self.shown: tuple[Any, ...] = ()
        self.typed: dict[str, Any] = {}
        self.sent_draft: dict[str, Any] = {}
        self.side: SeatSide | None = None
        self._draft_timer: Timer | None = None
        self._pacing_timer: Timer | None = None
        self._waiting = False
        self._busy = False
        self._refreshing = asyncio.Lock()

    @classmethod
    def owning(cls, app: ReconnectApp, session: Session, data_dir: Path) -> TogetherScreen:
        """The screen of the person who invites: the session lives in this process.

        Served as one person, the screen is always that person's own side (a session
        picked up again may list them second).
        """
        return cls(OwnerChannel(app, session, data_dir, owner_key(session, app.person)))

    @classmethod
    def joining(
        cls, library: Library, invitation: Invitation, code: str, as_person: str | None = None
    ) -> TogetherScreen | None:
        """The screen of the person who joins; None when the exercise is not here."""
        exercise = pick_exercise(library, invitation)
        if exercise is None:
            return None
        return cls(GuestChannel(invitation, exercise, code, as_person))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="page"), Vertical(id="column", classes="column"):
            yield Static(show(self.channel.exercise.title), id="exercise-title")
            yield Static(id="invite")
            yield StepProgress(id="progress")
            yield Static(id="partner")
            yield Static(id="whose-turn")
            yield Static(id="step-title")
            yield Static(id="step-text")
            yield Static(id="note")
            yield Vertical(id="answer")
            yield Static(id="heard")
            yield Static(id="reasons")
        with Vertical(classes="action-bar"):
            yield Vertical(id="docked")
            with Horizontal(id="actions", classes="column"):
                yield Button("Back", id="back", compact=True)
                yield Button("Skip this one", id="skip", compact=True)
                yield Button("End the break", id="end-break", compact=True)
                yield Button("Hand it over", id="hand-break", compact=True)
                yield Static(classes="spacer")
                yield Static(id="pacing-note")
                yield Button("Continue", id="continue", variant="primary", compact=True)
                yield Button("Close", id="close", compact=True)
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.channel.listener = self._heard_change
        for name in ("invite", "partner", "note", "heard", "reasons", "whose-turn"):
            self.say(name, "")
        try:
            await self.channel.open()
        except (JoinRefused, OSError) as error:
            self.channel.gone = str(error) or "That invitation could not be reached."
            self.say("note", show(self.channel.gone))
            self._show_buttons(None)
            return
        self.app.together = self.channel
        await self.refresh_seat()

    def _heard_change(self) -> None:
        self.call_later(self.refresh_seat)

    # -- showing the seat --------------------------------------------------------------

    @property
    def served(self) -> bool:
        """Whether this app is served as one person (``reconnect serve``): no shell to join from."""
        return self.app.person is not None

    def _lines(self, seat: Seat) -> None:
        channel = self.channel
        owner = isinstance(channel, OwnerChannel)
        partner = channel.partner_name
        if owner and not channel.partner_here and seat.state != DONE:
            if self.served:
                # Over ``reconnect serve`` the partner has no shell: Home offers the invitation.
                how = join(
                    " to join. When ",
                    show(partner),
                    " comes in to reconnect, this invitation is on their Home, ready to join.",
                )
            else:
                how = join(
                    " to join. In their own terminal, on this computer, they run:\n\n    ",
                    show(f"reconnect join {channel.code}").stylize("bold"),
                )
            code = show(channel.code).stylize("bold")
            self.say("invite", join("Waiting for ", show(partner), how, "\n\nJoin code: ", code))
        else:
            self.say("invite", "")
        if channel.gone:
            self.say("partner", show(channel.gone))
        elif owner and not channel.partner_here and self._ever_joined:
            gone = SERVED_PARTNER_GONE if self.served else PARTNER_GONE
            self.say("partner", show(gone.format(name=partner)))
        elif channel.partner_here:
            words = " is here, on their own screen." if owner else " is here too; you've joined."
            self.say("partner", join(show(partner), words))
        else:
            self.say("partner", "")
        if seat.break_by is not None:
            asker = "You" if seat.break_by == seat.person else partner
            words = (
                "You asked for a break. Take the time you need; "
                "end it when you're ready, or hand that choice over."
                if seat.break_by == seat.person
                else f"{asker} asked for a break. Nothing is lost; "
                f"{asker} will end it when ready (or hand that to you)."
            )
            self.say("note", show(words))
        else:
            self.say("note", show(seat.note) if seat.state in (WAIT, WATCH) else "")
        if seat.heard is not None and seat.state != DONE:
            self.say(
                "heard",
                join(show(seat.heard.name).stylize("bold"), " (", show(seat.heard.title), "):\n")
                + show(seat.heard.text),
            )
        else:
            self.say("heard", "")
        self.query_one(StepProgress).show_progress(seat.number, seat.about)

    _ever_joined = False

    async def refresh_seat(self) -> None:
        """Show the channel's seat now; one refresh at a time, in order."""
        async with self._refreshing:
            await self._refresh_seat()

    async def _refresh_seat(self) -> None:
        channel = self.channel
        seat = channel.seat
        if channel.partner_here:
            self._ever_joined = True
        if seat is None:
            if channel.gone:
                self.say("note", show(channel.gone))
            self._show_buttons(None)
            return
        if seat.state == DONE and isinstance(channel, OwnerChannel):
            await channel.close("You've reached the end together. Everything is kept.")
            self.app.finish_session(channel.session)
            return
        self._lines(seat)
        if _shape(seat) != self.shown:
            await self._build(seat)
        else:
            self.side = SeatSide(
                channel.exercise, channel.people, seat, channel.pace, self.app.clock
            )
        self._show_buttons(seat)

    async def _build(self, seat: Seat) -> None:
        if self.view is not None and self.side is not None and self.side.seat.step_id:
            self._keep_typed()
        self._stop_timers()
        self.view = None
        await self.query_one("#answer").remove_children()
        await self.query_one("#docked").remove_children()
        self.say("reasons", "")
        self.shown = _shape(seat)
        channel = self.channel
        self.side = SeatSide(channel.exercise, channel.people, seat, channel.pace, self.app.clock)
        if seat.state == DONE:
            for name in ("whose-turn", "step-title", "step-text"):
                self.say(name, "")
            self.say("step-title", "That's the end, together.")
            card = AnswerCard(seat.summary, {p.key: p.name or "you" for p in channel.people})
            await self.query_one("#answer").mount(card)
            return
        whose = (
            "For both of you, together"
            if seat.actor is None
            else ("Your turn" if seat.actor == seat.person else f"{seat.actor_name}'s turn")
        )
        line = show(whose)
        if seat.role:
            line = join(line, " · ", show(seat.role))
        on_break = seat.break_by is not None
        self.say("whose-turn", line if seat.state != WAIT and not on_break else "")
        self.say("step-title", show(seat.title) if seat.state != WAIT and not on_break else "")
        self.say("step-text", show(seat.text) if seat.state != WAIT and not on_break else "")
        if seat.state != ANSWER or on_break or seat.step_id is None:
            self.set_focus(None)
            return
        turn = self.side.turn(self.typed.get(seat.step_id))
        view_class = VIEWS.get(turn.step.kind, ReadView)
        # The widgets read people, comparison(), summary() and pacing(): a seat gives them.
        self.view = view_class(turn, cast(Session, self.side), id="step-view")
        await self.query_one("#answer").mount(self.view)
        docked = self.view.docked()
        if docked:
            await self.query_one("#docked").mount_all(docked)
        self.refresh_pacing()
        if self._waiting or turn.step.kind == "pause":
            self._pacing_timer = self.set_interval(1 / 4, self.refresh_pacing)
        if not self.view.focus_first():
            self.set_focus(self.query_one("#continue"))

    _buttons: tuple[bool, ...] = ()

    def _show_buttons(self, seat: Seat | None) -> None:
        answering = seat is not None and seat.state == ANSWER and seat.break_by is None
        mine = seat is not None and seat.break_by == seat.person
        wanted = (
            answering and not self._waiting,
            seat is not None and seat.can_back and seat.break_by is None,
            answering and bool(seat and seat.can_skip),
            mine,
            mine,
            bool(self.channel.gone),
        )
        if wanted == self._buttons:
            return  # nothing to change: no repaint, the footer left as it is
        self._buttons = wanted
        for name, display in zip(
            ("continue", "back", "skip", "end-break", "hand-break", "close"), wanted, strict=True
        ):
            self.query_one(f"#{name}", Button).display = display
        if mine:
            self.query_one("#hand-break", Button).label = show(
                f"Hand it to {self.channel.partner_name}"
            )
        self.refresh_bindings()

    def refresh_pacing(self) -> None:
        if self.side is None or self.view is None:
            return
        pacing = self.side.pacing()
        waiting, self._waiting = self._waiting, pacing.wait > 0
        if waiting != self._waiting:
            self.query_one("#continue", Button).display = not self._waiting
            self._buttons = ()
        note = f"No rush · Continue in {gentle_time(pacing.wait)}" if self._waiting else ""
        self.say("pacing-note", note)  # whole seconds: a new line once a second at most
        if isinstance(self.view, PauseView):
            self.view.update_pacing(pacing)
        if not self._waiting and not (pacing.remaining or 0) > 0 and self._pacing_timer:
            self._pacing_timer.stop()
            self._pacing_timer = None
            self.refresh_bindings()

    def _stop_timers(self) -> None:
        for timer in (self._pacing_timer, self._draft_timer):
            if timer is not None:
                timer.stop()
        self._pacing_timer = self._draft_timer = None
        self._waiting = False
        self.say("pacing-note", "")

    # -- typing and drafts -------------------------------------------------------------

    def _keep_typed(self) -> None:
        if self.view is None or self.side is None or self.side.seat.step_id is None:
            return
        try:
            self.typed[self.side.seat.step_id] = self.view.value
        except Exception:  # a view still being built has nothing typed yet
            return

    def on_step_view_changed(self, event: StepView.Changed) -> None:
        event.stop()
        self.say("reasons", "")
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_SECONDS, self._send_draft)

    async def _send_draft(self) -> None:
        """Quiet for a moment: keep the words (sent once, only when they changed)."""
        self._draft_timer = None
        if self.view is None or self.side is None or self.side.seat.step_id is None:
            return
        step_id, value = self.side.seat.step_id, self.view.value
        if value in (None, "", [], {}) or self.sent_draft.get(step_id) == value:
            return
        self.sent_draft[step_id] = value
        await self.channel.draft(step_id, value)

    # -- actions -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue":
            return self.view is not None and not self._waiting
        if action == "back":
            seat = self.channel.seat
            return seat is not None and seat.can_back
        if action == "enter":
            return self.view is not None and any(
                field is self.focused for field in self.view.query(Input)
            )
        return True

    async def action_enter(self) -> None:
        focused, view = self.focused, self.view
        if view is None or not isinstance(focused, Input):
            return
        if view.enter_continues:
            await self.action_continue()
        else:
            await view.enter_pressed(focused)

    async def action_continue(self) -> None:
        seat = self.channel.seat
        if self.view is None or self._waiting or self._busy or seat is None:
            return
        if seat.step_id is None:
            return
        value = self.view.value
        if isinstance(self.view.step, ReadStep) or self.view.step.kind in (
            "read",
            "pause",
            "compare",
            "summary",
        ):
            value = None
        self._busy = True
        try:
            outcome = await self.channel.answer(seat.step_id, value)
        finally:
            self._busy = False
        if not outcome.accepted:
            self.show_reasons(outcome.reasons)
            return
        self.typed.pop(seat.step_id, None)
        await self.refresh_seat()

    async def action_back(self) -> None:
        self._keep_typed()
        await self.channel.intent("back")
        await self.refresh_seat()

    async def take_break(self) -> None:
        """The break key, on this screen: a break for both, asked for by this person."""
        seat = self.channel.seat
        if seat is not None and seat.break_by is None:
            self._keep_typed()
            await self.channel.intent("break")
            await self.refresh_seat()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button.id or ""
        seat = self.channel.seat
        if button == "continue":
            await self.action_continue()
        elif button == "back":
            await self.action_back()
        elif button == "skip" and seat is not None and seat.step_id is not None:
            outcome = await self.channel.skip(seat.step_id)
            if not outcome.accepted:
                self.show_reasons(outcome.reasons)
        elif button == "close":
            await self.app.action_quit()
            return
        elif button in ("end-break", "hand-break"):
            await self.channel.intent("end_break" if button == "end-break" else "hand_break")
        await self.refresh_seat()

    async def on_step_view_submitted(self, event: StepView.Submitted) -> None:
        event.stop()
        await self.action_continue()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.view is not None and self.view.enter_continues:
            event.stop()
            await self.action_continue()

    async def on_unmount(self) -> None:
        """This screen goes (the app closes, or Home): the other screen is told plainly."""
        await self.channel.close()
