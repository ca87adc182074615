"""Loading exercise files: good ones, broken ones, odd ones, and the library of them all."""

from __future__ import annotations

import copy
import json
import os
import time
import tomllib
from pathlib import Path

import attrs
import jsonschema
import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from reconnect_tui.common import tomlguard
from reconnect_tui.common.problems import Problem, key_lines
from reconnect_tui.common.tomlguard import MAX_BYTES
from reconnect_tui.exercises import library
from reconnect_tui.exercises.checks.exercise import MAX_TITLE
from reconnect_tui.exercises.checks.keys import ALL_STEP_SPECS, COMMON_SPECS, KIND_KEYS, TOP_KEYS
from reconnect_tui.exercises.library import (
    builtin_exercises_dir,
    load_file,
    load_library,
    load_text,
)
from reconnect_tui.exercises.model import ReadStep

BROKEN = Path(__file__).parent / "broken"
SCHEMA = Path(library.__file__).parent / "schema" / "exercise-v1.schema.json"

# file in tests/broken, a piece of the message, the line, the hint (exactly).
BROKEN_FILES = [
    ("misspelt-kind", "unknown kind 'choise'", 9, "did you mean 'choice'?"),
    ("misspelt-step-key", "unknown key 'optinal'", 11, "did you mean 'optional'?"),
    (
        "key-of-other-kind",
        "unknown key 'seconds' in a read step",
        11,
        "'seconds' belongs to pause steps",
    ),
    ("misspelt-top-key", "unknown key 'minuts'", 6, "did you mean 'minutes'?"),
    ("duplicate-step-id", "the step id 'welcome' is used twice", 13, "give each step its own id"),
    ("goto-missing-step", "there is no step 'endd'", 13, "did you mean 'end'?"),
    (
        "when-later-step",
        "looks at 'rate', which comes later",
        13,
        "it may only look at this step or an earlier one",
    ),
    (
        "compare-non-list",
        "'values' is a text step",
        16,
        "point it at a list step that each partner fills in",
    ),
    (
        "compare-not-each",
        'with who = "both"',
        15,
        "point it at a list step that each partner fills in",
    ),
    (
        "unreachable-step",
        "no path leads to the step 'skipped'",
        16,
        "a branch before it always jumps past it; "
        "give that branch a when, or go to this step from somewhere",
    ),
    (
        "loop-without-limit",
        "makes a loop with no way out",
        19,
        "add limit = 3 (how many times it may repeat)",
    ),
    (
        "template-unknown-slot",
        "uses {situation}, but there is no such slot",
        10,
        "add a [steps.slots.situation] table",
    ),
    (
        "slot-not-in-template",
        "the slot 'request' should appear once",
        15,
        "write {request} in the template",
    ),
    (
        "who-without-roles",
        'who = "speaker" should be one of "both", "each"',
        11,
        'to make it a role, add roles = ["speaker", "…"] at the top',
    ),
    ("who-misspelt", 'who = "eech"', 11, "did you mean 'each'?"),
    (
        "scale-range",
        "max (3) should be more than min (5)",
        12,
        "max should be the larger number: e.g. max = 9, for a scale from 5 to 9",
    ),
    (
        "scale-max-unset",
        "max (5) should be more than min (7)",
        11,
        "max is 5 unless you set it: add a max above 7, e.g. max = 11, for a scale from 7 to 11",
    ),
    (
        "text-min-over-max",
        "min_length (50) is more than max_length (20)",
        11,
        "lower min_length to 20, or raise max_length to 50",
    ),
    (
        "unclosed-quote",
        "this is not valid TOML: illegal character",
        4,
        'the text on this line has no closing quote: close the quote (or use """ for text over'
        " several lines)",
    ),
    (
        "inline-table-split",
        "this is not valid TOML",
        10,
        "an inline table { … } must be on one line: join the lines, or write it as a [table] of"
        " its own",
    ),
    (
        "loop-cuts-off-steps",
        "going back to 'share' makes a loop with no way out, so no path leads on to 'thanks'"
        " or 'close'",
        18,
        "add limit = 3 (how many times it may repeat)",
    ),
    (
        "too-many-picks",
        "min_picks is 3, but there are only 2 options",
        12,
        "lower min_picks, or add options",
    ),
    (
        "format-wrong",
        "format should be 1 (it is 2)",
        2,
        "this version of reconnect reads format 1 files",
    ),
    (
        "bad-exercise-id",
        "the exercise id 'Hello World' should use only",
        3,
        "for example 'hello-world'",
    ),
    ("empty-options", "the list of options is empty", 10, 'add options = ["…", "…"]'),
    (
        "duplicate-option",
        "the option 'Tired' is listed twice",
        10,
        "keep one of them (options are matched without regard to case)",
    ),
    ("unknown-nudge", "there is no nudge 'blam'", 15, "did you mean 'blame'?"),
    ("unknown-placeholder", "unknown placeholder {partnr}", 10, "did you mean 'partner'?"),
    (
        "answer-from-later-step",
        "{answer.feeling} refers to a step that comes later",
        10,
        "it may only show an answer given earlier",
    ),
    (
        "wrong-type",
        "minutes should be a whole number, not text",
        6,
        "leave out the quotes: minutes = 10",
    ),
    ("missing-title", "title is missing", None, 'add title = "…"'),
    (
        "syntax-error",
        "this is not valid TOML: invalid value",
        4,
        'text values need quotes, e.g. title = "…"',
    ),
    (
        "step-without-kind",
        "this step has no kind",
        7,
        'add kind = "read" (or pause, text, choice, scale, list, compose, compare, summary)',
    ),
    ("summary-unknown-step", "there is no step 'welcom'", 15, "did you mean 'welcome'?"),
    (
        "swap-without-roles",
        "swap_roles needs roles",
        16,
        'add roles = ["speaker", "listener"] at the top',
    ),
    (
        "two-tests-in-when",
        "when should hold exactly one test",
        13,
        "one of below, at_least, is, includes, answered",
    ),
    (
        "includes-on-scale",
        "'includes' cannot test a scale step",
        13,
        "'includes' works with choice or list steps",
    ),
    (
        "steps-as-table",
        "steps should be a list of [[steps]] tables",
        7,
        "write [[steps]] (two brackets) above each step",
    ),
    (
        "reserved-role",
        "'partner' cannot be a role name",
        6,
        "it already means something in who or in {placeholders}",
    ),
    ("duplicate-nudge-id", "the nudge id 'blame' is used twice", 13, "give each nudge its own id"),
    (
        "choice-option-typo-in-when",
        "'tence' is not one of the options of 'mood'",
        13,
        "did you mean 'tense'?",
    ),
    (
        "pause-min-over-length",
        "min_seconds is longer than the pause itself",
        11,
        "make it at most seconds = 30",
    ),
    ("rhythm-missing-exhale", "unknown key 'exale' in a rhythm", 13, "did you mean 'exhale'?"),
    ("deep-nesting", "nested more than 32 deep", 6, "exercise files need only a few levels"),
    ("long-dotted-key", "more than 32 dotted parts", 6, "exercise files need only a few levels"),
    # A step is named by its id exactly as written: not after cleaning, and not by nothing.
    ("goto-hidden-character", "there is no step 'end<U+202E>'", 14, "did you mean 'end'?"),
    ("when-step-hidden-character", "there is no step 'mood<U+200F>'", 13, "did you mean 'mood'?"),
    ("compare-hidden-character", "there is no step 'values<U+2066>'", 16, "did you mean 'values'?"),
    (
        "summary-hidden-character",
        "there is no step 'feeling<U+202E>'",
        15,
        "did you mean 'feeling'?",
    ),
    ("goto-empty", "goto is empty", 14, "write the id of a step here"),
    (
        "choice-groups-empty",
        "groups is empty: there are no options to choose from",
        12,
        "add a [[groups]] table with a label and options",
    ),
    ("choice-groups-not-a-list", "groups should be a list of [[groups]] tables", 12, ""),
    ("compare-empty-step", "step is empty", 16, "write the id of a step here"),
    (
        "pause-seconds-nan",
        "seconds should be a number, not nan",
        11,
        "write a plain number here, for example seconds = 1",
    ),
    (
        "rhythm-inf",
        "hold_in should be a number, not inf",
        16,
        "write a plain number here, for example hold_in = 1",
    ),
    (
        "slot-name-newline",
        "slot name 'feeling<U+000A>' should use only a-z, 0-9 and '_'",
        13,
        "for example 'feeling'",
    ),
]


