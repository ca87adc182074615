"""`reconnect history`, `export` and `forget` on real files."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import pytest

from reconnect_tui.cli.main import main
from reconnect_tui.common.paths import Paths
from reconnect_tui.progress.store import Store


@pytest.fixture
def where(tmp_path: Path) -> list[str]:
    return ["--config-dir", str(tmp_path / "config"), "--data-dir", str(tmp_path / "data")]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    paths = Paths(config_dir=tmp_path / "config", data_dir=tmp_path / "data")
    store = Store(paths.sessions_dir, paths.quarantine_dir)
    store.open()
    return store


def save(store: Store, exercise_id: str = "daily-check-in", **answers) -> str:
    record = store.new_session(
        exercise_id=exercise_id,
        title="Daily check-in",
        revision=1,
        digest="",
        mode="together",
        people=["Sam", "Alex"],
    )
    record.answers = answers
    return store.save(record).id


def test_history_lists_sessions_as_text_and_json(store, where, capsys) -> None:
    assert main([*where, "history"]) == 0
    assert "No sessions are saved yet." in capsys.readouterr().out
    session_id = save(store, mood={"a": 4})
    assert main([*where, "history"]) == 0
    out = capsys.readouterr().out
    assert "Daily check-in" in out and "Sam and Alex" in out and session_id in out
    assert main([*where, "history", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["id"] == session_id and row["people"] == ["Sam", "Alex"]
    assert row["finished"] is False


def test_export_latest_to_a_private_file(store, where, tmp_path, capsys) -> None:
    save(store, appreciation={"a": "You made tea", "b": "[/] *you* listened"})
    target = tmp_path / "out.md"
    assert main([*where, "export", "latest", "-o", str(target)]) == 0
    assert capsys.readouterr().out.strip() == str(target)
    text = target.read_text()
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert "## One appreciation" in text  # the built-in exercise gives the step's title
    assert "**Sam:**" in text and "> You made tea" in text
    assert "> \\[/\\] \\*you\\* listened" in text
    assert main([*where, "export", "latest"]) == 0
    assert capsys.readouterr().out.startswith("# Daily check-in")


def test_export_refuses_a_planted_symlink(store, where, tmp_path, capsys) -> None:
    save(store, mood={"a": 3})
    precious = tmp_path / "precious.txt"
    precious.write_text("do not touch")
    target = tmp_path / "export.md"
    target.symlink_to(precious)
    assert main([*where, "export", "latest", "-o", str(target)]) == 1
    assert "symbolic link" in capsys.readouterr().err
    assert precious.read_text() == "do not touch"
    assert target.is_symlink()


def test_export_leaves_the_chosen_folder_mode_alone(store, where, tmp_path) -> None:
    save(store, mood={"a": 3})
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    assert main([*where, "export", "latest", "-o", str(folder / "x.md")]) == 0
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o755


def test_export_unknown_session(store, where, capsys) -> None:
    assert main([*where, "export", "20000101-000000-nope-abcdef"]) == 1
    assert "reconnect history" in capsys.readouterr().err


def test_forget_asks_unless_yes(store, where, monkeypatch, capsys) -> None:
    save(store, mood={"a": 1})
    save(store, mood={"a": 2})
    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
    assert main([*where, "forget", "--all"]) == 1
    assert "Nothing was deleted." in capsys.readouterr().out
    assert len(store.list()) == 2
    monkeypatch.setattr("sys.stdin", io.StringIO("forget\n"))
    assert main([*where, "forget", "--all"]) == 0
    assert "Deleted 2 sessions." in capsys.readouterr().out
    assert store.list() == []
    save(store, mood={"a": 3})
    assert main([*where, "forget", "--all", "--yes"]) == 0
    assert store.list() == []
    assert main([*where, "forget"]) == 2  # --all is needed: never by accident
