"""A compare step: what both partners named first, then what only one of them named."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from reconnect_tui.exercises.model import CompareStep
from reconnect_tui.ui.text import join, show
from reconnect_tui.ui.widgets.base import StepView

NARROW = 64
"""Below this many columns the two lists stack instead of sitting side by side."""


def bullet_list(items: tuple[str, ...] | list[str], empty: str) -> Content:
    if not items:
        return Content(empty).stylize("italic $text-muted")
    return Content("\n").join([join("• ", show(item)) for item in items])


class CompareView(StepView):
    """Shared items across the top; each person's own below, in two columns or stacked."""

    step: CompareStep  # the runner picks this view for compare steps

    DEFAULT_CSS = """
    CompareView .compare-box {
        height: auto;
        border: round $primary 40%;
        padding: 0 1;
        margin: 0 0 1 0;
    }
    CompareView #both { border: round $success 60%; }
    CompareView #columns { height: auto; }
    CompareView #columns > .compare-box { width: 1fr; }
    CompareView #columns > #only-a { margin: 0 1 1 0; }
    CompareView.-stacked #columns { layout: vertical; }
    CompareView.-stacked #columns > #only-a { margin: 0 0 1 0; }
    """

    def _label(self, comparison: Any, person: Any) -> Content:
        label = getattr(comparison, "only_labels", {}).get(person.key)
        if not label:
            label = self.step.only_label.replace("{person}", person.name or "you")
        return show(label)

    def compose(self) -> ComposeResult:
        comparison = self.session.comparison()
        people = {person.key: person for person in self.session.people}
        both = Static(
            bullet_list(comparison.both, "No overlap this time, and that's fine."),
            id="both",
            classes="compare-box",
        )
        both.border_title = show(getattr(comparison, "both_label", "") or self.step.both_label)
        yield both
        with Horizontal(id="columns"):
            for key in ("a", "b"):
                if key not in people:
                    continue
                box = Static(
                    bullet_list(comparison.only.get(key, ()), "Nothing else named."),
                    id=f"only-{key}",
                    classes="compare-box",
                )
                box.border_title = self._label(comparison, people[key])
                yield box

    def on_mount(self) -> None:
        self._fit(self.app.size.width)

    def on_resize(self) -> None:
        self._fit(self.app.size.width)

    def _fit(self, width: int) -> None:
        self.set_class(width < NARROW, "-stacked")
