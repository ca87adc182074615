"""A compose step: fill the blanks of a sentence and watch it come together."""

from __future__ import annotations

import re
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Select, Static

from reconnect_tui.common.safetext import one_line
from reconnect_tui.exercises.model import ComposeStep, Slot
from reconnect_tui.ui.text import join, show
from reconnect_tui.ui.widgets.base import StepView
from reconnect_tui.ui.widgets.field import Field

OTHER = -1
_MARK = re.compile(r"\{\{|\}\}|\{([a-z0-9_-]+)\}")


def fill_template(template: str, values: dict[str, str]) -> Content:
    """The sentence with each ``{slot}`` replaced; empty slots show as a soft gap."""
    parts: list[Any] = []
    position = 0
    for match in _MARK.finditer(template):
        parts.append(show(template[position : match.start()]))
        if match.group(0) in ("{{", "}}"):
            parts.append(match.group(0)[0])
        else:
            word = values.get(match.group(1), "")
            parts.append(("…", "$text-muted") if not word else show(word).stylize("bold"))
        position = match.end()
    parts.append(show(template[position:]))
    return join(*parts)


class SentencePreview(Static):
    """The sentence as it stands, kept in view below the page while composing."""

    DEFAULT_CSS = """
    SentencePreview {
        border: round $primary 50%;
        padding: 0 1;
        height: auto;
        max-height: 6;
        width: 100%;
        max-width: 72;
    }
    """


