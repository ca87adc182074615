"""Home's list kept between runs: used only while nothing changed, and never trusted blindly."""

from __future__ import annotations

import ast
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reconnect_tui.common import tomlguard
from reconnect_tui.common.problems import Problem
from reconnect_tui.exercises import catalogue, library
from reconnect_tui.exercises.catalogue import Card, Catalogue
from reconnect_tui.exercises.library import load_library, load_text
from tests.conftest import exercise_text

HOSTILE = "Tea [bold]for[/] two [@click=app.quit]x[/] ünïcode \u2603"


@pytest.fixture(autouse=True)
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test count as settled at once (one test checks the real wait)."""
    monkeypatch.setattr(catalogue, "SETTLED_NS", 0)


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A user exercise folder with one good and one broken file, and where the list is kept."""
    user = tmp_path / "exercises"
    user.mkdir()
    (user / "mine.toml").write_text(exercise_text(id="mine", title=HOSTILE), encoding="utf-8")
    (user / "broken.toml").write_text('format = 1\nid = "broken"\ntitle = 3\n', encoding="utf-8")
    return user, tmp_path / "data" / "cache" / "catalogue.json"


def spoil_card(data: dict, **change) -> bytes:
    """The kept file with its first card changed, and still well-formed JSON."""
    first = dict(zip(Card._fields, data["cards"][0], strict=True))
    first.update(change)
    return json.dumps({**data, "cards": [list(first.values()), *data["cards"][1:]]}).encode()


def spoil_problem(data: dict, **change) -> bytes:
    return json.dumps({**data, "problems": [{**data["problems"][0], **change}]}).encode()


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


def test_a_change_to_the_programs_rules_is_seen(folders, monkeypatch, tmp_path: Path) -> None:
    user, kept = folders
    rules = tmp_path / "values.py"
    rules.write_text("# the checks\n", encoding="utf-8")
    monkeypatch.setattr(catalogue, "program_files", lambda: [rules])
    Catalogue(user_dir=user, cache_file=kept)
    assert Catalogue(user_dir=user, cache_file=kept).from_cache
    os.utime(rules, ns=(1, 1))  # as an edit or an upgrade would
    assert not Catalogue(user_dir=user, cache_file=kept).from_cache
    assert Catalogue(user_dir=user, cache_file=kept).from_cache
    monkeypatch.setattr("reconnect_tui.__version__", "99.0")
    assert not Catalogue(user_dir=user, cache_file=kept).from_cache


def test_every_module_the_library_loads_with_is_part_of_the_key() -> None:
    probe = (
        "import sys, reconnect_tui.exercises.library\n"
        "print([m.__file__ for n, m in sys.modules.items() if n.startswith('reconnect_tui')])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
        timeout=60,
        check=True,
    )
    used = {Path(name) for name in ast.literal_eval(result.stdout)}
    package_init = Path(catalogue.__file__).with_name("__init__.py")  # the version is in the key
    assert used - {package_init} <= set(catalogue.program_files())


def test_the_rules_for_cards_are_the_ones_the_model_and_checks_use() -> None:
    from reconnect_tui.exercises import model, vocabulary

    assert catalogue.ID_PATTERN is model.ID_PATTERN is vocabulary.ID_PATTERN
    assert catalogue.DEPTHS is vocabulary.DEPTHS and catalogue.AUDIENCES is vocabulary.AUDIENCES
    top = 'format = 1\nid = "a"\ntitle = "A"\nsummary = "S"\nminutes = {}\n'
    step = '[[steps]]\nid = "s"\nkind = "read"\ntext = "T"\n'
    for minutes in (0, 1, 240, 241):
        loads = load_text(top.format(minutes) + step).exercise is not None
        assert loads == (minutes in catalogue.MINUTES), minutes


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
        lambda data: json.dumps(data).encode() + b" " * catalogue.MAX_CACHE_BYTES,
        # Well-formed, but not what a loaded exercise could give: refused, not shown.
        lambda data: json.dumps({**data, "cards": data["cards"][:1] * 2}).encode(),  # same id
        lambda data: spoil_card(data, id="resume:20250101-000000-x-abcdef"),
        lambda data: spoil_card(data, id=""),
        lambda data: spoil_card(data, depth="light\x1b]2;owned\x1b\\"),
        lambda data: spoil_card(data, audience="[b]everyone[/b]"),
        lambda data: spoil_card(data, minutes=0),
        lambda data: spoil_card(data, minutes=10**9),
        lambda data: spoil_problem(data, severity="fatal"),
        lambda data: spoil_problem(data, line=0),
        lambda data: spoil_problem(data, column=-3),
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
    elsewhere = tmp_path / "elsewhere" / "catalogue.json"
    Catalogue(user_dir=user, cache_file=elsewhere)  # a good list for this very key
    before = elsewhere.read_bytes()
    kept.parent.mkdir(parents=True)
    kept.symlink_to(elsewhere)
    shown = Catalogue(user_dir=user, cache_file=kept)
    assert not shown.from_cache and shown.cards  # not read through the link...
    assert elsewhere.read_bytes() == before and kept.is_symlink()  # ...nor written through it
    # A linked folder is not followed either.
    kept.unlink()
    kept.parent.rmdir()
    kept.parent.symlink_to(elsewhere.parent)
    assert not Catalogue(user_dir=user, cache_file=kept).from_cache


def test_a_file_written_a_moment_ago_is_not_kept_until_it_settles(folders, monkeypatch):
    # Within one tick of the file system's clock a second write may leave the
    # times as they were; so a list with a file that fresh is read again next time.
    user, kept = folders
    monkeypatch.setattr(catalogue, "SETTLED_NS", 2_000_000_000)
    Catalogue(user_dir=user, cache_file=kept)
    assert not kept.exists()
    for path in user.iterdir():
        os.utime(path, ns=(1, time.time_ns() - 3_000_000_000))
    Catalogue(user_dir=user, cache_file=kept)
    assert Catalogue(user_dir=user, cache_file=kept).from_cache


def test_a_file_that_could_not_be_read_this_time_is_not_kept(folders, monkeypatch) -> None:
    user, kept = folders
    real = tomlguard.read_bytes

    def flaky(path: Path):
        if path.name == "mine.toml":
            return Problem(path=str(path), message=f"{tomlguard.UNREADABLE} (Input/output error)")
        return real(path)

    monkeypatch.setattr(tomlguard, "read_bytes", flaky)
    shown = Catalogue(user_dir=user, cache_file=kept)
    assert "mine" not in {card.id for card in shown.cards} and not kept.exists()
    monkeypatch.setattr(tomlguard, "read_bytes", real)
    assert "mine" in {card.id for card in Catalogue(user_dir=user, cache_file=kept).cards}


def test_a_change_while_the_app_is_open_is_noticed_on_the_full_load(folders) -> None:
    user, kept = folders
    Catalogue(user_dir=user, cache_file=kept)
    shown = Catalogue(user_dir=user, cache_file=kept)
    assert shown.from_cache and not shown.changed
    (user / "mine.toml").unlink()  # after Home was drawn from the kept list
    (user / "more.toml").write_text(exercise_text(id="more", title="More"), encoding="utf-8")
    assert shown.get("mine") is None
    assert shown.changed and "mine" not in {card.id for card in shown.cards}
    assert shown.get("more") is not None  # the folder is looked at again, not only the files
    unchanged = Catalogue(user_dir=user, cache_file=kept)
    unchanged.get("broken")
    assert not unchanged.changed


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
