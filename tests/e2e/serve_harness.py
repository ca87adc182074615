"""A ``reconnect serve`` in the test's own event loop, people's keys, and asyncssh clients."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncssh
import attrs

from reconnect_tui.common.paths import Paths
from reconnect_tui.serve import server as srv
from reconnect_tui.serve.journal import Journal, log_file
from reconnect_tui.serve.keys import add_key, keys_file
from reconnect_tui.serve.limits import Limits

# A stand-in for the app: says who it is, its environment and size, reports
# resizes and how many bytes it has read, and notes a hang-up in a file.
FAKE_APP = r"""
import json, os, signal, sys, tty
tty.setraw(0)
mark = sys.argv[2]
def hup(*_):
    with open(mark, "a") as f:
        f.write(sys.argv[1] + " hup\n")
    os._exit(0)
signal.signal(signal.SIGHUP, hup)
def winch(*_):
    s = os.get_terminal_size(0)
    os.write(1, f"SIZE {s.columns}x{s.lines}\n".encode())
signal.signal(signal.SIGWINCH, winch)
s = os.get_terminal_size(0)
info = {"person": sys.argv[1], "env": dict(os.environ), "size": [s.columns, s.lines]}
os.write(1, ("READY " + json.dumps(info) + "\n").encode())
total = 0
while True:
    try:
        data = os.read(0, 65536)
    except InterruptedError:
        continue
    except OSError:
        break
    if not data:
        break
    if data == b"CRASH":
        os.kill(os.getpid(), signal.SIGKILL)
    total += len(data)
    os.write(1, f"GOT {total}\n".encode())
"""

FAST = Limits(
    login_grace=5.0,
    keepalive_seconds=5.0,
    keepalive_count=3,
)


@attrs.define
class Harness:
    server: srv.Server
    port: int
    paths: Paths
    keys: dict[str, asyncssh.SSHKey]
    stderr: io.StringIO
    hup_file: Path

    def log(self) -> str:
        return log_file(self.paths).read_text()

    def hups(self) -> list[str]:
        return self.hup_file.read_text().splitlines() if self.hup_file.exists() else []

    async def connect(self, key: asyncssh.SSHKey | None = None, **options: Any) -> Any:
        """An asyncssh client connection; *key* None: the client offers no key."""
        options.setdefault("client_keys", [key] if key is not None else None)
        options.setdefault("agent_path", None)
        options.setdefault("known_hosts", None)
        options.setdefault("config", None)
        return await asyncssh.connect("127.0.0.1", self.port, username="someone", **options)

    async def open_app(self, conn: Any, **options: Any) -> Any:
        options.setdefault("term_type", "xterm-256color")
        options.setdefault("term_size", (80, 24))
        return await conn.create_process(encoding=None, **options)


def new_key() -> asyncssh.SSHKey:
    return asyncssh.generate_private_key("ssh-ed25519")


@contextlib.asynccontextmanager
async def running(
    tmp_path: Path, limits: Limits = FAST, *, real_app: bool = False
) -> AsyncIterator[Harness]:
    paths = Paths(config_dir=tmp_path / "cfg", data_dir=tmp_path / "data")
    keys = {"Alex": new_key(), "Sam": new_key()}
    for name, key in keys.items():
        add_key(keys_file(paths), name, key.export_public_key().decode())
    hup_file = tmp_path / "hups.txt"

    def fake(person: str) -> list[str]:
        return [sys.executable, "-c", FAKE_APP, person, str(hup_file)]

    settings = srv.Settings(
        paths=paths,
        listen="127.0.0.1",
        port=0,
        limits=limits,
        command=None if real_app else fake,
    )
    stderr = io.StringIO()
    journal = Journal(log_file(paths), stderr=stderr)
    server = srv.Server(settings, journal)
    port = await server.start()
    try:
        yield Harness(server, port, paths, keys, stderr, hup_file)
    finally:
        await server.stop()
        journal.close()


async def read_until(stream: Any, wanted: bytes, timeout: float = 30.0) -> bytes:
    """Read *stream* until *wanted* has been seen; everything read so far."""
    seen = b""

    async def more() -> None:
        nonlocal seen
        while wanted not in seen:
            chunk = await stream.read(65536)
            if not chunk:
                raise EOFError(seen[-300:])
            seen += chunk

    await asyncio.wait_for(more(), timeout)
    return seen


async def ready_info(process: Any) -> dict[str, Any]:
    seen = await read_until(process.stdout, b"}\n")
    line = seen[seen.index(b"READY ") + 6 :].split(b"\n")[0]
    info: dict[str, Any] = json.loads(line)
    return info


class Output:
    """What an app has written so far; each wait looks on from where the last one matched."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.raw = b""
        self.mark = 0

    async def until(self, wanted: bytes, timeout: float = 30.0) -> bytes:
        """Wait until *wanted* appears after the last match; what was written since."""

        async def more() -> int:
            while (found := self.raw.find(wanted, self.mark)) < 0:
                chunk = await self.stream.read(65536)
                if not chunk:
                    raise EOFError(self.raw[-300:])
                self.raw += chunk
            return found

        found = await asyncio.wait_for(more(), timeout)
        since, self.mark = self.mark, found + len(wanted)
        return self.raw[since : self.mark]