def _the_problem(problems: tuple[Problem, ...], message: str) -> Problem:
    found = [p for p in problems if message in p.message]
    assert found, f"no problem says {message!r}: {[p.format() for p in problems]}"
    return found[0]


def test_every_broken_file_is_in_the_table() -> None:
    assert sorted(p.stem for p in BROKEN.glob("*.toml")) == sorted(r[0] for r in BROKEN_FILES)


@pytest.mark.parametrize(("name", "message", "line", "hint"), BROKEN_FILES, ids=lambda v: str(v))
def test_broken_file(name: str, message: str, line: int | None, hint: str) -> None:
    loaded = load_file(BROKEN / f"{name}.toml")
    assert loaded.exercise is None
    problem = _the_problem(loaded.problems, message)
    assert problem.severity == "error"
    assert problem.line == line
    assert problem.hint == hint
    assert problem.path == str(BROKEN / f"{name}.toml")
    assert loaded.digest  # it was read


def test_a_file_reports_all_its_problems_with_key_paths() -> None:
    text = (BROKEN / "misspelt-kind.toml").read_text() + (
        '\n[[steps]]\nid = "next"\nkind = "read"\ntext = "Hi {nmae}"\nwho = "eech"\n'
    )
    problems = load_text(text, "two.toml").problems
    assert [(p.key, p.line) for p in problems] == [
        ("steps[0].kind", 9),
        ("steps[1].text", 15),
        ("steps[1].who", 16),
    ]
    assert problems[0].format() == "two.toml:9:1: error: unknown kind 'choise'"


