"""What a session tells the UI: small frozen values, no behaviour."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeAlias

import attrs

from reconnect_tui.exercises.model import Nudge, Rhythm, Step
from reconnect_tui.exercises.prose import Line

Clock: TypeAlias = Callable[[], float]
PersonKey: TypeAlias = Literal["a", "b"]

# Multiplier on min_seconds and pause length; the breathing rhythm is never scaled.
PACES: dict[str, float] = {"gentle": 1.5, "standard": 1.0, "relaxed": 0.6}

# What stands in for an answer the viewer may not see yet, or one that is missing.
KEPT_PRIVATE = "(kept private for now)"
# A private answer no step revealed before the session ended: it stays so for good.
KEPT_PRIVATE_FOR_GOOD = "(kept private)"
# Outside the session: an answer the session has not yet shown to both people.
NOT_SHARED_YET = "(not shared yet)"
LEFT_BLANK = "(left blank)"


@attrs.frozen
class Person:
    """Someone taking part: key "a" is the first name given, "b" the second."""

    key: str
    name: str


@attrs.frozen(kw_only=True)
class Turn:
    """The step in front of the people now, ready to show.

    Attributes:
        actor: "a"/"b" when one person answers; None for both (and in solo).
        actor_name: "Sam", "both of you", or "you" in solo without a name.
        text: placeholders filled, solo wording chosen.
        role: the actor's current role name, when the exercise has roles (None in solo).
        handoff: True until acknowledge_handoff(): cover the screen first.
        passes: with *handoff*: the keyboard changes hands (else the cover is
            there because a private step begins while both may be looking).
        visit: 1 on the first visit of this step, 2+ on repeats.
        prefill: the answer undone by back() for this step and actor, else None.
        prose: ``text`` as lines of styled spans (``exercises/prose.py``), parsed
            before the placeholders were filled, so filled-in answers stay literal.
        seen_by: together, on one person's step: a line saying who will see the
            answer and when ("Alex will see this at the end."), unless the
            step's own text says so already; "" otherwise.
    """

    step: Step
    actor: str | None
    actor_name: str
    text: str
    title: str
    role: str | None
    handoff: bool
    visit: int
    passes: bool = True
    prefill: Any = None
    prose: tuple[Line, ...] = ()
    seen_by: str = ""


@attrs.frozen
class Outcome:
    """What became of an answer: taken or not, why not, and gentle hints."""

    accepted: bool
    reasons: tuple[str, ...] = ()
    nudges: tuple[Nudge, ...] = ()


@attrs.frozen
class Progress:
    """ "step {number} of about {about}"; number never exceeds about."""

    number: int
    about: int


@attrs.frozen(kw_only=True)
class Pacing:
    """Timing of the current step, from the clock and the pace.

    Attributes:
        wait: seconds until Continue may be offered (0 = now).
        pause: the whole pause (scaled) for pause steps, else None.
        remaining: seconds left of the pause, else None.
        rhythm: the breathing rhythm as written (not scaled), if any.
        phase: "in", "hold", "out" or "rest" while the pause runs, else None.
        phase_fraction: 0..1 through the current phase.
    """

    wait: float
    pause: float | None = None
    remaining: float | None = None
    rhythm: Rhythm | None = None
    phase: str | None = None
    phase_fraction: float = 0.0


@attrs.frozen(kw_only=True)
class Comparison:
    """Two lists side by side.

    Attributes:
        both: items both people named (first spelling, first person's order).
        only: person key -> items only they named.
        both_label: the step's ``both_label`` with placeholders filled.
        only_labels: person key -> the step's ``only_label`` for that person.
    """

    both: tuple[str, ...]
    only: dict[str, tuple[str, ...]]
    both_label: str = ""
    only_labels: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class SummaryItem:
    """One answer, as readable text.

    Attributes:
        person: "a"/"b" for one person's answer; None for a shared one (and in solo).
        name: who gave it, ready to show ("Sam", "both of you", "you").
        text: the answer as text (a list one item a line), or a note that it
            stays private for now. For a repeated step, the last try.
        label: the summary step's own heading for it ("From Sam to Alex"), or "".
        tries: a repeated step's earlier tries as text, oldest first.
    """

    step_id: str
    title: str
    person: str | None
    text: str
    name: str = ""
    label: str = ""
    tries: tuple[str, ...] = ()
