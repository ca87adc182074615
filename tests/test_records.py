"""One record style: attrs records, values frozen, copies made with ``attrs.evolve``."""

from __future__ import annotations

import pickle
from pathlib import Path

import attrs
import pytest

from reconnect_tui.common.paths import Paths
from reconnect_tui.common.problems import Problem
from reconnect_tui.progress.keeper import Edits, Resumed
from reconnect_tui.progress.moments import Done, Series
from reconnect_tui.progress.settings import LoadedSettings, Settings
from reconnect_tui.progress.store import SavedSession, SessionInfo
from reconnect_tui.themes import ThemeSet, ThemeSpec
from reconnect_tui.ui.screens.home import ExerciseStatus

INFO = SessionInfo(
    id="20261126-080000-tour-abcdef",
    exercise_id="tour",
    title="Tour",
    people=("Sam",),
    started="2026-11-26T08:00:00+00:00",
    updated="2026-11-26T08:00:00+00:00",
    finished=False,
    promise="",
)
SPEC = ThemeSpec(
    name="x", path=None, dark=True, ansi=False, colours={"primary": "#123"}, variables={}
)
VALUES = [
    Paths(config_dir=Path("c"), data_dir=Path("d")),
    Problem(path="x.toml", message="m", line=2),
    Settings(names=("Sam",)),
    LoadedSettings(settings=Settings()),
    INFO,
    SPEC,
    ThemeSet(themes=(SPEC,), problems=()),
    Edits(gone=("a",)),
    Done(finished=1, check_ins=0),
    Series(scale="mood", person="Sam", values=(3,)),
    ExerciseStatus(last_done="today"),
]


@pytest.mark.parametrize("value", VALUES, ids=lambda value: type(value).__name__)
def test_values_are_frozen_hashable_and_pickle(value) -> None:
    assert attrs.has(type(value))
    field = attrs.fields(type(value))[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(value, field, getattr(value, field))
    assert hash(value) == hash(attrs.evolve(value))
    assert pickle.loads(pickle.dumps(value)) == value


def test_saved_session_is_state_a_copy_is_equal_and_separate() -> None:
    record = SavedSession(id="i", exercise_id="e", title="t", started="s", updated="s")
    assert attrs.has(SavedSession) and attrs.has(Resumed)
    copy = attrs.evolve(record, version=2)
    record.promise = "Saturday"  # state: changed in place by the keeper
    assert (copy.version, copy.promise, record.version) == (2, "", 0)
    assert pickle.loads(pickle.dumps(record)) == record
    with pytest.raises(TypeError):
        hash(record)


def test_converters_do_what_post_init_did() -> None:
    paths = Paths(config_dir="c", data_dir="d")
    assert paths.config_file == Path("c") / "config.toml"
    assert Settings(names=["Sam", "Alex"]).names == ("Sam", "Alex")
    assert attrs.evolve(Settings(), names=["Sam"]).names == ("Sam",)
    assert Settings(names=["Sam"]).to_data()["names"] == ["Sam"]


def test_theme_colours_do_not_count_in_equality() -> None:
    assert attrs.evolve(SPEC, colours={"primary": "#fff"}) == SPEC
