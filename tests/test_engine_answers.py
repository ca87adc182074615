"""Answer checks for every step kind, cleaning, nudges and readable text."""

from __future__ import annotations

import pytest

from reconnect_tui.engine import Session
from reconnect_tui.engine.answers import display, item_key
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
    ScaleStep,
    Slot,
    Step,
    SummaryStep,
    TextStep,
)

NUDGES = (
    Nudge(id="blame", phrases=("you always", "you never"), message="Try 'I' words."),
    Nudge(id="fix", phrases=("just calm down",), message="Listening first helps."),
)


def at(step: Step, *, nudges: tuple[Nudge, ...] = NUDGES) -> Session:
    """A solo session standing at *step*."""
    exercise = Exercise(id="one", title="One", summary="One step.", nudges=nudges, steps=[step])
    return Session.start(exercise, mode="solo", names=["Sam"], clock=lambda: 0.0)


def test_steps_without_a_value_take_none_only() -> None:
    for step in (
        ReadStep(id="r"),
        PauseStep(id="p"),
        SummaryStep(id="s"),
    ):
        session = at(step)
        assert session.check(None) == ()
        assert session.check("hello") != ()


def test_text_required_lengths_and_cleaning() -> None:
    session = at(TextStep(id="t", min_length=5, max_length=20))
    assert session.check("") == ("This one needs an answer; a few words are enough.",)
    assert session.check("   \n ") != ()
    assert "at least 5 characters (you have 3)" in session.check("abc")[0]
    assert "keep it to 20 characters (it's 21 now)" in session.check("x" * 21)[0]
    assert session.check(42) == ("Please write your answer as text.",)
    assert session.answer("  hi\x1b[31m there\x07\nfriend  ").accepted
    assert session.answers() == {"t": {"a": "hi there friend"}}


def test_multiline_text_keeps_newlines_but_not_control_characters() -> None:
    session = at(TextStep(id="t", multiline=True))
    assert session.answer("line one\r\nline\u202e two\x00\n\tthree").accepted
    assert session.answers()["t"]["a"] == "line one\nline two\n    three"


def test_optional_text_may_be_empty_and_then_counts_as_skipped() -> None:
    session = at(TextStep(id="t", optional=True, min_length=5))
    assert session.check("") == ()
    assert session.check("abc") != ()
    assert session.answer("  ").accepted
    assert session.answers() == {}


CHOICE = ChoiceStep(
    id="c",
    groups=[OptionGroup(label="Hurt", options=["Sad", "Lonely"]), OptionGroup(options=["Calm"])],
)


def test_single_choice() -> None:
    session = at(CHOICE)
    assert session.check(["Sad"]) == ()
    assert session.check([]) == ("Please pick one.",)
    assert session.check(["Sad", "Calm"]) == ("Just one pick fits here.",)
    assert session.check(["Angry"]) == ("'Angry' isn't one of the choices here.",)
    assert session.check("nope") != ()
    assert session.check(7) == ("Please pick from the choices.",)
    # Spelling is forgiven and mapped onto the option's own label.
    assert session.answer([" lonely "]).accepted
    assert session.answers()["c"]["a"] == ["Lonely"]


def test_multiple_choice_pick_counts_duplicates_and_something_else() -> None:
    step = ChoiceStep(
        id="c", groups=CHOICE.groups, multiple=True, other=True, min_picks=2, max_picks=3
    )
    session = at(step)
    assert session.check(["Sad"]) == ("Please pick at least 2.",)
    assert session.check(["Sad", "Calm", "Lonely", "Bored"]) == ("Please pick no more than 3.",)
    assert session.check(["Sad", "Bored", "Tired"]) == (
        "There's room for one 'something else' answer.",
    )
    assert "200 characters" in session.check(["Sad", "x" * 201])[0]
    # Picking the same option twice is quietly one pick; options come in their own order.
    assert session.answer(["Calm", "sad", "Sad", "Worn out"]).accepted
    assert session.answers()["c"]["a"] == ["Sad", "Calm", "Worn out"]


def test_optional_choice_may_be_left_empty() -> None:
    session = at(ChoiceStep(id="c", groups=CHOICE.groups, optional=True))
    assert session.check([]) == ()
    assert session.check(None) == ()


