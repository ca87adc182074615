"""Warnings authors asked for: they load, and `validate` says what to look at."""

from __future__ import annotations

import json

from reconnect_tui.exercises.checks.keys import EXERCISE, STEP
from reconnect_tui.exercises.checks.schema import json_schema
from reconnect_tui.exercises.library import load_library, load_text

HEAD = 'format = 1\nid = "x"\ntitle = "X"\nsummary = "s"\naudience = "together"\n'


def warnings(text: str) -> list[str]:
    loaded = load_text(HEAD + text, "x.toml")
    assert loaded.exercise is not None, [p.format() for p in loaded.problems]
    return [p.message for p in loaded.problems if p.severity == "warning"]


PRIVATE = """
[[steps]]
id = "kind-words"
kind = "text"
who = "each"
text = "Write one kind thing."
private = true
"""


def test_a_private_step_no_later_step_shows_is_warned_about() -> None:
    assert warnings(PRIVATE) == [
        "the step 'kind-words' is private, but no later step ever shows it"
    ]


def test_a_summary_or_a_summary_of_everything_shows_it() -> None:
    named = '\n[[steps]]\nid = "end"\nkind = "summary"\nsteps = ["kind-words"]\n'
    everything = '\n[[steps]]\nid = "end"\nkind = "summary"\n'
    other = '\n[[steps]]\nid = "end"\nkind = "summary"\nsteps = ["first"]\n'
    first = '[[steps]]\nid = "first"\nkind = "text"\ntext = "Hi."\n'
    assert warnings(PRIVATE + named) == []
    assert warnings(PRIVATE + everything) == []
    assert len(warnings(first + PRIVATE + other)) == 1


def test_a_very_long_prompt_or_step_title_is_warned_about() -> None:
    long_text = "word " * 400
    found = warnings(
        f'[[steps]]\nid = "a"\nkind = "read"\ntitle = "{"t" * 81}"\ntext = "{long_text}"\n'
    )
    assert found == [
        "title is 81 characters long; up to 80 reads well",
        "text is 2000 characters long; up to 1500 reads well",
    ]


def test_the_bounds_live_in_the_key_table_and_the_schema_follows() -> None:
    schema = json_schema()
    step = schema["definitions"]["step"]["properties"]
    assert step["text"]["maxLength"] == STEP.keys["text"].longest == 1500
    assert step["title"]["maxLength"] == STEP.keys["title"].longest
    assert schema["properties"]["title"]["maxLength"] == EXERCISE.keys["title"].longest
    assert json.dumps(schema)  # still plain JSON


def test_options_that_differ_only_by_an_invisible_character_are_named() -> None:
    loaded = load_text(
        HEAD + '[[steps]]\nid = "pick"\nkind = "choice"\noptions = ["A look", "A\u200b look"]\n'
    )
    messages = [(p.severity, p.message) for p in loaded.problems]
    assert (
        "warning",
        "the options 'A look' and 'A<U+200B> look' differ only by a character nobody can see",
    ) in messages


def test_every_builtin_exercise_has_no_warning() -> None:
    library = load_library()
    assert [p.format() for p in library.problems] == []


# --- reconnect show --------------------------------------------------------------

ROLES = """\
format = 1
id = "roles"
title = "Roles"
summary = "s"
audience = "together"
roles = ["speaker", "listener"]

[[steps]]
id = "share"
kind = "text"
who = "speaker"
text = "Say one thing."

[[steps]]
id = "hear"
kind = "text"
who = "listener"
text = "They said: {answer.share}. What did you hear?"

[[steps]]
id = "check"
kind = "text"
who = "listener"
text = "You heard: {answer.hear}."

[[steps]]
id = "close"
kind = "scale"
who = "speaker"
text = "How close?"
[[steps.branches]]
when = { step = "close", below = 3 }
goto = "hear"
limit = 2
[[steps.branches]]
goto = "share"
limit = 1
swap_roles = true
"""


def test_the_worksheet_says_whose_answer_a_placeholder_shows() -> None:
    from reconnect_tui.exercises import worksheet

    exercise = load_text(ROLES).exercise
    assert exercise is not None
    sheet = worksheet.render(exercise, "text")
    assert "They said: [the speaker's answer to step 1]." in sheet
    assert "You heard: [your answer to step 2]." in sheet


def test_a_branch_after_tested_ones_reads_otherwise() -> None:
    from reconnect_tui.exercises import worksheet

    exercise = load_text(ROLES).exercise
    assert exercise is not None
    sheet = " ".join(worksheet.render(exercise, "text").split())
    assert "If the answer here is below 3, go back to step 2" in sheet
    assert "Otherwise, go back to step 1" in sheet
    assert "Then go back to step 1" not in sheet
