"""Shared helpers for the benchmarks that run a program in a real pseudo-terminal.

A :class:`Term` starts a command in an 80x24 pseudo-terminal with
``TERM=xterm-256color`` and private, empty settings and data folders, keeps
every byte the program writes, and can wait for visible text, count bytes over
a span of time, read the peak memory of the process and quit with ctrl+q.

The floors (a minimal Textual app, a bare ``Input``) are written as small
script files by :func:`script` and run by the same Python as ours.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
ROWS, COLUMNS = 24, 80
CTRL_Q = "\x11"

# Escape sequences: CSI (colours, cursor moves, modes), OSC (titles, clipboard), others.
_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    rb"|\x1b[P^_][^\x1b]*\x1b\\"  # DCS, PM, APC
    rb"|\x1b[()*+][0-~]"  # character sets
    rb"|\x1b[@-Z\\-_=>]"  # two-byte sequences
)


def plain(data: bytes) -> str:
    """The text in terminal output, escape sequences taken out."""
    return _ESCAPES.sub(b"", data).decode("utf-8", "replace")


def workdir() -> Path:
    """A fresh temporary folder, removed when the benchmark ends."""
    folder = Path(tempfile.mkdtemp(prefix="reconnect-bench-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def script(folder: Path, name: str, source: str) -> Path:
    """Write *source* as ``folder/name`` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(source, encoding="utf-8")
    return path


def app_env(folder: Path) -> dict[str, str]:
    """The environment every run gets: a 256-colour terminal and empty private folders."""
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(ROWS)}
    for name in ("TEXTUAL", "TEXTUAL_FPS", "NO_COLOR"):
        env.pop(name, None)
    env["RECONNECT_CONFIG_DIR"] = str(folder / "config")
    env["RECONNECT_DATA_DIR"] = str(folder / "data")
    return env


def compile_package() -> None:
    """Write the package's bytecode, as ``pip install`` does, so no run pays to compile it.

    An editable install under ``PYTHONDONTWRITEBYTECODE`` would otherwise
    compile every edited module on every start, which a user never sees.
    """
    import compileall

    compileall.compile_dir(str(ROOT / "reconnect_tui"), quiet=1, force=False)


def reconnect(*args: str) -> list[str]:
    """The command line of ``reconnect ARGS`` run as ``python -m reconnect_tui``."""
    return [PYTHON, "-m", "reconnect_tui", *args]


class Term:
    """One program in a pseudo-terminal; every byte it writes is kept in :attr:`raw`."""

    def __init__(
        self,
        argv: Sequence[str],
        env: dict[str, str],
        *,
        timeout: float = 30,
        cwd: Path = ROOT,
    ) -> None:
        self.timeout = timeout
        self.raw = bytearray()
        self.started = time.perf_counter()
        self.child = pexpect.spawn(
            argv[0],
            list(argv[1:]),
            env=env,
            cwd=str(cwd),
            dimensions=(ROWS, COLUMNS),
            timeout=timeout,
        )

    def __enter__(self) -> Term:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def pid(self) -> int:
        return self.child.pid

    def _read(self, timeout: float) -> int:
        """Read what arrives within *timeout* seconds (one chunk); 0 on silence or EOF."""
        try:
            data = self.child.read_nonblocking(65536, timeout=timeout)
        except (pexpect.TIMEOUT, pexpect.EOF):
            return 0
        self.raw += data
        return len(data)

    def wait_for(
        self, *every: str, any_of: Iterable[str] = (), since: int = 0, timeout: float | None = None
    ) -> float:
        """Read until the visible text shows all of *every* and one of *any_of*.

        Only output from byte *since* on counts. Returns the ``perf_counter``
        time the last needed byte arrived; raises ``TimeoutError`` otherwise.
        """
        options = tuple(any_of)
        deadline = time.perf_counter() + (timeout or self.timeout)
        while True:
            text = plain(bytes(self.raw[since:]))
            if all(item in text for item in every) and (
                not options or any(item in text for item in options)
            ):
                return time.perf_counter()
            if time.perf_counter() > deadline or (not self.child.isalive() and not self._read(0)):
                raise TimeoutError(f"did not see {every} {options} in: {text[-600:]!r}")
            self._read(0.05)

    def settle(self, quiet: float = 0.4, limit: float = 15.0) -> int:
        """Read until nothing is written for *quiet* seconds; return the bytes read."""
        total = 0
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            got = self._read(quiet)
            if not got:
                return total
            total += got
        return total

    def count(self, seconds: float) -> int:
        """The bytes written during the next *seconds* seconds."""
        total = 0
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            total += self._read(min(left, 0.1))
        return total

    def send(self, text: str) -> None:
        self.child.send(text)

    def peak_memory_kib(self) -> int:
        """VmHWM (the most resident memory the process has used) in KiB."""
        with open(f"/proc/{self.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmHWM in /proc status")

    def quit(self, timeout: float = 10) -> int:
        """Press ctrl+q, wait for the program to end; return its exit status (-1 if it hung)."""
        self.send(CTRL_Q)
        deadline = time.perf_counter() + timeout
        while self.child.isalive() and time.perf_counter() < deadline:
            self._read(0.1)
            if not self.child.isalive():
                break
        if self.child.isalive():
            return -1
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -1

    def close(self) -> None:
        if self.child.isalive():
            self.child.close(force=True)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def load() -> str:
    """The machine's load averages, to print next to timings."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def verdict(value: float, target: float) -> str:
    return "OK" if value <= target else "OVER"


def row(label: str, floor: str, ours: str, ratio: str, target: str, ok: str) -> str:
    return f"{label:<28} {floor:>12} {ours:>12} {ratio:>8}  {target:<10} {ok}"


def header() -> str:
    return row("measure", "floor", "ours", "ratio", "target", "")


# --- getting somewhere in the real app ------------------------------------------

TEXT_STEP_TITLE = "One appreciation"


def press(term: Term, keys: str, *expect: str, timeout: float | None = None) -> None:
    """Send *keys* and wait until the visible text written after them shows *expect*."""
    since = len(term.raw)
    term.send(keys)
    if expect:
        term.wait_for(*expect, since=since, timeout=timeout)


def open_text_step(folder: Path) -> Term:
    """``reconnect start daily-check-in --solo Sam``, on to its first text step.

    Read step (Enter on Continue), mood and energy (3, Enter), then the
    one-line "One appreciation" step with its Input focused; the output has
    settled when this returns.
    """
    term = Term(reconnect("start", "daily-check-in", "--solo", "Sam"), app_env(folder))
    try:
        term.wait_for("Two minutes")
        term.settle(quiet=0.3)
        press(term, "\r", "How is your mood today?")
        press(term, "3", "[3")
        press(term, "\r", "How much energy")
        press(term, "3", "[3")
        press(term, "\r", TEXT_STEP_TITLE)
        term.settle(quiet=0.6)
    except BaseException:
        term.close()
        raise
    return term


PAUSE_EXERCISE = """\
format = 1
id = "bench-breathe"
title = "Bench breathing"
summary = "A minute of slow breathing, as in the calm check-in."
minutes = 1
depth = "light"
audience = "either"