def test_the_smallest_exercise_loads() -> None:
    text = (
        'format = 1\nid = "hello"\ntitle = "Hello"\nsummary = "A first step."\n\n'
        '[[steps]]\nid = "welcome"\nkind = "read"\ntext = "Welcome."\n'
    )
    loaded = load_text(text)
    assert loaded.problems == ()
    exercise = loaded.exercise
    assert exercise is not None
    assert (exercise.id, exercise.title, exercise.depth, exercise.minutes) == (
        "hello",
        "Hello",
        "light",
        5,
    )
    assert exercise.steps == (ReadStep(id="welcome", text="Welcome."),)


def test_markup_stays_literal_and_control_characters_are_removed_with_a_warning() -> None:
    text = (
        'format = 1\nid = "hello"\ntitle = "[bold]Hi[/] \\u001b[31mthere"\nsummary = "s"\n\n'
        '[[steps]]\nid = "welcome"\nkind = "read"\n'
        'text = "Press [@click=app.quit]here[/]\\u202e and\\tbreathe\\r\\nslowly."\n'
    )
    loaded = load_text(text, "x.toml")
    assert loaded.exercise is not None
    assert loaded.exercise.title == "[bold]Hi[/] there"
    assert loaded.exercise.steps[0].text == "Press [@click=app.quit]here[/] and    breathe\nslowly."
    assert [(p.severity, p.key, p.line) for p in loaded.problems] == [
        ("warning", "title", 3),
        ("warning", "steps[0].text", 9),
    ]


def test_one_line_fields_lose_their_newlines_without_a_warning() -> None:
    text = (
        'format = 1\nid = "hello"\ntitle = "two\\nlines"\nsummary = "one\\ntwo"\n'
        '[[steps]]\nid = "welcome"\nkind = "read"\ntext = "Hi"\n'
    )
    loaded = load_text(text)
    assert loaded.problems == ()
    assert (loaded.exercise.title, loaded.exercise.summary) == ("two lines", "one\ntwo")


def test_a_byte_order_mark_is_fine(tmp_path: Path, exercise_text) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + exercise_text().encode())
    assert load_file(path).exercise is not None


# -- untrusted bytes -----------------------------------------------------------
def test_invalid_utf8_says_where(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'format = 1\nid = "x"\ntitle = "Caf\xe9"\n')
    (problem,) = load_file(path).problems
    assert "not valid UTF-8 (byte 0xe9)" in problem.message
    assert (problem.line, problem.column) == (3, 13)
    assert problem.hint == "save it as UTF-8 text"


