"""Starting: the theme chosen first, Home the first screen, the collector paused till drawn.

How long start-up takes, how much memory it uses and how many bytes Home's
first frames write are measured by ``benchmarks/bench_startup.py``.
"""

from __future__ import annotations

import gc
from pathlib import Path

from textual.color import Color

from reconnect_tui.cli import launch
from reconnect_tui.cli import main as cli
from reconnect_tui.cli import progress as cli_progress
from reconnect_tui.common import collector
from reconnect_tui.common.paths import Paths
from reconnect_tui.ui.screens.home import HomeScreen
from tests.ui.conftest import make_app
from tests.ui.fixtures import READ, single


async def test_the_opening_theme_is_set_before_the_app_runs(tmp_path: Path):
    paths = Paths(config_dir=tmp_path / "config", data_dir=tmp_path / "data")
    app = make_app(single(READ), paths=paths, theme="warm-light")
    assert app.theme == "warm-light"  # chosen while the app is made, before it runs
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.styles.background == Color.parse("#f7f1e8")  # warm-light's paper
        assert app.has_class("-light-mode") and not app.has_class("-dark-mode")
        # A theme picked later still takes effect everywhere.
        app.theme = "calm-dark"
        await pilot.pause()
        assert app.has_class("-dark-mode")
        assert app.screen.styles.background != Color.parse("#f7f1e8")


async def test_home_is_the_first_and_bottom_screen() -> None:
    app = make_app(single(READ))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert len(app.screen_stack) == 1 and isinstance(app.screen, HomeScreen)
        await pilot.press("enter")  # open the exercise: Who's here?
        await pilot.pause()
        assert len(app.screen_stack) == 2
        app.go_home()
        await pilot.pause()
        assert len(app.screen_stack) == 1 and isinstance(app.screen, HomeScreen)


def test_launch_pauses_the_collector_only_while_starting(monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "main", lambda argv=None: seen.append(gc.isenabled()) or 0)
    assert gc.isenabled()
    assert launch.main([]) == 0
    assert seen == [False]
    assert gc.isenabled()


def test_a_command_that_only_prints_runs_with_the_collector_on(monkeypatch, tmp_path):
    seen = []
    monkeypatch.setitem(
        cli_progress.COMMANDS, "paths", lambda args, paths: seen.append(gc.isenabled()) or 0
    )
    assert launch.main(["--config-dir", str(tmp_path / "c"), "paths"]) == 0
    assert seen == [True]
    assert gc.isenabled()


def test_a_caller_who_turned_the_collector_off_keeps_it_off(monkeypatch):
    monkeypatch.setattr(cli, "main", lambda argv=None: 0)
    gc.disable()
    try:
        assert launch.main([]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


async def test_the_app_turns_the_collector_back_on_after_its_first_frame(monkeypatch):
    gc.disable()
    monkeypatch.setattr(collector, "_paused", True)  # as launch.main leaves it while starting
    try:
        app = make_app(single(READ))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()
