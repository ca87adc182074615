"""The built-in exercises: they load cleanly and play to the end in every mode.

Each exercise is played by a scripted answerer that builds a valid answer for
each step from the step's own definition. Several answerers per mode (low,
high, skipping, mixed) between them take every branch, every fall-through and
visit every step that belongs to the mode.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from pathlib import Path
from typing import Any

import attrs
import pytest

from reconnect_tui.engine import Session
from reconnect_tui.engine.answers import VALUE_KINDS
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
# The seven from the start, then the four issue 13 added.
FIRST_IDS = (
    "noticing-shifts",
    "i-statement",
    "reflective-paraphrase",
    "shared-meaning",
    "calm-check-in",
    "daily-check-in",
    "finding-support",
)
NEW_IDS = ("the-loop", "pause-and-return", "presence-without-pressure", "what-we-expected")
BUILTIN_IDS = FIRST_IDS + NEW_IDS
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
        turn_after: after this many choice answers, pick from the other end, so
            a later choice (such as "stop here" after a second round) is taken
            while the earlier ones went the other way.
    """

    pick: str = "first"
    skip_optional: bool = False
    other: bool = False
    scales: list[int] = attrs.field(factory=list)
    turn_after: int | None = None
    choices: int = 0

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
        self.choices += 1
        turned = self.turn_after is not None and self.choices > self.turn_after
        if (self.pick == "last") != turned:
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
    Answerer(pick="last"),
    Answerer(pick="last", skip_optional=True),
    Answerer(pick="first", other=True, scales=[2, 5, 5]),
    Answerer(pick="first", turn_after=3),
)


def every_play(exercise: Exercise, mode: str) -> list[Played]:
    return [play(exercise, mode, attrs.evolve(answerer)) for answerer in ANSWERERS]


def mode_steps(exercise: Exercise, mode: str) -> list[Step]:
    return [step for step in exercise.steps if step.only in (None, mode)]


def modes_of(exercise_id: str) -> list[str]:
    return list(load(exercise_id).modes())


# Every file in exercises/, so a new built-in is played without being listed here.
ALL_IDS = [path.stem for path in builtin_paths()]
CASES = [(eid, mode) for eid in ALL_IDS for mode in modes_of(eid)]


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


@pytest.mark.parametrize("exercise_id", NEW_IDS)
def test_new_exercises_validate_without_warnings_and_work_alone_and_together(
    exercise_id: str,
) -> None:
    loaded = load_file(EXERCISES_DIR / f"{exercise_id}.toml")
    assert loaded.problems == (), [problem.format() for problem in loaded.problems]
    assert loaded.exercise is not None
    assert loaded.exercise.id == exercise_id
    assert loaded.exercise.modes() == ("solo", "together")


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_read_screens_are_short_and_solo_wording_has_no_partner(exercise_id: str) -> None:
    exercise = load(exercise_id)
    for step in exercise.steps:
        if step.kind == "read":
            for text in (step.text, step.solo_text):
                assert len(text.split()) <= READ_WORDS, f"{step.id}: {len(text.split())} words"
        if step.only != "together" and "solo" in exercise.modes():
            shown_alone = step.solo_text or step.text
            assert not ROLE_PLACEHOLDER.search(shown_alone), f"{step.id} needs solo_text"


@pytest.mark.parametrize("exercise_id", ALL_IDS)
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


SKIP = object()


def script(
    exercise: Exercise, mode: str, replies: dict[str, list[Any]]
) -> list[tuple[str, str | None, str]]:
    """Play *exercise*, answering the steps named in *replies* in order (SKIP skips).

    Other steps get the plain Answerer's reply. Returns (step id, actor, text shown).
    """
    clock = FakeClock()
    session = Session.start(exercise, mode=mode, names=NAMES[mode], clock=clock)
    queues = {step_id: list(values) for step_id, values in replies.items()}
    seen = []
    for _ in range(200):
        if session.finished:
            break
        session.acknowledge_handoff()
        turn = session.current
        assert turn is not None
        seen.append((turn.step.id, turn.actor, turn.text))
        clock.now += 10_000
        queue = queues.get(turn.step.id)
        value = queue.pop(0) if queue else Answerer().answer(turn.step, turn.actor)
        if value is SKIP:
            assert session.skip(), turn.step.id
        else:
            assert session.answer(value).accepted, (turn.step.id, value)
    assert session.finished
    return seen


def steps_of(seen: list[tuple[str, str | None, str]]) -> list[str]:
    return [step_id for step_id, _, _ in seen]


