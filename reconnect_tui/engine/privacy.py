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

from collections.abc import Collection, Mapping
from typing import Any

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
