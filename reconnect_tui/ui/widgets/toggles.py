"""Radio buttons and checkboxes whose state shows as a mark, not by colour alone.

Textual draws the same ● (or X) in both states and only changes its colour,
which a tired eye, a 16-colour terminal or a colour-blind person can miss.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Checkbox, RadioButton


class MarkedRadio(RadioButton):
    """A radio button showing ● when chosen and nothing when not."""

    MARKS = (" ", "●")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.BUTTON_INNER = self.MARKS[self.value]

    def watch_value(self) -> None:
        self.BUTTON_INNER = self.MARKS[self.value]
        super().watch_value()


class MarkedCheckbox(Checkbox):
    """A checkbox showing X when ticked and nothing when not."""

    MARKS = (" ", "X")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.BUTTON_INNER = self.MARKS[self.value]

    def watch_value(self) -> None:
        self.BUTTON_INNER = self.MARKS[self.value]
        super().watch_value()
