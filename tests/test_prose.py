"""Exercise text's own small formatting: bullets, *emphasis*, **strong**, all else literal."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reconnect_tui.engine.session import Session
from reconnect_tui.exercises.model import ReadStep, TextStep
from reconnect_tui.exercises.prose import BULLET, Line, Span, parse, plain
from reconnect_tui.exercises.worksheet import render
from tests.builders import exercise


def test_emphasis_strong_and_bullets() -> None:
    lines = parse("Notice *small* bids and **turning toward**.\n- a glance\n- a *sigh*")
    assert lines == (
        Line(
            (
                Span("Notice "),
                Span("small", "em"),
                Span(" bids and "),
                Span("turning toward", "strong"),
                Span("."),
            )
        ),
        Line((Span("a glance"),), bullet=True),
        Line((Span("a "), Span("sigh", "em")), bullet=True),
    )


def test_everything_else_stays_literal() -> None:
    for text in ("a lone * here", "2 * 3 * 4", "[b]bold[/b] $var", "** spaced **", "-not a bullet"):
        assert parse(text) == (Line((Span(text),)),)


def test_placeholders_are_one_piece() -> None:
    assert parse("*{name}*") == (Line((Span("{name}", "em"),)),)
    # a star inside braces never opens emphasis
    assert parse("{a*b} c*") == (Line((Span("{a*b} c*"),)),)


def test_filled_answers_are_never_read_as_formatting() -> None:
    ex = exercise(
        TextStep(id="word"),
        ReadStep(id="show", text="You wrote *{answer.word}*"),
    )
    session = Session.start(ex, mode="solo", names=["Sam"], clock=lambda: 0.0)
    assert session.answer("**loud** - and *soft*").accepted
    turn = session.current
    assert turn is not None
    assert turn.prose == (Line((Span("You wrote "), Span("**loud** - and *soft*", "em"))),)


def test_plain_text_keeps_the_structure() -> None:
    assert plain("Say *this*.\n- one\n- **two**") == "Say this.\n• one\n• two"


def test_worksheet_shows_structure_in_text_and_markdown() -> None:
    ex = exercise(ReadStep(id="r", text="Be *gentle*.\n\n- one\n- two [b]"))
    text = render(ex, "text")
    assert "Be gentle." in text and "  • one\n  • two [b]" in text
    md = render(ex, "markdown")
    assert "Be *gentle*." in md and "- one\n- two \\[b\\]" in md


def flatten(lines: tuple[Line, ...]) -> str:
    """The lines back as text, bullets with their ``- ``, emphasis without its marks."""
    return "\n".join((BULLET if line.bullet else "") + line.plain for line in lines)


def only_stars_removed(text: str, back: str) -> bool:
    """*back* is *text* with some "*" taken out, and nothing else."""
    j = 0
    for char in text:
        if j < len(back) and back[j] == char:
            j += 1
        elif char != "*":
            return False
    return j == len(back)


TRICKY = st.text(alphabet=st.sampled_from("ab *-_[]{}/$\n\\\u200b"), max_size=60)


@given(TRICKY | st.text())
def test_any_text_parses_and_loses_only_marks(text: str) -> None:
    back = flatten(parse(text))
    assert only_stars_removed(text, back)
    if "*" not in text:
        assert back == text
