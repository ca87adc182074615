"""A crash in the app prints its traceback without the values of local variables."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pexpect
import pytest

HERE = Path(__file__).resolve().parent
SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from reconnect_tui.ui.app import ReconnectApp
from tests.builders import library
from tests.ui.fixtures import TOUR

class Crashing(ReconnectApp):
    CSS_PATH = {css!r}

    def on_ready(self):
        private_words = "our secret " + "answer".upper()  # only its value says ANSWER
        raise RuntimeError("a crash for the test")

sys.exit(Crashing(library=library(TOUR)).run() or 0)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_crash_shows_no_local_variables(tmp_path: Path) -> None:
    script = tmp_path / "crash.py"
    root = HERE.parents[1]
    css = root / "reconnect_tui" / "ui" / "app.tcss"
    script.write_text(SCRIPT.format(root=str(root), css=str(css)))
    env = {**os.environ, "TERM": "xterm-256color"}
    child = pexpect.spawn(
        sys.executable,
        [str(script)],
        env=env,
        dimensions=(24, 80),
        encoding="utf-8",
        codec_errors="replace",
        timeout=30,
    )
    seen = io.StringIO()
    child.logfile_read = seen
    child.expect(pexpect.EOF)
    child.close()
    output = seen.getvalue()
    assert "a crash for the test" in output  # the traceback is still there
    assert "our secret ANSWER" not in output
