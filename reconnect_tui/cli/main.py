"""The ``reconnect`` command: read the command line, then run the command it names.

Each command lives in a module beside this one, loaded only when that
command runs (:func:`command`, the one lazy loader here, like the one for
screens): ``opening`` (plain ``reconnect``, ``start``, ``resume``, ``join``,
``preview``), ``exercises`` (``list``, ``validate``, ``show``, ``schema``,
``new``), ``progress`` (``history``, ``export``, ``forget``, ``paths``),
``themes``, ``support`` and ``serve``. So the usual start, plain
``reconnect``, loads the app's commands and nothing else, and builds no
parser (``parser`` reads a command line when there is one). Only the commands
that open the app import Textual, and only once they know it will run.

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
from collections.abc import Callable, Sequence
from importlib import import_module

from reconnect_tui.cli.output import err
from reconnect_tui.cli.parser import bare_args, read_command_line
from reconnect_tui.common import collector
from reconnect_tui.common.atomic import PlaceError, SaveError
from reconnect_tui.common.paths import Paths
from reconnect_tui.common.safetext import one_line

COMMANDS = {
    "open": "opening",
    "start": "opening",
    "resume": "opening",
    "join": "opening",
    "preview": "opening",
    "list": "exercises",
    "validate": "exercises",
    "show": "exercises",
    "schema": "exercises",
    "new": "exercises",
    "history": "progress",
    "export": "progress",
    "forget": "progress",
    "paths": "progress",
    "themes": "themes",
    "support": "support",
    "serve": "serve",
}
"""Command -> the module beside this one that runs it (from that module's ``COMMANDS``)."""

APP_COMMANDS = frozenset(name for name, module in COMMANDS.items() if module == "opening")
"""The commands that open the app (it turns the collector back on after its first frame)."""


def command(name: str) -> Callable[[argparse.Namespace, Paths], int]:
    """The function that runs the command *name*, its module loaded the first time."""
    module = import_module(f"{__package__}.{COMMANDS[name]}")
    run: Callable[[argparse.Namespace, Paths], int] = module.COMMANDS[name]
    return run


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line in *argv* (default: ``sys.argv[1:]``); return the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv:
        read = read_command_line(argv)
        if isinstance(read, int):  # --help, --version or a usage error: already said
            return read
        args = read
    else:  # plain `reconnect`, the usual start: nothing to read, no parser to build
        args = bare_args()
    if (args.command or "open") not in APP_COMMANDS:
        collector.resume()  # the app does it after its first frame
    paths = Paths.resolve(config_dir=args.config_dir, data_dir=args.data_dir)
    try:
        return command(args.command or "open")(args, paths)
    except (PlaceError, SaveError) as error:  # a folder of ours cannot be used: one line
        err(f"reconnect: {one_line(str(error))}")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`reconnect list | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


__all__ = ["main"]
