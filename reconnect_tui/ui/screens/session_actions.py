"""Export or delete one saved session: the same two actions in History and the session view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.screen import Screen

from reconnect_tui.common.atomic import SaveError
from reconnect_tui.common.safetext import one_line
from reconnect_tui.progress.export import to_markdown, write_markdown
from reconnect_tui.ui.screens.dialogs import AskDialog, ConfirmDialog
from reconnect_tui.ui.text import join, show_line


def export_session(screen: Screen[None], keeper: Any, session_id: str) -> None:
    """Ask where, then write the session as Markdown (0600, never through a symlink)."""
    try:
        record = keeper.store.load(session_id)
    except (OSError, ValueError):
        screen.app.notify("That session could not be read.", markup=False)
        return
    entry = keeper.library.get(record.exercise_id)
    text = to_markdown(record, entry.exercise if entry is not None else None)
    suggested = Path.home() / f"reconnect-{record.started[:10]}-{record.exercise_id}.md"

    def write(answer: str | None) -> None:
        if not answer:
            return
        target = Path(answer).expanduser()
        try:
            write_markdown(target, text)
        except SaveError as error:
            screen.app.notify(
                f"It couldn't be written to {one_line(str(target))}: {error.reason}.",
                markup=False,
                timeout=10,
            )
            return
        screen.app.notify(
            f"Written to {one_line(str(target))} (only you can read it).", markup=False
        )

    screen.app.push_screen(
        AskDialog("Where should the Markdown file go?", value=str(suggested), ok="Export"),
        write,
    )


def delete_session(
    screen: Screen[None], keeper: Any, session_id: str, title: str, after: Any
) -> None:
    """Ask first; then delete for good."""

    def answer(yes: bool | None) -> None:
        if not yes:
            return
        try:
            keeper.forget(session_id)
        except SaveError as error:
            screen.app.notify(f"It couldn't be deleted: {error.reason}.", markup=False)
            return
        screen.app.notify("Deleted.", markup=False)
        after()

    question = join(
        "Delete ",
        show_line(title, 50).stylize("bold"),
        " for good? It can't be brought back afterwards.",
    )
    screen.app.push_screen(ConfirmDialog(question, yes="Delete it", no="Keep it"), answer)
