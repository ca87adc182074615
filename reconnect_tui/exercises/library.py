"""Find exercise files, load each into the model, and gather them into a library.

Loading goes one way: read safely and guard (:mod:`reconnect_tui.common.tomlguard`),
parse, check (:mod:`reconnect_tui.exercises.checks`, which words every problem)
and build the model through its constructors. A file yields either an
:class:`~reconnect_tui.exercises.model.Exercise` or every problem found in it
(see :mod:`reconnect_tui.common.problems`); warnings may come with either.

A library remembers where it looked and each file's digest, so the app can
ask whether a file changed while it was open (:meth:`Library.reloaded`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import attrs

import reconnect_tui
from reconnect_tui.common import tomlguard
from reconnect_tui.common.problems import Problem, locate
from reconnect_tui.exercises.checks.exercise import read_exercise
from reconnect_tui.exercises.checks.values import Reader
from reconnect_tui.exercises.model import DEPTHS, Exercise

SOURCES = ("built-in", "user", "extra")

# -- finding the files -----------------------------------------------------------


def builtin_exercises_dir() -> Path:
    """Where the built-in exercises are: inside the package when installed, else the repo's."""
    package = Path(reconnect_tui.__file__).parent
    installed = package / "_builtin" / "exercises"
    return installed if installed.is_dir() else package.parent / "exercises"


def folder_files(folder: Path) -> list[Path]:
    """The ``*.toml`` files right inside *folder*, by name; hidden files are left out."""
    try:
        names = sorted(entry.name for entry in folder.iterdir())
    except OSError:
        return []
    return [
        folder / name
        for name in names
        if name.endswith(".toml") and not name.startswith(".") and not (folder / name).is_dir()
    ]


def find_sources(
    user_dir: Path | None, extra: Sequence[Path]
) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """Every exercise file, with its source, in the order they are loaded; and missing paths."""
    files: list[tuple[str, Path]] = [("built-in", p) for p in folder_files(builtin_exercises_dir())]
    if user_dir is not None and Path(user_dir).is_dir():
        files += [("user", p) for p in folder_files(Path(user_dir))]
    problems = []
    for item in map(Path, extra):
        if item.is_dir():
            files += [("extra", p) for p in folder_files(item)]
        elif item.exists() or item.is_symlink():
            files.append(("extra", item))
        else:
            problems.append(Problem(path=str(item), message="there is no file or folder here"))
    return files, problems


# -- loading files -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Loaded:
    """What came of loading one file: an exercise, or the problems that stop it.

    Attributes:
        exercise: ``None`` when there is at least one error.
        problems: errors and warnings; warnings may come with an exercise.
        digest: sha256 (hex) of the file's bytes; ``""`` when it was not read.
    """

    path: Path
    exercise: Exercise | None
    problems: tuple[Problem, ...]
    digest: str


def _load(text: str, path: Path, shown: str, digest: str, raw: bytes) -> Loaded:
    data = tomlguard.parse(text, shown, raw)
    if isinstance(data, Problem):
        return Loaded(path=path, exercise=None, problems=(data,), digest=digest)
    reader = Reader(shown)
    try:
        exercise = read_exercise(reader, data)
    except RecursionError:  # a value nested too deeply for the checks
        reader.error("", "lists or tables in this file are nested too deeply")
        exercise = None
    problems: tuple[Problem, ...] = ()
    if reader.problems:
        problems = tuple(sorted(locate(reader.problems, text), key=lambda p: p.line or 0))
    return Loaded(path=path, exercise=exercise, problems=problems, digest=digest)


def load_text(text: str, path: str = "<text>") -> Loaded:
    """Load an exercise from *text*; *path* is only used to name it in problems."""
    raw = text.encode("utf-8", "surrogatepass")
    return _load(text.removeprefix("\ufeff"), Path(path), path, _digest(raw), raw)


def load_file(path: Path | str) -> Loaded:
    """Load the exercise in *path*. Never raises for a bad, odd or missing file."""
    if not isinstance(path, Path):
        path = Path(path)
    shown = str(path)
    data = tomlguard.read_bytes(path)
    if isinstance(data, Problem):
        return Loaded(path=path, exercise=None, problems=(data,), digest="")
    digest = _digest(data)
    text = tomlguard.decode(data, shown)
    if isinstance(text, Problem):
        return Loaded(path=path, exercise=None, problems=(text,), digest=digest)
    return _load(text, path, shown, digest, data)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    """The digest :func:`load_file` would give *path* now; ``""`` when it cannot be read."""
    data = tomlguard.read_bytes(path)
    return _digest(data) if isinstance(data, bytes) else ""