[[steps]]
id = "breathe"
kind = "pause"
title = "A minute of slow breathing"
text = "Breathe in gently for a count of four, and out for a count of six."
seconds = 60
min_seconds = 20
rhythm = { inhale = 4, exhale = 6 }
"""


def open_pause(folder: Path, *flags: str) -> Term:
    """``reconnect start`` on a one-step exercise: a minute's breathing pause, first frames past.

    *flags* go before the command (e.g. ``--low-bandwidth``).
    """
    exercises = folder / "exercises"
    script(exercises, "bench-breathe.toml", PAUSE_EXERCISE)
    argv = reconnect(*flags, "--exercises", str(exercises), "start", "bench-breathe", "--solo")
    term = Term(argv, app_env(folder), timeout=60)
    try:
        term.wait_for("A minute of slow breathing", "of quiet left")
        term.settle(quiet=0.3, limit=1.5)  # the first full frame is not part of the rhythm
    except BaseException:
        term.close()
        raise
    return term


PREVIEW_EXERCISE = """\
format = 1
id = "bench-preview"
title = "Bench preview"
summary = "Two steps, for watching a preview sit still."
audience = "either"

[[steps]]
id = "feel"
kind = "scale"
text = "How close do you feel today?"

[[steps]]
id = "thanks"
kind = "text"
title = "A short thank you"
text = "You said {answer.feel}. Write a short thank you."
"""


def open_preview(folder: Path) -> Term:
    """``reconnect preview FILE --at thanks``: a text step, the file watched, first frames past."""
    path = script(folder, "bench-preview.toml", PREVIEW_EXERCISE)
    term = Term(reconnect("preview", str(path), "--at", "thanks"), app_env(folder))
    try:
        term.wait_for("A short thank you")
        term.settle(quiet=0.6)
    except BaseException:
        term.close()
        raise
    return term


BARE_INPUT = """
from textual.app import App
from textual.widgets import Input


class Bare(App):
    def compose(self):
        field = Input(placeholder="you made me tea without being asked")
        field.cursor_blink = False
        yield field


Bare().run()
"""


def open_bare_input(folder: Path) -> Term:
    """A bare Textual ``Input`` (cursor blink off), focused, output settled."""
    path = script(folder, "bare_input.py", BARE_INPUT)
    term = Term([PYTHON, str(path)], app_env(folder))
    try:
        term.wait_for("you made me tea")
        term.settle(quiet=0.6)
    except BaseException:
        term.close()
        raise
    return term
