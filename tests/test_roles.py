"""Answers by role, `when` on both answers, nudge placeholders, every try kept, summaries.

The worked example is read straight out of docs/authoring.md and played
through a swap, so the guide cannot drift from what the program does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reconnect_tui.engine import Session
from reconnect_tui.engine.state import earlier_tries
from reconnect_tui.exercises.library import load_text
from reconnect_tui.exercises.worksheet import render
from reconnect_tui.progress.export import answer_rows, to_markdown
from reconnect_tui.progress.store import Store

GUIDE = Path(__file__).parent.parent / "docs" / "authoring.md"


def worked_example() -> str:
    """The first TOML block of the guide's worked example, as written there."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("## A worked example") :]
    return re.search(r"```toml\n(.*?)```", section, re.S).group(1)


def load(text: str):
    loaded = load_text(text, "test.toml")
    assert [p for p in loaded.problems if p.severity == "error"] == [], loaded.problems
    return loaded.exercise


def problems(text: str) -> list[str]:
    """Each problem as its line, then " | " and its hint."""
    return [f"{p.format()} | {p.hint}" for p in load_text(text, "test.toml").problems]


def at(session: Session, step_id: str) -> str:
    """Take the keyboard if asked, check the step on screen, and give its text."""
    session.acknowledge_handoff()
    turn = session.current
    assert turn is not None and turn.step.id == step_id, turn and turn.step.id
    return turn.text


# -- 1. answers by role ---------------------------------------------------------------------


def test_the_worked_example_shows_each_round_the_speakers_own_words() -> None:
    text = worked_example()
    loaded = load_text(text, "heard-and-thanked.toml")
    assert [p for p in loaded.problems if p.severity != "info"] == []  # not even a warning
    session = Session.start(loaded.exercise, mode="together", names=["Sam", "Alex"])
    sam, alex = "On Tuesday you cooked when I was late.", "On Friday you fetched the kids for me."
    heard = {"what": "dinner was ready", "feeling": "cared for"}

    at(session, "settle")
    assert session.answer(None).accepted
    assert "Sam, write down" in at(session, "moment")
    assert session.answer(sam).accepted
    first = at(session, "heard")
    assert session.current.actor == "b" and first.startswith("Alex,")
    assert sam in first
    assert session.answer(heard).accepted
    at(session, "close")
    assert session.answer(5).accepted  # close enough: on to the swap

    assert "Alex, write down" in at(session, "moment")
    assert session.answer(alex).accepted
    second = at(session, "heard")
    assert session.current.actor == "a" and second.startswith("Sam,")
    assert alex in second and sam not in second  # the new speaker's words, not Sam's own
    assert session.answer(heard).accepted
    at(session, "close")
    assert session.answer(5).accepted

    at(session, "look-back")
    items = {(item.step_id, item.person): item for item in session.summary()}
    # Labels are filled with the roles held when each answer was given.
    assert items["moment", "a"].label == "From Sam to Alex"
    assert items["moment", "b"].label == "From Alex to Sam"
    assert items["heard", "b"].label == "What Alex heard"
    assert items["heard", "a"].label == "What Sam heard"


def test_answer_placeholder_after_a_swap_is_what_the_guide_warns_about() -> None:
    old = worked_example().replace("{speaker_answer.moment}", "{answer.moment}")
    found = problems(old)
    assert len(found) == 1 and "warning" in found[0]
    assert re.match(r"test\.toml:\d+:\d+: warning: after the roles swap", found[0])
    assert "{speaker_answer.moment}" in found[0]
    # And it is true: after the swap, Sam would see Sam's own words again.
    session = Session.start(load(old), mode="together", names=["Sam", "Alex"])
    at(session, "settle")
    session.answer(None)
    at(session, "moment")
    session.answer("Sam's moment, written first.")
    at(session, "heard")
    session.answer({"what": "x", "feeling": "lighter"})
    at(session, "close")
    session.answer(5)
    at(session, "moment")
    session.answer("Alex's moment, in round two.")
    assert "Sam's moment" in at(session, "heard")


