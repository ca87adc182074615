"""Shared helpers for the pilot and snapshot tests."""

from __future__ import annotations

import asyncio
import inspect
import random
from typing import Any

import pytest

from reconnect_tui.ui.app import ReconnectApp
from reconnect_tui.ui.screens.runner import RunnerScreen
from tests.ui.fixtures import FakeClock, library


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no async plugin is installed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_app(*exercises: Any, clock: FakeClock | None = None, **kwargs: Any) -> ReconnectApp:
    """An app over *exercises* with a fake clock and a fixed random choice."""
    lib = kwargs.pop("library", None) or library(*exercises)
    return ReconnectApp(library=lib, clock=clock or FakeClock(), rng=random.Random(7), **kwargs)


def runner(app: ReconnectApp) -> RunnerScreen:
    screen = app.screen
    assert isinstance(screen, RunnerScreen), screen
    return screen


def step_id(app: ReconnectApp) -> str:
    return runner(app).turn.step.id


def screen_text(app: ReconnectApp) -> str:
    """The current screen as plain text, line by line: what a person would read."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


def plain(app: ReconnectApp, selector: str) -> str:
    """The words in the widgets matching *selector*, without wrapping."""
    parts = []
    for widget in app.screen.query(selector):
        visual = widget.render()
        parts.append(getattr(visual, "plain", None) or str(visual))
    return "\n".join(parts)


async def press_button(pilot: Any, selector: str) -> None:
    """Press a button the way a click does, without waiting out its 0.2 s press effect."""
    pilot.app.screen.query_one(selector).press()
    await pilot.pause()
