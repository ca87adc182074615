"""``reconnect serve`` and ``reconnect serve keys``: let people in over SSH, by their key.

Loaded only for these commands (through the ``COMMANDS`` table of
``cli/main.py``; their options are in ``cli/parser.py``), so the app's start
never pays for them. The keys commands need nothing beyond the standard
library. The server itself needs asyncssh (the ``serve`` extra), imported
only when it starts: a heavy optional part, as the app is for ``cmd_open``
in ``cli/opening.py``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reconnect_tui.cli.output import err, out, print_json
from reconnect_tui.common.atomic import SaveError
from reconnect_tui.common.paths import Paths
from reconnect_tui.common.problems import report_lines
from reconnect_tui.common.safetext import one_line
from reconnect_tui.serve.keys import add_key, keys_file, read_keys, remove_person
from reconnect_tui.serve.limits import Limits

MAX_PUBLIC_KEY = 64 * 1024


def cmd_serve(args: argparse.Namespace, paths: Paths) -> int:
    if args.serve_command == "keys":
        if args.keys_command == "add":
            return _keys_add(args, paths)
        if args.keys_command == "remove":
            return _keys_remove(args, paths)
        return _keys_list(args, paths)
    if not 0 <= args.port < 65536:  # 0: any free port
        err("reconnect serve: --port must be between 0 and 65535.")
        return 2
    if any(
        value is not None and value < 1 for value in (args.max_connections, args.max_per_person)
    ):
        err("reconnect serve: the limits must be at least 1.")
        return 2
    try:
        # asyncssh: a heavy optional part, only for this command (see the module's docstring).
        from reconnect_tui.serve import server
    except ImportError:
        err("reconnect serve needs asyncssh: pip install 'reconnect-tui[serve]' (docs/serve.md).")
        return 1
    given = {"connections": args.max_connections, "per_person": args.max_per_person}
    limits = Limits(**{name: value for name, value in given.items() if value is not None})
    settings = server.Settings(paths=paths, listen=args.listen, port=args.port, limits=limits)
    return server.run(settings)


def _keys_list(args: argparse.Namespace, paths: Paths) -> int:
    path = keys_file(paths)
    ring = read_keys(path)
    if args.json:
        print_json(
            {
                "file": one_line(str(path)),
                "keys": [
                    {"name": key.name, "type": key.kind, "fingerprint": key.fingerprint}
                    for key in ring.keys
                ],
                "problems": [one_line(problem.format()) for problem in ring.problems],
            }
        )
        return 1 if ring.problems else 0
    if not ring.keys:
        out("No one can come in yet. Add someone: reconnect serve keys add NAME FILE")
    width = max((len(key.name) for key in ring.keys), default=0)
    for key in ring.keys:
        out(f"{one_line(key.name).ljust(width)}  {key.fingerprint}  {key.kind}")
    for line in report_lines(ring.problems):
        err(line)
    if ring.problems:
        err("Lines with problems are skipped; everything else works.")
    return 1 if ring.problems else 0


def _keys_add(args: argparse.Namespace, paths: Paths) -> int:
    try:
        if args.file == "-":
            text = sys.stdin.read(MAX_PUBLIC_KEY) if sys.stdin is not None else ""
        else:
            with Path(args.file).open(encoding="utf-8", errors="replace") as handle:
                text = handle.read(MAX_PUBLIC_KEY)
    except OSError as error:
        err(f"reconnect serve keys add: could not read {one_line(args.file)}: {error.strerror}")
        return 1
    if "PRIVATE KEY" in text:
        err(
            "That is a private key: it should never leave its owner. "
            "Give the public one (the .pub file) instead."
        )
        return 1
    try:
        key = add_key(keys_file(paths), args.name, text)
    except (ValueError, SaveError) as error:
        err(f"reconnect serve keys add: {one_line(str(error))}")
        return 1
    out(f"{one_line(key.name)} can come in with {key.fingerprint}.")
    return 0


def _keys_remove(args: argparse.Namespace, paths: Paths) -> int:
    try:
        gone = remove_person(keys_file(paths), args.name)
    except SaveError as error:
        err(f"reconnect serve keys remove: {one_line(str(error))}")
        return 1
    if not gone:
        err(f"There is no key for {one_line(args.name, 40)}.")
        return 1
    out(
        f"Removed {gone} key{'s' if gone != 1 else ''} of {one_line(args.name, 40)}. "
        "Anyone connected now stays until they leave."
    )
    return 0


COMMANDS = {"serve": cmd_serve}
