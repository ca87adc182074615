"""SIGKILL a saving process at random moments: files stay whole, acknowledged answers stay.

The child is forked from this already-imported test process, so 300 kills
take seconds, not minutes. Each child keeps saving a session with one more
answer each time and reports every finished save on a pipe; the parent
kills it with SIGKILL a random short delay after its first save.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from reconnect_tui.progress.store import Store

KILLS = 300


def _child(store: Store, session_id: str, start: int, report: int) -> None:
    record = store.load(session_id)
    count = start
    while True:
        count += 1
        record.answers = {f"step-{n}": {"a": f"answer {n}" + "x" * (n % 50)} for n in range(count)}
        record = store.save(record)
        os.write(report, f"{count}\n".encode())


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_at_random_moments_never_loses_an_acknowledged_answer(tmp_path: Path) -> None:
    store = Store(tmp_path / "sessions", tmp_path / "quarantine")
    store.open()
    first = store.new_session(
        exercise_id="daily-check-in",
        title="Daily",
        revision=1,
        digest="",
        mode="solo",
        people=["Sam"],
    )
    session_id = store.save(first).id
    rng = random.Random(20261126)
    acknowledged = 0
    mid_write = 0  # kills that landed after a write but before its acknowledgement
    for _ in range(KILLS):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: save until killed
            os.close(read_end)
            try:
                _child(store, session_id, acknowledged, write_end)
            finally:
                os._exit(1)
        os.close(write_end)
        # Wait for the child's first save, so a busy machine that is slow to run
        # it does not turn the kills into kills before anything was written.
        heard = b""
        while not heard.endswith(b"\n"):
            chunk = os.read(read_end, 64)
            if not chunk:
                break
            heard += chunk
        time.sleep(rng.uniform(0, 0.02))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_end, "rb") as pipe:
            acks = [int(line) for line in (heard + pipe.read()).split()]
        if acks:
            acknowledged = acks[-1]
        loaded = store.load(session_id)  # always parses: raises (and quarantines) if not
        saved = len(loaded.answers)
        # Either the last acknowledged state or the one being written when killed.
        assert saved in (acknowledged, acknowledged + 1), (saved, acknowledged)
        mid_write += saved == acknowledged + 1
        acknowledged = saved
    assert not store.notices
    leftovers = [name for name in os.listdir(store.sessions_dir) if name.endswith(".tmp")]
    store.open()  # start-up removes temp files of processes that are gone
    assert not [name for name in os.listdir(store.sessions_dir) if name.endswith(".tmp")]
    assert acknowledged > KILLS // 2, leftovers
    print(f"{acknowledged} saves, {mid_write} kills between write and acknowledgement")


def test_two_processes_answering_into_one_folder_lose_nothing(tmp_path: Path) -> None:
    """Both write the same session and their own ones at once; every answer survives somewhere."""
    store = Store(tmp_path / "sessions", tmp_path / "quarantine")
    store.open()
    shared_id = store.save(
        store.new_session(
            exercise_id="shared-meaning",
            title="Shared",
            revision=1,
            digest="",
            mode="together",
            people=["Sam", "Alex"],
        )
    ).id
    children = []
    for who in ("a", "b"):
        pid = os.fork()
        if pid == 0:
            try:
                own = store.new_session(
                    exercise_id="daily-check-in",
                    title="Daily",
                    revision=1,
                    digest="",
                    mode="solo",
                    people=[who],
                )
                shared = store.load(shared_id)
                for n in range(40):
                    own.answers[f"q{n}"] = {who: n}
                    own = store.save(own)
                    shared.answers[f"{who}{n}"] = {who: n}
                    shared = store.save(shared)
            finally:
                os._exit(0)
        children.append(pid)
    for pid in children:
        assert os.waitpid(pid, 0)[1] == 0
    everything: dict[str, set[str]] = {"a": set(), "b": set()}
    for info in store.list():
        for step, by_person in store.load(info.id).answers.items():
            for who in by_person:
                everything[who].add(step)
    for who in ("a", "b"):
        assert {f"q{n}" for n in range(40)} <= everything[who]
        assert {f"{who}{n}" for n in range(40)} <= everything[who]
