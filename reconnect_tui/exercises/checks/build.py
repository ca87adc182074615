"""A step as read from a file, and how checked values become the model.

Building runs only when the checks found no error. The model's own
constructors make every object, so their validators and converters run
here too: an object that exists is a valid one, however it was made.
"""

from __future__ import annotations

from typing import Any

from reconnect_tui.exercises.model import (
    CONDITION_OPS,
    STEP_CLASSES,
    Branch,
    Condition,
    Exercise,
    Nudge,
    Slot,
    Step,
)


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
    return Exercise(
        **fields,
        nudges=[Nudge(**nudge) for nudge in nudges],
        steps=[_build_step(draft) for draft in drafts],
    )


def _build_step(draft: Draft) -> Step:
    fields = dict(draft.fields)
    slots = fields.pop("slots", None)
    if slots:
        fields["slots"] = [Slot(name=name, **slot) for name, slot in slots]
    if draft.branches:
        fields["branches"] = [_build_branch(raw) for _key, raw in draft.branches]
    return STEP_CLASSES[draft.kind](id=draft.id, **fields)


def _build_branch(raw: dict[str, Any]) -> Branch:
    when = raw.get("when")
    condition = None
    if when is not None:
        op = next(name for name in CONDITION_OPS if name in when)
        condition = Condition(step=when["step"], op=op, value=when[op], match=when.get("match"))
    return Branch(
        when=condition,
        goto=raw["goto"],
        limit=raw.get("limit"),
        swap_roles=raw.get("swap_roles", False),
    )
