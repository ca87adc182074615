"""Who's here, hand-offs, back across a hand-off, breaks, help and the palette."""

from __future__ import annotations

from textual.widgets import Input

from reconnect_tui.ui.screens.break_ import BreakScreen
from reconnect_tui.ui.screens.handoff import HandoffScreen
from reconnect_tui.ui.screens.help import HelpScreen
from reconnect_tui.ui.screens.home import HomeScreen
from reconnect_tui.ui.screens.runner import RunnerScreen
from reconnect_tui.ui.screens.whos_here import WhosHereScreen
from tests.ui.conftest import (
    make_app,
    past_cover,
    plain,
    press_button,
    record_notices,
    runner,
    screen_text,
)
from tests.ui.fixtures import ROLES, TOUR


async def test_whos_here_solo_without_a_name() -> None:
    app = make_app(TOUR, start="tour")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WhosHereScreen)
        await pilot.press("enter")  # Enter in the (empty, optional) name field begins
        screen = runner(app)
        assert screen.session.mode == "solo"
        assert screen.turn.step.id == "hello"


async def test_whos_here_goes_back_to_the_list_by_key() -> None:
    app = make_app(TOUR)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("escape", "ctrl+r"):
            await pilot.pause()
            await pilot.press("enter")  # open the one exercise
            assert isinstance(app.screen, WhosHereScreen)
            await pilot.press("x", key)  # even while typing a name
            assert isinstance(app.screen, HomeScreen), key


async def test_whos_here_together_asks_kindly_for_two_different_names() -> None:
    app = make_app(TOUR, start="tour", names=("Sam",), mode="together")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused.id == "name-a" and app.focused.value == "Sam"
        await pilot.click("#begin")
        await pilot.pause()
        assert "both names" in plain(app, "#whos-reasons")
        app.screen.query_one("#name-b", Input).value = "sam"
        await pilot.pause()
        await press_button(pilot, "#begin")
        assert "the same" in plain(app, "#whos-reasons")
        app.screen.query_one("#name-b", Input).value = "Alex"
        await pilot.pause()
        await press_button(pilot, "#begin")
        assert [person.name for person in runner(app).session.people] == ["Sam", "Alex"]


async def test_roles_choose_who_starts_or_pick_for_us() -> None:
    app = make_app(ROLES, start="take-turns", names=("Sam", "Alex"))
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Who would like to start as speaker?" in plain(app, "#roles-question")
        assert plain(app, "#role-a") == "Sam" or "Sam" in screen_text(app)
        await pilot.click("#role-pick")
        await pilot.pause()
        await pilot.click("#begin")
        await pilot.pause()
        await past_cover(pilot, app)
        turn = runner(app).session.current
        # Random(7) picks deterministically; either way the speaker is named on screen.
        assert turn.role == "speaker"
        assert [notice.message for notice in said] in (
            ["Sam starts as speaker."],
            ["Alex starts as speaker."],
        )


async def test_handoff_covers_the_screen_and_back_stops_at_private_words() -> None:
    app = make_app(ROLES, start="take-turns", mode="together", names=("Sam", "Alex"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Just for Sam" in screen_text(app)  # private, and both may be looking
        await past_cover(pilot, app)
        screen = runner(app)
        assert screen.turn.actor_name == "Sam"
        field = app.screen.query_one(Input)
        field.value = "a private worry"
        await pilot.press("enter")
        # Alex's turn: the cover hides everything Sam wrote; the runner has no widgets left.
        assert isinstance(app.screen, HandoffScreen)
        assert "Pass the keyboard to Alex" in screen_text(app).replace("Please pass", "Pass")
        assert "a private worry" not in screen_text(app)
        assert not screen.query("#answer > *")
        await pilot.press("enter")
        assert runner(app).turn.actor_name == "Alex"
        assert "Alex's turn" in plain(app, "#whose-turn")
        # Back would bring Sam's private words back behind a cover Alex could pass
        # with one Enter: it is not offered, and the key does nothing.
        assert not screen.query_one("#back").display
        await pilot.press("ctrl+r")
        assert isinstance(app.screen, RunnerScreen)
        assert runner(app).turn.actor_name == "Alex"
        assert "a private worry" not in screen_text(app)
        assert app.session.answers()["share"] == {"a": "a private worry"}


async def test_break_works_while_typing_and_resume_keeps_words(clock) -> None:
    app = make_app(TOUR, start="tour", mode="solo", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.press("h", "i")
        await pilot.press("ctrl+b")
        assert isinstance(app.screen, BreakScreen)
        assert "breathe in" in screen_text(app)
        text = plain(app, "Static")
        assert "Taking a break" in text and "come back when you feel ready" in text
        clock.advance(5)
        app.screen.breathe()
        await pilot.pause()
        assert "breathe out" in screen_text(app)
        await pilot.press("enter")  # Resume is focused
        assert isinstance(app.screen, RunnerScreen)
        assert runner(app).view.value == "hi"
        await pilot.press("f2")
        assert isinstance(app.screen, BreakScreen)


async def test_leaving_keeps_the_session_to_pick_up_later() -> None:
    seen = []
    app = make_app(
        TOUR, start="tour", mode="together", names=("Sam", "Alex"), on_session_changed=seen.append
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        session = runner(app).session
        await pilot.press("ctrl+b")
        assert "when you are both ready" in plain(app, "Static")
        await pilot.click("#leave")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert seen and seen[-1] is session
        assert "in progress" in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, WhosHereScreen)
        await pilot.press("enter")  # "Pick up where you left off" is focused
        assert runner(app).session is session
        assert runner(app).turn.step.id == "noticed"


async def test_help_and_palette() -> None:
    app = make_app(TOUR)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Ctrl+B or F2" in screen_text(app)
        await pilot.press("f1")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("enter")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles == ["Home", "Take a break", "Help", "Finding support", "Theme", "Quit"]
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.focused.cursor_blink is False  # even Textual's own palette field is still
        await pilot.press(*"break")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BreakScreen)


async def test_question_mark_is_just_a_character_while_typing() -> None:
    app = make_app(TOUR, start="tour", mode="solo")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "question_mark")
        assert runner(app).view.value == "?"


async def test_back_keeps_what_was_typed_on_the_way_back() -> None:
    app = make_app(TOUR, start="tour", mode="solo")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "o", "k", "enter")  # read, then "ok" for the text step
        assert runner(app).turn.step.id == "feeling"
        await pilot.press("space", "ctrl+r")
        assert runner(app).view.value == "ok"  # the engine's prefill
        await pilot.press("ctrl+n")
        assert runner(app).view.value == ["tired"]  # our draft of the step we left


async def test_quitting_mid_way_hands_the_session_to_the_hook() -> None:
    seen = []
    app = make_app(TOUR, start="tour", mode="solo", on_session_changed=seen.append)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        seen.clear()
        await pilot.press("ctrl+q")
    assert seen and not seen[-1].finished
    assert app.return_code == 0


async def test_leaving_from_a_handoff_cover_covers_again_on_return() -> None:
    app = make_app(ROLES, start="take-turns", mode="together", names=("Sam", "Alex"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await past_cover(pilot, app)
        app.screen.query_one(Input).value = "private words"
        await pilot.press("enter")
        assert isinstance(app.screen, HandoffScreen)
        await pilot.press("ctrl+b")
        await press_button(pilot, "#leave")
        assert isinstance(app.screen, HomeScreen)
        app.resume_session("take-turns")
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen)
        assert "private words" not in screen_text(app)
