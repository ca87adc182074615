"""Where ``reconnect`` and ``python -m reconnect_tui`` begin: the collector paused first."""

from __future__ import annotations

from collections.abc import Sequence

from reconnect_tui.common import collector


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``reconnect`` with the collector paused while it starts; return the exit code."""
    collector.pause()
    try:
        # Imported after the pause, so that building the program's objects is not walked.
        from reconnect_tui.cli.main import main as run

        return run(argv)
    finally:
        collector.resume()