def test_paraphrase_that_lands_goes_straight_to_the_end_of_the_turn() -> None:
    seen = script(load("reflective-paraphrase"), "together", {"rate": [["That's it"]] * 2})
    steps = steps_of(seen)
    assert "again" not in steps and "adjust" not in steps
    # Swapped once: each of them spoke once, and "next" was asked only once.
    assert [actor for step_id, actor, _ in seen if step_id == "share"] == ["a", "b"]
    assert steps.count("next") == 1 and steps[-2:] == ["turn-done", "close"]


def test_paraphrase_tries_once_more_showing_what_the_speaker_added() -> None:
    replies = {
        "rate": [["Not quite yet"], ["Mostly"]],
        "adjust": ["sam added this", "alex added this"],
        "rate-again": [["Not quite yet"], ["That's it"]],
    }
    seen = script(load("reflective-paraphrase"), "together", replies)
    steps = steps_of(seen)
    # One more try per speaker, never a third: the count of steps cannot run on.
    assert steps.count("again") == 2 and steps.count("rate-again") == 2
    again = [(actor, text) for step_id, actor, text in seen if step_id in ("again", "say-again")]
    # Alex listens first and sees Sam's words; after the swap Sam sees Alex's, not their own.
    assert [actor for actor, _ in again] == ["b", "b", "a", "a"]
    assert all("sam added this" in text for _, text in again[:2])
    assert all("alex added this" in text and "sam added" not in text for _, text in again[2:])


def test_say_it_back_shows_the_paraphrase_feeling_and_question() -> None:
    replies = {
        "paraphrase": ["the week was long"],
        "emotion": [["tired", "lonely"]],
        "question": ["what was hardest?"],
        "next": [["Stop here for today"]],
    }
    seen = script(load("reflective-paraphrase"), "together", replies)
    (text,) = [text for step_id, _, text in seen if step_id == "reflect"]
    for part in ("the week was long", "tired, lonely", "what was hardest?"):
        assert part in text


def test_paraphrase_can_stop_after_one_turn_or_a_skipped_addition() -> None:
    replies = {"rate": [["Mostly"]], "adjust": [SKIP], "next": [["Stop here for today"]]}
    steps = steps_of(script(load("reflective-paraphrase"), "together", replies))
    assert steps.count("share") == 1 and "again" not in steps
    assert steps[-3:] == ["turn-done", "next", "close"]
    solo = steps_of(
        script(load("reflective-paraphrase"), "solo", {"more-after-1": [["Stop here for today"]]})
    )
    assert "example-2" not in solo and solo[-1] == "close"


def test_calm_check_in_can_go_ahead_or_postpone() -> None:
    exercise = load("calm-check-in")
    ahead = play(exercise, "together", Answerer(pick="first")).steps
    later = play(exercise, "together", Answerer(pick="last")).steps
    assert "go-ahead" in ahead and "postpone-when" not in ahead
    assert "postpone-promise" in later and "go-ahead" not in later
    assert ahead[-1] == later[-1] == "close"
    assert not load("calm-check-in").step("go-ahead").text.startswith("Good")


@pytest.mark.parametrize("who_waits", [0, 1])
def test_calm_check_in_either_persons_not_yet_is_the_answer(who_waits: int) -> None:
    picks = [["Yes, I'm ready now"], ["Yes, I'm ready now"]]
    picks[who_waits] = ["Not yet, I'd like another time"]
    seen = script(load("calm-check-in"), "together", {"good-time": picks})
    assert [actor for step_id, actor, _ in seen if step_id == "good-time"] == ["b", "a"]
    assert "postpone-when" in steps_of(seen) and "go-ahead" not in steps_of(seen)


@pytest.mark.parametrize(
    ("step_id", "low"),
    [("rest", "running on empty"), ("food", "very hungry"), ("stress", "wound up")],
)
def test_calm_check_in_reflects_running_low_back_before_asking(step_id: str, low: str) -> None:
    first = load("calm-check-in").step(step_id).options[0]
    seen = script(load("calm-check-in"), "together", {step_id: [[first], [low]]})
    steps = steps_of(seen)
    assert steps.index("running-low") == steps.index("good-time") - 1
    (text,) = [text for step_id, _, text in seen if step_id == "running-low"]
    assert f"Alex: {low}" in text and "more than pushing on" in text
    calm = steps_of(script(load("calm-check-in"), "together", {}))
    assert "running-low" not in calm


def test_daily_check_in_points_to_support_on_the_lowest_mood_only() -> None:
    low = steps_of(script(load("daily-check-in"), "together", {"mood": [3, 1]}))
    assert low[-2:] == ["low-day", "close"]
    assert "low-day" not in steps_of(script(load("daily-check-in"), "solo", {"mood": [2]}))
    assert "support page (Ctrl+G or F3)" in load("daily-check-in").step("low-day").text


