"""Starting quickly: what happens before Home's first frame, and what waits.

The timing itself is measured in ``benchmarks/bench_startup.py``; these tests
hold the decisions that keep it short: the theme is chosen before the CSS is
first read (so it is read once), Home is the first screen (no blank one is
drawn before it), the screens and the engine for doing an exercise load when
one is opened, and the garbage collector waits until the first frame.
"""

from __future__ import annotations

import ast
import gc
import os
import subprocess
import sys
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

REPO = Path(__file__).resolve().parents[2]


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


def run_probe(probe: str, cwd: Path) -> list[str]:
    """Run *probe* in a fresh Python; its printed lines, the last being ``sorted(sys.modules)``."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()


def modules(lines: list[str]) -> set[str]:
    return set(ast.literal_eval(lines[-1]))


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


def test_home_paints_without_the_exercise_screens_or_the_engine(tmp_path: Path):
    # In a fresh process: open the real app on the built-ins (headless), wait for
    # Home, and list what was imported by then.
    probe = (
        "import asyncio, sys\n"
        "from reconnect_tui.exercises.library import load_library\n"
        "from reconnect_tui.ui.app import ReconnectApp\n"
        "async def main():\n"
        "    app = ReconnectApp(library=load_library(user_dir=None))\n"
        "    async with app.run_test(size=(80, 24)) as pilot:\n"
        "        await pilot.pause()\n"
        "        assert type(app.screen).__name__ == 'HomeScreen', app.screen\n"
        "        print(sorted(sys.modules))\n"
        "asyncio.run(main())\n"
    )
    loaded = modules(run_probe(probe, tmp_path))
    assert "reconnect_tui.ui.screens.home" in loaded
    for later in (
        "reconnect_tui.engine",
        "reconnect_tui.ui.screens.runner",
        "reconnect_tui.ui.screens.whos_here",
        "reconnect_tui.ui.widgets.list_step",
        "textual.widgets._text_area",
        "json",
    ):
        assert later not in loaded, later


def test_a_later_start_paints_home_without_loading_the_library(tmp_path: Path):
    # A fresh process, as `reconnect` opens the app: the list kept by an earlier
    # start (made here first), the keeper and settings, Home painted headless.
    # The library, the model (and attrs), the checks, the TOML parser for
    # exercises and the command-line parser are not needed for that.
    config, data = tmp_path / "config", tmp_path / "data"
    (config / "exercises").mkdir(parents=True)
    (config / "exercises" / "broken.toml").write_text("format = 1\nid = 'x'\n", "utf-8")
    probe = (
        "import asyncio, sys\n"
        "from reconnect_tui.cli import main as cli\n"
        "from reconnect_tui.exercises import catalogue\n"
        "from reconnect_tui.exercises.catalogue import Catalogue\n"
        "catalogue.SETTLED_NS = 0  # broken.toml was written a moment ago\n"
        "from reconnect_tui.common.paths import Paths\n"
        "from reconnect_tui.ui.app import ReconnectApp\n"
        "from reconnect_tui.ui.keeping import open_keeper\n"
        f"paths = Paths(config_dir={str(config)!r}, data_dir={str(data)!r})\n"
        "shown = Catalogue(user_dir=paths.exercises_dir, cache_file=paths.catalogue_file)\n"
        "print('kept', shown.from_cache)\n"
        "async def main():\n"
        "    keeper, notices = open_keeper(paths, shown)\n"
        "    app = ReconnectApp(paths=paths, library=shown, keeper=keeper, notices=notices)\n"
        "    async with app.run_test(size=(80, 24)) as pilot:\n"
        "        await pilot.pause()\n"
        "        assert type(app.screen).__name__ == 'HomeScreen', app.screen\n"
        "        assert app.screen.query_one('#problems')  # the notice, from the kept list\n"
        "        assert app.screen.query_one('#exercises').option_count > 5\n"
        "        print(sorted(sys.modules))\n"
        "asyncio.run(main())\n"
    )
    first = run_probe(probe, tmp_path)
    assert first[0] == "kept False"  # the first start loads in full and keeps the list
    again = run_probe(probe, tmp_path)
    assert again[0] == "kept True"
    loaded = modules(again)
    assert "reconnect_tui.ui.screens.home" in loaded
    for later in (
        "reconnect_tui.exercises.library",
        "reconnect_tui.exercises.checks",
        "reconnect_tui.exercises.worksheet",
        "argparse",
        "reconnect_tui.cli.parser",
    ):
        assert later not in loaded, later


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