# -- the library ---------------------------------------------------------------
@attrs.frozen(kw_only=True)
class Entry:
    """An exercise in the library, and where it came from.

    Attributes:
        source: ``built-in``, ``user`` (the user's exercise folder) or ``extra``
            (a file or folder given for this run).
        replaces: the built-in file this one stands in for, if any.
    """

    exercise: Exercise
    path: Path
    source: str
    digest: str
    replaces: Path | None = None


@attrs.frozen(kw_only=True)
class Looked:
    """Where a library's files were looked for, and what was there.

    Attributes:
        files: each file found, as (source, path, digest).
        missing: the paths given for this run that were not there.
    """

    user_dir: Path | None
    extra: tuple[Path, ...]
    files: tuple[tuple[str, Path, str], ...]
    missing: tuple[str, ...]

    def again(self) -> Looked:
        """The same places looked at now."""
        files, missing = find_sources(self.user_dir, self.extra)
        return Looked(
            user_dir=self.user_dir,
            extra=self.extra,
            files=tuple((source, path, file_digest(path)) for source, path in files),
            missing=tuple(problem.path for problem in missing),
        )


@attrs.frozen(kw_only=True)
class Library:
    """The exercises that loaded, in the order to offer them, and every problem met.

    Attributes:
        looked: where the files were found; ``None`` for a library made in memory.
    """

    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]
    looked: Looked | None = None

    def get(self, exercise_id: str) -> Entry | None:
        return next((entry for entry in self.entries if entry.exercise.id == exercise_id), None)

    def reloaded(self) -> Library:
        """This library if no exercise file changed since it was loaded; else the files now.

        Each file is read again and compared by digest (a few kilobytes each),
        and the folders are listed again, so an added or removed file counts too.
        """
        if self.looked is None or self.looked.again() == self.looked:
            return self
        return load_library(user_dir=self.looked.user_dir, extra=self.looked.extra)


def load_library(*, user_dir: Path | None = None, extra: Sequence[Path] = ()) -> Library:
    """Load the built-in exercises, then the user's folder, then *extra* files and folders.

    A later source replaces an exercise with the same id from an earlier one
    (built-in < user < extra); within one source the first file wins and the
    second is reported. One bad file never stops the others.
    """
    extra = tuple(Path(item) for item in extra)
    files, missing = find_sources(user_dir, extra)
    problems = list(missing)
    found = []
    chosen: dict[str, Entry] = {}
    for source, path in files:
        loaded = load_file(path)
        found.append((source, path, loaded.digest))
        problems.extend(loaded.problems)
        exercise = loaded.exercise
        if exercise is None:
            continue
        entry = Entry(exercise=exercise, path=path, source=source, digest=loaded.digest)
        earlier = chosen.get(exercise.id)
        if earlier is None:
            chosen[exercise.id] = entry
        elif SOURCES.index(source) > SOURCES.index(earlier.source):
            replaces = earlier.path if earlier.source == "built-in" else earlier.replaces
            chosen[exercise.id] = attrs.evolve(entry, replaces=replaces)
        else:
            problems.append(
                Problem(
                    path=str(path),
                    message=f"the exercise id '{exercise.id}' is already used by {earlier.path}",
                    key="id",
                    line=_line_of_id(path),
                    hint=f"{earlier.path.name} is used and this file is left out; give this"
                    " exercise its own id, or remove one of the two files",
                )
            )
    entries = sorted(
        chosen.values(),
        key=lambda e: (DEPTHS.index(e.exercise.depth), e.exercise.title.casefold(), e.exercise.id),
    )
    looked = Looked(
        user_dir=user_dir,
        extra=extra,
        files=tuple(found),
        missing=tuple(problem.path for problem in missing),
    )
    return Library(entries=tuple(entries), problems=tuple(problems), looked=looked)


def _line_of_id(path: Path) -> int | None:
    data = tomlguard.read_bytes(path)
    if isinstance(data, bytes):
        place = locate([Problem(path="", message="", key="id")], data.decode("utf-8", "replace"))
        return place[0].line
    return None
