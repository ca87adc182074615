"""Runs of each steps, branch limits per role turn, and roles when alone."""

from __future__ import annotations

import json
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconnect_tui.engine import Session
from reconnect_tui.exercises.library import load_file
from reconnect_tui.exercises.model import (
    Branch,
    Condition,
    Exercise,
    ListStep,
    ReadStep,
    ScaleStep,
    Step,
    SummaryStep,
    TextStep,
)
from tests.builders import exercise, opened

EXERCISES = Path(__file__).resolve().parent.parent / "exercises"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def together(ex: Exercise, **options: object) -> Session:
    return Session.start(ex, mode="together", names=["Sam", "Alex"], clock=FakeClock(), **options)


def value_for(step: Step) -> object:
    return {"text": "words", "scale": 3, "list": ["tea"]}.get(step.kind)


def walk(session: Session, values: dict[str, list[object]] | None = None) -> list[tuple]:
    """Play to the end: (step, actor, hand-off asked, visit) for every turn."""
    values = {key: list(items) for key, items in (values or {}).items()}
    seen = []
    while not session.finished:
        assert len(seen) < 200, f"no end in sight: {seen[-12:]}"
        turn = session.current
        seen.append((turn.step.id, turn.actor, turn.handoff, turn.visit))
        session.acknowledge_handoff()
        queued = values.get(turn.step.id)
        value = queued.pop(0) if queued else value_for(turn.step)
        assert session.answer(value).accepted
    return seen


def handoffs(seen: list[tuple]) -> int:
    return sum(1 for _, _, asked, _ in seen if asked)


# Like the daily check-in: one shared screen, four each steps, one shared close.
DAILY = exercise(
    ReadStep(id="hello"),
    ScaleStep(id="mood", who="each"),
    ScaleStep(id="energy", who="each"),
    TextStep(id="thanks", who="each", text="{partner} said: {partner_answer.mood}"),
    TextStep(id="need", who="each", optional=True),
    ReadStep(id="bye"),
)


def test_a_run_of_each_steps_is_done_by_one_person_then_the_other() -> None:
    seen = walk(together(DAILY))
    assert seen == [
        ("hello", None, False, 1),
        ("mood", "a", False, 1),
        ("energy", "a", False, 1),
        ("thanks", "a", False, 1),
        ("need", "a", False, 1),
        ("mood", "b", True, 1),
        ("energy", "b", False, 1),
        ("thanks", "b", False, 1),
        ("need", "b", False, 1),
        ("bye", None, False, 1),
    ]


def test_the_daily_check_in_needs_one_hand_off_instead_of_seven() -> None:
    daily = load_file(EXERCISES / "daily-check-in.toml").exercise
    seen = walk(together(daily))
    assert handoffs(seen) == 1
    assert [actor for _, actor, _, _ in seen] == [None] + ["a"] * 4 + ["b"] * 4 + [None]


def test_partner_answers_in_a_run_show_once_given() -> None:
    session = together(DAILY)
    for value in (None, 4, 2):
        session.acknowledge_handoff()
        assert session.answer(value).accepted
    # Sam is first through the run: Alex has not answered yet.
    assert session.current.text == "Alex said: (left blank)"
    for value in ("x", None, 5, 1):
        session.acknowledge_handoff()
        assert session.answer(value).accepted
    assert (session.current.step.id, session.current.actor) == ("thanks", "b")
    assert session.current.text == "Sam said: 4 of 5"


def test_an_each_step_starts_with_whoever_has_the_keyboard() -> None:
    ex = exercise(
        TextStep(id="talk", who="listener"),
        ReadStep(id="both-read"),
        TextStep(id="note", who="each"),
        TextStep(id="again", who="speaker"),
        TextStep(id="last", who="each"),
        roles=("speaker", "listener"),
    )
    seen = walk(together(ex))
    # The listener (Alex) typed last; a shared screen in between changes nothing.
    assert seen == [
        ("talk", "b", False, 1),
        ("both-read", None, False, 1),
        ("note", "b", False, 1),
        ("note", "a", True, 1),
        ("again", "a", False, 1),
        ("last", "a", False, 1),
        ("last", "b", True, 1),
    ]
    # Before anyone has typed alone: the speaker starts, or Sam without roles.
    opening = exercise(ReadStep(id="r"), TextStep(id="note", who="each"), roles=("s", "l"))
    assert together(opening, first_role="b").to_data()["state"]["lead"] == "b"
    assert [actor for _, actor, _, _ in walk(together(opening, first_role="b"))] == [
        None,
        "b",
        "a",
    ]
    plain = exercise(ReadStep(id="r"), TextStep(id="note", who="each"))
    assert [actor for _, actor, _, _ in walk(together(plain))] == [None, "a", "b"]


