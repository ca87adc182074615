"""The built-in exercises: they load cleanly and play to the end in every mode.

Each exercise is played by a scripted answerer that builds a valid answer for
each step from the step's own definition. Several answerers per mode (low,
high, skipping, mixed) between them take every branch, every fall-through and
visit every step that belongs to the mode.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import attrs
import pytest

from reconnect_tui.engine import Session
from reconnect_tui.exercises.library import load_file
from reconnect_tui.exercises.model import (
    ChoiceStep,
    ComposeStep,
    Exercise,
    ListStep,
    ScaleStep,
    Slot,
    Step,
    TextStep,
)

EXERCISES_DIR = Path(__file__).resolve().parent.parent / "exercises"
BUILTIN_IDS = (
    "noticing-shifts",
    "i-statement",
    "reflective-paraphrase",
    "shared-meaning",
    "calm-check-in",
    "daily-check-in",
    "finding-support",
)
NAMES = {"solo": ("Sam",), "together": ("Sam", "Alex")}
# Neutral words that should never set off a nudge.
CALM_TEXT = "a slow walk after dinner, talking about the day"
LIST_ITEMS = {
    "a": ["a walk after dinner", "Sunday cooking", "old films"],
    "b": ["A walk after dinner.", "music in the kitchen", "old films"],
}
ROLE_PLACEHOLDER = re.compile(r"\{(name|partner|speaker|listener)\}|\{partner_answer\.")
# Longest a read screen may be, so it fits at 60x20 without scrolling much.
READ_WORDS = 80


def builtin_paths() -> list[Path]:
    return sorted(EXERCISES_DIR.glob("*.toml"))


def load(exercise_id: str) -> Exercise:
    loaded = load_file(EXERCISES_DIR / f"{exercise_id}.toml")
    assert loaded.exercise is not None, [problem.format() for problem in loaded.problems]
    return loaded.exercise


class FakeClock:
    """A clock the test moves by hand, so pauses and pacing never make it wait."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@attrs.define
class Answerer:
    """Builds a valid answer for any step from the step's own definition.

    Attributes:
        pick: "first" takes the first option and the low end of scales;
            "last" the last option and the high end.
        skip_optional: skip optional steps instead of answering them.
        other: use the "something else" box where a choice offers one.
        scales: answers for scale steps, used in order before falling back to `pick`.
    """

    pick: str = "first"
    skip_optional: bool = False
    other: bool = False
    scales: list[int] = attrs.field(factory=list)

    def answer(self, step: Step, actor: str | None) -> Any:
        if isinstance(step, TextStep):
            return fit_text(CALM_TEXT, step.min_length, step.max_length)
        if isinstance(step, ChoiceStep):
            return self._choice(step)
        if isinstance(step, ScaleStep):
            if self.scales:
                return self.scales.pop(0)
            return step.min if self.pick == "first" else step.max
        if isinstance(step, ListStep):
            count = min(max(step.min_items, 3), step.max_items)
            return LIST_ITEMS[actor or "a"][:count]
        if isinstance(step, ComposeStep):
            return {slot.name: self._slot(slot) for slot in step.slots}
        return None

    def _choice(self, step: ChoiceStep) -> list[str]:
        options = list(step.options)
        if self.pick == "last":
            options.reverse()
        picks = options[: step.min_picks if step.multiple else 1]
        if self.other and step.other:
            # A single choice takes the "something else" text in place of an option.
            kept = picks if step.multiple else []
            picks = [*kept, "something of my own"]
        return picks

    def _slot(self, slot: Slot) -> str:
        if slot.kind == "text":
            return fit_text(CALM_TEXT, 0, slot.max_length)
        if self.other and slot.other:
            return "something of my own"
        return slot.options[0] if self.pick == "first" else slot.options[-1]


def fit_text(text: str, min_length: int, max_length: int) -> str:
    text = text.ljust(min_length, ".")
    return text[:max_length]


def with_phrase(step: Step, phrase: str) -> Any:
    """An answer to *step* holding *phrase* in the person's own words, or None."""
    sentence = f"well, {phrase}, that's how it seems"
    if isinstance(step, TextStep):
        return sentence[: step.max_length]
    if isinstance(step, ListStep):
        return [sentence[: step.item_max_length]]
    if isinstance(step, ChoiceStep) and step.other:
        return [*step.options[: step.min_picks - 1], sentence] if step.multiple else [sentence]
    if isinstance(step, ComposeStep):
        blanks = [slot for slot in step.slots if slot.kind == "text" or slot.other]
        if blanks:
            return {
                slot.name: sentence if slot is blanks[0] else Answerer()._slot(slot)
                for slot in step.slots
            }
    return None


