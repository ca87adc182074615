"""The JSON Schema and docs/keys.md are made from the key table, and say what the checks say."""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from jsonschema.exceptions import ValidationError

from reconnect_tui.exercises.checks import keys, schema
from reconnect_tui.exercises.checks.exercise import read_exercise
from reconnect_tui.exercises.checks.values import Reader
from reconnect_tui.exercises.model import CONDITION_OPS, SLOT_KINDS, STEP_CLASSES, STEP_KINDS, Step

BROKEN = Path(__file__).parent / "broken"


def _ecma_pattern(validator, pattern: str, instance: object, _schema: dict) -> Iterator:
    """``pattern`` as editors read it (ECMA 262): ``$`` ends the text, newline or not.

    Python's ``re`` lets ``$`` match before a last newline, so jsonschema would
    pass "feeling\\n" where Taplo and VS Code do not.
    """
    if validator.is_type(instance, "string") and not re.search(
        pattern.removesuffix("$") + r"\Z" if pattern.endswith("$") else pattern, instance
    ):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


EditorValidator = jsonschema.validators.extend(
    jsonschema.Draft7Validator, {"pattern": _ecma_pattern}
)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    jsonschema.Draft7Validator.check_schema(schema.json_schema())
    return EditorValidator(schema.json_schema())


# -- the committed files are what the table makes ---------------------------------------
def test_the_committed_schema_is_what_the_key_table_makes() -> None:
    assert schema.SCHEMA_FILE.read_text(encoding="utf-8") == schema.schema_text(), (
        f"the key table changed: run `{schema.WRITE_COMMAND}` and commit the result"
    )


def test_docs_keys_md_is_what_the_key_table_makes() -> None:
    assert schema.KEYS_DOC.read_text(encoding="utf-8") == schema.key_reference(), (
        f"the key table changed: run `{schema.WRITE_COMMAND}` and commit the result"
    )


