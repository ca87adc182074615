"""The app over ``reconnect serve`` against the same app in a local pseudo-terminal.

Both run the real program at 80x24 with TERM=xterm-256color and empty private
folders. The server is ``reconnect serve --port 0`` in its own process (a
fresh host key, one person's key); the client is asyncssh's, in this
process, so the bytes counted are what the app sends, as a terminal would
receive them after decryption. Measured, alternating runs, medians:

- start to first paint of Home (heading and an exercise title visible),
  from the client's connect, handshake and login included;
- bytes per typed character on the daily check-in's one-line text step;
- bytes per second with nobody typing on that step;
- memory per connection: the server's own resident memory added by one
  more person, and the child app's peak (VmHWM) beside the local app's.

Reported, no target.

    python benchmarks/bench_serve.py [--runs 5] [--chars 40] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

import _pty  # noqa: E402

HOME_TEXT = ("reconnect", "lighter ones")
TEXT_STEP = "One appreciation"


def kib(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} for {pid}")


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as listing:
            found += [int(child) for child in listing.read().split()]
    return found


class Served:
    """``reconnect serve`` in its own process, with one key let in."""

    def __init__(self, folder: Path) -> None:
        import asyncssh

        self.key = asyncssh.generate_private_key("ssh-ed25519")
        env = _pty.app_env(folder)
        pub = folder / "bench.pub"
        folder.mkdir(parents=True, exist_ok=True)
        pub.write_bytes(self.key.export_public_key())
        subprocess.run(
            _pty.reconnect("serve", "keys", "add", "Bench", str(pub)),
            env=env,
            check=True,
            capture_output=True,
        )
        self.process = subprocess.Popen(
            _pty.reconnect("serve", "--port", "0", "--max-connections", "8"),
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stderr is not None
        port = None
        while port is None:
            line = self.process.stderr.readline()
            if not line:
                raise RuntimeError("reconnect serve ended before it listened")
            if found := re.search(r"listening on \S+ port (\d+)", line):
                port = int(found.group(1))
        self.port = port

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


class Client:
    """One person's asyncssh connection, running the app in an 80x24 terminal."""

    def __init__(self, served: Served) -> None:
        self.served = served
        self.raw = bytearray()
        self.conn: Any = None
        self.process: Any = None

    async def open(self) -> float:
        """Connect and wait for Home; the seconds it took."""
        import asyncssh

        started = time.perf_counter()
        self.conn = await asyncssh.connect(
            "127.0.0.1",
            self.served.port,
            username="bench",
            client_keys=[self.served.key],
            known_hosts=None,
            agent_path=None,
            config=None,
        )
        self.process = await self.conn.create_process(
            term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        await self.wait_for(*HOME_TEXT)
        return time.perf_counter() - started

    async def _read(self, timeout: float) -> int:
        try:
            data = await asyncio.wait_for(self.process.stdout.read(65536), timeout)
        except TimeoutError:
            return 0
        self.raw += data
        return len(data)

    async def wait_for(self, *every: str, since: int = 0, timeout: float = 60) -> None:
        deadline = time.perf_counter() + timeout
        while not all(item in _pty.plain(bytes(self.raw[since:])) for item in every):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"did not see {every}")
            await self._read(0.05)

    async def settle(self, quiet: float = 0.4) -> None:
        while await self._read(quiet):
            pass

    async def count(self, seconds: float) -> int:
        total = 0
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            total += await self._read(min(left, 0.1))
        return total

    async def press(self, keys: str, *expect: str) -> None:
        since = len(self.raw)
        self.process.stdin.write(keys.encode())
        if expect:
            await self.wait_for(*expect, since=since)

    async def to_text_step(self) -> None:
        """From Home: the daily check-in, alone, on to its one-line text step."""
        await self.settle(0.3)
        await self.press("\x1b[B")
        await asyncio.sleep(0.2)
        await self.press("\r", "Who's here")
        await self.press("\r", "Two minutes")
        await self.settle(0.3)
        await self.press("\r", "How is your mood today?")
        await self.press("3", "[3")
        await self.press("\r", "How much energy")
        await self.press("3", "[3")
        await self.press("\r", TEXT_STEP)
        await self.settle(0.6)

    def close(self) -> None:
        self.conn.close()


