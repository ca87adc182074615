"""Exercises that span days: later steps, their times, the rest kept in the session file."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from reconnect_tui.engine.session import Session
from reconnect_tui.exercises import comeback
from reconnect_tui.exercises.library import load_text
from reconnect_tui.exercises.model import ChoiceStep, LaterStep, ListStep, ReadStep
from reconnect_tui.exercises.worksheet import render
from reconnect_tui.progress.keeper import Keeper
from reconnect_tui.progress.settings import Settings
from reconnect_tui.progress.store import SavedSession, Store
from tests.builders import exercise, library

THURSDAY = dt.date(2026, 12, 3)


@pytest.mark.parametrize(
    ("phrase", "days"),
    [
        ("tomorrow", 1),
        ("in 3 days", 3),
        ("In  a   day", 1),
        ("in a week", 7),
        ("in 2 weeks", 14),
        ("in 8 weeks", 56),
        ("next sunday", 3),
        ("on Friday", 1),
        ("thursday", 7),  # today is Thursday: the next one
        ("in 9 weeks", None),
        ("in 0 days", None),
        ("in a fortnight", None),
        ("soon", None),
    ],
)
def test_phrases_count_from_the_day_given(phrase: str, days: int | None) -> None:
    assert comeback.days_after(phrase, THURSDAY) == days


TOP = 'format = 1\nid = "week"\ntitle = "Week"\nsummary = "Over a week."\n'
LATER = '\n[[steps]]\nid = "rest"\nkind = "later"\ncome_back = "in 3 days"\n'
NOTES = '\n[[steps]]\nid = "noticed"\nkind = "list"\ntext = "What did you notice?"\n'


def test_a_later_step_loads_and_odd_times_are_named_by_line() -> None:
    loaded = load_text(TOP + LATER + 'other_times = ["tomorrow", "next sunday"]\n' + NOTES)
    assert loaded.problems == ()
    step = loaded.exercise.step("rest")
    assert isinstance(step, LaterStep)
    assert step.times == ("in 3 days", "tomorrow", "next sunday")
    bad = load_text(TOP + LATER + 'other_times = ["someday", "In 3 days"]\nwho = "each"\n' + NOTES)
    found = [(p.key, p.line, p.message, p.hint) for p in bad.problems]
    assert found == [
        (
            "steps[0].other_times[0]",
            10,
            "'someday' is not a time this app can count to",
            'write it like "tomorrow", "in 3 days", "in 2 weeks" or "next sunday"',
        ),
        ("steps[0].other_times[1]", 10, "'In 3 days' is offered twice", "keep one of them"),
        (
            "steps[0].who",
            11,
            "a later step pauses the whole session, so it is for both of you",
            'leave who out (or write who = "both")',
        ),
    ]
    missing = load_text(TOP + LATER.replace('come_back = "in 3 days"\n', "") + NOTES)
    assert [(p.key, p.message) for p in missing.problems] == [
        ("steps[0]", "a later step needs a time to come back")
    ]


WEEK = exercise(
    ReadStep(id="intro", text="Notice small bids."),
    LaterStep(id="rest", come_back="in 3 days", other_times=("next sunday",)),
    ListStep(id="noticed", text="What did you notice?"),
    id="week",
)


def test_the_later_step_is_asked_as_a_choice_with_the_suggestion_picked() -> None:
    session = Session.start(WEEK, mode="solo", names=["Sam"], clock=lambda: 0.0)
    session.answer(None)
    turn = session.current
    assert isinstance(turn.step, ChoiceStep) and turn.step.id == "rest"
    assert turn.step.options == ("in 3 days", "next sunday")
    assert turn.prefill == ["in 3 days"]
    assert session.answer(["next sunday"]).accepted
    assert comeback.resting(WEEK, session.to_data()) == "next sunday"
    session.back()
    assert comeback.resting(WEEK, session.to_data()) is None
    assert session.answer(["in 3 days"]).accepted
    assert comeback.resting(WEEK, session.to_data()) == "in 3 days"
    assert session.answer(["a sigh"]).accepted  # back, and a note added: no longer resting
    assert comeback.resting(WEEK, session.to_data()) is None


def keeper_at(tmp_path: Path, today: dt.date, settings: Settings | None = None) -> Keeper:
    store = Store(tmp_path / "sessions", tmp_path / "quarantine")
    keeper = Keeper(store, library(WEEK), settings)
    keeper.today = lambda: today
    return keeper


def test_the_rest_is_kept_in_the_file_until_the_session_moves_on(tmp_path: Path) -> None:
    keeper = keeper_at(tmp_path, THURSDAY)
    session = Session.start(WEEK, mode="solo", names=["Sam"], clock=lambda: 0.0)
    session.answer(None)
    session.answer(["next sunday"])
    assert keeper.changed(session)
    (path,) = (tmp_path / "sessions").glob("*.toml")
    assert tomllib.loads(path.read_text())["rest_until"] == "2026-12-06"
    (info,) = keeper.store.unfinished()
    assert info.rest_until == "2026-12-06"

    # Picked up days later: the day set stays, then a note ends the rest.
    later = keeper_at(tmp_path, dt.date(2026, 12, 9))
    resumed = later.resume(info.id, clock=lambda: 0.0)
    assert resumed.record.rest_until == "2026-12-06"
    assert later.changed(resumed.session)
    assert later.store.unfinished()[0].rest_until == "2026-12-06"
    resumed.session.answer(["a sigh over the dishes"])
    assert later.changed(resumed.session)
    done = later.store.path_of(info.id)  # the last step: the session is finished
    assert "rest_until" not in tomllib.loads(done.read_text())


def test_privacy_mode_keeps_the_time_and_the_rest(tmp_path: Path) -> None:
    keeper = keeper_at(tmp_path, THURSDAY, Settings(keep_text=False))
    session = Session.start(WEEK, mode="solo", names=["Sam"], clock=lambda: 0.0)
    session.answer(None)
    session.answer(["in 3 days"])
    keeper.changed(session)
    (path,) = (tmp_path / "sessions").glob("*.toml")
    data = tomllib.loads(path.read_text())
    assert data["rest_until"] == "2026-12-06"
    assert data["answers"]["rest"] == {"a": ["in 3 days"]}


def test_older_session_files_load_without_a_rest(tmp_path: Path) -> None:
    data = {
        "format": 1,
        "id": "20260301-120000-week-abcdef",
        "exercise": "week",
        "title": "Week",
        "started": "2026-03-01T12:00:00+00:00",
        "updated": "2026-03-01T12:00:00+00:00",
        "promise": "",
    }
    assert SavedSession.from_data(data).rest_until == ""
    assert SavedSession.from_data({**data, "rest_until": "not a day"}).rest_until == ""
    assert SavedSession.from_data({**data, "rest_until": "2026-03-04"}).rest_until == "2026-03-04"


def test_the_worksheet_offers_the_times() -> None:
    sheet = render(WEEK, "text")
    assert "2. Come back later" in sheet
    assert "come back in 3 days (or next sunday)" in sheet


def test_a_later_step_at_the_very_end_is_a_warning() -> None:
    loaded = load_text(TOP + LATER)
    assert loaded.exercise is not None
    assert [(p.severity, p.key, p.line) for p in loaded.problems] == [
        ("warning", "steps[0].kind", 8)
    ]
