"""Issue 12, the screens' side: what a couple and an author found hard, and what crashed."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import OptionList

from reconnect_tui.progress.keeper import Keeper
from reconnect_tui.progress.store import Store
from reconnect_tui.ui.screens.home import HomeScreen
from tests.ui.conftest import make_app, runner, screen_text
from tests.ui.fixtures import TOUR, library


def kept_app(tmp_path: Path, *exercises, **kwargs):
    lib = library(*exercises)
    store = Store(tmp_path / "data" / "sessions", tmp_path / "data" / "quarantine")
    return make_app(library=lib, keeper=Keeper(store, lib, None), **kwargs)


async def test_two_session_files_with_one_id_both_show_on_home(tmp_path: Path) -> None:
    """A session file copied as a backup holds the same id as the original."""
    app = kept_app(tmp_path, TOUR, start="tour", mode="solo", names=["Sam"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"quiet evenings", "enter")
        await pilot.press("ctrl+q")
    (original,) = sorted((tmp_path / "data" / "sessions").glob("*.toml"))
    # Named as a session of its own (the store lists only such names), same id inside.
    other = "000000" if not original.stem.endswith("000000") else "ffffff"
    shutil.copy(original, original.with_name(f"{original.stem[:-6]}{other}.toml"))

    app = kept_app(tmp_path, TOUR)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        listing = app.screen.query_one(OptionList)
        resumes = [o for o in listing.options if o.id and o.id.startswith("resume:")]
        assert len(resumes) == 2
        assert screen_text(app).count("A short tour") >= 2
        listing.highlighted = listing.get_option_index(resumes[1].id)
        await pilot.press("enter")
        await pilot.pause()
        assert runner(app).turn.step.id == "feeling"
