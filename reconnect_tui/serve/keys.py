"""Who may come in: public keys by person, kept OpenSSH style (``type base64 NAME``), 0600.

The file is ``serve/authorized_keys`` in the config folder. Each line is one
key and the name of the person it lets in; one person may have several keys,
one key belongs to one person. Reading checks every line and collects the
problems by line: a bad line is skipped and reported, never fatal. Nothing
here needs asyncssh, so the ``keys`` commands work without it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from pathlib import Path

import attrs

from reconnect_tui.common.atomic import (
    NotPrivate,
    locked,
    read_private,
    reason_for,
    write_private,
)
from reconnect_tui.common.paths import Paths
from reconnect_tui.common.problems import Problem
from reconnect_tui.common.safetext import one_line

KEY_TYPES = (
    "ssh-ed25519",
    "sk-ssh-ed25519@openssh.com",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ecdsa-sha2-nistp256@openssh.com",
    "ssh-rsa",
)
MAX_FILE_BYTES = 1024 * 1024
MAX_LINE = 16 * 1024
NAME_LIMIT = 40
# A name: letters or digits first, then letters, digits, spaces, . ' _ - (no control, no @).
_NAME = re.compile(r"[^\W_](?:[\w .'-]*[\w.'])?\Z")


def keys_file(paths: Paths) -> Path:
    """Where the keys of the people who may come in are kept."""
    return paths.config_dir / "serve" / "authorized_keys"


def fingerprint(blob: bytes) -> str:
    """The key's SHA256 fingerprint, as OpenSSH shows it (``SHA256:...``, no padding)."""
    digest = base64.b64encode(hashlib.sha256(blob).digest()).decode("ascii").rstrip("=")
    return f"SHA256:{digest}"


def check_name(name: str) -> str:
    """*name* as kept, or ``ValueError`` with a plain reason."""
    name = name.strip()
    if not name:
        raise ValueError("a name is needed")
    if len(name) > NAME_LIMIT:
        raise ValueError(f"a name can be at most {NAME_LIMIT} letters long")
    if not _NAME.match(name):
        raise ValueError(
            "a name may hold letters, digits, spaces and . ' _ -, starting with a letter or digit"
        )
    return name


@attrs.frozen
class Key:
    """One key and the person it lets in.

    Attributes:
        line: where it is in the file (0 for a key not read from one).
    """

    name: str
    kind: str
    blob: bytes = attrs.field(repr=False)
    line: int = 0

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.blob)

    def text(self) -> str:
        """The key's line, as written to the file."""
        return f"{self.kind} {base64.b64encode(self.blob).decode('ascii')} {self.name}"


@attrs.frozen
class KeyRing:
    """Every usable key in the file, and what was wrong with the other lines."""

    keys: tuple[Key, ...] = ()
    problems: tuple[Problem, ...] = ()

    def person_of(self, blob: bytes) -> Key | None:
        """The key (and so the person) *blob* belongs to, if any."""
        return next((key for key in self.keys if key.blob == blob), None)

    def names(self) -> list[str]:
        """The people, each once, in the order of the file."""
        seen: dict[str, str] = {}
        for key in self.keys:
            seen.setdefault(key.name.casefold(), key.name)
        return list(seen.values())


def parse_key(text: str) -> tuple[str, bytes]:
    """(type, key bytes) from ``type base64 [comment]``; ``ValueError`` saying what is wrong."""
    fields = text.split()
    if len(fields) < 2:
        raise ValueError("this is not a public key line (type, then the key, then a name)")
    kind, data = fields[0], fields[1]
    if kind not in KEY_TYPES:
        raise ValueError(
            f"'{one_line(kind, 40)}' is not a key type used here "
            "(ssh-ed25519 is best; ecdsa and rsa work too)"
        )
    try:
        blob = base64.b64decode(data, validate=True)
        (length,) = struct.unpack(">I", blob[:4])
        inner = blob[4 : 4 + length].decode("ascii")
    except (binascii.Error, struct.error, UnicodeDecodeError, ValueError):
        raise ValueError("the key itself is damaged (it is not valid base64 key data)") from None
    if inner != kind or len(blob) < 4 + length + 4:
        raise ValueError("the key itself does not match its type")
    return kind, blob


