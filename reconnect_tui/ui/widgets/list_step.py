"""A list step: add short items, then edit, remove or reorder them."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, ListItem, ListView, Static

from reconnect_tui.common.safetext import one_line
from reconnect_tui.engine import Session, Turn
from reconnect_tui.exercises.model import ListStep
from reconnect_tui.ui.text import join, show
from reconnect_tui.ui.widgets.base import StepView
from reconnect_tui.ui.widgets.field import Field


class ItemList(ListView):
    """The items so far; keys act on the highlighted one.

    Every key the list acts on is a priority binding: it acts as the app reads it,
    in order. A plain binding acts only once the key has come back up from the
    list, after the app has already handed the list the keys read behind it; so
    in a burst (a slow link, tmux) the words typed right after ``e`` reached the
    list, not the field, and ``e`` after Down edited the item Down had left.
    """

    BINDINGS = [
        Binding("e", "edit", "Edit", priority=True),
        Binding("delete,d", "remove", "Remove", priority=True),
        # Plain letters first: the Linux console and many phone terminals send no
        # distinct shift+arrow or ctrl+arrow.
        Binding("u,shift+up,ctrl+up", "move(-1)", "Move up", priority=True),
        Binding("n,shift+down,ctrl+down", "move(1)", "Move down", priority=True),
        # ListView's own, made priority so that an e right behind edits where they went.
        Binding("up", "cursor_up", "Previous item", show=False, priority=True),
        Binding("down", "cursor_down", "Next item", show=False, priority=True),
    ]

    def action_edit(self) -> None:
        self.parent_view.edit_item(self.index)

    async def action_remove(self) -> None:
        await self.parent_view.remove_item(self.index)

    async def action_move(self, offset: int) -> None:
        await self.parent_view.move_item(self.index, offset)

    @property
    def parent_view(self) -> ItemsView:
        return self.query_ancestor(ItemsView)


class ItemsView(StepView):
    """Short items typed one at a time; the list grows under the field."""

    step: ListStep  # the runner picks this view for list steps

    DEFAULT_CSS = """
    ItemsView #item-row { height: auto; }
    ItemsView #item-text { width: 1fr; }
    ItemsView #item-add { margin: 0 0 0 1; min-width: 8; }
    ItemsView ItemList { height: auto; max-height: 8; margin: 1 0 0 0; background: transparent; }
    ItemsView ItemList > ListItem { padding: 0 1; height: auto; }
    ItemsView ItemList Label { width: 1fr; }
    ItemsView #item-tools { height: auto; margin: 0; }
    ItemsView #item-tools Button { margin: 0 1 0 0; min-width: 6; }
    ItemsView .item-hint { color: $text-muted; }
    """

    # Enter on one of the list's buttons acts as the app reads it (priority), as the
    # list's keys do (see ItemList). A Button's own Enter sends a message that is
    # handled later, after the app has handed the button the keys read behind it:
    # in a burst the words typed right after Enter on Edit were lost.
    BINDINGS = [Binding("enter", "press_button", "Press", show=False, priority=True)]

    def __init__(self, turn: Turn, session: Session, **kwargs: Any) -> None:
        super().__init__(turn, session, **kwargs)
        start = self.prefill if isinstance(self.prefill, list | tuple) else []
        self.items: list[str] = [one_line(str(item)) for item in start]
        self.editing: int | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="item-row"):
            yield Field(
                placeholder=one_line(self.step.placeholder) or "Type one, then press Enter",
                max_length=self.step.item_max_length,
                id="item-text",
                classes="quiet-input",
            )
            yield Button("Add", id="item-add", compact=True)
        yield ItemList(*[self._row(item) for item in self.items], id="items")
        with Horizontal(id="item-tools"):
            yield Button("Edit", id="item-edit", compact=True)
            yield Button("Remove", id="item-remove", compact=True)
            yield Button("Up", id="item-up", compact=True)
            yield Button("Down", id="item-down", compact=True)
        yield Static("", classes="item-hint", id="item-hint")

    def on_mount(self) -> None:
        self._refresh_tools()

    @staticmethod
    def _row(item: str) -> ListItem:
        return ListItem(Label(join("• ", show(item))))

    def _refresh_tools(self) -> None:
        self.query_one("#item-tools").display = bool(self.items)
        hint = self.query_one("#item-hint", Static)
        if self.editing is not None:
            hint.update("Changing an item: press Enter to keep the new wording.")
        else:
            hint.update(self._count_words())

    def _count_words(self) -> str:
        """How the list stands: full, short of what the step asks, or open."""
        count, fewest, most = len(self.items), self.step.min_items, self.step.max_items
        if not count:
            return ""
        if count >= most:
            return f"{count} of {most}: the list is full. You can change or remove one."
        if count < fewest:
            return f"{count} so far; this one asks for at least {fewest}."
        return f"{count} so far. Add another, or continue when it feels complete."

    async def _rebuild(self, highlight: int | None = None) -> None:
        listing = self.query_one(ItemList)
        await listing.clear()
        await listing.extend([self._row(item) for item in self.items])
        if highlight is not None and self.items:
            listing.index = max(0, min(highlight, len(self.items) - 1))
        self._refresh_tools()
        self.changed()

    async def add_pending(self) -> None:
        field = self.query_one("#item-text", Input)
        text = one_line(field.value)
        if not text:
            return
        if self.editing is not None and self.editing < len(self.items):
            self.items[self.editing] = text
            where = self.editing
        else:
            if len(self.items) >= self.step.max_items:
                self.query_one("#item-hint", Static).update(
                    "That's as many as this list holds. You can change or remove one."
                )
                return
            self.items.append(text)
            where = len(self.items) - 1
        self.editing = None
        field.value = ""
        await self._rebuild(where)

    def edit_item(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.items):
            return
        self.editing = index
        field = self.query_one("#item-text", Input)
        field.value = self.items[index]
        self.take_focus(field)  # the words typed right after e go into the field
        self._refresh_tools()

    async def remove_item(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.items):
            return
        del self.items[index]
        self.editing = None
        await self._rebuild(index)
        if not self.items:  # the item buttons are hidden now: the cursor goes to the field
            self.take_focus(self.query_one("#item-text"))

    async def move_item(self, index: int | None, offset: int) -> None:
        if index is None or not 0 <= index + offset < len(self.items):
            return
        items = self.items
        items[index], items[index + offset] = items[index + offset], items[index]
        await self._rebuild(index + offset)

    async def enter_pressed(self, field: Any) -> None:
        # Straight away, not through Input.Submitted: keys typed after Enter (in a
        # burst) must not reach the field before this item is taken out of it.
        await self.add_pending()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.add_pending()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.changed()

    def _focused_button(self) -> Button | None:
        focused = self.screen.focused
        if isinstance(focused, Button) and focused in self.query(Button):
            return focused
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "press_button":
            return self._focused_button() is not None  # else Enter goes on as usual
        return True

    async def action_press_button(self) -> None:
        """Enter on a button: what it does, at once (Edit puts the cursor in the field)."""
        button = self._focused_button()
        if button is not None and not button.disabled:
            await self.use_button(button)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.use_button(event.button)

    async def use_button(self, button: Button) -> None:
        index = self.query_one(ItemList).index
        name = button.id or ""
        if name == "item-add":
            await self.add_pending()
        elif name == "item-edit":
            self.edit_item(index)
        elif name == "item-remove":
            await self.remove_item(index)
        elif name in ("item-up", "item-down"):
            await self.move_item(index, -1 if name == "item-up" else 1)

    @property
    def value(self) -> list[str]:
        # Words typed but not yet added still count: nothing typed is lost.
        pending = one_line(self.query_one("#item-text", Input).value)
        items = list(self.items)
        if pending:
            if self.editing is not None and self.editing < len(items):
                items[self.editing] = pending
            else:
                items.append(pending)
        return items
