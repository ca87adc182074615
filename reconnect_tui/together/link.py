"""The line between the two screens: a Unix socket, asyncio streams, nothing polled.

``Host`` runs in the owning process beside the session. It lets one joining
screen in (the right join code, one at a time), checks every line it sends
(protocol.py) before the session sees it, and sends that screen its own
seat whenever the seat changes, and never otherwise: idle costs no bytes.

``Guest`` runs in the joining process: it says hello with the code, then
sends intents and reads what the owner sends back. A process started by
something else (a future ``reconnect serve``) joins the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from collections.abc import Callable
from typing import Any

import attrs

from reconnect_tui.common.bucket import Bucket
from reconnect_tui.common.safetext import takes_part
from reconnect_tui.engine.duo import Duo, Seat

from . import invites, protocol
from .invites import Invitation
from .protocol import HostMessage, Intent, Refused

HELLO_SECONDS = 10.0
RATE = 30.0
"""Messages per second a joining screen may send, on average."""
BURST = 60.0
"""…and at once."""
STRIKES = 100
"""Refused messages after which a connection is closed."""
WRITE_BUFFER_LIMIT = 4 * 1024 * 1024

TAKEN = "Someone has already joined for {name}. Only one screen per person."
WRONG_CODE = "That join code is not for this session."
WRONG_PERSON = "This invitation is for {name}, so only {name} can join it."
SLOW_DOWN = "Messages are coming very fast; some were set aside. Nothing is lost."
CANNOT_BACK = "Going back is open only to your own last answer, while nothing came after it."
NOT_YOUR_BREAK = "Only the person who asked for this break can end it or hand it over."
ALREADY_ON_BREAK = "You are on a break already."


def _steady(seat: Seat) -> Seat:
    """A seat without what changes by itself (the countdown) or only for its own person."""
    return attrs.evolve(seat, wait=0.0, prefill=None)


class Host:
    """The owner's end: one session, one joining screen at a time for the other person."""

    def __init__(
        self,
        duo: Duo,
        invitation: Invitation,
        *,
        guest: str,
        session_id: str,
        on_change: Callable[[], None],
        clock: Callable[[], float],
    ) -> None:
        self.duo = duo
        self.invitation = invitation
        self.guest = guest
        self.session_id = session_id
        self.on_change = on_change
        self.clock = clock
        self.server: asyncio.AbstractServer | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.sent_seat: Seat | None = None
        self.seq = 0
        self.refusals: list[str] = []

    @property
    def partner_here(self) -> bool:
        return self.writer is not None

    async def start(self) -> None:
        path = str(self.invitation.socket)
        self.server = await asyncio.start_unix_server(
            self._serve, path=path, limit=protocol.GUEST_LIMIT + 1
        )
        os.chmod(path, 0o600)
        invites.publish(self.invitation)

    async def stop(self, why: str) -> None:
        """Say goodbye to the joining screen, close, and take the invitation away."""
        invites.withdraw(self.invitation)
        writer, self.writer = self.writer, None
        if writer is not None:
            self._write(writer, "bye", why=why)
            with contextlib.suppress(OSError, ConnectionError):
                await asyncio.wait_for(writer.drain(), 1.0)
            writer.close()
        if self.server is not None:
            self.server.close()
            self.server = None

    # ----- sending ----------------------------------------------------------------------

    def _write(self, writer: asyncio.StreamWriter, kind: str, **fields: Any) -> None:
        self.seq += 1
        line = protocol.encode(kind, self.seq, **fields)
        if writer.transport.get_write_buffer_size() > WRITE_BUFFER_LIMIT:
            # A screen that does not read: let it go rather than hold its words forever.
            writer.close()
            return
        writer.write(line)

    def changed(self, *, force: bool = False) -> None:
        """Something changed: send the joining screen its seat, if that seat is different."""
        writer = self.writer
        if writer is None:
            return
        seat = self.duo.seat(self.guest)
        if not force and self.sent_seat is not None and _steady(seat) == self.sent_seat:
            return
        self.sent_seat = _steady(seat)
        data = protocol.seat_to_data(seat)
        self._write(writer, "seat", seat=data, partner_here=True)

    # ----- one joining screen -------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            hello = await self._greet(reader, writer)
            if hello is not None:
                try:
                    await self._listen(reader, writer, hello)
                finally:
                    if self.writer is writer:
                        self.writer = None
                        self.sent_seat = None
                        self.on_change()
        except (OSError, ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass  # the line closed, or the owner is stopping: nothing to add
        finally:
            writer.close()

    async def _greet(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> int | None:
        """The hello's number once this screen is let in, else None (refused plainly)."""
        try:
            line = await asyncio.wait_for(reader.readline(), HELLO_SECONDS)
            hello = protocol.read_hello(line)
        except (TimeoutError, ValueError) as error:
            why = str(error) if isinstance(error, Refused) else protocol.NOT_READABLE
            self._refuse(writer, why)
            return None
        if not secrets.compare_digest(hello.code, self.invitation.code):
            self._refuse(writer, WRONG_CODE)
            return None
        if hello.person is not None and not takes_part(hello.person, [self.invitation.guest]):
            # A screen served as one person (``reconnect serve``) takes only that person's seat.
            self._refuse(writer, WRONG_PERSON.format(name=self.invitation.guest))
            return None
        if self.writer is not None:
            self._refuse(writer, TAKEN.format(name=self.invitation.guest))
            return None
        self.writer = writer
        session = self.duo.session
        self._write(
            writer,
            "welcome",
            person=self.guest,
            exercise=session.exercise.id,
            revision=str(session.exercise.revision),
            session=self.session_id,
            names=[person.name for person in session.people],
            pace=session.pace,
        )
        self.changed(force=True)
        self.on_change()
        return hello.seq

    def _refuse(self, writer: asyncio.StreamWriter, why: str) -> None:
        self.refusals.append(why)
        self._write(writer, "refused", why=why)

    async def _listen(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, last_seq: int
    ) -> None:
        bucket = Bucket(RATE, BURST, self.clock)
        strikes, slowed = 0, False
        while self.writer is writer:
            try:
                line = await reader.readline()
            except ValueError:
                # Longer than any message may be: the line cannot be found again, so part.
                self._refuse(writer, protocol.TOO_LONG)
                return
            if not line:
                return
            if not bucket.take(1):
                strikes += 1
                if not slowed:
                    self._refuse(writer, SLOW_DOWN)
                    slowed = True
                if strikes > STRIKES:
                    return
                continue
            slowed = False
            try:
                intent = protocol.read_intent(line, last_seq)
            except Refused as refused:
                strikes += 1
                self._refuse(writer, str(refused))
                if strikes > STRIKES:
                    return
                continue
            last_seq = intent.seq
            if intent.kind == "leave":
                return
            self._apply(writer, intent)
            await writer.drain()

    def _apply(self, writer: asyncio.StreamWriter, intent: Intent) -> None:
        duo, person = self.duo, self.guest
        if intent.kind in ("answer", "skip"):
            if intent.kind == "answer":
                outcome = duo.answer(person, intent.value, step_id=intent.step)
            else:
                outcome = duo.skip(person, step_id=intent.step)
            self._write(writer, "outcome", accepted=outcome.accepted, reasons=list(outcome.reasons))
            if not outcome.accepted:
                return
        elif intent.kind == "draft":
            seat = duo.seat(person)
            if seat.step_id != intent.step:
                return
            duo.keep_typed(person, intent.value)
        elif intent.kind == "back":
            if not duo.back(person):
                self._refuse(writer, CANNOT_BACK)
                return
        elif intent.kind == "break":
            if not duo.take_break(person):
                self._refuse(writer, ALREADY_ON_BREAK)
                return
        elif not (
            duo.end_break(person) if intent.kind == "end_break" else duo.hand_over_break(person)
        ):
            self._refuse(writer, NOT_YOUR_BREAK)
            return
        self.changed()  # the joining screen first: its seat goes out while the owner saves
        self.on_change()


class JoinRefused(Exception):
    """The owner would not let this screen join; the reason is in plain words."""


class Guest:
    """The joining screen's end of the line."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.seq = 0
        self.last_in = -1
        self.welcome: dict[str, Any] = {}

    @classmethod
    async def connect(cls, invitation: Invitation, code: str, person: str | None = None) -> Guest:
        """Join as *person* (the name ``--person`` gave), or as the account when None."""
        try:
            reader, writer = await asyncio.open_unix_connection(
                str(invitation.socket), limit=protocol.HOST_LIMIT + 1
            )
        except OSError as error:
            raise JoinRefused("That invitation could not be reached; it may have ended.") from error
        guest = cls(reader, writer)
        await guest.send("hello", code=code, person=person)
        message = await guest.receive()
        if message is None:
            raise JoinRefused("The inviting screen closed the line.")
        if message.kind != "welcome":
            guest.close()
            raise JoinRefused(str(message.fields.get("why", protocol.NOT_READABLE)))
        guest.welcome = message.fields
        return guest

    @property
    def person(self) -> str:
        return str(self.welcome.get("person", "b"))

    async def send(self, kind: str, **fields: Any) -> None:
        line = protocol.encode(kind, self.seq, **fields)
        self.seq += 1
        self.writer.write(line)
        await self.writer.drain()

    async def receive(self) -> HostMessage | None:
        """The next checked message; None when the line has closed."""
        while True:
            try:
                line = await self.reader.readline()
            except ValueError:
                return None
            if not line:
                return None
            try:
                message = protocol.read_host(line, self.last_in)
            except Refused:
                continue
            self.last_in = message.seq
            return message

    def close(self) -> None:
        self.writer.close()
