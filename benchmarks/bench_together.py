"""Together on two screens: from an answer to the other screen, and bytes when idle or typing.

Two real programs, each in its own 80x24 pseudo-terminal (TERM=xterm-256color),
share one data folder as two logins to one account would:

* the owner: ``reconnect start daily-check-in --together Sam Alex --two-screens``;
* the joiner: ``reconnect join CODE``, through a counting relay: the benchmark
  puts its own socket beside the owner's (and an invitation note naming it),
  so every byte between the two programs is counted, both ways.

Measured, per round (a fresh pair of programs each round):

* answer to the other screen: a key pressed on one screen until the words
  it brings appear on the other screen (the joiner continuing the welcome,
  seen on Sam's screen; Sam giving the last answer of a run, seen on Alex's).
  Floor: the same key until the pressing person's own screen changes.
  Target: < 100 ms on loopback.
* idle: bytes per second with nobody typing, on both terminals and on the
  socket, both ways. Target: 0.
* typing: Alex types 40 characters at about 8 a second on a text step, then
  stops. Bytes on the socket while typing (target 0: a draft goes only once
  the typing pauses), after the pause (one draft), and on Sam's terminal.

    python benchmarks/bench_together.py [--rounds 3] [--seconds 5] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _pty

LATENCY_TARGET_MS = 100.0
CTRL_N = "\x0e"


class Relay:
    """A Unix socket that passes bytes to the owner's socket and counts them, both ways."""

    def __init__(self, listen: Path, target: Path) -> None:
        self.listen, self.target = listen, target
        self.to_owner = 0
        self.to_joiner = 0
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        self.ready.wait(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._serve())
        self.ready.set()
        self.loop.run_forever()

    async def _serve(self) -> None:
        await asyncio.start_unix_server(self._pass, path=str(self.listen))
        os.chmod(self.listen, 0o600)

    async def _pass(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        owner_reader, owner_writer = await asyncio.open_unix_connection(str(self.target))

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter, way: str) -> None:
            while data := await src.read(65536):
                setattr(self, way, getattr(self, way) + len(data))
                dst.write(data)
                await dst.drain()
            dst.close()

        await asyncio.gather(
            pump(reader, owner_writer, "to_owner"),
            pump(owner_reader, writer, "to_joiner"),
            return_exceptions=True,
        )

    def counts(self) -> tuple[int, int]:
        return self.to_owner, self.to_joiner


