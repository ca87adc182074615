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


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``reconnect`` with the collector paused while it starts; return the exit code."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        from reconnect_tui.cli import main as run

        return run(argv)
    finally:
        if was_enabled:
            gc.enable()
