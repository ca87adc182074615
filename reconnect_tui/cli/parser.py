"""The ``reconnect`` command line: its options, commands and help text.

Only built when there is something to read: plain ``reconnect`` (the usual
start) opens the app without building it (see ``cli.main``).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from reconnect_tui import __version__
from reconnect_tui.common.safetext import clean
from reconnect_tui.exercises import worksheet

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
  reconnect serve                            let your partner in over SSH, by key (docs/serve.md)

exit codes: 0 fine, 1 a problem with a file or request, 2 the command line was not understood.

If you might hurt yourself, or home doesn't feel safe, outside help comes first:
`reconnect support` says where to turn (in the app: Ctrl+G or F3). Nothing about it is saved.
"""


# The options for every command, as argparse takes them; each is read before the
# command and, as a late copy (dest ``..._late``), after it.
_EVERY_COMMAND: dict[str, dict[str, Any]] = {
    "--exercises": {
        "action": "append",
        "metavar": "PATH",
        "help": "also use the exercise file or folder at PATH (repeatable)",
    },
    "--config-dir": {
        "metavar": "DIR",
        "help": "settings, your exercises and themes (default: the usual place; "
        "or set RECONNECT_CONFIG_DIR)",
    },
    "--data-dir": {
        "metavar": "DIR",
        "help": "saved progress (default: the usual place; or set RECONNECT_DATA_DIR)",
    },
    "--theme": {"metavar": "NAME", "help": "the colour theme to open the app with"},
    "--person": {
        "metavar": "NAME",
        "help": "as this one person (as `reconnect serve` starts it): only the sessions "
        "they took part in are shown",
    },
    "--low-bandwidth": {
        "action": "store_true",
        "help": "draw as little as possible: for slow links and basic terminals "
        "(also RECONNECT_LOW_BANDWIDTH=1; chosen on its own for TERM=linux, vt100, xterm)",
    },
}


def _dest(flag: str) -> str:
    return flag.removeprefix("--").replace("-", "_")


def _global_options(parser: argparse.ArgumentParser, *, late: bool) -> None:
    """Options that work before the command and, as *late* copies, after it."""
    group = parser.add_argument_group("options for every command")
    for flag, options in _EVERY_COMMAND.items():
        dest = _dest(flag) + ("_late" if late else "")
        group.add_argument(flag, dest=dest, default=argparse.SUPPRESS if late else None, **options)


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
    _who(start, "on your own (your name is optional)", "the two of you, by name")

    two_screens = "each on your own screen: your partner joins with `reconnect join`"
    start.add_argument("--two-screens", action="store_true", help=two_screens)

    resume = command("resume", "carry on with an unfinished session")
    resume.add_argument(
        "session", nargs="?", metavar="SESSION", help="which one (default: the latest)"
    )
    resume.add_argument("--two-screens", action="store_true", help=two_screens)

    join = command("join", "join a session your partner opened for two screens")
    join.add_argument(
        "code", nargs="?", metavar="CODE", help="the join code on their screen (optional)"
    )

    _exercise_commands(command)

    theme_list = command("themes", "list the colour themes, and any theme files with problems")
    theme_list.add_argument("--json", action="store_true", help="print JSON for scripts")

    _progress_commands(command)
    _serve_commands(command)

    _support_command(command)

    where = command("paths", "show where settings, exercises, themes and progress live")
    where.add_argument("--json", action="store_true", help="print JSON for scripts")
    return parser


def _who(parser: argparse.ArgumentParser, solo: str, together: str) -> None:
    """``--solo [NAME]`` or ``--together NAME NAME``, with their help texts."""
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--solo", nargs="?", const="", metavar="NAME", help=solo)
    who.add_argument("--together", nargs=2, metavar=("NAME", "NAME"), help=together)


def _exercise_commands(command: Any) -> None:
    """``list``, ``validate``, ``show``, ``preview``, ``schema`` and ``new``.

    Run by ``cli/exercises.py``, except ``preview`` (``cli/opening.py``): it opens the app.
    """
    listing = command("list", "list the exercises and any files that could not be read")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")

    validate = command("validate", "check exercise and theme files; prints path:line:col: problems")
    validate.add_argument(
        "files", nargs="+", metavar="PATH", help="a .toml file, or a folder of them"
    )
    validate.add_argument("--json", action="store_true", help="print the problems as JSON")

    show = command("show", "print an exercise as a worksheet to read or print")
    show.add_argument("id", metavar="ID", help="an exercise id, or the path of a .toml file")
    show.add_argument("--format", choices=worksheet.FORMATS, default="text")

    preview = command(
        "preview",
        "open one exercise file at any step, with made-up answers; it reloads when saved",
    )
    preview.add_argument("file", metavar="FILE", help="the exercise file (.toml) you are writing")
    preview.add_argument(
        "--at", metavar="STEP", help="the id of the step to open at (default: the first)"
    )
    _who(preview, "as one person (a name is optional)", "as two people, by name")

    schema = command(
        "schema", "print the #:schema line that lets an editor check an exercise file as you type"
    )
    schema.add_argument("--path", action="store_true", help="print only the schema file's path")

    new = command("new", "write a commented starter exercise into your exercise folder")
    new.add_argument("id", metavar="ID", help="the new exercise's id, e.g. my-check-in")


