"""Answers: tidy them, check them against their step, show them.

Nothing here knows about sessions or people; every function takes a step and
a value. Answer values by kind: text -> str, choice -> list[str], scale -> int,
list -> list[str], compose -> dict[slot, str]; the other kinds take None.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from reconnect_tui.common.safetext import clean, one_line
from reconnect_tui.exercises.model import (
    ChoiceStep,
    ComposeStep,
    Condition,
    ListStep,
    ScaleStep,
    Step,
    TextStep,
)

from .values import LEFT_BLANK

VALUE_KINDS = ("text", "choice", "scale", "list", "compose")
# A "something else" answer is a short phrase, like a list item.
OTHER_MAX_LENGTH = 200

TOKEN = re.compile(r"\{\{|\}\}|\{([a-z0-9_-]+)(?:\.([a-z0-9-]+))?\}")


def fill(text: str, lookup: Callable[[str, str | None], str | None]) -> str:
    """Fill ``{name}`` / ``{answer.step}`` markers through *lookup*; ``{{``/``}}`` are braces.

    Our own substitution, never ``str.format``: a marker *lookup* does not know
    (returns None) stays as written, and filled-in text is never scanned again.
    """

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        found = lookup(match.group(1), match.group(2))
        return token if found is None else found

    return TOKEN.sub(replace, text)


def tidy(text: str, *, multiline: bool = False) -> str:
    """Clean outside text for keeping: no control characters, no lone surrogates."""
    text = clean(text, multiline=multiline)
    if not multiline:
        text = " ".join(text.split())
    # A lone surrogate (from undecodable input) could not be written to a file.
    return text.encode("utf-8", "replace").decode("utf-8").strip()


def item_key(text: str) -> str:
    """Light normalisation so "Hiking", "hiking " and "hiking!" count as one item."""
    folded = " ".join(str(text).split()).casefold()
    stripped = folded
    while stripped and (
        unicodedata.category(stripped[-1]).startswith("P") or stripped[-1].isspace()
    ):
        stripped = stripped[:-1]
    return stripped or folded


def _short(text: str) -> str:
    return one_line(text, 40)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def normalise(step: Step, value: Any) -> tuple[Any, tuple[str, ...]]:
    """The tidied value to keep and the reasons it does not fit (empty = fits).

    The value is None when nothing was given; that fits only an optional step,
    where it counts as skipped.
    """
    if isinstance(step, TextStep):
        return _text(step, value)
    if isinstance(step, ChoiceStep):
        return _choice(step, value)
    if isinstance(step, ScaleStep):
        return _scale(step, value)
    if isinstance(step, ListStep):
        return _list(step, value)
    if isinstance(step, ComposeStep):
        return _compose(step, value)
    if value is not None:
        return None, ("This step doesn't take an answer; just continue when you're ready.",)
    return None, ()


def _text(step: TextStep, value: Any) -> tuple[Any, tuple[str, ...]]:
    if value is None:
        value = ""
    if not isinstance(value, str):
        return None, ("Please write your answer as text.",)
    text = tidy(value, multiline=step.multiline)
    if not text:
        return None, (
            () if step.optional else ("This one needs an answer; a few words are enough.",)
        )
    reasons = []
    if len(text) < step.min_length:
        reasons.append(
            f"Could you say a little more? This asks for at least "
            f"{_plural(step.min_length, 'character')} (you have {len(text)})."
        )
    if len(text) > step.max_length:
        reasons.append(
            f"That's more than fits here: please keep it to "
            f"{_plural(step.max_length, 'character')} (it's {len(text)} now)."
        )
    return text, tuple(reasons)


def _items(value: Any) -> tuple[list[str] | None, str]:
    """A list of tidied, non-empty strings, or None and why not."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        return None, "Please give your answer as a list."
    if not all(isinstance(item, str) for item in value):
        return None, "Every item should be text."
    return [text for text in (tidy(item) for item in value) if text], ""


