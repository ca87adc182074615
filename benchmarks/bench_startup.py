"""Start to first paint of Home, start to settled paint, and peak memory, against a bare app.

Both programs run the same way, in a real 80x24 pseudo-terminal with
TERM=xterm-256color and fresh, empty settings and data folders: ours as
``python -m reconnect_tui``, the floor as a small script file holding an App
with one Static and a Footer. Nothing is kept between starts, so every start
is timed alike: one number.

"First paint" is the moment the terminal output shows Home's heading
("reconnect") and the title of an exercise in the list (for the floor: the
Static's text), counted from just before the spawn.

"Settled" is the last byte written before 0.3 s of quiet: when the screen
stops changing. Every byte written until then crosses an SSH link, so the
bytes are reported beside it. Drawing Home once keeps both close to the floor's.

Peak memory is VmHWM from /proc/PID/status, read once the output has settled,
just before quitting with ctrl+q (each run must exit with status 0). Runs
alternate between the programs; medians are compared.

``reconnect`` pauses Python's garbage collector until its first frame
(``reconnect_tui/common/collector.py``); the floor does not. The targets are
against the plain floor, as the issue states them.

    python benchmarks/bench_startup.py [--runs 7] [--quick]

Targets (issue #11): first paint <= 1.3x the floor; settled paint <= 1.3x
the floor's; peak memory <= 1.5x.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import _pty

PAINT_TARGET = 1.3
SETTLED_TARGET = 1.3
MEMORY_TARGET = 1.5
QUIET = 0.3  # seconds without output that count as settled
MARK = "Floor app: nothing but a line of text"

FLOOR = f"""
from textual.app import App
from textual.widgets import Footer, Static


class Floor(App):
    def compose(self):
        yield Static({MARK!r})
        yield Footer()


Floor().run()
"""


class Start(NamedTuple):
    """One start: seconds to first paint and to settled, bytes by then, peak KiB, exit status."""

    paint: float
    settled: float
    settled_bytes: int
    paint_bytes: int
    peak: int
    status: int


def exercise_titles() -> list[str]:
    """The built-in titles; Home's first card shows one of them."""
    from reconnect_tui.exercises.library import load_library

    return [entry.exercise.title for entry in load_library(user_dir=None).entries]


def one_run(argv: list[str], folder: Path, every: tuple[str, ...], any_of: list[str]) -> Start:
    """Start *argv* once in fresh folders under *folder*, wait for first paint and quiet."""
    with _pty.Term(argv, _pty.app_env(folder)) as term:
        painted = term.wait_for(*every, any_of=any_of)
        paint_bytes = len(term.raw)
        last, settled_bytes = painted, paint_bytes
        deadline = painted + 15
        while time.perf_counter() < deadline and term._read(QUIET):
            last, settled_bytes = time.perf_counter(), len(term.raw)
        peak = term.peak_memory_kib()
        status = term.quit()
    return Start(
        painted - term.started, last - term.started, settled_bytes, paint_bytes, peak, status
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="starts of each program (7)")
    parser.add_argument("--quick", action="store_true", help="one start each (smoke test)")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs

    _pty.compile_package()
    folder = _pty.workdir()
    floor_script = _pty.script(folder, "floor_app.py", FLOOR)
    programs = {
        "floor": ([_pty.PYTHON, str(floor_script)], (MARK,), []),
        "ours": (_pty.reconnect(), ("reconnect",), exercise_titles()),
    }
    results: dict[str, list[Start]] = {name: [] for name in programs}
    print(f"before: {_pty.load()}")
    for number in range(runs):
        for name in programs if number % 2 == 0 else reversed(programs):
            command, every, any_of = programs[name]
            run_dir = folder / f"{name}-{number}"
            results[name].append(one_run(command, run_dir, every, any_of))
    print(f"after:  {_pty.load()}")

    for name, rows in results.items():
        print(f"{name:>6} first paint (s): {' '.join(f'{r.paint:.3f}' for r in rows)}")
        print(f"{name:>6} settled (s):     {' '.join(f'{r.settled:.3f}' for r in rows)}")
        bad = [r.status for r in rows if r.status != 0]
        if bad:
            print(f"{name:>6} WARNING: runs that did not exit cleanly: statuses {bad}")

    def median(name: str, field: str) -> float:
        return _pty.median([getattr(r, field) for r in results[name]])

    print(f"median of {runs} run(s) each, 80x24 pty, TERM=xterm-256color")
    print(_pty.header())
    for label, field, unit, target in (
        ("start to first paint", "paint", "s", PAINT_TARGET),
        ("start to settled paint", "settled", "s", SETTLED_TARGET),
        ("peak memory (VmHWM)", "peak", "MiB", MEMORY_TARGET),
    ):
        floor, ours = median("floor", field), median("ours", field)
        if unit == "MiB":
            floor, ours = floor / 1024, ours / 1024
        ratio = ours / floor
        print(
            _pty.row(
                label,
                f"{floor:.3f} {unit}" if unit == "s" else f"{floor:.1f} {unit}",
                f"{ours:.3f} {unit}" if unit == "s" else f"{ours:.1f} {unit}",
                f"{ratio:.2f}x",
                f"<= {target}x",
                _pty.verdict(ratio, target),
            )
        )
    for label, field in (
        ("  bytes up to first paint", "paint_bytes"),
        ("  bytes up to settled", "settled_bytes"),
    ):
        floor, ours = median("floor", field), median("ours", field)
        print(_pty.row(label, f"{floor:,.0f} B", f"{ours:,.0f} B", f"{ours / floor:.2f}x", "", ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
