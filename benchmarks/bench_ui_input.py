"""Bytes sent to the terminal per typed character: our text step against a bare Input.

Runs each app in a real pseudo-terminal (80x24), waits for it to settle,
types the same characters one at a time, and counts the bytes the app writes.
Over a slow SSH link fewer bytes per key means typing keeps up.

    /work/venv/bin/python benchmarks/bench_ui_input.py [--chars 40]

The issue's target: the text step sends at most 0.6x the bytes of a bare Input.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[1]

BARE = """
from textual.app import App
from textual.widgets import Input

class Bare(App):
    def compose(self):
        field = Input(placeholder="type here")
        field.cursor_blink = False
        yield field

Bare().run()
"""

OURS = """
import sys
sys.path.insert(0, {root!r})
from reconnect_tui.model import Exercise, TextStep
from reconnect_tui.ui.app import ReconnectApp
from tests.ui.fixtures import library

step = TextStep(id="words", title="A few words", text="Type here.")
exercise = Exercise(id="bench", title="Bench", summary="Typing.", steps=[step])
ReconnectApp(library=library(exercise), start="bench", mode="solo", theme="textual-dark").run()
"""


def settle(child: pexpect.spawn, quiet: float = 0.4, limit: float = 10.0) -> int:
    """Read until the app has written nothing for *quiet* seconds; return bytes read."""
    total = 0
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            total += len(child.read_nonblocking(65536, timeout=quiet))
        except pexpect.TIMEOUT:
            return total
        except pexpect.EOF:
            return total
    return total


def idle(source: str, seconds: float = 3.0) -> float:
    """Bytes per second written while nobody types (a blinking cursor costs ~1.7 KB/s)."""
    env = {**os.environ, "TERM": "xterm-256color"}
    child = pexpect.spawn(sys.executable, ["-c", source], env=env, dimensions=(24, 80),
                          timeout=20)
    try:
        settle(child, quiet=1.0)
        return settle(child, quiet=seconds + 1, limit=seconds) / seconds
    finally:
        child.sendcontrol("q")
        child.close(force=True)


def measure(source: str, chars: int) -> float:
    env = {**os.environ, "TERM": "xterm-256color"}
    child = pexpect.spawn(sys.executable, ["-c", source], env=env, dimensions=(24, 80),
                          timeout=20)
    try:
        settle(child, quiet=1.0)
        sent = 0
        for index in range(chars):
            child.send("abcdefghij"[index % 10])
            sent += settle(child, quiet=0.15)
        return sent / chars
    finally:
        child.sendcontrol("q")
        child.close(force=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=40)
    args = parser.parse_args()
    bare = measure(BARE, args.chars)
    ours = measure(OURS.format(root=str(ROOT)), args.chars)
    ratio = ours / bare if bare else float("nan")
    print(f"bare Input:      {bare:8.1f} bytes per character")
    print(f"reconnect text:  {ours:8.1f} bytes per character")
    print(f"ratio:           {ratio:8.2f} (target <= 0.60)")
    print(f"idle text step:  {idle(OURS.format(root=str(ROOT))):8.1f} bytes per second")
    return 0 if ratio <= 0.6 else 1


if __name__ == "__main__":
    sys.exit(main())
