"""Session files: one human-readable TOML file per session, saved after every answer.

A session file holds ``format = 1``, the exercise (id, revision, a hash of
its file), who took part, timestamps, the engine's state, the answers by
step id, any draft typed but not yet sent, and an optional promise to return.

Writes go through ``atomic.write_private`` under a lock, with a version
counter: when another copy of the program saved the same session since we
read it, our state is kept as a separate session rather than written over
theirs. Unreadable files are moved to ``quarantine/``, never overwritten.
"""

from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import tomli_w

from reconnect_tui.common import tomlguard
from reconnect_tui.common.atomic import (
    NotPrivate,
    SaveError,
    ensure_private_dir,
    list_folder,
    locked,
    read_private,
    reason_for,
    refuse_symlink,
    remove_stale_temps,
    write_private,
)
from reconnect_tui.common.problems import Problem
from reconnect_tui.common.safetext import NAME_LIMIT, clean_tree, one_line, takes_part
from reconnect_tui.exercises.model import ID_PATTERN

SESSION_FORMAT = 1
MAX_SESSION_BYTES = 8 * 1024 * 1024
_HEADER_BYTES = 4096
_HEADER_LIMIT = 64 * 1024  # a title, names and times: a few KB even in many-byte letters
_SESSION_ID = re.compile(r"^[0-9]{8}-[0-9]{6}-[a-z0-9-]{1,64}-[0-9a-f]{6}\Z")
PROMISE_LIMIT = 80


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@attrs.define(kw_only=True)
class SavedSession:
    """Everything one session file holds.

    Attributes:
        id: also the file name (without ``.toml``).
        digest: sha256 of the exercise file when the session started, so a
            later edit of the file can be noticed on resume.
        version: raised by one on every save; guards against lost updates.
        state: the engine's ``Session.to_data()``.
        answers: step id -> person key -> value, readable without the engine.
        draft: words typed but not yet sent: ``step``, ``person`` ("" for both),
            ``value`` (shaped like the step's answer: text, a list, slots…).
        promise: words for when to come back ("Saturday evening"), or "".
        rest_until: the day (ISO ``YYYY-MM-DD``) a session paused by a later step
            rests until; "" when it is not resting. Files without it load as "".
    """

    id: str
    exercise_id: str
    title: str
    revision: int = 1
    digest: str = ""
    mode: str = "solo"
    people: list[str] = attrs.field(factory=list)
    started: str
    updated: str
    finished: bool = False
    version: int = 0
    promise: str = ""
    rest_until: str = ""
    state: dict[str, Any] = attrs.field(factory=dict)
    answers: dict[str, Any] = attrs.field(factory=dict)
    draft: dict[str, Any] = attrs.field(factory=dict)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": SESSION_FORMAT,
            "id": self.id,
            "exercise": self.exercise_id,
            "title": self.title,
            "revision": self.revision,
            "digest": self.digest,
            "mode": self.mode,
            "people": list(self.people),
            "started": self.started,
            "updated": self.updated,
            "finished": self.finished,
            "version": self.version,
            "promise": self.promise,
        }
        if self.rest_until:
            data["rest_until"] = self.rest_until
        for name in ("answers", "draft", "state"):
            value = getattr(self, name)
            if value:
                data[name] = value
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SavedSession:
        """Build from parsed TOML; ``ValueError`` when it is not a session file we know.

        Every string in it is cleaned here, as it is read (the draft too), so
        nothing from the file reaches a screen or a terminal raw; the ids are
        checked against their patterns.
        """
        try:
            header = attrs.asdict(_info(data))  # checked and cleaned as a listing reads it
            return cls(
                **{**header, "people": list(header["people"])},
                revision=int(data.get("revision", 1)),
                digest=_text(data, "digest", ""),
                mode=_text(data, "mode", "solo"),
                version=int(data.get("version", 0)),
                state=_table(data, "state"),
                answers=_table(data, "answers"),
                draft=_table(data, "draft"),
            )
        except (TypeError, KeyError) as error:
            raise ValueError(f"missing or wrong field: {error}") from error


