"""One session as Markdown, to keep or print; written privately and atomically.

It holds what the session has shown to both people, and no more: a private
answer no step revealed is written as "(kept private)", never its words.

No Textual here: the CLI (``reconnect export``) and the history screen both
use it. Every word from a person or a file is Markdown-escaped, and any
control character (escape sequences, bidi overrides, NUL…) is written as a
visible ``U+XXXX`` mark instead, so the file holds exactly what was saved,
as text a terminal or viewer cannot act on.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import attrs

from reconnect_tui.common.atomic import write_private
from reconnect_tui.engine.answers import display_block, nth_try
from reconnect_tui.engine.privacy import ANYONE, hidden_note, revealed_in
from reconnect_tui.engine.state import DamagedData, earlier_tries, history
from reconnect_tui.progress.store import SavedSession

# C0 controls except newline, DEL, C1, and the bidirectional / invisible controls.
_CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ufff9-\ufffb\ufeff\u2028\u2029]"
)
_INLINE = re.compile(r"([\\`*_{}\[\]<>#|~!&])")
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")
PEOPLE_KEYS = {"a": 0, "b": 1}


def visible(text: str) -> str:
    """*text* with every control character shown as ``U+XXXX`` (tab included)."""
    return _CONTROL.sub(lambda match: f"U+{ord(match.group(0)):04X}", text)


def escape(text: str) -> str:
    """Markdown-escape one line of outside text (controls made visible first)."""
    line = _INLINE.sub(r"\\\1", visible(text))
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)


def quoted(text: str) -> list[str]:
    """A possibly multi-line answer as a Markdown block quote."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [f"> {escape(line)}" if line else ">" for line in text.split("\n")]


def _when(stamp: str) -> str:
    try:
        return dt.datetime.fromisoformat(stamp).astimezone().strftime("%-d %B %Y, %H:%M")
    except ValueError:
        return stamp


def _as_text(step: Any, value: Any) -> str:
    if step is not None:
        return display_block(step, value)
    if isinstance(value, list):
        return "\n".join(f"• {item}" for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


def _who(record: SavedSession, key: str) -> str:
    if key == "both" or record.mode != "together":
        return ""
    index = PEOPLE_KEYS.get(key)
    if index is None or index >= len(record.people):
        return key
    return record.people[index] or key


@attrs.frozen
class Row:
    """One answer as text: its step's title, who gave it ("" for both), and the text.

    ``tries``: a repeated step's earlier answers, oldest first; ``text`` is the last.
    """

    title: str
    who: str
    text: str
    tries: tuple[str, ...] = ()


def hidden_for_anyone(
    record: SavedSession, step_id: str, private: bool | None, key: str
) -> str | None:
    """What stands in for *key*'s answer to *step_id* when either person could be reading
    (the engine's one rule, ``hidden_note``); None when the session has shown it to both."""
    return hidden_note(
        step_id,
        private,
        key,
        ANYONE,
        mode=record.mode,
        revealed=revealed_in(record.state),
        finished=record.finished,
    )


def _tries(record: SavedSession) -> dict[str, dict[str, list[Any]]]:
    """The earlier tries the session's own data holds (its undo stack); none if it is damaged."""
    try:
        return earlier_tries(history(record.state.get("history", [])))
    except DamagedData:
        return {}


def answer_rows(record: SavedSession, exercise: Any = None) -> list[Row]:
    """Each answer, with its earlier tries, in the exercise's order; unknown steps last.

    Whoever reads a saved session (history, the session view, an export) may
    be either person, so each answer goes through the engine's one rule
    (:func:`~reconnect_tui.engine.privacy.hidden_note`) for a viewer who could
    be anyone: an answer the session has not shown to both stands as a short
    note instead, and a private one no step revealed is never written out.
    """
    steps = {step.id: step for step in exercise.steps} if exercise is not None else {}
    order = [sid for sid in steps if sid in record.answers]
    order += [sid for sid in record.answers if sid not in steps]
    tries = _tries(record)
    rows = []
    for step_id in order:
        step = steps.get(step_id)
        title = getattr(step, "title", "") or step_id
        private = None if step is None else bool(getattr(step, "private", False))
        row = record.answers.get(step_id)
        if isinstance(row, dict):
            for key, value in row.items():
                note = hidden_for_anyone(record, step_id, private, str(key))
                earlier = tries.get(step_id, {}).get(key, [])
                rows.append(
                    Row(
                        title,
                        _who(record, key),
                        note or _as_text(step, value),
                        tuple(note or _as_text(step, v) for v in earlier),
                    )
                )
    return rows


def to_markdown(record: SavedSession, exercise: Any = None) -> str:
    """The session as Markdown: title, who, when, then each answer in the exercise's order.

    *exercise* (the model, if the library still has it) gives step titles and
    readable sentences; without it the saved step ids and values are used.
    """
    lines = [f"# {escape(record.title)}", ""]
    people = [name for name in record.people if name]
    if people:
        lines.append(f"With: {escape(' and '.join(people))}  ")
    lines.append(f"Started: {escape(_when(record.started))}  ")
    lines.append(
        "Finished."
        if record.finished
        else f"Left part way; last saved {escape(_when(record.updated))}."
    )
    if record.promise:
        lines.append(f"Thought of coming back: {escape(record.promise)}")
    lines.append("")
    rows = answer_rows(record, exercise)
    if not rows:
        lines += ["Nothing was written down in this session.", ""]
    heading = None
    for row in rows:
        if row.title != heading:
            lines += [f"## {escape(row.title)}", ""]
            heading = row.title
        if row.who:
            lines += [f"**{escape(row.who)}:**", ""]
        if row.tries:
            for number, text in enumerate((*row.tries, row.text), 1):
                lines += [f"*{nth_try(number)}*", "", *quoted(text), ""]
        else:
            lines += [*quoted(row.text), ""]
    if exercise is None:
        lines += ["(The exercise file is no longer there, so step ids are shown as saved.)", ""]
    return "\n".join(lines)


def write_markdown(path: Path, text: str) -> None:
    """Write the export 0600, atomically; a planted symlink is refused (``SaveError``)."""
    write_private(path, text.encode("utf-8"), own_folder=False)
