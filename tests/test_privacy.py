"""Private means private, in every path: the engine's one rule, held on every turn.

Together, one person's ``private`` answer is never put in front of the other
before a compare or summary step reveals it: not in a step's text (its
placeholders), not brought back by Back across a hand-off, not in a summary,
not on the end card, not in history or an export. One no step reveals stays
private for good.

The guard plays whole sessions (every built-in, and generated exercises),
giving each person's answers words that can be searched for, and at every
turn checks what the engine hands the screen, what Back would bring back,
and what a saved copy would show, against what has been revealed so far.
"""

from __future__ import annotations

import random
from typing import Any

import attrs
import pytest

from reconnect_tui.engine import Session
from reconnect_tui.engine.answers import VALUE_KINDS
from reconnect_tui.engine.privacy import ANYONE, hidden_note, who_will_see
from reconnect_tui.exercises.model import (
    Branch,
    ChoiceStep,
    CompareStep,
    ComposeStep,
    Condition,
    Exercise,
    ListStep,
    OptionGroup,
    ReadStep,
    Step,
    SummaryStep,
    TextStep,
)
from reconnect_tui.progress.export import answer_rows
from reconnect_tui.progress.store import SavedSession
from tests.builders import exercise, realistic_exercise
from tests.test_builtin_exercises import ALL_IDS, ANSWERERS, Answerer, FakeClock, load

NAMES = ("Sam", "Alex")


# -- the rule itself ------------------------------------------------------------------------


def note(private: bool | None, owner: str, viewer: str, **kw: Any) -> str | None:
    fields = {"mode": "together", "revealed": (), "finished": False} | kw
    return hidden_note("x", private, owner, viewer, **fields)


def test_the_rule_in_one_table() -> None:
    assert note(True, "a", "a") is None  # your own words
    assert note(True, "both", "b") is None  # said together
    assert note(True, "a", "b") == "(kept private for now)"
    assert note(True, "a", "both") == "(kept private for now)"
    assert note(True, "a", "b", revealed=("x",)) is None  # the reveal is the door
    assert note(True, "a", "both", finished=True) == "(kept private)"  # for good
    assert note(True, "a", "b", mode="solo") is None
    assert note(None, "a", ANYONE, finished=True) == "(kept private)"  # step gone: unknown
    # Not private: the session shows it as the author wrote; outside it, once both saw it.
    assert note(False, "a", "b") is None
    assert note(False, "a", ANYONE) == "(not shared yet)"
    assert note(False, "a", ANYONE, finished=True) is None
    assert note(False, "a", ANYONE, revealed=("x",)) is None
    assert note(True, "a", ANYONE, finished=True) == "(kept private)"


# -- Back never crosses into the other person's private words --------------------------------

MAPS = exercise(
    ReadStep(id="hello", text="Hello."),
    TextStep(id="quiet", who="each", private=True, text="{name}: what do you do?"),
    TextStep(id="under", who="each", private=True, text="And underneath?"),
    ReadStep(id="between", text="Both here. {name}"),
    TextStep(id="open", who="each", text="Something for {partner} to read."),
    SummaryStep(id="maps", steps=["quiet", "under"], text="Your maps, side by side."),
    TextStep(id="after", who="each", text="Now: {partner_answer.quiet}"),
    id="maps",
)


def together(ex: Exercise = MAPS) -> Session:
    return Session.start(ex, mode="together", names=list(NAMES), clock=FakeClock())


def answer(session: Session, value: Any) -> None:
    session.acknowledge_handoff()
    assert session.answer(value).accepted, value


def test_back_does_not_bring_the_other_persons_private_answer_back() -> None:
    session = together()
    answer(session, None)  # hello
    answer(session, "sam quiet")
    answer(session, "sam under")
    session.acknowledge_handoff()
    assert session.current.actor == "b"
    # Alex is at the keyboard: Back would put Sam's words behind a cover Alex can pass.
    assert not session.can_back
    assert not session.back()
    assert session.current.actor == "b" and not session.current.handoff
    assert session.answers()["under"] == {"a": "sam under"}  # nothing lost
    answer(session, "alex quiet")
    assert session.can_back  # Alex's own words: Back is there again
    assert session.back()
    assert session.current.prefill == "alex quiet"
    answer(session, "alex quiet")
    answer(session, "alex under")
    # Both at the screen, nothing revealed yet: Back stops here too.
    assert session.current.step.id == "between"
    assert not session.can_back


