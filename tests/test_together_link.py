"""The owner's socket against real and hostile joining clients: it keeps going, leaks nothing."""

from __future__ import annotations

import asyncio
import contextlib
import json
import stat
import time
from pathlib import Path
from typing import Any

from reconnect_tui.engine.duo import Duo
from reconnect_tui.together import invites, protocol
from reconnect_tui.together.link import Guest, Host, JoinRefused
from tests.test_builtin_exercises import Answerer
from tests.test_engine_duo import duo_for, give


class RawClient:
    """A joining client that sends whatever it is told and logs every byte it receives."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.log = bytearray()
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        while chunk := await self.reader.read(65536):
            self.log += chunk

    def send(self, raw: bytes) -> None:
        self.writer.write(raw)

    def messages(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in bytes(self.log).splitlines() if line.strip()]

    def said(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.messages() if m["t"] == kind]

    async def settle(self, seconds: float = 0.15) -> None:
        with contextlib.suppress(ConnectionError):  # the owner may have let it go
            await self.writer.drain()
        await asyncio.sleep(seconds)

    @property
    def closed(self) -> bool:
        return self.task.done()


def msg(n: int, t: str, **fields: Any) -> bytes:
    return protocol.encode(t, n, **fields)


async def hosting(exercise_id: str, data_dir: Path) -> tuple[Duo, Host]:
    duo = duo_for(exercise_id)
    invitation = invites.create(
        data_dir,
        code=invites.new_code(),
        exercise=exercise_id,
        title="Test",
        inviter="Sam",
        guest="Alex",
    )
    host = Host(
        duo,
        invitation,
        guest="b",
        session_id="s1",
        on_change=lambda: None,
        clock=time.monotonic,
    )
    await host.start()
    return duo, host


async def raw_client(host: Host) -> RawClient:
    reader, writer = await asyncio.open_unix_connection(str(host.invitation.socket))
    return RawClient(reader, writer)


def test_the_folder_and_socket_are_private_and_the_invitation_is_found(tmp_path: Path) -> None:
    async def main() -> None:
        _duo, host = await hosting("daily-check-in", tmp_path)
        folder = invites.folder_in(tmp_path)
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(host.invitation.socket.stat().st_mode) == 0o600
        assert stat.S_IMODE(host.invitation.note.stat().st_mode) == 0o600
        found = invites.open_invitations(tmp_path)
        assert [inv.code for inv in found] == [host.invitation.code]
        await host.stop("done")
        assert invites.open_invitations(tmp_path) == []

    asyncio.run(main())


def test_a_stale_note_from_a_killed_owner_is_tidied(tmp_path: Path) -> None:
    invitation = invites.create(
        tmp_path, code="ABC-DEF", exercise="x", title="T", inviter="Sam", guest="Alex"
    )
    invites.publish(invitation)  # no socket: as if the owner was killed before listening
    assert invites.open_invitations(tmp_path) == []
    assert not invitation.note.exists()


def test_the_wrong_code_and_a_second_screen_are_refused(tmp_path: Path) -> None:
    async def main() -> None:
        _duo, host = await hosting("daily-check-in", tmp_path)
        wrong = await raw_client(host)
        wrong.send(msg(0, "hello", code="AAA-AAA", person=None))
        await wrong.settle()
        assert wrong.said("refused")[0]["why"] == "That join code is not for this session."
        assert not wrong.said("seat")
        guest = await Guest.connect(host.invitation, host.invitation.code)
        assert guest.person == "b"
        try:
            await Guest.connect(host.invitation, host.invitation.code)
        except JoinRefused as refused:
            assert "already joined for Alex" in str(refused)
        else:
            raise AssertionError("a second screen for the same person was let in")
        guest.close()
        await host.stop("done")

    asyncio.run(main())


def test_a_screen_served_as_another_person_cannot_take_the_guests_seat(tmp_path: Path) -> None:
    async def main() -> None:
        duo, host = await hosting("daily-check-in", tmp_path)
        assert duo.answer("b", None, step_id="welcome").accepted
        for step, value in (("welcome", None), ("mood", 4), ("energy", 2)):
            assert duo.answer("a", value, step_id=step).accepted
        assert duo.answer("a", "SAMPRIVATE", step_id="appreciation").accepted
        # Sam, served, claims the seat of the invitation meant for Alex, with the right code.
        sam = await raw_client(host)
        sam.send(msg(0, "hello", code=host.invitation.code, person="Sam"))
        sam.send(msg(1, "answer", step="welcome", value=None))
        await sam.settle()
        assert (
            sam.said("refused")[0]["why"]
            == "This invitation is for Alex, so only Alex can join it."
        )
        assert not sam.said("welcome") and not sam.said("seat") and not sam.said("outcome")
        assert b"SAMPRIVATE" not in sam.log and b"mood" not in sam.log
        assert not host.partner_here
        # Alex, served as Alex (names match without regard to case), is let in.
        guest = await Guest.connect(host.invitation, host.invitation.code, person="alex")
        assert guest.person == "b" and host.partner_here
        guest.close()
        await host.stop("done")

    asyncio.run(main())


def test_a_hostile_client_is_refused_plainly_and_learns_nothing_private(tmp_path: Path) -> None:
    async def main() -> None:
        duo, host = await hosting("shared-meaning", tmp_path)
        client = await raw_client(host)
        client.send(msg(0, "hello", code=host.invitation.code, person=None))
        await client.settle()
        assert client.said("welcome")[0]["person"] == "b"
        # Both continue the welcome; Sam (a) picks the long round on the owner's screen.
        duo.answer("a", None)
        client.send(msg(1, "answer", step="welcome", value=None))
        await client.settle()
        answerer = Answerer()
        give(duo, "a", answerer)  # the path, for both
        host.changed()
        # Sam's private list, typed on the owner's screen.
        assert duo.seat("a").step_id == "values"
        assert duo.answer("a", ["SECRET-honesty", "SECRET-play", "SECRET-rest"]).accepted
        host.changed()
        n = 2
        hostile = [
            b"{not json\n",
            b'{"v": 9, "n": 3, "t": "back"}\n',
            msg(n, "answer", step="values", value=["x"])[:-2] + b',"as":"a"}\n',
            msg(n + 1, "answer", step="compare-values", value=None),
            msg(n + 2, "draft", step="values", value=["ok"])
            + msg(n + 2, "draft", step="x", value=1),
            msg(n + 3, "end_break"),
            msg(n + 4, "draft", step="values", value={"a": ["nested"]}),
        ]
        for raw in hostile:
            client.send(raw)
        await client.settle()
        whys = [m["why"] for m in client.said("refused")]
        assert protocol.NOT_READABLE in whys
        assert protocol.WRONG_VERSION in whys
        assert protocol.OUT_OF_ORDER in whys
        outcomes = client.said("outcome")
        assert any(not o["accepted"] and o["reasons"] for o in outcomes)
        assert duo.session.answers()["path"]  # the session went on untouched
        # A flood: refused once, calmly, and the owner keeps going.
        client.send(b"".join(msg(100 + i, "back") for i in range(300)))
        await client.settle(0.3)
        assert any("very fast" in m["why"] for m in client.said("refused"))
        assert b"SECRET" not in bytes(client.log)
        # A flood that goes on is let go; the owner is fine and Alex can join again.
        assert client.closed and not host.partner_here
        client = await raw_client(host)
        client.send(msg(0, "hello", code=host.invitation.code, person=None))
        # An oversized line: refused, and that connection is let go; the owner is fine.
        client.send(b'{"v":1,"n":999,"t":"draft","step":"values","value":"' + b"x" * 40000)
        client.send(b'"}\n')
        await client.settle(0.3)
        assert protocol.TOO_LONG in [m["why"] for m in client.said("refused")]
        assert not host.partner_here
        again = await Guest.connect(host.invitation, host.invitation.code)
        first = await again.receive()
        assert first is not None and first.kind == "seat"
        assert b"SECRET" not in bytes(client.log)
        # Alex answers too: now, and only now, the compare shows both lists to both.
        await again.send("answer", step="values", value=["rest", "music", "walks"])
        while (message := await again.receive()) is not None and message.kind != "seat":
            pass
        assert message is not None and message.fields["seat"].step_id == "compare-values"
        assert "SECRET-play" in message.fields["seat"].comparison.only["a"]
        again.close()
        await host.stop("done")

    asyncio.run(main())


def test_idle_sends_nothing_and_an_answer_arrives_as_one_seat(tmp_path: Path) -> None:
    async def main() -> None:
        duo, host = await hosting("daily-check-in", tmp_path)
        guest = await Guest.connect(host.invitation, host.invitation.code)
        await guest.receive()  # the first seat
        before = (host.seq, guest.seq)  # messages sent so far
        await asyncio.sleep(0.5)
        assert (host.seq, guest.seq) == before
        duo.answer("a", None)
        host.changed()
        host.changed()  # nothing new for Alex: nothing sent
        await guest.send("answer", step="welcome", value=None)
        outcome = await guest.receive()
        assert outcome is not None and outcome.kind == "outcome" and outcome.fields["accepted"]
        seat = await guest.receive()
        assert seat is not None and seat.fields["seat"].step_id == "mood"
        guest.close()
        await host.stop("done")

    asyncio.run(main())
