"""The support page in the app: one key away everywhere, and no trace of having opened it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from reconnect_tui import support
from reconnect_tui.common.paths import Paths
from reconnect_tui.exercises.library import builtin_exercises_dir, load_file
from reconnect_tui.progress.keeper import Keeper
from reconnect_tui.progress.store import Store
from reconnect_tui.ui.screens.break_ import BreakScreen
from reconnect_tui.ui.screens.handoff import HandoffScreen
from reconnect_tui.ui.screens.help import HelpScreen
from reconnect_tui.ui.screens.home import HomeScreen
from reconnect_tui.ui.screens.runner import RunnerScreen
from reconnect_tui.ui.screens.support import SupportScreen
from tests.builders import library
from tests.test_support import BROKEN, tree
from tests.ui.conftest import make_app, plain, runner, screen_text
from tests.ui.fixtures import TOUR

FINDING = load_file(builtin_exercises_dir() / f"{support.EXERCISE_ID}.toml").exercise


def kept_app(tmp_path: Path, **kwargs):
    """An app that keeps progress in *tmp_path*/data and reads support.toml from …/config."""
    lib = library(TOUR, FINDING)
    paths = Paths(config_dir=tmp_path / "config", data_dir=tmp_path / "data")
    keeper = Keeper(Store(paths.sessions_dir, paths.quarantine_dir), lib, None)
    return make_app(library=lib, keeper=keeper, paths=paths, **kwargs)


def words(app) -> str:
    return " ".join(screen_text(app).split())


async def test_the_key_opens_support_from_home_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    app = kept_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert support.DOOR in " ".join(plain(app, "#support-door").split())
        before = tree(tmp_path)
        for key in support.KEYS:
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, SupportScreen)
            assert support.KEPT in words(app)
            assert "support.toml" in plain(app, "#support-no-file")
            await pilot.press(key)  # the same key again: back where it was
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
        assert tree(tmp_path) == before


async def test_the_finding_support_card_opens_the_page_with_no_session(tmp_path: Path) -> None:
    app = kept_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        listing = app.screen.query_one("#exercises", OptionList)
        ids = [option.id for option in listing.options]
        listing.highlighted = ids.index(support.EXERCISE_ID)
        before = tree(tmp_path)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
        assert app.session is None and not app.unfinished
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert tree(tmp_path) == before
        assert "in progress" not in words(app) and "last done" not in words(app)


async def test_starting_finding_support_by_id_opens_the_page(tmp_path: Path) -> None:
    app = kept_app(tmp_path, start=support.EXERCISE_ID, mode="together", names=("Sam", "Alex"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
        assert app.session is None
    # The store makes its folders when the app opens; not one file is written.
    assert [place for place in (tmp_path / "data").rglob("*") if not place.is_dir()] == []


async def test_contacts_from_support_toml_show_with_a_calm_line_about_problems(
    tmp_path: Path,
) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "support.toml").write_text(BROKEN.format(long="Day and night."))
    app = kept_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        cards = plain(app, ".contact")
        assert "Town clinic" in cards and "Helpline" in cards and "Day and night." in cards
        assert "\x1b" not in cards
        assert "could not be read" in plain(app, "#support-problems")
        assert not app.screen.query("#support-no-file")


async def test_help_and_the_palette_lead_to_support() -> None:
    app = make_app(TOUR)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Ctrl+G or F3" in words(app)
        assert support.DOOR in " ".join(plain(app, "#help-support").split())
        await pilot.press("f3")  # from over Help too
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
        names = [command.title for command in app.get_system_commands(app.screen)]
        assert "Finding support" in names


async def test_together_support_from_the_break_records_nothing_and_returns_to_it(
    tmp_path: Path,
) -> None:
    app = kept_app(tmp_path, start="tour", mode="together", names=("Sam", "Alex"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the read step
        while isinstance(app.screen, HandoffScreen):
            app.screen.dismiss(None)
            await pilot.pause()
        await pilot.press(*"quiet evenings")
        await pilot.pause()
        session = runner(app).session
        await pilot.press("ctrl+b")
        await pilot.pause()
        brk = app.screen
        assert isinstance(brk, BreakScreen)
        assert not app.check_action("take_break", ())  # not offered on the break itself
        # What the session and its file hold with the break up (the typed words kept as a
        # draft now, as the draft timer would within seconds); the support page adds nothing.
        app.keeping.keep_typing()
        saved = tree(tmp_path), {path: path.read_bytes() for path in tmp_path.rglob("*.toml")}
        state = session.to_data()
        assert "Support shows where to find help" in " ".join(plain(app, "#break-support").split())
        await pilot.click("#support")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
        assert "quiet evenings" not in words(app)
        await pilot.press("b")
        await pilot.pause()
        assert app.screen is brk  # the break as it was
        assert session.to_data() == state
        app.keeping.keep_typing()  # the draft timer finds nothing new to keep
        now = tree(tmp_path), {path: path.read_bytes() for path in tmp_path.rglob("*.toml")}
        assert now == saved
        assert "support" not in b"".join(now[1].values()).decode().casefold()
        await pilot.click("#resume")
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        assert "quiet evenings" in words(app)


async def test_the_key_works_while_typing_and_the_words_wait(tmp_path: Path) -> None:
    app = kept_app(tmp_path, start="tour", mode="solo", names=("Sam",))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the read step; the text step's field has the focus
        await pilot.press(*"quiet evenings")
        await pilot.press("ctrl+g")  # not typed into the field: the page opens
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        assert runner(app).view.value == "quiet evenings"


async def test_no_second_break_over_help_on_a_break(tmp_path: Path) -> None:
    app = kept_app(tmp_path, start="tour", mode="solo", names=("Sam",))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+b")
        await pilot.pause()
        await pilot.press("f1")  # Help over the break
        await pilot.pause()
        assert not app.check_action("take_break", ())
        assert "Take a break" not in [c.title for c in app.get_system_commands(app.screen)]
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert sum(isinstance(screen, BreakScreen) for screen in app.screen_stack) == 1