def test_back_stops_at_words_not_yet_shown_to_both_even_when_not_private() -> None:
    session = together()
    for value in (None, "sam quiet", "sam under"):
        answer(session, value)
    for value in ("alex quiet", "alex under", None, "alex open"):
        answer(session, value)  # Alex has the keyboard after "between", so goes first
    session.acknowledge_handoff()
    assert session.current.actor == "a" and session.current.step.id == "open"
    # Alex's "open" is not private, but nothing has shown it to Sam yet: Sam pressing
    # Back, then Enter on the cover, would read it early (History would not show it).
    assert not session.can_back


def test_back_through_a_skip_then_again_does_not_reach_the_other_persons_words() -> None:
    # Found in a walk: Sam skips an optional last step of the run; Alex presses Back,
    # which brings nothing back (a skip), passes the cover meant for Sam, and presses
    # Back again. The cover proves nobody's identity: Sam's earlier words stay put.
    ex = exercise(
        TextStep(id="thanks", who="each", text="One thanks."),
        TextStep(id="need", who="each", optional=True, text="One need."),
        id="check",
    )
    session = together(ex)
    answer(session, "sam thanks")
    session.skip()
    session.acknowledge_handoff()
    assert session.current.actor == "b"
    assert session.back()  # the skip: no words come back
    assert session.current.handoff
    session.acknowledge_handoff()  # Alex passes the cover meant for Sam
    assert not session.can_back and not session.back()
    assert "sam thanks" not in repr(session.current)
    # Sam, there for real, answers; those words are Sam's own to take back.
    answer(session, "sam need")
    assert session.back() and session.current.prefill == "sam need"


def test_a_session_picked_up_again_keeps_who_may_take_back_what() -> None:
    session = together()
    for value in (None, "sam quiet", "sam under"):
        answer(session, value)
    twin = Session.restore(MAPS, session.to_data(), clock=FakeClock())
    twin.ask_for_keyboard()
    twin.acknowledge_handoff()
    assert not twin.can_back  # whoever passed the cover, Sam's words stay put


def test_after_the_reveal_back_may_bring_revealed_words_back() -> None:
    ex = attrs.evolve(
        MAPS,
        steps=[
            SummaryStep(id="maps", steps=["quiet", "under", "open"]) if step.id == "maps" else step
            for step in MAPS.steps
        ],
    )
    session = together(ex)
    for value in (None, "sam quiet", "sam under", "alex quiet", "alex under", None):
        answer(session, value)
    answer(session, "alex open")
    answer(session, "sam open")
    session.acknowledge_handoff()
    assert session.current.step.id == "maps"
    texts = [item.text for item in session.summary()]
    assert "sam quiet" in texts and "alex under" in texts
    # Both have just seen it all: Back may bring Sam's words back, behind a cover.
    assert session.back()
    assert session.current.handoff and session.current.prefill == "sam open"


def test_placeholders_wait_for_the_reveal_and_then_show() -> None:
    session = together()
    for value in (None, "sam quiet", "sam under", "alex quiet", "alex under"):
        answer(session, value)
    assert "sam quiet" not in session.current.text
    for value in (None, "sam open", "alex open", None):
        answer(session, value)
    session.acknowledge_handoff()
    assert session.current.step.id == "after"
    assert session.current.text == "Now: alex quiet"  # revealed by the summary


def test_the_end_card_says_kept_private_for_good() -> None:
    ex = exercise(
        TextStep(id="secret", who="each", private=True),
        TextStep(id="plain", who="each"),
        id="secret-kept",
    )
    session = together(ex)
    for value in ("sam secret", "alex secret", "sam plain", "alex plain"):
        answer(session, value)
    assert session.finished
    texts = {(item.step_id, item.person): item.text for item in session.summary()}
    assert texts[("secret", "a")] == texts[("secret", "b")] == "(kept private)"
    assert texts[("plain", "b")] == "alex plain"


# -- the person answering alone is told who will see it --------------------------------------

TOLD = exercise(
    TextStep(id="kept", who="each", private=True, text="Just for you."),
    TextStep(id="shown", who="each", private=True, text="Your hopes."),
    TextStep(id="plain", who="each", text="Something to share."),
    TextStep(id="echoed", who="each", text="A word."),
    TextStep(id="worded", who="each", text="{partner} will see this beside theirs."),
    TextStep(id="ours", text="Together: {partner_answer.echoed}"),
    SummaryStep(id="hopes", steps=["shown"]),
    id="told",
)