@attrs.define
class Played:
    """What one play-through saw."""

    steps: list[str] = attrs.field(factory=list)
    turns: list[tuple[str, str | None, str | None]] = attrs.field(factory=list)
    nudged: set[str] = attrs.field(factory=set)
    comparisons: list[Any] = attrs.field(factory=list)

    @property
    def transitions(self) -> set[tuple[str, str | None]]:
        path: list[str | None] = [*self.steps, None]
        return set(itertools.pairwise(path))


def play(exercise: Exercise, mode: str, answerer: Answerer) -> Played:
    clock = FakeClock()
    session = Session.start(exercise, mode=mode, names=NAMES[mode], clock=clock)
    played = Played()
    for _ in range(500):
        if session.finished:
            break
        turn = session.current
        assert turn is not None
        if turn.handoff:
            session.acknowledge_handoff()
            turn = session.current
            assert turn is not None and not turn.handoff
        step = turn.step
        assert step.only in (None, mode), f"{step.id} is not for {mode}"
        assert not re.search(r"\{[a-z_]+(?:\.[a-z0-9-]+)?\}", turn.text), turn.text
        played.steps.append(step.id)
        played.turns.append((step.id, turn.actor, turn.role))
        played.nudged |= nudges_offered(session, exercise, step)
        if step.kind == "compare":
            played.comparisons.append(session.comparison())
        if step.kind == "summary":
            assert session.summary(), f"{exercise.id}.{step.id} shows nothing"
        clock.now += 10_000  # well past any pause or pacing wait
        if step.optional and answerer.skip_optional:
            assert session.can_skip and session.skip(), f"could not skip {step.id}"
            continue
        value = answerer.answer(step, turn.actor)
        assert session.check(value) == (), (step.id, value, session.check(value))
        outcome = session.answer(value)
        assert outcome.accepted, (step.id, value, outcome.reasons)
        assert outcome.nudges == (), (step.id, value, outcome.nudges)
    assert session.finished, f"{exercise.id} ({mode}) did not finish: {played.steps[-20:]}"
    return played


def nudges_offered(session: Session, exercise: Exercise, step: Step) -> set[str]:
    """Ids of the nudges that fire here when someone types one of their phrases."""
    fired = set()
    for nudge in exercise.nudges:
        for phrase in nudge.phrases:
            value = with_phrase(step, phrase)
            if value is None:
                break
            if nudge not in session.nudges_for(value):
                break
        else:
            fired.add(nudge.id)
    return fired


ANSWERERS = (
    Answerer(pick="first"),
    Answerer(pick="last", skip_optional=True),
    Answerer(pick="first", other=True, scales=[2, 5, 5]),
)


def every_play(exercise: Exercise, mode: str) -> list[Played]:
    return [play(exercise, mode, attrs.evolve(answerer)) for answerer in ANSWERERS]


def mode_steps(exercise: Exercise, mode: str) -> list[Step]:
    return [step for step in exercise.steps if step.only in (None, mode)]


def modes_of(exercise_id: str) -> list[str]:
    return list(load(exercise_id).modes())


CASES = [(eid, mode) for eid in BUILTIN_IDS for mode in modes_of(eid)]


def test_all_builtins_are_present_and_named_by_id() -> None:
    ids = {path.stem for path in builtin_paths()}
    assert set(BUILTIN_IDS) <= ids
    for path in builtin_paths():
        assert load_file(path).exercise.id == path.stem


@pytest.mark.parametrize("path", builtin_paths(), ids=lambda path: path.stem)
def test_builtin_loads_without_problems(path: Path) -> None:
    loaded = load_file(path)
    assert loaded.problems == (), [problem.format() for problem in loaded.problems]
    assert loaded.exercise is not None
    assert loaded.exercise.revision >= 1


