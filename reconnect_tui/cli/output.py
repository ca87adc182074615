"""How every command prints: one place, and everything printed is cleaned here.

A command may print what came from a file or a person (a title, a name, a
path, a session id), so no command is trusted to remember: :func:`out`,
:func:`err` and :func:`print_json` pass all of it through
``safetext.clean`` on the way out. No escape sequence, C1 control or bidi
control from a file ever reaches the terminal (or a pipe) through them.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from reconnect_tui.common.safetext import clean


def out(text: str = "", *, end: str = "\n", flush: bool = False) -> None:
    """Print *text*, cleaned, on standard output."""
    sys.stdout.write(clean(text) + end)
    if flush:
        sys.stdout.flush()


def err(text: str) -> None:
    """Print *text*, cleaned, on standard error."""
    sys.stderr.write(clean(text) + "\n")


def print_json(data: Any) -> None:
    """Print *data* as indented JSON on standard output, every string in it cleaned."""
    out(json.dumps(data, indent=2, ensure_ascii=False))
