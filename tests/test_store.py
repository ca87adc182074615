"""Session files: atomic, private, never lost, never read through a planted symlink."""

from __future__ import annotations

import errno
import os
import stat
import tomllib
from pathlib import Path

import pytest

from reconnect_tui.common.atomic import SaveError, locked, remove_stale_temps, write_private
from reconnect_tui.progress.store import SavedSession, Store

HOSTILE = [
    "[/]",
    "[@click=app.quit]",
    "\x1b[31mred\x1b[0m",
    "\u202eevil",
    'three """ quotes',
    "back\\slash \\n",
    "nul\x00byte",
    "x" * 100_000,
]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "data" / "sessions", tmp_path / "data" / "quarantine")
    store.open()
    return store


def new(store: Store, **answers: object) -> SavedSession:
    record = store.new_session(
        exercise_id="daily-check-in",
        title="Daily check-in",
        revision=1,
        digest="ab12",
        mode="together",
        people=["Sam", "Alex"],
    )
    record.answers = {key: {"a": value} for key, value in answers.items()}
    return record


def mode_of(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_save_and_load_round_trip(store: Store) -> None:
    record = new(store, mood=4, appreciation="You made tea")
    record.state = {"format": 1, "position": 2, "log": [{"step": "mood", "value": 4}]}
    record.draft = {"step": "need", "person": "a", "text": "half-typed"}
    saved = store.save(record)
    assert saved.version == 1
    loaded = store.load(saved.id)
    assert loaded == saved
    assert [info.id for info in store.list()] == [saved.id]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_strings_survive_exactly(store: Store, text: str) -> None:
    record = new(store, note=text)
    record.people = [text[:50], "Alex"]
    record.draft = {"text": text}
    saved = store.save(record)
    loaded = store.load(saved.id)
    assert loaded.answers["note"]["a"] == text
    assert loaded.draft["text"] == text
    assert loaded.people[0] == text[:50]


@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_folders_0700_files_0600_under_any_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        store = Store(tmp_path / "d" / "sessions", tmp_path / "d" / "quarantine")
        store.open()
        saved = store.save(new(store, mood=3))
    finally:
        os.umask(old)
    assert mode_of(store.sessions_dir) == 0o700
    assert mode_of(store.path_of(saved.id)) == 0o600
    assert mode_of(store.sessions_dir / ".lock") == 0o600


def test_planted_symlink_at_session_path_is_refused(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("do not touch")
    record = new(store, mood=3)
    store.path_of(record.id).symlink_to(target)
    with pytest.raises(SaveError) as caught:
        store.save(record)
    assert "symbolic link" in caught.value.reason
    assert target.read_text() == "do not touch"


def test_planted_symlink_at_lock_path_is_refused(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("do not touch")
    (store.sessions_dir / ".lock").symlink_to(target)
    with pytest.raises(SaveError):
        store.save(new(store, mood=3))
    assert target.read_text() == "do not touch"


def test_planted_symlink_at_temp_name_cannot_be_followed(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("do not touch")
    folder = tmp_path / "f"
    folder.mkdir(mode=0o700)
    monkeypatch.setattr(os, "urandom", lambda n: bytes.fromhex("deadbeef"))
    (folder / f".x.toml.{os.getpid()}.deadbeef.tmp").symlink_to(target)
    with pytest.raises(SaveError):
        write_private(folder / "x.toml", b"new")
    assert target.read_text() == "do not touch"
    assert not (folder / "x.toml").exists()


@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EIO])
def test_a_failing_write_keeps_the_old_file(store: Store, monkeypatch, call: str, code: int):
    saved = store.save(new(store, mood=2))
    before = store.path_of(saved.id).read_bytes()
    for nth in (1, 2):
        calls = {"n": 0}
        real = getattr(os, call)

        def failing(*args, _real=real, _calls=calls, _nth=nth):
            _calls["n"] += 1
            if _calls["n"] == _nth:
                raise OSError(code, os.strerror(code))
            return _real(*args)

        monkeypatch.setattr(os, call, failing)
        changed = new(store, mood=5)
        changed.id, changed.version = saved.id, saved.version
        try:
            result = store.save(changed)
        except SaveError as error:
            assert error.reason  # a plain reason for the banner
            assert store.path_of(saved.id).read_bytes() == before
            assert not [n for n in os.listdir(store.sessions_dir) if n.endswith(".tmp")]
        else:
            # The failure hit a later call (e.g. the folder fsync) or none at all.
            assert store.load(result.id).answers["mood"]["a"] == 5
            saved = result
            before = store.path_of(saved.id).read_bytes()
        monkeypatch.setattr(os, call, real)


def test_read_only_folder_fails_plainly(store: Store) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    os.chmod(store.sessions_dir, 0o500)
    try:
        with pytest.raises(SaveError):
            store.save(new(store, mood=1))
    finally:
        os.chmod(store.sessions_dir, 0o700)


def test_stale_temp_files_of_ours_are_removed_and_nothing_else(store: Store) -> None:
    dead_pid = 2**22 + 12345
    ours = store.sessions_dir / f".a.toml.{dead_pid}.0123abcd.tmp"
    live = store.sessions_dir / f".b.toml.{os.getppid()}.0123abcd.tmp"
    other = store.sessions_dir / "notes.tmp"
    for path in (ours, live, other):
        path.write_text("x")
    assert remove_stale_temps(store.sessions_dir) == 1
    assert not ours.exists() and live.exists() and other.exists()


def test_corrupt_file_is_quarantined_and_others_still_load(store: Store) -> None:
    good = store.save(new(store, mood=4))
    bad = store.path_of(good.id.replace("daily-check-in", "broken"))
    bad.write_bytes(b'format = 1\nid = "unterminated\n')
    listed = store.list()
    assert [info.id for info in listed] == [good.id]
    assert not bad.exists()
    assert (store.quarantine_dir / bad.name).read_bytes().startswith(b"format = 1")
    assert any("moved to" in notice for notice in store.notices)


def test_quarantine_never_overwrites(store: Store) -> None:
    store.quarantine_dir.mkdir(mode=0o700)
    name = "20260101-000000-x-abcdef.toml"
    (store.quarantine_dir / name).write_text("first")
    (store.sessions_dir / name).write_text("second = ")
    store.list()
    kept = sorted(p.read_text() for p in store.quarantine_dir.iterdir())
    assert kept == ["first", "second = "]


def test_a_concurrent_save_is_kept_as_a_copy(store: Store) -> None:
    first = store.save(new(store, mood=1))
    mine = store.load(first.id)
    theirs = store.load(first.id)
    theirs.answers = {"mood": {"a": 5}}
    store.save(theirs)
    mine.answers = {"mood": {"a": 2}}
    kept = store.save(mine)
    assert kept.id != first.id
    assert store.load(first.id).answers["mood"]["a"] == 5
    assert store.load(kept.id).answers["mood"]["a"] == 2
    assert "separate copy" in store.notices[-1]


def test_lock_times_out_while_held_and_frees_when_released(tmp_path: Path) -> None:
    lock = tmp_path / "l" / ".lock"
    with locked(lock), pytest.raises(SaveError, match="busy"), locked(lock, timeout=0.1):
        pass
    with locked(lock, timeout=0.1):
        pass


def test_delete_and_forget_all(store: Store) -> None:
    one = store.save(new(store, mood=1))
    two = store.save(new(store, mood=2))
    (store.sessions_dir / "README.txt").write_text("not ours")
    store.delete(one.id)
    assert [info.id for info in store.list()] == [two.id]
    assert store.forget_all() == 1
    assert store.list() == []
    assert (store.sessions_dir / "README.txt").exists()


def test_session_file_is_readable_toml(store: Store) -> None:
    saved = store.save(new(store, mood=4))
    data = tomllib.loads(store.path_of(saved.id).read_text())
    assert data["format"] == 1
    assert data["exercise"] == "daily-check-in"
    assert data["answers"]["mood"]["a"] == 4


def test_finished_sessions_move_aside_and_home_reads_only_names(store: Store) -> None:
    open_one = store.save(new(store, mood=1))
    done = new(store, mood=2)
    done = store.save(done)
    assert {info.id for info in store.unfinished()} == {open_one.id, done.id}
    done.finished = True
    done = store.save(done)
    assert store.path_of(done.id).parent == store.finished_dir
    assert not (store.sessions_dir / f"{done.id}.toml").exists()
    assert [info.id for info in store.unfinished()] == [open_one.id]
    assert {info.id for info in store.list()} == {open_one.id, done.id}
    assert store.finished_stamps() == {"daily-check-in": [done.id[:15]]}
    assert store.load(done.id).answers["mood"]["a"] == 2


def test_missing_parent_folders_are_made_private_too(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    old = os.umask(0o022)
    try:
        store = Store(tmp_path / "new" / "data" / "sessions", tmp_path / "new" / "data" / "q")
        store.open()
    finally:
        os.umask(old)
    for folder in (tmp_path / "new", tmp_path / "new" / "data", store.sessions_dir):
        assert mode_of(folder) == 0o700
    assert mode_of(tmp_path) == 0o755  # an existing parent is left as it was