class ComposeView(StepView):
    """One field per slot (a choice or a few words) and the sentence below."""

    step: ComposeStep  # the runner picks this view for compose steps

    DEFAULT_CSS = """
    ComposeView .slot { height: auto; margin: 0 0 1 0; }
    ComposeView .slot-prompt { color: $text-muted; }
    ComposeView .slot-other { margin: 0 0 0 2; }
    ComposeView .slot-other-place { height: auto; }
    """

    # While a slot's list of choices is open, the keys it acts on act here, as the
    # app reads them (priority), in order. The list's own bindings act only once
    # the key has come back up from the list, after the app has already handed the
    # list the keys read behind it: in a burst (a slow link, tmux) the words typed
    # right after choosing "Something else" reached the list, not their field, and
    # Enter after Down chose the row Down had left. (Escape, which a slow link may
    # merge with the next key, stays the list's own.)
    BINDINGS = [
        Binding("enter", "pick", "Choose", show=False, priority=True),
        Binding("up", "in_list('cursor_up')", "Previous choice", show=False, priority=True),
        Binding("down", "in_list('cursor_down')", "Next choice", show=False, priority=True),
        Binding("home", "in_list('first')", "First choice", show=False, priority=True),
        Binding("end", "in_list('last')", "Last choice", show=False, priority=True),
        Binding("pageup", "in_list('page_up')", "Previous choice", show=False, priority=True),
        Binding("pagedown", "in_list('page_down')", "Next choice", show=False, priority=True),
        Binding("tab", "leave_list", "Next part", show=False, priority=True),
    ]

    def __init__(self, turn: Any, session: Any, **kwargs: Any) -> None:
        super().__init__(turn, session, **kwargs)
        # What each choice slot's options stand for, in the order they are listed.
        self.choices: dict[str, list[Any]] = {}
        # Docked by the runner below the page, so it stays in view at 80x24 however
        # far down the slots go.
        self.preview = SentencePreview(id="preview")
        self.preview.border_title = "Your sentence"

    def docked(self) -> list[Any]:
        return [self.preview]

    def compose(self) -> ComposeResult:
        start = self.prefill if isinstance(self.prefill, dict) else {}
        for slot in self.step.slots:
            given = one_line(str(start.get(slot.name, "")))
            with Vertical(classes="slot"):
                yield Static(show(slot.prompt or slot.name), classes="slot-prompt")
                if slot.kind == "choice":
                    options = [(show(label), index) for index, label in enumerate(slot.options)]
                    if slot.other:
                        options.append((Content("Something else…"), OTHER))
                    self.choices[slot.name] = [value for _label, value in options]
                    chosen: Any = Select.NULL
                    if given in slot.options:
                        chosen = slot.options.index(given)
                    elif given and slot.other:
                        chosen = OTHER
                    yield Select(
                        options,
                        prompt="Choose one",
                        value=chosen,
                        id=f"slot-{slot.name}",
                        compact=True,
                    )
                    if slot.other:
                        field = self._field(
                            f"other-{slot.name}",
                            given if chosen == OTHER else "",
                            "In your own words",
                        )
                        field.add_class("slot-other")
                        field.display = chosen == OTHER
                        # In a place of its own, always laid out (no rows while the
                        # field is hidden): Textual orders Tab by where parts sit on
                        # screen, and a field shown this instant has no place yet, so
                        # a Tab typed right behind "Something else" went back to the
                        # dropdown, and the words after it with it.
                        with Vertical(classes="slot-other-place"):
                            yield field
                else:
                    yield self._field(f"slot-{slot.name}", given, slot.placeholder)

    def _field(self, name: str, start: str, placeholder: str) -> Input:
        return Field(
            start,
            placeholder=one_line(placeholder),
            id=name,
            classes="quiet-input",
            max_length=300,
        )

    def on_mount(self) -> None:
        self._show_preview()

    def focus_first(self) -> bool:
        """The first blank still empty: after a resume or Back, typing goes where the
        words are missing, not into a dropdown already chosen."""
        for slot in self.step.slots:
            if self._slot_value(slot):
                continue
            field = self.query_one(f"#slot-{slot.name}")
            if (
                slot.kind == "choice"
                and self.query_one(f"#slot-{slot.name}", Select).value == OTHER
            ):
                field = self.query_one(f"#other-{slot.name}")
            self.take_focus(field)
            return True
        return super().focus_first()

    def _slot_value(self, slot: Slot) -> str:
        if slot.kind == "choice":
            picked = self.query_one(f"#slot-{slot.name}", Select).value
            if picked == OTHER:
                return one_line(self.query_one(f"#other-{slot.name}", Input).value)
            if isinstance(picked, int) and 0 <= picked < len(slot.options):
                return slot.options[picked]
            return ""
        return one_line(self.query_one(f"#slot-{slot.name}", Input).value)

    @property
    def value(self) -> dict[str, str]:
        return {slot.name: self._slot_value(slot) for slot in self.step.slots}

    def _show_preview(self) -> None:
        self.preview.update(fill_template(self.step.template, self.value))

    # -- a slot's list of choices, open ------------------------------------------

    def _open_list(self) -> tuple[Select[Any], OptionList] | None:
        """The slot whose list of choices is open with the cursor in it, if any."""
        rows = self.screen.focused
        if isinstance(rows, OptionList) and isinstance(rows.parent, Select):
            select: Select[Any] = rows.parent
            if select.expanded:
                return select, rows
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("pick", "in_list", "leave_list"):
            return self._open_list() is not None  # else the key goes on as usual
        return True

    def action_leave_list(self) -> None:
        """Tab in an open list: on to the next part at once; the list closes behind."""
        if self._open_list() is not None:
            self.screen.focus_next()

    async def action_in_list(self, action: str) -> None:
        """One of the open list's own moves (Down, Home, …), at once."""
        opened = self._open_list()
        if opened is not None:
            await self.app.run_action(action, opened[1])

    def action_pick(self) -> None:
        """Choose the highlighted row at once, and move the cursor on at once: to the
        field for the own words after "Something else", else back to the slot."""
        opened = self._open_list()
        if opened is None:
            return
        select, rows = opened
        name = (select.id or "").removeprefix("slot-")
        values = self.choices.get(name, [])
        # The rows are the options in order, under the prompt's row (no choice).
        first = rows.option_count - len(values)
        row = rows.highlighted
        if row is not None:
            select.value = values[row - first] if row >= first else Select.NULL
        select.expanded = False
        field = self._other_field(name) if select.value == OTHER else None
        if field is not None:
            field.display = True
        self.take_focus(field or select)

    def _other_field(self, name: str) -> Input | None:
        others = self.query(f"#other-{name}").results(Input)
        return next(others, None)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        name = (event.select.id or "").removeprefix("slot-")
        field = self._other_field(name)
        if field is not None:
            field.display = event.value == OTHER
            focused = self.screen.focused
            if event.value == OTHER and focused in (event.select, *event.select.children):
                # Still at this slot (chosen with the mouse, or set): the words go next.
                # Chosen by key, the cursor is already in the field (``action_pick``).
                field.focus()
        self._show_preview()
        self.changed()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show_preview()
        # The sentence below grows as the words come; the field stays in sight above it.
        event.input.scroll_visible(animate=False)
        self.changed()
