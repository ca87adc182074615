"""History: past sessions by date, the check-in's scales over recent weeks, small moments.

Enter reads a session, ``e`` exports it to Markdown, ``d`` deletes it for
good after asking. Nothing here counts gaps or streaks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reconnect_tui.progress.moments import CHECK_IN, WEEKS, check_in_series, done_so_far
from reconnect_tui.ui.screens.session_actions import delete_session, export_session
from reconnect_tui.ui.screens.session_view import SessionViewScreen
from reconnect_tui.ui.text import join, show_line
from reconnect_tui.ui.wording import milestones, text_sparkline, when_words

SCALE_WORDS = {"mood": "Mood", "energy": "Energy"}


def session_card(info: Any) -> Content:
    people = " and ".join(name for name in info.people if name)
    state = "done" if info.finished else "part way"
    facts = " · ".join(part for part in (when_words(info.started), people, state) if part)
    return Content("\n").join(
        [show_line(info.title).stylize("bold"), show_line(facts).stylize("$text-muted")]
    )


class HistoryScreen(Screen[None]):
    """Every saved session, newest first."""

    BINDINGS = [
        Binding("escape,b", "back", "Back", key_display="b"),
        Binding("e", "export", "Export"),
        Binding("d", "delete", "Delete"),
    ]

    DEFAULT_CSS = """
    HistoryScreen { align-horizontal: center; }
    HistoryScreen #history-column { height: 1fr; padding: 1 2 0 2; }
    HistoryScreen #moments { margin: 0 0 1 0; height: auto; }
    HistoryScreen #sessions { height: 1fr; border: none; background: transparent; }
    """

    def __init__(self, keeper: Any, now: dt.datetime | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.keeper = keeper
        self.now = now
        self.sessions: list[Any] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="column", id="history-column"):
            yield Static("What you've done", classes="cover-heading")
            yield Static(id="moments", classes="muted")
            yield OptionList(id="sessions")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one("#sessions").focus()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        """Read the history in a thread: with years of sessions it takes a second."""
        if not self.sessions:
            self.query_one("#moments", Static).update(Content("Reading your history…"))
        self._read_history()

    @work(thread=True, exclusive=True, group="history")
    def _read_history(self) -> None:
        store = self.keeper.store
        sessions = store.list()
        records = self._check_ins(sessions)
        notices = list(store.notices)
        store.notices.clear()
        self.app.call_from_thread(self._show, sessions, records, notices)

    def _show(self, sessions: list[Any], records: list[Any], notices: list[str]) -> None:
        self.sessions = sessions
        listing = self.query_one("#sessions", OptionList)
        listing.clear_options()
        listing.add_options([Option(session_card(info), id=info.id) for info in sessions])
        if not sessions:
            listing.add_option(Option(Content("Nothing here yet."), disabled=True))
        else:
            listing.highlighted = 0
        self.query_one("#moments", Static).update(self.moments(records))
        if notices:
            self.app.notify("\n".join(notices), markup=False, timeout=12)

    def _check_ins(self, sessions: list[Any]) -> list[Any]:
        """The daily check-ins of the last weeks, read whole for their scales."""
        now = self.now or dt.datetime.now(dt.UTC)
        since = (now - dt.timedelta(weeks=WEEKS)).isoformat()
        records = []
        for info in sessions:
            if info.exercise_id == CHECK_IN and since[:19] <= info.started <= now.isoformat():
                try:
                    records.append(self.keeper.store.load(info.id))
                except (OSError, ValueError):
                    continue
        return records

    def moments(self, records: list[Any]) -> Content:
        now = self.now or dt.datetime.now(dt.UTC)
        notes = milestones(done_so_far(self.sessions, now))
        lines = [Content(note) for note in notes]
        entry = self.keeper.library.get(CHECK_IN)
        for series in check_in_series(records, now, entry.exercise if entry else None):
            label = SCALE_WORDS.get(series.scale, series.scale)
            lines.append(
                join(
                    label,
                    " · " if series.person else "",
                    show_line(series.person, 20),
                    "  ",
                    (text_sparkline(series.values), "$accent"),
                )
            )
        if len(lines) > len(notes):
            lines.append(Content(f"(check-ins over the last {WEEKS} weeks, 1 low to 5 high)"))
        return Content("\n").join(lines)

    def highlighted(self) -> Any:
        listing = self.query_one("#sessions", OptionList)
        if listing.highlighted is None or not self.sessions:
            return None
        option_id = listing.get_option_at_index(listing.highlighted).id
        return next((info for info in self.sessions if info.id == option_id), None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        info = self.highlighted()
        if info is not None:
            self.app.push_screen(SessionViewScreen(self.keeper, info.id))

    def action_export(self) -> None:
        info = self.highlighted()
        if info is not None:
            export_session(self, self.keeper, info.id)

    def action_delete(self) -> None:
        info = self.highlighted()
        if info is not None:
            delete_session(self, self.keeper, info.id, info.title, self.refresh_list)

    def action_back(self) -> None:
        self.app.pop_screen()
