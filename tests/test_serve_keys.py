"""`reconnect serve` without a network: the keys file, the limits, the child's environment,
and what one served person sees of the saved sessions."""

from __future__ import annotations

import base64
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import asyncssh
import pytest

from reconnect_tui.cli.main import main
from reconnect_tui.cli.parser import SERVE_DEFAULTS
from reconnect_tui.common.bucket import Bucket
from reconnect_tui.common.paths import Paths
from reconnect_tui.common.safetext import takes_part
from reconnect_tui.progress.store import Store
from reconnect_tui.serve.child import child_environment, env_allowed
from reconnect_tui.serve.keys import (
    add_key,
    check_name,
    fingerprint,
    keys_file,
    parse_keys,
    read_keys,
    remove_person,
)
from reconnect_tui.serve.limits import Count, Limits, Throttle


def public_key(tmp_path: Path, name: str) -> str:
    """A real OpenSSH public key line (ssh-keygen where there is one, else asyncssh)."""
    try:
        subprocess.run(
            [
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "me@host",
                "-f",
                str(tmp_path / name),
            ],
            check=True,
            capture_output=True,
        )
        return (tmp_path / f"{name}.pub").read_text()
    except (OSError, subprocess.CalledProcessError):
        return asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode()


@pytest.fixture
def where(tmp_path: Path) -> list[str]:
    return ["--config-dir", str(tmp_path / "config"), "--data-dir", str(tmp_path / "data")]


