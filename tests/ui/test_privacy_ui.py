"""Private means private on every screen: Back and the cover, History mid-session, the end.

What each screen shows is read as a person would read it (the rendered text),
never from the widgets' data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from textual.widgets import OptionList

from reconnect_tui.exercises.model import TextStep
from reconnect_tui.ui.app import ReconnectApp
from reconnect_tui.ui.screens.end import EndScreen
from reconnect_tui.ui.screens.handoff import HandoffScreen
from reconnect_tui.ui.screens.history import HistoryScreen
from reconnect_tui.ui.screens.session_view import SessionViewScreen
from tests.builders import exercise, library
from tests.test_builtin_exercises import ANSWERERS, load
from tests.test_privacy import Marked, Secret, assert_hidden, reveal, words_in
from tests.ui.conftest import make_app, past_cover, plain, runner, screen_text
from tests.ui.test_keeping import kept_app


async def give(app: ReconnectApp, value: Any) -> None:
    """Answer the turn on screen, as Continue does once the widget holds *value*."""
    screen = runner(app)
    assert screen.session.answer(value).accepted, value
    app.session_changed(screen.session)
    await screen.show_turn()


async def pass_cover(pilot: Any) -> None:
    if isinstance(pilot.app.screen, HandoffScreen):
        await pilot.press("enter")
        await pilot.pause()


async def drawn(pilot: Any, words: str) -> str:
    """The screen's text once *words* are on it (a loaded machine may take a few frames)."""
    for _ in range(50):
        seen = screen_text(pilot.app)
        if words in seen:
            return seen
        await pilot.pause(0.1)
    raise AssertionError(f"{words!r} never appeared:\n{seen}")


async def open_from_palette(pilot: Any, command: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*command.casefold())
    await pilot.pause(0.5)
    await pilot.press("enter")
    await pilot.pause()


