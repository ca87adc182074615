"""History, settings and privacy through the app, on real files."""

from __future__ import annotations

import datetime as dt
import os
import stat
import tomllib
from pathlib import Path

import attrs
from textual.widgets import Checkbox, Input, OptionList, RadioButton

from reconnect_tui.exercises.model import ReadStep
from reconnect_tui.progress.settings import Settings, load_settings
from reconnect_tui.progress.store import Store
from reconnect_tui.ui.keeping import open_keeper
from reconnect_tui.ui.screens.dialogs import AskDialog, ConfirmDialog
from reconnect_tui.ui.screens.history import HistoryScreen
from reconnect_tui.ui.screens.home import HomeScreen
from reconnect_tui.ui.screens.session_view import SessionViewScreen
from reconnect_tui.ui.screens.settings import SettingsScreen
from reconnect_tui.ui.screens.whos_here import WhosHereScreen
from tests.builders import entry, library
from tests.ui.conftest import make_app, plain, record_notices, runner, screen_text
from tests.ui.fixtures import TOUR
from tests.ui.test_keeping import files, kept_app


def check_in_record(store: Store, day: int, mood: int, energy: int, now: dt.datetime):
    record = store.new_session(
        exercise_id="daily-check-in",
        title="Daily check-in",
        revision=1,
        digest="",
        mode="solo",
        people=["Sam"],
        now=now - dt.timedelta(days=day),
    )
    record.answers = {"mood": {"a": mood}, "energy": {"a": energy}}
    record.finished = True
    return store.save(record)


async def test_history_reads_exports_and_deletes_after_asking(tmp_path: Path) -> None:
    app, keeper = kept_app(tmp_path, TOUR, start="tour", mode="solo", names=["Sam"])
    told = record_notices(app)
    now = dt.datetime.now(dt.UTC)
    for day, (mood, energy) in enumerate([(2, 3), (3, 3), (4, 2), (5, 4), (4, 5)]):
        check_in_record(keeper.store, day + 1, mood, energy, now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"we [b]laughed[/b]", "enter")
        app.go_home()
        await pilot.pause()
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        await app.workers.wait_for_complete()  # the history is read in a thread
        await pilot.pause()
        moments = plain(app, "#moments")
        assert "Five check-ins this month" in moments or "check-ins this month" in moments
        assert "Mood · Sam  ▆█▆▅▃" in moments  # oldest first: 4, 5, 4, 3, 2
        assert "5 exercises finished so far" in moments
        assert "missed" not in moments.lower() and "streak" not in moments.lower()
        listing = app.screen.query_one(OptionList)
        assert listing.option_count == 6
        assert "A short tour" in screen_text(app)

        await pilot.press("enter")  # the newest: the tour, part way
        assert isinstance(app.screen, SessionViewScreen)
        assert "we [b]laughed[/b]" in screen_text(app)
        await pilot.press("e")
        assert isinstance(app.screen, AskDialog)
        # A hostile folder name (markup; no escape: the field drops those as typed).
        target = tmp_path / "out[31m[b]" / "tour.md"
        target.parent.mkdir()
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert "we \\[b\\]laughed\\[/b\\]" in target.read_text()
        assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
        said = told[-1].message
        assert "Written to" in said and "out[31m[b]" in said  # shown as it is

        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # "Keep it" has the focus: nothing happens
        assert isinstance(app.screen, SessionViewScreen)
        assert len(files(tmp_path)) == 1
        await pilot.press("d")
        app.screen.query_one("#yes").press()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(OptionList).option_count == 5
        assert files(tmp_path) == []


async def test_a_session_whose_exercise_is_gone_can_still_be_read(tmp_path: Path) -> None:
    app, _ = kept_app(tmp_path, TOUR, start="tour", mode="solo")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"still here", "enter", "ctrl+q")
    other = attrs.evolve(TOUR, id="other", title="Another one")
    app, _ = kept_app(tmp_path, other)
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Pick up where you left off?" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("can still read it" in notice.message for notice in said)
        await pilot.press("h", "enter")
        assert isinstance(app.screen, SessionViewScreen)
        text = screen_text(app)
        assert "isn't in your library any more" in text and "still here" in text


