"""The ``reconnect`` command: open the app, or list, check, show and start exercises.

This module reads the command line and holds the commands that open the app
(``open``, ``start``, ``resume``) and ``paths``; the others live beside it, a
module per group: ``cli_exercises`` (``list``, ``validate``, ``show``,
``new``), ``cli_themes`` (``themes``) and ``cli_progress`` (``history``,
``export``, ``forget``).

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
import os
import sys
from collections.abc import Sequence
from typing import Any

from reconnect_tui import __version__, cli_exercises, cli_progress, launch
from reconnect_tui.cli_exercises import err, load_exercises, out, print_json, unknown_id
from reconnect_tui.cli_themes import cmd_themes
from reconnect_tui.library import Library, builtin_exercises_dir
from reconnect_tui.paths import Paths
from reconnect_tui.safetext import clean, one_line

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
        launch.resume_collector()  # the app does it after its first frame
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

    cli_exercises.add_commands(commands, command)

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


# --- the commands ------------------------------------------------------------


def cmd_open(
    args: argparse.Namespace, paths: Paths, *, library: Library | None = None, **start: Any
) -> int:
    """Open the app (the only place Textual is imported)."""
    if library is None:
        library = load_exercises(args, paths)
    from reconnect_tui.ui.app import run_app

    return run_app(
        paths=paths, library=library, theme=args.theme,
        low_bandwidth=True if getattr(args, "low_bandwidth", None) else None, **start,
    )


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
    mode, names = None, ()
    if args.solo is not None:
        mode, names = "solo", tuple(name for name in [one_line(args.solo, 40)] if name)
    elif args.together:
        mode, names = "together", tuple(one_line(name, 40) for name in args.together)
        if not all(names) or names[0].casefold() == names[1].casefold():
            err("reconnect start: --together needs two different names.")
            return 2
    exercise = entry.exercise
    if mode and mode not in exercise.modes():
        need = "--together NAME NAME" if mode == "solo" else "--solo"
        err(
            f"'{one_line(exercise.title, 60)}' is meant to be done "
            f"{'together' if mode == 'solo' else 'on your own'}; try {need}."
        )
        return 1
    return cmd_open(args, paths, library=library, start=exercise.id, mode=mode, names=names)


def cmd_resume(args: argparse.Namespace, paths: Paths) -> int:
    from reconnect_tui.store import Store

    unfinished = Store(paths.sessions_dir, paths.quarantine_dir).unfinished()
    if not unfinished:
        err("There is no unfinished session to come back to. `reconnect` starts a new one.")
        return 1
    chosen = unfinished[0]
    if args.session:
        chosen = next((info for info in unfinished if info.id == args.session), None)
        if chosen is None:
            err(f"There is no unfinished session '{one_line(args.session, 80)}'.")
            return 1
    library = load_exercises(args, paths)
    if library.get(chosen.exercise_id) is None:
        err(
            f"The exercise '{one_line(chosen.exercise_id, 80)}' of that session is no longer "
            "there, so it cannot be picked up. You can still read it: "
            f"reconnect export {chosen.id}"
        )
        return 1
    return cmd_open(args, paths, library=library, resume=chosen.id)


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
        print_json({label: one_line(str(path)) for label, path in places})
        return 0
    width = max(len(label) for label, _ in places) + 1
    for label, path in places:
        note = "" if path.exists() else "  (not there yet)"
        out(f"{(label + ':').ljust(width)}  {one_line(str(path))}{note}")
    return 0


APP_COMMANDS = ("open", "start", "resume")

COMMANDS = {
    "open": cmd_open,
    "start": cmd_start,
    "resume": cmd_resume,
    **cli_exercises.COMMANDS,
    "paths": cmd_paths,
    **cli_progress.COMMANDS,
    "themes": cmd_themes,
}

__all__ = ["build_parser", "main"]
