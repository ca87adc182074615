"""The commands that open the app: plain ``reconnect``, start, resume, join and preview.

Each checks what it was asked for first and says plainly what is missing
(exit code 1, or 2 for names that cannot be told apart), then opens the app.
Textual and the app are imported only in :func:`cmd_open`, once it is clear
the app will run: a heavy part that nothing else here needs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from reconnect_tui.cli import together as cli_together
from reconnect_tui.cli.lookup import load_exercises, person_of, unknown_id, unknown_step
from reconnect_tui.cli.output import err
from reconnect_tui.common.paths import Paths, file_in_the_way
from reconnect_tui.common.safetext import one_line
from reconnect_tui.exercises.library import Library, load_file
from reconnect_tui.exercises.model import Exercise
from reconnect_tui.progress.store import Store


def cmd_open(
    args: argparse.Namespace,
    paths: Paths,
    *,
    library: Library | None = None,
    **start: Any,
) -> int:
    """Open the app (the only place Textual is imported).

    Only in a terminal, and only when our folders can be used: else one line
    says why, and the exit code is 1.
    """
    in_the_way = file_in_the_way(
        [
            paths.sessions_dir / "finished",
            paths.quarantine_dir,
            paths.exercises_dir,
            paths.themes_dir,
        ]
    )
    if in_the_way is not None:
        err(f"reconnect: a file stands where a folder should be: {one_line(str(in_the_way))}")
        return 1
    if not in_terminal():
        err(
            "reconnect: the app needs a terminal to draw in. Other commands work without "
            "one: `reconnect --help` lists them."
        )
        return 1
    if library is None:
        library = load_exercises(args, paths)
    # Textual and the app: a heavy part that only these commands need (see above).
    from reconnect_tui.ui.app import run_app

    return run_app(
        paths=paths,
        library=library,
        theme=args.theme,
        low_bandwidth=True if getattr(args, "low_bandwidth", None) else None,
        person=person_of(args),
        **start,
    )


def in_terminal() -> bool:
    """Whether standard input and output are both a terminal (closed ones are not)."""
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def cmd_start(args: argparse.Namespace, paths: Paths) -> int:
    if args.id is None:
        if not args.solo:
            err("reconnect start: which exercise? Give its id, e.g. reconnect start i-statement")
            return 2
        args.id, args.solo = args.solo, ""
    library = load_exercises(args, paths)
    entry = library.get(args.id)
    if entry is None:
        return unknown_id(library, args.id)
    who = _who(args, "start")
    if isinstance(who, int):
        return who
    mode, names = who
    if args.two_screens and mode == "solo":
        err("reconnect start: two screens are for doing an exercise together.")
        return 2
    exercise = entry.exercise
    if _mode_missing(exercise, mode):
        return 1
    return cmd_open(
        args,
        paths,
        library=library,
        start=exercise.id,
        mode=mode,
        names=names,
        two_screens=args.two_screens,
    )


def _who(args: argparse.Namespace, command: str) -> tuple[str | None, tuple[str, ...]] | int:
    """The mode and names --solo / --together ask for; exit code 2 for two equal names."""
    if args.solo is not None:
        return "solo", tuple(name for name in [one_line(args.solo, 40)] if name)
    if args.together:
        names = tuple(one_line(name, 40) for name in args.together)
        if not all(names) or names[0].casefold() == names[1].casefold():
            err(f"reconnect {command}: --together needs two different names.")
            return 2
        return "together", names
    return None, ()


def _mode_missing(exercise: Exercise, mode: str | None) -> bool:
    """Say so (and return True) when *exercise* cannot be done in *mode*."""
    if mode and mode not in exercise.modes():
        need = "--together NAME NAME" if mode == "solo" else "--solo"
        err(
            f"'{one_line(exercise.title, 60)}' is meant to be done "
            f"{'together' if mode == 'solo' else 'on your own'}; try {need}."
        )
        return True
    return False


def cmd_preview(args: argparse.Namespace, paths: Paths) -> int:
    """Open one exercise file at a step with made-up answers; nothing is kept."""
    path = Path(args.file)
    if not path.is_file():
        err(f"There is no exercise file at {one_line(args.file)}.")
        return 1
    who = _who(args, "preview")
    if isinstance(who, int):
        return who
    mode, names = who
    exercise = load_file(path).exercise
    # A file with problems opens anyway: the app lists them until the file is fixed.
    if exercise is not None:
        if _mode_missing(exercise, mode):
            return 1
        if args.at is not None and args.at not in {step.id for step in exercise.steps}:
            return unknown_step(path, exercise, args.at)
        step = exercise.step(args.at) if args.at else None
        if step is not None and step.only and mode is None:
            mode = step.only  # a step kept to one mode is previewed in that mode
        if step is not None and step.only and mode and step.only != mode:
            other = "--together NAME NAME" if step.only == "together" else "--solo"
            err(f"The step '{args.at}' is only for {step.only} sessions; try {other}.")
            return 1
    return cmd_open(
        args,
        paths,
        library=Library(entries=(), problems=()),
        preview=path,
        preview_at=args.at,
        mode=mode,
        names=names,
    )


def cmd_resume(args: argparse.Namespace, paths: Paths) -> int:
    store = Store(paths.sessions_dir, paths.quarantine_dir, person=person_of(args))
    unfinished = store.unfinished()
    if not unfinished:
        err("There is no unfinished session to come back to. `reconnect` starts a new one.")
        return 1
    chosen = unfinished[0]
    if args.session:
        named = next((info for info in unfinished if info.id == args.session), None)
        if named is None:
            err(f"There is no unfinished session '{one_line(args.session, 80)}'.")
            return 1
        chosen = named
    library = load_exercises(args, paths)
    if library.get(chosen.exercise_id) is None:
        err(
            f"The exercise '{one_line(chosen.exercise_id, 80)}' of that session is no longer "
            "there, so it cannot be picked up. You can still read it: "
            f"reconnect export {chosen.id}"
        )
        return 1
    return cmd_open(args, paths, library=library, resume=chosen.id, two_screens=args.two_screens)


def cmd_join(args: argparse.Namespace, paths: Paths) -> int:
    """Join a session opened for two screens: the one open invitation, or the one picked."""
    chosen = cli_together.choose(paths, args.code, person_of(args))
    if chosen is None:
        return 1
    return cmd_open(args, paths, join=chosen)


COMMANDS = {
    "open": cmd_open,
    "start": cmd_start,
    "resume": cmd_resume,
    "join": cmd_join,
    "preview": cmd_preview,
}
