"""Bytes sent to the terminal per typed character: our text step against a bare Input.

Both run in a real 80x24 pseudo-terminal (TERM=xterm-256color). Ours is the
real program, ``reconnect start daily-check-in --solo Sam``, driven on to
the one-line "One appreciation" step; the floor is a script holding a bare
Textual ``Input`` (cursor blink off). The same characters are typed into
each, one at a time, each after the screen has settled; every byte written
from the first key until a second of quiet after the last (so the runner's
look for nudges half a second after typing stops is counted) is divided by
the number of characters. Over a slow SSH link fewer bytes per key means
typing keeps up.

    python benchmarks/bench_ui_input.py [--chars 40] [--rounds 2] [--quick]

Keep --chars at 40 or so: what is typed is kept as a draft every 3 s, and any
redraw that causes belongs in the figure (--quick types too few to see it).

Target (issue #4): the text step sends at most 0.6x the bytes of a bare Input.
Idle bytes (nobody typing) are measured by bench_idle.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _pty

TARGET = 0.6
WORDS = "you made me tea without being asked "


def typed_bytes(term: _pty.Term, chars: int) -> int:
    """Type *chars* characters, each once the last has been drawn; return the bytes written."""
    total = 0
    for index in range(chars):
        term.send(WORDS[index % len(WORDS)])
        total += term.settle(quiet=0.12)
    return total + term.settle(quiet=1.0)


def measure(opener, folder: Path, chars: int) -> float:
    term = opener(folder)
    try:
        total = typed_bytes(term, chars)
        status = term.quit()
        if status != 0:
            print(f"WARNING: {folder.name} exited with status {status}")
    finally:
        term.close()
    return total / chars


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=40, help="characters typed per run (40)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each app (2)")
    parser.add_argument("--quick", action="store_true", help="one short run each (smoke test)")
    args = parser.parse_args(argv)
    chars, rounds = (6, 1) if args.quick else (args.chars, args.rounds)

    folder = _pty.workdir()
    bare: list[float] = []
    ours: list[float] = []
    print(f"before: {_pty.load()}")
    for number in range(rounds):
        bare.append(measure(_pty.open_bare_input, folder / f"bare-{number}", chars))
        ours.append(measure(_pty.open_text_step, folder / f"ours-{number}", chars))
    print(f"after:  {_pty.load()}")
    print("bare Input bytes/char: " + " ".join(f"{value:.1f}" for value in bare))
    print("text step  bytes/char: " + " ".join(f"{value:.1f}" for value in ours))
    floor, mine = _pty.median(bare), _pty.median(ours)
    ratio = mine / floor if floor else float("nan")
    print(f"median of {rounds} run(s) of {chars} characters each")
    print(_pty.header())
    print(
        _pty.row(
            "bytes per typed character",
            f"{floor:.1f} B",
            f"{mine:.1f} B",
            f"{ratio:.2f}x",
            f"<= {TARGET}x",
            _pty.verdict(ratio, TARGET),
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
