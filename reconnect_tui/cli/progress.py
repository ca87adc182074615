"""``reconnect history``, ``export`` and ``forget``: saved sessions from the command line.

None of these import Textual. Everything printed that came from a file or a
person is cleaned first.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reconnect_tui.common.atomic import SaveError
from reconnect_tui.common.paths import Paths
from reconnect_tui.common.safetext import one_line
from reconnect_tui.exercises.library import load_library
from reconnect_tui.progress.export import to_markdown, write_markdown
from reconnect_tui.progress.store import SessionInfo, Store

if TYPE_CHECKING:
    import argparse


def add_commands(commands: Any, command: Any) -> None:
    """Add the three commands to the parser (*command* makes one sub-parser)."""
    history = command("history", "list past sessions: date, exercise and who took part")
    history.add_argument("--json", action="store_true", help="print JSON for scripts")

    export = command("export", "write one session as Markdown, to keep or print")
    export.add_argument(
        "session", metavar="ID", help="a session id from `reconnect history`, or `latest`"
    )
    export.add_argument(
        "-o", "--output", metavar="FILE", help="the file to write (default: print it)"
    )

    forget = command("forget", "delete saved sessions and drafts for good")
    forget.add_argument(
        "--all", action="store_true", required=True, help="every session and every draft"
    )
    forget.add_argument("--yes", action="store_true", help="do not ask to confirm")


def _store(paths: Paths) -> Store:
    return Store(paths.sessions_dir, paths.quarantine_dir)


def _notices(store: Store) -> None:
    for notice in store.notices:
        print(one_line(notice), file=sys.stderr)
    store.notices.clear()


def _date(stamp: str) -> str:
    """A saved (UTC) stamp in local time, to the minute."""
    try:
        return dt.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return one_line(stamp, 16)


def cmd_history(args: argparse.Namespace, paths: Paths) -> int:
    store = _store(paths)
    sessions = store.list()
    _notices(store)
    if args.json:
        rows = [
            {
                "id": info.id,
                "exercise": info.exercise_id,
                "title": one_line(info.title),
                "people": [one_line(name) for name in info.people],
                "started": info.started,
                "updated": info.updated,
                "finished": info.finished,
                "promise": one_line(info.promise),
            }
            for info in sessions
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not sessions:
        print("No sessions are saved yet.")
        return 0
    for info in sessions:
        people = " and ".join(one_line(name, 30) for name in info.people if name) or "-"
        state = "done" if info.finished else "part way"
        print(
            f"{_date(info.started)}  {one_line(info.title, 34):34}  {people:24}  "
            f"{state:8}  {info.id}"
        )
    return 0


def find_session(store: Store, wanted: str) -> SessionInfo | None:
    """A session by id, or the newest for ``latest``."""
    sessions = store.list()
    if wanted == "latest":
        return sessions[0] if sessions else None
    return next((info for info in sessions if info.id == wanted), None)


def cmd_export(args: argparse.Namespace, paths: Paths) -> int:
    store = _store(paths)
    info = find_session(store, args.session)
    _notices(store)
    if info is None:
        print(
            f"There is no saved session '{one_line(args.session, 80)}'. "
            "`reconnect history` lists them.",
            file=sys.stderr,
        )
        return 1
    try:
        record = store.load(info.id)
    except (OSError, ValueError):
        _notices(store)
        return 1
    library = load_library(
        user_dir=paths.exercises_dir, extra=[Path(item) for item in args.exercises]
    )
    entry = library.get(record.exercise_id)
    text = to_markdown(record, entry.exercise if entry is not None else None)
    if not args.output:
        sys.stdout.write(text)
        return 0
    try:
        write_markdown(Path(args.output), text)
    except SaveError as error:
        print(
            f"Could not write {one_line(args.output)}: {one_line(error.reason)}.", file=sys.stderr
        )
        return 1
    print(one_line(args.output))
    return 0


def cmd_forget(args: argparse.Namespace, paths: Paths) -> int:
    store = _store(paths)
    count = len(store.list())
    _notices(store)
    if count == 0:
        print("There are no saved sessions to delete.")
        return 0
    if not args.yes:
        sessions = "one saved session" if count == 1 else f"{count} saved sessions"
        print(
            f"This deletes {sessions} and any drafts, for good. "
            "Type 'forget' and press Enter to go ahead: ",
            end="",
            flush=True,
        )
        answer = sys.stdin.readline().strip()
        if answer.casefold() != "forget":
            print("Nothing was deleted.")
            return 1
    try:
        removed = store.forget_all()
    except SaveError as error:
        print(f"Could not delete them: {one_line(error.reason)}.", file=sys.stderr)
        return 1
    print("Deleted one session." if removed == 1 else f"Deleted {removed} sessions.")
    return 0


COMMANDS = {"history": cmd_history, "export": cmd_export, "forget": cmd_forget}
