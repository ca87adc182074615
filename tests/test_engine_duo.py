"""Two screens on one session: per-person turns, waiting, roles, breaks and privacy."""

from __future__ import annotations

import json
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconnect_tui.engine import Session
from reconnect_tui.engine.duo import ANSWER, DONE, WAIT, WATCH, Duo, Seat
from reconnect_tui.exercises.model import ListStep, TextStep
from tests.test_builtin_exercises import Answerer, FakeClock, load


def duo_for(exercise_id: str, clock: FakeClock | None = None) -> Duo:
    clock = clock or FakeClock()
    session = Session.start(load(exercise_id), mode="together", names=["Sam", "Alex"], clock=clock)
    return Duo(session, clock=clock)


def plain(seat: Seat) -> str:
    return json.dumps(attrs.asdict(seat), default=str)


def give(duo: Duo, person: str, answerer: Answerer, marker: str = "") -> bool:
    seat = duo.seat(person)
    if seat.state != ANSWER or seat.step_id is None:
        return False
    step = duo.session.exercise.step(seat.step_id)
    value: Any = answerer.answer(step, person)
    if isinstance(step, TextStep) and marker:
        value = f"{marker} {person} {seat.step_id} {seat.visit}"[: step.max_length]
    if isinstance(step, ListStep) and marker:
        value = [f"{marker}{person}-{seat.step_id}-{n}" for n in range(max(step.min_items, 1))]
    outcome = duo.answer(person, value, step_id=seat.step_id)
    assert outcome.accepted or duo.break_by is not None, (seat, outcome)
    return outcome.accepted


def play(duo: Duo, order: str, answerer: Answerer | None = None) -> list[tuple[str, str]]:
    """Play to the end, the people acting in the *order* given (repeated)."""
    answerer = answerer or Answerer()
    seen = []
    for _ in range(500):
        if duo.session.finished:
            return seen
        moved = False
        for person in order:
            seat = duo.seat(person)
            seen.append((person, seat.state))
            moved = give(duo, person, answerer) or moved
        assert moved, (duo.seat("a"), duo.seat("b"))
    raise AssertionError("did not finish")


def test_each_steps_are_answered_by_both_at_once_in_any_order() -> None:
    duo = duo_for("daily-check-in")
    play(duo, "ab")  # the welcome, read together
    assert duo.session.finished
    answers = duo.session.answers()
    assert set(answers["mood"]) == {"a", "b"}
    assert set(answers["energy"]) == {"a", "b"}


def test_whoever_is_ahead_waits_calmly_and_their_answers_stay_private() -> None:
    duo = duo_for("daily-check-in")
    answerer = Answerer()
    give(duo, "a", answerer)
    give(duo, "b", answerer)  # both continued the welcome
    assert duo.seat("a").step_id == duo.seat("b").step_id == "mood"
    # Alex (b) is not the session's first person, but answers the whole run first.
    for _ in range(4):
        give(duo, "b", answerer, marker="secretword")
    seat_b, seat_a = duo.seat("b"), duo.seat("a")
    assert seat_b.state == WAIT
    assert "Sam is still writing" in seat_b.note
    assert "spinner" not in seat_b.note
    assert seat_a.state == ANSWER and seat_a.step_id == "mood"
    assert "secretword" not in plain(seat_a)
    # Nothing of Alex's run is in the session yet: it is held until its turn.
    assert "b" not in duo.session.answers().get("mood", {})
    for _ in range(4):
        give(duo, "a", answerer)
    assert duo.seat("a").state in (ANSWER, DONE)
    assert set(duo.session.answers()["mood"]) == {"a", "b"}


def test_a_read_step_for_both_goes_on_once_both_continue() -> None:
    duo = duo_for("daily-check-in")
    assert duo.answer("a", None).accepted
    assert duo.seat("a").state == WAIT
    assert "Alex" in duo.seat("a").note
    assert duo.seat("b").state == ANSWER and duo.seat("b").step_id == "welcome"
    assert duo.answer("b", None).accepted
    assert duo.seat("a").step_id == "mood" and duo.seat("a").state == ANSWER


def test_role_steps_one_types_the_other_watches_then_hears() -> None:
    duo = duo_for("reflective-paraphrase")
    answerer = Answerer()
    give(duo, "a", answerer)
    give(duo, "b", answerer)
    speaker = duo.seat("a")
    listener = duo.seat("b")
    assert speaker.state == ANSWER and speaker.step_id == "share"
    assert listener.state == WATCH and listener.actor == "a"
    assert "Sam" in listener.note
    refused = duo.answer("b", "I'd like to answer for Sam", step_id="share")
    assert not refused.accepted
    assert duo.answer("a", "I felt unheard at dinner", step_id="share").accepted
    listener = duo.seat("b")
    assert listener.state == ANSWER and listener.step_id == "paraphrase"
    assert listener.heard is not None and "unheard at dinner" in listener.heard.text
    assert duo.seat("a").state == WATCH
    assert duo.seat("a").can_back and not duo.seat("b").can_back


