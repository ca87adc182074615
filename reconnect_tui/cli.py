"""The ``reconnect`` command: open the app, or list, check, show and start exercises.

Only the commands that open the app import Textual, and only inside the
function that opens it, so ``list``, ``validate``, ``show``, ``new`` and
``paths`` start quickly and work without a terminal.

Exit codes: 0 all went well; 1 something about the files or the request was
not right (a problem in an exercise file, an unknown id, a path that does
not exist, a file that is already there); 2 the command line itself was not
understood. Everything printed that came from a file or a person is cleaned
first, so no escape sequence from a file reaches the terminal.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reconnect_tui import __version__, cli_progress, worksheet
from reconnect_tui.atomic import SaveError, ensure_private_dir
from reconnect_tui.cli_themes import check_theme, cmd_themes, is_theme_file
from reconnect_tui.library import Library, builtin_exercises_dir, load_file, load_library
from reconnect_tui.model import ID_PATTERN, Exercise
from reconnect_tui.paths import Paths
from reconnect_tui.problems import Problem, report_lines
from reconnect_tui.safetext import clean, one_line
from reconnect_tui.starter import starter_text

EPILOG = """\
examples:
  reconnect                                  open the app
  reconnect list                             see every exercise you can do
  reconnect start i-statement --solo Sam     go straight into one exercise
  reconnect start reflective-paraphrase --together Sam Alex
  reconnect resume                           carry on where you stopped
  reconnect show noticing-shifts --format markdown > worksheet.md
  reconnect new my-check-in                  write a starter exercise to edit
  reconnect validate ~/my-exercises/         check exercise files (for editors and CI)
  reconnect paths                            where settings and progress are kept
  reconnect history                          the sessions you have done
  reconnect export latest -o session.md      keep one session as Markdown
  reconnect themes                           the colour themes, and any with problems
  reconnect --low-bandwidth                  draw as little as possible (slow links, SSH)

