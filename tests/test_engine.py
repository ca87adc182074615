"""The session engine: turns, roles, hand-offs, privacy, branches, back, skip, progress, pacing."""

from __future__ import annotations

import pytest

from reconnect_tui.engine import Session
from reconnect_tui.engine.values import PACES
from reconnect_tui.exercises.model import (
    Branch,
    ChoiceStep,
    CompareStep,
    Condition,
    Exercise,
    ListStep,
    OptionGroup,
    PauseStep,
    ReadStep,
    Rhythm,
    ScaleStep,
    SummaryStep,
    TextStep,
)
from tests.builders import exercise, opened


class FakeClock:
    """Time that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# A listening round: the speaker shares, the listener says it back until the
# speaker feels heard (at most three more tries), then the two swap once.
LISTENING = exercise(
    ReadStep(id="welcome", text="Welcome, {name}. {speaker} speaks first; {listener} listens."),
    TextStep(id="share", who="speaker", text="{speaker}, what is on your mind?"),
    TextStep(
        id="paraphrase",
        who="listener",
        text="{name}, say back what {partner} shared: {answer.share}",
    ),
    ScaleStep(
        id="heard",
        who="speaker",
        text="{name}, how heard do you feel?",
        branches=[
            Branch(when=Condition(step="heard", op="below", value=4), goto="paraphrase", limit=3),
            Branch(goto="share", swap_roles=True, limit=1),
        ],
    ),
    SummaryStep(id="close", text="Well done, {name}."),
    roles=("speaker", "listener"),
)


def together(ex: Exercise, clock: FakeClock | None = None, **options: object) -> Session:
    return Session.start(
        ex, mode="together", names=["Sam", "Alex"], clock=clock or FakeClock(), **options
    )


def go(session: Session, value: object = None) -> None:
    """Answer for whoever is at the keyboard, passing it over first if asked."""
    turn = session.current
    assert turn is not None
    if turn.handoff:
        session.acknowledge_handoff()
    outcome = session.answer(value)
    assert outcome.accepted, outcome.reasons


def where(session: Session) -> tuple[str, str | None, str | None, int]:
    turn = session.current
    assert turn is not None
    return turn.step.id, turn.actor, turn.role, turn.visit


def test_start_refuses_what_does_not_fit() -> None:
    solo_only = exercise(ReadStep(id="r"), audience="solo")
    with pytest.raises(ValueError, match="mode"):
        Session.start(solo_only, mode="together", names=["a", "b"])
    with pytest.raises(ValueError, match="pace"):
        Session.start(LISTENING, mode="solo", names=["a"], pace="fast")
    with pytest.raises(ValueError, match="two"):
        Session.start(LISTENING, mode="together", names=["a"])
    with pytest.raises(ValueError, match="first_role"):
        Session.start(LISTENING, mode="together", names=["a", "b"], first_role="c")
    assert set(PACES) == {"gentle", "standard", "relaxed"}


def test_roles_hand_offs_repeats_and_one_swap() -> None:
    session = together(LISTENING)
    turn = session.current
    assert turn.actor is None and turn.actor_name == "both of you" and turn.role is None
    assert turn.text == "Welcome, you both. Sam speaks first; Alex listens."
    go(session)
    # Both were at the keyboard, so Sam starts without a hand-off.
    assert where(session) == ("share", "a", "speaker", 1)
    assert not session.current.handoff
    assert session.current.actor_name == "Sam"
    go(session, "work has been heavy")
    assert where(session) == ("paraphrase", "b", "listener", 1)
    assert session.current.handoff
    assert session.current.text == "Alex, say back what Sam shared: work has been heavy"
    go(session, "work feels heavy")
    for visit in (2, 3, 4):
        assert where(session) == ("heard", "a", "speaker", visit - 1)
        assert session.current.handoff
        go(session, 2)
        assert where(session) == ("paraphrase", "b", "listener", visit)
        go(session, "again")
    # Three repeats used up; still not heard, so the flow goes on: the roles swap.
    go(session, 3)
    assert where(session) == ("share", "b", "speaker", 2)
    assert session.current.handoff
    assert session.current.text == "Alex, what is on your mind?"
    go(session, "I miss our walks")
    assert where(session) == ("paraphrase", "a", "listener", 2 + 3)
    go(session, "you miss walks")
    go(session, 5)
    assert where(session) == ("close", None, None, 1)
    assert session.current.text == "Well done, you both."
    go(session)
    assert session.finished and session.current is None
    assert session.answers()["heard"] == {"a": 3, "b": 5}
    assert session.answers()["share"] == {"a": "work has been heavy", "b": "I miss our walks"}


def test_the_second_partner_can_take_the_first_role() -> None:
    session = together(LISTENING, first_role="b")
    assert session.current.text == "Welcome, you both. Alex speaks first; Sam listens."
    go(session)
    assert where(session) == ("share", "b", "speaker", 1)
    go(session, "x")
    assert where(session) == ("paraphrase", "a", "listener", 1)


def test_a_good_rating_goes_straight_to_the_swap() -> None:
    session = together(LISTENING)
    for value in (None, "x", "y", 4):
        go(session, value)
    assert where(session) == ("share", "b", "speaker", 2)


EACH = exercise(
    ListStep(id="values", who="each", private=True, text="{name}, what matters to you?"),
    TextStep(id="peek", who="each", text="{partner} wrote: {partner_answer.values}"),
    ReadStep(id="both-read", text="Mine: {answer.values}", only="together"),
    CompareStep(id="compare", step="values", only_label="Only {person}"),
    TextStep(id="after", who="each", text="{partner} wrote: {partner_answer.values}"),
    SummaryStep(id="sum"),
)


def test_each_partner_in_turn_with_privacy_until_the_compare() -> None:
    session = together(EACH)
    assert where(session) == ("values", "a", None, 1)
    assert session.current.text == "Sam, what matters to you?"
    # A private step at the very start: covered first, though nobody passes the keyboard.
    assert session.current.handoff and not session.current.passes
    session.acknowledge_handoff()
    go(session, ["Hiking", "Tea", "quiet mornings"])
    # values and peek make one run: Sam does both, then Alex does both.
    assert where(session) == ("peek", "a", None, 1)
    assert not session.current.handoff
    assert session.current.text == "Alex wrote: (kept private for now)"
    go(session, "ok")
    assert where(session) == ("values", "b", None, 1)
    assert session.current.handoff
    go(session, ["hiking ", "Music", "Quiet  mornings."])
    assert where(session) == ("peek", "b", None, 1)
    assert not session.current.handoff
    # Neither sees the other's private list yet.
    assert session.current.text == "Sam wrote: (kept private for now)"
    go(session, "ok")
    assert session.current.text.startswith("Mine: Sam: (kept private for now); Alex: (kept")
    go(session)
    assert session.current.step.id == "compare"
    result = session.comparison()
    assert result.both == ("Hiking", "quiet mornings")
    assert result.only == {"a": ("Tea",), "b": ("Music",)}
    assert result.both_label == "Named by both of you"
    assert result.only_labels == {"a": "Only Sam", "b": "Only Alex"}
    go(session)
    # Alex answered last, so Alex starts the next each step: no hand-off.
    assert where(session) == ("after", "b", None, 1)
    assert not session.current.handoff
    assert session.current.text == "Sam wrote: Hiking; Tea; quiet mornings"
    go(session, "seen")
    assert where(session) == ("after", "a", None, 1)
    assert session.current.handoff
    assert session.current.text == "Alex wrote: hiking; Music; Quiet mornings."


def test_each_steps_collapse_to_one_turn_alone() -> None:
    session = Session.start(EACH, mode="solo", names=["Sam"], clock=FakeClock())
    turn = session.current
    assert (turn.step.id, turn.actor, turn.actor_name, turn.handoff) == (
        "values",
        None,
        "Sam",
        False,
    )
    go(session, ["tea"])
    assert session.current.step.id == "peek"
    assert session.current.text == "your partner wrote: (left blank)"
    go(session, "fine")
    # The together-only step is left out.
    assert session.current.step.id == "compare"
    assert session.comparison().only == {"a": ("tea",)}
    go(session)
    go(session, "x")
    go(session)
    assert session.finished
    assert session.answers() == {
        "values": {"a": ["tea"]},
        "peek": {"a": "fine"},
        "after": {"a": "x"},
    }


def test_solo_wording_and_names() -> None:
    ex = exercise(
        ReadStep(id="r", text="Together, {name}.", solo_text="Alone, {name}; think of {partner}."),
        TextStep(id="t", text="{{not a marker}} {unknown} {answer.r}", title="{name}'s note"),
    )
    session = Session.start(ex, mode="solo", names=[], clock=FakeClock())
    assert session.current.text == "Alone, you; think of your partner."
    assert session.current.actor_name == "you"
    go(session)
    assert session.current.text == "{not a marker} {unknown} (left blank)"
    assert session.current.title == "you's note"
    assert together(ex).current.text == "Together, you both."


def test_names_are_cleaned() -> None:
    session = Session.start(
        LISTENING, mode="together", names=["Sam\x1b[31m[/]\n", "  Al\u202eex "], clock=FakeClock()
    )
    assert [p.name for p in session.people] == ["Sam[/]", "Alex"]
    # Filled-in words are never filled in again.
    sly = Session.start(LISTENING, mode="together", names=["{answer.share}", "{{b}}"])
    assert sly.current.text == "Welcome, you both. {answer.share} speaks first; {{b}} listens."
    assert len(Session.start(LISTENING, mode="solo", names=["x" * 10240]).people[0].name) == 80


def _loop_back() -> Exercise:
    return exercise(
        ListStep(id="values", who="each", private=True),
        TextStep(id="peek", who="each", text="{partner} wrote: {partner_answer.values}"),
        CompareStep(id="compare", step="values"),
        ChoiceStep(
            id="again",
            groups=[OptionGroup(options=("yes", "no"))],
            branches=[
                Branch(when=Condition(step="again", op="is", value="yes"), goto="values", limit=1)
            ],
        ),
        ReadStep(id="end"),
    )


def test_a_private_step_come_back_to_is_private_again_until_the_next_compare() -> None:
    session = together(_loop_back())
    go(session, ["tea"])
    go(session, "ok")
    go(session, ["music"])
    assert session.current.text == "Sam wrote: (kept private for now)"
    go(session, "ok")
    assert session.current.step.id == "compare"
    go(session)
    go(session, "yes")  # round two: new private answers, private until compared again
    new = {"a": ["walks"], "b": ["books"]}
    for _ in range(2):
        assert where(session)[0] == "values"
        actor = session.current.actor
        go(session, new[actor])
        assert where(session)[0] == "peek"
        assert session.current.text.endswith("wrote: (kept private for now)")
        go(session, "ok")
    assert session.current.step.id == "compare"
    assert session.comparison().only == {"a": ("walks",), "b": ("books",)}
    go(session)
    go(session, "no")
    assert session.current.step.id == "end"


def test_private_role_answer_is_hidden_from_the_other_partner_until_a_summary_names_it() -> None:
    ex = exercise(
        TextStep(id="secret", who="speaker", private=True, title="Secret"),
        TextStep(id="open", who="listener", text="{listener}: {answer.secret}"),
        SummaryStep(id="partial", steps=["open"]),
        TextStep(id="late", who="listener", text="{answer.secret}"),
        SummaryStep(id="all"),
        roles=("speaker", "listener"),
    )
    session = together(ex)
    go(session, "I worry")
    assert session.current.text == "Alex: (kept private for now)"
    go(session, "fine")
    assert session.current.step.id == "partial"
    assert [(i.step_id, i.person, i.name, i.text) for i in session.summary()] == [
        ("open", "b", "Alex", "fine")
    ]
    go(session)
    assert session.current.text == "(kept private for now)"
    go(session, "still fine")
    # A summary naming nothing shows (and so reveals) every answer so far.
    assert session.current.step.id == "all"
    texts = {item.step_id: item.text for item in session.summary()}
    assert texts == {"secret": "I worry", "open": "fine", "late": "still fine"}
    assert session.summary()[0].title == "Secret"


def test_summary_when_finished_keeps_unrevealed_private_answers_private() -> None:
    ex = exercise(
        TextStep(id="secret", who="each", private=True),
        SummaryStep(id="s", steps=["open"]),
        TextStep(id="open", text="Shared words"),
    )
    session = together(ex)
    go(session, "mine")
    go(session, "yours")
    go(session)
    go(session, "ours")
    assert session.finished
    items = [(i.step_id, i.person, i.text) for i in session.summary()]
    assert items == [  # no step revealed them, and none can now: private for good
        ("secret", "a", "(kept private)"),
        ("secret", "b", "(kept private)"),
        ("open", None, "ours"),
    ]
    assert session.summary()[2].title == "Shared words"
    assert session.summary()[2].name == "both of you"


def test_conditions_is_includes_and_answered() -> None:
    feelings = [OptionGroup(options=["calm", "tense", "tired"])]
    ex = exercise(
        ChoiceStep(
            id="mood",
            groups=feelings,
            multiple=True,
            branches=[
                Branch(when=Condition(step="mood", op="includes", value="Tense"), goto="ease")
            ],
        ),
        TextStep(
            id="note",
            optional=True,
            branches=[Branch(when=Condition(step="note", op="answered", value=False), goto="end")],
        ),
        ReadStep(id="ease"),
        ChoiceStep(
            id="again",
            groups=feelings,
            branches=[Branch(when=Condition(step="again", op="is", value="calm"), goto="end")],
        ),
        ReadStep(id="middle"),
        ReadStep(id="end"),
    )

    def run(*values: object) -> list[str]:
        session = Session.start(ex, mode="solo", names=["Sam"], clock=FakeClock())
        seen = []
        for value in values:
            seen.append(session.current.step.id)
            if value == "skip":
                assert session.skip()
            else:
                go(session, value)
        seen.append(session.current.step.id if session.current else "finished")
        return seen

    assert run(["calm", "tense"], None, ["calm"], None) == [
        "mood",
        "ease",
        "again",
        "end",
        "finished",
    ]
    assert run(["calm"], "skip", None) == ["mood", "note", "end", "finished"]
    assert run(["calm"], "words", None, ["tired"], None) == [
        "mood",
        "note",
        "ease",
        "again",
        "middle",
        "end",
    ]


def test_skip_only_for_optional_steps() -> None:
    ex = exercise(TextStep(id="must"), TextStep(id="may", optional=True), ReadStep(id="end"))
    session = Session.start(ex, mode="solo", names=["Sam"], clock=FakeClock())
    assert not session.can_skip
    assert not session.skip()
    assert session.current.step.id == "must"
    go(session, "x")
    assert session.can_skip
    assert session.skip()
    assert session.current.step.id == "end"
    assert "may" not in session.answers()
    assert session.back()
    assert session.current.step.id == "may"


def test_back_restores_counters_roles_turn_and_gives_the_answer_back() -> None:
    session = together(LISTENING)
    for value in (None, "share it", "said back"):
        go(session, value)
    session.acknowledge_handoff()
    before = session.to_data()
    go(session, 2)  # loops back to the paraphrase, counting one repeat
    assert session.to_data()["state"]["taken"] == {"heard/0": 1}
    assert session.current.handoff
    assert session.back()
    # Sam still had the keyboard (the cover for Alex was not lifted): no hand-off.
    assert where(session) == ("heard", "a", "speaker", 1)
    assert not session.current.handoff
    assert session.current.prefill == 2
    after = session.to_data()
    assert after.pop("drafts") == {"heard": {"a": 2}}
    before.pop("drafts")
    assert after == before
    # Answering again clears the draft.
    go(session, 5)
    assert session.to_data()["drafts"] == {}


def test_back_across_a_hand_off_asks_for_the_keyboard_again() -> None:
    session = together(opened(LISTENING))
    go(session)
    go(session)
    go(session, "share it")
    assert session.current.handoff
    session.acknowledge_handoff()  # Alex has the keyboard now
    assert session.back()
    assert where(session) == ("share", "a", "speaker", 1)
    assert session.current.handoff
    assert session.current.prefill == "share it"
    assert not session.can_skip
    assert session.answer("changed").reasons == ("First, please pass the keyboard to Sam.",)
    session.acknowledge_handoff()
    go(session, "changed")
    assert session.answers()["share"] == {"a": "changed"}


def test_back_stops_at_the_other_persons_words_not_yet_shown_to_both() -> None:
    session = together(LISTENING)
    go(session)
    go(session, "share it")
    session.acknowledge_handoff()  # Alex has the keyboard; Sam's words wait behind a cover
    assert not session.can_back and not session.back()
    assert where(session) == ("paraphrase", "b", "listener", 1)
    go(session, "you said")
    assert session.back()  # Alex's own words come back to Alex
    assert session.current.prefill == "you said"


def test_back_undoes_a_role_swap_and_a_repeat_answer() -> None:
    session = together(opened(LISTENING))
    for value in (None, None, "first", "back", 4):
        go(session, value)
    assert where(session) == ("share", "b", "speaker", 2)
    assert session.to_data()["state"]["lead"] == "b"
    session.acknowledge_handoff()
    go(session, "second")
    assert session.back()
    assert session.answers()["share"] == {"a": "first"}
    assert session.back()
    assert where(session) == ("heard", "a", "speaker", 1)
    assert session.to_data()["state"]["lead"] == "a"
    assert session.to_data()["state"]["taken"] == {}
    while session.back():
        pass
    assert not session.can_back
    assert where(session) == ("shared", None, None, 1)
    assert session.answers() == {}


def test_back_from_the_end() -> None:
    session = Session.start(exercise(TextStep(id="t")), mode="solo", names=[], clock=FakeClock())
    go(session, "done")
    assert session.finished
    assert session.progress().number == session.progress().about == 1
    assert session.answer("more").reasons
    assert session.back()
    assert session.current.prefill == "done"


def test_a_repeat_keeps_the_latest_answer_and_back_brings_the_earlier_one_back() -> None:
    session = together(opened(LISTENING))
    for value in (None, None, "share", "try one", 2, "try two"):
        go(session, value)
    assert session.answers()["paraphrase"] == {"b": "try two"}
    session.acknowledge_handoff()
    session.back()
    assert session.answers()["paraphrase"] == {"b": "try one"}
    assert session.current.prefill == "try two"


def test_progress_stays_honest_with_branches() -> None:
    ex = exercise(
        ScaleStep(
            id="rate",
            branches=[Branch(when=Condition(step="rate", op="below", value=3), goto="last")],
        ),
        ReadStep(id="two"),
        ReadStep(id="three", branches=[Branch(goto="last")]),
        ReadStep(id="skipped"),
        ReadStep(id="last"),
    )
    session = Session.start(ex, mode="solo", names=[], clock=FakeClock())
    # The plain path follows unconditional jumps: rate, two, three, last.
    assert (session.progress().number, session.progress().about) == (1, 4)
    go(session, 1)
    assert (session.progress().number, session.progress().about) == (2, 2)
    session.back()
    go(session, 5)
    assert (session.progress().number, session.progress().about) == (2, 4)


def test_progress_counts_turns_and_grows_with_repeats() -> None:
    session = together(LISTENING)
    # welcome, share, paraphrase, heard, (swap) share, paraphrase, heard, close
    assert (session.progress().number, session.progress().about) == (1, 8)
    seen = []
    while not session.finished:
        progress = session.progress()
        assert progress.number <= progress.about
        seen.append((progress.number, progress.about))
        turn = session.current
        value = {"text": "words", "scale": 1}.get(turn.step.kind)
        go(session, value)
    assert seen[-1][0] == seen[-1][1] == len(seen)
    # Three repeats of paraphrase and heard in each speaker's round.
    assert len(seen) == 8 + 2 * 6
    abouts = [about for _, about in seen]
    assert abouts == sorted(abouts)


def test_each_turns_count_in_progress() -> None:
    session = together(EACH)
    # values x2, peek x2, both-read, compare, after x2, sum
    assert (session.progress().number, session.progress().about) == (1, 9)
    go(session, ["a"])
    assert (session.progress().number, session.progress().about) == (2, 9)
    solo = Session.start(EACH, mode="solo", names=[], clock=FakeClock())
    assert solo.progress().about == 5


PAUSE = exercise(
    PauseStep(
        id="breathe",
        seconds=60,
        min_seconds=20,
        rhythm=Rhythm(inhale=4, hold_in=2, exhale=6, hold_out=0),
    ),
    TextStep(id="write", who="each", min_seconds=10),
)


def test_pacing_of_a_pause_with_a_breathing_rhythm() -> None:
    clock = FakeClock()
    session = together(PAUSE, clock)
    pacing = session.pacing()
    assert (pacing.wait, pacing.pause, pacing.remaining) == (20, 60, 60)
    assert (pacing.phase, pacing.phase_fraction) == ("in", 0)
    clock.now += 5
    pacing = session.pacing()
    assert (pacing.wait, pacing.remaining, pacing.phase, pacing.phase_fraction) == (
        15,
        55,
        "hold",
        0.5,
    )
    clock.now += 4
    assert (session.pacing().phase, session.pacing().phase_fraction) == ("out", 0.5)
    clock.now += 3 + 12  # 24 s: two full cycles
    assert (session.pacing().phase, session.pacing().phase_fraction, session.pacing().wait) == (
        "in",
        0,
        0,
    )
    clock.now += 100
    pacing = session.pacing()
    assert (pacing.wait, pacing.remaining, pacing.phase) == (0, 0, None)
    assert pacing.rhythm == Rhythm(inhale=4, hold_in=2, exhale=6, hold_out=0)


@pytest.mark.parametrize(("pace", "factor"), sorted(PACES.items()))
def test_pace_scales_waits_and_pauses_but_not_the_rhythm(pace: str, factor: float) -> None:
    clock = FakeClock()
    session = together(PAUSE, clock, pace=pace)
    assert session.pacing().wait == pytest.approx(20 * factor)
    assert session.pacing().pause == pytest.approx(60 * factor)
    clock.now += 4.5
    assert session.pacing().phase == "hold"
    go(session)
    assert session.pacing().wait == pytest.approx(10 * factor)
    assert session.pacing().pause is None


def test_time_counts_from_entering_a_turn_and_waits_for_the_hand_off() -> None:
    clock = FakeClock()
    session = together(PAUSE, clock)
    clock.now += 30
    go(session)
    assert session.pacing().wait == 10
    clock.now += 4
    assert session.pacing().wait == 6
    go(session, "mine")
    assert session.current.handoff
    clock.now += 50  # passing the keyboard takes its time; it does not count
    assert session.pacing().wait == 10
    session.acknowledge_handoff()
    clock.now += 3
    assert session.pacing().wait == 7
    go(session, "yours")
    assert session.pacing().wait == 0


def test_comparison_only_on_a_compare_step() -> None:
    with pytest.raises(ValueError, match="compare"):
        together(EACH).comparison()


def test_an_unconditional_repeat_is_counted_ahead() -> None:
    ex = exercise(
        ReadStep(id="one"),
        ReadStep(id="two", branches=[Branch(goto="one", limit=1)]),
        ReadStep(id="three"),
    )
    session = Session.start(ex, mode="solo", names=[], clock=FakeClock())
    seen = []
    while not session.finished:
        progress = session.progress()
        seen.append((session.current.step.id, progress.number, progress.about))
        go(session)
    assert seen == [("one", 1, 5), ("two", 2, 5), ("one", 3, 5), ("two", 4, 5), ("three", 5, 5)]


def test_back_resumes_the_time_already_spent_on_a_step() -> None:
    clock = FakeClock()
    session = Session.start(PAUSE, mode="solo", names=[], clock=clock)
    clock.now += 12
    go(session)
    assert session.pacing().wait == 10
    session.back()
    assert session.pacing().wait == 8
    assert session.pacing().remaining == 48
