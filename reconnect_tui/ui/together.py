"""The app's side of two screens: one channel per screen, and what the step widgets read.

The screen (``screens/together.py``) is the same on both sides. It shows a
seat (what its person may see) and hands intents to a channel:

- ``OwnerChannel``, in the process that owns the session: intents go straight
  to the ``Duo``, the app saves after each change, and the ``Host`` sends the
  other screen its seat when that seat changes.
- ``GuestChannel``, in a joining process: intents go over the socket; seats
  come back. It holds no session of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from reconnect_tui.common.safetext import takes_part
from reconnect_tui.engine import Comparison, Outcome, Pacing, Person, Session, SummaryItem, Turn
from reconnect_tui.engine.duo import Duo, Seat
from reconnect_tui.engine.flow import other
from reconnect_tui.engine.pacing import pacing_for
from reconnect_tui.engine.values import PACES
from reconnect_tui.exercises.model import Exercise
from reconnect_tui.together import invites, protocol
from reconnect_tui.together.invites import Invitation
from reconnect_tui.together.link import Guest, Host, JoinRefused

if TYPE_CHECKING:
    from reconnect_tui.ui.app import ReconnectApp

Listener = Callable[[], None]

OWNER_GONE = (
    "{name}'s screen has closed. Everything so far is saved; "
    "you can pick it up again later, together."
)
PARTNER_GONE = (
    "{name}'s screen has gone quiet. Everything is kept: "
    "when {name} runs reconnect join again, they carry on where they were."
)
SERVED_PARTNER_GONE = (
    "{name}'s screen has gone quiet. Everything is kept: when {name} comes in "
    "again, the invitation is on their Home, and they carry on where they were."
)


@attrs.define
class SeatSide:
    """What a step widget reads, from a seat instead of a session (the same names)."""

    exercise: Exercise
    people: tuple[Person, ...]
    seat: Seat
    pace: str = "standard"
    clock: Callable[[], float] = time.monotonic
    arrived: float = 0.0
    mode: str = "together"

    def __attrs_post_init__(self) -> None:
        self.arrived = self.clock()

    def comparison(self) -> Comparison:
        if self.seat.comparison is None:
            raise ValueError("the step on this screen is not a compare step")
        return self.seat.comparison

    def summary(self) -> tuple[SummaryItem, ...]:
        return self.seat.summary

    def pacing(self) -> Pacing:
        if self.seat.step_id is None:
            return Pacing(wait=0.0)
        step = self.exercise.step(self.seat.step_id)
        elapsed = self.clock() - self.arrived
        pacing = pacing_for(step, elapsed, PACES.get(self.pace, 1.0))
        return attrs.evolve(pacing, wait=max(0.0, self.seat.wait - elapsed))

    def turn(self, prefill: Any = None) -> Turn:
        seat = self.seat
        assert seat.step_id is not None
        return Turn(
            step=self.exercise.step(seat.step_id),
            actor=seat.actor,
            actor_name=seat.actor_name,
            text=seat.text,
            title=seat.title,
            role=seat.role,
            handoff=False,
            visit=seat.visit,
            prefill=seat.prefill if prefill is None else prefill,
        )


class Channel:
    """One screen's way to the session; the screen listens for changes."""

    person: str = "a"
    exercise: Exercise
    people: tuple[Person, ...] = ()
    pace: str = "standard"
    seat: Seat | None = None
    partner_here: bool = False
    gone: str = ""
    """Set when this screen's line has closed for good, in plain words."""
    code: str = ""
    listener: Listener | None = None

    @property
    def partner_name(self) -> str:
        names = {person.key: person.name for person in self.people}
        return names.get(other(self.person), "") or "your partner"

    def notify(self) -> None:
        if self.listener is not None:
            self.listener()

    async def open(self) -> None:
        raise NotImplementedError

    async def close(self, why: str = "") -> None:
        raise NotImplementedError

    async def answer(self, step_id: str, value: Any) -> Outcome:
        raise NotImplementedError

    async def skip(self, step_id: str) -> Outcome:
        raise NotImplementedError

    async def intent(self, kind: str) -> None:
        """back, break, end_break or hand_break."""
        raise NotImplementedError

    async def draft(self, step_id: str, value: Any) -> None:
        raise NotImplementedError


