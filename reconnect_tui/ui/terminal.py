"""What kind of terminal we are drawing on, and how lightly to draw there.

Over SSH, from a phone, or on the Linux console, every repaint crosses a
slow or narrow link. Low-bandwidth mode draws less: no animations, a still
breathing cue with a countdown that changes at most once a second, and no
blinking cursor. It is chosen with ``--low-bandwidth``, with
``RECONNECT_LOW_BANDWIDTH=1``, or on its own when ``TERM`` names a basic
terminal (one that offers at most the 16 standard colours).

Pure functions of the environment, so they are tested without a terminal.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from typing import Any

from rich.segment import Segment
from textual.app import App
from textual.color import Color
from textual.driver import Driver
from textual.filter import LineFilter

LOW_BANDWIDTH_ENV = "RECONNECT_LOW_BANDWIDTH"

BASIC_TERMS = frozenset(
    {"linux", "vt100", "vt102", "vt220", "vt320", "dumb", "xterm", "xterm-color", "ansi", "cons25"}
)
"""TERM values whose terminals offer at most 16 colours and are often on slow lines."""

SLOW_FRAME = 1.0
"""Seconds between pacing updates in low-bandwidth mode: a countdown needs no more."""

NORMAL_FRAME = 0.25
"""Seconds between pacing updates otherwise: four frames a second at most."""

_TRUTHY = {"1", "true", "yes", "on"}
_FALSY = {"0", "false", "no", "off"}


def colour_system(environ: Mapping[str, str] | None = None) -> str:
    """The colours Textual will use here: "truecolor", "256", "standard" or "none".

    Mirrors Rich's own detection (``TEXTUAL_COLOR_SYSTEM`` wins, then
    ``COLORTERM``, then the end of ``TERM``), so that the app can pick a
    fitting theme before Textual starts drawing.
    """
    env = os.environ if environ is None else environ
    forced = env.get("TEXTUAL_COLOR_SYSTEM", "auto").strip().lower()
    if forced in {"truecolor", "256", "standard"}:
        return forced
    if forced == "windows":
        return "standard"
    term = env.get("TERM", "").strip().lower()
    if term in {"", "dumb", "unknown"}:
        return "none"
    if env.get("COLORTERM", "").strip().lower() in {"truecolor", "24bit"}:
        return "truecolor"
    colours = term.rpartition("-")[2]
    return {"256color": "256", "16color": "standard", "truecolor": "truecolor"}.get(
        colours, "standard"
    )


def basic_terminal(environ: Mapping[str, str] | None = None) -> bool:
    """Whether TERM names a basic terminal (16 colours or fewer)."""
    env = os.environ if environ is None else environ
    term = env.get("TERM", "").strip().lower()
    if env.get("COLORTERM", "").strip().lower() in {"truecolor", "24bit"}:
        return False
    return term in BASIC_TERMS or term.endswith("-16color") or term.endswith("-mono")


def low_bandwidth_wanted(
    flag: bool | None = None, environ: Mapping[str, str] | None = None
) -> bool:
    """Low-bandwidth mode: the flag if given, else the variable, else a basic TERM."""
    if flag is not None:
        return flag
    env = os.environ if environ is None else environ
    value = env.get(LOW_BANDWIDTH_ENV, "").strip().lower()
    if value in _TRUTHY:
        return True
    if value in _FALSY:
        return False
    return basic_terminal(env)


def frame_seconds(app: Any) -> float:
    """How often pacing widgets may redraw in *app* (any object with ``low_bandwidth``)."""
    return SLOW_FRAME if getattr(app, "low_bandwidth", False) else NORMAL_FRAME


def apply_low_bandwidth(app: App[Any], low: bool) -> None:
    """Set *app* up to draw as little as it can (or as usual when *low* is false)."""
    if low:
        # Textual skips smooth scrolling and progress-bar pulses at this level.
        app.animation_level = "none"


def line_filters(app: App[Any], filters: Sequence[LineFilter]) -> list[LineFilter]:
    """Textual's line filters, plus segment merging in low-bandwidth mode."""
    result = list(filters)
    if getattr(app, "low_bandwidth", False):
        result.append(_MERGE)
    return result


