"""The multi-line answer field and Textual 8.2.8's TextArea crash (textual#6528)."""

from __future__ import annotations

import attrs
from textual.geometry import Region

from reconnect_tui.exercises.model import Exercise
from reconnect_tui.ui.screens.end import EndScreen
from reconnect_tui.ui.screens.handoff import HandoffScreen
from reconnect_tui.ui.widgets.field import AnswerArea
from tests.ui.conftest import make_app, runner, screen_text
from tests.ui.fixtures import LONG_TEXT, TEXT

# Together, each partner writes at length, one after the other: the second
# partner's multi-line step comes straight after the hand-off cover.
EACH_AT_LENGTH = Exercise(
    id="at-length",
    title="At length",
    summary="Each of you, in your own words.",
    audience="together",
    steps=[attrs.evolve(LONG_TEXT, who="each"), attrs.evolve(TEXT, id="after", nudges=())],
)


async def test_a_removed_answer_area_still_draws() -> None:
    """A frame may still hold the field after the step is taken away for a cover;
    Textual's TextArea raises KeyError 'text-area--gutter' when drawn then."""
    app = make_app(EACH_AT_LENGTH, start="at-length", mode="together", names=("Ann", "Bo"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        area = app.screen.query_one("#answer-text")
        await area.remove()
        lines = area.render_lines(Region(0, 0, 20, 2))
        assert len(lines) == 2


async def test_multiline_step_right_after_a_cover() -> None:
    app = make_app(EACH_AT_LENGTH, start="at-length", mode="together", names=("Ann", "Bo"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        await pilot.press(*"mine", "ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen)
        await pilot.press("enter")
        await pilot.pause()
        screen = runner(app)
        assert screen.turn.actor == "b" and isinstance(app.focused, AnswerArea)
        assert "Say more" in screen_text(app)
        await pilot.press(*"yours", "enter", *"two lines", "ctrl+n")
        await pilot.pause()
        assert runner(app).turn.step.id == "after"
        await pilot.press(*"done", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
    assert session.answers()["longer"] == {"a": "mine", "b": "yours\ntwo lines"}
