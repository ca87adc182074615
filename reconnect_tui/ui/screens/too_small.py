"""Shown instead of everything else while the terminal is too small to use comfortably."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH = 50
MIN_HEIGHT = 16


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(Screen[None]):
    """Everything underneath keeps its state; this goes away when the window grows."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; }
    TooSmallScreen Static { width: auto; max-width: 100%; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(
            f"Please make the window a little larger (at least {MIN_WIDTH}×{MIN_HEIGHT}). "
            "Everything is kept as it was."
        )