ROLES = """\
format = 1
id = "roles"
title = "Roles"
summary = "Two roles."
roles = ["speaker", "listener"]

[[steps]]
id = "say"
kind = "text"
who = "speaker"
text = "Say it."

[[steps]]
id = "hear"
kind = "read"
who = "listener"
text = "{listener}: {speaker_answer.say} / {partner_answer.say} / {listener_answer.say}"
"""


def test_role_answers_name_the_holder_now_and_partner_answer_the_other_role() -> None:
    session = Session.start(load(ROLES), mode="together", names=["Sam", "Alex"])
    at(session, "say")
    session.answer("hello")
    assert at(session, "hear") == "Alex: hello / hello / (left blank)"


def test_role_answers_alone_are_the_one_persons() -> None:
    session = Session.start(load(ROLES), mode="solo", names=["Sam"])
    at(session, "say")
    session.answer("hello")
    assert at(session, "hear") == "your partner: hello / (left blank) / hello"


@pytest.mark.parametrize(
    ("placeholder", "message", "hint"),
    [
        ("{speeker_answer.say}", "unknown placeholder {speeker_answer.say}", "speaker_answer.say"),
        ("{talker_answer.say}", "unknown placeholder {talker_answer.say}", "speaker_answer.say"),
        ("{speaker_answer.later}", "refers to a step that comes later", "earlier"),
    ],
)
def test_validate_names_unknown_role_answers_with_line_and_hint(
    placeholder: str, message: str, hint: str
) -> None:
    text = ROLES.replace("{partner_answer.say}", placeholder) + (
        '\n[[steps]]\nid = "later"\nkind = "text"\ntext = "x"\n'
    )
    found = problems(text)
    assert len(found) == 1, found
    line = text.splitlines().index(next(s for s in text.splitlines() if placeholder in s)) + 1
    assert found[0].startswith(f"test.toml:{line}:")
    assert message in found[0] and hint in found[0]


def test_role_answers_without_roles_say_how_to_add_them() -> None:
    text = ROLES.replace('roles = ["speaker", "listener"]\n', "").replace('who = "listener"\n', "")
    text = text.replace('who = "speaker"\n', "").replace(
        "{listener}: {speaker_answer.say} / {partner_answer.say} / {listener_answer.say}",
        "{speaker_answer.say}",
    )
    (found,) = problems(text)
    assert "unknown placeholder {speaker_answer.say}" in found and "roles = [" in found


# -- 2. `when` on a step each person answered -----------------------------------------------


def each_rating(match: str) -> str:
    when = '{ step = "rate", is = 3' + (f', match = "{match}"' if match else "") + " }"
    return f"""\
format = 1
id = "each"
title = "Each"
summary = "Each rates."

[[steps]]
id = "rate"
kind = "scale"
who = "each"
text = "Rate."

[[steps.branches]]
when = {when}
goto = "matched"

[[steps]]
id = "other"
kind = "read"
text = "Not matched."

[[steps.branches]]
goto = "end"

[[steps]]
id = "matched"
kind = "read"
text = "Matched."

[[steps]]
id = "end"
kind = "read"
text = "End."
"""


@pytest.mark.parametrize(
    ("match", "answers", "lands"),
    [
        ("", (3, 5), "matched"),  # the default: either answer is enough
        ("any", (3, 5), "matched"),
        ("any", (5, 4), "other"),
        ("both", (3, 5), "other"),
        ("both", (3, 3), "matched"),
    ],
)
def test_when_on_an_each_step_holds_for_any_or_both(match, answers, lands) -> None:
    session = Session.start(load(each_rating(match)), mode="together", names=["Sam", "Alex"])
    for value in answers:
        at(session, "rate")
        assert session.answer(value).accepted
    at(session, lands)


def test_match_on_a_step_with_one_answer_is_a_warning() -> None:
    text = each_rating("both").replace('who = "each"\n', "")
    (found,) = problems(text)
    assert "warning: match makes no difference here" in found


def test_an_unknown_match_is_an_error_with_the_choices() -> None:
    (found,) = problems(each_rating("all"))
    assert "error: match 'all' is not one of the choices" in found


# -- 3. placeholders in nudge messages ------------------------------------------------------

NUDGED = """\
format = 1
id = "nudged"
title = "Nudged"
summary = "A nudge that names people."
roles = ["speaker", "listener"]

[[nudges]]
id = "always"
phrases = ["you always"]
message = "{name}, could {listener} hear one moment instead? {{gently}}"

[[steps]]
id = "say"
kind = "text"
who = "speaker"
text = "Say it."
"""


