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


async def test_reasons_say_one_thing_or_a_couple_on_every_page() -> None:
    """The runner and the two-screens page share one way of saying why a step waits."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    from reconnect_tui.ui.screens.base import PageScreen

    class Page(PageScreen[None]):
        def compose(self) -> ComposeResult:
            yield Static(id="reasons")

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(Page())

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        page = app.screen
        assert isinstance(page, PageScreen)
        page.show_reasons(("Pick one of the options.",))
        await pilot.pause()
        said = str(page.query_one("#reasons", Static).content)
        assert said.startswith("Just one thing") and "Pick one" in said
        page.show_reasons(("Pick one of the options.", "Say a few [b]words[/b]."))
        await pilot.pause()
        said = str(page.query_one("#reasons", Static).content)
        assert said.startswith("A couple of things") and "[b]words[/b]" in said
    for name in ("RunnerScreen", "TogetherScreen"):
        assert getattr(screens, name).show_reasons is PageScreen.show_reasons