def test_write_writes_both_files(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(schema, "SCHEMA_FILE", tmp_path / "schema.json")
    monkeypatch.setattr(schema, "KEYS_DOC", tmp_path / "keys.md")
    assert schema.main(["--write"]) == 0
    assert (tmp_path / "schema.json").read_text(encoding="utf-8") == schema.schema_text()
    assert (tmp_path / "keys.md").read_text(encoding="utf-8") == schema.key_reference()
    assert schema.main([]) == 0
    assert capsys.readouterr().out.endswith(schema.schema_text())
    assert schema.main(["--bogus"]) == 2


def test_the_authoring_guide_points_to_the_one_list_of_keys() -> None:
    guide = (schema.KEYS_DOC.parent / "authoring.md").read_text(encoding="utf-8")
    links = set(re.findall(r"\]\(keys\.md#([a-z0-9-]+)\)", guide))
    anchors = {
        re.sub(r"[^a-z0-9 -]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
        for line in schema.key_reference().splitlines()
        if line.startswith("#")
    }
    assert links and links <= anchors
    # Tables of keys are generated; the guide keeps none of its own.
    assert "| Key |" not in guide
    assert "](authoring.md)" in schema.key_reference()


# -- the table agrees with the model ----------------------------------------------------
def test_the_table_knows_every_kind_and_test_the_model_has() -> None:
    assert tuple(keys.STEP.kinds) == STEP_KINDS
    assert tuple(keys.SLOT.kinds) == SLOT_KINDS
    assert keys.WHEN.one_of == CONDITION_OPS
    assert set(keys.WHEN.keys) == {"step", "match", *CONDITION_OPS}


@pytest.mark.parametrize("kind", STEP_KINDS)
def test_each_step_key_is_a_field_of_its_model_class(kind: str) -> None:
    # options and groups are both kept as groups; kind is the class itself.
    fields = set(attrs.fields_dict(STEP_CLASSES[kind])) - {"kind"}
    table = {"groups" if name == "options" else name for name in keys.STEP_SPECS[kind]} - {"kind"}
    assert table == fields
    assert set(keys.STEP.keys) - {"kind"} == set(attrs.fields_dict(Step)) - {"kind"}


# -- the schema and the checks say the same of each key -----------------------------------
# One of each table and each kind of step and slot, valid as it is.
SAMPLE: dict[str, Any] = {
    "format": 1, "id": "sample", "title": "T", "summary": "S", "roles": ["speaker", "listener"],
    "nudges": [{"id": "blame", "phrases": ["you always"], "message": "M"}],
    "steps": [
        {"id": "r", "kind": "read", "text": "Hi"},
        {"id": "p", "kind": "pause", "rhythm": {"inhale": 4, "exhale": 6}},
        {"id": "t", "kind": "text"},
        {"id": "c", "kind": "choice", "groups": [{"label": "L", "options": ["a", "b"]}]},
        {"id": "s", "kind": "scale",
         "branches": [{"when": {"step": "s", "below": 3}, "goto": "s", "limit": 2}]},
        {"id": "l", "kind": "list", "who": "each"},
        {"id": "m", "kind": "compose", "template": "I {f} {g}.",
         "slots": {"f": {"kind": "choice", "options": ["x"]}, "g": {"kind": "text"}}},
        {"id": "k", "kind": "compare", "step": "l"},
        {"id": "z", "kind": "summary"},
        {"id": "w", "kind": "later", "come_back": "in 3 days", "other_times": ["tomorrow"]},
        {"id": "o", "kind": "choice", "options_from": "l", "options_of": "partner"},
    ],
}  # fmt: skip


def _places() -> list[tuple[str, keys.Table, str, tuple]]:
    """Each table in SAMPLE: (its name for the test id, its table, its kind, its path)."""
    places = [("exercise", keys.EXERCISE, "", ()), ("nudge", keys.NUDGE, "", ("nudges", 0))]
    for position, step in enumerate(SAMPLE["steps"]):
        places.append((f"{step['kind']} step", keys.STEP, step["kind"], ("steps", position)))
    places += [
        ("group", keys.GROUP, "", ("steps", 3, "groups", 0)),
        ("branch", keys.BRANCH, "", ("steps", 4, "branches", 0)),
        ("when", keys.WHEN, "", ("steps", 4, "branches", 0, "when")),
        ("rhythm", keys.RHYTHM, "", ("steps", 1, "rhythm")),
        ("choice slot", keys.SLOT, "choice", ("steps", 6, "slots", "f")),
        ("text slot", keys.SLOT, "text", ("steps", 6, "slots", "g")),
    ]
    return places


def _at(data: dict, path: tuple) -> dict:
    for part in path:
        data = data[part]
    return data


def _both_refuse(validator, data: dict, change: str) -> None:
    reader = Reader("sample.toml")
    read_exercise(reader, copy.deepcopy(data))
    assert [p for p in reader.problems if p.severity == "error"], f"the checks pass {change}"
    assert list(validator.iter_errors(data)), f"the schema passes {change}"


def test_the_sample_passes_both(validator) -> None:
    reader = Reader("sample.toml")
    assert read_exercise(reader, copy.deepcopy(SAMPLE)) is not None, reader.problems
    assert list(validator.iter_errors(SAMPLE)) == []


def _wrong_values(key: keys.Key) -> list[object]:
    """Values of *key*'s kind that the table does not allow."""
    what = key.spec[0]
    wrong: list[object] = [3] if what in ("lines", "ids", "table", "tables", "named") else [[3]]
    if what in ("int", "number"):
        low, high = key.spec[1], key.spec[2]
        wrong += [low - 1] if low is not None else []
        wrong += [high + 1] if high is not None else []
    if what == "choice":
        wrong.append("none-of-these")
    if key.pattern is not None and what in ("line", "lines", "ids", "named"):
        bad = "Not valid!"
        wrong.append(
            {bad: {"kind": "text"}} if what == "named" else [bad] if what != "line" else bad
        )
    if key.reserved:
        wrong.append([key.reserved[0], "listener"])
    if key.filled:
        wrong.append(" " if what in ("line", "text") else [])
    return wrong


@pytest.mark.parametrize(
    ("table", "kind", "path"), [p[1:] for p in _places()], ids=[p[0] for p in _places()]
)
def test_the_schema_refuses_what_the_checks_refuse(validator, table, kind, path) -> None:
    entry = table.kinds.get(kind)
    allowed = {**table.keys, **(entry.keys if entry else {})}
    needed = [n for n, k in allowed.items() if k.needed] + list(entry.needs if entry else ())
    for missing in needed:
        data = copy.deepcopy(SAMPLE)
        del _at(data, path)[missing]
        _both_refuse(validator, data, f"no {missing}")
    for key_name, key in allowed.items():
        for value in _wrong_values(key):
            data = copy.deepcopy(SAMPLE)
            _at(data, path)[key_name] = value
            _both_refuse(validator, data, f"{key_name} = {value!r}")
    others = set(keys.every_key(table)) - set(allowed) or {"colour"}
    for other in sorted(others):
        data = copy.deepcopy(SAMPLE)
        _at(data, path)[other] = copy.deepcopy(_at(SAMPLE, path).get("id", "x"))
        _both_refuse(validator, data, f"a key {other}")
    for one_of in (table.one_of, entry.one_of if entry else ()):
        if one_of:
            data = copy.deepcopy(SAMPLE)
            for option in one_of:
                _at(data, path).pop(option, None)
            _both_refuse(validator, data, f"none of {one_of}")


# Broken files whose mistake is in how steps fit together, or in a rule a JSON Schema
# cannot say: the checks find these; the schema cannot.
NOT_SHAPE = {
    "answer-from-later-step": "a placeholder naming a later step",
    "choice-option-typo-in-when": "a when naming an option the step does not have",
    "compare-non-list": "compare pointing at a step of the wrong kind",
    "compare-not-each": "compare pointing at a step that is not who = each",
    "duplicate-nudge-id": "two nudges with one id",
    "duplicate-option": "options equal without regard to case",
    "duplicate-step-id": "two steps with one id",
    "goto-missing-step": "a goto naming no step",
    "includes-on-scale": "a test that does not fit the kind of step it looks at",
    "loop-without-limit": "a branch going back without a limit",
    "pause-min-over-length": "min_seconds longer than seconds",
    "pause-seconds-nan": "nan, which JSON cannot hold",
    "scale-range": "max not more than min",
    "slot-not-in-template": "a slot the template does not use",
    "summary-unknown-step": "a summary naming no step",
    "swap-without-roles": "swap_roles without roles",
    "syntax-error": "not TOML at all",
    "unclosed-quote": "not TOML at all",
    "inline-table-split": "not TOML at all",
    "loop-cuts-off-steps": "a branch going back without a limit",
    "text-min-over-max": "min_length more than max_length",
    "scale-max-unset": "min above the max it leaves to its default",
    "template-unknown-slot": "a template marker without a slot",
    "too-many-picks": "more picks needed than there are options",
    "unknown-nudge": "a step naming no nudge",
    "unknown-placeholder": "a placeholder that is not one",
    "unreachable-step": "a step no path leads to",
    "when-later-step": "a when looking at a later step",
    "who-misspelt": "who naming neither both, each nor a role",
    "who-without-roles": "who naming a role without roles",
}
SHAPE = sorted(path.stem for path in BROKEN.glob("*.toml") if path.stem not in NOT_SHAPE)


NOT_TOML = {"syntax-error", "unclosed-quote", "inline-table-split"}


@pytest.mark.parametrize("name", sorted(set(NOT_SHAPE) - NOT_TOML))
def test_the_schema_passes_what_only_the_checks_can_see(validator, name: str) -> None:
    # If the schema learns to refuse one of these, move it out of NOT_SHAPE.
    data = tomllib.loads((BROKEN / f"{name}.toml").read_text(encoding="utf-8"))
    assert [error.message for error in validator.iter_errors(data)] == []


@pytest.mark.parametrize("name", SHAPE)
def test_the_schema_refuses_each_broken_file_with_a_shape_error(validator, name: str) -> None:
    data = tomllib.loads((BROKEN / f"{name}.toml").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(data))
