"""A step as read from a file, and how checked values become the model.

Building runs only when the checks found no error, and by then the checks
have proved what the model's validators and converters would see to: ids
match ``ID_PATTERN``, every step reference (a goto, a when's or compare's
step, a summary's steps) is a step's id exactly as written, ops and slot
kinds are known ones, and every sequence is already a tuple. So the objects
are made here by :func:`make` (or :func:`make_whole`), without running their
generated ``__init__``; code that constructs model objects directly still
gets every validator. (attrs's own switch for validators is process-wide,
which is why it is not used.) ``tests/test_checks.py`` holds the two ways to
equal results.
"""

from __future__ import annotations

from typing import Any, TypeVar

import attrs

from reconnect_tui.exercises.model import (
    CONDITION_OPS,
    STEP_CLASSES,
    Branch,
    Condition,
    Exercise,
    Nudge,
    OptionGroup,
    Rhythm,
    Slot,
    Step,
)

T = TypeVar("T", bound=attrs.AttrsInstance)
_new = object.__new__
_set = object.__setattr__


def _defaults(cls: type[attrs.AttrsInstance]) -> dict[str, Any]:
    return {f.name: f.default for f in attrs.fields(cls) if f.default is not attrs.NOTHING}


_MODEL: tuple[type[attrs.AttrsInstance], ...] = (
    Branch,
    Condition,
    Exercise,
    Nudge,
    OptionGroup,
    Rhythm,
    Slot,
    *STEP_CLASSES.values(),
)
# Per model class: the defaults to start from, and how many fields it has.
DEFAULTS: dict[type, dict[str, Any]] = {cls: _defaults(cls) for cls in _MODEL}
SIZES: dict[type, int] = {cls: len(attrs.fields(cls)) for cls in _MODEL}


def make(cls: type[T], values: dict[str, Any]) -> T:
    """A *cls* with *values* (the rest default), for values the checks have proved good.

    Raises ``TypeError`` when a value without a default is missing or a name is
    not a field of *cls*.
    """
    return make_whole(cls, {**DEFAULTS[cls], **values})


def make_whole(cls: type[T], state: dict[str, Any]) -> T:
    """A *cls* whose attributes are *state* itself, which already holds every field."""
    if len(state) != SIZES[cls]:
        names = {field.name for field in attrs.fields(cls)}
        raise TypeError(
            f"{cls.__name__}: missing {sorted(names - state.keys())}, "
            f"unknown {sorted(state.keys() - names)}"
        )
    instance = _new(cls)
    _set(instance, "__dict__", state)
    return instance


class Draft:
    """One step as read, before what ties steps together is checked.

    ``fields`` holds only the keys the file sets (the model has the defaults),
    with ``slots`` as (name, fields) pairs until the step is built;
    ``branches`` the branch tables with their key paths; ``texts`` the texts
    with braces, whose placeholders are checked later.
    """

    __slots__ = ("branches", "fields", "id", "key", "kind", "texts")

    def __init__(self, key: str, kind: str) -> None:
        self.key = key
        self.id = ""
        self.kind = kind
        self.fields: dict[str, Any] = {}
        self.branches: list[tuple[str, dict[str, Any]]] = []
        self.texts: list[tuple[str, str]] = []


def build_exercise(
    fields: dict[str, Any], nudges: list[dict[str, Any]], drafts: list[Draft]
) -> Exercise:
    """The exercise from checked values; call only when no error was found.

    Raises ``TypeError`` or ``ValueError`` if the values do not fit the model.
    """
    fields["nudges"] = tuple([make(Nudge, nudge) for nudge in nudges])
    fields["steps"] = tuple([_build_step(draft) for draft in drafts])
    return make(Exercise, fields)


def _build_step(draft: Draft) -> Step:
    fields = draft.fields
    fields["id"] = draft.id
    slots = fields.get("slots")
    if slots:
        fields["slots"] = tuple([_build_slot(name, slot) for name, slot in slots])
    if draft.branches:
        fields["branches"] = tuple([_build_branch(raw) for _key, raw in draft.branches])
    return make(STEP_CLASSES[draft.kind], fields)


def _build_slot(name: str, fields: dict[str, Any]) -> Slot:
    fields["name"] = name
    return make(Slot, fields)


def _build_branch(raw: dict[str, Any]) -> Branch:
    when = raw.get("when")
    condition = None
    if when is not None:
        op = next(name for name in CONDITION_OPS if name in when)
        condition = make(Condition, {"step": when["step"], "op": op, "value": when[op]})
    return make(
        Branch,
        {
            "when": condition,
            "goto": raw["goto"],
            "limit": raw.get("limit"),
            "swap_roles": raw.get("swap_roles", False),
        },
    )
