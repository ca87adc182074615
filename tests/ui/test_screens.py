"""Screens opened later load through one place: ``reconnect_tui.ui.screens``."""

from __future__ import annotations

import importlib

import pytest
from textual.screen import Screen

from reconnect_tui.ui import screens


@pytest.mark.parametrize("name", sorted(screens.LATER))
def test_each_later_screen_loads_from_its_own_module(name: str) -> None:
    module = importlib.import_module(f"reconnect_tui.ui.screens.{screens.LATER[name]}")
    loaded = getattr(screens, name)
    assert loaded is getattr(module, name)
    assert issubclass(loaded, Screen)


def test_every_later_screen_is_listed_for_import() -> None:
    assert sorted(screens.__all__) == sorted(screens.LATER)


def test_a_name_that_is_no_screen_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchScreen"):
        _ = screens.NoSuchScreen  # type: ignore[attr-defined]
