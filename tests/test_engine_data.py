"""Sessions as plain data: exact round trips, resuming later, edited exercises, hostile text."""

from __future__ import annotations

import json
import tomllib

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconnect_tui.common.safetext import clean
from reconnect_tui.engine import Session
from reconnect_tui.engine.state import DamagedData
from reconnect_tui.exercises.model import (
    Branch,
    ChoiceStep,
    CompareStep,
    ComposeStep,
    Condition,
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


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


FEELINGS = [OptionGroup(label="Hurt", options=["sad", "alone"]), OptionGroup(options=["calm"])]

STEPS: tuple[Step, ...] = (
    ReadStep(id="hello", text="{name}: {speaker} first {{x}}", solo_text="{name}, alone"),
    TextStep(id="share", who="speaker", multiline=True, private=True, max_length=20000),
    ChoiceStep(
        id="feel",
        who="listener",
        text="{partner} said {answer.share}",
        groups=FEELINGS,
        multiple=True,
        other=True,
        max_picks=3,
    ),
    ScaleStep(
        id="heard",
        who="speaker",
        branches=[
            Branch(when=Condition(step="heard", op="below", value=4), goto="feel", limit=2),
            Branch(goto="share", swap_roles=True, limit=1),
        ],
    ),
    ListStep(id="values", who="each", private=True, optional=True, item_max_length=20000),
    CompareStep(id="cmp", step="values", only="together"),
    ComposeStep(
        id="ask",
        template="I feel {f} when {s}.",
        optional=True,
        slots=[
            Slot(name="f", kind="choice", other=True, groups=FEELINGS),
            Slot(name="s", kind="text", max_length=20000),
        ],
    ),
    PauseStep(id="rest", seconds=30, min_seconds=5, rhythm=Rhythm(inhale=4, exhale=6)),
    TextStep(
        id="note",
        optional=True,
        who="listener",
        branches=[Branch(when=Condition(step="note", op="answered", value=False), goto="end")],
    ),
    SummaryStep(id="sum", steps=["share", "values"]),
    SummaryStep(id="end"),
)
EXERCISE = Exercise(
    id="round",
    title="Round",
    summary="A round.",
    roles=("speaker", "listener"),
    nudges=[Nudge(id="blame", phrases=["you always"], message="Try an 'I' sentence.")],
    steps=STEPS,
)


def start(clock: FakeClock | None = None, mode: str = "together") -> Session:
    names = ["Sam", "Alex"] if mode == "together" else ["Sam"]
    return Session.start(EXERCISE, mode=mode, names=names, clock=clock or FakeClock())


def go(session: Session, *values: object) -> None:
    for value in values:
        session.acknowledge_handoff()
        outcome = session.answer(value)
        assert outcome.accepted, outcome.reasons


def test_to_data_is_plain_and_has_the_promised_keys() -> None:
    session = start()
    go(session, None, "line\nline", ["sad"], 2)
    data = session.to_data()
    assert data["format"] == 1
    assert data["exercise"] == "round"
    assert set(data) == {
        "format", "exercise", "revision", "mode", "pace", "first_role", "people",
        "order", "state", "answers", "drafts", "history", "stint",
    }  # fmt: skip
    assert data["answers"] == {
        "share": {"a": "line\nline"},
        "feel": {"b": ["sad"]},
        "heard": {"a": 2},
    }
    assert data["state"]["step"] == "feel"
    assert data["state"]["taken"] == {"heard/0": 1}
    assert json.loads(json.dumps(data)) == data
    assert tomllib.loads(tomli_w.dumps(data)) == data


def test_resume_mid_hand_off_with_time_relative_to_the_new_clock() -> None:
    clock = FakeClock(1000.0)
    session = start(clock)
    go(session, None, "share")
    assert session.current.handoff
    text = tomli_w.dumps(session.to_data())

    later = FakeClock(3.0)
    resumed = Session.restore(EXERCISE, tomllib.loads(text), clock=later)
    assert resumed.current.handoff
    assert resumed.current.step.id == "feel"
    assert resumed.to_data() == session.to_data()
    resumed.acknowledge_handoff()
    go(resumed, ["calm"], 5)
    go(resumed, "mine")  # the swapped round: Alex shares now
    assert resumed.current.actor == "a" and resumed.current.role == "listener"


def test_resume_mid_step_keeps_the_time_already_spent() -> None:
    clock = FakeClock(500.0)
    session = start(clock, mode="solo")
    go(session, None, "x", ["calm"], 5, [], None)  # alone: no swap, one round
    assert session.current.step.id == "rest"
    clock.now += 3.25
    data = session.to_data()
    assert data["state"]["elapsed"] == 3.25
    resumed = Session.restore(EXERCISE, data, clock=FakeClock(7.0))
    assert resumed.pacing().wait == pytest.approx(5 - 3.25)
    assert resumed.pacing().remaining == pytest.approx(30 - 3.25)
    assert resumed.to_data() == data


def test_back_still_works_after_resuming() -> None:
    session = start()
    go(session, None, "share", ["sad"], 1)
    resumed = Session.restore(EXERCISE, session.to_data(), clock=FakeClock())
    assert resumed.back()
    assert resumed.current.step.id == "heard"
    assert resumed.current.prefill == 1
    assert resumed.to_data()["state"]["taken"] == {}


def test_restore_refuses_another_exercise_and_damaged_data() -> None:
    data = start().to_data()
    other = Exercise(id="other", title="o", summary="o", steps=[ReadStep(id="r")])
    with pytest.raises(ValueError, match="other"):
        Session.restore(other, data)
    damaged = [
        {**data, "format": 2},
        {k: v for k, v in data.items() if k != "state"},
        {k: v for k, v in data.items() if k != "people"},
        {**data, "mode": "crowd"},
        {**data, "people": [{"key": "a", "name": "Sam"}]},
        {**data, "state": {**data["state"], "turn": "one"}},
        {**data, "state": {**data["state"], "lead": "c"}},
        {**data, "answers": {"share": {"c": "x"}}},
        {**data, "answers": {"share": "x"}},
        {**data, "history": [{"state": {}, "step": "hello"}]},
        {**data, "history": "none"},
        "not a table",
    ]
    for bad in damaged:
        with pytest.raises(DamagedData):
            Session.restore(EXERCISE, bad)  # type: ignore[arg-type]


def test_restored_answers_are_cleaned_again() -> None:
    data = start().to_data()
    data["answers"] = {"share": {"a": "hi\x1b]0;owned\x07 there\u202e"}}
    session = Session.restore(EXERCISE, data)
    assert session.answers() == {"share": {"a": "hi there"}}


def edited(*, drop: set[str], add: tuple[Step, ...] = ()) -> Exercise:
    steps = [step for step in STEPS if step.id not in drop]
    steps = [
        step if not any(b.goto in drop for b in step.branches) else _without_branches(step)
        for step in steps
    ]
    return Exercise(
        id="round", title="Round", summary="r", roles=("speaker", "listener"), steps=[*steps, *add]
    )


def _without_branches(step: Step) -> Step:
    import attrs

    return attrs.evolve(step, branches=())


def test_answers_to_removed_steps_are_kept_but_ignored() -> None:
    session = start()
    go(session, None, "share", ["sad"])
    data = session.to_data()
    changed = edited(drop={"share"})
    resumed = Session.restore(changed, data)
    assert resumed.current.step.id == "heard"
    assert "share" not in resumed.answers()
    assert resumed.answers()["feel"] == {"b": ["sad"]}
    kept = resumed.to_data()
    assert kept["answers"]["share"] == {"a": "share"}
    assert tomllib.loads(tomli_w.dumps(kept)) == kept
    # Going back over the removed step does not lose or break anything.
    while resumed.back():
        pass
    assert resumed.current.step.id == "hello"


def test_a_removed_current_step_continues_at_the_next_one_that_exists() -> None:
    session = start()
    go(session, None, "share")
    assert session.current.step.id == "feel"
    resumed = Session.restore(edited(drop={"feel", "heard"}), session.to_data())
    assert resumed.current.step.id == "values"
    assert resumed.current.visit == 1


def test_when_every_later_step_is_gone_it_continues_after_the_last_that_remains() -> None:
    session = start(mode="solo")
    go(session, None, "share")
    new_step = ReadStep(id="new-end")
    later = {step.id for step in STEPS[2:]}
    resumed = Session.restore(edited(drop=later, add=(new_step,)), session.to_data())
    assert resumed.current.step.id == "new-end"
    resumed = Session.restore(edited(drop=later), session.to_data())
    assert resumed.finished


# ----- any reachable state survives being saved -------------------------------------

HOSTILE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "[/]",
            "[@click=app.quit]quit[/]",
            "\u202eevil\u202c twin",
            "\x1b[31mred\x1b[0m\x07",
            "a\x00b\r\nc\td",
            "x" * 10240,
            "lone \ud800 surrogate",
            "you always",
            "{name} {answer.share} {{",
            "   ",
        ]
    ),
)
JUNK = st.sampled_from([None, 3, 2.5, True, "word", ["a", 1], {"k": "v"}, [], {}])


