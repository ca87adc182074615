"""Private, atomic file writes and a lock that a killed process cannot leave behind.

Every file we write is written whole or not at all: a temp file in the same
folder (``O_EXCL | O_NOFOLLOW``, mode 0600), fsync, ``os.replace``, fsync the
folder. Folders are 0700. A symlink planted at any of our paths is refused,
and whatever it points to is left untouched.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
_TEMP_NAME = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$")

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission was denied",
    errno.EPERM: "permission was denied",
    errno.EROFS: "the folder is read-only",
    errno.EIO: "the disk reported an input/output error",
    errno.ELOOP: "a symbolic link stands where our file should be",
    errno.ENOTDIR: "a file stands where a folder should be",
}


class PlaceError(OSError):
    """A folder of ours that cannot be listed, with a reason in plain words.

    A file stands where the folder (or one above it) should be, or permission
    was denied. An ``OSError``, so code that reads on regardless (the app,
    with its banner) still catches it; the command line says it in one line.

    Attributes:
        path: the folder.
        reason: why, e.g. "a file stands where a folder should be".
    """

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(error.errno, reason_for(error), str(path))
        self.path = path
        self.reason = reason_for(error)

    def __str__(self) -> str:
        return f"Could not use {self.path}: {self.reason}."


class SaveError(Exception):
    """A write that did not happen, with a reason in plain words.

    Attributes:
        path: the file we meant to write.
        reason: why, e.g. "the disk is full".
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"Could not save {path}: {reason}.")
        self.path = path
        self.reason = reason


def reason_for(error: OSError) -> str:
    """A plain-words reason for an ``OSError``."""
    return _REASONS.get(error.errno or 0, error.strerror or "an unexpected error")


def refuse_symlink(path: Path) -> None:
    """``SaveError`` when a symlink is at *path*, or a file where a folder above it should be."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as error:  # NotADirectoryError: a file where a folder should be
        raise SaveError(path, reason_for(error)) from error
    if stat.S_ISLNK(info.st_mode):
        raise SaveError(
            path, "a symbolic link stands where our file should be, so it was left alone"
        )


def ensure_private_dir(path: Path) -> Path:
    """Create *path* and any missing parents, each 0700; the folder itself ends up 0700.

    ``mkdir`` passes its mode through the umask and gives missing parents
    the default mode, so every folder made here is set again. Parents that
    already existed keep their mode (``--data-dir`` may point into a shared
    place). Raises ``SaveError`` when it cannot be made, or when a symlink or
    a file stands in its place.
    """
    refuse_symlink(path)
    try:
        missing = []
        for folder in (path, *path.parents):
            if os.path.lexists(folder):
                break
            missing.append(folder)
        for folder in reversed(missing):
            try:
                folder.mkdir(mode=DIR_MODE)
            except FileExistsError:
                continue  # made by someone else meanwhile
            os.chmod(folder, DIR_MODE)
        if not path.is_dir():
            raise SaveError(path, "a file stands where a folder should be")
        if stat.S_IMODE(path.stat().st_mode) != DIR_MODE:
            os.chmod(path, DIR_MODE)
    except OSError as error:
        raise SaveError(path, reason_for(error)) from error
    return path


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_private(path: Path, data: bytes, *, own_folder: bool = True) -> None:
    """Write *data* to *path* atomically, mode 0600; ``SaveError`` on failure.

    On failure the old file at *path* is untouched and no temp file is left.
    With ``own_folder=False`` (an export into a folder the person chose) the
    folder must exist already and its mode is left alone.
    """
    directory = path.parent
    if own_folder:
        ensure_private_dir(directory)
    elif not directory.is_dir():
        raise SaveError(path, "the folder it should go in does not exist")
    refuse_symlink(path)
    temp = directory / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        fd = os.open(
            temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE
        )
    except OSError as error:
        raise SaveError(path, reason_for(error)) from error
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise SaveError(path, reason_for(error)) from error
    # The new file is in place now. If syncing the folder fails, only its
    # durability across a power cut is unsure; reporting a failure here would
    # make the caller retry and find its own write as a "conflict".
    with contextlib.suppress(OSError):
        _fsync_dir(directory)


class NotPrivate(OSError):
    """A file that another user owns, or that others may read or write."""


def read_private(
    path: Path, limit: int, head: int | None = None, *, ours_only: bool = False
) -> bytes:
    """Read a file of ours without following a symlink, or only its first *head* bytes.

    Raises ``OSError`` (``ELOOP`` for a symlink, ``EFBIG`` when over *limit*);
    with *ours_only*, ``NotPrivate`` when another user owns the file or its
    mode gives the group or others any access (ours are always 0600).
    """
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if ours_only and (info.st_uid != os.geteuid() or info.st_mode & 0o077):
            raise NotPrivate(errno.EPERM, "not private to you", str(path))
        if info.st_size > limit:
            raise OSError(errno.EFBIG, "file too large", str(path))
        if head is not None:
            return os.read(fd, head)
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def list_folder(folder: Path) -> list[str]:
    """The names in *folder*; none when it is not there yet.

    Raises ``PlaceError`` when it cannot be listed: a file stands where it
    (or a folder above it) should be, or permission was denied.
    """
    try:
        return os.listdir(folder)
    except FileNotFoundError:
        return []
    except OSError as error:
        raise PlaceError(folder, error) from error


def process_alive(pid: int) -> bool:
    """Whether process *pid* still runs (one of another user counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(directory: Path, *, every: bool = False) -> int:
    """Remove temp files of ours left by processes that are gone; return how many.

    Only names in our own temp pattern whose writer has exited are touched;
    with *every* (the caller holds the lock every writer takes), all of them.
    """
    removed = 0
    try:
        names = os.listdir(directory)
    except OSError:
        return 0
    for name in names:
        match = _TEMP_NAME.match(name)
        writer = int(match.group(1)) if match else 0
        if match is None or (not every and writer != os.getpid() and process_alive(writer)):
            continue
        with contextlib.suppress(OSError):
            os.unlink(directory / name)
            removed += 1
    return removed


@contextlib.contextmanager
def locked(lock_path: Path, timeout: float = 5.0) -> Iterator[None]:
    """Hold an exclusive lock on *lock_path* (0600) for the ``with`` body.

    ``flock`` locks vanish with the process that held them, so a killed
    process never blocks anyone. Raises ``SaveError`` after *timeout* seconds.
    """
    ensure_private_dir(lock_path.parent)
    refuse_symlink(lock_path)
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
    except OSError as error:
        raise SaveError(lock_path, reason_for(error)) from error
    try:
        with contextlib.suppress(OSError):
            os.fchmod(fd, FILE_MODE)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise SaveError(
                        lock_path, "another copy of the program kept the files busy"
                    ) from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