BRANCHY = exercise(
    ScaleStep(id="one", who="each"),
    TextStep(id="two", only="solo"),
    ScaleStep(
        id="three",
        who="each",
        branches=[
            Branch(when=Condition(step="three", op="below", value=2), goto="far"),
            Branch(when=Condition(step="one", op="below", value=3), goto="one", limit=1),
        ],
    ),
    TextStep(id="four", who="each"),
    ReadStep(id="far"),
)


def test_branches_on_the_last_step_of_a_run_follow_both_turns() -> None:
    # one and three make a run (the solo-only step between them is not there together).
    seen = walk(together(BRANCHY))
    assert [(step, actor) for step, actor, _, _ in seen] == [
        ("one", "a"),
        ("three", "a"),
        ("one", "b"),
        ("three", "b"),
        ("four", "b"),
        ("four", "a"),
        ("far", None),
    ]
    # Only Alex's second answer is low: the branch waits until Alex is done.
    seen = walk(together(BRANCHY), {"three": [3, 1]})
    assert [(step, actor) for step, actor, _, _ in seen] == [
        ("one", "a"),
        ("three", "a"),
        ("one", "b"),
        ("three", "b"),
        ("far", None),
    ]
    # A loop back to the run's start: a second visit, begun by whoever typed last.
    seen = walk(together(BRANCHY), {"one": [2]})
    assert seen[4:9] == [
        ("one", "b", False, 2),
        ("three", "b", False, 2),
        ("one", "a", True, 2),
        ("three", "a", False, 2),
        ("four", "a", False, 1),
    ]


def test_a_step_with_branches_ends_its_run() -> None:
    ex = exercise(
        ScaleStep(
            id="rate",
            who="each",
            branches=[Branch(when=Condition(step="rate", op="below", value=1), goto="end")],
        ),
        TextStep(id="why", who="each"),
        TextStep(id="more", who="each"),
        ReadStep(id="end"),
    )
    seen = walk(together(ex))
    assert [(step, actor, asked) for step, actor, asked, _ in seen] == [
        ("rate", "a", False),
        ("rate", "b", True),
        ("why", "b", False),
        ("more", "b", False),
        ("why", "a", True),
        ("more", "a", False),
        ("end", None, False),
    ]


def test_progress_in_a_run_counts_up_by_one_and_never_overshoots() -> None:
    for ex, values in ((DAILY, {}), (BRANCHY, {"one": [2]}), (BRANCHY, {"three": [3, 1]})):
        session = together(ex)
        seen = []
        while not session.finished:
            progress = session.progress()
            seen.append((progress.number, progress.about))
            session.acknowledge_handoff()
            queued = values.get(session.current.step.id)
            session.answer(queued.pop(0) if queued else value_for(session.current.step))
        assert [number for number, _ in seen] == list(range(1, len(seen) + 1))
        assert all(number <= about for number, about in seen)
        assert seen[-1] == (len(seen), len(seen))
    # Without a branch taken, the first guess is already right.
    session = together(DAILY)
    assert session.progress().about == 10


def snapshot(session: Session) -> dict:
    data = session.to_data()
    data.pop("drafts")
    data.pop("stint")  # who is at the keyboard, like the hand-off: not part of the route
    data["state"].pop("handoff")
    data["state"].pop("elapsed")
    return data


def test_back_retraces_a_run_exactly_and_saved_data_resumes_anywhere() -> None:
    # Every answer shown to both from the start, so Back may cross every hand-off.
    branchy = opened(BRANCHY)
    session = together(branchy)
    states, turns = [], []
    values = {"one": [2]}
    while not session.finished:
        saved = json.loads(json.dumps(session.to_data()))
        twin = Session.restore(branchy, saved, clock=FakeClock())
        assert twin.to_data() == saved
        assert twin.current == session.current
        assert twin.progress() == session.progress()
        states.append(snapshot(session))
        turns.append(session.current)
        session.acknowledge_handoff()
        queued = values.get(session.current.step.id)
        value = queued.pop(0) if queued else value_for(session.current.step)
        assert session.answer(value).accepted
        # A copy resumed mid-hand-off or mid-run carries on the same way.
        copy = Session.restore(branchy, session.to_data(), clock=FakeClock())
        assert copy.current == session.current
    for state, turn in zip(reversed(states), reversed(turns), strict=True):
        assert session.back()
        assert snapshot(session) == state
        assert (session.current.step, session.current.actor) == (turn.step, turn.actor)
    assert not session.can_back


