"""The checks on odd data: never a crash, and a model exactly when there is no error.

Every file goes through the same checks (which word every problem), then the
model's own constructors. Built-in and generated files load as written.
"""

from __future__ import annotations

import copy
import random
import re
import tomllib
from pathlib import Path

import attrs
import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from reconnect_tui.exercises.checks.exercise import read_exercise
from reconnect_tui.exercises.checks.values import UNCLEAN_LINE, UNCLEAN_TEXT, Reader
from reconnect_tui.exercises.library import builtin_exercises_dir, load_text
from reconnect_tui.exercises.model import OptionGroup, ReadStep, Rhythm, Slot
from tests.builders import dump_exercise
from tests.builders import realistic_exercise as make_exercise
from tests.test_library import toml_places

BROKEN = Path(__file__).parent / "broken"
BUILTIN = sorted(builtin_exercises_dir().glob("*.toml"))
GENERATED = [dump_exercise(make_exercise(random.Random(seed), seed)) for seed in range(20)]


def _full(data: dict):
    """What the full checks make of *data*: the exercise (or None) and the problems."""
    reader = Reader("test.toml")
    exercise = read_exercise(reader, copy.deepcopy(data))
    return exercise, reader.problems


def _answer(data: dict) -> bool:
    """Check *data* (left as it was); assert a model comes exactly when no error does.

    True when it loaded.
    """
    untouched = copy.deepcopy(data)
    exercise, problems = _full(data)
    assert data == untouched, "the checks changed the data"
    errors = [problem for problem in problems if problem.severity == "error"]
    assert (exercise is None) == bool(errors), problems
    assert not any("could not be put together" in problem.message for problem in problems)
    return exercise is not None


@pytest.mark.parametrize("path", BUILTIN, ids=lambda path: path.stem)
def test_the_builtin_exercises_load_without_a_word(path: Path) -> None:
    exercise, problems = _full(tomllib.loads(path.read_text(encoding="utf-8")))
    assert exercise is not None and problems == []


@pytest.mark.parametrize("seed", range(len(GENERATED)))
def test_a_written_exercise_loads_as_the_model_it_was_written_from(seed: int) -> None:
    loaded = load_text(GENERATED[seed])
    assert loaded.problems == ()
    assert loaded.exercise == make_exercise(random.Random(seed), seed)


@pytest.mark.parametrize("path", sorted(BROKEN.glob("*.toml")), ids=lambda path: path.stem)
def test_every_broken_file_is_refused_with_a_reason(path: Path) -> None:
    loaded = load_text(path.read_text(encoding="utf-8", errors="replace"), str(path))
    assert loaded.exercise is None and loaded.problems


def test_a_warning_comes_with_the_exercise(exercise_text) -> None:
    text = exercise_text().replace('"A first step."', '"A first\\u001b[2J step."')
    loaded = load_text(text)
    (problem,) = loaded.problems
    assert problem.severity == "warning" and loaded.exercise is not None


_GROUPED = {
    "format": 1, "id": "grouped", "title": "T", "summary": "S",
    "steps": [
        {"id": "pick", "kind": "choice", "text": "Which?",
         "groups": [{"label": "L", "options": ["a", "b"]}]},
        {"id": "say", "kind": "compose", "template": "I feel {f}.",
         "slots": {"f": {"kind": "choice", "groups": [{"label": "L", "options": ["calm"]}]}}},
    ],
}  # fmt: skip


@pytest.mark.parametrize("value", [{}, "", [], "ab", {"label": "L", "options": ["a"]}, 0])
@pytest.mark.parametrize("where", ["step", "slot"])
@pytest.mark.parametrize("extra", [{}, {"other": True}, {"min_picks": 0}])
def test_groups_that_are_not_a_list_of_tables_are_refused(value, where, extra) -> None:
    data = copy.deepcopy(_GROUPED)
    table = data["steps"][0] if where == "step" else data["steps"][1]["slots"]["f"]
    table["groups"] = value
    if where == "step":
        table.update(extra)
    assert _answer(copy.deepcopy(_GROUPED))
    assert not _answer(data)


