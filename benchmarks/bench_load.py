"""How much the checks cost on top of parsing: load 1,000 exercise files both ways.

Writes 1,000 realistic exercise files (about ten steps of mixed kinds each)
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
from reconnect_tui.exercises.model import (
    Branch,
    ChoiceStep,
    CompareStep,
    ComposeStep,
    Condition,
    Exercise,
    ListStep,
    Nudge,
    OptionGroup,
    PauseStep,
    ReadStep,
    Rhythm,
    ScaleStep,
    Slot,
    SummaryStep,
    TextStep,
)
from tests.writer import dump_exercise

_SAMPLE = (
    "notice gently what has shifted between you lately and take a slow breath before "
    "you answer there is no right way to feel this small steps count evenings together "
    "talk walk quiet tired worried close distant hopeful listen"
)
WORDS = _SAMPLE.split()


def _sentence(rng: random.Random, low: int = 6, high: int = 20) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return "\n".join(_sentence(rng) for _ in range(rng.randint(1, 3)))


def make_exercise(rng: random.Random, number: int) -> Exercise:
    """A plausible exercise: welcome, a few questions of each kind, a summary."""
    steps: list = [ReadStep(id="welcome", title="Welcome", text=_paragraph(rng), min_seconds=5)]
    steps.append(
        PauseStep(
            id="breathe",
            text=_sentence(rng),
            seconds=60,
            min_seconds=20,
            rhythm=Rhythm(inhale=4, exhale=6),
        )
    )
    steps.append(
        ScaleStep(
            id="close",
            text=_sentence(rng),
            min=1,
            max=5,
            min_label="far apart",
            max_label="very close",
        )
    )
    steps.append(
        ChoiceStep(
            id="feeling",
            text=_sentence(rng),
            multiple=True,
            max_picks=3,
            groups=[
                OptionGroup(label="Heavy", options=["tired", "hurt", "lonely"]),
                OptionGroup(label="Light", options=["calm", "hopeful"]),
            ],
        )
    )
    steps.append(
        TextStep(
            id="moment",
            text=_sentence(rng) + " {partner}?",
            multiline=True,
            placeholder="One evening last week…",
            nudges=["blame"],
        )
    )
    steps.append(
        ComposeStep(
            id="statement",
            text=_sentence(rng),
            template="I feel {feeling} when {situation}, and I'd like {request}.",
            slots=[
                Slot(
                    name="feeling",
                    kind="choice",
                    groups=[OptionGroup(options=["hurt", "lonely", "worried"])],
                    other=True,
                ),
                Slot(name="situation", kind="text", prompt="When?"),
                Slot(name="request", kind="text", prompt="What would help?"),
            ],
        )
    )
    steps.append(ListStep(id="values", who="each", private=True, text=_sentence(rng), max_items=8))
    steps.append(CompareStep(id="side-by-side", step="values", text=_sentence(rng)))
    steps.append(
        ReadStep(
            id="again",
            text=_sentence(rng) + " {answer.moment}",
            branches=[
                Branch(when=Condition(step="close", op="below", value=3), goto="moment", limit=2)
            ],
        )
    )
    steps.append(SummaryStep(id="recap", title="Looking back", steps=["moment", "statement"]))
    return Exercise(
        id=f"bench-{number:04d}",
        title=f"Exercise {number}",
        summary=_paragraph(rng),
        tags=["talking", "bench"],
        minutes=10,
        depth=rng.choice(["light", "medium", "deep"]),
        nudges=[
            Nudge(
                id="blame",
                phrases=["you always", "you never"],
                message="Could you name one moment instead?",
            )
        ],
        steps=steps,
    )


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
            path.write_text(header + dump_exercise(make_exercise(rng, number)), encoding="utf-8")
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
