"""Nudges: gentle hints when an answer holds one of an exercise's phrases.

Phrases are plain text, matched in any case and spacing, never as patterns.
The exercise's own fixed wording (a choice's options, a template's words)
never sets a nudge off by itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from reconnect_tui.exercises.model import ChoiceStep, ComposeStep, Exercise, Nudge, Step

from .answers import TOKEN, VALUE_KINDS, item_key


def free_text(step: Step, value: Any) -> list[str]:
    """The words in an answer that people wrote themselves (for nudges)."""
    if isinstance(value, str):
        return [value]
    if isinstance(step, ChoiceStep) and isinstance(value, list):
        options = {item_key(option) for option in step.options}
        return [item for item in value if item_key(item) not in options]
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, Mapping):
        return [str(text) for text in value.values()]
    return []


def _phrase(text: str) -> str:
    return " ".join(text.split()).casefold()


def _marked(pieces: Iterable[tuple[str, bool]]) -> tuple[str, list[bool]]:
    """Pieces of text joined, casefolded and with spacing collapsed, as :func:`_phrase` does.

    Each character of the result is marked True when it came from a marked
    piece (a person's own words) or, for a run of spaces, when any of it did.
    """
    chars: list[str] = []
    marks: list[bool] = []
    for text, mark in pieces:
        for char in text:
            if char.isspace():
                if chars and chars[-1] == " ":
                    marks[-1] = marks[-1] or mark
                elif chars:
                    chars.append(" ")
                    marks.append(mark)
                continue
            for folded in char.casefold():
                chars.append(folded)
                marks.append(mark)
    while chars and chars[-1] == " ":
        chars.pop()
        marks.pop()
    return "".join(chars), marks


def _sentence_has(pieces: list[tuple[str, bool]], phrase: str) -> bool:
    """Whether *phrase* appears in the joined pieces touching a person's own words.

    A phrase lying wholly in the template's fixed wording is the author's,
    not the person's, so it does not count.
    """
    text, marks = _marked(pieces)
    start = text.find(phrase)
    while start >= 0:
        if any(marks[start : start + len(phrase)]):
            return True
        start = text.find(phrase, start + 1)
    return False


def _compose_pieces(step: ComposeStep, value: Mapping[str, object]) -> list[tuple[str, bool]]:
    """The filled-in sentence as pieces: (template words, False) and (slot text, True)."""
    names = {slot.name for slot in step.slots}
    pieces: list[tuple[str, bool]] = []
    at = 0
    for match in TOKEN.finditer(step.template):
        pieces.append((step.template[at : match.start()], False))
        at = match.end()
        token, head, tail = match.group(0), match.group(1), match.group(2)
        if token in ("{{", "}}"):
            pieces.append((token[0], False))
        elif tail is None and head in names:
            pieces.append((str(value.get(head) or ""), True))
        else:
            pieces.append((token, False))
    pieces.append((step.template[at:], False))
    return pieces


def matching_nudges(exercise: Exercise, step: Step, value: Any) -> tuple[Nudge, ...]:
    """Nudges whose phrases appear in the answer (plain text, any case or spacing), each once.

    For a compose step the sentence as filled in is searched too, so a phrase
    that starts in the template and ends in a blank ("I feel" + "that you
    never listen") is found.
    """
    if step.nudges is None:
        candidates: Iterable[Nudge] = exercise.nudges if step.kind in VALUE_KINDS else ()
    else:
        wanted = set(step.nudges)
        candidates = [nudge for nudge in exercise.nudges if nudge.id in wanted]
    texts = [_phrase(text) for text in free_text(step, value)]
    pieces = (
        _compose_pieces(step, value)
        if isinstance(step, ComposeStep) and isinstance(value, Mapping)
        else None
    )

    def found(phrase: str) -> bool:
        phrase = _phrase(phrase)
        if not phrase:
            return False
        if any(phrase in text for text in texts):
            return True
        return pieces is not None and _sentence_has(pieces, phrase)

    matched: dict[str, Nudge] = {}
    for nudge in candidates:
        if nudge.id not in matched and any(found(phrase) for phrase in nudge.phrases):
            matched[nudge.id] = nudge
    return tuple(matched.values())
