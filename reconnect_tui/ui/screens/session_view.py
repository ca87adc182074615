"""Reading one saved session, even when its exercise file is gone."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Static

from reconnect_tui.engine.answers import nth_try
from reconnect_tui.progress.export import answer_rows
from reconnect_tui.ui.screens.base import PageScreen
from reconnect_tui.ui.screens.session_actions import delete_session, export_session
from reconnect_tui.ui.text import join, show, show_line
from reconnect_tui.ui.wording import when_words


class SessionViewScreen(PageScreen[None]):
    """One session's answers, step by step; ``e`` exports, ``d`` deletes after asking."""

    BINDINGS = [
        Binding("escape,b", "back", "Back", key_display="b"),
        Binding("e", "export", "Export"),
        Binding("d", "delete", "Delete"),
    ]

    def __init__(self, keeper: Any, session_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.keeper = keeper
        self.session_id = session_id
        self.record: Any = None

    def compose(self) -> ComposeResult:
        try:
            self.record = self.keeper.store.load(self.session_id)
        except (OSError, ValueError):
            self.record = None
        with VerticalScroll(id="page"), Vertical(classes="column"):
            if self.record is None:
                yield Static("This session could not be read.", classes="cover-heading")
                return
            record = self.record
            entry = self.keeper.library.get(record.exercise_id)
            yield Static(show_line(record.title), classes="cover-heading")
            people = " and ".join(name for name in record.people if name)
            state = "finished" if record.finished else "left part way"
            when = when_words(record.started)
            facts = " · ".join(part for part in (when, people, state) if part)
            yield Static(show_line(facts), classes="muted")
            if record.promise and not record.finished:  # done: the promise was kept
                yield Static(join("You'd thought of coming back ", show_line(record.promise)))
            if entry is None:
                yield Static(
                    "Its exercise file isn't in your library any more, so the steps are "
                    "shown by their saved names.",
                    classes="muted",
                )
            # Either partner may open this: it shows what the session has shown to both.
            rows = answer_rows(record, entry.exercise if entry is not None else None)
            if not rows:
                yield Static("Nothing was written down in this session.", classes="muted")
            for row in rows:
                yield Static(show_line(row.title).stylize("bold"), classes="section")
                who = show_line(row.who).stylize("italic")
                if row.tries:
                    # A repeated step: every try, in order; the last is the answer.
                    if row.who:
                        yield Static(join(who, ":"))
                    for number, text in enumerate((*row.tries, row.text), 1):
                        yield Static(
                            join(show_line(nth_try(number)).stylize("italic"), ": ", show(text))
                        )
                else:
                    yield Static(join(who, ": ", show(row.text)) if row.who else show(row.text))
        yield Footer(compact=True)

    def action_export(self) -> None:
        if self.record is not None:
            export_session(self, self.keeper, self.session_id)

    def action_delete(self) -> None:
        if self.record is not None:
            title = self.record.title
            delete_session(self, self.keeper, self.session_id, title, self.app.pop_screen)

    def action_back(self) -> None:
        self.app.pop_screen()
