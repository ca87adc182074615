"""Snapshots at 80x24 of issue 14's format additions: prose in a step, resting sessions on Home."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from reconnect_tui.exercises.model import LaterStep, ListStep, ReadStep
from reconnect_tui.progress.keeper import Keeper
from reconnect_tui.progress.store import Store
from reconnect_tui.ui.app import ReconnectApp
from tests.builders import exercise, library
from tests.ui.fixtures import TOUR, FakeClock, single

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


WEEK = exercise(
    ReadStep(id="intro", text="Over the next days, notice the *small* bids."),
    LaterStep(id="rest", come_back="next sunday", other_times=("in 3 days",)),
    ListStep(id="noticed", text="What did you notice?"),
    id="week",
    title="Bids over the week",
    summary="Notice small bids for a few days, then look back.",
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


LONG_AGO = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)  # midday: same date in any zone


def test_home_with_resting_and_ready_sessions(snap_compare, tmp_path: Path) -> None:
    store = Store(tmp_path / "sessions", tmp_path / "quarantine")
    keeper = Keeper(store, library(WEEK, TOUR))
    keeper.today = lambda: dt.date(2026, 3, 5)  # a Thursday
    for moment, names, day in (
        (LONG_AGO, ["Sam"], "2026-03-08"),
        (LONG_AGO - dt.timedelta(days=1), ["Sam", "Alex"], "2026-03-04"),
    ):
        record = store.new_session(
            exercise_id="week",
            title="Bids over the week",
            revision=1,
            digest="",
            mode="solo" if len(names) == 1 else "together",
            people=names,
            now=moment,
        )
        record.answers = {"rest": {"both": ["next sunday"]}}
        record.rest_until = day
        store.save(record, now=moment)
    app = ReconnectApp(
        library=keeper.library,
        keeper=keeper,
        clock=FakeClock(),
        rng=random.Random(7),
        theme="textual-dark",
    )
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
