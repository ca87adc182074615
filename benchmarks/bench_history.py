"""Start to first paint of Home with 10,000 past sessions on disk, against none.

Both runs are the real program (``python -m reconnect_tui``) in an 80x24
pseudo-terminal; only the data folder differs. The full one holds 10,000
finished daily check-ins and three unfinished sessions, which Home lists
first ("Pick up where you left off?"). Runs alternate; medians are compared.

    python benchmarks/bench_history.py [--runs 7] [--sessions 10000] [--quick]

Target (issue #5): <= 1.15x.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import _pty
import tomli_w
from bench_startup import exercise_titles, one_run

from reconnect_tui.common.atomic import ensure_private_dir
from reconnect_tui.progress.store import Store

TARGET = 1.15


def fill(data_dir: Path, sessions: int) -> None:
    """Write *sessions* finished check-ins (no fsync: set-up only) and three open ones."""
    store = Store(data_dir / "sessions", data_dir / "quarantine")
    store.open()
    ensure_private_dir(store.finished_dir)  # the first finished save makes it; here, by hand
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    for number in range(sessions):
        when = start + dt.timedelta(hours=7 * number)
        record = store.new_session(
            exercise_id="daily-check-in",
            title="Daily check-in",
            revision=1,
            digest="",
            mode="together",
            people=["Sam", "Alex"],
            now=when,
        )
        record = attrs.evolve(
            record,
            finished=True,
            version=1,
            answers={
                "mood": {"a": number % 5 + 1, "b": (number + 2) % 5 + 1},
                "energy": {"a": (number + 1) % 5 + 1, "b": number % 5 + 1},
                "appreciation": {"a": "Thank you for the tea this morning."},
            },
        )
        path = store.finished_dir / f"{record.id}.toml"
        path.write_bytes(tomli_w.dumps(record.to_data()).encode())
    for exercise_id in ("noticing-shifts", "i-statement", "shared-meaning"):
        record = store.new_session(
            exercise_id=exercise_id,
            title=exercise_id,
            revision=1,
            digest="",
            mode="solo",
            people=["Sam"],
        )
        store.save(record)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="one run each, 500 sessions")
    args = parser.parse_args(argv)
    runs, sessions = (1, 500) if args.quick else (args.runs, args.sessions)

    folder = _pty.workdir()
    full = folder / "full"
    fill(full / "data", sessions)
    titles = exercise_titles()
    results: dict[str, list[float]] = {"none": [], "full": []}
    print(f"before: {_pty.load()}")
    for number in range(runs):
        for name in ("none", "full") if number % 2 == 0 else ("full", "none"):
            run_dir = full if name == "full" else folder / f"empty-{number}"
            start = one_run(_pty.reconnect(), run_dir, ("reconnect",), titles)
            if start.status != 0:
                print(f"WARNING: a {name} run exited with status {start.status}")
            results[name].append(start.paint)
    print(f"after:  {_pty.load()}")
    for name, times in results.items():
        print(f"{name:>5} first paint (s): " + " ".join(f"{t:.3f}" for t in times))
    none, filled = _pty.median(results["none"]), _pty.median(results["full"])
    ratio = filled / none
    print(_pty.header())
    print(
        _pty.row(
            f"Home, {sessions} sessions vs none",
            f"{none:.3f} s",
            f"{filled:.3f} s",
            f"{ratio:.2f}x",
            f"<= {TARGET}x",
            _pty.verdict(ratio, TARGET),
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
