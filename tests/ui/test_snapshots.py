"""Snapshots at 80x24 of every screen and step kind (fake clock, fixed names, no blink)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from reconnect_tui.common.problems import Problem
from reconnect_tui.ui.app import ReconnectApp
from reconnect_tui.ui.screens.runner import RunnerScreen
from tests.builders import library
from tests.ui.fixtures import (
    CHOICE,
    COMPOSE,
    LONG_TEXT,
    PAUSE,
    READ,
    ROLES,
    SCALE,
    TEXT,
    TOUR,
    FakeClock,
    single,
)

SIZE = (80, 24)

pytestmark = pytest.mark.slow  # whole screens drawn to SVG: run with -m slow or plain pytest


def app_for(*exercises, **kwargs) -> ReconnectApp:
    lib = kwargs.pop("library", None) or library(*exercises)
    kwargs.setdefault("theme", "textual-dark")  # theme files may change; snapshots should not
    return ReconnectApp(library=lib, clock=FakeClock(), rng=random.Random(7), **kwargs)


def one(step) -> ReconnectApp:
    return app_for(single(step), start="one-step", mode="solo", names=("Sam",))


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.pause()


async def to_kind(pilot, kind: str) -> None:
    """Answer through the engine (no key presses) until a step of *kind* shows."""
    from reconnect_tui.ui.screens.handoff import HandoffScreen

    app = pilot.app
    values = {
        "text": "Shorter talks in the evening",
        "choice": ["tired", "hopeful"],
        "scale": 3,
        "compose": {"feeling": "lonely", "situation": "we eat apart"},
    }
    while True:
        if isinstance(app.screen, HandoffScreen):
            app.screen.dismiss(None)
            await settle(pilot)
            continue
        screen = app.screen
        assert isinstance(screen, RunnerScreen)
        step = screen.turn.step
        if step.kind == kind:
            break
        value = values.get(step.kind)
        if step.kind == "list":
            value = (
                ["walks", "music", "cooking"]
                if screen.turn.actor == "a"
                else ["music", "old films"]
            )
        screen.session.answer(value)
        await screen.show_turn()
        await settle(pilot)


def test_home(snap_compare) -> None:
    problems = (
        Problem(
            path="/home/sam/.config/reconnect/exercises/mine.toml",
            line=3,
            message="unknown key 'titel'",
        ),
    )
    app = app_for(library=library(TOUR, ROLES, problems=problems))
    assert snap_compare(app, terminal_size=SIZE)


def test_whos_here_with_roles(snap_compare) -> None:
    app = app_for(ROLES, start="take-turns", names=("Sam", "Alex"))
    assert snap_compare(app, terminal_size=SIZE)


@pytest.mark.parametrize(
    "step",
    [READ, PAUSE, TEXT, LONG_TEXT, CHOICE, SCALE, COMPOSE],
    ids=lambda s: s.kind + "-" + s.id,
)
def test_step(snap_compare, step) -> None:
    assert snap_compare(one(step), terminal_size=SIZE, run_before=settle)


@pytest.mark.parametrize("kind", ["list", "compare", "summary"])
def test_tour_step(snap_compare, kind) -> None:
    app = app_for(TOUR, start="tour", mode="together", names=("Sam", "Alex"))

    async def run_before(pilot) -> None:
        await settle(pilot)
        await to_kind(pilot, kind)
        if kind == "list":
            # One item added, one being typed.
            field = pilot.app.screen.query_one("#item-text")
            field.value = "long walks"
            await pilot.press("enter")
            field.value = "music"
            await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_handoff(snap_compare) -> None:
    app = app_for(ROLES, start="take-turns", mode="together", names=("Sam", "Alex"))

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")  # past "Just for Sam": the first step is private
        await settle(pilot)
        pilot.app.screen.query_one("#answer-text").value = "something private"
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_cover_before_a_private_step(snap_compare) -> None:
    """Nobody passes the keyboard, but the other person is asked to look away."""
    app = app_for(ROLES, start="take-turns", mode="together", names=("Sam", "Alex"))
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_break(snap_compare) -> None:
    app = app_for(TOUR, start="tour", mode="together", names=("Sam", "Alex"))

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_end(snap_compare) -> None:
    app = app_for(TOUR, start="tour", mode="together", names=("Sam", "Alex"))

    async def run_before(pilot) -> None:
        await settle(pilot)
        await to_kind(pilot, "summary")
        await pilot.press("ctrl+n")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help(snap_compare) -> None:
    assert snap_compare(app_for(TOUR), terminal_size=SIZE, press=["f1"])


def test_compose_at_60_by_20(snap_compare) -> None:
    assert snap_compare(one(COMPOSE), terminal_size=(60, 20), run_before=settle)


def test_too_small(snap_compare) -> None:
    assert snap_compare(app_for(TOUR), terminal_size=(44, 12))


def test_problems(snap_compare) -> None:
    problems = (
        Problem(
            path="/home/sam/.config/reconnect/exercises/mine.toml",
            line=3,
            column=1,
            key="titel",
            message="unknown key 'titel'",
            hint="did you mean 'title'?",
        ),
        Problem(
            path="/home/sam/.config/reconnect/exercises/evening.toml",
            line=12,
            message="the step id 'share' is used twice",
            severity="warning",
        ),
    )
    app = app_for(library=library(TOUR, ROLES, problems=problems))

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.query_one("#problems").press()
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_every_snapshot_file_belongs_to_a_test() -> None:
    """A renamed or removed snapshot test leaves its SVG behind.

    Syrupy finds such files only in a single process; under xdist (plain
    ``pytest``) it cannot tell them from files another worker used.
    """
    folder = Path(__file__).parent
    stale = [
        str(svg.relative_to(folder))
        for svg in sorted((folder / "__snapshots__").glob("*/*.svg"))
        if f"def {svg.stem.split('[')[0]}("
        not in (folder / f"{svg.parent.name}.py").read_text(encoding="utf-8")
    ]
    assert stale == []
