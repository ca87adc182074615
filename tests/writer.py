"""Write an exercise back out as TOML that the library reads back equal.

Used to save exercises made or changed in the app, and by the round-trip
tests. Values equal to their defaults are left out, so written files stay as
short as hand-written ones.
"""

from __future__ import annotations

from typing import Any

import attrs
import tomli_w

from reconnect_tui.exercises.model import (
    ChoiceStep,
    ComposeStep,
    Exercise,
    OptionGroup,
    Slot,
    Step,
)

# Keys in the order a person would write them; the rest follow in model order.
_FIRST_STEP_KEYS = ("id", "kind", "title", "who", "only", "private", "optional", "min_seconds")
_LAST_STEP_KEYS = ("nudges", "branches")


def _plain(value: Any) -> Any:
    """Whole floats as ints (``60`` reads better than ``60.0``); tuples as lists."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _changed(instance: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields of an attrs *instance* that differ from their defaults."""
    data: dict[str, Any] = {}
    for field in attrs.fields(type(instance)):
        if field.name in skip or not field.init:
            continue
        value = getattr(instance, field.name)
        if field.default is not attrs.NOTHING and value == field.default:
            continue
        data[field.name] = value
    return data


def _options(groups: tuple[OptionGroup, ...]) -> dict[str, Any]:
    """One unlabelled group as ``options``, several (or labelled) as ``groups``."""
    if len(groups) == 1 and not groups[0].label:
        return {"options": list(groups[0].options)}
    return {"groups": [{"label": g.label, "options": list(g.options)} for g in groups]}


def _slot(slot: Slot) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": slot.kind}
    changed = _changed(slot, skip=("name", "kind", "groups"))
    if slot.prompt:
        data["prompt"] = changed.pop("prompt")
    if slot.groups:
        data.update(_options(slot.groups))
    data.update({key: _plain(value) for key, value in changed.items()})
    return data


def _step(step: Step) -> dict[str, Any]:
    changed = _changed(step, skip=("id", "branches", "groups", "slots", "rhythm"))
    data: dict[str, Any] = {"id": step.id, "kind": step.kind}
    for key in (*_FIRST_STEP_KEYS[2:], *changed):
        if key in changed and key not in _LAST_STEP_KEYS and key not in data:
            data[key] = _plain(changed[key])
    if isinstance(step, ChoiceStep):
        data.update(_options(step.groups))
    if isinstance(step, ComposeStep):
        data["slots"] = {slot.name: _slot(slot) for slot in step.slots}
    rhythm = getattr(step, "rhythm", None)
    if rhythm is not None:
        data["rhythm"] = {key: _plain(value) for key, value in _changed(rhythm).items()}
    if step.nudges is not None:
        data["nudges"] = list(step.nudges)
    if step.branches:
        data["branches"] = [_branch(branch) for branch in step.branches]
    return data


def _branch(branch) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if branch.when is not None:
        data["when"] = {"step": branch.when.step, branch.when.op: branch.when.value}
    data["goto"] = branch.goto
    if branch.limit is not None:
        data["limit"] = branch.limit
    if branch.swap_roles:
        data["swap_roles"] = True
    return data


def exercise_to_data(exercise: Exercise) -> dict[str, Any]:
    """A plain dict of *exercise*, ready for tomli-w; defaults are left out."""
    data: dict[str, Any] = {"format": exercise.format, "id": exercise.id}
    changed = _changed(exercise, skip=("format", "id", "nudges", "steps"))
    # title and summary have no defaults, so they are always here.
    data.update({key: _plain(value) for key, value in changed.items()})
    if exercise.nudges:
        data["nudges"] = [
            {"id": n.id, "phrases": list(n.phrases), "message": n.message} for n in exercise.nudges
        ]
    data["steps"] = [_step(step) for step in exercise.steps]
    return data


def dump_exercise(exercise: Exercise) -> str:
    """*exercise* as TOML text that ``library.load_text`` reads back equal."""
    return tomli_w.dumps(exercise_to_data(exercise), multiline_strings=True)