@pytest.mark.parametrize("exercise_id", BUILTIN_IDS)
def test_read_screens_are_short_and_solo_wording_has_no_partner(exercise_id: str) -> None:
    exercise = load(exercise_id)
    for step in exercise.steps:
        if step.kind == "read":
            for text in (step.text, step.solo_text):
                assert len(text.split()) <= READ_WORDS, f"{step.id}: {len(text.split())} words"
        if step.only != "together" and "solo" in exercise.modes():
            shown_alone = step.solo_text or step.text
            assert not ROLE_PLACEHOLDER.search(shown_alone), f"{step.id} needs solo_text"


@pytest.mark.parametrize("exercise_id", BUILTIN_IDS)
def test_no_ready_made_option_sets_off_a_nudge(exercise_id: str) -> None:
    exercise = load(exercise_id)
    labels = [
        option
        for step in exercise.steps
        for holder in (step, *getattr(step, "slots", ()))
        for option in getattr(holder, "options", ())
    ]
    phrases = [phrase.casefold() for nudge in exercise.nudges for phrase in nudge.phrases]
    for label in labels:
        assert not [phrase for phrase in phrases if phrase in label.casefold()], label


@pytest.mark.parametrize(("exercise_id", "mode"), CASES)
def test_builtin_plays_through_every_step_and_branch(exercise_id: str, mode: str) -> None:
    exercise = load(exercise_id)
    plays = every_play(exercise, mode)
    visited = {step_id for played in plays for step_id in played.steps}
    transitions = set().union(*(played.transitions for played in plays))
    steps = mode_steps(exercise, mode)
    missing = {step.id for step in steps} - visited
    assert not missing, f"never visited in {mode}: {sorted(missing)}"
    assert visited <= {step.id for step in steps}
    for position, step in enumerate(steps):
        for branch in step.branches:
            assert (step.id, branch.goto) in transitions, f"{step.id} -> {branch.goto} never taken"
        always = any(branch.when is None and branch.limit is None for branch in step.branches)
        if step.branches and not always:
            after = steps[position + 1].id if position + 1 < len(steps) else None
            assert (step.id, after) in transitions, f"{step.id} never fell through"


@pytest.mark.parametrize(("exercise_id", "mode"), CASES)
def test_every_nudge_fires_somewhere(exercise_id: str, mode: str) -> None:
    exercise = load(exercise_id)
    played = play(exercise, mode, Answerer())
    assert played.nudged == {nudge.id for nudge in exercise.nudges}


def paraphrase_rounds(ratings: list[int]) -> tuple[int, list[tuple[str | None, str | None]]]:
    exercise = load("reflective-paraphrase")
    played = play(exercise, "together", Answerer(pick="first", scales=ratings))
    raters = [(actor, role) for step_id, actor, role in played.turns if step_id == "rate"]
    return played.steps.count("paraphrase"), raters


def test_paraphrase_repeats_up_to_its_limit_then_swaps_roles() -> None:
    # Always "not quite yet": three repeats for each speaker, then on.
    count, raters = paraphrase_rounds([1] * 10)
    assert count == 2 * (1 + 3)
    assert raters == [("a", "speaker")] * 4 + [("b", "speaker")] * 4


def test_paraphrase_that_lands_moves_on_to_the_swap() -> None:
    count, raters = paraphrase_rounds([2, 5, 4])
    assert count == 3
    assert [actor for actor, _ in raters] == ["a", "a", "b"]


def test_calm_check_in_can_go_ahead_or_postpone() -> None:
    exercise = load("calm-check-in")
    ahead = play(exercise, "together", Answerer(pick="first")).steps
    later = play(exercise, "together", Answerer(pick="last")).steps
    assert "go-ahead" in ahead and "postpone-when" not in ahead
    assert "postpone-promise" in later and "go-ahead" not in later
    assert ahead[-1] == later[-1] == "close"


def test_shared_meaning_compares_both_lists() -> None:
    played = play(load("shared-meaning"), "together", Answerer())
    assert len(played.comparisons) == 4
    for comparison in played.comparisons:
        assert comparison.both == ("a walk after dinner", "old films")
        assert comparison.only == {"a": ("Sunday cooking",), "b": ("music in the kitchen",)}


def test_daily_check_in_keeps_its_sparkline_scales() -> None:
    exercise = load("daily-check-in")
    for step_id in ("mood", "energy"):
        step = exercise.step(step_id)
        assert isinstance(step, ScaleStep)
        assert (step.min, step.max, step.who) == (1, 5, "each")
    assert (exercise.minutes, exercise.depth, exercise.audience) == (2, "light", "either")