def test_whoever_answers_alone_is_told_who_will_see_it_and_when() -> None:
    session = together(TOLD)
    told = {}
    while not session.finished:
        session.acknowledge_handoff()
        turn = session.current
        told.setdefault((turn.step.id, turn.actor), turn.seen_by)
        session.answer(None if turn.step.kind == "summary" else "words")
    assert told[("kept", "a")] == "This one stays with you: Alex won't see it."
    assert told[("kept", "b")] == "This one stays with you: Sam won't see it."
    assert told[("shown", "a")] == "Alex will see this later on."  # the summary reveals it
    assert told[("plain", "b")] == "Sam will see this at the end."
    assert told[("echoed", "a")] == "Alex will see this later on."  # a placeholder shows it
    assert told[("worded", "a")] == ""  # the step says so in its own words
    assert told[("ours", None)] == ""  # said together: nobody to tell
    alone = Session.start(TOLD, mode="solo", names=["Sam"], clock=FakeClock())
    assert alone.current.seen_by == ""


@pytest.mark.parametrize("exercise_id", [eid for eid in ALL_IDS if "together" in load(eid).modes()])
def test_every_builtin_step_answered_alone_says_who_sees_it_once(exercise_id: str) -> None:
    ex = load(exercise_id)
    for step in ex.steps:
        if step.only == "solo" or step.who == "both" or step.kind not in VALUE_KINDS:
            continue
        line = who_will_see(ex, step, "together")
        said = "will see" in step.text or "won't see" in step.text
        assert said != bool(line), f"{step.id}: told {'twice' if said else 'never'}"


# -- the guard: whole sessions, every turn ----------------------------------------------------


@attrs.define
class Marked(Answerer):
    """An answerer whose words say whose they are and where they were given."""

    given: int = 0

    def answer(self, step: Step, actor: str | None) -> Any:
        value = super().answer(step, actor)
        self.given += 1
        mark = f"hush{actor or 'both'}{self.given}x"
        if isinstance(step, TextStep):
            return (mark + " " * max(0, step.min_length - len(mark)) + ".")[: step.max_length]
        if isinstance(step, ListStep):
            return [f"{mark} {item}"[: step.item_max_length] for item in value]
        if isinstance(step, ComposeStep):
            slots = {slot.name: slot for slot in step.slots}
            return {
                name: mark
                if slots[name].kind == "text" or (self.other and slots[name].other)
                else text
                for name, text in value.items()
            }
        if isinstance(step, ChoiceStep) and step.other and self.other:
            return [*value[:-1], mark]
        return value


@attrs.define
class Secret:
    """One person's private words, and whether a reveal has shown them to both yet."""

    owner: str
    step_id: str
    words: list[str]
    revealed: bool = False
    told: str = ""


def words_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip(" .")] if value.startswith("hush") else []
    if isinstance(value, list | tuple):
        return [word for item in value for word in words_in(item)]
    if isinstance(value, dict):
        return [word for item in value.values() for word in words_in(item)]
    return []


def on_screen(session: Session) -> str:
    """Everything the engine hands the screen for the current turn (or the end card)."""
    turn = session.current
    parts: list[str] = []
    if turn is not None:
        parts += [turn.text, turn.title, repr(turn.prefill)]
        if isinstance(turn.step, CompareStep):
            comparison = session.comparison()
            parts += [*comparison.both, *(i for items in comparison.only.values() for i in items)]
    if turn is None or isinstance(turn.step, SummaryStep):
        parts += [item.text for item in session.summary()]
    return "\n".join(parts)


def saved(session: Session) -> SavedSession:
    return SavedSession(
        id="x",
        exercise_id=session.exercise.id,
        title="x",
        started="2026-01-01T00:00:00+00:00",
        updated="2026-01-01T00:00:00+00:00",
        mode=session.mode,
        people=list(NAMES),
        finished=session.finished,
        state=session.to_data(),
        answers=session.answers(),
    )


def assert_hidden(secrets: list[Secret], viewer: str, text: str, where: str) -> None:
    for secret in secrets:
        if secret.revealed or secret.owner == viewer:
            continue
        for words in secret.words:
            assert words not in text, f"{where}: {secret.owner}'s {secret.step_id} seen by {viewer}"


