"""``reconnect list``, ``validate``, ``show``, ``schema``, ``new``: exercise files, by command.

None of this imports Textual. Everything printed that came from a file or a
person is cleaned first.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reconnect_tui.cli.lookup import load_exercises, unknown_id
from reconnect_tui.cli.output import err, out, print_json
from reconnect_tui.cli.themes import check_theme, is_theme_file
from reconnect_tui.common.atomic import SaveError, ensure_private_dir
from reconnect_tui.common.paths import Paths
from reconnect_tui.common.problems import Problem, report_lines
from reconnect_tui.common.safetext import one_line
from reconnect_tui.exercises import worksheet
from reconnect_tui.exercises.library import load_file, load_library
from reconnect_tui.exercises.model import ID_PATTERN, Exercise
from reconnect_tui.exercises.starter import SCHEMA_FILE, schema_line, starter_text

if TYPE_CHECKING:
    import argparse


def _problem_data(problem: Problem) -> dict[str, Any]:
    return {
        "path": one_line(problem.path),
        "line": problem.line,
        "column": problem.column,
        "severity": problem.severity,
        "message": one_line(problem.message),
        "hint": one_line(problem.hint),
        "key": one_line(problem.key),
    }


# --- the commands ------------------------------------------------------------


def cmd_list(args: argparse.Namespace, paths: Paths) -> int:
    library = load_exercises(args, paths)
    if args.json:
        print_json(
            {
                "exercises": [
                    {
                        "id": entry.exercise.id,
                        "title": one_line(entry.exercise.title),
                        "mode": entry.exercise.audience,
                        "minutes": entry.exercise.minutes,
                        "depth": entry.exercise.depth,
                        "source": entry.source,
                        "path": one_line(str(entry.path)),
                        "replaces": one_line(str(entry.replaces)) if entry.replaces else None,
                    }
                    for entry in library.entries
                ],
                "problems": [_problem_data(problem) for problem in library.problems],
            }
        )
        return 0
    table = [("ID", "TITLE", "MODE", "MIN", "SOURCE")]
    for entry in library.entries:
        ex = entry.exercise
        source = entry.source + (", replaces built-in" if entry.replaces else "")
        table.append((ex.id, one_line(ex.title, 40), ex.audience, str(ex.minutes), source))
    widths = [max(len(row[col]) for row in table) for col in range(4)]
    for row in table:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].ljust(widths[2])]
        out("  ".join([*cells, row[3].rjust(max(widths[3], 3)), row[4]]).rstrip())
    if not library.entries:
        out("No exercises were found.")
    if library.problems:
        out()
        out("Some exercise files need a look:")
        for line in report_lines(library.problems):
            out(line)
    return 0


def _files_to_check(given: Sequence[str]) -> list[Path | Problem]:
    """The files named (folders opened), in the order given, or a problem in their place."""
    found: list[Path | Problem] = []
    seen: set[Path] = set()
    for name in given:
        path = Path(name)
        if path.is_dir():
            files = sorted(path.glob("*.toml"))
            if not files:
                found.append(
                    Problem(
                        path=name, message="this folder holds no .toml files", severity="warning"
                    )
                )
        elif os.path.lexists(path):
            files = [path]
        else:
            found.append(Problem(path=name, message="there is no file or folder here"))
            continue
        for file in files:
            key = Path(os.path.realpath(file))  # resolve() raises on a symlink loop
            if key not in seen:
                seen.add(key)
                found.append(file)
    return found


def cmd_validate(args: argparse.Namespace, paths: Paths) -> int:
    problems: list[Problem] = []
    checked = 0
    owner_of: dict[str, Path] = {}
    for item in _files_to_check(args.files):
        if isinstance(item, Problem):
            problems.append(item)
            checked += item.severity == "error"  # a missing path counts as a file
            continue
        checked += 1
        if is_theme_file(item):
            problems.extend(check_theme(item))
            continue
        loaded = load_file(item)
        problems.extend(loaded.problems)
        ex: Exercise | None = loaded.exercise
        if ex is None:
            continue
        if ex.id in owner_of:
            first = min(owner_of[ex.id], item, key=lambda path: path.name)
            problems.append(
                Problem(
                    path=str(item),
                    key="id",
                    severity="warning",
                    message=f"the id '{ex.id}' is also used by {owner_of[ex.id]}",
                    hint=f"in one folder, {first.name} is used (files are read by name) and the"
                    " other is left out; an exercise in your own folder takes the place of a"
                    " built-in one; give one of them another id",
                )
            )
        else:
            owner_of[ex.id] = item
    bad = {p.path for p in problems if p.severity == "error"}
    warnings = sum(1 for p in problems if p.severity == "warning")
    if args.json:
        print_json([_problem_data(problem) for problem in problems])
        return 1 if bad else 0
    for line in report_lines(problems):
        out(line)
    files_word = "file" if checked == 1 else "files"
    summary = f"{checked} {files_word} checked, "
    summary += f"{len(bad)} with problems" if bad else "all valid"
    if warnings:
        summary += f" ({warnings} warning{'s' if warnings != 1 else ''})"
    out(summary)
    return 1 if bad else 0


def cmd_show(args: argparse.Namespace, paths: Paths) -> int:
    as_file = Path(args.id)
    if args.id.endswith(".toml"):
        if not as_file.is_file():
            err(f"There is no exercise file at {one_line(args.id)}.")
            return 1
        loaded = load_file(as_file)
        if loaded.exercise is None:
            for line in report_lines(loaded.problems):
                err(line)
            return 1
        exercise = loaded.exercise
    else:
        library = load_exercises(args, paths)
        entry = library.get(args.id)
        if entry is None:
            return unknown_id(library, args.id)
        exercise = entry.exercise
    out(worksheet.render(exercise, args.format), end="")
    return 0


def cmd_schema(args: argparse.Namespace, paths: Paths) -> int:
    """The ``#:schema`` line (or, with --path, the path) of the installed JSON Schema."""
    out(one_line(str(SCHEMA_FILE)) if args.path else schema_line())
    return 0


