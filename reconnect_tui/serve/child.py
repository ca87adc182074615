"""The app for one connection: its own pseudo-terminal and process, its own environment.

The child becomes the leader of a new session with the pseudo-terminal as
its controlling terminal, so the kernel sends it SIGWINCH when the size is
set and SIGHUP when the terminal hangs up, as a local terminal would (the app
saves its draft on a hang-up). One child's crash ends only its own connection.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import struct
import subprocess
import termios
from collections.abc import Mapping, Sequence

# What a client may set, and nothing else: the terminal and the language.
PASSED = ("TERM", "LANG", "COLORTERM")
PASSED_PREFIX = "LC_"
# What the child keeps of the server's own environment (never the RECONNECT_ ones:
# the server passes its folders on the command line).
KEPT = ("PATH", "HOME", "USER", "LOGNAME", "TMPDIR")
VALUE_LIMIT = 256


def env_allowed(name: str) -> bool:
    """Whether a client may set the environment variable *name*."""
    return name in PASSED or (
        name.startswith(PASSED_PREFIX) and name[3:].replace("_", "").isalnum()
    )


def child_environment(
    requested: Mapping[str, str], server: Mapping[str, str], term: str
) -> tuple[dict[str, str], list[str]]:
    """(the child's environment, the names of the variables refused).

    *term* is the terminal type from the pty request; it wins over a TERM
    variable, as with sshd.
    """
    env = {name: server[name] for name in KEPT if name in server}
    refused = []
    for name, value in requested.items():
        fits = len(value) <= VALUE_LIMIT and value.isprintable()
        if env_allowed(name) and fits:
            env[name] = value
        else:
            refused.append(name)
    env["TERM"] = term if term and term.isprintable() and len(term) <= 64 else "xterm"
    env.setdefault("LANG", "C.UTF-8")
    return env, refused


def _take_terminal() -> None:  # pragma: no cover - runs in the child, between fork and exec
    # start_new_session made the child a session leader; its stdin is the terminal.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def set_size(fd: int, columns: int, rows: int) -> None:
    """Give the terminal at *fd* a size (the kernel then sends SIGWINCH to its programs)."""
    columns = max(1, min(columns, 1000))
    rows = max(1, min(rows, 1000))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


class Child:
    """One program in its own pseudo-terminal; ``master`` is our end of it."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str], columns: int, rows: int):
        master, slave = os.openpty()
        try:
            set_size(master, columns, rows)
            self.process = subprocess.Popen(
                list(argv),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=dict(env),
                start_new_session=True,
                preexec_fn=_take_terminal,
                close_fds=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        os.set_blocking(master, False)
        self.master = master
        self.pid = self.process.pid

    def resize(self, columns: int, rows: int) -> None:
        """A window-change from the client: TIOCSWINSZ, and the kernel's SIGWINCH follows."""
        with contextlib.suppress(OSError):
            set_size(self.master, columns, rows)

    def hang_up(self) -> None:
        """The link is gone (or the server stops): SIGHUP to the child's group, as a terminal
        closing would send; it saves what is typed and ends."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGHUP)

    def close(self) -> None:
        """Close our end of the terminal (the child, if still there, sees the hang-up too)."""
        if self.master >= 0:
            with contextlib.suppress(OSError):
                os.close(self.master)
            self.master = -1

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