def value_for(step: Step, draw: st.DrawFn) -> object:
    if draw(st.integers(0, 14)) == 0:
        return draw(JUNK)
    if isinstance(step, TextStep):
        return draw(HOSTILE)
    if isinstance(step, ChoiceStep):
        picks = draw(st.lists(st.sampled_from(step.options), min_size=1, max_size=3))
        return picks + draw(st.lists(HOSTILE, max_size=1))
    if isinstance(step, ScaleStep):
        return draw(st.integers(step.min, step.max))
    if isinstance(step, ListStep):
        return draw(st.lists(HOSTILE, max_size=4))
    if isinstance(step, ComposeStep):
        return {"f": draw(st.sampled_from(["sad", "", "tense"])), "s": draw(HOSTILE)}
    return None


def all_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*all_strings(k), *all_strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in all_strings(item)]
    return []


def same_but_for_rounding(left: dict, right: dict) -> bool:
    """Equal, allowing the saved seconds on the current step to differ by rounding."""
    left, right = json.loads(json.dumps(left)), json.loads(json.dumps(right))
    gap = abs(left["state"].pop("elapsed") - right["state"].pop("elapsed"))
    return gap < 0.002 and left == right


ACTIONS = st.sampled_from(["answer"] * 12 + ["back", "skip", "ack", "tick"])


