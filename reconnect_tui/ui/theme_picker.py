"""The theme picker: Textual's, with the theme in use marked in words."""

from __future__ import annotations

from collections.abc import Callable

from textual.theme import ThemeProvider

IN_USE = " · in use now"


class MarkedThemes(ThemeProvider):
    """Every theme by name; the current one says so (Textual's list shows no mark)."""

    @property
    def commands(self) -> list[tuple[str, Callable[[], None]]]:
        current = self.app.theme
        return [
            (f"{name}{IN_USE}" if name == current else name, pick)
            for name, pick in super().commands
        ]