def parse_keys(text: str, path: str) -> KeyRing:
    """Every line of an authorized_keys text: keys, and problems by line."""
    keys: list[Key] = []
    problems: list[Problem] = []
    first_line: dict[bytes, Key] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue

        def problem(message: str, line_number: int = number) -> None:
            problems.append(Problem(path=path, message=message, line=line_number))

        if len(line) > MAX_LINE:
            problem("this line is too long to be a key")
            continue
        try:
            kind, blob = parse_key(line)
        except ValueError as error:
            problem(str(error))
            continue
        fields = line.split(None, 2)
        if len(fields) < 3:
            problem("the key has no name after it, so no one is let in with it")
            continue
        try:
            name = check_name(fields[2])
        except ValueError as error:
            problem(f"the name is not usable: {error}")
            continue
        earlier = first_line.get(blob)
        if earlier is not None:
            problem(
                f"this key is already on line {earlier.line} (for {earlier.name}); "
                "only that line counts"
            )
            continue
        key = Key(name=name, kind=kind, blob=blob, line=number)
        first_line[blob] = key
        keys.append(key)
    return KeyRing(tuple(keys), tuple(problems))


def read_keys(path: Path) -> KeyRing:
    """The keys in *path*; a missing file lets no one in, and says nothing."""
    shown = one_line(str(path))
    try:
        raw = read_private(path, MAX_FILE_BYTES, ours_only=True)
    except FileNotFoundError:
        return KeyRing()
    except NotPrivate:
        return KeyRing(
            problems=(
                Problem(
                    path=shown,
                    message="other people on this computer could change this file, so no key "
                    "in it is used",
                    hint=f"chmod 600 {shown}",
                ),
            )
        )
    except OSError as error:
        return KeyRing(problems=(Problem(path=shown, message=reason_for(error)),))
    return parse_keys(raw.decode("utf-8", "replace"), shown)


def _lock(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def add_key(path: Path, name: str, public_key: str) -> Key:
    """Add *public_key* (a ``.pub`` line) for *name*; ``ValueError`` when it can't be.

    The key's own comment is replaced by the name. A key already in the file
    (for anyone) is not added twice.
    """
    name = check_name(name)
    line = next((item for item in public_key.splitlines() if item.strip()), "")
    kind, blob = parse_key(line)
    with locked(_lock(path)):
        try:
            text = read_private(path, MAX_FILE_BYTES, ours_only=True).decode("utf-8", "replace")
        except FileNotFoundError:
            text = ""
        ring = parse_keys(text, str(path))
        known = ring.person_of(blob)
        if known is not None:
            raise ValueError(f"this key is already there, for {known.name}")
        key = Key(name=name, kind=kind, blob=blob)
        if text and not text.endswith("\n"):
            text += "\n"
        write_private(path, (text + key.text() + "\n").encode("utf-8"))
    return key


def remove_person(path: Path, name: str) -> int:
    """Remove every key of *name* (any case); return how many went. Other lines stay as they are."""
    wanted = name.strip().casefold()
    with locked(_lock(path)):
        try:
            text = read_private(path, MAX_FILE_BYTES, ours_only=True).decode("utf-8", "replace")
        except FileNotFoundError:
            return 0
        ring = parse_keys(text, str(path))
        gone = {key.line for key in ring.keys if key.name.casefold() == wanted}
        if gone:
            kept = [
                line for number, line in enumerate(text.splitlines(), start=1) if number not in gone
            ]
            write_private(path, "".join(line + "\n" for line in kept).encode("utf-8"))
    return len(gone)
