"""Made-up answers for a preview: a session walked to any step with sample words.

``reconnect preview FILE --at STEP`` lets an author look at step 12 without
answering eleven steps first. The session is walked forward through the
engine's own rules (branches, roles, hand-offs, reveals), each turn answered
with a made-up answer that fits its step: plausible, and clearly sample text,
so nobody mistakes it for something a person wrote.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reconnect_tui.exercises.model import (
    ChoiceStep,
    ComposeStep,
    Exercise,
    ListStep,
    ScaleStep,
    Step,
    TextStep,
)

from .flow import Route
from .session import Session
from .values import Clock, Turn

SAMPLE = "(sample)"
"""Every made-up text starts with this, so it reads as sample text on screen."""

MAX_TURNS = 500
"""A walk stops after this many turns, whatever the branches do."""


def sample_answer(step: Step) -> Any:
    """A made-up answer that fits *step*; ``None`` for kinds that take no answer."""
    if isinstance(step, TextStep):
        text = f"{SAMPLE} a few words written for the preview"
        text = text.ljust(step.min_length, ".")
        return text[: step.max_length]
    if isinstance(step, ChoiceStep):
        return list(step.options[: max(step.min_picks, 1) if step.multiple else 1])
    if isinstance(step, ScaleStep):
        middle = (step.min + step.max) // 2
        return step.default if step.default is not None else middle
    if isinstance(step, ListStep):
        count = min(max(step.min_items, 2), step.max_items)
        items = [f"{SAMPLE} item {number}" for number in range(1, count + 1)]
        return [item[: step.item_max_length] for item in items]
    if isinstance(step, ComposeStep):
        filled: dict[str, str] = {}
        for slot in step.slots:
            filled[slot.name] = (
                slot.options[0] if slot.options else f"{SAMPLE} {slot.name}"[: slot.max_length]
            )
        return filled
    return None


def _arrived(turn: Turn, step_id: str, actor: str | None) -> bool:
    return turn.step.id == step_id and (actor is None or turn.actor in (None, actor))


class NotReached(ValueError):
    """The step asked for does not apply in this mode (its ``only`` says so)."""


def walk_to(
    exercise: Exercise,
    step_id: str | None,
    *,
    mode: str,
    names: Sequence[str],
    clock: Clock,
    actor: str | None = None,
) -> Session:
    """A new session walked to *step_id* (``None``: the first step) with made-up answers.

    With *actor* ("a" or "b"), on that person's turn of the step when the walk
    comes to it (the second partner's turn of an ``each`` step, say).

    When the made-up answers lead past the step (a branch jumps over it),
    the walk is replayed and the session is put on the step directly, with
    the answers gathered so far. ``KeyError`` for an unknown step,
    :class:`NotReached` for a step this mode leaves out.
    """
    session = Session.start(exercise, mode=mode, names=list(names), clock=clock)
    if step_id is None:
        return session
    step = exercise.step(step_id)
    if not Route(exercise, mode).applies(step):
        raise NotReached(step_id)
    for _turn in range(MAX_TURNS):
        current = session.current
        if current is None or _arrived(current, step_id, actor):
            break
        if current.handoff:
            session.acknowledge_handoff()
            continue
        if not session.answer(sample_answer(current.step)).accepted:
            session.skip()  # an optional step the sample does not fit
    current = session.current
    if current is not None and _arrived(current, step_id, actor):
        if current.handoff:
            session.acknowledge_handoff()
        return session
    # The sample answers took another way: put the session on the step itself.
    data = session.to_data()
    data["state"] = {**data["state"], "step": step_id, "turn": 0, "handoff": False}
    for key in ("run", "first"):
        data["state"].pop(key, None)
    return Session.restore(exercise, data, clock=clock)
