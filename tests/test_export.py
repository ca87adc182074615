"""Export and the keeper without a screen: hostile words survive, privacy keeps no text."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconnect_tui.common.safetext import _CONTROL, clean
from reconnect_tui.engine import Session
from reconnect_tui.exercises.library import load_library
from reconnect_tui.exercises.model import TextStep
from reconnect_tui.progress.export import answer_rows, to_markdown, visible, write_markdown
from reconnect_tui.progress.keeper import Edits, Keeper, edits_since, without_text
from reconnect_tui.progress.moments import Done, done_so_far
from reconnect_tui.progress.settings import Settings as KeepSettings
from reconnect_tui.progress.store import SavedSession, SessionInfo, Store
from tests.builders import exercise
from tests.test_store import HOSTILE

MORE_HOSTILE = [*HOSTILE, "line one\nline two\n# not a heading", "tab\there", "1. not a list"]


def unescape(markdown_line: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown_line)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "sessions", tmp_path / "quarantine")
    store.open()
    return store


@pytest.mark.parametrize("text", MORE_HOSTILE, ids=range(len(MORE_HOSTILE)))
def test_hostile_answers_come_back_cleaned_and_export_exactly(store, tmp_path, text) -> None:
    record = store.new_session(
        exercise_id="gone-now",
        title=text[:60],
        revision=1,
        digest="",
        mode="solo",
        people=[text[:40]],
    )
    record.answers = {"note": {"a": text}}
    saved = store.save(record)
    loaded = store.load(saved.id)
    text = clean(text)  # what a session file holds is cleaned as it is read
    assert loaded.answers["note"]["a"] == text
    markdown = to_markdown(loaded)
    assert not _CONTROL.search(markdown.replace("\n", ""))
    assert "\x1b" not in markdown and "\t" not in markdown
    quoted = [
        line[2:] if line.startswith("> ") else ""
        for line in markdown.splitlines()
        if line.startswith(">")
    ]
    assert "\n".join(unescape(line) for line in quoted) == visible(text)
    for line in markdown.splitlines():
        assert not line.startswith(("> #", "> 1.", "> -"))  # never read as structure
    target = tmp_path / "x.md"
    write_markdown(target, markdown)
    assert target.read_text() == markdown


def test_visible_marks_every_control_character() -> None:
    assert visible("a\x1b[31mb\u202ec\x00") == "aU+001B[31mbU+202EcU+0000"


def _check_in_session():
    library = load_library()
    entry = library.get("daily-check-in")
    session = Session.start(entry.exercise, mode="solo", names=["Sam"])
    session.answer(None)  # welcome
    session.answer(4)
    session.answer(2)
    session.answer("you made tea")
    return library, entry, session


def test_privacy_leaves_out_every_free_text(store) -> None:
    library, _entry, session = _check_in_session()
    keeper = Keeper(store, library, KeepSettings(keep_text=False))
    typed = (session.current, "half typed need")
    assert keeper.changed(session, typed)
    (path,) = store.sessions_dir.glob("*.toml")
    raw = path.read_text()
    assert "you made tea" not in raw and "half typed" not in raw
    data = tomllib.loads(raw)
    assert data["answers"] == {"mood": {"a": 4}, "energy": {"a": 2}}
    assert keeper.draft_for(session) == "half typed need"  # kept in memory while running
    record = keeper.record_for(session)
    assert record.answers["appreciation"] == {"a": "you made tea"}
    # The scrubbed state still restores (the text answer is simply not there).
    restored = Session.restore(session.exercise, data["state"])
    assert restored.current.step.id == "need"
    assert without_text(record, session.exercise).draft == {}


def test_a_failed_save_keeps_everything_and_the_next_change_retries(store, monkeypatch) -> None:
    library, _entry, session = _check_in_session()
    keeper = Keeper(store, library)
    real = store.save

    def broken(record, **kwargs):
        from reconnect_tui.common.atomic import SaveError

        raise SaveError(Path("x"), "the folder is read-only")

    monkeypatch.setattr(store, "save", broken)
    assert keeper.changed(session) is False
    assert keeper.failure == "the folder is read-only"
    assert [info.title for info in keeper.unfinished()] == ["Daily check-in"]  # memory only
    monkeypatch.setattr(store, "save", real)
    assert keeper.keep_draft(session, session.current, "a walk") is True
    assert keeper.failure == ""
    assert store.load(keeper.record_for(session).id).draft["value"] == "a walk"


def test_edits_since_name_the_steps_gone_and_added() -> None:
    _library, entry, _session = _check_in_session()
    steps = [step.id for step in entry.exercise.steps]
    edits = edits_since(["welcome", "old-step"], entry.exercise, ["old-step", steps[0]])
    assert edits == Edits(gone=("old-step",), added=tuple(s for s in steps if s != "welcome"))
    # A session saved without its order: nothing counts as added.
    assert edits_since([], entry.exercise, [steps[0]]) == Edits()


def test_done_so_far_only_counts_what_was_done() -> None:
    now = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)

    def info(day: int, exercise: str = "daily-check-in", month: int = 11) -> SessionInfo:
        stamp = f"2026-{month:02d}-{day:02d}T09:00:00+00:00"
        return SessionInfo(
            id=f"x{day}",
            exercise_id=exercise,
            title="t",
            people=(),
            started=stamp,
            updated=stamp,
            finished=True,
            promise="",
        )

    sessions = [info(day) for day in (1, 3, 9, 20, 25)]
    sessions += [info(2, "i-statement"), info(30, month=10)]
    assert done_so_far(sessions, now) == Done(finished=7, check_ins=5)
    assert done_so_far([], now) == Done(finished=0, check_ins=0)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_exports_as_inert_text_that_reads_back_exactly(text: str) -> None:
    from reconnect_tui.progress.export import quoted

    lines = quoted(text)
    assert all(line.startswith(">") for line in lines)
    assert not any(_CONTROL.search(line) for line in lines)
    back = "\n".join(unescape(line[2:]) if line != ">" else "" for line in lines)
    assert back == visible(text.replace("\r\n", "\n").replace("\r", "\n"))


def test_a_draft_with_odd_values_is_written_not_crashed(store) -> None:
    library, _entry, session = _check_in_session()
    keeper = Keeper(store, library)
    assert keeper.keep_draft(session, session.current, "lone \udc80 surrogate") is True
    record = store.load(keeper.record_for(session).id)
    assert record.draft["value"] == "lone ? surrogate"  # as the engine tidies answers


def test_sparklines_keep_to_the_recent_past_and_one_line() -> None:
    from types import SimpleNamespace

    from reconnect_tui.progress.moments import MAX_POINTS, check_in_series

    now = dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC)

    def record(hours_ago: float, mood: int) -> SimpleNamespace:
        when = (now - dt.timedelta(hours=hours_ago)).isoformat()
        return SimpleNamespace(
            exercise_id="daily-check-in",
            started=when,
            people=["Sam"],
            answers={"mood": {"a": mood}},
            mode="solo",
            finished=True,
            state={},
        )

    records = [record(hours, 1 + int(hours) % 5) for hours in range(0, 24 * 50, 12)]
    records.append(record(-48, 5))  # a clock set wrong: a day in the future is left out
    records.append(record(24 * 7 * 9, 5))  # older than the weeks shown
    (mood,) = check_in_series(records, now)
    assert len(mood.values) == MAX_POINTS
    assert mood.values[-1] == 1  # the newest, at the right


PRIVATE_NOTE = exercise(
    TextStep(id="note", who="each", private=True, title="Just for you"),
    TextStep(id="plan", who="each", title="A plan"),
    TextStep(id="both-say", title="Together"),
    id="private-note",
)


def _together(store: Store, **fields: Any) -> SavedSession:
    record = store.new_session(
        exercise_id="private-note",
        title="Private note",
        revision=1,
        digest="",
        mode="together",
        people=["Sam", "Alex"],
    )
    record.answers = {
        "note": {"a": "sam's own note", "b": "alex's own note"},
        "plan": {"a": "sam's plan", "b": "alex's plan"},
        "both-say": {"both": "our words"},
    }
    return attrs.evolve(record, **fields)


def _texts(record: SavedSession, exercise: Any = PRIVATE_NOTE) -> dict[tuple[str, str], str]:
    return {(row.title, row.who): row.text for row in answer_rows(record, exercise)}


def test_a_private_answer_no_step_revealed_is_never_exported_nor_shown(store) -> None:
    done = _together(store, finished=True, state={"format": 1, "state": {"revealed": []}})
    texts = _texts(done)
    assert texts[("Just for you", "Sam")] == texts[("Just for you", "Alex")] == "(kept private)"
    assert texts[("A plan", "Sam")] == "sam's plan"  # the end card showed it to both
    assert texts[("Together", "")] == "our words"
    markdown = to_markdown(done, PRIVATE_NOTE)
    assert "own note" not in markdown
    assert "> (kept private)" in markdown
    # Nothing tells the reader where else the words could be read.
    assert "export" not in markdown.casefold()
    # The exercise gone: whether a step was private can't be known, so it counts as private.
    assert "own note" not in to_markdown(done) and "sam's plan" not in to_markdown(done)


def test_a_revealed_private_answer_is_shown_and_exported(store) -> None:
    done = _together(store, finished=True, state={"format": 1, "state": {"revealed": ["note"]}})
    assert _texts(done)[("Just for you", "Alex")] == "alex's own note"
    assert "alex's own note" in to_markdown(done, PRIVATE_NOTE)


def test_mid_session_only_what_both_have_seen_is_shown(store) -> None:
    # Either person may open History or export while the session is still going.
    going = _together(store, state={"format": 1, "state": {"revealed": []}})
    texts = _texts(going)
    assert texts[("Just for you", "Sam")] == "(kept private for now)"
    assert texts[("A plan", "Alex")] == "(not shared yet)"
    assert texts[("Together", "")] == "our words"
    markdown = to_markdown(going, PRIVATE_NOTE)
    for words in ("own note", "sam's plan", "alex's plan"):
        assert words not in markdown
    going.state = {"format": 1, "state": {"revealed": ["plan"]}}
    assert _texts(going)[("A plan", "Alex")] == "alex's plan"


def test_alone_everything_is_your_own(store) -> None:
    solo = _together(store, mode="solo", people=["Sam"], state={})
    solo.answers = {"note": {"a": "sam's own note"}}
    assert _texts(solo)[("Just for you", "")] == "sam's own note"
