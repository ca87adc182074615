"""Open invitations: where a joining screen finds the session it may join.

An invitation is two files in a private folder under the data folder
(``together/``, 0700): the socket the owner listens on (0600) and a small
JSON note beside it (0600) with the join code, the exercise and the names.
Both go when the owner stops; a note left by a process that was killed is
recognised (its process is gone or its socket cannot be reached) and tidied.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
from pathlib import Path
from typing import Any

import attrs

from reconnect_tui.common import atomic
from reconnect_tui.common.safetext import one_line, takes_part

NOTE_LIMIT = 8 * 1024
SOCKET_PATH_LIMIT = 100  # sun_path holds 108 bytes on Linux, fewer elsewhere


CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read aloud
CODE_LENGTH = 6


def new_code() -> str:
    """A short join code, like ``K7M-P2Q``: hard to guess, easy to read out."""
    letters = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{letters[:3]}-{letters[3:]}"


def tidy_code(code: str) -> str:
    """A code as typed ("k7m p2q", "K7MP2Q") in its shown form, or "" when it cannot be one."""
    letters = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(letters) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in letters):
        return ""
    return f"{letters[:3]}-{letters[3:]}"


def folder_in(data_dir: Path) -> Path:
    return data_dir / "together"


@attrs.frozen(kw_only=True)
class Invitation:
    """One open invitation: how to reach it and what to show about it."""

    code: str
    socket: Path
    note: Path
    exercise: str
    title: str
    inviter: str
    guest: str
    pid: int

    def to_data(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "socket": self.socket.name,
            "exercise": self.exercise,
            "title": self.title,
            "inviter": self.inviter,
            "guest": self.guest,
            "pid": self.pid,
        }


def create(
    data_dir: Path, *, code: str, exercise: str, title: str, inviter: str, guest: str
) -> Invitation:
    """A new invitation's paths and note (the socket is bound by the caller)."""
    folder = atomic.ensure_private_dir(folder_in(data_dir))
    token = secrets.token_hex(6)
    socket = folder / f"{token}.sock"
    if len(os.fsencode(socket)) > SOCKET_PATH_LIMIT:
        raise OSError(errno.ENAMETOOLONG, "the data folder's path is too long for a socket")
    return Invitation(
        code=code,
        socket=socket,
        note=folder / f"{token}.json",
        exercise=exercise,
        title=one_line(title, 80),
        inviter=one_line(inviter, 40),
        guest=one_line(guest, 40),
        pid=os.getpid(),
    )


def publish(invitation: Invitation) -> None:
    """Write the note that lets ``reconnect join`` find the invitation."""
    data = json.dumps(invitation.to_data(), ensure_ascii=False).encode("utf-8")
    atomic.write_private(invitation.note, data)


def withdraw(invitation: Invitation) -> None:
    """Take the invitation away: the note and the socket."""
    for path in (invitation.note, invitation.socket):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _read(note: Path) -> Invitation | None:
    """The invitation a note describes, or None when the note is not sound or is stale."""
    try:
        raw = json.loads(atomic.read_private(note, NOTE_LIMIT, ours_only=True).decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(raw, dict):
        return None
    texts = ("code", "socket", "exercise", "title", "inviter", "guest")
    if not all(isinstance(raw.get(key), str) for key in texts):
        return None
    pid = raw.get("pid")
    socket_name = raw["socket"]
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return None
    if "/" in socket_name or not socket_name.endswith(".sock") or not tidy_code(raw["code"]):
        return None
    return Invitation(
        code=tidy_code(raw["code"]),
        socket=note.parent / socket_name,
        note=note,
        exercise=one_line(raw["exercise"], 200),
        title=one_line(raw["title"], 80),
        inviter=one_line(raw["inviter"], 40),
        guest=one_line(raw["guest"], 40),
        pid=pid,
    )


def open_invitations(data_dir: Path) -> list[Invitation]:
    """The invitations open now, oldest first; stale notes (their owner gone) are tidied."""
    folder = folder_in(data_dir)
    found = []
    for name in sorted(atomic.list_folder(folder)):
        if not name.endswith(".json"):
            continue
        invitation = _read(folder / name)
        if invitation is None:
            continue
        if not atomic.process_alive(invitation.pid) or not invitation.socket.exists():
            withdraw(invitation)
            continue
        found.append(invitation)
    found.sort(key=lambda inv: inv.note.stat().st_mtime if inv.note.exists() else 0.0)
    return found


def invited(invitation: Invitation, person: str | None) -> bool:
    """Whether *person* may join *invitation*: served as one person, only as its guest.

    None is the whole account (the program run without ``--person``), which may join any.
    """
    return person is None or takes_part(person, [invitation.guest])


def invitations_for(data_dir: Path, person: str | None) -> list[Invitation]:
    """The open invitations *person* may join (None: all of them)."""
    return [invitation for invitation in open_invitations(data_dir) if invited(invitation, person)]