def test_scale_range_and_whole_numbers_only() -> None:
    session = at(ScaleStep(id="s", min=0, max=10))
    wanted = ("Please choose a whole number from 0 to 10.",)
    for bad in (None, 11, -1, 2.5, 3.0, True, "5"):
        assert session.check(bad) == wanted, bad
    assert session.check(0) == ()
    assert session.check(10) == ()
    assert at(ScaleStep(id="s", optional=True)).check(None) == ()


def test_list_counts_lengths_and_duplicates() -> None:
    session = at(ListStep(id="l", min_items=2, max_items=3, item_max_length=10))
    assert session.check([]) == ("Please add at least 2 items.",)
    assert session.check(["walks"]) == ("Please add at least 2 items (you have 1).",)
    assert session.check(["a", "b", "c", "d"]) == (
        "That's more than fits: please keep it to 3 items.",
    )
    assert session.check(["walks", "a very long item"]) == (
        "'a very long item' is long: please keep each item to 10 characters.",
    )
    assert session.check(["Hiking", "hiking!"]) == ("'hiking!' is on the list twice.",)
    assert session.check(["a", 3]) == ("Every item should be text.",)
    assert session.check({"a": 1}) == ("Please give your answer as a list.",)
    # Blank items are dropped, the rest cleaned onto one line each.
    assert session.answer(["  walks\n", "", "tea\x1b[2J"]).accepted
    assert session.answers()["l"]["a"] == ["walks", "tea"]


COMPOSE = ComposeStep(
    id="i",
    template="I feel {feeling} when {situation}{{really}}{extra}.",
    slots=[
        Slot(name="feeling", kind="choice", groups=[OptionGroup(options=["sad", "tense"])]),
        Slot(name="situation", kind="text", max_length=30),
        Slot(name="extra", kind="text", optional=True),
    ],
)


def test_compose_slots() -> None:
    session = at(COMPOSE)
    assert session.check({}) == (
        "Please fill in the 'feeling' blank.",
        "Please fill in the 'situation' blank.",
    )
    assert session.check({"feeling": "furious", "situation": "x"}) == (
        "'furious' isn't one of the choices for 'feeling'.",
    )
    assert session.check({"feeling": "sad", "situation": "x" * 31}) == (
        "Please keep the 'situation' blank to 30 characters.",
    )
    assert session.check({"feeling": "sad", "situation": "x", "mood": "y"}) == (
        "There's no blank called 'mood' here.",
    )
    assert session.check({"feeling": 3}) == ("Please fill in the blanks with text.",)
    assert session.check(["sad"]) == ("Please fill in the blanks with text.",)
    assert session.answer({"feeling": "Sad", "situation": " plans change\n"}).accepted
    value = session.answers()["i"]["a"]
    assert value == {"feeling": "sad", "situation": "plans change"}
    assert display(session.exercise.step("i"), value) == "I feel sad when plans change{really}…."


def test_compose_other_slot_and_optional_step() -> None:
    step = ComposeStep(
        id="i",
        template="{a} and {b}",
        optional=True,
        slots=[
            Slot(name="a", kind="choice", other=True, groups=[OptionGroup(options=["x"])]),
            Slot(name="b", kind="text"),
        ],
    )
    session = at(step)
    assert session.check({"a": "", "b": " "}) == ()
    assert session.check({"a": "my own words"}) == ("Please fill in the 'b' blank.",)
    assert session.check({"a": "my own words", "b": "y"}) == ()


def test_display_of_each_kind() -> None:
    exercise = Exercise(
        id="show",
        title="Show",
        summary="s",
        steps=[
            TextStep(id="t"),
            CHOICE,
            ScaleStep(id="s", min_label="not at all", max_label="completely"),
            ListStep(id="l"),
            ReadStep(id="r"),
        ],
    )
    assert display(exercise.step("t"), "hello") == "hello"
    assert display(exercise.step("c"), ["Sad", "Calm"]) == "Sad, Calm"
    assert display(exercise.step("s"), 1) == "1 of 5 (not at all)"
    assert display(exercise.step("s"), 3) == "3 of 5"
    assert display(exercise.step("s"), 5) == "5 of 5 (completely)"
    assert display(exercise.step("l"), ["walks", "tea"]) == "walks; tea"
    assert display(exercise.step("r"), None) == ""
    with pytest.raises(KeyError):
        display(exercise.step("gone"), "x")


