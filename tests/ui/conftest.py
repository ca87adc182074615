"""Shared helpers for the pilot and snapshot tests."""

from __future__ import annotations

import asyncio
import inspect
import random
from typing import Any

import attrs
import pytest

from reconnect_tui.ui.app import ReconnectApp
from reconnect_tui.ui.screens.handoff import HandoffScreen
from reconnect_tui.ui.screens.runner import RunnerScreen
from tests.builders import library
from tests.ui.fixtures import FakeClock


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no async plugin is installed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = inspect.signature(pyfuncitem.obj).parameters
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_app(*exercises: Any, clock: FakeClock | None = None, **kwargs: Any) -> ReconnectApp:
    """An app over *exercises* with a fake clock and a fixed random choice."""
    lib = kwargs.pop("library", None) or library(*exercises)
    return ReconnectApp(library=lib, clock=clock or FakeClock(), rng=random.Random(7), **kwargs)


async def past_cover(pilot: Any, app: ReconnectApp) -> None:
    """A private step for one person begins behind a cover ("Just for Sam"): pass it."""
    assert isinstance(app.screen, HandoffScreen), app.screen
    await pilot.press("enter")
    await pilot.pause()


def runner(app: ReconnectApp) -> RunnerScreen:
    screen = app.screen
    assert isinstance(screen, RunnerScreen), screen
    return screen


def step_id(app: ReconnectApp) -> str:
    return runner(app).turn.step.id


def screen_text(app: ReconnectApp) -> str:
    """The current screen as plain text, line by line: what a person would read.

    Textual has no public way to read the screen as text (snapshots export SVG),
    so this one helper reads the compositor's lines.
    """
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


def plain(app: ReconnectApp, selector: str) -> str:
    """The words in the widgets matching *selector*, without wrapping."""
    parts = []
    for widget in app.screen.query(selector):
        visual = widget.render()
        parts.append(getattr(visual, "plain", None) or str(visual))
    return "\n".join(parts)


@attrs.frozen
class Notice:
    """One notice the app gave: the words, and whether Textual was told to parse markup."""

    message: str
    markup: bool


def record_notices(app: ReconnectApp) -> list[Notice]:
    """Every notice *app* gives from now on, through its public ``notify``.

    Call it before ``run_test``. Toasts on screen expire on the wall clock, so a
    test on a busy machine could miss one; the record keeps every notice.
    """
    said: list[Notice] = []
    notify = app.notify

    def record(message: str, *, markup: bool = True, **options: Any) -> None:
        said.append(Notice(message, markup))
        notify(message, markup=markup, **options)

    app.notify = record  # type: ignore[method-assign]
    return said


async def press_button(pilot: Any, selector: str) -> None:
    """Press a button the way a click does, without waiting out its 0.2 s press effect."""
    pilot.app.screen.query_one(selector).press()
    await pilot.pause()