async def test_an_edited_exercise_is_matched_by_step_id_and_said_kindly(tmp_path: Path) -> None:
    first = library(entry(TOUR, digest="before"))
    app, _ = kept_app(tmp_path, library=first, start="tour", mode="solo")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"kept words", "enter", "ctrl+q")
    extra = ReadStep(id="new-one", title="A new step", text="Added later.")
    edited = attrs.evolve(TOUR, steps=[TOUR.steps[1], TOUR.steps[2], extra, *TOUR.steps[3:]])
    app, _ = kept_app(tmp_path, library=library(entry(edited, digest="after")))
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert runner(app).turn.step.id == "feeling"
        assert app.session.answers()["noticed"] == {"a": "kept words"}
        notes = " ".join(notice.message for notice in said)
        assert "edited since you began" in notes and "a new step was added" in notes
        assert "missed" not in notes


async def test_settings_round_trip_and_names_remembered(tmp_path: Path) -> None:
    paths = attrs.make_class("P", ["config_file", "sessions_dir", "quarantine_dir"])(
        tmp_path / "cfg" / "config.toml",
        tmp_path / "data" / "sessions",
        tmp_path / "data" / "quarantine",
    )
    keeper, notices = open_keeper(paths, library(TOUR))
    app = make_app(library=keeper.library, keeper=keeper, notices=notices)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        assert isinstance(app.screen, SettingsScreen)
        assert "only that you did an exercise and your 1-5 answers" in plain(app, ".muted")
        app.screen.query_one("#name-0", Input).value = "Sam"
        app.screen.query_one("#pace-gentle", RadioButton).value = True
        app.screen.query_one("#keep-text", Checkbox).value = False
        app.screen.query_one("#save").press()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    saved = load_settings(paths.config_file).settings
    assert (saved.names, saved.pace, saved.keep_text) == (("Sam",), "gentle", False)

    keeper, notices = open_keeper(paths, library(TOUR))
    app = make_app(library=keeper.library, keeper=keeper, notices=notices)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        assert isinstance(app.screen, WhosHereScreen)
        assert app.screen.query_one("#name-solo", Input).value == "Sam"
        await pilot.press("enter")  # begin
        await pilot.pause()
        assert app.session.pace == "gentle"


async def test_privacy_mode_writes_no_free_text(tmp_path: Path) -> None:
    app, _ = kept_app(tmp_path, TOUR, start="tour", mode="solo", settings=Settings(keep_text=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"secret words", "enter")
        await pilot.press("space")  # tired
        runner(app).view.query_one(Input).value = "private other"
        await pilot.press("ctrl+n", "4", "ctrl+n")
        await pilot.press(*"draft secret")
        app.keeping.keep_typing()
        assert app.session.answers()["noticed"] == {"a": "secret words"}  # still in memory
        await pilot.press("ctrl+q")
    (path,) = files(tmp_path)
    raw = path.read_text()
    for secret in ("secret", "private other"):
        assert secret not in raw
    data = tomllib.loads(raw)
    assert data["answers"]["close"] == {"a": 4}
    assert data["answers"]["feeling"] == {"a": ["tired"]}
    assert "draft" not in data


async def test_a_broken_config_gives_defaults_and_a_notice_naming_the_line(tmp_path: Path) -> None:
    config = tmp_path / "cfg" / "config.toml"
    config.parent.mkdir()
    config.write_text('names = ["Sam"]\npace = "zippy"\n')
    paths = attrs.make_class("P", ["config_file", "sessions_dir", "quarantine_dir"])(
        config, tmp_path / "data" / "sessions", tmp_path / "data" / "quarantine"
    )
    keeper, notices = open_keeper(paths, library(TOUR))
    assert keeper.settings.pace == "standard"
    app = make_app(library=keeper.library, keeper=keeper, notices=notices)
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        messages = " ".join(notice.message for notice in said)
        assert f"{config}:2: pace should be one of" in messages
        assert config.read_text() == 'names = ["Sam"]\npace = "zippy"\n'  # left alone
        await pilot.press("s")
        app.screen.query_one("#pace-gentle", RadioButton).value = True
        app.screen.query_one("#save").press()
        await pilot.pause()
        messages = " ".join(notice.message for notice in said)
        assert "config.toml.broken" in messages  # saving over it says where the old one went
    assert (config.parent / "config.toml.broken").read_text() == 'names = ["Sam"]\npace = "zippy"\n'
    assert load_settings(config).settings.pace == "gentle"