def test_nudges_match_plain_phrases_in_any_case_and_spacing() -> None:
    session = at(TextStep(id="t"))
    assert session.nudges_for("YOU   Always\nforget") == (NUDGES[0],)
    assert session.nudges_for("You never... just calm down") == NUDGES
    assert session.nudges_for("I felt alone") == ()
    # Phrases are text, not patterns.
    tricky = Nudge(id="dots", phrases=("a.b",), message="m")
    assert at(TextStep(id="t"), nudges=(tricky,)).nudges_for("axb") == ()
    outcome = session.answer("you always do this")
    assert outcome.accepted
    assert outcome.nudges == (NUDGES[0],)


def test_nudges_follow_the_step_setting() -> None:
    assert at(TextStep(id="t", nudges=())).nudges_for("you always") == ()
    assert at(TextStep(id="t", nudges=("fix",))).nudges_for("you always, just calm down") == (
        NUDGES[1],
    )
    # Lists and compose answers are searched in every item and blank.
    assert at(ListStep(id="l")).nudges_for(["tea", "you never call"]) == (NUDGES[0],)
    assert at(COMPOSE).nudges_for({"feeling": "sad", "situation": "you never call"}) == (NUDGES[0],)
    # In a choice only the words someone wrote themselves count.
    options = [OptionGroup(options=["you always"])]
    assert at(ChoiceStep(id="c", groups=options, other=True)).nudges_for(["you always"]) == ()
    choice = ChoiceStep(id="c", groups=options, other=True, multiple=True)
    assert at(choice).nudges_for(["you always", "you never listen"]) == (NUDGES[0],)
    # Scale answers hold no words.
    assert at(ScaleStep(id="s")).nudges_for(3) == ()


def test_compose_nudges_look_at_the_sentence_as_filled_in() -> None:
    judgement = Nudge(id="judge", phrases=("feel that you",), message="Name a feeling.")
    blame = Nudge(id="blame", phrases=("you never",), message="Try 'I' words.")
    step = ComposeStep(
        id="i",
        template="I  FEEL {feeling}, and you {request}.",
        slots=[
            Slot(name="feeling", kind="choice", other=True, groups=[OptionGroup(options=["sad"])]),
            Slot(name="request", kind="text", optional=True),
        ],
    )
    session = at(step, nudges=(judgement, blame))
    # "feel that you" starts in the template and ends in the blank; "you never"
    # is both in the blank and in the sentence, yet each nudge comes once.
    split = {"feeling": "that you never listen"}
    assert session.nudges_for(split) == (judgement, blame)
    # Across a blank's edge, in any case and spacing.
    assert session.nudges_for({"feeling": "sad", "request": "Never  call"}) == (blame,)
    assert session.answer(split).nudges == (judgement, blame)
    # The template's own words alone never set a nudge off.
    only_template = Nudge(id="t", phrases=("and you",), message="m")
    assert at(step, nudges=(only_template,)).nudges_for({"feeling": "sad"}) == ()
    touching = Nudge(id="u", phrases=("so sad, and you",), message="m")
    assert at(step, nudges=(touching,)).nudges_for({"feeling": "so sad"}) == (touching,)
    assert at(step, nudges=(judgement,)).nudges_for({"feeling": "sad"}) == ()


def test_nudges_never_block_but_show_on_a_refused_answer_too() -> None:
    outcome = at(TextStep(id="t", max_length=10)).answer("you always forget things")
    assert not outcome.accepted
    assert outcome.nudges == (NUDGES[0],)


@pytest.mark.parametrize(
    ("left", "right"),
    [("Hiking", "hiking "), ("  long   walks", "Long walks!"), ("Tea.", "tea"), ("CAFÉ", "café…")],
)
def test_item_keys_match_lightly(left: str, right: str) -> None:
    assert item_key(left) == item_key(right)


def test_item_keys_keep_different_words_apart() -> None:
    assert item_key("walk") != item_key("walks")
    assert item_key("?!") == "?!"


def test_compare_step_takes_no_value() -> None:
    exercise = Exercise(
        id="cmp",
        title="c",
        summary="s",
        steps=[ListStep(id="l", who="each"), CompareStep(id="c", step="l")],
    )
    session = Session.start(exercise, mode="solo", names=["Sam"], clock=lambda: 0.0)
    session.answer(["tea"])
    assert session.check(None) == ()
    assert session.check(["x"]) != ()
