"""Start to first paint of Home, and peak memory, against a minimal Textual app.

Both programs run the same way, in a real 80x24 pseudo-terminal with
TERM=xterm-256color: ours as ``python -m reconnect_tui``, the floor as a
small script file holding an App with one Static and a Footer.

Ours is timed as a person meets it on every start but the first: in one set
of settings and data folders (empty but for what the program keeps there),
after one start that is not timed. The first start keeps Home's list for
later ones (``reconnect_tui/exercises/catalogue.py``), so it is timed on its own too,
in fresh folders each time, and printed for reference.

"First paint" is the moment the terminal output shows Home's heading
("reconnect") and the title of an exercise in the list (for the floor: the
Static's text), counted from just before the spawn.

Peak memory is VmHWM from /proc/PID/status, read 0.5 s after first paint,
just before quitting with ctrl+q (each run must exit with status 0).
Runs alternate between the programs; medians are compared.

``reconnect`` pauses Python's garbage collector until its first frame
(``reconnect_tui/launch.py``), which also makes Textual's own import quicker.
So that this is not mistaken for less work of ours, a third program is timed
for reference: the same floor with the collector paused the same way. The
target is against the plain floor, as the issue states it.

    python benchmarks/bench_startup.py [--runs 7] [--quick]

Targets (issue #4): first paint <= 1.25x the floor; peak memory <= 1.5x.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import _pty

PAINT_TARGET = 1.25
MEMORY_TARGET = 1.5
MARK = "Floor app: nothing but a line of text"

FLOOR = f"""
{{pause}}from textual.app import App
from textual.widgets import Footer, Static


class Floor(App):
    def compose(self):
        yield Static({MARK!r})
        yield Footer()


Floor().run()
"""


def exercise_titles() -> list[str]:
    """The built-in titles; Home's first card shows one of them."""
    from reconnect_tui.exercises.library import load_library

    return [entry.exercise.title for entry in load_library(user_dir=None).entries]


def one_run(argv: list[str], folder: Path, every: tuple[str, ...], any_of: list[str]) -> tuple:
    """(seconds to first paint, peak KiB, exit status) for one start."""
    with _pty.Term(argv, _pty.app_env(folder)) as term:
        painted = term.wait_for(*every, any_of=any_of)
        seconds = painted - term.started
        term.count(0.5)
        peak = term.peak_memory_kib()
        status = term.quit()
    return seconds, peak, status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="starts of each program (7)")
    parser.add_argument("--quick", action="store_true", help="one start each (smoke test)")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs

    _pty.compile_package()
    folder = _pty.workdir()
    floor_script = _pty.script(folder, "floor_app.py", FLOOR.format(pause=""))
    paused_script = _pty.script(
        folder, "floor_gc_paused.py", FLOOR.format(pause="import gc\ngc.disable()\n")
    )
    titles = exercise_titles()
    programs = {
        "floor": ([_pty.PYTHON, str(floor_script)], (MARK,), []),
        "ours": (_pty.reconnect(), ("reconnect",), titles),
        "paused": ([_pty.PYTHON, str(paused_script)], (MARK,), []),
        "first": (_pty.reconnect(), ("reconnect",), titles),
    }
    results: dict[str, list[tuple]] = {name: [] for name in programs}
    home = folder / "ours"  # every later start: the same folders, as a person's
    one_run(programs["ours"][0], home, ("reconnect",), titles)  # the first, not timed
    kept = (home / "data" / "cache" / "catalogue.json").is_file()
    print(f"before: {_pty.load()}; Home's list kept by the untimed first start: {kept}")
    for number in range(runs):
        order = ("floor", "ours", "paused", "first")
        for name in order if number % 2 == 0 else reversed(order):
            command, every, any_of = programs[name]
            run_dir = home if name == "ours" else folder / f"{name}-{number}"
            results[name].append(one_run(command, run_dir, every, any_of))
    print(f"after:  {_pty.load()}")

    for name, rows in results.items():
        times = " ".join(f"{seconds:.3f}" for seconds, _peak, _status in rows)
        print(f"{name:>6} first paint (s): {times}")
        bad = [status for _s, _p, status in rows if status != 0]
        if bad:
            print(f"{name:>6} WARNING: runs that did not exit cleanly: statuses {bad}")

    floor_time = _pty.median([r[0] for r in results["floor"]])
    ours_time = _pty.median([r[0] for r in results["ours"]])
    floor_mem = _pty.median([r[1] for r in results["floor"]]) / 1024
    ours_mem = _pty.median([r[1] for r in results["ours"]]) / 1024
    time_ratio = ours_time / floor_time
    mem_ratio = ours_mem / floor_mem
    print(f"median of {runs} run(s) each, 80x24 pty, TERM=xterm-256color")
    print(_pty.header())
    print(
        _pty.row(
            "start to first paint",
            f"{floor_time:.3f} s",
            f"{ours_time:.3f} s",
            f"{time_ratio:.2f}x",
            f"<= {PAINT_TARGET}x",
            _pty.verdict(time_ratio, PAINT_TARGET),
        )
    )
    print(
        _pty.row(
            "peak memory (VmHWM)",
            f"{floor_mem:.1f} MiB",
            f"{ours_mem:.1f} MiB",
            f"{mem_ratio:.2f}x",
            f"<= {MEMORY_TARGET}x",
            _pty.verdict(mem_ratio, MEMORY_TARGET),
        )
    )
    paused_time = _pty.median([r[0] for r in results["paused"]])
    print(
        _pty.row(
            "  reference: floor, GC paused",
            f"{paused_time:.3f} s",
            f"{ours_time:.3f} s",
            f"{ours_time / paused_time:.2f}x",
            "",
            "(info)",
        )
    )
    first_time = _pty.median([r[0] for r in results["first"]])
    print(
        _pty.row(
            "  reference: ours, first start",
            f"{floor_time:.3f} s",
            f"{first_time:.3f} s",
            f"{first_time / floor_time:.2f}x",
            "",
            "(info)",
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