async def test_back_then_the_cover_never_shows_the_other_persons_private_map() -> None:
    loop = load("the-loop")
    app = make_app(loop, start="the-loop", mode="together", names=("Sam", "Alex"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await give(app, None)  # welcome
        await past_cover(pilot, app)  # the map is private: "Just for Sam" first
        assert runner(app).turn.step.id == "map"
        await give(app, {"move": "hide in the shed", "feeling": "small", "story": "I'm in the way"})
        assert isinstance(app.screen, HandoffScreen)
        assert "shed" not in screen_text(app)
        await pass_cover(pilot)
        assert runner(app).turn.actor_name == "Alex"
        # Alex presses Back: nothing happens, so no cover stands one Enter from Sam's map.
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pass_cover(pilot)  # were there a cover, Alex could pass it with one Enter
        assert "shed" not in screen_text(app) and "in the way" not in screen_text(app)
        assert runner(app).turn.actor_name == "Alex"
        assert not runner(app).query_one("#back").display


async def test_history_from_the_palette_mid_session_shows_only_what_both_have_seen(
    tmp_path: Path,
) -> None:
    check_in = load("daily-check-in")
    app, _keeper = kept_app(
        tmp_path, check_in, start="daily-check-in", mode="together", names=["Sam", "Alex"]
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = runner(app).session
        while session.current.actor != "a":
            await give(app, None)
        # Sam's run: mood, energy, a few words; then the keyboard goes to Alex.
        while not session.current.handoff:
            step = session.current.step
            value = {"scale": 1, "text": "you made tea this morning"}.get(step.kind)
            if step.kind == "choice":
                value = [step.options[0]]
            await give(app, value)
        assert session.current.actor == "b"
        await pilot.pause()
        await pass_cover(pilot)
        # Alex opens History through the palette, before giving their own answers.
        await open_from_palette(pilot, "History")
        assert isinstance(app.screen, HistoryScreen)
        await app.workers.wait_for_complete()
        await drawn(pilot, "part way")  # the list is read: so are the check-ins' scales
        assert "Mood" not in plain(app, "#moments")  # no sparkline from Sam's mood yet
        app.screen.query_one(OptionList).action_select()
        await pilot.pause()
        assert isinstance(app.screen, SessionViewScreen)
        seen = await drawn(pilot, "left part way")
        assert "you made tea" not in seen and "1 of 5" not in seen
        assert "(not shared yet)" in seen
        assert "export" not in plain(app, "Static").casefold()


PRIVATE_NOTE = exercise(
    TextStep(
        id="note", who="each", private=True, title="Just for you", text="{partner} won't see this."
    ),
    TextStep(id="plan", who="each", title="A plan", text="{partner} will see this at the end."),
    id="private-note",
    title="Private note",
)


async def test_the_end_card_and_the_session_view_keep_an_unrevealed_answer_private(
    tmp_path: Path,
) -> None:
    app, _keeper = kept_app(
        tmp_path, PRIVATE_NOTE, start="private-note", mode="together", names=["Sam", "Alex"]
    )
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        for value in ("sam's quiet note", "sam's plan", "alex's quiet note", "alex's plan"):
            await pass_cover(pilot)
            await give(app, value)
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        seen = screen_text(app)
        assert "quiet note" not in seen
        assert seen.count("(kept private)") == 2
        assert "sam's plan" in seen  # not private: the end card shows it to both
        app.go_home()
        await pilot.pause()
        await open_from_palette(pilot, "History")
        await app.workers.wait_for_complete()
        await drawn(pilot, "done")
        app.screen.query_one(OptionList).action_select()
        await pilot.pause()
        assert isinstance(app.screen, SessionViewScreen)
        seen = await drawn(pilot, "finished")
        assert "quiet note" not in seen and seen.count("(kept private)") == 2
        assert "sam's plan" in seen


WITH_PRIVATE = ["the-loop", "what-we-expected", "presence-without-pressure", "shared-meaning"]


@pytest.mark.parametrize("exercise_id", WITH_PRIVATE)
async def test_a_whole_together_session_never_shows_a_private_answer_early(
    exercise_id: str,
) -> None:
    ex = load(exercise_id)
    answerer = Marked(**attrs.asdict(attrs.evolve(ANSWERERS[3]), recurse=False))
    app = make_app(library=library(ex), start=exercise_id, mode="together", names=("Sam", "Alex"))
    secrets: list[Secret] = []
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        session = runner(app).session
        for _ in range(100):
            if isinstance(app.screen, HandoffScreen):
                # Whoever is at the keyboard still: it shows nobody's words.
                assert_hidden(secrets, "nobody", screen_text(app), f"{ex.id} cover")
                await pass_cover(pilot)
            if isinstance(app.screen, EndScreen):
                break
            turn = runner(app).turn
            viewer = turn.actor or "both"
            reveal(secrets, session)
            assert_hidden(secrets, viewer, screen_text(app), f"{ex.id}.{turn.step.id}")
            value = answerer.answer(turn.step, turn.actor)
            await give(app, value)
            await pilot.pause()
            if turn.step.private and turn.actor is not None:
                secrets.append(Secret(turn.actor, turn.step.id, words_in(value)))
        assert isinstance(app.screen, EndScreen)
        assert secrets, "nothing private was written"
        assert_hidden(secrets, "both", screen_text(app), f"{ex.id} end card")


async def test_the_step_answered_alone_says_who_will_see_it() -> None:
    quiet = exercise(
        TextStep(id="mine", who="each", private=True, title="Only yours", text="A thought."),
        TextStep(id="share", who="each", title="To share", text="A wish."),
        id="quiet",
        title="Quiet",
    )
    app = make_app(quiet, start="quiet", mode="together", names=("Sam", "Alex"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await past_cover(pilot, app)
        assert "This one stays with you: Alex won't see it." in screen_text(app)
        await give(app, "a thought")
        assert "Alex will see this at the end." in screen_text(app)
        assert "stays with you" not in screen_text(app)  # the line changes with the step
