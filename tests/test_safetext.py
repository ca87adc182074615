"""Text from files and people is made safe to keep and to show."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconnect_tui.common.safetext import clean, one_line
from reconnect_tui.exercises.checks.values import UNCLEAN_LINE, UNCLEAN_TEXT

# What must never survive clean(): C0 controls except newline, DEL, C1
# controls (ESC among them) and the bidirectional controls.
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# Text with plenty of the characters that matter: escapes, controls, bidi.
risky = st.lists(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(
            [
                "\x1b",
                "\x1b[",
                "\x1b]",
                "\x07",
                "\x9b",
                "\x90",
                "\r",
                "\n",
                "\t",
                "\u202e",
                "\u2066",
                "\u200f",
                "\x00",
                "\x7f",
                "[",
                ";",
                "m",
                "\\",
                "0",
            ]
        ),
    ),
    max_size=40,
).map("".join)
SETTINGS = settings(max_examples=200, deadline=None)


@SETTINGS
@given(risky, st.booleans())
def test_clean_is_idempotent_and_leaves_no_controls(text: str, multiline: bool) -> None:
    cleaned = clean(text, multiline=multiline)
    assert clean(cleaned, multiline=multiline) == cleaned
    assert not FORBIDDEN.search(cleaned)
    assert clean(cleaned) == cleaned  # nothing the default cleaning would change
    if not multiline:
        assert "\n" not in cleaned


@SETTINGS
@given(risky, st.integers(min_value=0, max_value=40))
def test_one_line_has_no_newline_and_keeps_to_the_limit(text: str, limit: int) -> None:
    line = one_line(text, limit)
    assert "\n" not in line
    assert not FORBIDDEN.search(line)
    assert line == line.strip()
    if limit:
        assert len(line) <= limit


@SETTINGS
@given(risky, st.booleans())
def test_the_loaders_quick_check_agrees_with_clean(text: str, multiline: bool) -> None:
    # The loader skips clean() for strings without these characters.
    quick = UNCLEAN_TEXT if multiline else UNCLEAN_LINE
    if not quick.search(text):
        assert clean(text, multiline=multiline) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x1b[31mred\x1b[0m text", "red text"),
        ("\x1b[1;38;2;255;0;0mbold", "bold"),
        ("\x1b]0;new window title\x07after", "after"),
        ("\x1b]8;;https://example.org\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("cut short \x1b[", "cut short "),
        ("\x9b31m8-bit CSI", "8-bit CSI"),
        ("\x9b2Jcleared", "cleared"),
        ("\x9d0;evil title\x07after", "after"),
        ("\x9d0;evil title\x9cafter", "after"),
        ("\x9d8;;https://example.org\x1b\\link", "link"),
        ("\x90qpayload\x9c done", " done"),
        ("zero\u200bwidth \u200c\u200d\u2060kept", "zero\u200bwidth \u200c\u200d\u2060kept"),
        ("family 👩\u200d👧", "family 👩\u200d👧"),
        ("abc\u202edcba", "abcdcba"),
        ("\u2066isolate\u2069", "isolate"),
        ("bell\x07 and backspace\x08", "bell and backspace"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("tab\there", "tab    here"),
        ("[bold]markup[/] [@click=app.quit]stays[/]", "[bold]markup[/] [@click=app.quit]stays[/]"),
        ("emoji 🌱 and accents é", "emoji 🌱 and accents é"),
    ],
)
def test_clean_examples(text: str, expected: str) -> None:
    assert clean(text) == expected


def test_one_line_examples() -> None:
    assert one_line("two\nlines\there") == "two lines here"
    assert one_line("  a   long   title  ", limit=6) == "a lon…"
    assert one_line("\x1b]2;title\x07Sam") == "Sam"


def test_code_points_name_what_nobody_can_see() -> None:
    from reconnect_tui.common.safetext import code_points

    assert code_points("plain words") == "plain words"
    assert code_points("A\u200b look") == "A<U+200B> look"
    assert code_points("end\u202e\n") == "end<U+202E><U+000A>"


def test_every_problem_message_names_invisible_characters() -> None:
    from reconnect_tui.common.problems import Problem
    from reconnect_tui.exercises.library import load_text

    problem = Problem(path="x", message="the option 'A\u200b' is odd", hint="try 'A\u2060'")
    assert problem.message == "the option 'A<U+200B>' is odd"
    assert problem.hint == "try 'A<U+2060>'"
    loaded = load_text('format = 1\nid = "x"\ntitle = "X"\nsummary = "s"\n"te\u200bxt" = 1\n')
    assert any("unknown key 'te<U+200B>xt'" in p.message for p in loaded.problems)