def test_a_nul_byte_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nul.toml"
    path.write_bytes(b'format = 1\nid = "x\x00"\n')
    (problem,) = load_file(path).problems
    assert "NUL byte" in problem.message
    assert (problem.line, problem.column) == (2, 8)


def test_a_file_over_256_kib_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_bytes(b"# padding\n" * (MAX_BYTES // 10 + 1))
    loaded = load_file(path)
    (problem,) = loaded.problems
    assert "larger than 256 KiB" in problem.message
    assert loaded.digest == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a" + ".a" * 40_000 + " = 1\n", "more than 32 dotted parts"),
        ('["a"' + '."a"' * 20_000 + "]\n", "more than 32 dotted parts"),
        ("x = 1\n" + "k" * 80_000 + " = 1\n", "longer than 256 characters"),
        ("x = " + "[" * 30_000 + "]" * 30_000 + "\n", "nested more than 32 deep"),
        ("x = " + "{a = " * 20_000 + "1" + "}" * 20_000 + "\n", "nested more than 32 deep"),
    ],
    ids=["dotted-key", "dotted-header", "long-key", "deep-list", "deep-table"],
)
def test_pathological_files_are_refused_quickly(text: str, message: str) -> None:
    started = time.perf_counter()
    loaded = load_text(text)
    elapsed = time.perf_counter() - started
    assert message in loaded.problems[0].message
    assert elapsed < 0.1


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["a", "a.", ". ", '"x.y".', "\n", " ", "= 1", "é", "-", "a" * 40, "a." * 20, "k" * 200]
        ),
        max_size=40,
    ).map("".join)
)
def test_the_guards_quick_looks_miss_no_long_or_deep_key(text: str) -> None:
    # The close look at every line is the reference; the quick looks only skip work.
    close = tomlguard._long_or_deep_key(text, "x.toml", deep=True, long=True)
    assert tomlguard.check_bounds(text, "x.toml") == close


def test_nesting_the_guard_does_not_see_is_still_caught(monkeypatch) -> None:
    monkeypatch.setattr("reconnect_tui.common.tomlguard.MAX_DEPTH", 10_000)
    monkeypatch.setattr("reconnect_tui.common.tomlguard.check_bounds", lambda *args: None)
    (problem,) = load_text("x = " + "[" * 5000 + "]" * 5000 + "\n").problems
    assert problem.message == "lists or tables in this file are nested too deeply"


