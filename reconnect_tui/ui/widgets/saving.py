"""A plain banner that appears only while saving is not working."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from reconnect_tui.ui.text import join, show


def failure_words(reason: str) -> Content:
    """What the banner says: what happened, that nothing is gone, and what comes next."""
    return join(
        "Saving didn't work just now (",
        show(reason),
        "). Everything is still here while the app stays open, "
        "and saving will be tried again with your next step.",
    )


class SavingBanner(Static):
    """Hidden while saves work; says plainly why when one does not."""

    DEFAULT_CSS = """
    SavingBanner {
        dock: top;
        width: 100%;
        height: auto;
        padding: 0 2;
        background: $warning 20%;
        color: $text;
        display: none;
    }
    SavingBanner.-failing {
        display: block;
    }
    """

    _shown = ""

    def on_mount(self) -> None:
        keeping = getattr(self.app, "keeping", None)
        if keeping is not None:
            self.show_state(keeping.keeper.failure)

    def show_state(self, reason: str) -> None:
        """*reason* is why the last save failed; "" hides the banner."""
        if reason == self._shown:
            return  # an update redraws the whole screen: none on every good save
        self._shown = reason
        self.set_class(bool(reason), "-failing")
        self.update(failure_words(reason) if reason else "")
