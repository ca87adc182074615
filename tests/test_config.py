"""Settings: defaults when missing or broken, the line named, never overwritten silently."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from reconnect_tui.progress.settings import Settings, load_settings, save_settings


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "config.toml")
    assert loaded.settings == Settings()
    assert loaded.notices == () and not loaded.broken


def test_round_trip_and_private_mode(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "config.toml"
    settings = Settings(names=("Sam", "Alex"), theme="calm-dark", pace="gentle", keep_text=False)
    assert save_settings(path, settings) is None
    assert load_settings(path).settings == settings
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


def test_syntax_error_names_the_line_and_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "calm"\npace = \n')
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.broken
    assert "line 2" in loaded.notices[0]


def test_wrong_values_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('names = ["Sam"]\npace = "fast"\ncolour = 3\ncursor_blink = "yes"\n')
    loaded = load_settings(path)
    assert loaded.settings == Settings(names=("Sam",))
    text = "\n".join(loaded.notices)
    assert f"{path}:2: pace" in text
    assert f"{path}:3: 'colour' is not a setting" in text
    assert f"{path}:4: 'cursor_blink'" in text


def test_hostile_names_are_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('names = ["\\u001b[31mSam\\u202e", "[/]"]\n')
    assert load_settings(path).settings.names == ("Sam", "[/]")


def test_a_folder_where_the_settings_file_goes_is_kept_aside_and_called_a_folder(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    path.mkdir()
    (path / "notes.txt").write_text("mine")
    loaded = load_settings(path)
    assert loaded.broken and "could not be read" in loaded.notices[0]
    notice = save_settings(path, Settings(pace="relaxed"), broken=loaded.broken)
    assert notice == f"A folder named like the settings file was kept as {path}.broken."
    assert (tmp_path / "config.toml.broken" / "notes.txt").read_text() == "mine"
    assert load_settings(path).settings.pace == "relaxed"


def test_broken_file_is_kept_aside_before_saving(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("this is = = broken")
    loaded = load_settings(path)
    notice = save_settings(path, Settings(pace="relaxed"), broken=loaded.broken)
    assert notice and "config.toml.broken" in notice
    assert (tmp_path / "config.toml.broken").read_text() == "this is = = broken"
    assert load_settings(path).settings.pace == "relaxed"


def test_a_byte_order_mark_from_an_editor_is_read_as_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes('\ufeffpace = "gentle"\n'.encode())
    os.chmod(path, 0o600)
    loaded = load_settings(path)
    assert loaded.settings.pace == "gentle"
    assert loaded.notices == () and not loaded.broken


@pytest.mark.parametrize(
    ("data", "words"),
    [(b'pace = "gentle"\n\x00\n', "NUL byte"), (b"pace = '\xff'\n", "not valid UTF-8")],
)
def test_a_nul_byte_or_bad_utf8_is_named_and_the_defaults_used(
    tmp_path: Path, data: bytes, words: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(data)
    os.chmod(path, 0o600)
    loaded = load_settings(path)
    assert loaded.settings == Settings() and loaded.broken
    assert words in loaded.notices[0] and "using the defaults" in loaded.notices[0]
