"""Home's list kept between runs: used only while nothing changed, and never trusted blindly."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from reconnect_tui import catalogue, library
from reconnect_tui.catalogue import Card, Catalogue
from reconnect_tui.library import load_library
from tests.conftest import exercise_text

HOSTILE = "Tea [bold]for[/] two [@click=app.quit]x[/] ünïcode \u2603"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A user exercise folder with one good and one broken file, and where the list is kept."""
    user = tmp_path / "exercises"
    user.mkdir()
    (user / "mine.toml").write_text(exercise_text(id="mine", title=HOSTILE), encoding="utf-8")
    (user / "broken.toml").write_text('format = 1\nid = "broken"\ntitle = 3\n', encoding="utf-8")
    return user, tmp_path / "data" / "cache" / "catalogue.json"


def no_loading(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make any full load of the library recorded (it still works)."""
    calls: list[str] = []
    real = library.load_library

    def recording(**kwargs):
        calls.append("load")
        return real(**kwargs)

    monkeypatch.setattr(library, "load_library", recording)
    return calls


def test_the_first_start_loads_in_full_and_keeps_the_list(folders) -> None:
    user, kept = folders
    first = Catalogue(user_dir=user, cache_file=kept)
    full = load_library(user_dir=user)
    assert not first.from_cache
    assert first.cards == full.cards and first.problems == full.problems
    assert any(card.title == HOSTILE for card in first.cards)  # kept exactly, not cleaned again
    assert {problem.path for problem in first.problems} == {str(user / "broken.toml")}
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700


def test_a_later_start_paints_from_the_kept_list_without_loading(folders, monkeypatch) -> None:
    user, kept = folders
    before = Catalogue(user_dir=user, cache_file=kept)
    calls = no_loading(monkeypatch)
    again = Catalogue(user_dir=user, cache_file=kept)
    assert again.from_cache and calls == []
    assert again.cards == before.cards and again.problems == before.problems
    assert all(isinstance(card, Card) for card in again.cards)
    # Anything beyond the list loads the library, once.
    entry = again.get("mine")
    assert entry is not None and entry.exercise.title == HOSTILE
    assert again.entries and calls == ["load"]
    assert again.cards == before.cards


@pytest.mark.parametrize("change", ["edit", "add", "remove", "touch"])
def test_any_change_to_the_files_is_seen(folders, monkeypatch, change: str) -> None:
    user, kept = folders
    Catalogue(user_dir=user, cache_file=kept)
    mine = user / "mine.toml"
    if change == "edit":  # same size, so only the times give it away
        mine.write_text(exercise_text(id="mine", title=HOSTILE.replace("Tea", "Tee")))
    elif change == "add":
        (user / "more.toml").write_text(exercise_text(id="more", title="More"))
    elif change == "remove":
        mine.unlink()
    else:  # the same bytes written again: a new time, so it is read again (safe side)
        mine.write_bytes(mine.read_bytes())
        os.utime(mine, ns=(1, 1))
    calls = no_loading(monkeypatch)
    again = Catalogue(user_dir=user, cache_file=kept)
    assert not again.from_cache and calls == ["load"]
    assert again.cards == load_library(user_dir=user).cards
    # ... and the new list is kept for the start after.
    assert Catalogue(user_dir=user, cache_file=kept).from_cache


def test_extra_paths_are_part_of_the_key(folders, tmp_path: Path) -> None:
    user, kept = folders
    missing = tmp_path / "not-there.toml"
    plain = Catalogue(user_dir=user, cache_file=kept)
    with_extra = Catalogue(user_dir=user, extra=[missing], cache_file=kept)
    assert not with_extra.from_cache
    assert len(with_extra.problems) == len(plain.problems) + 1
    assert Catalogue(user_dir=user, extra=[missing], cache_file=kept).from_cache
    assert not Catalogue(user_dir=user, cache_file=kept).from_cache


def test_a_change_to_the_programs_rules_is_seen(folders, monkeypatch) -> None:
    user, kept = folders
    Catalogue(user_dir=user, cache_file=kept)
    monkeypatch.setattr("reconnect_tui.__version__", "99.0")
    assert not Catalogue(user_dir=user, cache_file=kept).from_cache


def _kept_data(kept: Path) -> dict:
    return json.loads(kept.read_text(encoding="ascii"))


@pytest.mark.parametrize(
    "spoil",
    [
        lambda data: b"",
        lambda data: b"{not json",
        lambda data: b"\xff\xfe\x00",
        lambda data: json.dumps([1, 2]).encode(),
        lambda data: json.dumps({**data, "cards": "x"}).encode(),
        lambda data: json.dumps({**data, "cards": [["a", "b", "c", "7", "solo", "x"]]}).encode(),
        lambda data: json.dumps({**data, "cards": [["a", "b", "c", True, "solo", "x"]]}).encode(),
        lambda data: json.dumps({**data, "cards": [["a", "b"]]}).encode(),
        lambda data: json.dumps({**data, "problems": [{"path": "p"}]}).encode(),
        lambda data: json.dumps(
            {**data, "problems": [{**data["problems"][0], "line": "1"}]}
        ).encode(),
        lambda data: json.dumps({k: v for k, v in data.items() if k != "problems"}).encode(),
        lambda data: b"[" * 100_000,
        lambda data: b" " * (catalogue.MAX_CACHE_BYTES + 1),
    ],
)
def test_a_spoilt_kept_list_is_loaded_past_and_rewritten(folders, monkeypatch, spoil) -> None:
    user, kept = folders
    good = Catalogue(user_dir=user, cache_file=kept)
    kept.write_bytes(spoil(_kept_data(kept)))
    calls = no_loading(monkeypatch)
    again = Catalogue(user_dir=user, cache_file=kept)
    assert not again.from_cache and calls == ["load"]
    assert again.cards == good.cards and again.problems == good.problems
    assert Catalogue(user_dir=user, cache_file=kept).from_cache


def test_a_symlink_where_the_list_is_kept_is_not_followed(folders, tmp_path: Path) -> None:
    user, kept = folders
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("precious", encoding="utf-8")
    kept.parent.mkdir(parents=True)
    kept.symlink_to(elsewhere)
    shown = Catalogue(user_dir=user, cache_file=kept)
    assert not shown.from_cache and shown.cards
    assert elsewhere.read_text(encoding="utf-8") == "precious"


def test_a_list_that_cannot_be_kept_costs_nothing_but_time(folders, tmp_path: Path) -> None:
    user, _kept = folders
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    kept = blocker / "cache" / "catalogue.json"  # its folder cannot be made
    first = Catalogue(user_dir=user, cache_file=kept)
    again = Catalogue(user_dir=user, cache_file=kept)
    assert first.cards == again.cards and not again.from_cache


def test_without_a_place_to_keep_it_the_library_loads_as_before(folders) -> None:
    user, _kept = folders
    shown = Catalogue(user_dir=user)
    assert not shown.from_cache and shown.cards == load_library(user_dir=user).cards


def test_the_library_offers_the_same_cards() -> None:
    full = load_library(user_dir=None)
    assert [card.id for card in full.cards] == [entry.exercise.id for entry in full.entries]
    for card, entry in zip(full.cards, full.entries, strict=True):
        for name in Card._fields:
            assert getattr(card, name) == getattr(entry.exercise, name)
