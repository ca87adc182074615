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

import contextlib
import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reconnect_tui.common.atomic import (
    SaveError,
    ensure_private_dir,
    locked,
    read_private,
    reason_for,
    refuse_symlink,
    remove_stale_temps,
    write_private,
)
from reconnect_tui.common.safetext import one_line

SESSION_FORMAT = 1
MAX_SESSION_BYTES = 8 * 1024 * 1024
_HEADER_BYTES = 4096
_SESSION_ID = re.compile(r"^[0-9]{8}-[0-9]{6}-[a-z0-9-]{1,64}-[0-9a-f]{6}$")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(kw_only=True, slots=True, weakref_slot=True)
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
    """

    id: str
    exercise_id: str
    title: str
    revision: int = 1
    digest: str = ""
    mode: str = "solo"
    people: list[str] = field(default_factory=list)
    started: str
    updated: str
    finished: bool = False
    version: int = 0
    promise: str = ""
    state: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)
    draft: dict[str, Any] = field(default_factory=dict)

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
        for name in ("answers", "draft", "state"):
            value = getattr(self, name)
            if value:
                data[name] = value
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SavedSession:
        """Build from parsed TOML; ``ValueError`` when it is not a session file we know."""
        if data.get("format") != SESSION_FORMAT:
            raise ValueError(f"unknown session format {data.get('format')!r}")
        try:
            return cls(
                id=_text(data, "id"),
                exercise_id=_text(data, "exercise"),
                title=_text(data, "title"),
                revision=int(data.get("revision", 1)),
                digest=str(data.get("digest", "")),
                mode=str(data.get("mode", "solo")),
                people=[str(name) for name in data.get("people", [])],
                started=_text(data, "started"),
                updated=_text(data, "updated"),
                finished=bool(data.get("finished", False)),
                version=int(data.get("version", 0)),
                promise=str(data.get("promise", "")),
                state=dict(data.get("state", {})),
                answers=dict(data.get("answers", {})),
                draft=dict(data.get("draft", {})),
            )
        except (TypeError, KeyError) as error:
            raise ValueError(f"missing or wrong field: {error}") from error


def _text(data: dict[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise ValueError(f"{key} should be text")
    return value


@dataclass(frozen=True, kw_only=True, slots=True, weakref_slot=True)
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


class Store:
    """The session files in one data folder.

    Unfinished sessions live in ``sessions/``, finished ones in
    ``sessions/finished/``. Home needs only the few unfinished ones and, per
    exercise, when it was last done, which the finished files' names tell
    (``YYYYmmdd-HHMMSS-exercise-xxxxxx``), so it never reads the history.
    """

    def __init__(self, sessions_dir: Path, quarantine_dir: Path) -> None:
        self.sessions_dir = sessions_dir
        self.finished_dir = sessions_dir / "finished"
        self.quarantine_dir = quarantine_dir
        self.notices: list[str] = []

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
        if not _SESSION_ID.match(session_id):
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
        import tomli_w

        now = now or utc_now()
        with locked(self._lock_path):
            current = self.path_of(record.id)
            refuse_symlink(current)
            on_disk = self._version_on_disk(current)
            saved = replace(record, updated=now.isoformat(timespec="seconds"))
            if on_disk is not None and on_disk != record.version:
                saved = replace(saved, id=_new_id(record.exercise_id, now), version=0)
                self.notices.append(
                    "This session was also changed in another window, so your answers "
                    "were kept as a separate copy. Nothing was lost."
                )
            saved = replace(saved, version=saved.version + 1)
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
            data = _parse_header(read_private(path, MAX_SESSION_BYTES, head=_HEADER_BYTES))
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
            raw = read_private(path, MAX_SESSION_BYTES)
            return SavedSession.from_data(tomllib.loads(raw.decode("utf-8")))
        except FileNotFoundError:
            raise
        except (OSError, ValueError, RecursionError) as error:  # decode errors are ValueErrors
            self.quarantine(path, _describe(error))
            raise ValueError(f"The session file {path.name} could not be read.") from error

    def _list_folder(self, folder: Path) -> list[SessionInfo]:
        found: list[SessionInfo] = []
        for name in _session_names(folder):
            path = folder / name
            try:
                header = _parse_header(read_private(path, MAX_SESSION_BYTES, head=_HEADER_BYTES))
                found.append(_info(header))
            except (OSError, ValueError, KeyError, TypeError) as error:
                self.quarantine(path, _describe(error))
        return found

    def unfinished(self) -> list[SessionInfo]:
        """Sessions not yet finished, the most recently touched first."""
        found = self._list_folder(self.sessions_dir)
        found.sort(key=lambda info: info.updated, reverse=True)
        return found

    def list(self) -> list[SessionInfo]:
        """Every readable session, newest first; unreadable ones are quarantined.

        This reads every file's first lines: for the history screen, not Home.
        """
        found = self._list_folder(self.sessions_dir) + self._list_folder(self.finished_dir)
        found.sort(key=lambda info: info.updated, reverse=True)
        return found

    def finished_stamps(self) -> dict[str, list[str]]:
        """Exercise id -> start stamps (``YYYYmmdd-HHMMSS``) of its finished sessions, oldest first.

        Read from file names alone, so it stays quick with a long history.
        """
        stamps: dict[str, list[str]] = {}
        for name in sorted(_session_names(self.finished_dir)):
            stamp, exercise_id = name[:15], name[16:-12]
            stamps.setdefault(exercise_id, []).append(stamp)
        return stamps

    def quarantine(self, path: Path, why: str) -> Path | None:
        """Move an unreadable file aside (never overwriting anything) and note it."""
        import secrets

        try:
            ensure_private_dir(self.quarantine_dir)
            target = self.quarantine_dir / path.name
            while os.path.lexists(target):
                target = self.quarantine_dir / f"{path.stem}-{secrets.token_hex(3)}{path.suffix}"
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
        """Remove one session file for good."""
        with locked(self._lock_path):
            path = self.path_of(session_id)
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
            except OSError as error:
                raise SaveError(path, reason_for(error)) from error

    def forget_all(self) -> int:
        """Delete every session file (and with it every draft); return how many."""
        removed = 0
        with locked(self._lock_path):
            for folder in (self.sessions_dir, self.finished_dir):
                for name in _session_names(folder):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(folder / name)
                        removed += 1
        return removed


def _session_names(folder: Path) -> list[str]:
    """Names of our session files in *folder* (nothing else in it is touched)."""
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    return [name for name in names if name.endswith(".toml") and _SESSION_ID.match(name[:-5])]


def _new_id(exercise_id: str, now: dt.datetime) -> str:
    import secrets

    return f"{now:%Y%m%d-%H%M%S}-{exercise_id}-{secrets.token_hex(3)}"


def _parse_header(raw: bytes) -> dict[str, Any]:
    """Parse the top-level keys of a session file (tomli-w writes them before any table)."""
    end = raw.find(b"\n[")
    if end < 0:
        if len(raw) >= _HEADER_BYTES:
            raise ValueError("the file's first lines are not a session header")
        end = len(raw)
    return tomllib.loads(raw[:end].decode("utf-8"))


def _info(header: dict[str, Any]) -> SessionInfo:
    if header.get("format") != SESSION_FORMAT:
        raise ValueError(f"unknown session format {header.get('format')!r}")
    return SessionInfo(
        id=str(header["id"]),
        exercise_id=str(header["exercise"]),
        title=str(header["title"]),
        people=tuple(str(name) for name in header.get("people", [])),
        started=str(header["started"]),
        updated=str(header["updated"]),
        finished=bool(header.get("finished", False)),
        promise=str(header.get("promise", "")),
    )


def _describe(error: BaseException) -> str:
    if isinstance(error, OSError):
        return reason_for(error)
    if isinstance(error, UnicodeError):
        return "it is not valid UTF-8 text"
    if isinstance(error, tomllib.TOMLDecodeError):
        return f"it is not valid TOML: {error}"
    if isinstance(error, RecursionError):
        return "it is nested too deeply"
    return str(error) or type(error).__name__
