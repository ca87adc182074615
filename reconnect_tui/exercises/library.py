"""Load exercise files into the model, and gather them into a library.

A file yields either an :class:`~reconnect_tui.exercises.model.Exercise` or every
problem found in it (see :mod:`reconnect_tui.common.problems`); warnings may come
with either. Reading and parsing are guarded by :mod:`reconnect_tui.common.tomlguard`;
the data is checked and built by :mod:`reconnect_tui.exercises.checks`: the quick way
first, and the full checks (which word each problem) when it gives up.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import attrs

from reconnect_tui.common import tomlguard
from reconnect_tui.common.problems import Problem, locate
from reconnect_tui.exercises.catalogue import SOURCES, Card, find_sources
from reconnect_tui.exercises.checks.exercise import read_exercise
from reconnect_tui.exercises.checks.quick import quick_exercise
from reconnect_tui.exercises.checks.values import Reader
from reconnect_tui.exercises.model import Exercise
from reconnect_tui.exercises.vocabulary import DEPTHS

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
    exercise = quick_exercise(data)
    if exercise is not None:  # the usual case: nothing wrong, nothing to say
        return Loaded(path=path, exercise=exercise, problems=(), digest=digest)
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
    digest = hashlib.sha256(raw).hexdigest()
    return _load(text.removeprefix("\ufeff"), Path(path), path, digest, raw)


def load_file(path: Path | str) -> Loaded:
    """Load the exercise in *path*. Never raises for a bad, odd or missing file."""
    if not isinstance(path, Path):
        path = Path(path)
    shown = str(path)
    data = tomlguard.read_bytes(path)
    if isinstance(data, Problem):
        return Loaded(path=path, exercise=None, problems=(data,), digest="")
    digest = hashlib.sha256(data).hexdigest()
    text = tomlguard.decode(data, shown)
    if isinstance(text, Problem):
        return Loaded(path=path, exercise=None, problems=(text,), digest=digest)
    return _load(text, path, shown, digest, data)


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
class Library:
    """The exercises that loaded, in the order to offer them, and every problem met."""

    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]

    @property
    def cards(self) -> tuple[Card, ...]:
        """What Home shows of each exercise, in order."""
        return tuple(Card.of(entry.exercise) for entry in self.entries)

    def get(self, exercise_id: str) -> Entry | None:
        for entry in self.entries:
            if entry.exercise.id == exercise_id:
                return entry
        return None


def load_library(
    *,
    user_dir: Path | None = None,
    extra: Sequence[Path] = (),
    sources: tuple[Sequence[tuple[str, Path]], Sequence[Problem]] | None = None,
) -> Library:
    """Load the built-in exercises, then the user's folder, then *extra* files and folders.

    A later source replaces an exercise with the same id from an earlier one
    (built-in < user < extra); within one source the first file wins and the
    second is reported. One bad file never stops the others. *sources* is
    what :func:`~reconnect_tui.exercises.catalogue.find_sources` found, if already looked.
    """
    files, missing = sources if sources is not None else find_sources(user_dir, extra)
    problems = list(missing)
    chosen: dict[str, Entry] = {}
    for source, path in files:
        loaded = load_file(path)
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
                    hint="give this exercise its own id, or remove one of the two files",
                )
            )
    entries = sorted(
        chosen.values(),
        key=lambda e: (DEPTHS.index(e.exercise.depth), e.exercise.title.casefold(), e.exercise.id),
    )
    return Library(entries=tuple(entries), problems=tuple(problems))


def _line_of_id(path: Path) -> int | None:
    data = tomlguard.read_bytes(path)
    if isinstance(data, bytes):
        place = locate([Problem(path="", message="", key="id")], data.decode("utf-8", "replace"))
        return place[0].line
    return None