def test_daily_check_in_appreciation_may_be_skipped() -> None:
    step = load("daily-check-in").step("appreciation")
    assert step.optional and "nothing comes to mind today" in step.text.casefold()
    replies = {"appreciation": [SKIP, SKIP]}
    assert steps_of(script(load("daily-check-in"), "together", replies))[-1] == "close"


def test_shared_meaning_offers_a_short_round() -> None:
    short = steps_of(script(load("shared-meaning"), "together", {"path": [["The short round"]]}))
    assert "values" not in short and "hopes" not in short and "halfway" not in short
    assert short[short.index("compare-activities") + 1] == "activity"
    full = steps_of(script(load("shared-meaning"), "together", {}))
    assert {"values", "halfway", "hopes", "rituals"} <= set(full)


def test_shared_meaning_hopes_may_be_left_empty() -> None:
    seen = script(load("shared-meaning"), "together", {"hopes": [SKIP, ["a trip"]]})
    assert "compare-hopes" in steps_of(seen)


def test_i_statement_listener_need_is_said_back() -> None:
    need = {"feeling": "tired", "situation": "plans get rushed", "request": "we slowed down"}
    seen = script(load("i-statement"), "together", {"own-need": [need]})
    (text,) = [text for step_id, actor, text in seen if step_id == "own-need-heard"]
    assert "I feel tired when plans get rushed" in text
    assert [a for step_id, a, _ in seen if step_id == "own-need-heard"] == ["a"]
    skipped = steps_of(script(load("i-statement"), "together", {"own-need": [SKIP]}))
    assert "own-need-heard" not in skipped and "small-step" in skipped
    reply = load("i-statement").step("reply").text
    # The listener sees the sentence and says it back before reacting to it.
    assert "{answer.statement}" in reply and "Before anything of your own" in reply


def test_noticing_shifts_shows_what_is_to_be_said_and_a_time_to_continue() -> None:
    replies = {"shifts": [["fewer calls", "shorter talks"]], "when-next": ["Sunday at ten"]}
    seen = script(load("noticing-shifts"), "together", replies)
    texts = {step_id: text for step_id, _, text in seen}
    assert "fewer calls; shorter talks" in texts["focus"]
    assert "Sunday at ten" in texts["close"]
    assert load("noticing-shifts").step("share").kind == "summary"
    wonder = load("noticing-shifts").step("wonder")
    assert {"Not sure yet", "I'd rather not say"} <= set(wonder.options)
    solo = script(load("noticing-shifts"), "solo", {})
    (moment,) = [text for step_id, _, text in solo if step_id == "moment"]
    assert "Lately it seems we've been" in moment


def test_finding_support_asks_nothing_and_points_to_the_support_page() -> None:
    # The words live in reconnect_tui/support.py (tests/test_support.py); in the app
    # this card opens the support page, with no session (tests/ui/test_support.py).
    exercise = load("finding-support")
    assert all(step.kind == "read" for step in exercise.steps)
    words = " ".join(step.text for step in exercise.steps)
    assert "Ctrl+G or F3" in words and "reconnect support" in words
    assert "isn't shown" not in words and "not shown" not in words


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


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_whoever_answers_alone_is_told_the_other_will_see_it(exercise_id: str) -> None:
    # The end card (and compare or summary steps) shows one person's answers to
    # the other, so the step where they answer says so first.
    exercise = load(exercise_id)
    for step in mode_steps(exercise, "together") if "together" in exercise.modes() else ():
        if step.who != "both" and step.kind in VALUE_KINDS:
            assert "will see" in step.text, f"{step.id} does not say who will see it"


GUIDE_NOTES = EXERCISES_DIR.parent.parent / "shared" / "guide-notes.md"
RUN = 8


def words_of(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.casefold().replace("\u2019", "'"))


def runs_of(text: str) -> set[tuple[str, ...]]:
    """Every run of RUN words in a row, as lower-case words without punctuation."""
    words = words_of(text)
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_in(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    return []


def test_runs_of_words_are_counted_across_punctuation_and_case() -> None:
    assert runs_of("One, two three; Four five six seven EIGHT nine") == {
        ("one", "two", "three", "four", "five", "six", "seven", "eight"),
        ("two", "three", "four", "five", "six", "seven", "eight", "nine"),
    }


@pytest.mark.skipif(not GUIDE_NOTES.exists(), reason="the guide notes sit beside the repository")
@pytest.mark.parametrize("path", builtin_paths(), ids=lambda path: path.stem)
def test_no_builtin_text_copies_eight_words_in_a_row_from_the_guide_notes(path: Path) -> None:
    source = runs_of(GUIDE_NOTES.read_text(encoding="utf-8"))
    texts = strings_in(tomllib.loads(path.read_text(encoding="utf-8")))
    copied = {" ".join(run) for text in texts for run in runs_of(text) & source}
    assert not copied, sorted(copied)
