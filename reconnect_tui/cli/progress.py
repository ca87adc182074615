"""``reconnect history``, ``export``, ``forget`` and ``paths``: saved sessions, by command.

None of these import Textual. Everything printed that came from a file or a
person is cleaned first.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reconnect_tui.cli.lookup import load_exercises, person_of
from reconnect_tui.cli.output import err, out, print_json
from reconnect_tui.common.atomic import SaveError, list_folder
from reconnect_tui.common.paths import Paths
from reconnect_tui.common.safetext import one_line
from reconnect_tui.exercises.library import builtin_exercises_dir
from reconnect_tui.progress.export import to_markdown, write_markdown
from reconnect_tui.progress.store import SessionInfo, Store

if TYPE_CHECKING:
    import argparse


def _store(paths: Paths, args: argparse.Namespace) -> Store:
    """The sessions, or with ``--person`` only the ones that person took part in."""
    return Store(paths.sessions_dir, paths.quarantine_dir, person=person_of(args))


def _notices(store: Store) -> None:
    for notice in store.notices:
        err(one_line(notice))
    store.notices.clear()


def _date(stamp: str) -> str:
    """A saved (UTC) stamp in local time, to the minute."""
    try:
        return dt.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return one_line(stamp, 16)


def cmd_history(args: argparse.Namespace, paths: Paths) -> int:
    store = _store(paths, args)
    sessions = store.list()
    _notices(store)
    if args.json:
        rows = [
            {
                "id": info.id,
                "exercise": info.exercise_id,
                "title": info.title,
                "people": list(info.people),
                "started": info.started,
                "updated": info.updated,
                "finished": info.finished,
                "promise": info.promise,
            }
            for info in sessions
        ]
        print_json(rows)
        return 0
    if not sessions:
        out("No sessions are saved yet.")
        return 0
    for info in sessions:
        people = " and ".join(one_line(name, 30) for name in info.people if name) or "-"
        state = "done" if info.finished else "part way"
        out(
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
    store = _store(paths, args)
    info = find_session(store, args.session)
    _notices(store)
    if info is None:
        err(
            f"There is no saved session '{one_line(args.session, 80)}'. "
            "`reconnect history` lists them."
        )
        return 1
    if args.output and os.path.lexists(args.output) and not args.force:
        err(f"There is already a file at {one_line(args.output)}; it was left as it is.")
        err("    hint: choose another name, or add --force to replace it.")
        return 1
    try:
        record = store.load(info.id)
    except (OSError, ValueError):
        _notices(store)
        return 1
    entry = load_exercises(args, paths).get(record.exercise_id)
    text = to_markdown(record, entry.exercise if entry is not None else None)
    if not args.output:
        out(text, end="")
        return 0
    try:
        write_markdown(Path(args.output), text)
    except SaveError as error:
        err(f"Could not write {one_line(args.output)}: {one_line(error.reason)}.")
        return 1
    out(one_line(args.output))
    return 0


def cmd_forget(args: argparse.Namespace, paths: Paths) -> int:
    store = _store(paths, args)
    count = len(store.list())
    _notices(store)
    set_aside = len(list_folder(paths.quarantine_dir)) if store.person is None else 0
    if count == 0 and set_aside == 0 and not os.path.isdir(paths.sessions_dir):
        out("There are no saved sessions to delete.")
        return 0
    # With neither, only temp files a killed save left may be there: swept without asking.
    if (count or set_aside) and not args.yes:
        what = [_count(count, "saved session")]
        if set_aside:
            what.append(
                _count(set_aside, "file set aside as unreadable", "files set aside as unreadable")
            )
        out(
            f"This deletes {' and '.join(what)}, and any drafts, for good. "
            "Type 'forget' and press Enter to go ahead: ",
            end="",
            flush=True,
        )
        answer = sys.stdin.readline().strip() if sys.stdin is not None else ""
        if answer.casefold() != "forget":
            out("Nothing was deleted.")
            return 1
    try:
        gone = store.forget_all()
    except SaveError as error:  # e.g. the folder's lock could not be taken
        err(f"Could not delete them: {one_line(error.reason)}.")
        return 1
    removed = [
        _count(gone.sessions, "session"),
        _count(gone.set_aside, "file set aside as unreadable", "files set aside as unreadable"),
        _count(
            gone.temps,
            "half-written file left by an interrupted save",
            "half-written files left by interrupted saves",
        ),
    ]
    removed = [part for part in removed if not part.startswith("0 ")]
    if removed:
        last = removed.pop()
        out(f"Deleted {', '.join(removed)}{' and ' if removed else ''}{last}.")
    elif not gone.kept:
        out("There are no saved sessions to delete.")
    for path, reason in gone.kept:
        err(f"Could not delete {one_line(path)}: {one_line(reason)}.")
    return 1 if gone.kept else 0


def _count(number: int, one: str, many: str = "") -> str:
    """``1 session`` / ``3 sessions`` (*many* when the plural is not just an added s)."""
    if number == 1:
        return f"1 {one}"
    return f"{number} {many or one + 's'}"


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


COMMANDS = {
    "history": cmd_history,
    "export": cmd_export,
    "forget": cmd_forget,
    "paths": cmd_paths,
}
