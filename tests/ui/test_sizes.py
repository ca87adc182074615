"""Small terminals: usable at 60x20, a plain message below 50x16, nothing lost on resize."""

from __future__ import annotations

from textual.widgets import Input

from reconnect_tui.ui.screens.home import HomeScreen
from reconnect_tui.ui.screens.runner import RunnerScreen
from reconnect_tui.ui.screens.too_small import TooSmallScreen
from tests.ui.conftest import make_app, runner, screen_text
from tests.ui.fixtures import COMPOSE, ROLES, TOUR, single


async def test_too_small_shows_a_plain_message_and_resizing_keeps_typing() -> None:
    app = make_app(TOUR, start="tour", mode="solo")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "h", "e", "y")
        await pilot.resize_terminal(45, 14)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "make the window a little larger" in screen_text(app)
        await pilot.press("ctrl+b")  # nothing opens over the message
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        assert runner(app).view.value == "hey"
        await pilot.press("!")
        assert runner(app).view.value == "hey!"


async def test_starting_small_then_growing() -> None:
    app = make_app(TOUR)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_compose_fits_at_60_by_20() -> None:
    app = make_app(single(COMPOSE), start="one-step", mode="solo")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        screen = runner(app)
        for widget in screen.query("Input, Select, #continue, #step-text"):
            assert widget.region.right <= 60, widget
        assert "Build an I-statement." in screen_text(app)
        # The page scrolls to reach everything; Continue stays docked in view.
        assert screen.query_one("#continue").region.bottom <= 19
        assert screen.query_one("#slot-situation", Input).region.width > 20


async def test_whos_here_with_roles_reachable_at_60_by_20() -> None:
    app = make_app(ROLES, start="take-turns")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press(*"Sam", "enter", *"Alex", "tab")
        await pilot.pause()
        text = screen_text(app)
        assert "Who would like to start as speaker?" in text and "Pick for us" in text