def _text(data: dict[str, Any], key: str, default: str | None = None, limit: int = 0) -> str:
    """``data[key]`` as one cleaned line; ``ValueError`` when it is not text."""
    value = data[key] if default is None else data.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"{key} should be text")
    return one_line(value, limit)


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    """``data[key]`` (a table, or empty) with every string in it cleaned."""
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ValueError(f"{key} should be a table")
    try:
        cleaned: dict[str, Any] = clean_tree(value)
    except TypeError as error:
        raise ValueError(f"{key} holds {error}") from error
    return cleaned


@attrs.frozen(kw_only=True)
class SessionInfo:
    """What a listing needs, read from the top of a session file only."""

    id: str
    exercise_id: str
    title: str
    people: tuple[str, ...]
    started: str
    updated: str
    finished: bool
    promise: str
    rest_until: str = ""


class Store:
    """The session files in one data folder.

    Unfinished sessions live in ``sessions/``, finished ones in
    ``sessions/finished/``. Home needs only the few unfinished ones and, per
    exercise, when it was last done, which the finished files' names tell
    (``YYYYmmdd-HHMMSS-exercise-xxxxxx``), so it never reads the history.
    """

    def __init__(
        self, sessions_dir: Path, quarantine_dir: Path, *, person: str | None = None
    ) -> None:
        self.sessions_dir = sessions_dir
        self.finished_dir = sessions_dir / "finished"
        self.quarantine_dir = quarantine_dir
        # Served as one person (``reconnect serve``): only the sessions they took part in.
        self.person = person
        self.notices: list[str] = []

    def is_theirs(self, people: Sequence[str]) -> bool:
        """Whether the person this store is for took part (always, when it is for no one)."""
        return self.person is None or takes_part(self.person, people)

    # -- set-up -----------------------------------------------------------

    def open(self) -> None:
        """Make the sessions folder (0700) and remove our own leftover temp files.

        ``finished/`` is made by the first save of a finished session, not here:
        opening the app writes nothing it does not need.
        Raises ``SaveError`` when a folder cannot be made at all.
        """
        ensure_private_dir(self.sessions_dir)
        for folder in (self.sessions_dir, self.finished_dir):
            remove_stale_temps(folder)

    def path_of(self, session_id: str) -> Path:
        """Where the session is now (unfinished folder when it is in neither)."""
        if not is_session_id(session_id):
            raise ValueError(f"not a session id: {session_id!r}")
        finished = self.finished_dir / f"{session_id}.toml"
        return finished if os.path.lexists(finished) else self.sessions_dir / finished.name

    @property
    def _lock_path(self) -> Path:
        return self.sessions_dir / ".lock"

    def new_session(
        self,
        *,
        exercise_id: str,
        title: str,
        revision: int,
        digest: str,
        mode: str,
        people: list[str],
        now: dt.datetime | None = None,
    ) -> SavedSession:
        """A new, not yet saved session record with a fresh id."""
        now = now or utc_now()
        stamp = now.isoformat(timespec="seconds")
        return SavedSession(
            id=_new_id(exercise_id, now),
            exercise_id=exercise_id,
            title=title,
            revision=revision,
            digest=digest,
            mode=mode,
            people=list(people),
            started=stamp,
            updated=stamp,
        )

    # -- saving -----------------------------------------------------------

    def save(self, record: SavedSession, *, now: dt.datetime | None = None) -> SavedSession:
        """Write *record* atomically and return the record as saved.

        Raises ``SaveError`` (nothing on disk changed, *record* untouched).
        When another copy of the program saved this session since *record*
        was read, the returned record is a separate copy with a new id, so
        that neither side's answers are lost; a notice says so.
        """
        now = now or utc_now()
        with locked(self._lock_path):
            current = self.path_of(record.id)
            refuse_symlink(current)
            on_disk = self._version_on_disk(current)
            saved = attrs.evolve(record, updated=now.isoformat(timespec="seconds"))
            if on_disk is not None and on_disk != record.version:
                saved = attrs.evolve(saved, id=_new_id(record.exercise_id, now), version=0)
                self.notices.append(
                    "This session was also changed in another window, so your answers "
                    "were kept as a separate copy. Nothing was lost."
                )
            saved = attrs.evolve(saved, version=saved.version + 1)
            folder = self.finished_dir if saved.finished else self.sessions_dir
            if saved.finished:
                ensure_private_dir(folder)  # made by the first finished save, not by open()
            target = folder / f"{saved.id}.toml"
            write_private(target, tomli_w.dumps(saved.to_data()).encode("utf-8"))
            if saved.id == record.id and current != target:
                # Finished (or reopened): the file moved folder; drop the old copy.
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(current)
        return saved

    def _version_on_disk(self, path: Path) -> int | None:
        try:
            data = _read_header(path)
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return -1  # unreadable: never written over; the record goes to a copy
        version = data.get("version")
        return version if isinstance(version, int) else -1

    # -- reading ----------------------------------------------------------

    def load(self, session_id: str) -> SavedSession:
        """Read one session; an unreadable file is quarantined and ``ValueError`` raised."""
        path = self.path_of(session_id)
        try:
            raw = read_private(path, MAX_SESSION_BYTES, ours_only=True)
            record = SavedSession.from_data(_parse(raw))
        except FileNotFoundError:
            raise
        except NotPrivate as error:
            self.notices.append(_not_private_notice([path]))
            raise ValueError(f"The session file {path.name} is not private to you.") from error
        except (OSError, ValueError, RecursionError) as error:  # decode errors are ValueErrors
            self.quarantine(path, _describe(error))
            raise ValueError(f"The session file {path.name} could not be read.") from error
        if not self.is_theirs(record.people):
            raise FileNotFoundError(path)  # someone else's: as if it were not there
        return record

    def _list_folders(self, *folders: Path) -> list[SessionInfo]:
        """The sessions in *folders*, newest first.

        Unreadable files are quarantined; files that another user owns or
        that others may read are skipped, with one notice for all of them.
        Raises ``PlaceError`` when a folder cannot be listed.
        """
        self._guard_folders()
        found: list[SessionInfo] = []
        not_private: list[Path] = []
        for folder in folders:
            for name in _session_names(folder):
                path = folder / name
                try:
                    info = _info(_read_header(path, ours_only=True))
                except NotPrivate:
                    not_private.append(path)
                except (OSError, ValueError, KeyError, TypeError, RecursionError) as error:
                    self.quarantine(path, _describe(error))
                else:
                    if self.is_theirs(info.people):
                        found.append(info)
        if not_private:
            self.notices.append(_not_private_notice(not_private))
        found.sort(key=lambda info: info.updated, reverse=True)
        return found

    def _guard_folders(self) -> None:
        """Make the data folder and ours in it private again, or say why that can't be."""
        for folder in (self.sessions_dir.parent, self.sessions_dir, self.finished_dir):
            try:
                info = os.stat(folder)
            except OSError:
                continue  # not there yet (made 0700 when first written), or listing says why
            if not info.st_mode & 0o077:
                continue
            shown = one_line(str(folder))
            if info.st_uid == os.geteuid():
                with contextlib.suppress(OSError):
                    os.chmod(folder, stat.S_IMODE(info.st_mode) & 0o700)
                    self.notices.append(
                        f"{shown} could be opened by other people on this computer; "
                        "now only you can open it."
                    )
                    continue
            self.notices.append(
                f"{shown} can be opened by other people on this computer, and it could "
                "not be made private: keep your sessions somewhere only you can open."
            )

    def unfinished(self) -> list[SessionInfo]:
        """Sessions not yet finished, the most recently touched first."""
        return self._list_folders(self.sessions_dir)

    def list(self) -> list[SessionInfo]:
        """Every readable session, newest first; unreadable ones are quarantined.

        This reads every file's first lines: for the history screen, not Home.
        """
        return self._list_folders(self.sessions_dir, self.finished_dir)

    def finished_stamps(self) -> dict[str, builtins.list[str]]:  # list: the method above
        """Exercise id -> start stamps (``YYYYmmdd-HHMMSS``) of its finished sessions, oldest first.

        Read from file names alone, so it stays quick with a long history;
        for one person, from the headers of theirs.
        """
        stamps: dict[str, list[str]] = {}
        if self.person is not None:
            for info in self._list_folders(self.finished_dir):
                stamps.setdefault(info.exercise_id, []).append(info.id[:15])
            return {key: sorted(found) for key, found in stamps.items()}
        for name in sorted(_session_names(self.finished_dir)):
            stamp, exercise_id = name[:15], name[16:-12]
            stamps.setdefault(exercise_id, []).append(stamp)
        return stamps

    def quarantine(self, path: Path, why: str) -> Path | None:
        """Move an unreadable file aside (never overwriting anything) and note it."""
        try:
            ensure_private_dir(self.quarantine_dir)
            target = self.quarantine_dir / path.name
            while os.path.lexists(target):
                target = self.quarantine_dir / f"{path.stem}-{os.urandom(3).hex()}{path.suffix}"
            os.rename(path, target)
        except (OSError, SaveError) as error:
            self.notices.append(
                f"{one_line(path.name)} could not be read ({why}) "
                f"and could not be moved aside ({_describe(error)})."
            )
            return None
        self.notices.append(
            f"{one_line(path.name)} could not be read ({why}), so it was moved to "
            f"{one_line(str(target))}. Every other session is fine."
        )
        return target

    def delete(self, session_id: str) -> None:
        """Remove one session file for good (for one person: only one of theirs)."""
        with locked(self._lock_path):
            path = self.path_of(session_id)
            if self._theirs_on_disk(path):
                _unlink(path)

    def _theirs_on_disk(self, path: Path) -> bool:
        """Whether the session file at *path* may be deleted by the person this store is for."""
        if self.person is None:
            return True
        try:
            return self.is_theirs(_info(_read_header(path, ours_only=True)).people)
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return False

    def forget_all(self) -> Forgotten:
        """Delete everything that holds answers; say how many files of each kind went.

        That is every session file (and with it every draft), every file set
        aside in ``quarantine/``, and the temp files a killed save left behind.
        Taken under the lock every save takes, so no save is half-way.
        For one person, only the sessions they took part in go; the rest
        (others' sessions, files set aside) belong to the whole program.
        """
        sessions = set_aside = temps = 0
        kept: list[tuple[str, str]] = []

        def unlink(path: Path) -> int:
            try:
                return _unlink(path)
            except SaveError as error:  # go on with the others; say which stayed
                kept.append((str(path), error.reason))
                return 0

        with locked(self._lock_path):
            for folder in (self.sessions_dir, self.finished_dir):
                for name in _session_names(folder):
                    if self._theirs_on_disk(folder / name):
                        sessions += unlink(folder / name)
                if self.person is None:
                    temps += remove_stale_temps(folder, every=True)
            for name in list_folder(self.quarantine_dir) if self.person is None else ():
                path = self.quarantine_dir / name
                if not path.is_dir() or path.is_symlink():
                    set_aside += unlink(path)
        return Forgotten(sessions=sessions, set_aside=set_aside, temps=temps, kept=tuple(kept))


