"""Made-up answers for a preview, and a session walked to any step with them."""

from __future__ import annotations

import pytest

from reconnect_tui.engine.answers import normalise
from reconnect_tui.engine.sample import SAMPLE, NotReached, sample_answer, walk_to
from reconnect_tui.exercises.library import load_library, load_text

BUILTIN = load_library().entries


def names(mode: str) -> list[str]:
    return ["Sam"] if mode == "solo" else ["Sam", "Alex"]


@pytest.mark.parametrize("entry", BUILTIN, ids=lambda entry: entry.exercise.id)
def test_every_builtin_step_can_be_reached_in_each_mode_it_applies_to(entry) -> None:
    exercise = entry.exercise
    for mode in exercise.modes():
        for step in exercise.steps:
            if step.only and step.only != mode:
                with pytest.raises(NotReached):
                    walk_to(exercise, step.id, mode=mode, names=names(mode), clock=lambda: 0.0)
                continue
            session = walk_to(exercise, step.id, mode=mode, names=names(mode), clock=lambda: 0.0)
            assert session.current is not None
            assert session.current.step.id == step.id
            assert not session.current.handoff


@pytest.mark.parametrize("entry", BUILTIN, ids=lambda entry: entry.exercise.id)
def test_sample_answers_fit_their_steps_and_read_as_samples(entry) -> None:
    for step in entry.exercise.steps:
        value = sample_answer(step)
        _kept, reasons = normalise(step, value)
        assert reasons == (), (step.id, value)
        texts = [value] if isinstance(value, str) else []
        texts += [item for item in value if isinstance(item, str)] if step.kind == "list" else []
        assert all(text.startswith(SAMPLE) for text in texts)


JUMPED = """\
format = 1
id = "jumped"
title = "Jumped"
summary = "A step the sample answer jumps over."
audience = "solo"

[[steps]]
id = "feel"
kind = "scale"
text = "How is it?"
[[steps.branches]]
when = { step = "feel", below = 2 }
goto = "low"
[[steps.branches]]
goto = "end"

[[steps]]
id = "low"
kind = "text"
text = "You said {answer.feel}. What would help?"

[[steps]]
id = "end"
kind = "read"
text = "Thank you."
"""


def test_a_step_the_sample_answers_jump_over_is_still_reached() -> None:
    exercise = load_text(JUMPED).exercise
    assert exercise is not None
    session = walk_to(exercise, "low", mode="solo", names=[], clock=lambda: 0.0)
    assert session.current is not None
    assert session.current.step.id == "low"
    assert session.current.text == "You said 3 of 5. What would help?"


def test_an_unknown_step_is_a_key_error() -> None:
    exercise = load_text(JUMPED).exercise
    assert exercise is not None
    with pytest.raises(KeyError):
        walk_to(exercise, "nope", mode="solo", names=[], clock=lambda: 0.0)
