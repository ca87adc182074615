"""The server's log: who came, from where, with which key, and what was refused.

Lines go to ``serve.log`` in the data folder (0600, appended) and, one short
line per connection (who came in, from where, with which key), to stderr.
Only what the server decides is written: names, key fingerprints,
addresses, refusals. Never a word typed in the app or an answer; the server
never sees those apart from the bytes it passes on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TextIO

from reconnect_tui.common.atomic import FILE_MODE, SaveError, ensure_private_dir, reason_for
from reconnect_tui.common.paths import Paths
from reconnect_tui.common.safetext import one_line


def log_file(paths: Paths) -> Path:
    return paths.data_dir / "serve.log"


class Journal:
    """Appends one clean line per event to the log file; ``say`` also prints it to stderr."""

    def __init__(self, path: Path, stderr: TextIO | None = None) -> None:
        self.path = path
        self.stderr = stderr if stderr is not None else sys.stderr
        ensure_private_dir(path.parent)
        try:
            self._fd = os.open(
                path,
                os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                FILE_MODE,
            )
            os.fchmod(self._fd, FILE_MODE)
        except OSError as error:
            raise SaveError(path, reason_for(error)) from error

    def log(self, event: str) -> None:
        """One line in the log file (cleaned: no control characters, one line)."""
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with contextlib.suppress(OSError):
            os.write(self._fd, f"{stamp} {one_line(event, 400)}\n".encode())

    def say(self, event: str) -> None:
        """Log *event* and print it, short, on stderr."""
        self.log(event)
        with contextlib.suppress(OSError, ValueError):
            print(f"reconnect serve: {one_line(event, 160)}", file=self.stderr, flush=True)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._fd)