def test_nudge_messages_are_filled_in_for_the_person_typing() -> None:
    session = Session.start(load(NUDGED), mode="together", names=["Sam", "Alex"])
    at(session, "say")
    (nudge,) = session.nudges_for("you always do that")
    assert nudge.message == "Sam, could Alex hear one moment instead? {gently}"
    outcome = session.answer("you always do that")
    assert outcome.nudges[0].message == nudge.message


@pytest.mark.parametrize(
    ("placeholder", "says"),
    [
        ("{nmae}", "unknown placeholder {nmae}"),
        ("{answer.say}", "a nudge's message cannot show an answer"),
    ],
)
def test_validate_reports_placeholders_a_nudge_cannot_fill(placeholder: str, says: str) -> None:
    text = NUDGED.replace("{name}", placeholder)
    (found,) = problems(text)
    line = next(n for n, s in enumerate(text.splitlines(), 1) if s.startswith("message"))
    assert found.startswith(f"test.toml:{line}:") and says in found


# -- 4. a repeated step keeps every try -----------------------------------------------------

LOOP = """\
format = 1
id = "loop"
title = "Loop"
summary = "Try again."

[[steps]]
id = "say"
kind = "text"
text = "Say it back."

[[steps]]
id = "close"
kind = "scale"
text = "How close?"

[[steps.branches]]
when = { step = "close", below = 4 }
goto = "say"
limit = 2

[[steps]]
id = "look"
kind = "summary"
text = "Looking back."
steps = ["say"]
"""


def tries(session: Session) -> dict[str, dict[str, list[object]]]:
    """The earlier tries the session's undo stack holds, as summaries and exports read them."""
    return earlier_tries(session.to_data()["history"])


def tried(session: Session, *words: str) -> None:
    for number, text in enumerate(words):
        at(session, "say")
        assert session.answer(text).accepted
        at(session, "close")
        assert session.answer(5 if number == len(words) - 1 else 2).accepted


def test_every_try_is_kept_and_the_last_is_the_answer() -> None:
    session = Session.start(load(LOOP), mode="solo", names=["Sam"])
    tried(session, "first", "second", "third")
    at(session, "look")
    assert session.answers()["say"] == {"a": "third"}
    assert tries(session) == {"say": {"a": ["first", "second"]}, "close": {"a": [2, 2]}}
    (item,) = session.summary()
    assert (item.tries, item.text) == (("first", "second"), "third")


def test_back_takes_off_only_the_last_try() -> None:
    session = Session.start(load(LOOP), mode="solo", names=["Sam"])
    tried(session, "first", "second")
    at(session, "look")
    assert session.back() and session.back()  # the rating, then the second try
    assert at(session, "say") and session.current.prefill == "second"
    assert tries(session) == {}
    assert session.answers()["say"] == {"a": "first"}


def test_tries_outlast_saving_and_show_in_history_and_export(tmp_path) -> None:
    exercise = load(LOOP)
    session = Session.start(exercise, mode="together", names=["Sam", "Alex"])
    tried(session, "first", "second")
    again = Session.restore(exercise, session.to_data())
    assert tries(again)["say"] == {"both": ["first"]}

    store = Store(tmp_path / "sessions", tmp_path / "quarantine")
    store.open()
    record = store.new_session(
        exercise_id="loop", title="Loop", revision=1, digest="", mode="together",
        people=["Sam", "Alex"],
    )  # fmt: skip
    record.state, record.answers = again.to_data(), again.answers()
    record = store.load(store.save(record).id)
    row, close = answer_rows(record, exercise)
    assert (row.title, row.tries, row.text) == ("say", ("first",), "second")
    assert (close.tries, close.text) == (("2 of 5",), "5 of 5")
    markdown = to_markdown(record, exercise)
    assert markdown.index("*1st try*") < markdown.index("> first")
    assert markdown.index("*2nd try*") < markdown.index("> second")
    # Without the exercise file the tries still show, as saved.
    assert answer_rows(record, None)[0].tries == ("first",)


