"""The JSON Schema for editors and the key reference in ``docs/keys.md``, made from the key table.

Both are written from :mod:`reconnect_tui.exercises.checks.keys` (and the
model's defaults) and committed; a test fails when either differs from what
the table makes. After changing the table, write both again::

    python -m reconnect_tui.exercises.checks.schema --write

Without ``--write`` the schema is printed.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import attrs

from reconnect_tui.exercises.checks.keys import (
    EXERCISE,
    STEP,
    TABLES,
    Key,
    Table,
    every_key,
)
from reconnect_tui.exercises.model import (
    FORMAT_VERSION,
    ID_PATTERN,
    STEP_CLASSES,
    Branch,
    Exercise,
    Nudge,
    OptionGroup,
    Rhythm,
    Slot,
    Step,
)

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schema" / "exercise-v1.schema.json"
# In a checkout only: the installed package has no docs.
KEYS_DOC = Path(__file__).resolve().parents[3] / "docs" / "keys.md"
WRITE_COMMAND = "python -m reconnect_tui.exercises.checks.schema --write"

# Which model class holds each table's defaults (steps: by kind).
_MODELS: dict[str, type] = {
    "exercise": Exercise,
    "nudge": Nudge,
    "branch": Branch,
    "rhythm": Rhythm,
    "group": OptionGroup,
    "slot": Slot,
}
_JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}


# -- defaults, from the model ------------------------------------------------------
def default(table: Table, name: str, kind: str = "") -> object:
    """The model's default for key *name* of *table* (of *kind*); ``None`` when it has none.

    Empty values (``""``, ``()``) count as none: leaving the key out means "nothing".
    """
    if table is STEP:
        cls: type | None = STEP_CLASSES[kind] if kind else Step
    else:
        cls = _MODELS.get(table.name)
    fields = attrs.fields_dict(cls) if cls is not None else {}
    field = fields.get(name)
    if field is None or field.default is attrs.NOTHING:
        return None
    value = field.default
    if value in ("", ()):
        return None
    if type(value) is float and value.is_integer():
        return int(value)
    return value


def _any_kind_default(table: Table, name: str) -> object:
    """The default of key *name* of *table*, whichever kind has it (the same for each)."""
    if name in table.keys:
        return default(table, name)
    found = {
        repr(default(table, name, kind))
        for kind, entry in table.kinds.items()
        if name in entry.keys
    }
    if len(found) != 1:
        raise ValueError(f"{table.name} key {name!r} has different defaults by kind: {found}")
    kind = next(kind for kind, entry in table.kinds.items() if name in entry.keys)
    return default(table, name, kind)


# -- the JSON Schema ---------------------------------------------------------------
def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of an exercise file, from the key table."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": f"reconnect-tui exercise (format {FORMAT_VERSION})",
        **_object(EXERCISE),
        "definitions": {
            name: _object(table) for name, table in TABLES.items() if table is not EXERCISE
        },
    }


def schema_text() -> str:
    """The schema as it is committed: two-space JSON and a newline at the end."""
    return json.dumps(json_schema(), indent=2) + "\n"


def ecma(pattern: re.Pattern[str]) -> str:
    """*pattern* as JSON Schema writes it (ECMA 262): ``$``, not ``\\Z``, ends the text."""
    source = pattern.pattern
    if not (source.startswith("^") and source.endswith("\\Z")):
        raise ValueError(f"a key pattern should run from ^ to \\Z: {source!r}")
    return source[:-2] + "$"


def _object(table: Table) -> dict[str, Any]:
    keys = every_key(table)
    for name in keys:
        # One key, one meaning: a key more kinds have is the same Key in each.
        owners = [entry.keys[name] for entry in table.kinds.values() if name in entry.keys]
        if (name in table.keys and owners) or any(key != owners[0] for key in owners):
            raise ValueError(f"the kinds of {table.name} give {name!r} different meanings")
    result: dict[str, Any] = {
        "type": "object",
        "description": table.about,
        "additionalProperties": False,
    }
    required = [name for name, key in table.keys.items() if key.needed]
    if required:
        result["required"] = required
    result["properties"] = {
        name: _property(key, None if key.needed else _any_kind_default(table, name))
        for name, key in keys.items()
    }
    if table.one_of:
        result["oneOf"] = [{"required": [name]} for name in table.one_of]
    if table.kinds:
        result["allOf"] = [_kind_rule(table, kind) for kind in table.kinds]
    return result


def _kind_rule(table: Table, kind: str) -> dict[str, Any]:
    """What a step (or slot) of *kind* may and must hold."""
    entry = table.kinds[kind]
    then: dict[str, Any] = {"propertyNames": {"enum": [*table.keys, *entry.keys]}}
    needed = [*entry.needs, *(name for name, key in entry.keys.items() if key.needed)]
    if needed:
        then["required"] = needed
    if entry.one_of:
        then["oneOf"] = [{"required": [name]} for name in entry.one_of]
    return {
        "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
        "then": then,
    }


def _property(key: Key, value: object) -> dict[str, Any]:
    about = key.about
    if value is not None:
        about += f" Default: {_toml(value)}."
    result: dict[str, Any] = {"description": about, **_shape(key)}
    if value is not None:
        result["default"] = value
    return result


def _shape(key: Key) -> dict[str, Any]:
    """The JSON Schema words for what *key*'s value may be."""
    what = key.spec[0]
    if what in ("line", "text"):
        return _text(key)
    if what == "bool":
        return {"type": "boolean"}
    if what in ("int", "number"):
        low, high = key.spec[1], key.spec[2]
        if low is not None and low == high:
            return {"const": low}
        result: dict[str, Any] = {"type": "integer" if what == "int" else "number"}
        if low is not None:
            result["minimum"] = low
        if high is not None:
            result["maximum"] = high
        return result
    if what == "choice":
        return {"enum": list(key.spec[1])}
    if what in ("lines", "ids"):
        item = _text(key)
        if what == "ids" and key.pattern is None:
            item["pattern"] = ecma(ID_PATTERN)
        result = {"type": "array", "items": item}
        if key.filled:
            result["minItems"] = 1
        if key.size:
            result["minItems"] = result["maxItems"] = key.size
        if key.distinct:
            result["uniqueItems"] = True
        return result
    if what == "by_id":
        return {
            "type": "object",
            "propertyNames": {"pattern": ecma(ID_PATTERN)},
            "additionalProperties": {"type": "string"},
        }
    if what == "test":
        types = [_JSON_TYPES[t] for t in key.spec[1]]
        return {"type": types[0] if len(types) == 1 else types}
    ref = {"$ref": f"#/definitions/{key.spec[1]}"}
    if what == "table":
        return {"allOf": [ref]}  # beside a $ref, draft-07 ignores the description
    if what == "tables":
        result = {"type": "array", "items": ref}
        if key.filled:
            result["minItems"] = 1
        return result
    if what == "named":
        result = {"type": "object"}
        if key.pattern is not None:
            result["propertyNames"] = {"pattern": ecma(key.pattern)}
        result["additionalProperties"] = ref
        return result
    raise ValueError(f"no schema for a spec of {what!r}")


