"""Starting quickly: what happens before Home's first frame, and what waits.

The timing itself is measured in ``benchmarks/bench_startup.py``; these tests
hold the decisions that keep it short: the theme is chosen before the CSS is
first read (so it is read once), Home is the first screen (no blank one is
drawn before it), and the garbage collector waits until the first frame.
Which modules load before Home paints is not pinned here: the benchmark
guards the time, and import-linter the layers.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from textual.color import Color
from textual.css.stylesheet import Stylesheet

from reconnect_tui.cli import launch
from reconnect_tui.cli import main as cli
from reconnect_tui.common import collector
from reconnect_tui.common.paths import Paths
from reconnect_tui.ui.screens.home import HomeScreen
from tests.ui.conftest import make_app
from tests.ui.fixtures import READ, TOUR, single


@pytest.fixture
def reparsed(monkeypatch: pytest.MonkeyPatch) -> list[Stylesheet]:
    """Every full re-read of the stylesheet while the test runs."""
    seen: list[Stylesheet] = []
    original = Stylesheet.reparse

    def counting(self: Stylesheet) -> None:
        seen.append(self)
        original(self)

    monkeypatch.setattr(Stylesheet, "reparse", counting)
    return seen


async def test_the_opening_theme_is_set_before_the_css_is_read(tmp_path: Path, reparsed):
    paths = Paths(config_dir=tmp_path / "config", data_dir=tmp_path / "data")
    app = make_app(single(READ), paths=paths, theme="warm-light")
    assert app.theme == "warm-light"  # chosen while the app is made, before it runs
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.styles.background == Color.parse("#f7f1e8")  # warm-light's paper
        assert app.has_class("-light-mode") and not app.has_class("-dark-mode")
        assert reparsed == []  # read once, in the right colours
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


async def test_home_with_nothing_to_report_reads_no_button_styles() -> None:
    # Button's own CSS is the longest Home could read (about 6 ms); it is read
    # only when the quiet notice about exercise files is there to show.
    app = make_app(single(READ))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        read = [where for _path, where in app.stylesheet.source]
        assert "Button.DEFAULT_CSS" not in read and "OptionList.DEFAULT_CSS" in read


async def test_home_reads_only_its_own_css_and_each_screen_adds_its_own(reparsed):
    # app.tcss holds what Home needs (and what other screens share with it); the
    # other screens' rules are in their DEFAULT_CSS, read when each is first shown
    # and added without re-reading the rest (a screen's CSS or CSS_PATH would).
    app = make_app(single(READ), TOUR)
    later = {
        "PageScreen",
        "RunnerScreen",
        "WhosHereScreen",
        "EndScreen",
        "HandoffScreen",
        "BreakScreen",
        "HelpScreen",
        "ProblemsScreen",
        "SettingsScreen",
    }

    def read() -> set[str]:
        return {where.removesuffix(".DEFAULT_CSS") for _path, where in app.stylesheet.source}

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not read() & later
        (app_css,) = [
            css
            for (path, _), (css, *_) in app.stylesheet.source.items()
            if path.endswith("app.tcss")
        ]
        for elsewhere in (
            "#page",
            "#whose-turn",
            ".cover ",
            ".action-bar",
            "quiet-input",
            "TextArea",
            "RadioSet",
        ):
            assert elsewhere not in app_css, elsewhere
        app.open_exercise("tour", mode="together", names=("Sam", "Alex"))
        await pilot.pause()
        assert type(app.screen).__name__ == "RunnerScreen"
        assert {"PageScreen", "RunnerScreen"} <= read()
        await pilot.press("ctrl+n")  # on to the next step: a quiet field, styled as before
        await pilot.pause()
        field = app.screen.query_one("#answer-text")
        assert field.has_class("quiet-input") and field.styles.height.cells == 1
        assert str(field.styles.border_top[0]) in ("", "none")
        await pilot.press("f2")  # a cover
        await pilot.pause()
        assert "BreakScreen" in read()
        assert reparsed == []


def test_launch_pauses_the_collector_only_while_starting(monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "main", lambda argv=None: seen.append(gc.isenabled()) or 0)
    assert gc.isenabled()
    assert launch.main([]) == 0
    assert seen == [False]
    assert gc.isenabled()


def test_a_command_that_only_prints_runs_with_the_collector_on(monkeypatch, tmp_path):
    seen = []
    monkeypatch.setitem(cli.COMMANDS, "paths", lambda args, paths: seen.append(gc.isenabled()) or 0)
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