def typing_bytes(send: Any, count: Any, chars: int) -> float:
    """Bytes per character over *chars* characters, each sent and its output read."""
    total = 0
    for number in range(chars):
        send("abcdefghij"[number % 10])
        total += count(0.15)
    return total / chars


async def serve_runs(served: Served, runs: int, chars: int, idle: float) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {"paint": [], "typed": [], "idle": []}
    for _ in range(runs):
        client = Client(served)
        found["paint"].append(await client.open())
        client.close()
    client = Client(served)
    await client.open()
    await client.to_text_step()
    total = 0
    for number in range(chars):
        client.process.stdin.write("abcdefghij"[number % 10].encode())
        total += await client.count(0.15)
    found["typed"].append(total / chars)
    await client.settle(0.6)
    found["idle"].append(await client.count(idle) / idle)
    client.close()
    return found


async def memory(served: Served, people: int) -> tuple[float, list[int]]:
    """(server KiB added per connection, each child's VmHWM in KiB) with *people* at Home."""
    await asyncio.sleep(0.5)
    before = kib(served.process.pid, "VmRSS")
    clients = [Client(served) for _ in range(people)]
    for client in clients:
        await client.open()
        await client.settle(0.5)
    after = kib(served.process.pid, "VmRSS")
    peaks = [kib(child, "VmHWM") for child in children(served.process.pid)]
    for client in clients:
        client.close()
    return (after - before) / people, peaks


def local_runs(folder: Path, runs: int, chars: int, idle: float) -> dict[str, Any]:
    found: dict[str, Any] = {"paint": [], "typed": [], "idle": [], "peak": []}
    for number in range(runs):
        env = _pty.app_env(folder / f"local-{number}")
        started = time.perf_counter()
        with _pty.Term(_pty.reconnect(), env, timeout=60) as term:
            term.wait_for(*HOME_TEXT)
            found["paint"].append(time.perf_counter() - started)
            term.settle(0.5)
            found["peak"].append(term.peak_memory_kib())
            term.quit()
    with _pty.open_text_step(folder / "local-typing") as term:
        found["typed"].append(typing_bytes(term.send, term.count, chars))
        term.settle(quiet=0.6)
        found["idle"].append(term.count(idle) / idle)
        term.quit()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--chars", type=int, default=40)
    parser.add_argument("--people", type=int, default=2, help="connections for the memory row")
    parser.add_argument("--quick", action="store_true", help="one short run of each")
    args = parser.parse_args(argv)
    try:
        import asyncssh  # noqa: F401
    except ImportError:
        print("skipped: needs asyncssh (pip install -e '.[serve]')")
        return 0
    runs, chars, idle = (1, 10, 2.0) if args.quick else (args.runs, args.chars, 5.0)
    print(_pty.load())
    _pty.compile_package()
    folder = Path(tempfile.mkdtemp(prefix="reconnect-bench-serve-"))
    local = local_runs(folder, runs, chars, idle)
    served = Served(folder / "served")
    try:
        remote = asyncio.run(serve_runs(served, runs, chars, idle))
        added, peaks = asyncio.run(memory(served, args.people))
    finally:
        served.stop()
    med = _pty.median
    print(_pty.row("measure", "local pty", "over serve", "ratio", "target", ""))
    rows = [
        ("start to first paint (s)", med(local["paint"]), med(remote["paint"]), "{:.2f}"),
        ("bytes per typed character", med(local["typed"]), med(remote["typed"]), "{:.0f}"),
        ("idle bytes per second", med(local["idle"]), med(remote["idle"]), "{:.0f}"),
        ("app peak memory (KiB)", med(local["peak"]), med(peaks), "{:,.0f}"),
    ]
    for label, here, there, shape in rows:
        ratio = f"{there / here:.2f}x" if here else ""
        print(_pty.row(label, shape.format(here), shape.format(there), ratio, "reported", ""))
    print(_pty.row("server memory per connection (KiB)", "", f"{added:,.0f}", "", "reported", ""))
    print(
        f"runs (s): local {[round(t, 2) for t in local['paint']]}, "
        f"serve {[round(t, 2) for t in remote['paint']]}"
    )
    print(_pty.load())
    return 0


if __name__ == "__main__":
    sys.exit(main())
