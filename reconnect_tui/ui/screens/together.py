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
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Static

from reconnect_tui.engine import Pacing, Session
from reconnect_tui.engine.duo import ANSWER, DONE, WAIT, WATCH, Seat
from reconnect_tui.exercises.library import Library
from reconnect_tui.together.invites import Invitation
from reconnect_tui.together.link import JoinRefused
from reconnect_tui.ui.screens.step import StepScreen
from reconnect_tui.ui.text import join, show
from reconnect_tui.ui.together import (
    PARTNER_GONE,
    SERVED_PARTNER_GONE,
    Channel,
    GuestChannel,
    OwnerChannel,
    SeatSide,
    owner_key,
)
from reconnect_tui.ui.widgets.progress import StepProgress
from reconnect_tui.ui.widgets.summary_step import AnswerCard, people_names

if TYPE_CHECKING:
    from reconnect_tui.ui.app import ReconnectApp


def _shape(seat: Seat | None) -> tuple[Any, ...]:
    """What decides the step widget: while it stays the same, typing is never disturbed."""
    if seat is None:
        return ()
    return (seat.state, seat.step_id, seat.visit, seat.actor, seat.break_by is not None)


class TogetherScreen(StepScreen):
    """One person's screen in a session on two screens."""

    DEFAULT_CSS = """
    TogetherScreen #invite { border: round $primary 60%; padding: 0 1; margin: 1 0 0 0; }
    TogetherScreen #partner { color: $text-muted; margin: 1 0 0 0; }
    TogetherScreen #note { margin: 1 0; padding: 1 2; border: round $secondary 50%; }
    TogetherScreen #heard { color: $text-muted; margin: 1 0 0 0; }
    """

    TYPING_PAUSE = 2.0
    """Quiet typing for this long before the words are sent to be kept."""

    def __init__(self, channel: Channel, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.channel = channel
        self.shown: tuple[Any, ...] = ()
        self.typed: dict[str, Any] = {}
        self.sent_draft: dict[str, Any] = {}
        self.side: SeatSide | None = None
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
        entry = library.get(invitation.exercise)
        if entry is None:
            return None
        return cls(GuestChannel(invitation, entry.exercise, code, as_person))

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
            words = (
                "You asked for a break. Take the time you need; "
                "end it when you're ready, or hand that choice over."
                if seat.break_by == seat.person
                else f"{partner} asked for a break. Nothing is lost; "
                f"{partner} will end it when ready (or hand that to you)."
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
        self._keep_typed()
        await self.clear_step()
        self.shown = _shape(seat)
        channel = self.channel
        self.side = SeatSide(channel.exercise, channel.people, seat, channel.pace, self.app.clock)
        if seat.state == DONE:
            self.say("whose-turn", "")
            self.say("step-text", "")
            self.say("step-title", "That's the end, together.")
            card = AnswerCard(seat.summary, people_names(channel))
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
        # The widgets read people, comparison(), summary() and pacing(): a seat gives them.
        await self.show_step(self.side.turn(self.typed.get(seat.step_id)), cast(Session, self.side))

    def _show_buttons(self, seat: Seat | None) -> None:
        answering = seat is not None and seat.state == ANSWER and seat.break_by is None
        mine = seat is not None and seat.break_by == seat.person
        wanted = {
            "continue": answering and not self._waiting,
            "back": seat is not None and seat.can_back and seat.break_by is None,
            "skip": answering and bool(seat and seat.can_skip),
            "end-break": mine,
            "hand-break": mine,
            "close": bool(self.channel.gone),
        }
        buttons = {name: self.query_one(f"#{name}", Button) for name in wanted}
        if all(buttons[name].display == shown for name, shown in wanted.items()):
            return  # nothing to change: no repaint, the footer left as it is
        for name, shown in wanted.items():
            buttons[name].display = shown
        if mine:
            buttons["hand-break"].label = show(f"Hand it to {self.channel.partner_name}")
            self.set_focus(buttons["end-break"])  # Enter ends it; Tab reaches "Hand it over"
        self.refresh_bindings()

    @property
    def breaking(self) -> bool:
        """A break is on (the app then hides its own break key)."""
        seat = self.channel.seat
        return seat is not None and seat.break_by is not None

    def pacing(self) -> Pacing:
        assert self.side is not None  # a step is shown only with its seat
        return self.side.pacing()

    # -- typing and drafts -------------------------------------------------------------

    def _keep_typed(self) -> None:
        if self.view is None or self.side is None or self.side.seat.step_id is None:
            return
        try:
            self.typed[self.side.seat.step_id] = self.view.value
        except Exception:  # a view still being built has nothing typed yet
            return

    async def after_typing(self) -> None:
        """Quiet for a moment: keep the words (sent once, only when they changed)."""
        if self.view is None or self.side is None or self.side.seat.step_id is None:
            return
        step_id, value = self.side.seat.step_id, self.view.value
        if value in (None, "", [], {}) or self.sent_draft.get(step_id) == value:
            return
        self.sent_draft[step_id] = value
        await self.channel.draft(step_id, value)

    # -- actions -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            seat = self.channel.seat
            return seat is not None and seat.can_back
        return super().check_action(action, parameters)

    async def action_continue(self) -> None:
        seat = self.channel.seat
        if self.view is None or self._waiting or self._busy or seat is None:
            return
        if seat.step_id is None:
            return
        self._busy = True
        try:
            outcome = await self.channel.answer(seat.step_id, self.view.value)
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

    async def on_unmount(self) -> None:
        """This screen goes (the app closes, or Home): the other screen is told plainly."""
        await self.channel.close()