exit codes: 0 fine, 1 a problem with a file or request, 2 the command line was not understood.
If anyone feels unsafe at home, outside help comes first: see `reconnect show finding-support`.
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line in *argv* (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version and usage errors
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)
    _merge_late_options(args)
    if (args.command or "open") not in APP_COMMANDS:
        gc.enable()  # paused by launch.py; the app turns it on after its first frame
    paths = Paths.resolve(config_dir=args.config_dir, data_dir=args.data_dir)
    try:
        return COMMANDS[args.command or "open"](args, paths)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`reconnect list | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


# --- the parser --------------------------------------------------------------


def _global_options(parser: argparse.ArgumentParser, *, late: bool) -> None:
    """Options that work before the command and, as *late* copies, after it."""
    suffix = "_late" if late else ""
    unset = argparse.SUPPRESS if late else None
    group = parser.add_argument_group("options for every command")
    group.add_argument(
        "--exercises", action="append", metavar="PATH", dest="exercises" + suffix,
        default=unset, help="also use the exercise file or folder at PATH (repeatable)",
    )
    group.add_argument(
        "--config-dir", metavar="DIR", dest="config_dir" + suffix, default=unset,
        help="settings, your exercises and themes (default: the usual place; "
        "or set RECONNECT_CONFIG_DIR)",
    )
    group.add_argument(
        "--data-dir", metavar="DIR", dest="data_dir" + suffix, default=unset,
        help="saved progress (default: the usual place; or set RECONNECT_DATA_DIR)",
    )
    group.add_argument(
        "--theme", metavar="NAME", dest="theme" + suffix, default=unset,
        help="the colour theme to open the app with",
    )
    group.add_argument(
        "--low-bandwidth", action="store_true", dest="low_bandwidth" + suffix, default=unset,
        help="draw as little as possible: for slow links and basic terminals "
        "(also RECONNECT_LOW_BANDWIDTH=1; chosen on its own for TERM=linux, vt100, xterm)",
    )


class _Parser(argparse.ArgumentParser):
    """argparse, with its messages cleaned: they can quote what was typed."""

    def _print_message(self, message: str, file: Any = None) -> None:
        super()._print_message(clean(message), file)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reconnect",
        description="Short, paced exercises for two people in a close relationship\n"
        "to notice withdrawal and turn back toward each other. It is not therapy.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reconnect {__version__}")
    _global_options(parser, late=False)
    late = _Parser(add_help=False)
    _global_options(late, late=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, description=help_text, parents=[late])

    start = command("start", "go straight into one exercise")
    # ID is optional to argparse only so that `start --solo ID` can be read
    # as intended (the optional NAME would otherwise swallow the id).
    start.add_argument(
        "id", metavar="ID", nargs="?", help="the exercise id (see `reconnect list`)"
    )
    who = start.add_mutually_exclusive_group()
    who.add_argument(
        "--solo", nargs="?", const="", metavar="NAME", help="on your own (your name is optional)"
    )
    who.add_argument(
        "--together", nargs=2, metavar=("NAME", "NAME"), help="the two of you, by name"
    )

    resume = command("resume", "carry on with an unfinished session")
    resume.add_argument(
        "session", nargs="?", metavar="SESSION", help="which one (default: the latest)"
    )

    listing = command("list", "list the exercises and any files that could not be read")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")

    validate = command(
        "validate", "check exercise and theme files; prints path:line:col: problems"
    )
    validate.add_argument(
        "files", nargs="+", metavar="PATH", help="a .toml file, or a folder of them"
    )
    validate.add_argument("--json", action="store_true", help="print the problems as JSON")

    show = command("show", "print an exercise as a worksheet to read or print")
    show.add_argument("id", metavar="ID", help="an exercise id, or the path of a .toml file")
    show.add_argument("--format", choices=worksheet.FORMATS, default="text")

    new = command("new", "write a commented starter exercise into your exercise folder")
    new.add_argument("id", metavar="ID", help="the new exercise's id, e.g. my-check-in")

    theme_list = command("themes", "list the colour themes, and any theme files with problems")
    theme_list.add_argument("--json", action="store_true", help="print JSON for scripts")

    cli_progress.add_commands(commands, command)

    where = command("paths", "show where settings, exercises, themes and progress live")
    where.add_argument("--json", action="store_true", help="print JSON for scripts")
    return parser


def _merge_late_options(args: argparse.Namespace) -> None:
    # Options given after the command win over the same option given before
    # it; repeated --exercises from both places add up.
    for name in ("config_dir", "data_dir", "theme", "low_bandwidth"):
        if hasattr(args, name + "_late"):
            setattr(args, name, getattr(args, name + "_late"))
    args.exercises = [*(args.exercises or []), *getattr(args, "exercises_late", [])]


# --- helpers -----------------------------------------------------------------


def _out(text: str = "") -> None:
    print(text, file=sys.stdout)


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _library(args: argparse.Namespace, paths: Paths) -> Library:
    return load_library(
        user_dir=paths.exercises_dir, extra=[Path(item) for item in args.exercises]
    )


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


def _print_json(data: Any) -> None:
    import json  # only here: the app's start does without it

    _out(json.dumps(data, indent=2, ensure_ascii=False))


def _unknown_id(library: Library, exercise_id: str) -> int:
    ids = [entry.exercise.id for entry in library.entries]
    _err(f"There is no exercise with the id '{one_line(exercise_id, 80)}'.")
    close = difflib.get_close_matches(exercise_id, ids, n=1, cutoff=0.6)
    if close:
        _err(f"    hint: did you mean '{close[0]}'?")
    else:
        _err("    hint: `reconnect list` shows every exercise.")
    return 1


# --- the commands ------------------------------------------------------------


def cmd_open(
    args: argparse.Namespace, paths: Paths, *, library: Library | None = None, **start: Any
) -> int:
    """Open the app (the only place Textual is imported)."""
    if library is None:
        library = _library(args, paths)
    from reconnect_tui.ui.app import run_app

    return run_app(
        paths=paths, library=library, theme=args.theme,
        low_bandwidth=True if getattr(args, "low_bandwidth", None) else None, **start,
    )


def cmd_start(args: argparse.Namespace, paths: Paths) -> int:
    if args.id is None:
        if not args.solo:
            _err("reconnect start: which exercise? Give its id, e.g. reconnect start i-statement")
            return 2
        args.id, args.solo = args.solo, ""
    library = _library(args, paths)
    entry = library.get(args.id)
    if entry is None:
        return _unknown_id(library, args.id)
    mode, names = None, ()
    if args.solo is not None:
        mode, names = "solo", tuple(name for name in [one_line(args.solo, 40)] if name)
    elif args.together:
        mode, names = "together", tuple(one_line(name, 40) for name in args.together)
        if not all(names) or names[0].casefold() == names[1].casefold():
            _err("reconnect start: --together needs two different names.")
            return 2
    exercise = entry.exercise
    if mode and mode not in exercise.modes():
        need = "--together NAME NAME" if mode == "solo" else "--solo"
        _err(
            f"'{one_line(exercise.title, 60)}' is meant to be done "
            f"{'together' if mode == 'solo' else 'on your own'}; try {need}."
        )
        return 1
    return cmd_open(args, paths, library=library, start=exercise.id, mode=mode, names=names)


def cmd_resume(args: argparse.Namespace, paths: Paths) -> int:
    from reconnect_tui.store import Store

    unfinished = Store(paths.sessions_dir, paths.quarantine_dir).unfinished()
    if not unfinished:
        _err("There is no unfinished session to come back to. `reconnect` starts a new one.")
        return 1
    chosen = unfinished[0]
    if args.session:
        chosen = next((info for info in unfinished if info.id == args.session), None)
        if chosen is None:
            _err(f"There is no unfinished session '{one_line(args.session, 80)}'.")
            return 1
    library = _library(args, paths)
    if library.get(chosen.exercise_id) is None:
        _err(
            f"The exercise '{one_line(chosen.exercise_id, 80)}' of that session is no longer "
            "there, so it cannot be picked up. You can still read it: "
            f"reconnect export {chosen.id}"
        )
        return 1
    return cmd_open(args, paths, library=library, resume=chosen.id)


def cmd_list(args: argparse.Namespace, paths: Paths) -> int:
    library = _library(args, paths)
    rows = []
    for entry in library.entries:
        ex = entry.exercise
        source = entry.source + (", replaces built-in" if entry.replaces else "")
        rows.append((ex, source, entry))
    if args.json:
        _print_json(
            {
                "exercises": [
                    {
                        "id": ex.id, "title": one_line(ex.title), "mode": ex.audience,
                        "minutes": ex.minutes, "depth": ex.depth, "source": entry.source,
                        "path": one_line(str(entry.path)),
                        "replaces": one_line(str(entry.replaces)) if entry.replaces else None,
                    }
                    for ex, _source, entry in rows
                ],
                "problems": [_problem_data(problem) for problem in library.problems],
            }
        )
        return 0
    table = [("ID", "TITLE", "MODE", "MIN", "SOURCE")]
    table += [
        (ex.id, one_line(ex.title, 40), ex.audience, str(ex.minutes), source)
        for ex, source, _entry in rows
    ]
    widths = [max(len(row[col]) for row in table) for col in range(4)]
    for row in table:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].ljust(widths[2])]
        _out("  ".join([*cells, row[3].rjust(max(widths[3], 3)), row[4]]).rstrip())
    if not rows:
        _out("No exercises were found.")
    if library.problems:
        _out()
        _out("Some exercise files need a look:")
        for line in report_lines(library.problems):
            _out(line)
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
                    Problem(path=name, message="this folder holds no .toml files",
                            severity="warning")
                )
        elif os.path.lexists(path):
            files = [path]
        else:
            found.append(Problem(path=name, message="there is no file or folder here"))
            continue
        for file in files:
            key = file.resolve()
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
            problems.append(
                Problem(
                    path=str(item), key="id", severity="warning",
                    message=f"the id '{ex.id}' is also used by {owner_of[ex.id]}",
                    hint="only one of the two can be used; give one of them another id",
                )
            )
        else:
            owner_of[ex.id] = item
    bad = {p.path for p in problems if p.severity == "error"}
    warnings = sum(1 for p in problems if p.severity == "warning")
    if args.json:
        _print_json([_problem_data(problem) for problem in problems])
        return 1 if bad else 0
    for line in report_lines(problems):
        _out(line)
    files_word = "file" if checked == 1 else "files"
    summary = f"{checked} {files_word} checked, "
    summary += f"{len(bad)} with problems" if bad else "all valid"
    if warnings:
        summary += f" ({warnings} warning{'s' if warnings != 1 else ''})"
    _out(summary)
    return 1 if bad else 0


def cmd_show(args: argparse.Namespace, paths: Paths) -> int:
    as_file = Path(args.id)
    if args.id.endswith(".toml"):
        if not as_file.is_file():
            _err(f"There is no exercise file at {one_line(args.id)}.")
            return 1
        loaded = load_file(as_file)
        if loaded.exercise is None:
            for line in report_lines(loaded.problems):
                _err(line)
            return 1
        exercise = loaded.exercise
    else:
        library = _library(args, paths)
        entry = library.get(args.id)
        if entry is None:
            return _unknown_id(library, args.id)
        exercise = entry.exercise
    sys.stdout.write(worksheet.render(exercise, args.format))
    return 0


def cmd_new(args: argparse.Namespace, paths: Paths) -> int:
    exercise_id = args.id
    if not ID_PATTERN.match(exercise_id):
        _err(
            f"reconnect new: '{one_line(exercise_id, 80)}' cannot be an id: use 1 to 64 "
            "of a-z, 0-9 and '-', starting and ending with a letter or digit."
        )
        return 2
    target = paths.exercises_dir / f"{exercise_id}.toml"
    if os.path.lexists(target):
        _err(f"There is already a file at {one_line(str(target))}; it was left as it is.")
        _err("    hint: choose another id, or edit that file.")
        return 1
    library = load_library(user_dir=paths.exercises_dir)
    entry = library.get(exercise_id)
    if entry is not None and entry.source == "user":
        _err(f"Your exercise {one_line(str(entry.path))} already uses the id '{exercise_id}'.")
        return 1
    try:
        ensure_private_dir(paths.exercises_dir)
        # O_EXCL: never write over a file, even one made a moment ago.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        _err(f"There is already a file at {one_line(str(target))}; it was left as it is.")
        return 1
    except SaveError as error:
        _err(f"Could not write {one_line(str(target))}: {error.reason}.")
        return 1
    except OSError as error:
        _err(f"Could not write {one_line(str(target))}: {one_line(error.strerror or '')}.")
        return 1
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        os.fchmod(file.fileno(), 0o600)
        file.write(starter_text(exercise_id, target))
    _out(one_line(str(target)))
    if entry is not None:
        _err(f"Note: this takes the place of the built-in exercise '{exercise_id}'.")
    return 0


def cmd_paths(args: argparse.Namespace, paths: Paths) -> int:
    places = [
        ("config", paths.config_dir),
        ("settings", paths.config_file),
        ("exercises", paths.exercises_dir),
        ("themes", paths.themes_dir),
        ("data", paths.data_dir),
        ("progress", paths.sessions_dir),
        ("set aside", paths.quarantine_dir),
        ("built-in exercises", builtin_exercises_dir()),
    ]
    if args.json:
        _print_json({label: one_line(str(path)) for label, path in places})
        return 0
    width = max(len(label) for label, _ in places) + 1
    for label, path in places:
        note = "" if path.exists() else "  (not there yet)"
        _out(f"{(label + ':').ljust(width)}  {one_line(str(path))}{note}")
    return 0


APP_COMMANDS = ("open", "start", "resume")

COMMANDS = {
    "open": cmd_open,
    "start": cmd_start,
    "resume": cmd_resume,
    "list": cmd_list,
    "validate": cmd_validate,
    "show": cmd_show,
    "new": cmd_new,
    "paths": cmd_paths,
    **cli_progress.COMMANDS,
    "themes": cmd_themes,
}

__all__ = ["build_parser", "main"]
