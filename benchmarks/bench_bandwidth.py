"""Bytes sent to the terminal in low-bandwidth mode against normal mode, same run.

1. A scripted walk through ``daily-check-in`` (solo): the same keys, with
   the same pauses between them, in a real 80x24 pseudo-terminal
   (TERM=xterm-256color, no COLORTERM, as over SSH), once with
   ``--low-bandwidth`` and once without. Every byte read from the
   pseudo-terminal's master side, from start to exit, is counted.
   Target: low-bandwidth ≤ 0.6x normal, comparing medians of 4 walks in
   each mode: the bytes of one walk vary by about ±3% with the timing
   (countdowns tick while the walk waits).
2. Bytes per second during a breathing pause in low-bandwidth mode (a 60 s
   pause, breathe in 4 / out 6, from a test exercise passed with
   ``--exercises``), counted over 10 s once the screen has settled.
   Target: ≤ 300 B/s. Normal mode's figure is shown beside it.

    python benchmarks/bench_bandwidth.py [--rounds 4] [--quick]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _pty

WALK_TARGET = 0.6
PAUSE_TARGET = 300.0
RIGHT, ENTER = "\x1b[C", "\r"


def walk(low: bool) -> int:
    """Bytes written for the whole scripted walk through daily-check-in."""
    folder = _pty.workdir()
    flags = ["--low-bandwidth"] if low else []
    argv = _pty.reconnect(*flags, "start", "daily-check-in", "--solo", "Sam")
    with _pty.Term(argv, _pty.app_env(folder), timeout=60) as term:
        steps = [
            ("Two minutes", [ENTER]),
            ("Mood", [RIGHT, RIGHT, ENTER]),
            ("Energy", [RIGHT, ENTER]),
            ("One appreciation", [*"tea in the morning", ENTER]),
            ("One small need", [*"an early night", ENTER]),
        ]
        since = 0
        for text, keys in steps:
            term.wait_for(text, "Step", since=since)
            term.settle(quiet=0.6)
            since = len(term.raw)
            for key in keys:
                term.send(key)
                term.settle(quiet=0.2)
        term.wait_for("Done", since=since)
        term.settle(quiet=1.5)
        term.quit()
        return len(term.raw)


def pause_rate(low: bool, seconds: float) -> float:
    """Bytes per second while a breathing pause runs and nobody touches anything."""
    flags = ["--low-bandwidth"] if low else []
    with _pty.open_pause(_pty.workdir(), *flags) as term:
        counted = term.count(seconds)
        term.quit()
    return counted / seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4, help="walks in each mode (4)")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--quick", action="store_true", help="one round, 5 s of pause")
    args = parser.parse_args(argv)
    rounds, seconds = (1, 5.0) if args.quick else (args.rounds, args.seconds)
    print(_pty.load())
    normal, low = [], []
    for _ in range(rounds):  # alternate, so a busy moment hits both
        normal.append(walk(False))
        low.append(walk(True))
    pause_normal = pause_rate(False, seconds)
    pause_low = pause_rate(True, seconds)
    walk_ratio = _pty.median(low) / _pty.median(normal)
    print(_pty.row("measure", "normal", "low-bw", "ratio", "target", ""))
    print(
        _pty.row(
            "walk: daily-check-in bytes",
            f"{_pty.median(normal):,.0f}",
            f"{_pty.median(low):,.0f}",
            f"{walk_ratio:.2f}x",
            f"<= {WALK_TARGET}x",
            _pty.verdict(walk_ratio, WALK_TARGET),
        )
    )
    print(
        _pty.row(
            "breathing pause B/s",
            f"{pause_normal:,.0f}",
            f"{pause_low:,.0f}",
            "",
            f"<= {PAUSE_TARGET:.0f}",
            _pty.verdict(pause_low, PAUSE_TARGET),
        )
    )
    print(f"walks (bytes): normal {normal}, low-bandwidth {low}")
    print(_pty.load())
    return 0


if __name__ == "__main__":
    sys.exit(main())
