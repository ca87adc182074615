"""The ``reconnect`` command line: its options, commands and help text.

Only built when there is something to read: plain ``reconnect`` (the usual
start) opens the app without building it (see ``cli.main``).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from reconnect_tui import __version__
from reconnect_tui.cli import exercises as cli_exercises
from reconnect_tui.cli import progress as cli_progress
from reconnect_tui.common.safetext import clean

EPILOG = """\
examples:
  reconnect                                  open the app
  reconnect list                             see every exercise you can do
  reconnect start i-statement --solo Sam     go straight into one exercise
  reconnect start reflective-paraphrase --together Sam Alex
  reconnect resume                           carry on where you stopped
  reconnect show noticing-shifts --format markdown > worksheet.md
  reconnect new my-check-in                  write a starter exercise to edit
  reconnect preview mine.toml --at share     see a step as you write it
  reconnect schema                           the #:schema line for your editor
  reconnect validate ~/my-exercises/         check exercise files (for editors and CI)
  reconnect paths                            where settings and progress are kept
  reconnect history                          the sessions you have done
  reconnect export latest -o session.md      keep one session as Markdown
  reconnect themes                           the colour themes, and any with problems
  reconnect --low-bandwidth                  draw as little as possible (slow links, SSH)

exit codes: 0 fine, 1 a problem with a file or request, 2 the command line was not understood.
If anyone feels unsafe at home, outside help comes first: see `reconnect show finding-support`.
"""


def _global_options(parser: argparse.ArgumentParser, *, late: bool) -> None:
    """Options that work before the command and, as *late* copies, after it."""
    suffix = "_late" if late else ""
    unset = argparse.SUPPRESS if late else None
    group = parser.add_argument_group("options for every command")
    group.add_argument(
        "--exercises",
        action="append",
        metavar="PATH",
        dest="exercises" + suffix,
        default=unset,
        help="also use the exercise file or folder at PATH (repeatable)",
    )
    group.add_argument(
        "--config-dir",
        metavar="DIR",
        dest="config_dir" + suffix,
        default=unset,
        help="settings, your exercises and themes (default: the usual place; "
        "or set RECONNECT_CONFIG_DIR)",
    )
    group.add_argument(
        "--data-dir",
        metavar="DIR",
        dest="data_dir" + suffix,
        default=unset,
        help="saved progress (default: the usual place; or set RECONNECT_DATA_DIR)",
    )
    group.add_argument(
        "--theme",
        metavar="NAME",
        dest="theme" + suffix,
        default=unset,
        help="the colour theme to open the app with",
    )
    group.add_argument(
        "--low-bandwidth",
        action="store_true",
        dest="low_bandwidth" + suffix,
        default=unset,
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
    start.add_argument("id", metavar="ID", nargs="?", help="the exercise id (see `reconnect list`)")
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


def merge_late_options(args: argparse.Namespace) -> None:
    # Options given after the command win over the same option given before
    # it; repeated --exercises from both places add up.
    for name in ("config_dir", "data_dir", "theme", "low_bandwidth"):
        if hasattr(args, name + "_late"):
            setattr(args, name, getattr(args, name + "_late"))
    args.exercises = [*(args.exercises or []), *getattr(args, "exercises_late", [])]


def read_command_line(argv: Sequence[str]) -> argparse.Namespace | int:
    """The parsed *argv*, or the exit code when argparse has already answered (help, errors)."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help, --version and usage errors
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)
    merge_late_options(args)
    return args
