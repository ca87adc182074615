"""Snapshots at 80x24 of Home and a choice step in each shipped theme."""

from __future__ import annotations

import pytest

from reconnect_tui.themes import builtin_themes_dir
from tests.ui.fixtures import CHOICE, ROLES, TOUR, single
from tests.ui.test_snapshots import SIZE, app_for, settle

pytestmark = pytest.mark.slow  # whole screens drawn to SVG

THEMES = ["calm-dark", "warm-light", "high-contrast", "basic-16"]


def test_every_shipped_theme_has_its_snapshots() -> None:
    assert sorted(THEMES) == sorted(path.stem for path in builtin_themes_dir().glob("*.toml"))


@pytest.mark.parametrize("theme", THEMES)
def test_home_in_theme(snap_compare, theme: str) -> None:
    assert snap_compare(app_for(TOUR, ROLES, theme=theme), terminal_size=SIZE, run_before=settle)


@pytest.mark.parametrize("theme", THEMES)
def test_choice_step_in_theme(snap_compare, theme: str) -> None:
    """Focus on the first option, the group labels muted, Continue ready."""
    app = app_for(single(CHOICE), start="one-step", mode="solo", names=("Sam",), theme=theme)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
