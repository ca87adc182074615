"""The app in real pseudo-terminals of different kinds: which colour codes reach the wire.

OpenSSH forwards TERM but not COLORTERM, so over SSH most people get 256
colours, and the Linux console or a plain ``TERM=xterm`` get 16. Each run
opens Home, keeps every byte written and checks the colour escape forms
used, and that Home's words are there to read.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from pathlib import Path

import pexpect
import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]

SGR = re.compile(rb"\x1b\[([0-9;:]*)m")
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-~]")


def run_home(tmp_path: Path, **env_changes: str | None) -> bytes:
    """Open Home in an 80x24 pseudo-terminal with *env_changes*; every byte it wrote."""
    env = {**os.environ, "COLUMNS": "80", "LINES": "24"}
    for name in (
        "TEXTUAL",
        "COLORTERM",
        "NO_COLOR",
        "TEXTUAL_COLOR_SYSTEM",
        "RECONNECT_LOW_BANDWIDTH",
    ):
        env.pop(name, None)
    env["RECONNECT_CONFIG_DIR"] = str(tmp_path / "config")
    env["RECONNECT_DATA_DIR"] = str(tmp_path / "data")
    for name, value in env_changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    child = pexpect.spawn(
        sys.executable,
        ["-m", "reconnect_tui"],
        env=env,
        dimensions=(24, 80),
        cwd=str(Path(__file__).resolve().parents[2]),
        timeout=30,
    )
    raw = bytearray()
    try:
        child.expect("lighter ones")
        raw += child.before + child.after
        deadline = time.monotonic() + 1.5  # let the first frames settle
        while time.monotonic() < deadline:
            with contextlib.suppress(pexpect.TIMEOUT):
                raw += child.read_nonblocking(65536, timeout=0.2)
        child.send("\x11")  # ctrl+q
        child.expect(pexpect.EOF)
        raw += child.before
    finally:
        child.close(force=True)
    return bytes(raw)


def colour_codes(raw: bytes) -> list[tuple[str, tuple[int, ...]]]:
    """Every colour set in *raw*: ("fg"/"bg", the numbers that follow)."""
    found = []
    for match in SGR.finditer(raw):
        params = [int(p) if p else 0 for p in re.split(rb"[;:]", match.group(1))]
        index = 0
        while index < len(params):
            code = params[index]
            if code in (38, 48, 58) and index + 1 < len(params):
                kind = "fg" if code == 38 else "bg"
                if params[index + 1] == 5:
                    found.append((kind + "256", tuple(params[index + 2 : index + 3])))
                    index += 3
                    continue
                if params[index + 1] == 2:
                    found.append((kind + "true", tuple(params[index + 2 : index + 5])))
                    index += 5
                    continue
            if 30 <= code <= 37 or 90 <= code <= 97:
                found.append(("fg16", (code,)))
            elif 40 <= code <= 47 or 100 <= code <= 107:
                found.append(("bg16", (code,)))
            index += 1
    return found


def words(raw: bytes) -> str:
    return ESCAPES.sub(b"", raw).decode("utf-8", "replace")


def assert_home_readable(raw: bytes) -> None:
    text = words(raw)
    assert "reconnect" in text
    assert "The lighter ones come first" in text
    assert "Daily check-in" in text or "check-in" in text.lower()


def test_256_colours_without_colorterm_sends_no_truecolor(tmp_path: Path) -> None:
    raw = run_home(tmp_path, TERM="xterm-256color")
    kinds = {kind for kind, _ in colour_codes(raw)}
    assert not kinds & {"fgtrue", "bgtrue"}, "38;2 / 48;2 sent to a 256-colour terminal"
    assert "fg256" in kinds  # the theme's soft colours arrive as the nearest of 256
    assert_home_readable(raw)


@pytest.mark.parametrize("term", ["xterm", "linux"])
def test_16_colour_terminals_get_only_the_16_colours(tmp_path: Path, term: str) -> None:
    raw = run_home(tmp_path, TERM=term)
    kinds = {kind for kind, _ in colour_codes(raw)}
    assert kinds <= {"fg16", "bg16"}, kinds
    assert kinds, "some colour is still used (basic-16 theme)"
    assert_home_readable(raw)


def test_truecolor_is_used_when_the_terminal_says_so(tmp_path: Path) -> None:
    raw = run_home(tmp_path, TERM="xterm-256color", COLORTERM="truecolor")
    assert {"fgtrue", "bgtrue"} & {kind for kind, _ in colour_codes(raw)}
    assert_home_readable(raw)


def _is_grey(kind: str, values: tuple[int, ...]) -> bool:
    if kind.endswith("true"):
        return len(set(values)) == 1
    if kind.endswith("256"):
        from rich.color import EIGHT_BIT_PALETTE

        red, green, blue = EIGHT_BIT_PALETTE[values[0]]
        return red == green == blue
    return values[0] in (30, 37, 90, 97, 40, 47, 100, 107)


@pytest.mark.parametrize("term", ["xterm-256color", "xterm"])
def test_no_color_leaves_only_shades_of_grey(tmp_path: Path, term: str) -> None:
    # Textual honours NO_COLOR itself (a monochrome filter over every frame):
    # light and dark stay, so focus and selection can still be seen, but no hue.
    raw = run_home(tmp_path, TERM=term, NO_COLOR="1")
    coloured = [(k, v) for k, v in colour_codes(raw) if not _is_grey(k, v)]
    assert coloured == []
    assert_home_readable(raw)