def _unlink(path: Path) -> int:
    """Delete *path*: 1 if it went, 0 if it was gone already; ``SaveError`` if it cannot go."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return 0
    except OSError as error:
        raise SaveError(path, reason_for(error)) from error
    return 1


@attrs.frozen(kw_only=True)
class Forgotten:
    """What ``forget_all`` removed: session files, files set aside, left-over temp files.

    ``kept``: the files that could not be deleted, each with the reason in plain words.
    """

    sessions: int
    set_aside: int
    temps: int
    kept: tuple[tuple[str, str], ...] = ()


def is_session_id(text: str) -> bool:
    """Whether *text* is a session id (and so also a safe file name)."""
    return _SESSION_ID.match(text) is not None


def _session_names(folder: Path) -> list[str]:
    """Names of our session files in *folder* (nothing else in it is touched).

    Raises ``PlaceError`` when the folder cannot be listed (a file stands
    where it should be, or permission was denied).
    """
    return [
        name for name in list_folder(folder) if name.endswith(".toml") and is_session_id(name[:-5])
    ]


def _not_private_notice(paths: list[Path]) -> str:
    count = len(paths)
    first = one_line(str(paths[0]))
    which = first if count == 1 else f"{count} session files, such as {first},"
    return (
        f"{which} {'was' if count == 1 else 'were'} skipped: another user owns "
        f"{'it' if count == 1 else 'them'}, or other people may open "
        f"{'it' if count == 1 else 'them'}. If {'it is' if count == 1 else 'they are'} yours, "
        "`chmod 600` makes it usable again."
    )


def _new_id(exercise_id: str, now: dt.datetime) -> str:
    return f"{now:%Y%m%d-%H%M%S}-{exercise_id}-{os.urandom(3).hex()}"


def _read_header(path: Path, *, ours_only: bool = False) -> dict[str, Any]:
    """The top-level keys of a session file (tomli-w writes them before any table).

    Only the top of the file is read: a few KB, more only when the header is
    longer (a long title in many-byte letters). A header longer than any
    session's (:data:`_HEADER_LIMIT`) is damage, so Home never waits on one file.
    """
    for size in (_HEADER_BYTES, _HEADER_LIMIT):
        raw = read_private(path, MAX_SESSION_BYTES, head=size, ours_only=ours_only)
        end = raw.find(b"\n[")
        if end >= 0 or len(raw) < size:
            return _parse(raw[: len(raw) if end < 0 else end])
    raise ValueError("its opening lines run on far longer than a session's")


def _parse(raw: bytes) -> dict[str, Any]:
    """Session TOML, through the guarded reader like every TOML file the program reads.

    Its bounds are on keys, never on what answers say. ``ValueError`` says
    plainly where the file is damaged (the details are for exercise authors).
    """
    text = tomlguard.decode(raw, "")
    data = text if isinstance(text, Problem) else tomlguard.parse(text, "", raw, MAX_SESSION_BYTES)
    if isinstance(data, Problem):
        raise ValueError(f"it is damaged at line {data.line}" if data.line else "it is damaged")
    return data


def _info(header: dict[str, Any]) -> SessionInfo:
    """What a listing shows of a session, every string cleaned and the ids checked."""
    if header.get("format") != SESSION_FORMAT:
        raise ValueError(f"unknown session format {header.get('format')!r}")
    session_id, exercise_id = header["id"], header["exercise"]
    if not isinstance(session_id, str) or not is_session_id(session_id):
        raise ValueError("its id is not a session id")
    if not isinstance(exercise_id, str) or not ID_PATTERN.match(exercise_id):
        raise ValueError("its exercise is not an exercise id")
    people = header.get("people", [])
    if not isinstance(people, list) or not all(isinstance(name, str) for name in people):
        raise ValueError("people should be a list of names")
    return SessionInfo(
        id=session_id,
        exercise_id=exercise_id,
        title=_text(header, "title"),
        people=tuple(one_line(name, NAME_LIMIT) for name in people),
        started=_text(header, "started", limit=40),
        updated=_text(header, "updated", limit=40),
        finished=bool(header.get("finished", False)),
        promise=_text(header, "promise", "", PROMISE_LIMIT),
        rest_until=_day(header.get("rest_until")),
    )


def _day(value: Any) -> str:
    """A saved ``YYYY-MM-DD`` day as written; anything else (an older file: none) is ""."""
    if not isinstance(value, str):
        return ""
    try:
        return dt.date.fromisoformat(value).isoformat() if len(value) == 10 else ""
    except ValueError:
        return ""


def _describe(error: BaseException) -> str:
    if isinstance(error, OSError):
        return reason_for(error)
    if isinstance(error, KeyError):  # a header key the store asked for by name
        return f"its {error.args[0]!r} line is missing"
    if isinstance(error, RecursionError):
        return "it is nested too deeply"
    return str(error) or type(error).__name__
