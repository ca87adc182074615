"""Steps whose options are made when reached: a choice from an earlier list, a later step's times.

When a choice step takes its options from an earlier list step, they are
found when the step is reached: the items of the list of whoever
``options_of`` names (the person answering, their partner, or a role's
holder), as that person may see them. A private list not yet revealed to the
person answering gives no options, exactly as its words would not show.

With no items to pick from (the list was skipped, emptied by an edit,
private, or there is no partner alone), the step asks for a few words
instead: the same id, prompt, privacy and branches, as a text step. Either
way the answer is kept as text, so history and exports read well.

A ``later`` step is asked as a choice among its times ("in 3 days", "next
sunday"), the author's suggestion first and picked already. Once it is
answered, the session rests (``exercises/comeback.py``).
"""

from __future__ import annotations

from typing import Any

import attrs

from reconnect_tui.exercises.model import (
    ChoiceStep,
    LaterStep,
    OptionGroup,
    Step,
    TextStep,
)

from .answers import item_key
from .flow import other
from .view import View

# The keys every step has, which the text step asked instead keeps.
_COMMON = tuple(field.name for field in attrs.fields(Step) if field.init)


def owner(view: View, step_id: str, actor: str, whose: str) -> str | None:
    """Whose answer to *step_id* a step for *actor* shows: "a", "b", "both" or None."""
    row = view.answers.get(step_id, {})
    if whose == "partner":
        wanted = None if view.mode == "solo" or actor == "both" else other(actor)
    elif whose == "own":
        wanted = "a" if view.mode == "solo" else actor
    elif view.mode == "together" and whose in view.exercise.roles:
        wanted = view.holder(whose)
    else:
        wanted = "a" if view.mode == "solo" else None
    if wanted in row:
        return wanted
    return "both" if "both" in row and whose != "partner" else None


def items(view: View, step: ChoiceStep, actor: str) -> tuple[str, ...]:
    """The list items *step* offers *actor*: visible to them, each once."""
    known = {s.id: s for s in view.exercise.steps}
    source = known.get(step.options_from)
    key = owner(view, step.options_from, actor, step.options_of)
    if source is None or key is None or view.hidden(source, key, actor) is not None:
        return ()
    value = view.answers.get(step.options_from, {}).get(key)
    seen: set[str] = set()
    found = []
    for item in value if isinstance(value, list) else ():
        text = str(item).strip()
        if text and item_key(text) not in seen:
            seen.add(item_key(text))
            found.append(text)
    return tuple(found)


def asked(step: Step, view: View, actor: str) -> Step:
    """*step* as put to *actor*: a choice from an earlier list gets that list's items."""
    if isinstance(step, LaterStep):
        common = {name: getattr(step, name) for name in _COMMON}
        return ChoiceStep(**common, groups=(OptionGroup(options=step.times),))
    if not isinstance(step, ChoiceStep) or not step.options_from:
        return step
    options = items(view, step, actor)
    if not options:
        return TextStep(**{name: getattr(step, name) for name in _COMMON})
    count = len(options) + step.other
    return attrs.evolve(
        step,
        groups=(OptionGroup(options=options),),
        min_picks=min(step.min_picks, count),
        max_picks=None if step.max_picks is None else min(step.max_picks, count),
    )


def first_pick(step: Step) -> Any:
    """What a step starts with picked: a later step's suggested time."""
    return [step.come_back] if isinstance(step, LaterStep) else None
