"""Which keys each table of an exercise file may hold, and how each value is checked.

A spec is a small tuple: its first item says what kind of value the key
takes (see :meth:`reconnect_tui.exercises.checks.values.Reader.plain`); SPECIAL keys
(tables, lists of tables, options) are read by their own code.
"""

from __future__ import annotations

import re
from typing import Any, TypeAlias

from reconnect_tui.exercises.model import CONDITION_OPS, MODES, SLOT_KINDS

TOP_KEYS = (
    "format",
    "id",
    "title",
    "summary",
    "tags",
    "minutes",
    "depth",
    "audience",
    "revision",
    "roles",
    "nudges",
    "steps",
)
TOP_KEY_SET = frozenset(TOP_KEYS)
NUDGE_KEYS = frozenset(("id", "phrases", "message"))
Spec: TypeAlias = tuple[Any, ...]
"""How a key's value is checked: its kind ("int", "line", ...), then bounds or choices."""
LINE, TEXT, BOOL, LINES, IDS, SPECIAL = ("line",), ("text",), ("bool",), ("lines",), ("ids",), ()
COMMON_SPECS: dict[str, Spec] = {
    "id": LINE, "kind": SPECIAL, "text": TEXT, "solo_text": TEXT, "title": LINE, "who": LINE,
    "only": ("choice", MODES), "private": BOOL, "min_seconds": ("number", 0, 3600),
    "optional": BOOL, "nudges": IDS, "branches": SPECIAL,
}  # fmt: skip
KIND_SPECS: dict[str, dict[str, Spec]] = {
    "read": {},
    "pause": {"seconds": ("number", 1, 3600), "rhythm": SPECIAL},
    "text": {"multiline": BOOL, "placeholder": LINE, "min_length": ("int", 0, 100_000),
             "max_length": ("int", 1, 100_000)},
    "choice": {"options": SPECIAL, "groups": SPECIAL, "multiple": BOOL, "other": BOOL,
               "min_picks": ("int", 0, None), "max_picks": ("int", 1, None)},
    "scale": {"min": ("int", -1000, 1000), "max": ("int", -1000, 1000), "min_label": LINE,
              "max_label": LINE, "default": ("int", None, None)},
    "list": {"placeholder": LINE, "min_items": ("int", 0, 100), "max_items": ("int", 1, 100),
             "item_max_length": ("int", 1, 10_000)},
    "compose": {"template": TEXT, "slots": SPECIAL},
    "compare": {"step": LINE, "both_label": LINE, "only_label": LINE},
    "summary": {"steps": IDS},
}  # fmt: skip
STEP_SPECS = {kind: {**COMMON_SPECS, **specs} for kind, specs in KIND_SPECS.items()}
ALL_STEP_SPECS = {name: spec for specs in STEP_SPECS.values() for name, spec in specs.items()}
STEP_KEYS = tuple(COMMON_SPECS)
KIND_KEYS = {kind: tuple(specs) for kind, specs in KIND_SPECS.items()}
ALL_STEP_KEYS = frozenset(ALL_STEP_SPECS)
SLOT_SPECS: dict[str, Spec] = {
    "kind": ("choice", SLOT_KINDS), "prompt": LINE, "options": SPECIAL, "groups": SPECIAL,
    "other": BOOL, "placeholder": LINE, "optional": BOOL, "max_length": ("int", 1, 10_000),
}  # fmt: skip
GROUP_SPECS: dict[str, Spec] = {"label": LINE, "options": LINES}
BRANCH_KEYS = frozenset(("when", "goto", "limit", "swap_roles"))
WHEN_KEYS = frozenset(("step", *CONDITION_OPS))
RHYTHM_KEYS = frozenset(("inhale", "exhale", "hold_in", "hold_out"))
# Names a role may not take: they mean something else in `who` or placeholders.
RESERVED_ROLES = ("both", "each", "name", "partner", "answer", "partner_answer")
# \Z, not $: "$" would let a name end in a newline.
ROLE_PATTERN = re.compile(r"^[a-z][a-z_]{0,31}\Z")
SLOT_PATTERN = re.compile(r"^[a-z_][a-z0-9_]{0,31}\Z")
# Braces in text: a literal {{ or }}, or a {placeholder} (whatever is inside).
BRACES = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")
# A placeholder that shows an earlier answer: {answer.STEP} or {partner_answer.STEP}.
STEP_REFERENCE = re.compile(r"^(answer|partner_answer)\.([a-z0-9-]+)\Z")
# What each test in a `when` compares with: accepted types, and how to say so.
OP_TYPES = {
    "below": ((int,), "a whole number"),
    "at_least": ((int,), "a whole number"),
    "is": ((str, int), "text or a whole number"),
    "includes": ((str,), "text"),
    "answered": ((bool,), "true or false"),
}
# Which kinds of step each test can look at (`answered` fits every kind).
OP_KINDS = {
    "below": ("scale",),
    "at_least": ("scale",),
    "includes": ("choice", "list"),
    "is": ("choice", "scale", "text"),
}

_TYPE_NAMES = {
    str: "text",
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    list: "a list",
    dict: "a table",
}


def describe(value: object) -> str:
    """What kind of TOML value *value* is, in words."""
    return _TYPE_NAMES.get(type(value), "a date or time")


def shown(text: str) -> str:
    """*text* with what a terminal would not show plainly escaped: ``b\\u202e``."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def join(key: str, name: str | int) -> str:
    """The key path of *name* inside *key*: ``steps`` + 3 -> ``steps[3]``."""
    if isinstance(name, int):
        return f"{key}[{name}]"
    return f"{key}.{name}" if key else name
