"""A summary step (and the closing card): answers gathered so they can be read together."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from reconnect_tui.engine.answers import nth_try
from reconnect_tui.exercises.model import SummaryStep
from reconnect_tui.ui.text import show
from reconnect_tui.ui.widgets.base import StepView


class AnswerCard(Vertical):
    """Each answer with its heading and, when one person gave it, their name."""

    DEFAULT_CSS = """
    AnswerCard {
        height: auto;
        border: round $primary 50%;
        padding: 0 1;
    }
    AnswerCard .card-heading { color: $text-muted; margin: 1 0 0 0; }
    AnswerCard .card-heading.-first { margin: 0; }
    AnswerCard .card-empty { color: $text-muted; text-style: italic; }
    AnswerCard .card-try { color: $text-muted; text-style: italic; }
    """

    def __init__(self, items: tuple[Any, ...], names: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.items = items
        self.names = names

    def compose(self) -> ComposeResult:
        if not self.items:
            yield Static(
                "Nothing was written down this time, and that's alright.", classes="card-empty"
            )
            return
        for number, item in enumerate(self.items):
            heading = item.label or item.title or item.step_id
            if item.person and not item.label:
                name = item.name or self.names.get(item.person, item.person)
                heading = f"{heading} ({name})"
            classes = "card-heading -first" if number == 0 else "card-heading"
            yield Static(show(heading), classes=classes)
            if item.tries:
                # A repeated step: every try, in order; the last is the answer.
                texts = (*item.tries, item.text or "(left blank)")
                for count, text in enumerate(texts, 1):
                    yield Static(show(nth_try(count)), classes="card-try")
                    yield Static(show(text), classes="card-text")
            else:
                yield Static(show(item.text or "(left blank)"), classes="card-text")


def people_names(session: Any) -> dict[str, str]:
    return {person.key: person.name or "you" for person in session.people}


class SummaryView(StepView):
    """What has been said so far, including private answers this step reveals."""

    step: SummaryStep  # the runner picks this view for summary steps

    def compose(self) -> ComposeResult:
        yield AnswerCard(self.session.summary(), people_names(self.session), id="summary-card")

    def on_mount(self) -> None:
        self.query_one(AnswerCard).border_title = "What you've gathered"
