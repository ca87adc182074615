"""Load exercise files into the model, and gather them into a library.

A file yields either an :class:`~reconnect_tui.model.Exercise` or every
problem found in it (see :mod:`reconnect_tui.problems`); warnings may come
with either. Reading and parsing are guarded by :mod:`reconnect_tui.tomlguard`.
The checks on the data are made by :class:`_Reader` in two passes: each step
on its own, then what ties the steps together (ids, references, flow).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

import reconnect_tui
from reconnect_tui import tomlguard
from reconnect_tui.model import (
    AUDIENCES,
    CONDITION_OPS,
    DEPTHS,
    FORMAT_VERSION,
    ID_PATTERN,
    MODES,
    SLOT_KINDS,
    STEP_CLASSES,
    STEP_KINDS,
    WHO_SHARED,
    Branch,
    Condition,
    Exercise,
    Nudge,
    OptionGroup,
    Rhythm,
    Slot,
)
from reconnect_tui.problems import Problem, did_you_mean, locate
from reconnect_tui.safetext import clean

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
NUDGE_KEYS = ("id", "phrases", "message")
# How each plain step value is checked (see _Reader.plain); SPECIAL values
# (tables, lists of tables, options) have their own readers.
LINE, TEXT, BOOL, LINES, IDS, SPECIAL = ("line",), ("text",), ("bool",), ("lines",), ("ids",), ()
COMMON_SPECS: dict[str, tuple] = {
    "id": LINE, "kind": SPECIAL, "text": TEXT, "solo_text": TEXT, "title": LINE, "who": LINE,
    "only": ("choice", MODES), "private": BOOL, "min_seconds": ("number", 0, 3600),
    "optional": BOOL, "nudges": IDS, "branches": SPECIAL,
}  # fmt: skip
KIND_SPECS: dict[str, dict[str, tuple]] = {
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
SLOT_SPECS: dict[str, tuple] = {
    "kind": ("choice", SLOT_KINDS), "prompt": LINE, "options": SPECIAL, "groups": SPECIAL,
    "other": BOOL, "placeholder": LINE, "optional": BOOL, "max_length": ("int", 1, 10_000),
}  # fmt: skip
GROUP_SPECS: dict[str, tuple] = {"label": LINE, "options": LINES}
BRANCH_KEYS = ("when", "goto", "limit", "swap_roles")
RHYTHM_KEYS = ("inhale", "exhale", "hold_in", "hold_out")
# Names a role may not take: they mean something else in `who` or placeholders.
RESERVED_ROLES = ("both", "each", "name", "partner", "answer", "partner_answer")
ROLE_PATTERN = re.compile(r"^[a-z][a-z_]{0,31}$")
SLOT_PATTERN = re.compile(r"^[a-z_][a-z0-9_]{0,31}$")
# Characters that make clean() change a string; most strings have none, and
# then clean() need not run at all.
_UNCLEAN_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb\ufeff]"
)
_UNCLEAN_TEXT = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb\ufeff]"
)
# Braces in text: a literal {{ or }}, or a {placeholder} (whatever is inside).
_BRACES = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")
_STEP_REFERENCE = re.compile(r"^(answer|partner_answer)\.([a-z0-9-]+)$")
# What each test in a `when` compares with: accepted types, and how to say so.
_OP_TYPES = {
    "below": ((int,), "a whole number"),
    "at_least": ((int,), "a whole number"),
    "is": ((str, int), "text or a whole number"),
    "includes": ((str,), "text"),
    "answered": ((bool,), "true or false"),
}
_BAD = object()  # marks a value that was wrong (and reported)
_TYPE_NAMES = {
    str: "text",
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    list: "a list",
    dict: "a table",
}


def _describe(value: object) -> str:
    return _TYPE_NAMES.get(type(value), "a date or time")


def _join(key: str, name: str | int) -> str:
    if isinstance(name, int):
        return f"{key}[{name}]"
    return f"{key}.{name}" if key else name


class _Draft:
    """One step as read, before what ties steps together is checked.

    ``fields`` holds only the keys the file sets (the model has the defaults);
    ``texts`` the texts with braces, whose placeholders are checked later.
    """

    __slots__ = ("branches", "fields", "id", "key", "kind", "texts")

    def __init__(self, key: str, kind: str) -> None:
        self.key = key
        self.id = ""
        self.kind = kind
        self.fields: dict[str, Any] = {}
        self.branches: list[tuple[str, dict[str, Any]]] = []
        self.texts: list[tuple[str, str]] = []


class _Reader:
    """Walks one file's TOML data, collecting problems and the model's values."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.problems: list[Problem] = []

    # -- recording -----------------------------------------------------------
    def error(self, key: str, message: str, hint: str = "", severity: str = "error") -> None:
        self.problems.append(
            Problem(path=self.shown, message=message, key=key, hint=hint, severity=severity)
        )

    def table(self, value: object, key: str, allowed: Sequence[str], what: str) -> dict | None:
        """*value* when it is a table with only *allowed* keys (unknown keys are reported)."""
        if not isinstance(value, dict):
            self.error(key, f"{what} should be a table, not {_describe(value)}")
            return None
        for name in value:
            if name not in allowed:
                self._unknown_key(key, name, allowed, what)
        return value

    def _unknown_key(self, key: str, name: str, allowed: Sequence[str], what: str) -> None:
        owners = [kind for kind, names in KIND_KEYS.items() if name in names]
        if owners and what.endswith(" step"):
            hint = f"'{name}' belongs to {' and '.join(owners)} steps"
        else:
            hint = did_you_mean(name, allowed)
        self.error(_join(key, name), f"unknown key '{name}' in {what}", hint)

    def clean(self, value: str, key: str, multiline: bool) -> str:
        """*value* through safetext.clean; a warning when more than layout changed."""
        if not (_UNCLEAN_TEXT if multiline else _UNCLEAN_LINE).search(value):
            return value
        cleaned = clean(value, multiline=multiline)
        layout = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
        if not multiline:
            layout = layout.replace("\n", " ")
        if cleaned != layout:
            self.error(
                key,
                "control characters or terminal escape codes were removed from this text",
                "they can change how a terminal shows things; the rest of the text is kept",
                severity="warning",
            )
        return cleaned

    # -- typed values --------------------------------------------------------
    def plain(self, spec: tuple, value: object, key: str, name: str) -> Any:
        """*value* checked against *spec* and cleaned; ``_BAD`` (reported) when it is wrong."""
        what = spec[0]
        if what == "line" or what == "text":
            if type(value) is not str:
                return self._wrong(value, key, name, "text")
            if (_UNCLEAN_TEXT if what == "text" else _UNCLEAN_LINE).search(value):
                value = self.clean(value, _join(key, name), what == "text")
            return value
        if what == "bool":
            return value if type(value) is bool else self._wrong(value, key, name, "true or false")
        if what == "int" or what == "number":
            if type(value) is not int and (what == "int" or type(value) is not float):
                expected = "a whole number" if what == "int" else "a number"
                return self._wrong(value, key, name, expected)
            low, high = spec[1], spec[2]
            if (low is not None and value < low) or (high is not None and value > high):
                wanted = f"at least {low}" if high is None else f"between {low} and {high}"
                self.error(_join(key, name), f"{name} should be {wanted} (it is {value})")
                return _BAD
            return float(value) if what == "number" else value
        if what == "choice":
            if type(value) is not str:
                return self._wrong(value, key, name, "text")
            if value not in spec[1]:
                hint = did_you_mean(value, spec[1]) or "it can be " + ", ".join(spec[1])
                self.error(_join(key, name), f"{name} '{value}' is not one of the choices", hint)
                return _BAD
            return value
        # "lines" or "ids": a list of one-line texts.
        if type(value) is not list:
            return self._wrong(value, key, name, "a list of texts")
        items = []
        for position, item in enumerate(value):
            if type(item) is not str:
                self.error(
                    _join(_join(key, name), position),
                    f"each item of {name} should be text, not {_describe(item)}",
                )
                continue
            if _UNCLEAN_LINE.search(item):
                item = self.clean(item, _join(_join(key, name), position), False)
            if what == "ids" and not ID_PATTERN.match(item):
                self.check_id(item, _join(_join(key, name), position), "an id")
            items.append(item)
        return tuple(items)

    def _wrong(self, value: object, key: str, name: str, expected: str) -> object:
        hint = ""
        if isinstance(value, str) and value.strip().lstrip("-").isdigit() and "number" in expected:
            hint = f"leave out the quotes: {name} = {value.strip()}"
        elif value in ("true", "false") and expected == "true or false":
            hint = f"leave out the quotes: {name} = {value}"
        self.error(_join(key, name), f"{name} should be {expected}, not {_describe(value)}", hint)
        return _BAD

    def present(self, table: dict, key: str, specs: dict[str, tuple], what: str) -> dict:
        """The plain values *table* sets, checked by *specs*; unknown keys are reported.

        Only the keys that are there are looked at: the model has the defaults.
        SPECIAL keys are left for the caller.
        """
        fields: dict[str, Any] = {}
        for name, value in table.items():
            spec = specs.get(name)
            if spec is None:
                self._unknown_key(key, name, tuple(specs), what)
            elif spec is LINE and type(value) is str and not _UNCLEAN_LINE.search(value):
                fields[name] = value  # the common case, without a call
            elif spec is TEXT and type(value) is str and not _UNCLEAN_TEXT.search(value):
                fields[name] = value
            elif spec:
                value = self.plain(spec, value, key, name)
                if value is not _BAD:
                    fields[name] = value
        return fields

    def get(self, table: dict, key: str, name: str, spec: tuple, default: Any = None,
            *, required: bool = False) -> Any:
        """``table[name]`` checked against *spec*; *default* when absent or wrong."""
        value = table.get(name)
        if value is None:
            if required:
                self.error(_join(key, name), f"{name} is missing", f'add {name} = "…"')
            return default
        value = self.plain(spec, value, key, name)
        if value is _BAD:
            return default
        if required and not value.strip():
            self.error(_join(key, name), f"{name} is empty")
        return value

    def text(self, table: dict, key: str, name: str, *, required: bool = False,
             multiline: bool = False, default: str = "") -> str:
        return self.get(table, key, name, TEXT if multiline else LINE, default, required=required)

    def integer(self, table: dict, key: str, name: str, default: int | None,
                low: int | None = None, high: int | None = None) -> int | None:
        return self.get(table, key, name, ("int", low, high), default)

    def number(self, table: dict, key: str, name: str, default: float, low: float,
               high: float) -> float:
        return self.get(table, key, name, ("number", low, high), default)

    def flag(self, table: dict, key: str, name: str) -> bool:
        return self.get(table, key, name, BOOL, False)

    def texts(self, table: dict, key: str, name: str) -> tuple[str, ...] | None:
        """A list of one-line texts; ``None`` when absent or not a list."""
        return self.get(table, key, name, LINES)

    def ids(self, table: dict, key: str, name: str) -> tuple[str, ...] | None:
        return self.get(table, key, name, IDS)

    def choose(self, table: dict, key: str, name: str, choices: tuple[str, ...],
               default: str | None) -> str | None:
        return self.get(table, key, name, ("choice", choices), default)

    def check_id(self, value: str, key: str, what: str = "id") -> bool:
        if ID_PATTERN.match(value):
            return True
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:64]
        hint = f"for example '{suggestion}'" if suggestion and ID_PATTERN.match(suggestion) else ""
        self.error(key, f"{what} '{value}' should use only a-z, 0-9 and '-' (up to 64)", hint)
        return False

    # -- the exercise --------------------------------------------------------
    def exercise(self, data: dict) -> Exercise | None:
        self.table(data, "", TOP_KEYS, "the exercise")
        fmt = data.get("format")
        if fmt is None:
            self.error("", "format is missing", "add format = 1 at the top of the file")
        elif type(fmt) is not int or fmt != FORMAT_VERSION:
            self.error(
                "format",
                f"format should be {FORMAT_VERSION} (it is {fmt!r})",
                "this version of reconnect reads format 1 files",
            )
        fields: dict[str, Any] = {}
        if "id" not in data:
            self.error("id", "id is missing", 'add id = "my-exercise" at the top')
        exercise_id = self.text(data, "", "id")
        if exercise_id:
            self.check_id(exercise_id, "id", "the exercise id")
        fields["id"] = exercise_id
        fields["title"] = self.text(data, "", "title", required=True)
        fields["summary"] = self.text(data, "", "summary", required=True, multiline=True)
        fields["tags"] = self.texts(data, "", "tags") or ()
        fields["minutes"] = self.integer(data, "", "minutes", 5, 1, 240)
        fields["depth"] = self.choose(data, "", "depth", DEPTHS, "light")
        fields["audience"] = self.choose(data, "", "audience", AUDIENCES, "either")
        fields["revision"] = self.integer(data, "", "revision", 1, 1)
        fields["roles"] = self.roles(data)
        fields["nudges"] = self.nudges(data.get("nudges"))
        drafts = self.steps(data.get("steps"), fields["roles"])
        if drafts:
            self.connections(drafts, fields["roles"], {n.id for n in fields["nudges"]})
        if any(p.severity == "error" for p in self.problems):
            return None
        try:
            return Exercise(steps=[_build_step(draft) for draft in drafts], **fields)
        except (TypeError, ValueError) as error:  # the model's own last guard
            self.error("", f"this exercise could not be put together ({error})")
            return None

    def roles(self, data: dict) -> tuple[str, ...]:
        roles = self.ids(data, "", "roles")
        if roles is None:
            return ()
        if len(roles) != 2 or roles[0] == roles[1]:
            self.error(
                "roles",
                "roles should name exactly two different roles",
                'for example roles = ["speaker", "listener"]',
            )
        for position, role in enumerate(roles):
            if role in RESERVED_ROLES:
                self.error(
                    _join("roles", position),
                    f"'{role}' cannot be a role name",
                    "it already means something in who or in {placeholders}",
                )
            elif ID_PATTERN.match(role) and not ROLE_PATTERN.match(role):
                self.error(
                    _join("roles", position),
                    f"role name '{role}' should use only a-z and '_'",
                    "role names are also used as {placeholders}",
                )
        return roles

    def nudges(self, value: object) -> tuple[Nudge, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error(
                "nudges",
                f"nudges should be a list of [[nudges]] tables, not {_describe(value)}",
                "write [[nudges]] (two brackets) above each one",
            )
            return ()
        nudges, seen = [], set()
        for position, raw in enumerate(value):
            key = _join("nudges", position)
            table = self.table(raw, key, NUDGE_KEYS, "a nudge")
            if table is None:
                continue
            if "id" not in table:
                self.error(key, "this nudge has no id", 'add id = "…"')
            nudge_id = self.text(table, key, "id")
            usable = bool(nudge_id) and self.check_id(nudge_id, _join(key, "id"), "the nudge id")
            if usable:
                if nudge_id in seen:
                    self.error(
                        _join(key, "id"),
                        f"the nudge id '{nudge_id}' is used twice",
                        "give each nudge its own id",
                    )
                seen.add(nudge_id)
            phrases = self.texts(table, key, "phrases")
            if not phrases:
                self.error(
                    _join(key, "phrases"),
                    "this nudge has no phrases",
                    'add phrases = ["…"], the words that bring it up',
                )
            elif not all(p.strip() for p in phrases):
                self.error(_join(key, "phrases"), "a phrase is empty")
            message = self.text(table, key, "message", required=True, multiline=True)
            if usable:  # without a usable id the file has an error, and no exercise is built
                nudges.append(Nudge(id=nudge_id, phrases=phrases or (), message=message))
        return tuple(nudges)

    def steps(self, value: object, roles: tuple[str, ...]) -> list[_Draft]:
        if value is None:
            self.error("", "this exercise has no steps", 'add a [[steps]] table with kind = "read"')
            return []
        if not isinstance(value, list) or not value:
            self.error(
                "steps",
                "steps should be a list of [[steps]] tables",
                "write [[steps]] (two brackets) above each step",
            )
            return []
        drafts = []
        for position, raw in enumerate(value):
            key = _join("steps", position)
            if not isinstance(raw, dict):
                self.error(key, f"each step should be a table, not {_describe(raw)}")
                continue
            draft = self.step(raw, key)
            if draft is not None:
                drafts.append(draft)
        return drafts

    def step(self, table: dict, key: str) -> _Draft:
        kind = table.get("kind")
        if kind is None:
            self.error(
                key,
                "this step has no kind",
                'add kind = "read" (or pause, text, choice, scale, list, compose, '
                "compare, summary)",
            )
        elif kind not in STEP_KINDS:
            self.error(
                _join(key, "kind"),
                f"unknown kind '{kind}'",
                did_you_mean(str(kind), STEP_KINDS) or "it can be " + ", ".join(STEP_KINDS),
            )
        known = kind in STEP_KINDS
        specs = STEP_SPECS[kind] if known else ALL_STEP_SPECS
        draft = _Draft(key, kind if known else "")
        draft.fields = fields = self.present(
            table, key, specs, f"a {kind} step" if known else "a step"
        )
        draft.id = fields.pop("id", "")
        if "id" not in table:
            self.error(key, "this step has no id", 'add id = "…", a short name used by branches')
        elif draft.id and not ID_PATTERN.match(draft.id):
            self.check_id(draft.id, _join(key, "id"), "the step id")
        if kind == "read" and not fields.get("text", "").strip():
            missing = "text" not in table
            self.error(_join(key, "text"), "text is missing" if missing else "text is empty",
                       'add text = "…", what to take in' if missing else "")
        for name in ("text", "solo_text", "title"):
            if "{" in fields.get(name, ""):  # only these can hold placeholders to check
                draft.texts.append((_join(key, name), fields[name]))
        branches = table.get("branches")
        if isinstance(branches, list):
            for position, raw in enumerate(branches):
                branch_key = _join(_join(key, "branches"), position)
                branch = self.table(raw, branch_key, BRANCH_KEYS, "a branch")
                if branch is not None:
                    draft.branches.append((branch_key, branch))
        elif branches is not None:
            self.error(
                _join(key, "branches"), "branches should be a list of [[steps.branches]] tables"
            )
        if known:
            _KIND_CHECKS[kind](self, table, key, draft)
        return draft

    # -- kind-specific keys --------------------------------------------------
    def _read(self, table: dict, key: str, draft: _Draft) -> None:
        pass  # a read step has nothing of its own beyond its text

    def _pause(self, table: dict, key: str, draft: _Draft) -> None:
        seconds = draft.fields.get("seconds", 60.0)
        if draft.fields.get("min_seconds", 0.0) > seconds:
            self.error(
                _join(key, "min_seconds"),
                "min_seconds is longer than the pause itself",
                f"make it at most seconds = {seconds:g}",
            )
        if "rhythm" in table:
            rkey = _join(key, "rhythm")
            rhythm = self.table(table["rhythm"], rkey, RHYTHM_KEYS, "a rhythm")
            if rhythm is not None:
                for name in ("inhale", "exhale"):
                    if name not in rhythm:
                        self.error(rkey, f"the rhythm has no {name}", f"add {name} = 4 (seconds)")
                draft.fields["rhythm"] = Rhythm(
                    inhale=self.number(rhythm, rkey, "inhale", 4.0, 0.5, 60),
                    exhale=self.number(rhythm, rkey, "exhale", 4.0, 0.5, 60),
                    hold_in=self.number(rhythm, rkey, "hold_in", 0.0, 0, 60),
                    hold_out=self.number(rhythm, rkey, "hold_out", 0.0, 0, 60),
                )

    def _text(self, table: dict, key: str, draft: _Draft) -> None:
        if draft.fields.get("min_length", 0) > draft.fields.get("max_length", 2000):
            self.error(_join(key, "min_length"), "min_length is more than max_length",
                       "max_length is 2000 unless you set it")

    def _choice(self, table: dict, key: str, draft: _Draft) -> None:
        fields = draft.fields
        fields["groups"] = groups = self.groups(table, key)
        low, high = fields.get("min_picks", 1), fields.get("max_picks")
        count = sum(len(group.options) for group in groups) + fields.get("other", False)
        if count and low > count:
            self.error(
                _join(key, "min_picks"),
                f"min_picks is {low}, but there are only {count} options",
                "lower min_picks, or add options",
            )
        if high is not None and high < low:
            self.error(_join(key, "max_picks"), "max_picks is less than min_picks")
        if not fields.get("multiple") and (low > 1 or (high or 1) > 1):
            self.error(
                _join(key, "max_picks" if high else "min_picks"),
                "more than one pick needs multiple = true",
                "add multiple = true",
            )

    def groups(self, table: dict, key: str) -> tuple[OptionGroup, ...]:
        if "options" in table and "groups" in table:
            self.error(_join(key, "groups"), "use either options or [[groups]], not both")
        if "options" in table:
            options = self.texts(table, key, "options")
            groups = (OptionGroup(label="", options=options),) if options is not None else ()
        elif "groups" in table:
            groups = self._group_tables(table["groups"], _join(key, "groups"))
        else:
            self.error(key, "there are no options to choose from", 'add options = ["…", "…"]')
            return ()
        seen: set[str] = set()
        for position, group in enumerate(groups):
            gkey = (
                _join(key, "options")
                if "options" in table
                else _join(_join(key, "groups"), position)
            )
            if not group.options:
                self.error(gkey, "the list of options is empty", 'add options = ["…", "…"]')
            for index, option in enumerate(group.options):
                if not option.strip():
                    self.error(_join(gkey, index), "an option is empty")
                elif option.casefold() in seen:
                    self.error(
                        _join(gkey, index),
                        f"the option '{option}' is listed twice",
                        "keep one of them (options are matched without regard to case)",
                    )
                seen.add(option.casefold())
        return groups

    def _group_tables(self, value: object, key: str) -> tuple[OptionGroup, ...]:
        if not isinstance(value, list):
            self.error(key, "groups should be a list of [[groups]] tables")
            return ()
        groups = []
        for position, raw in enumerate(value):
            gkey = _join(key, position)
            if not isinstance(raw, dict):
                self.error(gkey, f"an option group should be a table, not {_describe(raw)}")
                continue
            group = self.present(raw, gkey, GROUP_SPECS, "an option group")
            if not group.get("label", "").strip():
                missing = "label" not in raw
                self.error(
                    _join(gkey, "label"),
                    "label is missing" if missing else "label is empty",
                    'add label = "…", the heading for these options' if missing else "",
                )
            if "options" not in raw:
                self.error(gkey, "this group has no options", 'add options = ["…", "…"]')
            groups.append(
                OptionGroup(label=group.get("label", ""), options=group.get("options", ()))
            )
        return tuple(groups)

    def _scale(self, table: dict, key: str, draft: _Draft) -> None:
        low, high = draft.fields.get("min", 1), draft.fields.get("max", 5)
        default = draft.fields.get("default")
        if low >= high:
            self.error(
                _join(key, "max"),
                f"max ({high}) should be more than min ({low})",
                "for example min = 1 and max = 5",
            )
        elif default is not None and not low <= default <= high:
            self.error(_join(key, "default"), f"default should be between {low} and {high}")

    def _list(self, table: dict, key: str, draft: _Draft) -> None:
        if draft.fields.get("min_items", 1) > draft.fields.get("max_items", 12):
            self.error(_join(key, "min_items"), "min_items is more than max_items",
                       "max_items is 12 unless you set it")

    def _compose(self, table: dict, key: str, draft: _Draft) -> None:
        template = draft.fields.get("template", "")
        if not template.strip():
            missing = "template" not in table
            self.error(_join(key, "template"),
                       "template is missing" if missing else "template is empty",
                       'add template = "I feel {feeling} when {situation}."' if missing else "")
        slots: list[Slot] = []
        raw_slots = table.get("slots")
        skey = _join(key, "slots")
        if raw_slots is None:
            self.error(
                key, "a compose step needs slots", "add a [steps.slots.NAME] table per {NAME}"
            )
        elif isinstance(raw_slots, dict):
            for name, raw in raw_slots.items():
                slot = self.slot(name, raw, _join(skey, name), draft)
                if slot is not None:
                    slots.append(slot)
        else:
            self.error(skey, "slots should be a table of [steps.slots.NAME] tables")
        names = [slot.name for slot in slots]
        used = [m.group(1) for m in _BRACES.finditer(template) if m.group(1) is not None]
        for marker in used:
            if marker not in names:
                hint = did_you_mean(marker, names) or f"add a [steps.slots.{marker}] table"
                self.error(
                    _join(key, "template"),
                    f"the template uses {{{marker}}}, but there is no such slot",
                    hint,
                )
        for name in names:
            if used.count(name) != 1:
                self.error(
                    _join(skey, name),
                    f"the slot '{name}' should appear once in the template "
                    f"(it appears {used.count(name)} times)",
                    f"write {{{name}}} in the template",
                )
        draft.fields["slots"] = tuple(slots)

    def slot(self, name: str, raw: object, key: str, draft: _Draft) -> Slot | None:
        if not isinstance(raw, dict):
            self.error(key, f"a slot should be a table, not {_describe(raw)}")
            return None
        if not SLOT_PATTERN.match(name):
            self.error(key, f"slot name '{name}' should use only a-z, 0-9 and '_'")
        fields = self.present(raw, key, SLOT_SPECS, "a slot")
        kind = fields.get("kind")
        if "kind" not in raw:
            self.error(key, "this slot has no kind", 'add kind = "choice" or kind = "text"')
        if kind == "choice":
            fields["groups"] = self.groups(raw, key)
        elif kind == "text" and ("options" in raw or "groups" in raw):
            self.error(
                _join(key, "options"),
                "a text slot takes no options",
                'use kind = "choice" to offer options',
            )
        if "{" in fields.get("prompt", ""):
            draft.texts.append((_join(key, "prompt"), fields["prompt"]))
        fields["kind"] = kind or "text"
        return Slot(name=name, **fields)

    def _compare(self, table: dict, key: str, draft: _Draft) -> None:
        if "step" not in table:
            self.error(key, "a compare step needs the list step it compares", 'add step = "…"')

    def _summary(self, table: dict, key: str, draft: _Draft) -> None:
        pass

    # -- what ties the steps together ----------------------------------------
    def connections(
        self, drafts: list[_Draft], roles: tuple[str, ...], nudge_ids: set[str]
    ) -> None:
        position: dict[str, int] = {}
        for index, draft in enumerate(drafts):
            if draft.id in position:
                self.error(
                    _join(draft.key, "id"),
                    f"the step id '{draft.id}' is used twice",
                    "give each step its own id",
                )
            elif draft.id:
                position[draft.id] = index
        ids = list(position)

        def find(step_id: str, key: str, here: int, *, before: bool, what: str) -> int | None:
            """The index of *step_id*, reporting a missing or later step."""
            if step_id not in position:
                self.error(key, f"there is no step '{step_id}'", did_you_mean(step_id, ids))
                return None
            there = position[step_id]
            if before and there > here:
                self.error(
                    key,
                    f"{what} looks at '{step_id}', which comes later",
                    "it may only look at this step or an earlier one",
                )
            return there

        for index, draft in enumerate(drafts):
            self._who(draft, roles)
            for position_, nudge_id in enumerate(draft.fields.get("nudges") or ()):
                if nudge_id not in nudge_ids:
                    self.error(
                        _join(_join(draft.key, "nudges"), position_),
                        f"there is no nudge '{nudge_id}'",
                        did_you_mean(nudge_id, nudge_ids),
                    )
            if draft.kind == "compare" and draft.fields.get("step"):
                there = find(
                    draft.fields["step"],
                    _join(draft.key, "step"),
                    index - 1,
                    before=True,
                    what="this compare step",
                )
                if there is not None and there < index:
                    target = drafts[there]
                    if target.kind != "list" or target.fields.get("who") != "each":
                        self.error(
                            _join(draft.key, "step"),
                            f'compare needs a list step with who = "each"; '
                            f"'{target.id}' is a {target.kind or 'broken'} step "
                            f'with who = "{target.fields.get("who", "both")}"',
                            "point it at a list step that each partner fills in",
                        )
            if draft.kind == "summary":
                for n, step_id in enumerate(draft.fields.get("steps", ())):
                    find(
                        step_id,
                        _join(_join(draft.key, "steps"), n),
                        index - 1,
                        before=True,
                        what="this summary",
                    )
            for branch_key, branch in draft.branches:
                self._branch(branch_key, branch, index, drafts, find, roles)
            for text_key, text in draft.texts:
                self._placeholders(text_key, text, index, roles, position)
        self._reachable(drafts, position)

    def _who(self, draft: _Draft, roles: tuple[str, ...]) -> None:
        who = draft.fields.get("who", "both")
        if who in WHO_SHARED or who in roles:
            return
        choices = ", ".join(f'"{choice}"' for choice in (*WHO_SHARED, *roles))
        hint = did_you_mean(who, WHO_SHARED + roles)
        if not hint and not roles:
            hint = f'to make it a role, add roles = ["{who}", "…"] at the top'
        self.error(_join(draft.key, "who"), f'who = "{who}" should be one of {choices}', hint)

    def _branch(self, key, branch, index, drafts, find, roles) -> None:
        when = branch.get("when")
        if when is not None:
            table = self.table(when, _join(key, "when"), ("step", *CONDITION_OPS), "a when")
            if table is not None:
                self._condition(table, _join(key, "when"), index, drafts, find)
        if "goto" not in branch:
            self.error(key, "this branch has no goto", 'add goto = "…", the step to go to')
        goto = self.text(branch, key, "goto")
        limit = self.integer(branch, key, "limit", None, 1, 1000)
        if self.flag(branch, key, "swap_roles") and not roles:
            self.error(
                _join(key, "swap_roles"),
                "swap_roles needs roles",
                'add roles = ["speaker", "listener"] at the top',
            )
        if goto:
            there = find(goto, _join(key, "goto"), index, before=False, what="")
            if there is not None and there <= index and limit is None and "limit" not in branch:
                self.error(
                    _join(key, "goto"),
                    f"going back to '{goto}' makes a loop with no way out",
                    "add limit = 3 (how many times it may repeat)",
                )

    def _condition(self, table: dict, key: str, index: int, drafts, find) -> None:
        ops = [name for name in CONDITION_OPS if name in table]
        if len(ops) != 1:
            self.error(
                key,
                "when should hold exactly one test",
                "one of below, at_least, is, includes, answered",
            )
        if "step" not in table:
            self.error(key, "when has no step to look at", 'add step = "…"')
            return
        step_id = self.text(table, key, "step")
        there = find(step_id, _join(key, "step"), index, before=True, what="this when")
        if not ops or there is None:
            return
        op = ops[0]
        kind = drafts[there].kind
        types, expected = _OP_TYPES[op]
        value = table[op]
        if type(value) not in types:
            self._wrong(value, key, op, expected)
            return
        fits = {
            "below": ("scale",),
            "at_least": ("scale",),
            "includes": ("choice", "list"),
            "is": ("choice", "scale", "text"),
        }.get(op)
        if fits and kind and kind not in fits:
            self.error(
                _join(key, op),
                f"'{op}' cannot test a {kind} step",
                f"'{op}' works with {' or '.join(fits)} steps",
            )
        elif isinstance(value, str) and kind == "choice" and not drafts[there].fields.get("other"):
            options = [o for g in drafts[there].fields.get("groups", ()) for o in g.options]
            if value not in options:
                self.error(
                    _join(key, op),
                    f"'{value}' is not one of the options of '{step_id}'",
                    did_you_mean(value, options),
                )
        if isinstance(value, str):
            table[op] = self.clean(value, _join(key, op), False)

    def _placeholders(self, key: str, text: str, index: int, roles, position) -> None:
        if "{" not in text:
            return
        names = ("name", "partner", *roles)
        for match in _BRACES.finditer(text):
            inside = match.group(1)
            if inside is None or inside in names:
                continue
            reference = _STEP_REFERENCE.match(inside)
            if reference:
                step_id = reference.group(2)
                if position.get(step_id, index) >= index:
                    where = "comes later" if step_id in position else "does not exist"
                    self.error(
                        key,
                        f"{{{inside}}} refers to a step that {where}",
                        did_you_mean(step_id, [s for s, i in position.items() if i < index])
                        or "it may only show an answer given earlier",
                    )
                continue
            earlier = [f"answer.{s}" for s, i in position.items() if i < index]
            self.error(
                key,
                f"unknown placeholder {{{inside}}}",
                did_you_mean(inside, [*names, *earlier])
                or "write {{ and }} to show braces as they are",
            )

    def _reachable(self, drafts: list[_Draft], position: dict[str, int]) -> None:
        seen, todo = {0}, [0]
        while todo:
            index = todo.pop()
            targets = []
            falls_through = True
            for _key, branch in drafts[index].branches:
                goto = branch.get("goto")
                target = position.get(goto) if isinstance(goto, str) else None
                if target is not None:
                    targets.append(target)
                if "when" not in branch and "limit" not in branch:
                    falls_through = False
                    break
            if falls_through and index + 1 < len(drafts):
                targets.append(index + 1)
            for target in targets:
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        for index, draft in enumerate(drafts):
            if index not in seen:
                self.error(
                    _join(draft.key, "id"),
                    f"no path leads to the step '{draft.id}'",
                    "a branch before it always jumps past it; "
                    "give that branch a when, or go to this step from somewhere",
                )


def _build_step(draft: _Draft):
    if not draft.branches:
        return STEP_CLASSES[draft.kind](id=draft.id, **draft.fields)
    branches = []
    for _key, raw in draft.branches:
        when = raw.get("when")
        condition = None
        if when is not None:
            op = next(name for name in CONDITION_OPS if name in when)
            condition = Condition(step=when["step"], op=op, value=when[op])
        branches.append(
            Branch(
                when=condition,
                goto=raw["goto"],
                limit=raw.get("limit"),
                swap_roles=raw.get("swap_roles", False),
            )
        )
    return STEP_CLASSES[draft.kind](id=draft.id, branches=branches, **draft.fields)


_KIND_CHECKS = {kind: getattr(_Reader, f"_{kind}") for kind in STEP_KINDS}


# -- loading files -------------------------------------------------------------
SOURCES = ("built-in", "user", "extra")


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


def _load(text: str, path: Path, shown: str, digest: str) -> Loaded:
    data = tomlguard.parse(text, shown)
    if isinstance(data, Problem):
        return Loaded(path=path, exercise=None, problems=(data,), digest=digest)
    reader = _Reader(shown)
    try:
        exercise = reader.exercise(data)
    except RecursionError:  # a value nested too deeply for the checks
        reader.error("", "lists or tables in this file are nested too deeply")
        exercise = None
    problems = ()
    if reader.problems:
        problems = tuple(sorted(locate(reader.problems, text), key=lambda p: p.line or 0))
    return Loaded(path=path, exercise=exercise, problems=problems, digest=digest)


def load_text(text: str, path: str = "<text>") -> Loaded:
    """Load an exercise from *text*; *path* is only used to name it in problems."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return _load(text.removeprefix("\ufeff"), Path(path), path, digest)


def load_file(path: Path) -> Loaded:
    """Load the exercise in *path*. Never raises for a bad, odd or missing file."""
    path = Path(path)
    shown = str(path)
    data = tomlguard.read_bytes(path)
    if isinstance(data, Problem):
        return Loaded(path=path, exercise=None, problems=(data,), digest="")
    digest = hashlib.sha256(data).hexdigest()
    text = tomlguard.decode(data, shown)
    if isinstance(text, Problem):
        return Loaded(path=path, exercise=None, problems=(text,), digest=digest)
    return _load(text, path, shown, digest)


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

    def get(self, exercise_id: str) -> Entry | None:
        for entry in self.entries:
            if entry.exercise.id == exercise_id:
                return entry
        return None


def builtin_exercises_dir() -> Path:
    """Where the built-in exercises are: inside the package when installed, else the repo's."""
    package = Path(reconnect_tui.__file__).parent
    installed = package / "_builtin" / "exercises"
    return installed if installed.is_dir() else package.parent / "exercises"


def _folder_files(folder: Path) -> list[Path]:
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


def _sources(user_dir: Path | None, extra: Sequence[Path]) -> tuple[list, list[Problem]]:
    files: list[tuple[str, Path]] = [
        ("built-in", p) for p in _folder_files(builtin_exercises_dir())
    ]
    if user_dir is not None and Path(user_dir).is_dir():
        files += [("user", p) for p in _folder_files(Path(user_dir))]
    problems = []
    for item in map(Path, extra):
        if item.is_dir():
            files += [("extra", p) for p in _folder_files(item)]
        elif item.exists() or item.is_symlink():
            files.append(("extra", item))
        else:
            problems.append(Problem(path=str(item), message="there is no file or folder here"))
    return files, problems


def load_library(*, user_dir: Path | None = None, extra: Sequence[Path] = ()) -> Library:
    """Load the built-in exercises, then the user's folder, then *extra* files and folders.

    A later source replaces an exercise with the same id from an earlier one
    (built-in < user < extra); within one source the first file wins and the
    second is reported. One bad file never stops the others.
    """
    files, problems = _sources(user_dir, extra)
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