def act(session: Session, action: str, value: object, seconds: float, clock: FakeClock) -> None:
    if action == "answer":
        session.acknowledge_handoff()
        session.answer(value)
    elif action == "back":
        session.back()
    elif action == "skip":
        session.skip()
    elif action == "ack":
        session.acknowledge_handoff()
    else:
        clock.now += seconds


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    mode=st.sampled_from(["solo", "together"]),
    names=st.lists(HOSTILE, min_size=2, max_size=2),
    first_role=st.sampled_from(["a", "b"]),
    pace=st.sampled_from(["gentle", "standard", "relaxed"]),
    data=st.data(),
)
def test_any_reachable_state_round_trips(
    mode: str, names: list[str], first_role: str, pace: str, data: st.DataObject
) -> None:
    clock = FakeClock()
    session = Session.start(
        EXERCISE,
        mode=mode,
        names=names if mode == "together" else names[:1],
        first_role=first_role,
        clock=clock,
        pace=pace,
    )
    for _ in range(data.draw(st.integers(0, 40))):
        saved = session.to_data()
        assert json.loads(json.dumps(saved)) == saved
        text = tomli_w.dumps(saved)
        text.encode("utf-8")
        assert tomllib.loads(text) == saved
        assert all(clean(s) == s for s in all_strings(saved))
        twin = Session.restore(EXERCISE, tomllib.loads(text), clock=clock)
        assert twin.to_data() == saved
        progress = session.progress()
        assert 1 <= progress.number <= progress.about
        assert session.pacing().wait >= 0
        if session.finished and data.draw(st.booleans()):
            break
        # Both take the same next action and must stay the same.
        action = data.draw(ACTIONS)
        turn = session.current
        value = value_for(turn.step, data.draw) if turn else None
        seconds = data.draw(st.floats(0, 40, allow_nan=False))
        act(session, action, value, seconds, clock)
        act(twin, action, value, 0.0, clock)
        assert same_but_for_rounding(twin.to_data(), session.to_data())
        if turn is not None:
            session.current  # noqa: B018 - filling placeholders must not fail
            session.summary()


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_answer_then_back_puts_the_state_back(data: st.DataObject) -> None:
    session = start()
    for _ in range(data.draw(st.integers(0, 15))):
        if session.finished:
            break
        session.acknowledge_handoff()
        before = session.to_data()
        answerer = session.current.actor
        if session.answer(value_for(session.current.step, data.draw)).accepted:
            if not session.can_back:
                # One person's words, and now both are at the screen: Back would show
                # them to both before the session does (see test_privacy.py).
                now = session.current
                assert answerer is not None and (now is None or now.actor is None)
                continue
            assert session.back()
            after = session.to_data()
            for snapshot in (before, after):
                snapshot.pop("drafts")
                snapshot["state"].pop("handoff")
            assert after == before
            session.acknowledge_handoff()
            session.answer(value_for(session.current.step, data.draw))