# -- odd changes anywhere -----------------------------------------------------------------
_SAMPLES = [tomllib.loads(path.read_text(encoding="utf-8")) for path in BUILTIN] + [
    tomllib.loads(text) for text in GENERATED[:4]
]
_ODD = st.sampled_from([
    0, -1, 1, 2, 3, 5, 61, 10**9, 1.5, 0.2, float("nan"), True, False, "", " ", "x", "Bad Id",
    "{", "{}", "{{", "{name}", "{answer.welcome}", "{answer.x}", "both", "each", "speaker",
    "read", "text", "choice", "scale", "list", "pause", "compose", "compare", "summary",
    "\x1b[2J", "a\tb", "a\nb", "a\r\nb", "\u202e", "a\u00a0b", "a\u200db", "é…", "welcome",
    [], [1], ["a", "a"], ["a", "A"], ["x"], [""], ["Bad Id"], ["a\nb"], [[]], {},
    {"step": "x"}, {"goto": "welcome"}, {"goto": "welcome", "limit": 1},
    [{"goto": "welcome"}], [{"when": {"step": "welcome", "answered": False}, "goto": "welcome",
                             "limit": 2}],
    {"kind": "text"}, {"kind": "choice", "options": ["a"]}, {"label": "L", "options": ["a"]},
    {"inhale": 4, "exhale": 4}, ["speaker", "listener"],
])  # fmt: skip
_KEYS = st.sampled_from([
    "id", "kind", "text", "title", "who", "goto", "when", "limit", "step", "options", "groups",
    "slots", "template", "min", "max", "default", "multiple", "min_picks", "max_picks", "other",
    "rhythm", "seconds", "min_seconds", "roles", "swap_roles", "steps", "nudges", "bogus",
])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(range(len(_SAMPLES))),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 3), _KEYS, _ODD), max_size=3),
)
def test_odd_changes_anywhere_get_a_model_or_an_error(sample: int, changes: list) -> None:
    data = copy.deepcopy(_SAMPLES[sample])
    for choice, how, key, value in changes:
        places = list(toml_places(data))
        *parents, last = places[choice % len(places)]
        container = data
        for part in parents:
            container = container[part]
        if how == 1 and isinstance(container, dict):
            del container[last]
        elif how == 2 and isinstance(container, dict):
            container[key] = copy.deepcopy(value)
        elif how == 3 and isinstance(container, list):
            container.insert(0, copy.deepcopy(container[last]))
        else:
            container[last] = copy.deepcopy(value)
    _answer(tomllib.loads(tomli_w.dumps(data)))  # through TOML: only what a file can hold


# Every place in two samples, each set to each of a few odd values in turn.
_RISKY = ["\x1b[2J", "a\tb", "a\r\nb", "a\nb", "\u202e", "a\u00a0b", "", "Bad Id", "{}", 7,
          1.5, True, ["a\tb"], {}]  # fmt: skip
_SWEPT = [_SAMPLES[0], _SAMPLES[len(BUILTIN)]]


@pytest.mark.parametrize("sample", range(len(_SWEPT)))
def test_every_place_set_to_an_odd_value_gets_a_model_or_an_error(sample: int) -> None:
    passed = 0
    for place in toml_places(_SWEPT[sample]):
        for value in _RISKY:
            data = copy.deepcopy(_SWEPT[sample])
            container = data
            for part in place[:-1]:
                container = container[part]
            container[place[-1]] = copy.deepcopy(value)
            passed += _answer(data)
    assert passed  # some changes are harmless, and those still load


# -- the pieces ---------------------------------------------------------------------------
def test_direct_construction_still_validates() -> None:
    with pytest.raises(ValueError, match="must be 1-64"):
        ReadStep(id="Not An Id")
    with pytest.raises(ValueError):
        Slot(name="s", kind="neither")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        Rhythm(inhale=4.0, exhale=6.0).inhale = 1.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        OptionGroup(label="no options")  # type: ignore[call-arg]


def test_printable_text_never_needs_cleaning() -> None:
    # The checks skip the search for characters to clean when str.isprintable() holds.
    everything = "".join(map(chr, range(0x110000)))
    unclean = set(UNCLEAN_LINE.findall(everything)) | set(UNCLEAN_TEXT.findall(everything))
    assert unclean
    assert not [char for char in unclean if char.isprintable()]
    assert re.fullmatch(UNCLEAN_LINE.pattern, "\n") and not UNCLEAN_TEXT.search("\n")