def test_odd_paths_are_problems_not_crashes(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    started = time.perf_counter()
    assert load_file(fifo).problems[0].message == "this is a named pipe, not an exercise file"
    assert time.perf_counter() - started < 1
    assert "a folder" in load_file(tmp_path).problems[0].message
    assert load_file(tmp_path / "nothing.toml").problems[0].message == "there is no file here"
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        locked = tmp_path / "locked.toml"
        locked.write_text("format = 1\n")
        locked.chmod(0)
        assert "permission denied" in load_file(locked).problems[0].message


# -- the library -----------------------------------------------------------------
@pytest.fixture
def builtin(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "builtin"
    folder.mkdir()
    monkeypatch.setattr(library, "builtin_exercises_dir", lambda: folder)
    return folder


def test_sources_override_and_replaces(builtin: Path, write_exercise, tmp_path: Path) -> None:
    write_exercise("builtin/a.toml", id="alpha", title="Alpha")
    write_exercise("builtin/b.toml", id="beta", title="Beta")
    user_beta = write_exercise("user/beta.toml", id="beta", title="My beta")
    write_exercise("user/gamma.toml", id="gamma", title="Gamma")
    write_exercise("user/notes.txt", id="ignored", title="Not toml")
    write_exercise("user/.draft.toml", id="hidden", title="Hidden")
    write_exercise("user/sub/deeper.toml", id="deeper", title="In a subfolder")
    extra_gamma = write_exercise("extra/gamma.toml", id="gamma", title="Draft gamma")
    single = write_exercise("one.toml", id="delta", title="Delta")
    found = load_library(user_dir=tmp_path / "user", extra=[tmp_path / "extra", single])
    assert found.problems == ()
    assert [e.exercise.id for e in found.entries] == ["alpha", "delta", "gamma", "beta"]
    beta, gamma = found.get("beta"), found.get("gamma")
    assert (beta.source, beta.path, beta.replaces) == ("user", user_beta, builtin / "b.toml")
    assert (gamma.source, gamma.path, gamma.replaces) == ("extra", extra_gamma, None)
    assert found.get("alpha").replaces is None
    assert found.get("alpha").source == "built-in"
    assert len(found.get("alpha").digest) == 64
    assert found.get("deeper") is None


def test_the_first_of_two_files_with_one_id_wins(builtin: Path, write_exercise, tmp_path) -> None:
    first = write_exercise("user/a.toml", id="same", title="First")
    second = write_exercise("user/b.toml", id="same", title="Second")
    found = load_library(user_dir=tmp_path / "user")
    assert found.get("same").path == first
    (problem,) = found.problems
    assert problem.path == str(second)
    assert problem.message == f"the exercise id 'same' is already used by {first}"
    assert problem.line == 2


def test_one_bad_file_does_not_stop_the_others(builtin: Path, write_exercise, tmp_path) -> None:
    write_exercise("user/a.toml", id="fine", title="Fine")
    write_exercise("user/b.toml", text="format = 1\nid = \n")
    os.mkfifo(tmp_path / "user" / "c.toml")
    (tmp_path / "user" / "d.toml").write_bytes(b"\xff\xfe")
    write_exercise("user/e.toml", id="also-fine", title="Also fine")
    found = load_library(user_dir=tmp_path / "user", extra=[tmp_path / "missing.toml"])
    assert [e.exercise.id for e in found.entries] == ["also-fine", "fine"]
    assert [Path(p.path).name for p in found.problems] == [
        "missing.toml",
        "b.toml",
        "c.toml",
        "d.toml",
    ]


def test_entries_are_sorted_by_depth_then_title(builtin: Path, write_exercise) -> None:
    write_exercise("builtin/1.toml", id="d1", title="zebra", depth="deep")
    write_exercise("builtin/2.toml", id="m1", title="Middle", depth="medium")
    write_exercise("builtin/3.toml", id="l2", title="banana", depth="light")
    write_exercise("builtin/4.toml", id="l1", title="Apple", depth="light")
    found = load_library(user_dir=None)
    assert [e.exercise.id for e in found.entries] == ["l1", "l2", "m1", "d1"]


def test_builtin_folder_is_the_repos_when_not_installed() -> None:
    folder = builtin_exercises_dir()
    assert folder.is_dir()
    assert folder.name == "exercises"
    installed = Path(library.__file__).parents[1] / "_builtin" / "exercises"
    repo = Path(library.__file__).parents[2] / "exercises"
    assert folder == (installed if installed.is_dir() else repo)


def test_the_builtin_exercises_load_cleanly() -> None:
    found = load_library()
    assert found.problems == ()
    assert found.entries
    assert {e.source for e in found.entries} == {"built-in"}


def test_key_lines_follow_headers_and_skip_multiline_strings() -> None:
    text = (
        'title = "x"\n[[steps]]\nid = "a"\ntext = """\nfake = 1\n"""\n'
        '[[steps]]\nid = "b"\n[steps.slots.feeling]\nkind = "text"\n'
        '[[steps.branches]]\nwhen = { step = "a", below = 3 }\n'
    )
    places = key_lines(text)
    assert places["steps[0].text"] == (4, 1)
    assert "steps[0].fake" not in places
    assert places["steps[1]"] == (7, 1)
    assert places["steps[1].slots.feeling.kind"] == (10, 1)
    assert places["steps[1].branches[0].when.below"] == (12, 22)


# -- the JSON schema ---------------------------------------------------------------
@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_schema_accepts_the_builtin_exercises(validator, exercise_text) -> None:
    files = sorted(builtin_exercises_dir().glob("*.toml"))
    assert files
    for path in files:
        errors = [e.message for e in validator.iter_errors(tomllib.loads(path.read_text()))]
        assert errors == [], path.name
    assert list(validator.iter_errors(tomllib.loads(exercise_text()))) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(colour="blue"), []),
        (lambda d: d["steps"][0].update(kind="choise"), ["steps", 0, "kind"]),
        (lambda d: d["steps"][0].update(seconds=30), ["steps", 0]),
        (lambda d: d.pop("title"), []),
        (lambda d: d.update(format=2), ["format"]),
        (lambda d: d["steps"][0].update(id="Not An Id"), ["steps", 0, "id"]),
    ],
    ids=["unknown-key", "bad-kind", "key-of-other-kind", "missing-title", "format-2", "bad-id"],
)
def test_schema_rejects_broken_exercises(validator, exercise_text, change, where) -> None:
    data = tomllib.loads(exercise_text())
    change(data)
    errors = list(validator.iter_errors(data))
    assert errors
    assert where in [list(e.absolute_path) for e in errors]


