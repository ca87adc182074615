"""Low-bandwidth output: long blank runs as erase-and-move, only where it looks the same."""

from __future__ import annotations

import pytest
from textual.drivers.linux_driver import LinuxDriver

from reconnect_tui.ui.terminal import BlankCompactor, driver_class

BLANKS = " " * 30
COMPACT = "\x1b[30X\x1b[30C"


def test_plain_blank_runs_become_erase_and_move() -> None:
    assert BlankCompactor()(f"a{BLANKS}b") == f"a{COMPACT}b"


def test_short_runs_stay_spaces() -> None:
    assert BlankCompactor()("a       b") == "a       b"


@pytest.mark.parametrize(
    "style",
    [
        "\x1b[7m",
        "\x1b[4m",
        "\x1b[9m",
        "\x1b[53m",
        "\x1b[44m",
        "\x1b[48;5;17m",
        "\x1b[48;2;1;2;3m",
        "\x1b[1;4;38;5;12m",
        "\x1b[4:3m",
        "\x1b[104m",
    ],
)
def test_blanks_that_carry_a_background_or_a_mark_are_sent_as_they_are(style: str) -> None:
    assert BlankCompactor()(f"{style}{BLANKS}") == f"{style}{BLANKS}"


@pytest.mark.parametrize(
    ("on", "off"),
    [
        ("\x1b[7m", "\x1b[27m"),
        ("\x1b[4m", "\x1b[24m"),
        ("\x1b[44m", "\x1b[49m"),
        ("\x1b[1;7;48;5;3m", "\x1b[0m"),
        ("\x1b[9m", "\x1b[m"),
    ],
)
def test_compacting_resumes_when_the_style_is_plain_again(on: str, off: str) -> None:
    data = f"{on}{BLANKS}{off}{BLANKS}"
    assert BlankCompactor()(data) == f"{on}{BLANKS}{off}{COMPACT}"


def test_foreground_colours_do_not_stop_compacting() -> None:
    data = f"\x1b[38;5;44m{BLANKS}\x1b[38;2;40;41;42m{BLANKS}"
    assert BlankCompactor()(data) == f"\x1b[38;5;44m{COMPACT}\x1b[38;2;40;41;42m{COMPACT}"


def test_style_state_carries_across_writes() -> None:
    compact = BlankCompactor()
    compact("\x1b[7m")
    assert compact(BLANKS) == BLANKS
    compact("\x1b[0m")
    assert compact(BLANKS) == COMPACT


def test_only_low_bandwidth_real_runs_get_the_compacting_driver() -> None:
    assert driver_class(False, {"TERM": "xterm"}) is None
    assert driver_class(True, {"TERM": "vt100"}) is None  # no ECH there
    compact = driver_class(True, {"TERM": "xterm"})
    assert compact is not None and issubclass(compact, LinuxDriver)
