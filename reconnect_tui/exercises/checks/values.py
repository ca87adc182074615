"""Reading single values from an exercise file, and recording what is wrong with them.

A :class:`Reader` walks one file's TOML data. Each value is checked against
its spec (see :mod:`reconnect_tui.exercises.checks.keys`) and cleaned with
:func:`reconnect_tui.common.safetext.clean`; every problem found is kept, so an
author sees them all at once.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from math import isfinite
from typing import Any

from reconnect_tui.common.problems import Problem, did_you_mean
from reconnect_tui.common.safetext import clean
from reconnect_tui.exercises.checks.keys import (
    BOOL,
    KIND_KEYS,
    LINE,
    LINES,
    TEXT,
    Spec,
    describe,
    join,
)
from reconnect_tui.exercises.model import ID_PATTERN

# Characters that make clean() change a string, and the invisible ones it
# keeps (zero-width space, joiners, word joiner), which the checks report;
# most strings have none, and then clean() need not run at all. Each of them
# fails str.isprintable(), so a printable string (the usual one-line case)
# needs no search at all.
UNCLEAN_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufff9-\ufffb\ufeff]"
)
UNCLEAN_TEXT = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069"
    "\ufff9-\ufffb\ufeff]"
)
# What clean() keeps but nobody can see: in an id or a list item (an option
# label, a tag, a phrase) an error, in prose a warning; both name the character.
INVISIBLE = re.compile("[\u200b-\u200d\u2060]")
BAD = object()  # marks a value that was wrong (and reported)

_unclean_line = UNCLEAN_LINE.search
_unclean_text = UNCLEAN_TEXT.search
_invisible = INVISIBLE.search
_id = ID_PATTERN.match


class Reader:
    """Collects the problems of one file while its values are read."""

    __slots__ = ("problems", "shown")

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.problems: list[Problem] = []

    # -- recording -----------------------------------------------------------
    def error(self, key: str, message: str, hint: str = "", severity: str = "error") -> None:
        self.problems.append(
            Problem(path=self.shown, message=message, key=key, hint=hint, severity=severity)
        )

    def blank(self, table: dict[str, Any], key: str, name: str, hint: str) -> None:
        """Report the text *name* as missing from *table* (with *hint*: what to add) or empty."""
        missing = name not in table
        self.error(
            join(key, name),
            f"{name} is {'missing' if missing else 'empty'}",
            hint if missing else "",
        )

    def table(
        self, value: object, key: str, allowed: frozenset[str], what: str
    ) -> dict[str, Any] | None:
        """*value* when it is a table with only *allowed* keys (unknown keys are reported)."""
        if not isinstance(value, dict):
            self.error(key, f"{what} should be a table, not {describe(value)}")
            return None
        if not allowed.issuperset(value):
            for name in value:
                if name not in allowed:
                    self.unknown_key(key, name, allowed, what)
        return value

    def unknown_key(self, key: str, name: str, allowed: Collection[str], what: str) -> None:
        owners = [kind for kind, names in KIND_KEYS.items() if name in names]
        if owners and what.endswith(" step"):
            hint = f"'{name}' belongs to {' and '.join(owners)} steps"
        else:
            hint = did_you_mean(name, allowed)
        self.error(join(key, name), f"unknown key '{name}' in {what}", hint)

    def clean(self, value: str, key: str, multiline: bool, *, strict: bool = False) -> str:
        """*value* through safetext.clean; a warning when more than layout changed.

        An invisible character that clean() keeps (U+200B-U+200D, U+2060) is
        reported by its code point: a warning, or with *strict* (ids, option
        labels and other list items) an error.
        """
        if value.isprintable() or not (_unclean_text if multiline else _unclean_line)(value):
            return value
        cleaned = clean(value, multiline=multiline)
        invisible = _invisible(cleaned)
        if invisible:
            self.error(
                key,
                f"this text holds an invisible character (U+{ord(invisible.group()):04X})",
                "delete it: nobody can see it, and "
                + ("it makes this differ from what is typed" if strict else "it may mislead"),
                severity="error" if strict else "warning",
            )
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
    def plain(self, spec: Spec, value: object, key: str, name: str) -> Any:
        """*value* checked against *spec* and cleaned; ``BAD`` (reported) when it is wrong."""
        what = spec[0]
        if what == "line" or what == "text":
            if type(value) is not str:
                return self.wrong(value, key, name, "text")
            if not value.isprintable():
                value = self.clean(value, join(key, name), what == "text")
            return value
        if what == "bool":
            return value if type(value) is bool else self.wrong(value, key, name, "true or false")
        if what == "int" or what == "number":
            if type(value) is not int and (what == "int" or type(value) is not float):
                expected = "a whole number" if what == "int" else "a number"
                return self.wrong(value, key, name, expected)
            low, high = spec[1], spec[2]
            if type(value) is float and not isfinite(value):  # nan passes every comparison
                self.error(
                    join(key, name),
                    f"{name} should be a number, not {value}",
                    f"write a plain number here, for example {name} = {low or 1:g}",
                )
                return BAD
            if (low is not None and value < low) or (high is not None and value > high):
                wanted = f"at least {low}" if high is None else f"between {low} and {high}"
                self.error(join(key, name), f"{name} should be {wanted} (it is {value})")
                return BAD
            return float(value) if what == "number" else value
        if what == "choice":
            if type(value) is not str:
                return self.wrong(value, key, name, "text")
            if value not in spec[1]:
                hint = did_you_mean(value, spec[1]) or "it can be " + ", ".join(spec[1])
                self.error(join(key, name), f"{name} '{value}' is not one of the choices", hint)
                return BAD
            return value
        # "lines" or "ids": a list of one-line texts.
        if type(value) is not list:
            return self.wrong(value, key, name, "a list of texts")
        ids = what == "ids"
        for item in value:
            if type(item) is not str or not item.isprintable() or (ids and not _id(item)):
                return self._items(value, join(key, name), name, ids)
        return tuple(value)  # the usual case: all clean, checked in one pass

    def _items(self, value: list[Any], key: str, name: str, ids: bool) -> tuple[str, ...]:
        items = []
        for position, item in enumerate(value):
            if type(item) is not str:
                self.error(
                    join(key, position),
                    f"each item of {name} should be text, not {describe(item)}",
                )
                continue
            if _unclean_line(item):
                item = self.clean(item, join(key, position), False, strict=True)
            if ids and not ID_PATTERN.match(item):
                self.check_id(item, join(key, position), "an id")
            items.append(item)
        return tuple(items)

    def wrong(self, value: object, key: str, name: str, expected: str) -> object:
        """Report *value* as not what *name* takes; returns ``BAD``."""
        hint = ""
        if isinstance(value, str) and value.strip().lstrip("-").isdigit() and "number" in expected:
            hint = f"leave out the quotes: {name} = {value.strip()}"
        elif value in ("true", "false") and expected == "true or false":
            hint = f"leave out the quotes: {name} = {value}"
        self.error(join(key, name), f"{name} should be {expected}, not {describe(value)}", hint)
        return BAD

    def present(
        self, table: dict[str, Any], key: str, specs: dict[str, Spec], what: str
    ) -> dict[str, Any]:
        """The plain values *table* sets, checked by *specs*; unknown keys are reported.

        Only the keys that are there are looked at: the model has the defaults.
        SPECIAL keys are left for the caller.
        """
        fields: dict[str, Any] = {}
        for name, value in table.items():
            spec = specs.get(name)
            # The common cases first, without a call: clean text and true/false.
            if spec is LINE:
                if type(value) is str and value.isprintable():
                    fields[name] = value
                    continue
            elif spec is TEXT:
                if type(value) is str and (value.isprintable() or not _unclean_text(value)):
                    fields[name] = value
                    continue
            elif spec is BOOL:
                if value is True or value is False:
                    fields[name] = value
                    continue
            elif spec is None:
                self.unknown_key(key, name, tuple(specs), what)
                continue
            elif not spec:
                continue  # SPECIAL: read by the caller
            elif spec[0] == "number":
                if (type(value) is int or type(value) is float) and spec[1] <= value <= spec[2]:
                    fields[name] = float(value)
                    continue
            elif spec[0] == "int":
                if (
                    type(value) is int
                    and (spec[1] is None or spec[1] <= value)
                    and (spec[2] is None or value <= spec[2])
                ):
                    fields[name] = value
                    continue
            elif spec[0] == "choice" and type(value) is str and value in spec[1]:
                fields[name] = value
                continue
            value = self.plain(spec, value, key, name)
            if value is not BAD:
                fields[name] = value
        return fields

    def get(
        self,
        table: dict[str, Any],
        key: str,
        name: str,
        spec: Spec,
        default: Any = None,
        *,
        required: bool = False,
    ) -> Any:
        """``table[name]`` checked against *spec*; *default* when absent or wrong."""
        value = table.get(name)
        if value is None:
            if required:
                self.error(join(key, name), f"{name} is missing", f'add {name} = "…"')
            return default
        if spec is not LINE or type(value) is not str or not value.isprintable():
            value = self.plain(spec, value, key, name)
            if value is BAD:
                return default
        if required and not value.strip():
            self.error(join(key, name), f"{name} is empty")
        return value

    def text(
        self,
        table: dict[str, Any],
        key: str,
        name: str,
        *,
        required: bool = False,
        multiline: bool = False,
    ) -> str:
        checked: str = self.get(
            table, key, name, TEXT if multiline else LINE, "", required=required
        )
        return checked

    def flag(self, table: dict[str, Any], key: str, name: str) -> bool:
        checked: bool = self.get(table, key, name, BOOL, False)
        return checked

    def texts(self, table: dict[str, Any], key: str, name: str) -> tuple[str, ...] | None:
        """A list of one-line texts; ``None`` when absent or not a list."""
        checked: tuple[str, ...] | None = self.get(table, key, name, LINES)
        return checked

    def choose(
        self,
        table: dict[str, Any],
        key: str,
        name: str,
        choices: tuple[str, ...],
        default: str | None,
    ) -> str | None:
        checked: str | None = self.get(table, key, name, ("choice", choices), default)
        return checked

    def check_id(self, value: str, key: str, what: str = "id") -> bool:
        """True when *value* is a good id; else it is reported, with a suggestion."""
        if ID_PATTERN.match(value):
            return True
        invisible = _invisible(value)
        if invisible:
            code = f"U+{ord(invisible.group()):04X}"
            self.error(key, f"{what} holds an invisible character ({code})", "delete it")
            return False
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:64]
        hint = f"for example '{suggestion}'" if suggestion and ID_PATTERN.match(suggestion) else ""
        self.error(key, f"{what} '{value}' should use only a-z, 0-9 and '-' (up to 64)", hint)
        return False