def test_schema_knows_the_same_keys_as_the_loader() -> None:
    schema = json.loads(SCHEMA.read_text())
    step = schema["definitions"]["step"]
    assert set(schema["properties"]) == set(TOP_KEYS)
    assert set(step["properties"]) == set(ALL_STEP_SPECS)
    for rule in step["allOf"]:
        kind = rule["if"]["properties"]["kind"]["const"]
        assert set(rule["then"]["propertyNames"]["enum"]) == {*COMMON_SPECS, *KIND_KEYS[kind]}


# -- nothing crashes ----------------------------------------------------------------
_SAMPLES = [
    tomllib.loads(path.read_text())
    for path in [*sorted(builtin_exercises_dir().glob("*.toml")), *sorted(BROKEN.glob("*.toml"))]
    if path.stem
    not in (
        "syntax-error",
        "deep-nesting",
        "long-dotted-key",
        "unclosed-quote",
        "inline-table-split",
    )
]
_ODD_VALUES = st.one_of(
    st.sampled_from(
        [
            0,
            -1,
            10**9,
            1.5,
            True,
            "",
            "x",
            "Bad Id",
            "{",
            "{answer.x}",
            "both",
            "each",
            "choice",
            "\x1b[2J",
            [],
            [1],
            ["a", "a"],
            [[]],
            {},
            {"step": "x"},
        ]
    ),
    st.datetimes().map(lambda moment: moment.date()),
    st.dictionaries(
        st.sampled_from(["step", "below", "is", "kind", "id", "goto", "options"]),
        st.sampled_from(["x", 1, True, []]),
        max_size=3,
    ),
)


def toml_places(data: object, where: tuple = ()):
    """Every place in parsed TOML *data*, as a path of keys and positions (tests share it)."""
    if isinstance(data, dict):
        for name, value in data.items():
            yield (*where, name)
            yield from toml_places(value, (*where, name))
    elif isinstance(data, list):
        for position, value in enumerate(data):
            yield (*where, position)
            yield from toml_places(value, (*where, position))


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(range(len(_SAMPLES))),
    st.lists(st.tuples(st.integers(0, 10**6), _ODD_VALUES), max_size=3),
)
def test_odd_values_anywhere_are_problems_not_crashes(sample: int, changes: list) -> None:
    data = copy.deepcopy(_SAMPLES[sample])
    for choice, value in changes:
        places = list(toml_places(data))
        *parents, last = places[choice % len(places)]
        container = data
        for part in parents:
            container = container[part]
        # A copy: the sampled values are shared, and a list put inside itself never ends.
        container[last] = copy.deepcopy(value)
    loaded = load_text(tomli_w.dumps(data), "odd.toml")
    assert (loaded.exercise is None) == any(p.severity == "error" for p in loaded.problems)
    _passes_the_models_own_checks(loaded.exercise)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_a_result_not_a_crash(text: str) -> None:
    loaded = load_text(text, "any.toml")
    assert loaded.exercise is not None or loaded.problems
    _passes_the_models_own_checks(loaded.exercise)


