"""Snapshots at 80x24 of Home with a session to pick up, and of History (fixed dates)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reconnect_tui.progress.keeper import Keeper
from reconnect_tui.progress.store import Store
from reconnect_tui.ui.screens.history import HistoryScreen
from tests.builders import library
from tests.ui.fixtures import ROLES, TOUR
from tests.ui.test_snapshots import SIZE, app_for, settle

LONG_AGO = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)  # midday: same date in any zone


def keeper_with_sessions(tmp_path: Path) -> Keeper:
    lib = library(TOUR, ROLES)
    store = Store(tmp_path / "sessions", tmp_path / "quarantine")
    keeper = Keeper(store, lib)
    left = store.new_session(
        exercise_id="take-turns",
        title="Taking turns",
        revision=1,
        digest="",
        mode="together",
        people=["Sam", "Alex"],
        now=LONG_AGO,
    )
    left.answers = {"share": {"a": "words"}}
    left.promise = "on Saturday evening"
    store.save(left, now=LONG_AGO)
    for day, (mood, energy) in enumerate([(2, 3), (3, 3), (4, 2), (5, 4), (4, 4)]):
        moment = LONG_AGO - dt.timedelta(days=2 * day + 1)
        record = store.new_session(
            exercise_id="daily-check-in",
            title="Daily check-in",
            revision=1,
            digest="",
            mode="solo",
            people=["Sam"],
            now=moment,
        )
        record.answers = {"mood": {"a": mood}, "energy": {"a": energy}}
        record.finished = True
        store.save(record, now=moment)
    return keeper


def test_home_with_a_session_to_pick_up(snap_compare, tmp_path: Path) -> None:
    keeper = keeper_with_sessions(tmp_path)
    app = app_for(library=keeper.library, keeper=keeper)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_history(snap_compare, tmp_path: Path) -> None:
    keeper = keeper_with_sessions(tmp_path)
    app = app_for(library=keeper.library, keeper=keeper)

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.push_screen(HistoryScreen(keeper, now=LONG_AGO))
        await settle(pilot)
        await pilot.app.workers.wait_for_complete()  # the history is read in a thread
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