def _progress_commands(command: Any) -> None:
    """``history``, ``export`` and ``forget``; run by ``cli/progress.py``."""
    history = command("history", "list past sessions: date, exercise and who took part")
    history.add_argument("--json", action="store_true", help="print JSON for scripts")

    export = command("export", "write one session as Markdown, to keep or print")
    export.add_argument(
        "session", metavar="ID", help="a session id from `reconnect history`, or `latest`"
    )
    export.add_argument(
        "-o", "--output", metavar="FILE", help="the file to write (default: print it)"
    )
    export.add_argument(
        "--force", action="store_true", help="replace FILE when it is there already"
    )

    forget = command("forget", "delete saved sessions and drafts for good")
    forget.add_argument(
        "--all", action="store_true", required=True, help="every session and every draft"
    )
    forget.add_argument("--yes", action="store_true", help="do not ask to confirm")


def _support_command(command: Any) -> None:
    """``support``; run by ``cli/support.py``."""
    page = command(
        "support",
        "where to turn for help, with your local contacts; nothing about it is saved",
    )
    page.add_argument(
        "--example",
        action="store_true",
        help="print an example support.toml for local contacts, to edit and keep",
    )


# The serve limits' defaults, as help text (the values: serve/limits.py; a test holds them
# equal). Written here so that reading a command line never loads the serve code.
SERVE_DEFAULTS = {"connections": 4, "per_person": 2}


def _serve_commands(command: Any) -> None:
    """``serve`` (with ``keys``, ``keys add`` and ``keys remove``); run by ``cli/serve.py``."""
    serve = command("serve", "let your partner in over SSH, by their key (docs/serve.md)")
    serve.add_argument(
        "--listen",
        metavar="ADDRESS",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1: this computer only; "
        "give another, e.g. 0.0.0.0, to be reachable from elsewhere)",
    )
    serve.add_argument(
        "--port", type=int, default=2222, help="the port (default 2222; 0: any free one)"
    )
    serve.add_argument(
        "--max-connections",
        type=int,
        metavar="N",
        help=f"connections at once (default {SERVE_DEFAULTS['connections']})",
    )
    serve.add_argument(
        "--max-per-person",
        type=int,
        metavar="N",
        help=f"connections at once for one person (default {SERVE_DEFAULTS['per_person']})",
    )
    what = serve.add_subparsers(dest="serve_command", metavar="keys")
    keys = what.add_parser("keys", help="list, add or remove the people who may come in")
    keys.add_argument("--json", action="store_true", help="print JSON for scripts")
    change = keys.add_subparsers(dest="keys_command", metavar="add|remove")
    add = change.add_parser("add", help="let NAME in with the public key in FILE (- for stdin)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("file", metavar="FILE", help="a public key file (e.g. id_ed25519.pub), or -")
    remove = change.add_parser("remove", help="take away every key of NAME")
    remove.add_argument("name", metavar="NAME")


def merge_late_options(args: argparse.Namespace) -> None:
    # Options given after the command win over the same option given before
    # it; repeated --exercises from both places add up.
    for name in map(_dest, _EVERY_COMMAND):
        if name != "exercises" and hasattr(args, name + "_late"):
            setattr(args, name, getattr(args, name + "_late"))
    args.exercises = [*(args.exercises or []), *getattr(args, "exercises_late", [])]


def bare_args() -> argparse.Namespace:
    """Plain ``reconnect``, the usual start, read without building the parser.

    A test holds it equal to what the parser makes of an empty command line.
    """
    args = argparse.Namespace(command=None, **{_dest(flag): None for flag in _EVERY_COMMAND})
    merge_late_options(args)
    return args


def read_command_line(argv: Sequence[str]) -> argparse.Namespace | int:
    """The parsed *argv*, or the exit code when argparse has already answered (help, errors)."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help, --version and usage errors
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)
    merge_late_options(args)
    return args
