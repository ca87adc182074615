"""Snapshots at 80x24 of what keeps progress: Home with a session to pick up, History,
one session, Settings, and the two dialogs (yes/no, one line). Dates are fixed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reconnect_tui.progress.keeper import Keeper
from reconnect_tui.progress.store import Store
from reconnect_tui.ui.screens.history import HistoryScreen
from reconnect_tui.ui.screens.session_view import SessionViewScreen
from tests.builders import library
from tests.ui.fixtures import ROLES, TOUR
from tests.ui.test_snapshots import SIZE, app_for, settle

pytestmark = pytest.mark.slow  # whole screens drawn to SVG

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


def keeper_with_a_tour(tmp_path: Path) -> tuple[Keeper, str]:
    """A keeper with one finished tour, answered in words, a choice and a scale."""
    store = Store(tmp_path / "sessions", tmp_path / "quarantine")
    record = store.new_session(
        exercise_id="tour",
        title="A short tour",
        revision=1,
        digest="",
        mode="solo",
        people=["Sam"],
        now=LONG_AGO,
    )
    record.answers = {
        "noticed": {"a": "Shorter talks in the evening"},
        "feeling": {"a": ["tired", "hopeful"]},
        "close": {"a": 3},
    }
    record.finished = True
    return Keeper(store, library(TOUR, ROLES)), store.save(record, now=LONG_AGO).id


def test_session_view(snap_compare, tmp_path: Path) -> None:
    keeper, session_id = keeper_with_a_tour(tmp_path)
    app = app_for(library=keeper.library, keeper=keeper)

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.push_screen(SessionViewScreen(keeper, session_id))
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_yes_no_dialog(snap_compare, tmp_path: Path) -> None:
    """Deleting a session asks first; the safe answer has the focus."""
    keeper, session_id = keeper_with_a_tour(tmp_path)
    app = app_for(library=keeper.library, keeper=keeper)

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.push_screen(SessionViewScreen(keeper, session_id))
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_one_line_dialog(snap_compare, tmp_path: Path) -> None:
    """Leaving part way offers a note on when to come back."""
    keeper, _ = keeper_with_a_tour(tmp_path)
    app = app_for(library=keeper.library, keeper=keeper, start="tour", mode="solo", names=("Sam",))

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter", *"half a thought", "ctrl+b")
        await settle(pilot)
        pilot.app.screen.query_one("#leave").press()
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_settings(snap_compare, tmp_path: Path) -> None:
    keeper, _ = keeper_with_a_tour(tmp_path)
    app = app_for(library=keeper.library, keeper=keeper)
    assert snap_compare(app, terminal_size=SIZE, press=["s"], run_before=settle)