def test_data_saved_before_runs_carries_on_step_by_step() -> None:
    session = together(DAILY)
    for value in (None, 4, 2):
        session.acknowledge_handoff()
        session.answer(value)
    data = session.to_data()
    assert (data["state"]["step"], data["state"]["run"], data["state"]["first"]) == (
        "thanks",
        "mood",
        "a",
    )
    # Saved by the earlier engine: both had done mood and energy, each step alone.
    data["answers"] = {"mood": {"a": 4, "b": 5}, "energy": {"a": 2, "b": 1}}
    del data["state"]["run"], data["state"]["first"]
    data["history"] = []
    old = Session.restore(DAILY, data, clock=FakeClock())
    rest = walk(old)
    assert [(step, actor) for step, actor, _, _ in rest] == [
        ("thanks", "a"),
        ("thanks", "b"),
        ("need", "b"),
        ("need", "a"),
        ("bye", None),
    ]
    assert all(set(old.answers()[sid]) == {"a", "b"} for sid in ("mood", "thanks", "need"))


LISTENING = exercise(
    TextStep(id="share", who="speaker", text="{speaker} shares; {listener} listens."),
    TextStep(id="paraphrase", who="listener"),
    ScaleStep(
        id="heard",
        who="speaker",
        branches=[
            Branch(when=Condition(step="heard", op="below", value=4), goto="paraphrase", limit=3),
            Branch(goto="share", swap_roles=True, limit=1),
        ],
    ),
    SummaryStep(id="close"),
    roles=("speaker", "listener"),
)


def test_each_speaker_gets_the_full_number_of_repeats() -> None:
    seen = walk(together(LISTENING), {"heard": [1] * 10})
    raters = [actor for step, actor, _, _ in seen if step == "heard"]
    assert raters == ["a"] * 4 + ["b"] * 4
    paraphrase_visits = [visit for step, _, _, visit in seen if step == "paraphrase"]
    assert paraphrase_visits == list(range(1, 9))


def test_a_swap_starts_the_other_counts_again_and_back_puts_them_back() -> None:
    session = together(LISTENING)
    for value in ("s", "p", 1, "p", 2):
        session.acknowledge_handoff()
        session.answer(value)
    assert session.to_data()["state"]["taken"] == {"heard/0": 2}
    for value in ("p", 5):
        session.acknowledge_handoff()
        session.answer(value)
    # The swap branch keeps its own count; the repeat count starts again.
    assert session.to_data()["state"]["taken"] == {"heard/1": 1}
    assert session.to_data()["state"]["lead"] == "b"
    assert session.back()
    assert session.to_data()["state"]["taken"] == {"heard/0": 2}
    assert session.to_data()["state"]["lead"] == "a"


def test_two_swapping_loops_keep_their_counts_so_the_session_ends() -> None:
    ex = exercise(
        TextStep(id="talk", who="speaker"),
        ReadStep(id="x", branches=[Branch(goto="talk", swap_roles=True, limit=1)]),
        ScaleStep(
            id="y",
            who="listener",
            branches=[
                Branch(when=Condition(step="y", op="below", value=5), goto="y", limit=1),
                Branch(goto="talk", swap_roles=True, limit=1),
            ],
        ),
        ReadStep(id="end"),
        roles=("speaker", "listener"),
    )
    seen = walk(together(ex))
    assert [step for step, _, _, _ in seen] == [
        *("talk", "x", "talk", "x", "y", "y"),  # swap at x, then the repeat of y
        *("talk", "x", "y", "y", "end"),  # swap at y: y may repeat again, x may not swap
    ]


def test_after_a_swap_only_the_new_speakers_rating_counts() -> None:
    # Sam never felt heard; Alex does at once, and that is what decides.
    seen = walk(together(LISTENING), {"heard": [1, 1, 1, 1, 5]})
    steps = [(step, actor) for step, actor, _, _ in seen]
    assert steps[-4:] == [("share", "b"), ("paraphrase", "a"), ("heard", "b"), ("close", None)]