def reveal(secrets: list[Secret], session: Session) -> None:
    """The current step is a reveal: what it names, given before now, is shown to both."""
    step = session.current.step if session.current else None
    if isinstance(step, CompareStep):
        named = {step.step}
    elif isinstance(step, SummaryStep):
        named = set(step.steps) or {secret.step_id for secret in secrets}
    else:
        return
    for secret in secrets:
        if secret.step_id in named:
            # Whoever was told their answer stays with them must never see it shown.
            assert "won't see" not in secret.told, f"{secret.step_id} was said to stay private"
            secret.revealed = True


def guard(ex: Exercise, answerer: Answerer) -> int:
    """Play *ex* together, checking every path at every turn; the number of turns checked."""
    clock = FakeClock()
    session = Session.start(ex, mode="together", names=list(NAMES), clock=clock)
    answerer = Marked(**attrs.asdict(answerer, recurse=False))
    secrets: list[Secret] = []
    turns = 0
    for _ in range(600):
        if session.finished:
            break
        session.acknowledge_handoff()
        turn = session.current
        assert turn is not None
        viewer = turn.actor or "both"
        reveal(secrets, session)
        where = f"{ex.id}.{turn.step.id}"
        assert_hidden(secrets, viewer, on_screen(session), where)
        # History or an export opened now: either person may be reading.
        rows = "\n".join(row.text for row in answer_rows(saved(session), ex))
        assert_hidden(secrets, ANYONE, rows, f"{where} (saved)")
        # Back pressed now, again and again, each cover passed by the same person.
        copy = Session.restore(ex, session.to_data(), clock=clock)
        copy.acknowledge_handoff()
        presses = 0
        while copy.back():
            copy.acknowledge_handoff()
            presses += 1
            assert_hidden(secrets, viewer, on_screen(copy), f"{where} (Back x{presses})")
        turns += 1
        clock.now += 10_000
        step = turn.step
        if step.optional and answerer.skip_optional:
            assert session.skip()
            continue
        value = answerer.answer(step, turn.actor)
        assert session.answer(value).accepted, (where, value)
        if step.private and turn.actor is not None:
            secrets.append(Secret(turn.actor, step.id, words_in(value), told=turn.seen_by))
    assert session.finished, ex.id
    assert_hidden(secrets, "both", on_screen(session), f"{ex.id} end card")
    rows = "\n".join(row.text for row in answer_rows(saved(session), ex))
    assert_hidden(secrets, ANYONE, rows, f"{ex.id} export")
    return turns


TOGETHER_IDS = [eid for eid in ALL_IDS if "together" in load(eid).modes()]


@pytest.mark.parametrize("exercise_id", TOGETHER_IDS)
def test_no_private_answer_is_seen_before_its_reveal_in_any_builtin(exercise_id: str) -> None:
    ex = load(exercise_id)
    for answerer in ANSWERERS:
        assert guard(ex, attrs.evolve(answerer)) > 0


def test_the_builtins_with_private_steps_are_guarded() -> None:
    private = {eid for eid in TOGETHER_IDS if any(step.private for step in load(eid).steps)}
    assert {"the-loop", "what-we-expected", "presence-without-pressure"} <= private


def _with_private_steps(seed: int) -> Exercise:
    """A generated exercise: each answers alone, some privately, and one round comes back."""
    rng = random.Random(seed)
    ex = realistic_exercise(rng, seed)
    steps = [
        attrs.evolve(step, who="each", private=step.kind == "list" or rng.random() < 0.6)
        if step.kind in VALUE_KINDS
        else step
        for step in ex.steps
    ]
    again = ChoiceStep(
        id="round",
        who="each",
        groups=[OptionGroup(label="Again?", options=["once more", "done"])],
        branches=[
            Branch(goto="close", when=Condition(step="round", op="is", value="once more"), limit=1)
        ],
    )
    return attrs.evolve(ex, steps=[*steps, again])


@pytest.mark.parametrize("seed", range(12))
def test_no_private_answer_is_seen_before_its_reveal_in_generated_exercises(seed: int) -> None:
    ex = _with_private_steps(seed)
    for answerer in ANSWERERS[:2]:
        guard(ex, attrs.evolve(answerer))
