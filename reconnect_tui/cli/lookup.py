"""What a command names, found: its exercises, an exercise or a step by id, the person.

Shared by the commands that open the app (``opening``) and those that print
(``exercises``, ``progress``). When an id names nothing, one line says so,
with the closest id as a hint.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reconnect_tui.cli.output import err
from reconnect_tui.common.paths import Paths
from reconnect_tui.common.problems import did_you_mean
from reconnect_tui.common.safetext import NAME_LIMIT, one_line
from reconnect_tui.exercises.library import Library, load_library
from reconnect_tui.exercises.model import Exercise

if TYPE_CHECKING:
    import argparse


def load_exercises(args: argparse.Namespace, paths: Paths) -> Library:
    """The built-in exercises, the user's, and any given with ``--exercises``."""
    return load_library(user_dir=paths.exercises_dir, extra=[Path(item) for item in args.exercises])


def unknown_id(library: Library, exercise_id: str) -> int:
    """Say that no exercise has *exercise_id*, with a hint; return the exit code 1."""
    ids = [entry.exercise.id for entry in library.entries]
    err(f"There is no exercise with the id '{one_line(exercise_id, 80)}'.")
    err(f"    hint: {did_you_mean(exercise_id, ids) or '`reconnect list` shows every exercise.'}")
    return 1


def unknown_step(path: Path, exercise: Exercise, step_id: str) -> int:
    """Say that *exercise* has no step *step_id*, listing the ids it has; return 1."""
    ids = [step.id for step in exercise.steps]
    err(f"There is no step '{one_line(step_id, 80)}' in {one_line(str(path))}.")
    hint = did_you_mean(step_id, ids)
    if hint:
        err(f"    hint: {hint}")
    err(f"    its steps: {', '.join(ids)}")
    return 1


def person_of(args: argparse.Namespace) -> str | None:
    """The person given with ``--person`` (one clean line), or None for the whole program."""
    return one_line(getattr(args, "person", None) or "", NAME_LIMIT) or None
