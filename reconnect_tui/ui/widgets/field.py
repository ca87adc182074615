"""The answer fields: every place a person types goes through one of these.

Typed or pasted text is cleaned as it arrives (escape sequences, C0/C1 controls
and bidirectional overrides removed, see ``common/safetext``), so the terminal
never echoes them while typing; saving cleans again, but by then it is too late
for the screen.
"""

from __future__ import annotations

from typing import Any

from rich.style import Style
from textual import events
from textual.binding import BindingsMap
from textual.widget import Widget
from textual.widgets import Input, TextArea
from textual.widgets.text_area import EditResult, Location

from reconnect_tui.common.safetext import clean


async def edit_in_order(field: Widget, keys: BindingsMap, event: events.Key) -> None:
    """Act on an editing key (Backspace, Home, the arrows, …) of *field*'s own as the
    field takes it, in order with the words typed around it.

    Textual acts on a widget's (plain) bindings only once the key has gone up to
    the app, after the field has already taken the keys read behind it: in a
    burst (a slow link, tmux) "wrold<Backspace x4>orld" came out "wroldorld" with
    the last letters cut. Typed characters go on the usual way.
    """
    if event.is_printable:
        return
    for binding in keys.key_to_bindings.get(event.key, ()):
        if await field.app.run_action(binding.action, field):
            # Done: the app must not act on it a second time. (Its default handler
            # still runs: it shows the cursor again, as any key does.)
            event.stop()
            return


class Field(Input):
    """A one-line Input that takes in only what is safe to show.

    Its cursor starts still, as every field of ours does: a blink redraws twice a
    second (the app turns it on when focused, if the settings ask for it).
    """

    KEYS_IN_ORDER = True  # every key of its own acts as it is taken (edit_in_order)

    EDITING_KEYS = BindingsMap(Input.BINDINGS)

    def __init__(self, value: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(clean(value or "", multiline=False), *args, **kwargs)
        self.cursor_blink = False

    async def on_key(self, event: events.Key) -> None:
        await edit_in_order(self, self.EDITING_KEYS, event)

    def replace(self, text: str, start: int, end: int) -> None:
        # Every key and every paste arrives here (Input.insert calls it too).
        text = clean(text, multiline=False)
        if text or start != end:
            super().replace(text, start, end)

    def validate_value(self, value: str) -> str:
        """Whatever sets the value (code, a draft) gets the same cleaning."""
        return clean(value, multiline=False)


class AnswerArea(TextArea):
    """A multi-line field that takes in only what is safe to show, and that
    survives being drawn while its styles are not there.

    Textual 8.2.8 (textual#6528) looks up ``text-area--gutter`` and its other
    parts on every draw and raises KeyError when the stylesheet has not reached
    them: before it is styled, or after it was removed (removal clears them)
    while a frame still holds it, as when the runner takes a step away for a
    hand-off cover. A part that is missing draws in a plain stand-in style this
    once and asks for another frame, which finds the real styles. (The stand-in
    is not empty: on an empty selection style 8.2.8 falls into a second crash.)
    """

    KEYS_IN_ORDER = True  # every key of its own acts as it is taken (edit_in_order)

    STAND_IN = Style(dim=True)

    EDITING_KEYS = BindingsMap(TextArea.BINDINGS)

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(clean(text), *args, **kwargs)
        self.cursor_blink = False  # still at first, as a Field's

    async def on_key(self, event: events.Key) -> None:
        await edit_in_order(self, self.EDITING_KEYS, event)

    def replace(
        self,
        insert: str,
        start: Location,
        end: Location,
        *,
        maintain_selection_offset: bool = True,
    ) -> EditResult:
        # Keys and pastes arrive here; ``insert`` comes here too.
        return super().replace(
            clean(insert), start, end, maintain_selection_offset=maintain_selection_offset
        )

    def get_component_rich_style(
        self, *names: str, partial: bool = False, default: Style | None = None
    ) -> Style:
        if default is not None:
            return super().get_component_rich_style(*names, partial=partial, default=default)
        style = super().get_component_rich_style(*names, partial=partial, default=self.STAND_IN)
        if style is self.STAND_IN:
            self.refresh()
        return style
