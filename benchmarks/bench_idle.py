"""Bytes per second written while nobody types: a text step, and a breathing pause.

Both run the real program in an 80x24 pseudo-terminal (TERM=xterm-256color),
in the default look (not low-bandwidth mode):

* text step: ``reconnect start daily-check-in --solo Sam`` driven on to the
  one-line "One appreciation" step, then left alone. The floor shown beside
  it is a bare Textual ``Input`` with cursor blink off, left alone the same way.
  Target: 0 bytes per second (the cursor does not blink by default).
* preview: ``reconnect preview FILE --at STEP`` on a one-line text step, the
  file's stat looked at every second, left alone for the same span.
  Target: 0 bytes per second (a look that finds no change draws nothing).
* breathing pause: a one-step exercise written to a temporary folder and
  opened with ``--exercises DIR``, the same pause as calm-check-in's (60 s,
  Continue after 20 s, breathe in 4 / out 6), counted over one whole breath
  (10 s) while the bar moves and the countdowns tick. Target: <= 1,500 B/s.

    python benchmarks/bench_idle.py [--seconds 5] [--breath 10] [--quick]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _pty

IDLE_TARGET = 0.0
BREATH_TARGET = 1500.0


def idle_rate(term: _pty.Term, seconds: float) -> float:
    try:
        rate = term.count(seconds) / seconds
        status = term.quit()
        if status != 0:
            print(f"WARNING: the program exited with status {status}")
    finally:
        term.close()
    return rate


def breathing_rate(folder: Path, seconds: float) -> float:
    term = _pty.open_pause(folder)
    try:
        return idle_rate(term, seconds)
    finally:
        term.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="idle span on a text step (5)")
    parser.add_argument("--breath", type=float, default=10.0, help="span of the pause (10)")
    parser.add_argument("--quick", action="store_true", help="one-second spans (smoke test)")
    args = parser.parse_args(argv)
    seconds, breath = (1.0, 1.0) if args.quick else (args.seconds, args.breath)

    folder = _pty.workdir()
    print(f"before: {_pty.load()}")
    bare = idle_rate(_pty.open_bare_input(folder / "bare"), seconds)
    text = idle_rate(_pty.open_text_step(folder / "text"), seconds)
    preview = idle_rate(_pty.open_preview(folder / "preview"), seconds)
    pause = breathing_rate(folder / "pause", breath)
    print(f"after:  {_pty.load()}")
    print(f"idle spans: text step {seconds:g} s, breathing pause {breath:g} s")
    print(_pty.header())
    print(
        _pty.row(
            "idle on a text step",
            f"{bare:.1f} B/s",
            f"{text:.1f} B/s",
            "-",
            "0 B/s",
            _pty.verdict(text, IDLE_TARGET),
        )
    )
    print(
        _pty.row(
            "idle in a preview",
            f"{bare:.1f} B/s",
            f"{preview:.1f} B/s",
            "-",
            "0 B/s",
            _pty.verdict(preview, IDLE_TARGET),
        )
    )
    print(
        _pty.row(
            "breathing pause",
            "-",
            f"{pause:.0f} B/s",
            "-",
            f"<= {BREATH_TARGET:,.0f} B/s",
            _pty.verdict(pause, BREATH_TARGET),
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
