"""How much the checks cost on top of parsing: load 1,000 exercise files both ways.

Writes 1,000 realistic exercise files (about ten steps of mixed kinds each,
made by ``tests/builders.py``)
to a temporary folder, then times, in the same run and best of several
repeats, a bare ``tomllib`` read-and-parse of every file against
``library.load_file`` (read, guard, parse, check, build the model through its
constructors). Every file takes the one way there is: the full checks, which
word every problem.

Run: ``python benchmarks/bench_load.py [--files N] [--repeats N]``.
The target (issue #11) is a ratio of at most 1.5.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reconnect_tui.exercises.library import load_file
from tests.builders import dump_exercise, realistic_exercise


def _best_of(repeats: int, *runs) -> list[float]:
    """The best time of each run; the runs take turns, so a busy moment hits them alike.

    The garbage collector is off while timing, as ``timeit`` does.
    """
    best = [float("inf")] * len(runs)
    for _ in range(repeats):
        for index, run in enumerate(runs):
            gc.collect()
            gc.disable()
            started = time.perf_counter()
            try:
                run()
            finally:
                elapsed = time.perf_counter() - started
                gc.enable()
            best[index] = min(best[index], elapsed)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number in range(args.files):
            path = Path(folder) / f"bench-{number:04d}.toml"
            header = "#:schema ../reconnect_tui/exercises/schema/exercise-v1.schema.json\n"
            path.write_text(
                header + dump_exercise(realistic_exercise(rng, number)), encoding="utf-8"
            )
            paths.append(path)
        size = sum(p.stat().st_size for p in paths) / len(paths)

        def bare() -> None:
            for path in paths:
                with open(path, "rb") as file:
                    tomllib.load(file)

        def checked() -> None:
            for path in paths:
                if load_file(path).exercise is None:
                    raise SystemExit(f"{path} did not load")

        checked()  # warm up, and make sure every file is good
        bare_time, load_time = _best_of(args.repeats, bare, checked)
    print(f"{args.files} files, {size / 1024:.1f} KiB each, best of {args.repeats}")
    print(f"tomllib read + parse: {bare_time:.3f} s ({bare_time / args.files * 1e6:.0f} µs/file)")
    print(f"library.load_file:    {load_time:.3f} s ({load_time / args.files * 1e6:.0f} µs/file)")
    print(
        f"on top of parsing:    {(load_time - bare_time) / args.files * 1e6:.0f} µs/file "
        "(read safely, guard, check, build)"
    )
    print(f"ratio:                {load_time / bare_time:.2f}x (target ≤ 1.50x)")


if __name__ == "__main__":
    main()
