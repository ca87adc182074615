"""Home: the list, light ones first, and the quiet notice about custom files."""

from __future__ import annotations

from textual.widgets import Footer, OptionList

from reconnect_tui.common.problems import Problem
from reconnect_tui.exercises.library import load_library
from reconnect_tui.ui.screens.home import ExerciseStatus, HomeScreen
from reconnect_tui.ui.screens.problems import ProblemsScreen
from reconnect_tui.ui.screens.whos_here import WhosHereScreen
from tests.builders import library
from tests.conftest import exercise_text
from tests.ui.conftest import make_app, plain, record_notices, screen_text
from tests.ui.fixtures import HOSTILE, ROLES, TOUR, hostile_exercise


async def test_home_lists_light_first_with_facts() -> None:
    app = make_app(library=library(hostile_exercise(), ROLES, TOUR))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        ids = [option.id for option in app.screen.query_one(OptionList).options if option.id]
        assert ids == ["tour", "take-turns", "hostile"]
        text = screen_text(app)
        assert "A short tour" in text
        assert "10 min · alone or together · light" in text
        assert "15 min · together · medium" in text
        # Markup in a hostile title stays words on the screen.
        assert "[bold]x[/] [@click=app.quit]quit[/]" in text
        assert "Files that need" not in text


async def test_problems_are_one_quiet_notice_that_opens_a_list() -> None:
    problems = (
        Problem(
            path="/home/me/exercises/mine.toml",
            line=4,
            message="unknown key 'titel'",
            hint="did you mean 'title'?",
        ),
        Problem(path="/home/me/exercises/" + HOSTILE + ".toml", message=HOSTILE),
    )
    app = make_app(library=library(TOUR, problems=problems))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "2 of your own exercise files need a look" in screen_text(app)
        await pilot.click("#problems")
        assert isinstance(app.screen, ProblemsScreen)
        text = plain(app, ".problem")
        assert "/home/me/exercises/mine.toml:4: unknown key 'titel' (did you mean 'title'?)" in text
        assert "[@click=app.quit]quit[/]" in text
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
        for key in ("escape", "b"):  # the usual ways back work too
            await pilot.click("#problems")
            assert isinstance(app.screen, ProblemsScreen)
            await pilot.press(key)
            assert isinstance(app.screen, HomeScreen)


async def test_status_hook_shows_in_progress_and_last_done() -> None:
    def status(exercise_id: str) -> ExerciseStatus | None:
        return ExerciseStatus(last_done="2 days ago") if exercise_id == "tour" else None

    app = make_app(TOUR, ROLES, status=status)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "last done 2 days ago" in screen_text(app)


async def test_enter_opens_whos_here_and_back_returns() -> None:
    app = make_app(TOUR)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, WhosHereScreen)
        await pilot.click("#home")
        assert isinstance(app.screen, HomeScreen)


async def test_unknown_start_id_falls_back_to_home_gently() -> None:
    app = make_app(TOUR, start="no-such-thing")
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("no-such-thing" in notice.message for notice in said)


async def test_a_click_opens_an_exercise() -> None:
    app = make_app(TOUR, ROLES)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#exercises", offset=(4, 5))  # the second card, below the divider
        await pilot.pause()
        assert isinstance(app.screen, WhosHereScreen)
        assert app.screen.exercise.id == "take-turns"


async def test_a_file_broken_while_the_app_is_open_is_noticed_when_opened(tmp_path) -> None:
    user = tmp_path / "exercises"
    user.mkdir()
    mine = user / "mine.toml"
    mine.write_text(exercise_text(id="mine", title="Mine"), encoding="utf-8")
    app = make_app(library=load_library(user_dir=user))
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        listing = app.screen.query_one("#exercises", OptionList)
        assert "mine" in [option.id for option in listing.options]
        assert not app.screen.query("#problems")  # nothing to say yet
        mine.write_text("format = 1\nid = 'mine'\n", encoding="utf-8")  # broken meanwhile
        app.open_exercise("mine")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "changed since this list was drawn" in " ".join(notice.message for notice in said)
        assert "mine" not in [option.id for option in listing.options]
        assert app.screen.query_one("#problems").display  # and it says which file, and why
        assert "One of your own exercise files needs a look" in screen_text(app)


async def test_a_file_added_while_away_from_home_is_listed_on_coming_back(tmp_path) -> None:
    user = tmp_path / "exercises"
    user.mkdir()
    app = make_app(library=load_library(user_dir=user))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = app.library
        await pilot.press("f1")  # Help, over Home
        await pilot.pause()
        (user / "new.toml").write_text(exercise_text(id="new", title="New"), encoding="utf-8")
        await pilot.press("f1")  # and back
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.library is not before
        listing = app.screen.query_one("#exercises", OptionList)
        assert "new" in [option.id for option in listing.options]
        app.open_exercise("new")
        await pilot.pause()
        assert isinstance(app.screen, WhosHereScreen)


async def test_unchanged_files_keep_the_library_as_it_was(tmp_path) -> None:
    user = tmp_path / "exercises"
    user.mkdir()
    (user / "mine.toml").write_text(exercise_text(id="mine", title="Mine"), encoding="utf-8")
    app = make_app(library=load_library(user_dir=user))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = app.library
        app.open_exercise("mine")
        await pilot.pause()
        assert isinstance(app.screen, WhosHereScreen)
        assert app.library is before


async def test_the_footer_is_not_drawn_again_when_only_the_focus_moves() -> None:
    problems = (Problem(path="/home/me/exercises/mine.toml", message="unknown key 'titel'"),)
    app = make_app(library=library(TOUR, ROLES, problems=problems))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        keys = list(footer.children)
        assert keys  # the keys are shown
        await pilot.press("tab")  # from the list to the quiet notice
        await pilot.pause()
        assert app.focused is app.screen.query_one("#problems")
        assert list(footer.children) == keys  # the same keys, not composed again
