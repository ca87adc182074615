"""`reconnect history`, `export` and `forget` on real files."""

from __future__ import annotations

import errno
import io
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reconnect_tui.cli.main import main
from reconnect_tui.common.atomic import write_private
from reconnect_tui.common.paths import Paths
from reconnect_tui.progress.store import Store
from tests.test_store import hostile_file


@pytest.fixture
def where(tmp_path: Path) -> list[str]:
    return ["--config-dir", str(tmp_path / "config"), "--data-dir", str(tmp_path / "data")]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    paths = Paths(config_dir=tmp_path / "config", data_dir=tmp_path / "data")
    store = Store(paths.sessions_dir, paths.quarantine_dir)
    store.open()
    return store


def save(
    store: Store, exercise_id: str = "daily-check-in", *, finished: bool = False, **answers
) -> str:
    record = store.new_session(
        exercise_id=exercise_id,
        title="Daily check-in",
        revision=1,
        digest="",
        mode="together",
        people=["Sam", "Alex"],
    )
    record.answers = answers
    record.finished = finished
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
    save(store, appreciation={"a": "You made tea", "b": "[/] *you* listened"}, finished=True)
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


def test_export_of_a_session_still_going_holds_only_what_both_have_seen(
    store, where, capsys
) -> None:
    # Sam gave a mood, Alex has not yet: whoever runs the export may be Alex.
    save(store, mood={"a": 2}, appreciation={"a": "You made tea"})
    assert main([*where, "export", "latest"]) == 0
    out = capsys.readouterr().out
    assert "You made tea" not in out and "2 of 5" not in out
    assert out.count("> (not shared yet)") == 2


def test_export_refuses_a_planted_symlink(store, where, tmp_path, capsys) -> None:
    save(store, mood={"a": 3})
    precious = tmp_path / "precious.txt"
    precious.write_text("do not touch")
    target = tmp_path / "export.md"
    target.symlink_to(precious)
    assert main([*where, "export", "latest", "-o", str(target), "--force"]) == 1
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


# Anything a terminal would act on: ESC, C1 controls, bidi controls.
TERMINAL = re.compile("[\x1b\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def test_history_and_its_json_print_nothing_a_terminal_acts_on(store, where, capsys) -> None:
    hostile_file(store)
    assert main([*where, "history"]) == 0
    shown = capsys.readouterr()
    assert not TERMINAL.search(shown.out + shown.err) and "owned" not in shown.out
    assert main([*where, "history", "--json"]) == 0
    text = capsys.readouterr().out
    assert not TERMINAL.search(text) and "\\u001b" not in text and "owned" not in text
    (row,) = json.loads(text)
    for key in ("id", "exercise", "started", "updated", "title", "promise"):
        assert not TERMINAL.search(row[key]), key


def test_every_command_prints_through_the_cleaning_helpers() -> None:
    # One place cleans: no command module prints or writes to a stream itself.
    folder = Path(__file__).parent.parent / "reconnect_tui" / "cli"
    for module in folder.glob("*.py"):
        if module.name == "output.py":
            continue
        text = module.read_text()
        assert not re.search(r"\bprint\(|sys\.std(?:out|err)\.write", text), module.name


def test_an_id_in_a_session_file_that_is_not_a_session_id_is_set_aside(
    store, where, capsys
) -> None:
    path = hostile_file(store)
    text = path.read_text().replace('id = "20260101-120000-hello-abcdef"', 'id = "\\u001b[2Jx"')
    write_private(path, text.encode())
    assert main([*where, "history"]) == 0
    shown = capsys.readouterr()
    assert "not a session id" in shown.err and not TERMINAL.search(shown.out + shown.err)


def test_export_never_writes_over_a_file_unless_forced(store, where, tmp_path, capsys) -> None:
    save(store, mood={"a": 3})
    target = tmp_path / "kept.md"
    target.write_text("an earlier export")
    assert main([*where, "export", "latest", "-o", str(target)]) == 1
    assert "already a file" in capsys.readouterr().err
    assert target.read_text() == "an earlier export"
    assert main([*where, "export", "latest", "-o", str(target), "--force"]) == 0
    assert target.read_text().startswith("# Daily check-in")


def test_forget_all_removes_what_was_set_aside_and_says_so(store, where, capsys) -> None:
    save(store, mood={"a": 3})
    (store.quarantine_dir).mkdir(mode=0o700)
    (store.quarantine_dir / "20260101-120000-hello-abcdef.toml").write_text("old answers")
    (store.sessions_dir / ".x.toml.999999999.0123abcd.tmp").write_text("half-written answers")
    assert main([*where, "forget", "--all", "--yes"]) == 0
    said = capsys.readouterr().out
    assert said.strip() == (
        "Deleted 1 session, 1 file set aside as unreadable "
        "and 1 half-written file left by an interrupted save."
    )
    assert os.listdir(store.quarantine_dir) == []
    assert [n for n in os.listdir(store.sessions_dir) if n not in (".lock", "finished")] == []


def test_forget_all_names_a_file_it_could_not_delete(
    store, where, capsys, refuse_to_delete
) -> None:
    stays = save(store, mood={"a": 3})
    save(store, mood={"a": 4})
    refuse_to_delete(f"{stays}.toml", errno.EACCES)
    assert main([*where, "forget", "--all", "--yes"]) == 1
    said = capsys.readouterr()
    assert said.out.strip() == "Deleted 1 session."
    assert f"Could not delete {store.path_of(stays)}: " in said.err
    assert [info.id for info in store.list()] == [stays]


@pytest.mark.parametrize(
    "command",
    [["history"], ["export", "latest"], ["forget", "--all", "--yes"], ["start", "i-statement"]],
)
def test_a_file_where_the_data_folder_should_be_is_one_line(tmp_path, command) -> None:
    (tmp_path / "file").write_text("")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "file")}
    env.pop("RECONNECT_DATA_DIR", None)
    ran = subprocess.run(
        [sys.executable, "-m", "reconnect_tui", "--config-dir", str(tmp_path / "c"), *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert ran.returncode == 1, ran.stderr
    assert len(ran.stderr.strip().splitlines()) == 1, ran.stderr
    assert "a file stands where a folder should be" in ran.stderr
    assert "Traceback" not in ran.stderr


@pytest.mark.parametrize("command", [[], ["start", "i-statement"], ["resume"]])
@pytest.mark.parametrize("stdin", ["< /dev/null", "<&-"])
def test_the_app_without_a_terminal_says_so_and_stops(tmp_path, command, stdin) -> None:
    where = ["--config-dir", str(tmp_path / "c"), "--data-dir", str(tmp_path / "d")]
    args = " ".join([sys.executable, "-m", "reconnect_tui", *where, *command])
    ran = subprocess.run(
        ["sh", "-c", f"exec {args} {stdin} | cat"], capture_output=True, timeout=60
    )
    assert ran.returncode == 0  # cat's
    assert ran.stdout == b""
    said = ran.stderr.decode()
    if command == ["resume"]:  # nothing to resume comes first, and needs no terminal
        assert "no unfinished session" in said
    else:
        assert said.strip() == (
            "reconnect: the app needs a terminal to draw in. Other commands work without "
            "one: `reconnect --help` lists them."
        )
