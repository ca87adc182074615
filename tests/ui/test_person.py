"""The app as one person (`reconnect --person NAME`, as `reconnect serve` starts it)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from reconnect_tui.progress.keeper import Keeper
from reconnect_tui.progress.settings import Settings
from reconnect_tui.progress.store import Store
from reconnect_tui.ui.screens.settings import SettingsScreen
from reconnect_tui.ui.screens.whos_here import WhosHereScreen
from tests.builders import library
from tests.ui.conftest import make_app, screen_text
from tests.ui.fixtures import ROLES, TOUR


async def test_home_greets_the_person_and_keeps_the_shared_settings_away(tmp_path: Path) -> None:
    store = Store(tmp_path / "sessions", tmp_path / "quarantine", person="Alex")
    lib = library(TOUR)
    keeper = Keeper(store, lib, Settings(names=("Sam", "Jo")))
    app = make_app(library=lib, keeper=keeper, person="Alex")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Welcome, Alex." in screen_text(app)
        assert app.screen.check_action("settings", ()) is False
        assert app.screen.check_action("history", ()) is True
        assert app.keeping is not None
        assert "Settings" not in [command.title for command in app.keeping.commands()]
        app.keeping.open_settings()
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)
        # The remembered pair is the whole program's: never offered to, or changed by, Alex.
        assert app._known_names(()) == ("Alex",)
        app.keeping.remember_names(("Alex", "Kim"))
        assert keeper.settings.names == ("Sam", "Jo")


async def test_whos_here_fixes_the_persons_own_name() -> None:
    app = make_app(ROLES, person="Alex")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_exercise("take-turns", names=("Sam", "Jo"))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WhosHereScreen)
        first = screen.query_one("#name-a", Input)
        assert first.value == "Alex" and first.disabled
        assert screen.query_one("#name-b", Input).value == "Sam"
        assert app.focused is screen.query_one("#name-b")


async def test_a_served_person_is_always_one_of_the_people() -> None:
    app = make_app(TOUR, person="Alex")
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(TOUR, mode="solo", names=("Sam",), first_role="a")
        await pilot.pause()
        assert app.session is not None
        assert app.session.people[0].name == "Alex"


async def test_without_a_person_nothing_changes() -> None:
    app = make_app(TOUR)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Welcome" not in screen_text(app)
        app.begin(TOUR, mode="solo", names=("Sam",), first_role="a")
        await pilot.pause()
        assert app.session is not None
        assert app.session.people[0].name == "Sam"
