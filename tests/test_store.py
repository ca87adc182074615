"""Session files: atomic, private, never lost, never read through a planted symlink."""

from __future__ import annotations

import errno
import os
import re
import stat
import time
import tomllib
from pathlib import Path

import pytest
import tomli_w

from reconnect_tui.common.atomic import (
    PlaceError,
    SaveError,
    locked,
    remove_stale_temps,
    write_private,
)
from reconnect_tui.common.safetext import clean, one_line
from reconnect_tui.progress.store import Forgotten, SavedSession, Store

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
def test_hostile_strings_come_back_cleaned(store: Store, text: str) -> None:
    record = new(store, note=text)
    record.people = [text[:50], "Alex"]
    record.draft = {"text": text}
    saved = store.save(record)
    loaded = store.load(saved.id)
    assert loaded.answers["note"]["a"] == clean(text)
    assert loaded.draft["text"] == clean(text)
    assert loaded.people[0] == one_line(text[:50], 40)


# Escape sequences a terminal would act on: a new window title (7-bit and C1),
# clear screen, a C1 CSI, a bidi override; and a zero-width space.
ESCAPES = "\x1b]0;owned\x07\x1b[2J\x9b2J\x9d0;owned\x9c\u202e\u200b"
TERMINAL = re.compile("[\x1b\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strings_in(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in [key, *strings_in(item)]]
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    return []


def hostile_file(store: Store, session_id: str = "20260101-120000-hello-abcdef") -> Path:
    """A session file with escape sequences in every string, the draft's too."""
    bad = f"x{ESCAPES}y"
    data = {
        "format": 1,
        "id": session_id,
        "exercise": "hello",
        "title": f"Hello{bad}",
        "revision": 1,
        "digest": bad,
        "mode": bad,
        "people": [f"Sam{bad}", f"Alex{bad}"],
        "started": f"2026-01-01T12:00:00+00:00{bad}",
        "updated": f"2026-01-01T12:05:00+00:00{bad}",
        "finished": False,
        "version": 1,
        "promise": f"Saturday{bad}",
        "answers": {"note": {"a": f"words{bad}"}, bad: {"b": [bad, {bad: bad}]}},
        "draft": {"step": f"note{bad}", "person": bad, "value": {bad: [f"typed{bad}"]}},
        "state": {"answers": {"note": {"a": bad}}, "names": [bad]},
    }
    path = store.sessions_dir / f"{session_id}.toml"
    write_private(path, tomli_w.dumps(data).encode("utf-8"))
    return path


def test_every_string_read_from_a_session_file_is_cleaned(store: Store) -> None:
    hostile_file(store)
    [info] = store.list()
    record = store.load(info.id)
    shown = [info.title, *info.people, info.started, info.updated, info.promise]
    kept = [record.title, record.digest, record.mode, *record.people, record.started]
    kept += [record.updated, record.promise]
    kept += strings_in(record.answers) + strings_in(record.draft) + strings_in(record.state)
    assert len(kept) > 20
    for text in shown + kept:
        assert not TERMINAL.search(text), repr(text)
        assert "owned" not in text and "2J" not in text, repr(text)
    # What is left is the words around the escapes (and the zero-width space, kept).
    assert record.draft["value"] == {"x\u200by": ["typedx\u200by"]}


@pytest.mark.parametrize(
    "session_id",
    ["20260101-120000-hello-abcdef\x1b[2J", "../../etc/passwd", "20260101-120000-hello-abcdef\n"],
)
def test_a_session_id_must_match_the_pattern(store: Store, session_id: str) -> None:
    path = hostile_file(store)
    data = tomllib.loads(path.read_text())
    data["id"] = session_id
    write_private(path, tomli_w.dumps(data).encode("utf-8"))
    assert store.list() == []
    assert "its id is not a session id" in " ".join(store.notices)


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
    os.chmod(bad, 0o600)
    listed = store.list()
    assert [info.id for info in listed] == [good.id]
    assert not bad.exists()
    assert (store.quarantine_dir / bad.name).read_bytes().startswith(b"format = 1")
    assert any("moved to" in notice for notice in store.notices)


ANSWERS_LIKE_KEYS = [
    "a" * 300,
    "sorry. " * 60,
    "w.w." * 40,
    'a.b.c = """' + "x." * 40,
    "'''" + ".".join("k" * 40) + "\n" + "b." * 40,
]


@pytest.mark.parametrize("text", ANSWERS_LIKE_KEYS, ids=range(len(ANSWERS_LIKE_KEYS)))
def test_answers_that_look_like_long_or_deep_keys_load_back(store: Store, text: str) -> None:
    # Session files go through the guarded reader, whose bounds are on keys only.
    saved = store.save(new(store, note=text))
    assert store.load(saved.id).answers["note"]["a"] == text
    assert [info.id for info in store.list()] == [saved.id]
    assert store.notices == []


def test_a_planted_deep_key_is_set_aside_at_once_and_said_plainly(store: Store) -> None:
    planted = store.save(new(store, mood=4))
    path = store.path_of(planted.id)
    path.write_text(path.read_text() + "[more]\n" + "a" + ".a" * 40_000 + " = 1\n")
    assert [info.id for info in store.list()] == [planted.id]  # its header is fine
    started = time.perf_counter()
    with pytest.raises(ValueError, match="could not be read"):
        store.load(planted.id)
    assert time.perf_counter() - started < 1  # tomllib alone takes ~30 s on Python 3.11
    (notice,) = store.notices
    lines = (store.quarantine_dir / path.name).read_text().count("\n")  # the key is the last
    assert f"{path.name} could not be read (it is damaged at line {lines}), so it was" in notice


def test_a_header_longer_than_any_sessions_is_set_aside_without_reading_on(store: Store) -> None:
    good = store.save(new(store, mood=4))
    bad = store.path_of(good.id.replace("daily-check-in", "endless"))
    header = tomli_w.dumps({"format": 1, "id": bad.stem, "exercise": "endless", "title": "x"})
    lines = "".join(f"k{i}.a.b.c = {i}\n" for i in range(300_000))  # valid, within bounds, 6 MB
    bad.write_text(header + lines)
    os.chmod(bad, 0o600)
    started = time.perf_counter()
    assert [info.id for info in store.list()] == [good.id]
    assert time.perf_counter() - started < 1  # tomllib takes seconds on the whole header
    (notice,) = store.notices
    assert "(its opening lines run on far longer than a session's)" in notice


def test_a_missing_header_line_is_named_plainly(store: Store) -> None:
    good = store.save(new(store, mood=4))
    bad = store.path_of(good.id.replace("daily-check-in", "headless"))
    bad.write_text(tomli_w.dumps({"format": 1, "exercise": "headless", "title": "x"}))
    os.chmod(bad, 0o600)
    assert [info.id for info in store.list()] == [good.id]
    (notice,) = store.notices
    assert f"{bad.name} could not be read (its 'id' line is missing)" in notice


def test_quarantine_never_overwrites(store: Store) -> None:
    store.quarantine_dir.mkdir(mode=0o700)
    name = "20260101-000000-x-abcdef.toml"
    (store.quarantine_dir / name).write_text("first")
    (store.sessions_dir / name).write_text("second = ")
    os.chmod(store.sessions_dir / name, 0o600)
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
    assert store.forget_all() == Forgotten(sessions=1, set_aside=0, temps=0)
    assert store.list() == []
    assert (store.sessions_dir / "README.txt").exists()


def test_forget_all_removes_set_aside_files_and_left_over_temps(store: Store) -> None:
    store.save(new(store, mood=1))
    bad = store.sessions_dir / "20260101-120000-hello-abcdef.toml"
    bad.write_bytes(b"answers that could not be read")
    os.chmod(bad, 0o600)
    store.list()  # sets it aside
    assert len(os.listdir(store.quarantine_dir)) == 1
    # A killed writer's temp file (its process is this one, still alive) and an older one.
    store.finished_dir.mkdir(mode=0o700, exist_ok=True)
    for folder, pid in ((store.sessions_dir, os.getpid()), (store.finished_dir, 999_999_999)):
        (folder / f".x.toml.{pid}.0123abcd.tmp").write_text("plaintext answers")
    gone = store.forget_all()
    assert (gone.sessions, gone.set_aside, gone.temps) == (1, 1, 2)
    assert os.listdir(store.quarantine_dir) == []
    assert [name for name in os.listdir(store.sessions_dir) if name != ".lock"] == ["finished"]
    assert os.listdir(store.finished_dir) == []


def test_a_session_that_cannot_be_deleted_is_named_not_a_traceback(store, refuse_to_delete) -> None:
    kept = store.save(new(store, mood=1))
    other = store.save(new(store, mood=2))
    refuse_to_delete(f"{kept.id}.toml", errno.EROFS)
    with pytest.raises(SaveError, match="the folder is read-only"):
        store.delete(kept.id)
    gone = store.forget_all()  # the others still go; the one that stays is named
    assert gone.sessions == 1 and other.id not in {info.id for info in store.list()}
    assert gone.kept == ((str(store.path_of(kept.id)), "the folder is read-only"),)
    assert [info.id for info in store.list()] == [kept.id]


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


def test_a_long_header_is_read_whole_and_not_set_aside(store: Store) -> None:
    # A title of 2,000 four-byte letters: the header is about 8 KB.
    record = new(store, mood=3)
    record.title = "\U0001f331" * 2000
    saved = store.save(record)
    [info] = store.list()
    assert info.title == record.title
    assert store.notices == []
    again = store.save(store.load(saved.id))
    assert again.id == saved.id and store.notices == []


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660])
def test_a_session_file_others_may_open_is_skipped_with_one_notice(store: Store, mode: int) -> None:
    first = store.save(new(store, mood=1))
    second = store.save(new(store, mood=2))
    kept = store.save(new(store, mood=3))
    for saved in (first, second):
        os.chmod(store.path_of(saved.id), mode)
    assert [info.id for info in store.list()] == [kept.id]
    assert len(store.notices) == 1
    assert "2 session files" in store.notices[0] and "chmod 600" in store.notices[0]
    assert store.path_of(first.id).exists()  # skipped, not moved or changed
    store.notices.clear()
    with pytest.raises(ValueError, match="not private"):
        store.load(first.id)
    assert store.path_of(first.id).exists()


def test_a_session_file_of_another_user_is_skipped(store: Store, monkeypatch) -> None:
    saved = store.save(new(store, mood=1))
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 1)
    assert store.list() == []
    assert "another user owns it" in store.notices[0]
    assert store.path_of(saved.id).exists()


def test_the_data_folder_is_made_private_again(store: Store) -> None:
    data = store.sessions_dir.parent
    os.chmod(data, 0o755)
    os.chmod(store.sessions_dir, 0o750)
    store.list()
    assert mode_of(data) == 0o700 and mode_of(store.sessions_dir) == 0o700
    assert len(store.notices) == 2 and "now only you can open it" in store.notices[0]
    store.notices.clear()
    store.list()
    assert store.notices == []


def test_a_file_where_the_data_folder_should_be_is_said_plainly(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    store = Store(tmp_path / "file" / "sessions", tmp_path / "file" / "quarantine")
    with pytest.raises(PlaceError, match="a file stands where a folder should be"):
        store.list()
    with pytest.raises(SaveError, match="a file stands where a folder should be"):
        store.open()