def _choice(step: ChoiceStep, value: Any) -> tuple[Any, tuple[str, ...]]:
    items, _problem = _items([] if value is None else value)
    if items is None:
        return None, ("Please pick from the choices.",)
    by_key = {item_key(option): option for option in step.options}
    picked: dict[str, str] = {}
    for item in items:
        picked.setdefault(item_key(item), by_key.get(item_key(item), item))
    chosen = [option for option in step.options if item_key(option) in picked]
    extras = [text for key, text in picked.items() if key not in by_key]
    reasons: list[str] = []
    if extras and not step.other:
        reasons += [f"'{_short(extra)}' isn't one of the choices here." for extra in extras]
    elif len(extras) > 1:
        reasons.append("There's room for one 'something else' answer.")
    if any(len(extra) > OTHER_MAX_LENGTH for extra in extras):
        reasons.append(f"Please keep 'something else' to {OTHER_MAX_LENGTH} characters.")
    picks = chosen + extras
    if not picks:
        return None, (() if step.optional else ("Please pick one.",))
    if not step.multiple and len(picks) > 1:
        reasons.append("Just one pick fits here.")
    if step.multiple and len(picks) < step.min_picks:
        reasons.append(f"Please pick at least {step.min_picks}.")
    if step.multiple and step.max_picks is not None and len(picks) > step.max_picks:
        reasons.append(f"Please pick no more than {step.max_picks}.")
    return picks, tuple(reasons)


def _scale(step: ScaleStep, value: Any) -> tuple[Any, tuple[str, ...]]:
    wanted = f"Please choose a whole number from {step.min} to {step.max}."
    if value is None:
        return None, (() if step.optional else (wanted,))
    if isinstance(value, bool) or not isinstance(value, int):
        return None, (wanted,)
    if not step.min <= value <= step.max:
        return value, (wanted,)
    return value, ()


def _list(step: ListStep, value: Any) -> tuple[Any, tuple[str, ...]]:
    items, problem = _items([] if value is None else value)
    if items is None:
        return None, (problem,)
    if not items:
        if step.optional:
            return None, ()
        return None, (f"Please add at least {_plural(step.min_items, 'item')}.",)
    reasons = []
    if len(items) < step.min_items:
        reasons.append(
            f"Please add at least {_plural(step.min_items, 'item')} (you have {len(items)})."
        )
    if len(items) > step.max_items:
        reasons.append(
            f"That's more than fits: please keep it to {_plural(step.max_items, 'item')}."
        )
    seen: set[str] = set()
    for item in items:
        if len(item) > step.item_max_length:
            reasons.append(
                f"'{_short(item)}' is long: please keep each item to "
                f"{step.item_max_length} characters."
            )
        if item_key(item) in seen:
            reasons.append(f"'{_short(item)}' is on the list twice.")
        seen.add(item_key(item))
    return items, tuple(reasons)


def _blank(slot: Any) -> str:
    """A blank as the person saw it: its prompt; the internal name only without one."""
    return _short(slot.prompt or slot.name)


def _compose(step: ComposeStep, value: Any) -> tuple[Any, tuple[str, ...]]:
    if value is None:
        value = {}
    if not isinstance(value, Mapping) or not all(
        isinstance(key, str) and isinstance(text, str) for key, text in value.items()
    ):
        return None, ("Please fill in the blanks with text.",)
    names = [slot.name for slot in step.slots]
    reasons = [
        f"There's no blank called '{_short(key)}' here." for key in value if key not in names
    ]
    filled: dict[str, str] = {}
    missing = []
    for slot in step.slots:
        text = tidy(value.get(slot.name, ""))
        if not text:
            if not slot.optional:
                missing.append(_blank(slot))
            continue
        if slot.kind == "choice":
            by_key = {item_key(option): option for option in slot.options}
            if item_key(text) in by_key:
                text = by_key[item_key(text)]
            elif not slot.other:
                reasons.append(f"'{_short(text)}' isn't one of the choices for '{_blank(slot)}'.")
        if len(text) > slot.max_length:
            reasons.append(
                f"Please keep the '{_blank(slot)}' blank to {slot.max_length} characters."
            )
        filled[slot.name] = text
    if not filled and step.optional and not reasons:
        return None, ()
    reasons += [f"Please fill in the '{name}' blank." for name in missing]
    return filled, tuple(reasons)


