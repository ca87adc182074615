"""Where ``reconnect`` and ``python -m reconnect_tui`` begin: a quicker start.

Starting up makes a great many objects that live for the whole run (Textual's
classes and styles, the exercises). Python's cyclic garbage collector keeps
walking them as they pile up and finds nothing to free, so it is paused from
here until the first frame is on screen (the app's Ready event turns it back
on, see ``ui/app.py``) or, for a command that prints and ends, until the
command line has been read. Textual pauses it the same way while scrolling.
Reference counting frees everything it always does meanwhile.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence

_paused = False


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``reconnect`` with the collector paused while it starts; return the exit code."""
    global _paused
    _paused = gc.isenabled()  # a caller who turned it off keeps it off
    gc.disable()
    try:
        from reconnect_tui.cli import main as run

        return run(argv)
    finally:
        resume_collector()


def resume_collector() -> None:
    """Turn the collector back on if :func:`main` paused it; otherwise leave it be."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()
