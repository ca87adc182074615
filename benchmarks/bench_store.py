"""Saving one answer with 10,000 past sessions on disk, against the same with none.

Target: <= 1.1x (the cost of a save does not grow with history). Also times what
Home reads (unfinished sessions, last done per exercise) and the full listing.

    python benchmarks/bench_store.py [--sessions 10000] [--saves 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import tomli_w

from reconnect_tui.common.atomic import ensure_private_dir
from reconnect_tui.progress.store import Store


def make_store(root: Path, past: int) -> Store:
    store = Store(root / "sessions", root / "quarantine")
    store.open()
    template = store.new_session(
        exercise_id="daily-check-in",
        title="Daily check-in",
        revision=1,
        digest="0" * 64,
        mode="together",
        people=["Sam", "Alex"],
    )
    template.answers = {
        "mood": {"both": 3},
        "energy": {"both": 4},
        "appreciation": {"a": "Thank you for the tea this morning."},
    }
    template.state = {"format": 1, "position": 4, "log": [{"step": "mood", "value": 3}] * 6}
    template.finished = True
    # Past sessions are written directly (no fsync) so that setting up is quick;
    # the folder for finished ones is made by the first finished save, so here.
    ensure_private_dir(store.finished_dir)
    for n in range(past):
        record = attrs.evolve(
            template, id=f"2025{n % 12 + 1:02d}{n % 28 + 1:02d}-{n:06d}-daily-check-in-{n:06x}"
        )
        path = store.finished_dir / f"{record.id}.toml"
        path.write_bytes(tomli_w.dumps(record.to_data()).encode())
    return store


def time_saves(store: Store, saves: int) -> float:
    record = store.new_session(
        exercise_id="i-statement",
        title="I statement",
        revision=1,
        digest="1" * 64,
        mode="solo",
        people=["Sam"],
    )
    samples = []
    for n in range(saves):
        record.answers[f"step-{n % 8}"] = {"a": f"answer {n}"}
        started = time.perf_counter()
        record = store.save(record)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def best_of(action, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def home_overview(store: Store) -> None:
    """What Home reads: the unfinished sessions and when each exercise was last done."""
    store.unfinished()
    store.finished_stamps()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as empty_dir, tempfile.TemporaryDirectory() as full_dir:
        empty = make_store(Path(empty_dir), 0)
        started = time.perf_counter()
        full = make_store(Path(full_dir), args.sessions)
        print(f"wrote {args.sessions} past sessions in {time.perf_counter() - started:.1f} s")
        base = time_saves(empty, args.saves)
        loaded = time_saves(full, args.saves)
        print(f"save one answer, no history:     {base * 1000:.2f} ms (median of {args.saves})")
        print(f"save one answer, {args.sessions} sessions: {loaded * 1000:.2f} ms")
        ratio = loaded / base
        print(f"ratio: {ratio:.2f}x (target <= 1.10x) {'OK' if ratio <= 1.1 else 'OVER'}")
        print(
            f"Home's overview, none: {best_of(lambda: home_overview(empty)) * 1000:.1f} ms; "
            f"{args.sessions}: {best_of(lambda: home_overview(full)) * 1000:.1f} ms"
        )
        print(
            f"full history listing, {args.sessions}: {best_of(full.list, 1) * 1000:.0f} ms "
            "(history screen, read in the background)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
