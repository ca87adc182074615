"""A choice step: one or several options, in groups, with an optional "something else"."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from reconnect_tui.common.safetext import one_line
from reconnect_tui.engine import Session, Turn
from reconnect_tui.exercises.model import ChoiceStep
from reconnect_tui.ui.text import show
from reconnect_tui.ui.widgets.base import StepView
from reconnect_tui.ui.widgets.field import Field
from reconnect_tui.ui.widgets.pick import Pick

OTHER_INDEX = -1


class ChoiceView(StepView):
    """Options to pick one of, or several of.

    Labels come from exercise files, so each is shown as literal Content.
    Up and down move between options; Enter or Space picks.
    """

    step: ChoiceStep  # the runner picks this view for choice steps

    DEFAULT_CSS = """
    ChoiceView .choice-group {
        color: $text-muted;
        margin: 1 0 0 0;
    }
    ChoiceView .choice-group.-first {
        margin: 0;
    }
    ChoiceView #other-text {
        margin: 0 0 0 6;
    }
    """

    # Priority bindings: each acts as the app reads its key, in order, and moves the
    # cursor at once. A plain binding (Pick's own Enter/Space) acts only once its key
    # has come back up from the option, after the app has already handed the option
    # the keys read behind it: in a burst (a slow link, tmux) the words typed right
    # after Space on "Something else" reached the option, not their field, and were
    # lost; Space after Down must pick where Down went.
    BINDINGS = [
        Binding("down", "move(1)", "Next option", show=False, priority=True),
        Binding("up", "move(-1)", "Previous option", show=False, priority=True),
        Binding("enter,space", "pick", "Pick", show=False, priority=True),
    ]

    def __init__(self, turn: Turn, session: Session, **kwargs: Any) -> None:
        super().__init__(turn, session, **kwargs)
        self.labels: list[str] = list(self.step.options)

    def _toggle(self, label: str, index: int, on: bool) -> Pick:
        name = f"option-{index}" if index >= 0 else "option-other"
        return Pick(show(label), on, several=self.step.multiple, id=name)

    def compose(self) -> ComposeResult:
        picked = list(self.prefill) if isinstance(self.prefill, list | tuple) else []
        index = 0
        for number, group in enumerate(self.step.groups):
            if group.label:
                classes = "choice-group -first" if number == 0 else "choice-group"
                yield Static(show(group.label), classes=classes)
            for option in group.options:
                yield self._toggle(option, index, option in picked)
                index += 1
        if self.step.other:
            extra = [item for item in picked if item not in self.labels]
            yield self._toggle("Something else", OTHER_INDEX, bool(extra))
            yield Field(
                extra[0] if extra else "",
                placeholder="In your own words",
                id="other-text",
                classes="quiet-input",
                max_length=300,
            )

    @property
    def value(self) -> list[str]:
        chosen = [
            label
            for index, label in enumerate(self.labels)
            if self.query_one(f"#option-{index}", Pick).value
        ]
        if self.step.other and self.query_one("#option-other", Pick).value:
            extra = one_line(self.query_one("#other-text", Input).value)
            if extra:
                chosen.append(extra)
        return chosen

    def _stops(self) -> list[Any]:
        return [widget for widget in self.query("Pick, Input") if widget.focusable]

    def action_move(self, offset: int) -> None:
        stops = self._stops()
        focused = self.screen.focused
        if focused in stops:
            position = stops.index(focused) + offset
            if 0 <= position < len(stops):
                self.take_focus(stops[position])  # the next key in a burst goes there

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            # On an option; in the own-words field Enter and Space are the field's.
            return isinstance(self.screen.focused, Pick)
        return True

    def action_pick(self) -> None:
        """Pick (or let go of) the option with the cursor; on "Something else", the
        cursor goes to its field at once, so the words typed right behind go there."""
        pick = self.screen.focused
        if not isinstance(pick, Pick):
            return
        pick.action_flip()
        if pick.value and pick.id == "option-other":
            self.take_focus(self.query_one("#other-text"))

    def on_pick_changed(self, event: Pick.Changed) -> None:
        event.stop()
        if event.value and not self.step.multiple:
            # One of: picking an option lets go of the others.
            for pick in self.query(Pick):
                if pick is not event.pick and pick.value:
                    pick.value = False
        if event.value and event.pick.id == "option-other" and self.screen.focused is event.pick:
            # Ticked with the mouse: the words go next. (By key, ``action_pick`` has
            # moved the cursor already; typing ticks it too, and then focus stays.)
            self.take_focus(self.query_one("#other-text"))
        self.changed()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        other = self.query_one("#option-other", Pick)
        if event.value.strip() and not other.value:
            other.value = True
        self.changed()
