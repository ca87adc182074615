"""Exercises and a clock for UI tests, built straight from the model.

A library of them comes from :func:`tests.builders.library`.
"""

from __future__ import annotations

from typing import Any

from reconnect_tui.exercises.model import (
    ChoiceStep,
    CompareStep,
    ComposeStep,
    Exercise,
    ListStep,
    Nudge,
    OptionGroup,
    PauseStep,
    ReadStep,
    Rhythm,
    ScaleStep,
    Slot,
    Step,
    SummaryStep,
    TextStep,
)
from tests.builders import exercise

HOSTILE = "[bold]x[/] [@click=app.quit]quit[/] \x1b[31mred\x1b]0;title\x07 \x07bell [/]"
"""Markup, a live action, escape sequences and a bare closing tag: all must stay text."""


class FakeClock:
    """Monotonic seconds that only move when a test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def single(step: Step, **fields: Any) -> Exercise:
    """An exercise ``one-step`` of one *step*, for trying one widget at a time."""
    return exercise(
        step, id="one-step", title="One step", summary="A single step to try a widget.", **fields
    )


READ = ReadStep(id="hello", title="Settle in", text="Find a comfortable seat.")
PAUSE = PauseStep(
    id="breathe",
    title="A quiet minute",
    text="Breathe with the bar.",
    seconds=30,
    min_seconds=10,
    rhythm=Rhythm(inhale=4, exhale=6),
)
TEXT = TextStep(
    id="noticed",
    title="What did you notice?",
    text="In a few words, what has felt different lately?",
    placeholder="A sentence or two",
    nudges=("blame",),
)
LONG_TEXT = TextStep(id="longer", title="Say more", text="Take your time.", multiline=True)
CHOICE = ChoiceStep(
    id="feeling",
    title="Feelings",
    text="Which of these fit today?",
    multiple=True,
    other=True,
    groups=[
        OptionGroup(label="Heavy", options=["tired", "hurt"]),
        OptionGroup(label="Light", options=["hopeful", "calm"]),
    ],
)
SINGLE = ChoiceStep(
    id="pick",
    title="Pick one",
    text="Which fits best?",
    groups=[OptionGroup(options=["now", "later", "tomorrow"])],
)
SCALE = ScaleStep(
    id="close",
    title="How close",
    text="How close do you feel right now?",
    min=1,
    max=5,
    min_label="far apart",
    max_label="very close",
)
LIST = ListStep(
    id="values", title="What matters", text="Name a few things you value.", who="each", max_items=5
)
COMPOSE = ComposeStep(
    id="statement",
    title="Your sentence",
    text="Build an I-statement.",
    template="I feel {feeling} when {situation}.",
    slots=[
        Slot(
            name="feeling",
            kind="choice",
            prompt="A feeling",
            groups=[OptionGroup(options=["sad", "lonely"])],
            other=True,
        ),
        Slot(name="situation", kind="text", prompt="When", placeholder="a specific moment"),
    ],
)
COMPARE = CompareStep(
    id="side-by-side", title="Side by side", text="Here is what you named.", step="values"
)
SUMMARY = SummaryStep(id="gathered", title="Gathered", text="A look back.")

BLAME = Nudge(
    id="blame",
    phrases=["you always", "you never"],
    message="Try describing one moment rather than always or never.",
)

TOUR = Exercise(
    id="tour",
    title="A short tour",
    summary="Every kind of step, once.",
    minutes=10,
    depth="light",
    nudges=[BLAME],
    steps=[READ, TEXT, CHOICE, SCALE, LIST, COMPOSE, COMPARE, SUMMARY],
)
"""Together: read, text, choice and scale for both, the list for each (hand-off), compare."""

ROLES = Exercise(
    id="take-turns",
    title="Taking turns",
    summary="One speaks, one listens.",
    minutes=15,
    depth="medium",
    audience="together",
    roles=["speaker", "listener"],
    steps=[
        TextStep(
            id="share",
            title="Share",
            text="{speaker}, say what is on your mind.",
            who="speaker",
            private=True,
        ),
        TextStep(
            id="reflect",
            title="Reflect",
            text="{listener}, say back what you heard.",
            who="listener",
        ),
        SummaryStep(id="look-back", title="Look back", text="What you both said.", steps=["share"]),
    ],
)


def hostile_exercise() -> Exercise:
    """Every outside string an attacker could write, in every place it is shown."""
    return Exercise(
        id="hostile",
        title=HOSTILE,
        summary=HOSTILE,
        depth="deep",
        nudges=[Nudge(id="trap", phrases=["[/]"], message=HOSTILE)],
        steps=[
            ReadStep(id="read", title=HOSTILE, text=HOSTILE),
            TextStep(id="text", title=HOSTILE, text=HOSTILE, placeholder=HOSTILE),
            ChoiceStep(
                id="choice",
                title=HOSTILE,
                text=HOSTILE,
                other=True,
                multiple=True,
                groups=[OptionGroup(label=HOSTILE, options=[HOSTILE, "[/]", "[b]"])],
            ),
            ScaleStep(
                id="scale", title=HOSTILE, text=HOSTILE, min_label=HOSTILE, max_label=HOSTILE
            ),
            ListStep(id="list", title=HOSTILE, text=HOSTILE, placeholder=HOSTILE, who="each"),
            ComposeStep(
                id="compose",
                title=HOSTILE,
                text=HOSTILE,
                template="[/] {a} [b]",
                slots=[
                    Slot(
                        name="a",
                        kind="choice",
                        prompt=HOSTILE,
                        groups=[OptionGroup(options=[HOSTILE])],
                        other=True,
                    )
                ],
            ),
            CompareStep(
                id="compare",
                title=HOSTILE,
                text=HOSTILE,
                step="list",
                both_label=HOSTILE,
                only_label=HOSTILE + " {person}",
            ),
            SummaryStep(id="summary", title=HOSTILE, text=HOSTILE),
        ],
    )
