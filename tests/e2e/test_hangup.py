"""The dropped-SSH case: a hang-up mid-answer, then `reconnect resume` in a new terminal."""

from __future__ import annotations

import os
import signal
import sys
import time
import tomllib
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).resolve().parents[2]


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
        "RECONNECT_CONFIG_DIR": str(tmp_path / "cfg"),
        "RECONNECT_DATA_DIR": str(tmp_path / "data"),
    }
    env.pop("TEXTUAL", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "reconnect_tui", *args],
        cwd=str(ROOT),
        env=env,
        dimensions=(24, 80),
        encoding="utf-8",
        codec_errors="replace",
        timeout=20,
    )


def saved(tmp_path: Path) -> dict:
    (path,) = (tmp_path / "data" / "sessions").glob("*.toml")
    return tomllib.loads(path.read_text())


def wait_for_draft(tmp_path: Path, text: str, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if saved(tmp_path).get("draft", {}).get("value") == text:
                return
        except (ValueError, OSError):
            pass  # not written yet
        time.sleep(0.2)
    raise AssertionError(f"the draft {text!r} was never saved")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_hangup_mid_answer_then_resume_finds_answer_and_draft(tmp_path: Path) -> None:
    child = spawn(tmp_path, "start", "daily-check-in", "--solo", "Sam")
    try:
        child.expect("Two minutes")
        child.send("\r")  # the read step: Continue is focused
        child.expect("mood")
        child.send("4")
        child.send("\x0e")  # ctrl+n: Continue
        child.expect("energy")
        child.send("3")
        child.send("\x0e")
        child.expect("appreciated")
        child.send("you made tea\r")
        child.expect("small")
        child.send("a walk")
        wait_for_draft(tmp_path, "a walk")  # the draft timer kept it
        child.send(" together")
        child.expect("together")
        child.kill(signal.SIGHUP)
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.signalstatus == signal.SIGHUP  # it ended as a hang-up does
    data = saved(tmp_path)
    assert data["answers"]["appreciation"] == {"a": "you made tea"}
    # Typed after the last timer tick, and still kept: saved on the hang-up.
    assert data["draft"]["value"] == "a walk together"

    child = spawn(tmp_path, "resume")
    try:
        child.expect("One small need")
        child.expect("a walk together")
        child.send("\x11")  # ctrl+q
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    assert saved(tmp_path)["answers"]["mood"] == {"a": 4}
