"""The garbage collector, paused while the program starts.

Starting up makes a great many objects that live for the whole run (Textual's
classes and styles, the exercises). Python's cyclic collector keeps walking
them as they pile up and finds nothing to free, so :func:`pause` is called
first thing (``cli/launch.py``) and :func:`resume` once the first frame is on
screen (the app's Ready event) or, for a command that prints and ends, once the
command line has been read. Textual pauses it the same way while scrolling.
Reference counting frees everything it always does meanwhile.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Pause the collector, unless the caller had already turned it off."""
    global _paused
    _paused = gc.isenabled()  # a caller who turned it off keeps it off
    gc.disable()


def resume() -> None:
    """Turn the collector back on if :func:`pause` paused it; otherwise leave it be."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()