def display(step: Step, value: Any) -> str:
    """An answer as readable text: compose as its sentence, lists joined."""
    if value is None:
        return ""
    if isinstance(step, ComposeStep) and isinstance(value, Mapping):
        names = {slot.name for slot in step.slots}
        return fill(
            step.template,
            lambda head, tail: (
                str(value.get(head) or "…") if tail is None and head in names else None
            ),
        )
    if isinstance(step, ScaleStep) and isinstance(value, int) and not isinstance(value, bool):
        # "4 of 5": a bare number says nothing about its scale.
        label = step.words(value)
        shown = (
            f"{value} of {step.max}" if step.min in (0, 1) else f"{value} ({step.min}-{step.max})"
        )
        return f"{shown} ({label})" if label else shown
    if isinstance(value, list):
        return ("; " if isinstance(step, ListStep) else ", ").join(str(item) for item in value)
    if isinstance(value, Mapping):
        return ", ".join(str(text) for text in value.values())
    return str(value)


def _same(answer: Any, wanted: Any) -> bool:
    if isinstance(answer, list):
        return len(answer) == 1 and _same(answer[0], wanted)
    if isinstance(answer, Mapping):
        return False
    if isinstance(answer, int) and isinstance(wanted, int):
        return answer == wanted
    return item_key(str(answer)) == item_key(str(wanted))


def _includes(answer: Any, wanted: Any) -> bool:
    if isinstance(answer, list):
        return any(_same(item, wanted) for item in answer)
    if isinstance(answer, Mapping):
        return any(_same(text, wanted) for text in answer.values())
    if isinstance(answer, str):
        return item_key(str(wanted)) in item_key(answer)
    return _same(answer, wanted)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _holds(condition: Condition, value: Any, answered: bool) -> bool:
    """Whether *condition* holds for one answer (None: none was given)."""
    op, wanted = condition.op, condition.value
    if op == "answered":
        return answered == bool(wanted)
    if value is None:
        return False
    if op == "below":
        return _number(wanted) and _number(value) and value < wanted
    if op == "at_least":
        return _number(wanted) and _number(value) and value >= wanted
    if op == "is":
        return _same(value, wanted)
    return _includes(value, wanted)


def condition_holds(condition: Condition, answers: list[tuple[Any, bool]]) -> bool:
    """Whether *condition* holds for the answers of its step: (value or None, answered).

    One pair for a step with one answer; two for a ``who = "each"`` step done
    together, counted as the condition says (:attr:`Condition.counts`): the
    test holds for ``any`` one of them, or for ``both``. A test on the answer
    itself looks only at the answers given (a skipped one is not counted).
    """
    if condition.op != "answered":
        answers = [(value, answered) for value, answered in answers if value is not None]
    results = [_holds(condition, value, answered) for value, answered in answers]
    if not results:
        return False
    return all(results) if condition.counts == "both" else any(results)


def display_block(step: Step, value: Any) -> str:
    """An answer to read on its own: like :func:`display`, a list's items one per line."""
    if isinstance(step, ListStep) and isinstance(value, list):
        return "\n".join(f"• {item}" for item in value)
    return display(step, value)


def nth_try(number: int) -> str:
    """ "1st try", "2nd try", … for the tries of a repeated step."""
    if number % 100 in (11, 12, 13):
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix} try"


def shown(step: Step, value: Any) -> str:
    """Like display(), with a plain word for a missing answer."""
    return display(step, value) or LEFT_BLANK