def cmd_new(args: argparse.Namespace, paths: Paths) -> int:
    exercise_id = args.id
    if not ID_PATTERN.match(exercise_id):
        err(
            f"reconnect new: '{one_line(exercise_id, 80)}' cannot be an id: use 1 to 64 "
            "of a-z, 0-9 and '-', starting and ending with a letter or digit."
        )
        return 1  # a request that was not right (README: exit codes)
    target = paths.exercises_dir / f"{exercise_id}.toml"
    if os.path.lexists(target):
        err(f"There is already a file at {one_line(str(target))}; it was left as it is.")
        err("    hint: choose another id, or edit that file.")
        return 1
    library = load_library(user_dir=paths.exercises_dir)
    entry = library.get(exercise_id)
    if entry is not None and entry.source == "user":
        err(f"Your exercise {one_line(str(entry.path))} already uses the id '{exercise_id}'.")
        return 1
    try:
        ensure_private_dir(paths.exercises_dir)
        # O_EXCL: never write over a file, even one made a moment ago.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        err(f"There is already a file at {one_line(str(target))}; it was left as it is.")
        return 1
    except SaveError as error:
        err(f"Could not write {one_line(str(target))}: {error.reason}.")
        return 1
    except OSError as error:
        err(f"Could not write {one_line(str(target))}: {one_line(error.strerror or '')}.")
        return 1
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        os.fchmod(file.fileno(), 0o600)
        file.write(starter_text(exercise_id, target))
    out(one_line(str(target)))
    if entry is not None:
        err(f"Note: this takes the place of the built-in exercise '{exercise_id}'.")
    return 0


COMMANDS = {
    "list": cmd_list,
    "validate": cmd_validate,
    "show": cmd_show,
    "schema": cmd_schema,
    "new": cmd_new,
}