def test_a_session_saved_before_tries_were_shown_still_has_them() -> None:
    # Written by the previous version: the undo stack held the earlier answer as "prior".
    saved = {
        "format": 1, "exercise": "loop", "revision": 1, "mode": "solo", "pace": "standard",
        "people": [{"key": "a", "name": "Sam"}], "order": ["say", "close", "look"],
        "state": {"step": "look", "turn": 0, "lead": "a", "elapsed": 0.0},
        "answers": {"say": {"a": "second"}, "close": {"a": 5}},
        "history": [
            {"state": {"step": "say"}, "step": "say", "key": "a"},
            {"state": {"step": "close"}, "step": "close", "key": "a"},
            {"state": {"step": "say"}, "step": "say", "key": "a", "prior": "first"},
            {"state": {"step": "close"}, "step": "close", "key": "a", "prior": 2},
        ],
    }  # fmt: skip
    session = Session.restore(load(LOOP), saved)
    (item,) = session.summary()
    assert (item.tries, item.text) == (("first",), "second")


# -- 5. summaries ---------------------------------------------------------------------------


def test_summary_lists_one_item_a_line_and_scales_with_their_words() -> None:
    text = """\
format = 1
id = "gather"
title = "Gather"
summary = "Lists and scales."

[[steps]]
id = "things"
kind = "list"
text = "Things."

[[steps]]
id = "near"
kind = "scale"
text = "How near?"
max_label = "very near"

[[steps]]
id = "look"
kind = "summary"
text = "Looking back."
"""
    session = Session.start(load(text), mode="solo", names=["Sam"])
    at(session, "things")
    session.answer(["walks", "tea"])
    at(session, "near")
    session.answer(5)
    at(session, "look")
    assert [item.text for item in session.summary()] == ["• walks\n• tea", "5 of 5 (very near)"]


@pytest.mark.parametrize(
    ("titles", "says"),
    [
        ('{ sya = "x" }', "titles names 'sya', which this summary does not show"),
        ('{ say = "{nam}" }', "unknown placeholder {nam}"),
        ('"x"', "titles should be a table of headings by step id"),
        ("{ say = 3 }", "say should be text"),
    ],
)
def test_validate_checks_summary_titles(titles: str, says: str) -> None:
    (found,) = problems(LOOP + f"titles = {titles}\n")
    assert f"test.toml:{len(LOOP.splitlines()) + 1}:" in found and says in found


def test_the_worksheet_words_role_answers_and_match() -> None:
    sheet = render(load(ROLES))
    assert "[the speaker's answer to step 1]" in sheet
    assert "If both answers here are 3, go on to step 3." in render(load(each_rating("both")))
    assert "If either answer here is 3" in render(load(each_rating("any")))


def test_summary_items_come_round_by_round() -> None:
    session = Session.start(load(worked_example()), mode="together", names=["Sam", "Alex"])
    at(session, "settle")
    session.answer(None)
    for words in ("Sam's moment here.", "Alex's moment here."):
        at(session, "moment")
        session.answer(words)
        at(session, "heard")
        session.answer({"what": "x", "feeling": "lighter"})
        at(session, "close")
        session.answer(5)
    at(session, "look-back")
    assert [item.label for item in session.summary()] == [
        "From Sam to Alex", "From Alex to Sam", "What Alex heard", "What Sam heard",
    ]  # fmt: skip


SCALE = """\
format = 1
id = "near"
title = "Near"
summary = "A scale with words."

[[steps]]
id = "near"
kind = "scale"
text = "How close?"
labels = ["not yet", "a little", "halfway", "mostly", "spot on"]

[[steps]]
id = "look"
kind = "summary"
text = "{answer.near}"
"""


def test_scale_answers_are_read_back_with_their_words() -> None:
    session = Session.start(load(SCALE), mode="solo", names=["Sam"])
    at(session, "near")
    session.answer(4)
    assert at(session, "look") == "4 of 5 (mostly)"
    assert [item.text for item in session.summary()] == ["4 of 5 (mostly)"]


def test_scale_labels_need_one_word_a_number() -> None:
    (found,) = problems(SCALE.replace('"halfway", ', ""))
    assert "labels has 4 words, but the scale has 5 numbers" in found
    assert "one for each number from 1 to 5" in found
