"""Snapshots at 80x24 of the support page: its top, and its end with and without support.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconnect_tui import support
from reconnect_tui.common.paths import Paths
from tests.builders import library
from tests.ui.fixtures import TOUR
from tests.ui.test_snapshots import SIZE, app_for, settle

pytestmark = pytest.mark.slow  # whole screens drawn to SVG


def support_app(tmp_path: Path, contacts: str | None):
    config = tmp_path / "config"
    config.mkdir()
    if contacts is not None:
        (config / "support.toml").write_text(contacts)
    paths = Paths(config_dir=config, data_dir=tmp_path / "data")
    return app_for(library=library(TOUR), paths=paths)


async def open_page(pilot) -> None:
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)


async def page_end(pilot) -> None:
    await open_page(pilot)
    pilot.app.screen.query_one("#page").scroll_end(animate=False)
    await settle(pilot)


def test_support_page(snap_compare, tmp_path: Path) -> None:
    app = support_app(tmp_path, None)
    assert snap_compare(app, terminal_size=SIZE, run_before=open_page)


def test_support_page_end_without_a_file(snap_compare, tmp_path: Path) -> None:
    app = support_app(tmp_path, None)
    assert snap_compare(app, terminal_size=SIZE, run_before=page_end)


def test_support_page_end_with_contacts(snap_compare, tmp_path: Path) -> None:
    app = support_app(tmp_path, support.EXAMPLE)
    assert snap_compare(app, terminal_size=SIZE, run_before=page_end)


def test_support_page_end_with_a_broken_file(snap_compare, tmp_path: Path) -> None:
    broken = support.EXAMPLE.replace('hours = "day and night"', "hours = 24")
    app = support_app(tmp_path, broken)
    assert snap_compare(app, terminal_size=SIZE, run_before=page_end)
