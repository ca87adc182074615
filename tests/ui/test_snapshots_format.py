"""Snapshots at 80x24 of issue 14's format additions: prose in a step, resting sessions on Home."""

from __future__ import annotations

import random

import pytest

from reconnect_tui.exercises.model import ReadStep
from reconnect_tui.ui.app import ReconnectApp
from tests.builders import library
from tests.ui.fixtures import FakeClock, single

SIZE = (80, 24)

pytestmark = pytest.mark.slow

PROSE = ReadStep(
    id="bids",
    title="Small bids",
    text=(
        "Over the week, notice the *small* bids, the ones that are **easy to miss**.\n"
        "\n"
        "- a sigh, or a glance across the room\n"
        '- "look at this" [b]not markup[/b]\n'
        "- a hand on a shoulder, 2 * 3 stays as typed"
    ),
)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.pause()


def test_prose_step(snap_compare) -> None:
    app = ReconnectApp(
        library=library(single(PROSE)),
        clock=FakeClock(),
        rng=random.Random(7),
        theme="textual-dark",
        start="one-step",
        mode="solo",
        names=("Sam",),
    )
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