def relay_invitation(data_dir: Path) -> tuple[str, Relay]:
    """Put a counting relay in front of the one open invitation; return its code."""
    folder = data_dir / "together"
    [note] = sorted(folder.glob("*.json"))
    invitation = json.loads(note.read_text(encoding="utf-8"))
    relay = Relay(folder / "relay.sock", folder / invitation["socket"])
    invitation["socket"] = "relay.sock"
    relay_note = folder / "relay.json"
    fd = os.open(relay_note, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(invitation, out)
    note.unlink()
    return invitation["code"], relay


def both_show(mine: _pty.Term, theirs: _pty.Term, keys: str, own: str, other: str) -> tuple:
    """Press *keys* on *mine*; seconds until *own* shows there and *other* on *theirs*."""
    since = (len(mine.raw), len(theirs.raw))
    start = time.perf_counter()
    mine.send(keys)
    seen: dict[str, float] = {}
    deadline = start + 15
    while len(seen) < 2 and time.perf_counter() < deadline:
        for name, term, text, at in (
            ("own", mine, own, since[0]),
            ("other", theirs, other, since[1]),
        ):
            if name not in seen:
                term._read(0.002)
                if text in _pty.plain(bytes(term.raw[at:])):
                    seen[name] = time.perf_counter() - start
    if len(seen) < 2:
        raise TimeoutError(f"did not see both {own!r} and {other!r}")
    return seen["own"], seen["other"]


def one_round(folder: Path, seconds: float, typing: bool) -> dict[str, list[float] | float]:
    env = _pty.app_env(folder)
    owner = _pty.Term(
        _pty.reconnect("start", "daily-check-in", "--together", "Sam", "Alex", "--two-screens"),
        env,
    )
    joiner = None
    try:
        owner.wait_for("Join code")
        code, relay = relay_invitation(folder / "data")
        joiner = _pty.Term(_pty.reconnect("join", code), env)
        joiner.wait_for("Sam is here too")
        owner.wait_for("Alex is here")
        _pty.press(owner, CTRL_N, "still with this step")
        joiner.settle(0.3)
        owner.settle(0.3)
        mine_ms, other_ms = [], []
        own, other = both_show(joiner, owner, CTRL_N, "Alex, how is your mood", "Sam, how is")
        mine_ms.append(own * 1000)
        other_ms.append(other * 1000)
        joiner.settle(0.3)
        owner.settle(0.3)
        # Idle: nobody types; count everything, both terminals and the socket.
        before = relay.counts()
        owner_bytes, joiner_bytes = owner.count(seconds), joiner.count(seconds)
        after = relay.counts()
        idle = (owner_bytes + joiner_bytes) / (2 * seconds)
        idle_socket = (sum(after) - sum(before)) / (2 * seconds)
        # Alex goes on to the text step and types there.
        for keys, expect in (("3", "[3"), (CTRL_N, "how much energy"), ("3", "[3")):
            _pty.press(joiner, keys, expect)
        _pty.press(joiner, CTRL_N, "One appreciation")
        joiner.settle(0.5)
        owner.settle(0.3)
        typing_socket = after_pause = owner_typing = 0
        if typing:
            start = relay.counts()
            owner_start = len(owner.raw)
            for char in "thank you for the walk this evening, x":
                joiner.send(char)
                joiner._read(0.12)
            while_typing = relay.counts()
            joiner.count(3.0)  # the pause: one draft goes now
            paused = relay.counts()
            owner.settle(0.2)
            typing_socket = sum(while_typing) - sum(start)
            after_pause = sum(paused) - sum(while_typing)
            owner_typing = len(owner.raw) - owner_start
        # Alex ends the run (skipping the last step) and waits; Sam answers the whole run.
        _pty.press(joiner, CTRL_N, "One small need")
        _pty.press(joiner, CTRL_N, "Sam is still writing")
        for keys, expect in (("3", "[3"), (CTRL_N, "how much energy"), ("3", "[3")):
            _pty.press(owner, keys, expect)
        _pty.press(owner, CTRL_N, "One appreciation")
        _pty.press(owner, CTRL_N, "One small need")
        owner.settle(0.3)
        joiner.settle(0.3)
        own, other = both_show(owner, joiner, CTRL_N, "That's all for today", "That's all")
        mine_ms.append(own * 1000)
        other_ms.append(other * 1000)
        return {
            "own": mine_ms,
            "other": other_ms,
            "idle": idle,
            "idle_socket": idle_socket,
            "typing_socket": float(typing_socket),
            "after_pause": float(after_pause),
            "owner_typing": float(owner_typing),
        }
    finally:
        for term in (joiner, owner):
            if term is not None:
                term.quit()
                term.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="pairs of programs (3)")
    parser.add_argument("--seconds", type=float, default=5.0, help="idle span (5)")
    parser.add_argument("--quick", action="store_true", help="one short round (smoke test)")
    args = parser.parse_args(argv)
    rounds, seconds = (1, 1.0) if args.quick else (args.rounds, args.seconds)
    _pty.compile_package()
    folder = _pty.workdir()
    print(f"before: {_pty.load()}")
    results = [one_round(folder / f"r{n}", seconds, typing=n == 0) for n in range(rounds)]
    print(f"after:  {_pty.load()}")
    own = [ms for result in results for ms in result["own"]]  # type: ignore[union-attr]
    other = [ms for result in results for ms in result["other"]]  # type: ignore[union-attr]
    idle = max(float(result["idle"]) for result in results)  # type: ignore[arg-type]
    idle_socket = max(float(result["idle_socket"]) for result in results)  # type: ignore[arg-type]
    first = results[0]
    print(f"rounds: {rounds}, samples: {len(other)}, idle span {seconds:g} s")
    print(_pty.header())
    own_ms, other_ms = _pty.median(own), _pty.median(other)
    print(
        _pty.row(
            "answer to the other screen",
            f"{own_ms:.0f} ms",
            f"{other_ms:.0f} ms",
            f"{other_ms / own_ms:.2f}x",
            f"< {LATENCY_TARGET_MS:.0f} ms",
            _pty.verdict(other_ms, LATENCY_TARGET_MS),
        )
    )
    print(f"  slowest to the other screen: {max(other):.0f} ms")
    print(
        _pty.row(
            "idle, both terminals", "-", f"{idle:.1f} B/s", "-", "0 B/s", _pty.verdict(idle, 0)
        )
    )
    print(
        _pty.row(
            "idle, socket both ways",
            "-",
            f"{idle_socket:.1f} B/s",
            "-",
            "0 B/s",
            _pty.verdict(idle_socket, 0),
        )
    )
    print(
        _pty.row(
            "socket while typing (5 s)",
            "-",
            f"{first['typing_socket']:.0f} B",
            "-",
            "0 B",
            _pty.verdict(float(first["typing_socket"]), 0),  # type: ignore[arg-type]
        )
    )
    print(f"  after the typing pauses (one draft): {first['after_pause']:.0f} B on the socket")
    print(f"  Sam's terminal while Alex types: {first['owner_typing']:.0f} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())
