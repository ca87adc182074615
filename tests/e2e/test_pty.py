"""One real run in a pseudo-terminal: start, answer two steps, take a break, quit."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pexpect
import pytest

HERE = Path(__file__).resolve().parent
LEAVE_ALTERNATE_SCREEN = "\x1b[?1049l"


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_real_terminal_run_exits_cleanly() -> None:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    env.pop("TEXTUAL", None)
    child = pexpect.spawn(
        sys.executable,
        [str(HERE / "run_tour.py")],
        env=env,
        dimensions=(24, 80),
        encoding="utf-8",
        codec_errors="replace",
        timeout=20,
    )
    seen = io.StringIO()
    child.logfile_read = seen
    try:
        child.expect("Settle in")
        child.send("\r")  # read step: Continue is focused
        child.expect("What did you notice")
        child.send("quieter evenings")
        child.expect("quieter evenings")
        child.send("\r")
        child.expect("Which of these fit today")
        child.send("\x02")  # ctrl+b: a break, even with an option focused
        child.expect("Taking a break")
        child.send("\x11")  # ctrl+q
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, child.before
    # The alternate screen is left after it was entered, and after that only mode
    # switches follow (show the cursor, mouse and focus reports off): no more drawing.
    output = seen.getvalue()
    left = output.rfind(LEAVE_ALTERNATE_SCREEN)
    assert left > output.rfind("\x1b[?1049h") >= 0
    assert re.fullmatch(r"(?:\x1b\[\?\d+[hl])*\s*", output[left + len(LEAVE_ALTERNATE_SCREEN) :])