class _MergeSegments(LineFilter):
    """A Textual line filter joining neighbouring runs of one style.

    Each run costs its colour codes and a reset on the wire; a screen line of
    padding, text and padding in one style becomes one run. A little CPU for
    fewer bytes, which is the right trade on a slow link.
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return list(Segment.simplify(segments))


_MERGE = _MergeSegments()


# -- fewer bytes on the wire ---------------------------------------------------

_SGR_OR_BLANKS = re.compile(r"\x1b\[([0-9;:]*)m| {8,}")
_MARKS = {"7", "4", "21", "9", "53"}  # reverse, underline, double underline, strike, overline
_UNMARKS = {"27": ("7",), "24": ("4", "21"), "29": ("9",), "55": ("53",)}
NO_ERASE_TERMS = frozenset({"vt100", "vt102", "dumb"})
"""Terminals without ECH (erase characters), where blanks are always sent as spaces."""


class BlankCompactor:
    """Send long runs of blanks as "erase n characters, move n right".

    Textual repaints a changed area cell by cell, and most cells on a calm
    screen are blank: on a slow link they are most of the bytes. ``ESC[nX``
    clears n cells in the current background and ``ESC[nC`` moves past them:
    about ten bytes for any run. It is the same picture only where a blank
    carries nothing but its background, so runs are kept as spaces while
    reverse, underline, strike or overline is on, or while a background colour
    is set (terminals without "background colour erase" would clear to the
    default background instead).
    """

    def __init__(self) -> None:
        self.plain = True
        self._background = False
        self._marks: set[str] = set()

    def __call__(self, data: str) -> str:
        return _SGR_OR_BLANKS.sub(self._replace, data)

    def _replace(self, match: re.Match[str]) -> str:
        params = match.group(1)
        if params is not None:
            self._style(params)
            return match.group(0)
        if not self.plain:
            return match.group(0)
        count = len(match.group(0))
        return f"\x1b[{count}X\x1b[{count}C"

    def _style(self, params: str) -> None:
        codes = params.split(";") if params else ["0"]
        index = 0
        while index < len(codes):
            code = codes[index].split(":")[0] or "0"
            if code == "0":
                self._background, self._marks = False, set()
            elif code == "49":
                self._background = False
            elif code in {"38", "48", "58"}:
                if code == "48":
                    self._background = True
                if ":" not in codes[index] and index + 1 < len(codes):
                    index += {"5": 2, "2": 4}.get(codes[index + 1], 1)
            elif code.isdigit() and (40 <= int(code) <= 47 or 100 <= int(code) <= 107):
                self._background = True
            elif code in _MARKS:
                if codes[index] != "4:0":
                    self._marks.add(code)
            elif code in _UNMARKS:
                self._marks.difference_update(_UNMARKS[code])
            index += 1
        self.plain = not self._background and not self._marks


def driver_class(low: bool, environ: Mapping[str, str] | None = None) -> type[Driver] | None:
    """The terminal driver for a real run: blanks compacted in low-bandwidth mode.

    ``None`` means Textual's own choice (always, when not in low-bandwidth
    mode, on Windows, or on a terminal without ECH).
    """
    env = os.environ if environ is None else environ
    if not low or os.name != "posix" or env.get("TERM", "").lower() in NO_ERASE_TERMS:
        return None
    # Imported here, not at the top: it needs termios, which only POSIX has
    # (Textual imports its drivers the same way).
    from textual.drivers.linux_driver import LinuxDriver

    class CompactDriver(LinuxDriver):
        """Textual's Linux driver, writing long blank runs compactly."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._compact = BlankCompactor()

        def write(self, data: str) -> None:
            super().write(self._compact(data))

    return CompactDriver