def _text(key: Key) -> dict[str, Any]:
    result: dict[str, Any] = {"type": "string"}
    if key.pattern is not None:
        result["pattern"] = ecma(key.pattern)
    elif key.filled:
        result["pattern"] = r"\S"  # not blank
    if key.reserved:
        result["not"] = {"enum": list(key.reserved)}
    if key.longest and key.spec[0] in ("line", "text"):
        result["maxLength"] = key.longest
    return result


def _toml(value: object) -> str:
    """*value* as it is written in a file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)


# -- the key reference ---------------------------------------------------------------
_TITLES = {
    "exercise": "The top of the file",
    "nudge": "Nudges",
    "step": "Steps",
    "slot": "Slots",
    "group": "Option groups",
    "branch": "Branches",
    "when": "Tests",
    "rhythm": "Rhythm",
}
_KIND_WORD = {"step": "steps", "slot": "slots"}
_TABLE_WORDS = {"table": "table", "tables": "list of tables", "named": "tables by name"}


def _anchor(title: str) -> str:
    return re.sub(r"[^a-z0-9 -]", "", title.lower()).replace(" ", "-")


def key_reference() -> str:
    """``docs/keys.md``: a table of keys for each table and kind, from the key table."""
    lines = [
        "<!-- Generated from reconnect_tui/exercises/checks/keys.py by",
        f"     {WRITE_COMMAND}",
        "     Do not edit by hand: tests/test_schema.py fails when this file differs. -->",
        "",
        "# Every key of an exercise file",
        "",
        "The one list of keys, made from the key table the program checks files with",
        "(`reconnect_tui/exercises/checks/keys.py`), as is the JSON Schema editors use.",
        "[Writing exercises](authoring.md) explains how they work together.",
        '"Needed" means the table is not complete without the key; a default is what',
        "leaving the key out means.",
        "",
        "To add a step key: add a `Key` to its kind's keys in `keys.py` (or to `STEP`'s",
        "for every kind) and the field, with its default, to the model's step class; give",
        "it meaning where the program reads it (and in `checks/kinds.py` when it must fit",
        f"with other keys); then run `{WRITE_COMMAND}`.",
        "",
    ]
    lines += [f"- [{_TITLES[name]}](#{_anchor(_TITLES[name])})" for name in TABLES]
    for name, table in TABLES.items():
        title = _TITLES[name]
        about = f"`{table.header}`: {table.about}" if table.header else table.about
        lines += ["", f"## {title}", "", about]
        if table.one_of:
            lines.append("Exactly one of " + _either(table.one_of) + ".")
        lines += ["", *_rows(table, table.keys, "")]
        for kind, entry in table.kinds.items():
            lines += ["", f"### {kind} {_KIND_WORD[name]}", "", entry.about]
            if entry.needs:
                lines.append(_either(entry.needs, "and") + " is needed.")
            if entry.one_of:
                lines.append("Exactly one of " + _either(entry.one_of) + ".")
            if entry.keys:
                lines += ["", *_rows(table, entry.keys, kind)]
            else:
                lines += [
                    "",
                    "No keys of its own beyond the ones above.",
                ]
    return "\n".join(lines) + "\n"


def _either(names: tuple[str, ...], word: str = "or") -> str:
    quoted = [f"`{name}`" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" {word} " + quoted[-1]


def _rows(table: Table, keys: dict[str, Key], kind: str) -> list[str]:
    rows = ["| Key | Type | Default | What it means |", "|---|---|---|---|"]
    for name, key in keys.items():
        value = default(table, name, kind)
        default_words = "needed" if key.needed else "" if value is None else f"`{_toml(value)}`"
        cells = (f"`{name}`", _type_words(key), default_words, key.about)
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return rows


def _type_words(key: Key) -> str:
    what = key.spec[0]
    if what == "line":
        return "id" if key.pattern is ID_PATTERN else "text, one line"
    if what == "text":
        return "text"
    if what == "bool":
        return "true or false"
    if what in ("int", "number"):
        low, high = key.spec[1], key.spec[2]
        noun = "whole number" if what == "int" else "number"
        if low is not None and low == high:
            return f"`{low}`"
        if low is not None and high is not None:
            return f"{noun}, {low} to {high}"
        return f"{noun}, at least {low}" if low is not None else noun
    if what == "choice":
        return _either(tuple(json.dumps(word) for word in key.spec[1]))
    if what == "lines":
        return "list of texts"
    if what == "ids":
        return "list of ids"
    if what == "by_id":
        return "table of texts by step id"
    if what == "test":
        return str(key.spec[2]).removeprefix("a ")
    title = _TITLES[key.spec[1]]
    return f"{_TABLE_WORDS[what]}: [{title.lower()}](#{_anchor(title)})"


def main(argv: list[str]) -> int:
    if argv == ["--write"]:
        SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
        KEYS_DOC.write_text(key_reference(), encoding="utf-8")
        print(f"wrote {SCHEMA_FILE}\nwrote {KEYS_DOC}")
        return 0
    if argv:
        print(f"usage: {WRITE_COMMAND}  (without --write: print the schema)", file=sys.stderr)
        return 2
    sys.stdout.write(schema_text())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