def test_keys_are_added_listed_and_removed_in_a_private_file(tmp_path, where, capsys) -> None:
    alex = public_key(tmp_path, "alex")
    (tmp_path / "alex.pub").write_text(alex)
    assert main([*where, "serve", "keys", "add", "Alex", str(tmp_path / "alex.pub")]) == 0
    said = capsys.readouterr().out
    kind, blob = alex.split()[0], base64.b64decode(alex.split()[1])
    assert f"Alex can come in with {fingerprint(blob)}" in said
    path = keys_file(Paths(config_dir=tmp_path / "config", data_dir=tmp_path / "data"))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    # OpenSSH style, the comment replaced by the name.
    assert path.read_text() == f"{kind} {alex.split()[1]} Alex\n"
    # A second key for the same person; the same key again is refused.
    second = public_key(tmp_path, "alex2")
    (tmp_path / "second.pub").write_text(second)
    assert main([*where, "serve", "keys", "add", "Alex", str(tmp_path / "second.pub")]) == 0
    assert main([*where, "serve", "keys", "add", "Sam", str(tmp_path / "alex.pub")]) == 1
    assert "already there, for Alex" in capsys.readouterr().err
    assert main([*where, "serve", "keys", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [key["name"] for key in listed["keys"]] == ["Alex", "Alex"]
    assert main([*where, "serve", "keys", "remove", "alex"]) == 0
    assert "Removed 2 keys of alex" in capsys.readouterr().out
    assert read_keys(path).keys == ()
    assert main([*where, "serve", "keys", "remove", "Alex"]) == 1


def test_a_key_from_stdin_and_a_private_key_refused(tmp_path, where, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(public_key(tmp_path, "sam")))
    assert main([*where, "serve", "keys", "add", "Sam", "-"]) == 0
    (tmp_path / "secret").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n")
    assert main([*where, "serve", "keys", "add", "Sam", str(tmp_path / "secret")]) == 1
    assert "private key" in capsys.readouterr().err


def test_every_bad_line_is_reported_by_line_and_the_rest_still_works(tmp_path) -> None:
    good = public_key(tmp_path, "a").split()
    other = public_key(tmp_path, "b").split()
    damaged = base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519").decode()
    text = "\n".join(
        [
            "# people who may come in",
            f"{good[0]} {good[1]} Alex",
            "garbage",
            f"ssh-dss {other[1]} Old",
            f"{good[0]} {damaged} Broken",
            f"{good[0]} notbase64!! Broken",
            f"{other[0]} {other[1]}",
            f"{other[0]} {other[1]} @evil\x1b[31m",
            f"{good[0]} {good[1]} Twice",
            f"{other[0]} {other[1]} Sam Lee",
        ]
    )
    ring = parse_keys(text, "keys")
    assert [(key.name, key.line) for key in ring.keys] == [("Alex", 2), ("Sam Lee", 10)]
    assert [problem.line for problem in ring.problems] == [3, 4, 5, 6, 7, 8, 9]
    assert "already on line 2 (for Alex)" in ring.problems[-1].message
    assert ring.names() == ["Alex", "Sam Lee"]


def test_a_keys_file_others_could_change_is_not_used(tmp_path) -> None:
    path = tmp_path / "authorized_keys"
    line = public_key(tmp_path, "a").split()
    path.write_text(f"{line[0]} {line[1]} Alex\n")
    os.chmod(path, 0o644)
    ring = read_keys(path)
    assert ring.keys == ()
    assert "chmod 600" in ring.problems[0].hint


def test_remove_keeps_every_other_line_as_it_was(tmp_path) -> None:
    path = tmp_path / "k"
    add_key(path, "Alex", public_key(tmp_path, "a"))
    with path.open("a") as handle:
        handle.write("# a note\nnot a key\n")
    add_key(path, "Sam", public_key(tmp_path, "s"))
    assert remove_person(path, "ALEX") == 1
    assert path.read_text().splitlines()[:2] == ["# a note", "not a key"]
    assert [key.name for key in read_keys(path).keys] == ["Sam"]


@pytest.mark.parametrize("name", ["", " ", "-x", "a" * 41, "ev\x1bil", "a@b", "a\nb"])
def test_names_that_are_not_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError):
        check_name(name)


def test_names_may_be_any_letters() -> None:
    assert check_name(" Zoë O'Neill ") == "Zoë O'Neill"


def test_only_terminal_and_language_variables_pass() -> None:
    assert env_allowed("TERM") and env_allowed("LC_ALL") and env_allowed("COLORTERM")
    assert not env_allowed("LD_PRELOAD") and not env_allowed("LC_") and not env_allowed("PATH")
    env, refused = child_environment(
        {"LANG": "C.UTF-8", "LC_TIME": "x\x1by", "HOME": "/tmp", "TERM": "vt100"},
        {"PATH": "/usr/bin", "HOME": "/home/me", "RECONNECT_DATA_DIR": "/x", "SSH_AUTH_SOCK": "/s"},
        "xterm-256color",
    )
    assert env == {
        "PATH": "/usr/bin",
        "HOME": "/home/me",
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
    }
    assert sorted(refused) == ["HOME", "LC_TIME"]


def test_the_bucket_holds_the_rate() -> None:
    now = [0.0]
    bucket = Bucket(rate=100, burst=50, clock=lambda: now[0])
    assert bucket.take(80) == 50
    assert bucket.take(10) == 0
    assert bucket.wait_for(30) == pytest.approx(0.3)
    now[0] = 0.2
    assert bucket.take(80) == 20
    bucket.give_back(5)
    assert bucket.take(80) == 5
    now[0] = 100.0
    assert bucket.take(1000) == 50  # never more than a burst, however long it waited


def test_the_throttle_forgets_after_its_window() -> None:
    now = [0.0]
    throttle = Throttle(allowed=2, seconds=10, clock=lambda: now[0])
    throttle.failed("1.2.3.4")
    assert not throttle.waiting("1.2.3.4")
    throttle.failed("1.2.3.4")
    assert throttle.waiting("1.2.3.4") and not throttle.waiting("5.6.7.8")
    now[0] = 10.5
    assert not throttle.waiting("1.2.3.4")


def test_people_are_counted_without_regard_to_case() -> None:
    count = Count(Limits(per_person=1))
    count.person_in("Alex")
    assert not count.person_over("alex")
    count.person_in("ALEX")
    assert count.person_over("Alex")
    count.person_out("alex")
    count.person_out("Alex")
    assert count.people == {}


# -- one person's view of the saved sessions ----------------------------------------


def saved(store: Store, people: list[str], *, finished: bool = False, exercise: str = "x") -> str:
    record = store.new_session(
        exercise_id=exercise,
        title="T",
        revision=1,
        digest="",
        mode="solo" if len(people) < 2 else "together",
        people=people,
    )
    record.finished = finished
    return store.save(record).id


def test_a_person_sees_only_sessions_they_took_part_in(tmp_path: Path) -> None:
    everyone = Store(tmp_path / "s", tmp_path / "q")
    everyone.open()
    alex_solo = saved(everyone, ["Alex"])
    sam_solo = saved(everyone, ["Sam"], finished=True, exercise="sams")
    both = saved(everyone, ["Sam", "alex"], finished=True)
    nameless = saved(everyone, [])
    alex = Store(tmp_path / "s", tmp_path / "q", person="Alex")
    assert {info.id for info in alex.list()} == {alex_solo, both}
    assert [info.id for info in alex.unfinished()] == [alex_solo]
    assert set(alex.finished_stamps()) == {"x"}  # "last done" of Sam's own is not shown
    with pytest.raises(FileNotFoundError):
        alex.load(sam_solo)
    alex.delete(sam_solo)  # not theirs: nothing happens
    assert {info.id for info in everyone.list()} == {alex_solo, sam_solo, both, nameless}
    gone = alex.forget_all()
    assert gone.sessions == 2
    assert {info.id for info in everyone.list()} == {sam_solo, nameless}


def test_names_match_without_regard_to_case() -> None:
    assert takes_part("alex", ["Sam", "ALEX"])
    assert not takes_part("Alex", ["Alexandra", ""])


def test_history_and_export_with_a_person(tmp_path: Path, where, capsys) -> None:
    everyone = Store(tmp_path / "data" / "sessions", tmp_path / "data" / "quarantine")
    everyone.open()
    saved(everyone, ["Alex"])
    sam = saved(everyone, ["Sam"])
    assert main([*where, "--person", "Alex", "history", "--json"]) == 0
    assert [row["people"] for row in json.loads(capsys.readouterr().out)] == [["Alex"]]
    assert main([*where, "export", sam, "--person", "Alex"]) == 1
    assert main([*where, "export", sam]) == 0


def test_the_app_starts_without_any_of_the_server() -> None:
    """Plain `reconnect` never loads the serve code; no command but `serve` loads asyncssh."""
    probe = (
        "import sys\n"
        "import reconnect_tui.cli.main as m, reconnect_tui.ui.app\n"
        "serve = [n for n in sys.modules if n.startswith('reconnect_tui.serve')]\n"
        "serve += [n for n in sys.modules if n.startswith('reconnect_tui.cli.serve')]\n"
        "print(sorted(serve))\n"
        "m.read_command_line(['start', 'x'])\n"
        "print('asyncssh' in sys.modules or 'reconnect_tui.serve.keys' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["[]", "False"]


def test_the_help_says_the_limits_the_server_uses() -> None:

    limits = Limits()
    assert {"connections": limits.connections, "per_person": limits.per_person} == SERVE_DEFAULTS
