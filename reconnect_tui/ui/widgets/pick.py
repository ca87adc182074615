"""One option to pick: a mark and a label that wraps instead of being cut off."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

MARKS = {
    (False, False): Content("( )"),
    (False, True): Content("(•)"),
    (True, False): Content("[ ]"),
    (True, True): Content("[x]"),
}
"""Content, never strings: a Static reads "[x]" as a markup tag and shows nothing."""

POINTER = {True: Content("›"), False: Content(" ")}
"""The cursor, in a character of its own: colour alone is lost on many terminals."""


class Pick(Widget, can_focus=True):
    """A radio-style (one of) or checkbox-style (several) option.

    Unlike Textual's toggle buttons, a long label wraps onto further lines,
    so nothing is cut off on a narrow terminal.
    """

    DEFAULT_CSS = """
    Pick {
        layout: horizontal;
        height: auto;
        width: 1fr;
        padding: 0 1 0 0;
    }
    Pick:focus {
        background: $boost;
    }
    Pick:focus > .pick-label {
        text-style: bold;
    }
    Pick > .pick-pointer {
        width: 2;
        color: $accent;
        text-style: bold;
    }
    Pick > .pick-mark {
        width: 4;
        color: $text-muted;
    }
    Pick.-on > .pick-mark {
        color: $accent;
        text-style: bold;
    }
    Pick > .pick-label {
        width: 1fr;
    }
    """

    BINDINGS = [Binding("enter,space", "flip", "Pick", show=False)]
    KEYS_IN_ORDER = True  # in a choice step its keys are priority keys there (ChoiceView)

    value: reactive[bool] = reactive(False, init=False)

    class Changed(Message):
        """The option was picked or unpicked."""

        def __init__(self, pick: Pick, value: bool) -> None:
            super().__init__()
            self.pick = pick
            self.value = value

        @property
        def control(self) -> Pick:
            return self.pick

    def __init__(self, label: Content, value: bool = False, *, several: bool, **kwargs: Any):
        super().__init__(**kwargs)
        self.label = label
        self.several = several
        self.set_reactive(Pick.value, value)
        self.set_class(value, "-on")

    def compose(self) -> ComposeResult:
        yield Static(POINTER[False], classes="pick-pointer")
        yield Static(MARKS[(self.several, self.value)], classes="pick-mark")
        yield Static(self.label, classes="pick-label")

    def on_focus(self) -> None:
        self.query_one(".pick-pointer", Static).update(POINTER[True])

    def on_blur(self) -> None:
        self.query_one(".pick-pointer", Static).update(POINTER[False])

    def watch_value(self, value: bool) -> None:
        self.set_class(value, "-on")
        self.query_one(".pick-mark", Static).update(MARKS[(self.several, value)])
        self.post_message(self.Changed(self, value))

    def action_flip(self) -> None:  # not "toggle": every DOM node has that one
        self.value = not self.value

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.value = not self.value
