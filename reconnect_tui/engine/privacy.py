"""Who may see an answer, and when: the one rule every screen, placeholder and export follows.

Together, one person's answer reaches the other only through the session's
own flow. A ``private`` answer is shown to its owner alone until a compare or
summary step reveals it (that reveal is the only door); one no step reveals
stays private for good. Outside the session (history, the session view, an
export), whoever opens it may be either person, so it shows only what the
flow has already put in front of both: shared answers, revealed ones, and,
once the end card has shown them, the answers that were never private.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from reconnect_tui.exercises.model import CompareStep, Exercise, Step, SummaryStep

from .answers import TOKEN, VALUE_KINDS
from .values import KEPT_PRIVATE, KEPT_PRIVATE_FOR_GOOD, NOT_SHARED_YET

ANYONE = "anyone"
"""The viewer outside a session (history, export): either person could be reading."""


def hidden_note(
    step_id: str,
    private: bool | None,
    owner: str,
    viewer: str,
    *,
    mode: str,
    revealed: Collection[str],
    finished: bool,
) -> str | None:
    """None when *viewer* may see *owner*'s answer to *step_id* now; else the words shown instead.

    *owner* and *viewer* are "a", "b" or "both" (both people at the screen);
    *viewer* may also be :data:`ANYONE`. *private* is None when the exercise no
    longer has the step, so it cannot be known: such an answer counts as private.
    The words never say how a hidden answer could be read.
    """
    if mode == "solo" or owner == "both" or owner == viewer or step_id in revealed:
        return None
    if private is None or private:
        return KEPT_PRIVATE_FOR_GOOD if finished else KEPT_PRIVATE
    if viewer == ANYONE and not finished:
        # Not private, but the flow has not shown it to both yet (the end card does).
        return NOT_SHARED_YET
    return None


def revealed_in(data: Any) -> set[str]:
    """The steps a saved session (``Session.to_data()``) had revealed; none if it can't be read."""
    inner = data.get("state") if isinstance(data, Mapping) else None
    revealed = inner.get("revealed") if isinstance(inner, Mapping) else None
    return {str(step) for step in revealed} if isinstance(revealed, list) else set()


# What the person answering alone is told about who will see their answer.
SEEN_LATER = "{partner} will see this later on."
SEEN_AT_THE_END = "{partner} will see this at the end."
KEPT_TO_YOURSELF = "This one stays with you: {partner} won't see it."
# A step's own text that already says who will see the answer needs no line added.
_ALREADY_TOLD = re.compile(r"\b(will|won't|will not|can't|cannot) see\b", re.IGNORECASE)


def reveals(exercise: Exercise, step_id: str) -> bool:
    """Whether any other step can show *step_id*'s answers to both: a compare or summary
    naming it (a summary naming nothing shows everything), or, for an answer that is not
    private, a placeholder. Errs towards yes: a person told "will see" says less, never more."""
    private = exercise.step(step_id).private
    for other in exercise.steps:
        if other.id == step_id:
            continue
        if isinstance(other, CompareStep) and other.step == step_id:
            return True
        if isinstance(other, SummaryStep) and (not other.steps or step_id in other.steps):
            return True
        if not private and any(
            match.group(2) == step_id
            for text in (other.text, other.title, other.solo_text)
            for match in TOKEN.finditer(text or "")
        ):
            return True
    return False


def who_will_see(exercise: Exercise, step: Step, mode: str) -> str:
    """The line (with ``{partner}`` to fill) telling whoever answers *step* alone who will
    see it, or "" when nobody else is there, the answer is shared, or the text says so."""
    if mode != "together" or step.who == "both" or step.kind not in VALUE_KINDS:
        return ""
    if _ALREADY_TOLD.search(step.text):
        return ""
    if reveals(exercise, step.id):
        return SEEN_LATER
    return KEPT_TO_YOURSELF if step.private else SEEN_AT_THE_END
