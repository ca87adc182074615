"""Progress kept through the app: every answer saved, failures said plainly, resume exact."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import Input, OptionList

from reconnect_tui.common.atomic import SaveError
from reconnect_tui.progress import store as store_module
from reconnect_tui.progress.keeper import Keeper
from reconnect_tui.progress.settings import Settings
from reconnect_tui.progress.store import Store
from reconnect_tui.ui.screens.dialogs import AskDialog, ConfirmDialog
from reconnect_tui.ui.screens.handoff import HandoffScreen
from reconnect_tui.ui.screens.home import HomeScreen
from reconnect_tui.ui.widgets.saving import SavingBanner
from tests.builders import library
from tests.ui.conftest import make_app, past_cover, plain, record_notices, runner, screen_text
from tests.ui.fixtures import READ, ROLES, TOUR, single


def kept_app(tmp_path: Path, *exercises, settings: Settings | None = None, **kwargs):
    lib = kwargs.pop("library", None) or library(*exercises)
    store = Store(tmp_path / "data" / "sessions", tmp_path / "data" / "quarantine")
    keeper = Keeper(store, lib, settings)
    return make_app(library=lib, keeper=keeper, **kwargs), keeper


def files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "data" / "sessions").glob("*.toml"))


def on_disk(tmp_path: Path) -> dict:
    (path,) = files(tmp_path)
    return tomllib.loads(path.read_text())


async def test_every_answer_is_saved_and_a_failed_save_says_so_plainly(
    tmp_path: Path, monkeypatch
) -> None:
    app, keeper = kept_app(tmp_path, TOUR, start="tour", mode="solo", names=["Sam"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the read step
        await pilot.press(*"quiet evenings", "enter")
        assert on_disk(tmp_path)["answers"]["noticed"] == {"a": "quiet evenings"}
        banner = app.screen.query_one(SavingBanner)
        assert not banner.display

        real = store_module.write_private

        def full_disk(path, data):
            raise SaveError(path, "the disk is full")

        monkeypatch.setattr(store_module, "write_private", full_disk)
        await pilot.press("space", "ctrl+n")  # "tired", then Continue
        await pilot.pause()
        assert runner(app).turn.step.id == "close"
        assert banner.display
        text = screen_text(app)
        assert "Saving didn't work just now (the disk is full)" in text
        assert "saved" not in text.lower().replace("saving", "")
        assert app.session.answers()["feeling"] == {"a": ["tired"]}  # still in memory
        assert "feeling" not in on_disk(tmp_path)["answers"]
        await pilot.press("ctrl+q")  # closing now would lose the answer: asked first
        assert isinstance(app.screen, ConfirmDialog)
        assert "Saving still isn't working (the disk is full)" in plain(app, "#question")
        await pilot.press("enter")  # "Stay" has the focus
        assert runner(app).turn.step.id == "close"

        monkeypatch.setattr(store_module, "write_private", real)
        await pilot.press("4", "ctrl+n")  # the next answer tries again
        await pilot.pause()
        assert not banner.display
        answers = on_disk(tmp_path)["answers"]
        assert answers["feeling"] == {"a": ["tired"]} and "close" in answers
        assert keeper.failure == ""


async def test_resume_from_home_is_exactly_where_it_was(tmp_path: Path) -> None:
    app, _ = kept_app(tmp_path, ROLES, start="take-turns", mode="together", names=("Sam", "Alex"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await past_cover(pilot, app)
        app.screen.query_one(Input).value = "my words"
        await pilot.press("enter")
        assert isinstance(app.screen, HandoffScreen)
        before = app.session.to_data()
        await pilot.press("ctrl+q")
    saved = on_disk(tmp_path)
    assert saved["state"]["state"]["handoff"] is True

    app, _ = kept_app(tmp_path, ROLES)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "Pick up where you left off?" in text and "Sam and Alex" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen)  # the hand-off was still waiting
        after = app.session.to_data()
        for data in (before, after):
            data["state"].pop("elapsed")
        assert after == before
        await pilot.press("enter")
        await pilot.pause()
        turn = runner(app).turn
        assert (turn.step.id, turn.actor_name, turn.role) == ("reflect", "Alex", "listener")
        await pilot.press(*"I heard that")
        app.keeping.keep_typing()  # the draft timer's tick
        assert on_disk(tmp_path)["draft"]["value"] == "I heard that"
        await pilot.press(*" you")  # typed after the last tick: kept on quitting
        await pilot.press("ctrl+q")

    app, _ = kept_app(tmp_path, ROLES)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        # Picked up again: whoever sits down first must not see Alex's draft.
        assert isinstance(app.screen, HandoffScreen)
        assert "I heard that" not in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert runner(app).turn.step.id == "reflect"
        assert runner(app).view.value == "I heard that you"
        assert app.session.answers()["share"] == {"a": "my words"}


async def test_leaving_mid_way_keeps_the_typed_words(tmp_path: Path) -> None:
    app, _ = kept_app(tmp_path, TOUR, start="tour", mode="solo")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"half a thought")
        await pilot.press("ctrl+b")
        await pilot.pause()
        app.screen.query_one("#leave").press()
        await pilot.pause()
        assert isinstance(app.screen, AskDialog)  # a promise is offered, never required
        question = plain(app, "#question")
        assert "It's saved, just as it is." in question
        assert "no reminder if the day passes" in question
        await pilot.press(*"Saturday [b]evening[/b]", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        saved = on_disk(tmp_path)
        assert saved["draft"]["value"] == "half a thought"
        assert saved["promise"] == "Saturday [b]evening[/b]"
        assert "You'd thought of coming back Saturday [b]evening[/b]" in screen_text(app)
        listing = app.screen.query_one(OptionList)
        assert listing.get_option_at_index(listing.highlighted).id.startswith("resume:")
        await pilot.press("enter")
        await pilot.pause()
        assert runner(app).view.value == "half a thought"


async def test_an_unreadable_file_is_set_aside_with_one_quiet_notice(tmp_path: Path) -> None:
    app, _ = kept_app(tmp_path, TOUR, start="tour", mode="solo")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"fine words", "enter", "ctrl+q")
    (good,) = files(tmp_path)
    bad = good.with_name("20260101-000000-tour-abcdef.toml")
    bad.write_text('format = 1\nid = "unterminated\n')
    bad.chmod(0o600)
    app, _ = kept_app(tmp_path, TOUR)
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        messages = [notice.message for notice in said]
        assert len(messages) == 1 and "moved to" in messages[0]
        assert "Every other session is fine." in messages[0]
        assert screen_text(app).count("A short tour") == 2  # the good one, and the list
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"History", "Settings"} <= set(titles)
    assert (tmp_path / "data" / "quarantine" / bad.name).exists()
    assert good.exists()


async def test_a_finished_session_moves_to_history_and_home_says_when(tmp_path: Path) -> None:
    app, _ = kept_app(tmp_path, single(READ), start="one-step", mode="solo")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the only step
        await pilot.pause()
        await pilot.press("enter")  # "Back to the list"
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "last done today" in text and "Pick up where" not in text
    assert files(tmp_path) == []
    (done,) = (tmp_path / "data" / "sessions" / "finished").glob("*.toml")
    assert tomllib.loads(done.read_text())["finished"] is True


async def test_whos_here_offers_a_session_left_in_an_earlier_run(tmp_path: Path) -> None:
    from reconnect_tui.ui.screens.whos_here import WhosHereScreen

    app, _ = kept_app(tmp_path, TOUR, start="tour", mode="solo")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"from before", "ctrl+q")
    app, _ = kept_app(tmp_path, TOUR)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_exercise("tour")
        await pilot.pause()
        assert isinstance(app.screen, WhosHereScreen)
        await pilot.press("enter")  # "Pick up where you left off" has the focus
        await pilot.pause()
        assert runner(app).turn.step.id == "noticed"
        assert runner(app).view.value == "from before"


async def test_a_data_folder_that_cannot_be_used_still_opens_with_the_banner(
    tmp_path: Path,
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sessions").write_text("a file where our folder should be")
    app, keeper = kept_app(tmp_path, TOUR)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "a file stands where a folder should be" in keeper.failure
        assert app.screen.query_one(SavingBanner).display
        await pilot.press("enter", "enter")  # Who's here, then Begin
        await pilot.press("enter", *"kept in memory", "enter")
        assert app.session.answers()["noticed"] == {"a": "kept in memory"}
        assert "Saving didn't work just now" in screen_text(app)
    assert (tmp_path / "data" / "sessions").read_text() == "a file where our folder should be"


def test_the_break_screen_says_honestly_what_is_kept() -> None:
    from reconnect_tui.progress.settings import Settings
    from reconnect_tui.ui.screens.break_ import kept_words

    assert kept_words(None).endswith("while the app is open.")  # nothing is saved
    private = Settings(keep_text=False)
    assert "only scales and picked options are saved" in kept_words(private)
    assert kept_words(Settings()) == "Everything written so far is kept."