class OwnerChannel(Channel):
    """The owner's own screen: the session is here, saved by the app after each change."""

    def __init__(self, app: ReconnectApp, session: Session, data_dir: Path, person: str = "a"):
        self.app = app
        self.session = session
        self.person = person
        self.exercise = session.exercise
        self.people = session.people
        self.pace = session.pace
        self.duo = Duo(session, clock=app.clock)
        self.code = invites.new_code()
        self.data_dir = data_dir
        self.host: Host | None = None
        self.seat = self.duo.seat(person)

    async def open(self) -> None:
        names = {p.key: p.name for p in self.people}
        invitation = invites.create(
            self.data_dir,
            code=self.code,
            exercise=self.exercise.id,
            title=self.exercise.title,
            inviter=names[self.person],
            guest=names[other(self.person)],
        )
        self.host = Host(
            self.duo,
            invitation,
            guest=other(self.person),
            session_id=self.exercise.id,
            on_change=self._changed,
            clock=time.monotonic,
        )
        await self.host.start()

    async def close(self, why: str = "") -> None:
        if self.host is not None:
            name = self.people[0 if self.person == "a" else 1].name
            await self.host.stop(why or OWNER_GONE.format(name=name))
            self.host = None

    def _changed(self) -> None:
        """After any change, from either screen: save, and show this screen's seat."""
        self.app.session_changed(self.session)
        self.seat = self.duo.seat(self.person)
        self.partner_here = self.host is not None and self.host.partner_here
        self.notify()

    def _after(self) -> None:
        # The other screen first: its seat is on the wire while this one saves and redraws.
        if self.host is not None:
            self.host.changed()
        self._changed()

    async def answer(self, step_id: str, value: Any) -> Outcome:
        outcome = self.duo.answer(self.person, value, step_id=step_id)
        if outcome.accepted:
            self._after()
        return outcome

    async def skip(self, step_id: str) -> Outcome:
        outcome = self.duo.skip(self.person, step_id=step_id)
        if outcome.accepted:
            self._after()
        return outcome

    async def intent(self, kind: str) -> None:
        actions = {
            "back": self.duo.back,
            "break": self.duo.take_break,
            "end_break": self.duo.end_break,
            "hand_break": self.duo.hand_over_break,
        }
        if actions[kind](self.person):
            self._after()

    async def draft(self, step_id: str, value: Any) -> None:
        if self.seat is not None and self.seat.step_id == step_id:
            self.duo.keep_typed(self.person, value)
            self.app.session_changed(self.session)


class GuestChannel(Channel):
    """A joining screen: everything goes over the socket to the owner."""

    def __init__(
        self, invitation: Invitation, exercise: Exercise, code: str, as_person: str | None = None
    ) -> None:
        self.invitation = invitation
        self.exercise = exercise
        self.code = code
        self.as_person = as_person
        """The name this app is served as (``--person``): the owner checks it is the guest's."""
        self.guest: Guest | None = None
        self.reader: asyncio.Task[None] | None = None
        self.outcomes: asyncio.Queue[Outcome] = asyncio.Queue()

    async def open(self) -> None:
        """Join; JoinRefused (plain words) when the owner says no or the files differ."""
        guest = await Guest.connect(self.invitation, self.code, self.as_person)
        welcome = guest.welcome
        if welcome["exercise"] != self.exercise.id or welcome["revision"] != str(
            self.exercise.revision
        ):
            guest.close()
            raise JoinRefused(
                "The exercise file on this side differs from the inviting side's; "
                "please use the same files on both."
            )
        self.guest = guest
        self.person = guest.person
        names = welcome["names"]
        self.people = (Person("a", names[0]), Person("b", names[1]))
        self.pace = welcome["pace"] if welcome["pace"] in PACES else "standard"
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        guest = self.guest
        assert guest is not None
        while (message := await guest.receive()) is not None:
            if message.kind == "seat":
                self.seat = message.fields["seat"]
                self.partner_here = bool(message.fields["partner_here"])
                self.notify()
            elif message.kind == "outcome":
                reasons = tuple(message.fields["reasons"])
                self.outcomes.put_nowait(Outcome(bool(message.fields["accepted"]), reasons))
            elif message.kind == "bye":
                self.gone = str(message.fields["why"])
                break
            elif message.kind == "refused":
                self.outcomes.put_nowait(Outcome(False, (str(message.fields["why"]),)))
        if not self.gone:
            name = {p.key: p.name for p in self.people}.get(other(self.person), "")
            self.gone = OWNER_GONE.format(name=name or "Your partner")
        self.partner_here = False
        self.outcomes.put_nowait(Outcome(False, (self.gone,)))
        self.notify()

    async def close(self, why: str = "") -> None:
        guest, self.guest = self.guest, None
        if guest is not None:
            with contextlib.suppress(OSError, ConnectionError):
                await guest.send("leave")
            guest.close()

    async def _ask(self, kind: str, **fields: Any) -> Outcome:
        if self.guest is None or self.gone:
            return Outcome(False, (self.gone or "This screen is not joined.",))
        while not self.outcomes.empty():
            self.outcomes.get_nowait()
        try:
            await self.guest.send(kind, **fields)
        except (OSError, ConnectionError):
            return Outcome(False, ("The line to the other screen has closed.",))
        return await self.outcomes.get()

    async def answer(self, step_id: str, value: Any) -> Outcome:
        return await self._ask("answer", step=step_id, value=value)

    async def skip(self, step_id: str) -> Outcome:
        return await self._ask("skip", step=step_id)

    async def _send(self, kind: str, **fields: Any) -> None:
        if self.guest is None or self.gone:
            return
        with contextlib.suppress(OSError, ConnectionError):
            await self.guest.send(kind, **fields)

    async def intent(self, kind: str) -> None:
        await self._send(kind)

    async def draft(self, step_id: str, value: Any) -> None:
        if protocol.plain_value(value):
            await self._send("draft", step=step_id, value=value)


def owner_key(session: Session, person: str | None) -> str:
    """Which of the two people this owning screen is: the served person's own, else the first."""
    if person is not None:
        for member in session.people:
            if takes_part(person, [member.name]):
                return member.key
    return "a"