# -- the checks must cover everything the model's own validators refuse ----------
def _passes_the_models_own_checks(value: object) -> None:
    """Run the model's validators over *value* and everything in it (they raise if not)."""
    if attrs.has(type(value)):
        attrs.validate(value)
        for field in attrs.fields(type(value)):
            _passes_the_models_own_checks(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            _passes_the_models_own_checks(item)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace('id = "hello"', 'id = ""'), "the exercise id is empty"),
        (lambda t: t.replace('id = "hello"', 'id = "\\u001b"'), "the exercise id is empty"),
        (lambda t: t.replace('id = "welcome"', 'id = ""'), "the step id is empty"),
        (
            lambda t: t.replace('id = "welcome"', 'id = "Welcome Here"'),
            "the step id 'Welcome Here' should use only",
        ),
        (
            lambda t: t.replace(
                "[[steps]]", '[[nudges]]\nid = ""\nphrases = ["x"]\nmessage = "m"\n\n[[steps]]'
            ),
            "the nudge id is empty",
        ),
        (
            lambda t: t.replace(
                "[[steps]]",
                '[[nudges]]\nid = "Bad Id"\nphrases = ["x"]\nmessage = "m"\n\n[[steps]]',
            ),
            "the nudge id 'Bad Id' should",
        ),
    ],
    ids=[
        "empty-id",
        "id-of-control-chars",
        "empty-step-id",
        "bad-step-id",
        "empty-nudge-id",
        "bad-nudge-id",
    ],
)
def test_what_the_model_would_refuse_is_a_problem_not_a_model(
    exercise_text, change, message
) -> None:
    loaded = load_text(change(exercise_text()), "ids.toml")
    assert loaded.exercise is None
    problem = _the_problem(loaded.problems, message)
    assert problem.severity == "error"
    assert "could not be put together" not in problem.message


def test_a_model_that_cannot_be_built_is_a_problem(monkeypatch, exercise_text) -> None:
    def refuse(fields, nudges, drafts):
        raise ValueError("no")

    monkeypatch.setattr("reconnect_tui.exercises.checks.exercise.build_exercise", refuse)
    loaded = load_text(exercise_text())
    assert loaded.exercise is None
    assert loaded.problems[0].message == "this exercise could not be put together (no)"


@pytest.mark.parametrize(
    ("roles", "problem"),
    [
        ('["first_speaker", "listener"]', None),
        ('["speaker-one", "listener"]', "role name 'speaker-one' should use only a-z and '_'"),
        ('["speaker", "speaker"]', "roles should name exactly two different roles"),
        ('["speaker"]', "roles should name exactly two different roles"),
    ],
)
def test_role_names_use_a_to_z_and_underscores(roles: str, problem: str | None) -> None:
    text = (
        f'format = 1\nid = "r"\ntitle = "T"\nsummary = "S"\nroles = {roles}\n'
        '[[steps]]\nid = "a"\nkind = "read"\ntext = "Over to {first_speaker}."\n'
    ).replace("{first_speaker}", "you" if problem else "{first_speaker}")
    loaded = load_text(text)
    assert [p.message for p in loaded.problems] == ([problem] if problem else [])