def test_reflective_paraphrase_and_shared_meaning_play_to_the_end() -> None:
    for exercise_id in ("reflective-paraphrase", "shared-meaning"):
        duo = duo_for(exercise_id)
        states = play(duo, "ba", Answerer(turn_after=3))
        assert duo.session.finished, exercise_id
        assert (("a", WATCH) in states) == (exercise_id == "reflective-paraphrase")


def test_compare_appears_for_both_at_once() -> None:
    duo = duo_for("shared-meaning")
    answerer = Answerer()
    for _ in range(20):
        if duo.seat("a").step_id == "compare-values":
            break
        give(duo, "a", answerer)
        give(duo, "b", answerer)
    a, b = duo.seat("a"), duo.seat("b")
    assert a.step_id == b.step_id == "compare-values"
    assert a.comparison is not None and a.comparison == b.comparison


def test_back_takes_back_only_your_own() -> None:
    duo = duo_for("daily-check-in")
    answerer = Answerer()
    give(duo, "a", answerer)
    give(duo, "b", answerer)
    give(duo, "b", answerer)  # Alex's mood, held
    assert duo.seat("b").step_id == "energy"
    # Sam's last was the welcome, shared; going back now would pull Alex's held answer away.
    assert not duo.back("a")
    assert duo.back("b")
    assert duo.seat("b").step_id == "mood"
    assert duo.seat("b").prefill is not None  # the taken-back answer comes back


def test_a_break_belongs_to_who_asked() -> None:
    duo = duo_for("daily-check-in")
    assert duo.take_break("b")
    assert duo.seat("a").break_by == "b"
    assert not duo.answer("a", None).accepted
    assert not duo.end_break("a")
    assert duo.hand_over_break("b")
    assert not duo.end_break("b")
    assert duo.end_break("a")
    assert duo.answer("a", None).accepted


def test_during_a_break_no_seat_may_go_back_not_even_with_a_held_answer() -> None:
    duo = duo_for("daily-check-in")
    answerer = Answerer()
    give(duo, "a", answerer)
    give(duo, "b", answerer)
    give(duo, "b", answerer)  # Alex's mood, held: Alex may take it back
    assert duo.seat("b").can_back
    assert duo.take_break("a")
    assert not duo.seat("b").can_back and not duo.seat("a").can_back
    assert not duo.back("b")
    assert duo.end_break("a")
    assert duo.seat("b").can_back and duo.back("b")


def test_held_answers_are_kept_with_the_session_as_drafts() -> None:
    clock = FakeClock()
    duo = duo_for("daily-check-in", clock)
    answerer = Answerer()
    give(duo, "a", answerer)
    give(duo, "b", answerer)
    duo.answer("b", 4)
    data = duo.session.to_data()
    restored = Session.restore(duo.session.exercise, data, clock=clock)
    again = Duo(restored, clock=clock)
    assert again.seat("b").step_id == "mood"
    assert again.seat("b").prefill == 4
    assert again.seat("a").prefill is None


def test_one_keyboard_is_untouched() -> None:
    session = Session.start(load("daily-check-in"), mode="solo", names=["Sam"])
    try:
        Duo(session)
    except ValueError:
        pass
    else:
        raise AssertionError("two screens need a session together")


INTENTS = st.lists(
    st.tuples(
        st.sampled_from(["a", "b"]),
        st.sampled_from(["answer", "answer", "answer", "back", "skip", "break", "end", "hand"]),
    ),
    max_size=80,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    exercise_id=st.sampled_from(["daily-check-in", "shared-meaning", "reflective-paraphrase"]),
    intents=INTENTS,
)
def test_a_seat_never_holds_the_others_private_words_before_a_reveal(
    exercise_id: str, intents: list[tuple[str, str]]
) -> None:
    clock = FakeClock()
    duo = duo_for(exercise_id, clock)
    answerer = Answerer()
    exercise = duo.session.exercise
    for person, intent in intents:
        clock.now += 7
        if intent == "answer":
            give(duo, person, answerer, marker="zq")
        elif intent == "back":
            duo.back(person)
        elif intent == "skip":
            duo.skip(person)
        elif intent == "break":
            duo.take_break(person)
        elif intent == "end":
            duo.end_break(person)
        else:
            duo.hand_over_break(person)
        revealed = set(duo.session.to_data()["state"]["revealed"])
        for viewer in "ab":
            text = plain(duo.seat(viewer))
            other = "b" if viewer == "a" else "a"
            for step in exercise.steps:
                if step.private and step.id not in revealed:
                    assert f"zq {other} {step.id}" not in text
                    assert f"zq{other}-{step.id}-" not in text
