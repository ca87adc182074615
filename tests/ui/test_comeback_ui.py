"""A session that spans days, in the app: a later step rests it on Home, then it is ready."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reconnect_tui.exercises.model import LaterStep, ListStep, ReadStep
from reconnect_tui.progress.keeper import Keeper
from reconnect_tui.progress.store import SessionInfo, Store
from reconnect_tui.ui.screens.home import HomeScreen, unfinished_card
from reconnect_tui.ui.wording import rest_words
from tests.builders import exercise, library
from tests.ui.conftest import make_app, record_notices, runner, screen_text

THURSDAY = dt.date(2026, 12, 3)
WEEK = exercise(
    ReadStep(id="intro", text="Over the next days, notice the *small* bids."),
    LaterStep(id="rest", text="When shall we come back?", come_back="next sunday"),
    ListStep(id="noticed", text="What did you notice?"),
    id="week",
    title="Bids over the week",
)


def info(rest_until: str) -> SessionInfo:
    return SessionInfo(
        id="20261203-120000-week-abcdef",
        exercise_id="week",
        title="Bids over the week",
        people=("Sam",),
        started="2026-12-03T12:00:00+00:00",
        updated="2026-12-03T12:00:00+00:00",
        finished=False,
        promise="",
        rest_until=rest_until,
    )


def test_rest_words_are_calm_and_count_nothing_missed() -> None:
    assert rest_words("2026-12-04", THURSDAY) == "Resting until tomorrow."
    assert rest_words("2026-12-06", THURSDAY) == "Resting until Sunday."
    assert rest_words("2026-12-20", THURSDAY) == "Resting until Sunday 20 December."
    assert rest_words("2027-01-03", THURSDAY) == "Resting until Sunday 3 January 2027."
    for day in ("2026-12-03", "2026-11-01"):  # on the day, or long after: simply ready
        assert rest_words(day, THURSDAY) == "Ready to continue, whenever suits you."
    assert rest_words("", THURSDAY) == ""
    card = unfinished_card(info("2026-12-06"), THURSDAY).plain
    assert card.endswith("Resting until Sunday.")
    assert "Ready" in unfinished_card(info("2026-12-06"), dt.date(2026, 12, 6)).plain
    assert "Resting" not in unfinished_card(info(""), THURSDAY).plain


async def test_a_later_step_rests_the_session_until_its_day(tmp_path: Path) -> None:
    store = Store(tmp_path / "sessions", tmp_path / "quarantine")
    keeper = Keeper(store, library(WEEK))
    keeper.today = lambda: THURSDAY
    app = make_app(library=keeper.library, keeper=keeper, start="week", mode="solo", names=["Sam"])
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")  # the read step
        await pilot.pause()
        assert runner(app).view.value == ["next sunday"]  # the suggestion, picked already
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Resting until Sunday." in screen_text(app)
        assert said[-1].message.startswith("Resting until Sunday. It will wait on Home")
        assert not said[-1].markup
    (saved,) = store.unfinished()
    assert saved.rest_until == "2026-12-06"

    # Sunday: ready. Picked up, it goes on at the step after the rest, and a note is added.
    keeper = Keeper(store, library(WEEK))
    keeper.today = lambda: dt.date(2026, 12, 6)
    app = make_app(library=keeper.library, keeper=keeper)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Ready to continue, whenever suits you." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert runner(app).turn.step.id == "noticed"
        await pilot.press(*"a sigh over the dishes", "enter", "ctrl+n")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "EndScreen"
    (done,) = [s for s in store.list() if s.finished]
    assert done.rest_until == ""
    assert store.load(done.id).answers["noticed"] == {"a": ["a sigh over the dishes"]}