def test_a_library_is_loaded_again_only_when_a_file_changed(
    builtin: Path, write_exercise, tmp_path: Path
) -> None:
    write_exercise("builtin/a.toml", id="alpha", title="Alpha")
    mine = write_exercise("user/mine.toml", id="mine", title="Mine")
    first = load_library(user_dir=tmp_path / "user")
    assert first.reloaded() is first  # nothing changed: the very same library
    stat = mine.stat()
    write_exercise("user/mine.toml", id="mine", title="Mind")  # same size, same times
    os.utime(mine, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    changed = first.reloaded()
    assert changed is not first and changed.get("mine").exercise.title == "Mind"
    assert changed.reloaded() is changed
    write_exercise("user/new.toml", id="new", title="New")
    assert changed.reloaded().get("new") is not None
    mine.unlink()
    assert changed.reloaded().get("mine") is None


def test_a_library_made_in_memory_has_no_files_to_look_at() -> None:
    made = library.Library(entries=(), problems=())
    assert made.reloaded() is made


def test_a_title_longer_than_the_bound_is_an_error(exercise_text) -> None:
    fits = load_text(exercise_text(title="t" * MAX_TITLE))
    assert fits.exercise is not None
    long = load_text(exercise_text(title="t" * (MAX_TITLE + 1)))
    assert long.exercise is None
    assert f"it may be up to {MAX_TITLE}" in long.problems[0].message


def test_invisible_characters_are_named_error_in_ids_and_options_warning_in_prose(
    exercise_text,
) -> None:
    text = exercise_text(title="Hello\u200b there") + (
        '\n[[steps]]\nid = "pick"\nkind = "choice"\ntext = "Pick"\noptions = ["Yes\u200d", "No"]\n'
    )
    problems = {(p.severity, p.message) for p in load_text(text).problems}
    assert ("warning", "this text holds an invisible character (U+200B)") in problems
    assert ("error", "this text holds an invisible character (U+200D)") in problems
    loaded = load_text(exercise_text(id="zw\u2060id"))
    assert any(
        p.severity == "error"
        and p.message == "the exercise id holds an invisible character (U+2060)"
        for p in loaded.problems
    )


def test_a_loop_with_no_limit_is_one_error_not_one_per_step_it_cuts_off() -> None:
    loaded = load_file(BROKEN / "loop-cuts-off-steps.toml")
    assert [p.message for p in loaded.problems if p.severity == "error"] == [
        "going back to 'share' makes a loop with no way out, so no path leads on to 'thanks'"
        " or 'close'"
    ]


def test_the_duplicate_id_says_which_file_is_used(tmp_path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    good = 'format = 1\nid = "same"\ntitle = "T"\nsummary = "s"\n'
    good += '[[steps]]\nid = "a"\nkind = "read"\ntext = "A"\n'
    (folder / "a.toml").write_text(good)
    (folder / "b.toml").write_text(good)
    library = load_library(user_dir=folder)
    (problem,) = library.problems
    assert problem.hint.startswith("a.toml is used and this file is left out")


@pytest.mark.parametrize(
    ("step", "key", "message", "hint"),
    [
        ('kind = "read"', "text", "text is missing", 'add text = "…", what to take in'),
        ('kind = "read"\ntext = " "', "text", "text is empty", ""),
        (
            'kind = "compose"',
            "template",
            "template is missing",
            'add template = "I feel {feeling} when {situation}."',
        ),
        ('kind = "compose"\ntemplate = ""', "template", "template is empty", ""),
        (
            'kind = "choice"\n[[steps.groups]]\noptions = ["a", "b"]',
            "groups[0].label",
            "label is missing",
            'add label = "…", the heading for these options',
        ),
        (
            'kind = "choice"\n[[steps.groups]]\nlabel = " "\noptions = ["a", "b"]',
            "groups[0].label",
            "label is empty",
            "",
        ),
    ],
    ids=["read-text", "read-text-blank", "template", "template-blank", "label", "label-blank"],
)
def test_a_missing_text_says_what_to_add_and_an_empty_one_says_so(
    step: str, key: str, message: str, hint: str
) -> None:
    text = (
        'format = 1\nid = "hello"\ntitle = "Hello"\nsummary = "A first step."\n'
        f'depth = "light"\n\n[[steps]]\nid = "first"\n{step}\n'
    )
    problem = _the_problem(load_text(text).problems, message)
    assert (problem.key, problem.message, problem.hint) == (f"steps[0].{key}", message, hint)


@pytest.mark.parametrize(
    ("kind", "low", "high"),
    [
        ("text", "min_length", "max_length"),
        ("list", "min_items", "max_items"),
        ("scale", "min", "max"),
    ],
)
def test_range_checks_read_the_model_defaults(kind: str, low: str, high: str) -> None:
    """A bound left out is the model's default in the message: the checks keep no copy of it."""
    from reconnect_tui.exercises.model import STEP_CLASSES
    from tests.builders import exercise_text

    ceiling = attrs.fields_dict(STEP_CLASSES[kind])[high].default
    extra = '\nprompt = "Say it."' if kind != "scale" else '\nprompt = "How much?"'
    text = exercise_text().replace('kind = "read"\ntext = "Welcome."', f'kind = "{kind}"{extra}')
    loaded = load_text(text + f"{low} = {ceiling + 1}\n")
    messages = [problem.message for problem in loaded.problems]
    assert any(f"({ceiling})" in message for message in messages), messages
