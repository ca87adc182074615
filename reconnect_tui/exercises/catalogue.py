"""Where exercise files are found, and Home's list kept between runs.

Loading the library means reading, parsing and checking every exercise file
and building the model, whose attrs classes alone take longer to create than
the rest of start-up. Home shows only a card per exercise (title, summary,
minutes, who, depth) and the problems found. So :class:`Catalogue` keeps
those in a small private JSON file in the data folder, keyed the way Python
keys its own bytecode cache: each file's path, size and times (and inode),
plus the same for the program's own checking code. When nothing changed,
Home is painted from that file; the library proper is loaded the first time
anything more is asked for (opening an exercise, a saved session). When
anything changed, or the file is missing, odd or unreadable, the library is
loaded in full as before and the file written again. Failing to write it
costs only speed, so that failure is not reported.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import reconnect_tui
from reconnect_tui.common.problems import Problem
from reconnect_tui.exercises.vocabulary import AUDIENCES, DEPTHS, ID_PATTERN, MINUTES

if TYPE_CHECKING:
    from reconnect_tui.exercises.library import Entry, Library

SOURCES = ("built-in", "user", "extra")
CACHE_FORMAT = 1
MAX_CACHE_BYTES = 4 * 1024 * 1024
# A file written this recently may be written again within the same tick of
# its clock without its mtime moving (git's "racy clean"): such a list is not
# kept. Once a file's mtime is older than this, any later write moves it.
SETTLED_NS = 2_000_000_000
SEVERITIES = ("error", "warning")
# The modules whose rules decide what loads and what is a problem.
_RULES = (
    "library.py",
    "model.py",
    "vocabulary.py",
    "problems.py",
    "tomlguard.py",
    "safetext.py",
    "catalogue.py",
)
_PROBLEM_FIELDS = {
    "path": (str,),
    "message": (str,),
    "line": (int, type(None)),
    "column": (int, type(None)),
    "key": (str,),
    "hint": (str,),
    "severity": (str,),
}
_CARD_TYPES = (str, str, str, int, str, str)


class Card(NamedTuple):
    """What Home shows of one exercise (the names match the model's ``Exercise``)."""

    id: str
    title: str
    summary: str
    minutes: int
    audience: str
    depth: str

    @classmethod
    def of(cls, exercise: Any) -> Card:
        return cls(
            exercise.id,
            exercise.title,
            exercise.summary,
            exercise.minutes,
            exercise.audience,
            exercise.depth,
        )


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


# -- the kept list ---------------------------------------------------------------


def _stamp(path: Path) -> list[Any]:
    try:
        info = os.stat(path)
    except OSError:
        return [str(path)]
    return [str(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def program_files() -> list[Path]:
    """Our modules whose rules decide what loads and what is a problem."""
    package = Path(reconnect_tui.__file__).parent
    return [package / name for name in _RULES] + _python_files(package / "checks")


def _program_stamp() -> list[Any]:
    return [reconnect_tui.__version__, *(_stamp(path) for path in program_files())]


def _python_files(folder: Path) -> list[Path]:
    try:
        return sorted(folder / name for name in os.listdir(folder) if name.endswith(".py"))
    except OSError:
        return []


def cache_key(files: Sequence[tuple[str, Path]], missing: Sequence[Problem]) -> list[Any]:
    """What must be unchanged for the kept list to still be right (JSON-shaped)."""
    return [
        CACHE_FORMAT,
        _program_stamp(),
        [[source, *_stamp(path)] for source, path in files],
        [problem.path for problem in missing],
    ]


def _problem_data(problem: Problem) -> dict[str, Any]:
    return {name: getattr(problem, name) for name in _PROBLEM_FIELDS}


def _read_problem(data: Any) -> Problem | None:
    if not isinstance(data, dict) or set(data) != set(_PROBLEM_FIELDS):
        return None
    for name, kinds in _PROBLEM_FIELDS.items():
        if type(data[name]) not in kinds:
            return None
    places_ok = all(data[name] is None or data[name] >= 1 for name in ("line", "column"))
    if not places_ok or data["severity"] not in SEVERITIES:
        return None
    return Problem(**data)


def _read_card(data: Any) -> Card | None:
    """A card only if it could have come from a loaded exercise (its text is shown cleaned)."""
    if not isinstance(data, list) or len(data) != len(_CARD_TYPES):
        return None
    if any(type(value) is not kind for value, kind in zip(data, _CARD_TYPES, strict=True)):
        return None
    card = Card(*data)
    if (
        not ID_PATTERN.match(card.id)
        or card.minutes not in MINUTES
        or card.audience not in AUDIENCES
        or card.depth not in DEPTHS
    ):
        return None
    return card


def read_cache(path: Path, key: list[Any]) -> tuple[tuple[Card, ...], tuple[Problem, ...]] | None:
    """The kept cards and problems if *path* holds them for exactly *key*; else None."""
    import json

    from reconnect_tui.common.atomic import read_private

    if os.path.islink(path.parent):  # ours is a real folder; read_private checks the file
        return None
    try:
        data = json.loads(read_private(path, MAX_CACHE_BYTES))
    except (OSError, ValueError, RecursionError):  # missing, unreadable, not JSON
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    cards = data.get("cards")
    problems = data.get("problems")
    if not isinstance(cards, list) or not isinstance(problems, list):
        return None
    read_cards = [_read_card(item) for item in cards]
    read_problems = [_read_problem(item) for item in problems]
    if None in read_cards or None in read_problems:
        return None
    if len({card.id for card in read_cards}) != len(read_cards):  # type: ignore[union-attr]
        return None
    return tuple(read_cards), tuple(read_problems)  # type: ignore[arg-type]


def keepable(key: list[Any], problems: Sequence[Problem], now_ns: int) -> bool:
    """Whether a list loaded under *key* may be kept for later starts.

    Not when a file changed in the last :data:`SETTLED_NS` (it could change
    again unseen), nor when a file could not be read this time (that may pass).
    """
    from reconnect_tui.common import tomlguard

    for _source, _path, *stamp in key[2]:  # size, mtime, ctime, inode (none if it vanished)
        if stamp and stamp[1] > now_ns - SETTLED_NS:
            return False
    return not any(tomlguard.may_pass(problem) for problem in problems)


def write_cache(
    path: Path, key: list[Any], cards: Sequence[Card], problems: Sequence[Problem]
) -> bool:
    """Keep *cards* and *problems* for *key*; False (and nothing said) if it could not be."""
    import json

    from reconnect_tui.common.atomic import SaveError, remove_stale_temps, write_private

    data = {
        "key": key,
        "cards": [list(card) for card in cards],
        "problems": [_problem_data(problem) for problem in problems],
    }
    try:
        text = json.dumps(data, ensure_ascii=True)
        remove_stale_temps(path.parent)  # left by a start that was killed while writing
        write_private(path, text.encode("ascii"))
    except (SaveError, OSError, ValueError):
        return False
    return True


class Catalogue:
    """The library as Home first needs it: cards and problems now, the exercises when asked.

    It answers like :class:`~reconnect_tui.exercises.library.Library` (``entries``,
    ``problems``, ``get``, ``cards``); everything but ``cards`` and
    ``problems`` loads the library in full first, once.

    Attributes:
        from_cache: True when the cards came from the kept file.
        changed: True once a full load after that found other cards or
            problems (a file changed while the app was open): Home redraws.
    """

    def __init__(
        self,
        *,
        user_dir: Path | None = None,
        extra: Sequence[Path] = (),
        cache_file: Path | None = None,
    ) -> None:
        self._user_dir = user_dir
        self._extra = tuple(Path(item) for item in extra)
        self._cache_file = cache_file
        self._library: Library | None = None
        self.changed = False
        self._keyed_at = time.time_ns()
        self._sources = find_sources(user_dir, self._extra)
        kept = None
        if cache_file is not None:
            self._key = cache_key(*self._sources)
            kept = read_cache(cache_file, self._key)
        self.from_cache = kept is not None
        if kept is None:
            self.library()
        else:
            self._cards, self._problems = kept

    def library(self) -> Library:
        """The library in full, loaded the first time it is asked for."""
        if self._library is None:
            from reconnect_tui.exercises.library import load_library

            # Loading now, at start: the files just found, so that what is kept
            # matches its key. Later (after a kept list): look again.
            found = find_sources(self._user_dir, self._extra) if self.from_cache else self._sources
            library = load_library(sources=found)
            self._library = library
            if self.from_cache:
                self.changed = (library.cards, library.problems) != (self._cards, self._problems)
            self._cards, self._problems = library.cards, library.problems
            cache = self._cache_file
            if (
                cache is not None
                and not self.from_cache
                and keepable(self._key, self._problems, self._keyed_at)
            ):
                write_cache(cache, self._key, self._cards, self._problems)
        return self._library

    @property
    def cards(self) -> tuple[Card, ...]:
        return self._cards

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self._problems

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.library().entries

    def get(self, exercise_id: str) -> Entry | None:
        return self.library().get(exercise_id)