def test_alone_a_turn_carries_no_role_label_but_role_words_still_work() -> None:
    session = Session.start(LISTENING, mode="solo", names=["Sam"], clock=FakeClock())
    turn = session.current
    assert (turn.step.id, turn.actor, turn.role) == ("share", None, None)
    assert turn.text == "Sam shares; your partner listens."
    while not session.finished:
        assert session.current.role is None
        session.answer(value_for(session.current.step))
    assert together(LISTENING).current.role == "speaker"


# ----- any path through runs, branches and swaps saves and undoes exactly ----------

MIXED = exercise(
    ReadStep(id="hello", text="{speaker} first"),
    ListStep(id="values", who="each", private=True, optional=True),
    ScaleStep(
        id="rate",
        who="each",
        branches=[
            Branch(when=Condition(step="rate", op="below", value=3), goto="values", limit=2),
        ],
    ),
    TextStep(id="talk", who="speaker", optional=True),
    ScaleStep(
        id="heard",
        who="speaker",
        branches=[
            Branch(when=Condition(step="heard", op="below", value=3), goto="talk", limit=2),
            Branch(goto="values", swap_roles=True, limit=1),
        ],
    ),
    TextStep(id="note", who="each", only="together"),
    TextStep(id="note-2", who="each", optional=True),
    SummaryStep(id="end"),
    roles=("speaker", "listener"),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first_role=st.sampled_from(["a", "b"]),
    actions=st.lists(
        st.tuples(st.sampled_from(["answer"] * 6 + ["back", "skip", "ack"]), st.integers(1, 5)),
        max_size=60,
    ),
)
def test_any_path_saves_resumes_and_undoes_exactly(
    first_role: str, actions: list[tuple[str, int]]
) -> None:
    session = together(MIXED, first_role=first_role)
    for action, number in actions:
        saved = session.to_data()
        tomli_w.dumps(saved)
        twin = Session.restore(MIXED, saved, clock=FakeClock())
        assert twin.to_data() == saved and twin.current == session.current
        progress = session.progress()
        assert 1 <= progress.number <= progress.about
        if session.finished:
            break
        step = session.current.step
        if action == "back":
            session.back()
        elif action == "skip":
            session.skip()
        elif action == "ack":
            session.acknowledge_handoff()
        else:
            session.acknowledge_handoff()
            before = snapshot(session)
            value = number if step.kind == "scale" else value_for(step)
            if session.answer(value).accepted:
                if not session.finished:
                    assert session.progress().number == progress.number + 1
                assert session.back()
                assert snapshot(session) == before
                session.acknowledge_handoff()
                session.answer(value)


def test_a_session_picked_up_again_asks_for_the_right_person_first() -> None:
    ex = exercise(
        ReadStep(id="hello", text="Hi"),
        TextStep(id="mine", who="each", private=True, min_seconds=10),
    )
    clock = FakeClock()
    session = Session.start(ex, mode="together", names=["Sam", "Alex"], clock=clock)
    session.ask_for_keyboard()  # a step for both: nobody to ask for
    assert not session.current.handoff
    session.answer(None)
    # A private step after a step for both: covered, though Sam keeps the keyboard.
    assert session.current.handoff and not session.current.passes
    session.acknowledge_handoff()
    clock.now += 4
    session.ask_for_keyboard()
    assert session.current.handoff and session.current.actor_name == "Sam"
    clock.now += 100  # the cover waits; the step's clock does not run
    assert session.answer("too soon").accepted is False
    session.acknowledge_handoff()
    assert 5.9 < session.pacing().wait < 6.1
    alone = Session.start(ex, mode="solo", names=["Sam"], clock=clock)
    alone.answer(None)
    alone.ask_for_keyboard()
    assert not alone.current.handoff


def test_words_typed_before_going_back_are_kept_and_saved() -> None:
    ex = exercise(TextStep(id="first"), TextStep(id="second", multiline=True))
    clock = FakeClock()
    session = Session.start(ex, mode="solo", names=["Sam"], clock=clock)
    session.keep_typed("")  # nothing typed: nothing kept
    assert session.answer("one").accepted
    session.keep_typed("half a thought\x1b[31m")
    session.back()
    resumed = Session.restore(ex, json.loads(json.dumps(session.to_data())), clock=clock)
    assert resumed.answer("one again").accepted
    assert resumed.current.prefill == "half a thought"  # cleaned, and it outlasted a restart
    assert resumed.answer("whole thought").accepted
    assert resumed.finished and resumed.to_data()["drafts"] == {}  # given, so no longer a draft
