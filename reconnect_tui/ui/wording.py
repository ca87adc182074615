"""Words the screens show about saved progress and problems: calm, plain, never blaming.

The layers below hand over facts (stamps, counts, which steps changed, a
problem record); this module turns them into the sentences people read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.content import Content

from reconnect_tui.common.problems import Problem
from reconnect_tui.ui.text import show

if TYPE_CHECKING:
    from reconnect_tui.progress.keeper import Edits
    from reconnect_tui.progress.moments import Done

BARS = "▁▂▃▄▅▆▇█"
_NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 10: "ten", 20: "twenty"}


def when_words(stamp: str, now: dt.datetime | None = None) -> str:
    """A start stamp (``YYYYmmdd-HHMMSS`` or ISO) as calm words: "today", "3 days ago"."""
    try:
        if "T" in stamp:
            moment = dt.datetime.fromisoformat(stamp)
        else:
            moment = dt.datetime.strptime(stamp[:15], "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return ""
    now = now or dt.datetime.now(dt.UTC)
    days = (now.astimezone().date() - moment.astimezone().date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    return moment.astimezone().strftime("%-d %B %Y")


def day_words(day: dt.date, today: dt.date) -> str:
    """A day ahead as calm words: "tomorrow", "Sunday", "Sunday 13 December"."""
    ahead = (day - today).days
    if ahead == 1:
        return "tomorrow"
    if 1 < ahead < 7:
        return f"{day:%A}"
    if day.year == today.year:
        return f"{day:%A} {day.day} {day:%B}"
    return f"{day:%A} {day.day} {day:%B %Y}"


def rest_words(rest_until: str, today: dt.date) -> str:
    """How Home says a paused session is doing: resting until a day, or ready; "" if neither.

    No count of days missed, no alert: once the day has come it simply is ready.
    """
    try:
        day = dt.date.fromisoformat(rest_until)
    except ValueError:
        return ""
    if day <= today:
        return "Ready to continue, whenever suits you."
    return f"Resting until {day_words(day, today)}."


def what_changed(edits: Edits) -> str:
    """A kind sentence about how the exercise file changed since the session began."""
    parts = []
    if edits.gone:
        parts.append(
            "one step you answered is no longer part of it (your words for it are still kept)"
            if len(edits.gone) == 1
            else f"{len(edits.gone)} steps you answered are no longer part of it "
            "(your words for them are still kept)"
        )
    if edits.added:
        parts.append(
            "a new step was added"
            if len(edits.added) == 1
            else f"{len(edits.added)} steps were added"
        )
    if not parts:
        return (
            "This exercise was edited a little since you began. "
            "Everything you wrote is still here, matched to its steps."
        )
    return (
        "This exercise was edited since you began: " + " and ".join(parts) + ". "
        "Everything else is matched up and waiting where you left it."
    )


def milestones(done: Done) -> list[str]:
    """A few warm words about what has been done; only ever counts up."""
    notes = []
    if done.check_ins >= 2:
        count = _NUMBERS.get(done.check_ins, str(done.check_ins))
        notes.append(
            f"{count.capitalize()} check-ins this month. Each one is a moment of noticing."
        )
    elif done.check_ins == 1:
        notes.append("A check-in this month already. That counts.")
    if done.finished >= 5:
        notes.append(f"{done.finished} exercises finished so far. Thank you for making the time.")
    if done.finished == 1:
        notes.append("Your first exercise is done. A good beginning.")
    return notes


def text_sparkline(values: Iterable[int], low: int = 1, high: int = 5) -> str:
    """Values as block characters, for places without the Sparkline widget."""
    span = max(high - low, 1)
    return "".join(
        BARS[round((min(max(value, low), high) - low) / span * (len(BARS) - 1))] for value in values
    )


def problem_line(problem: Problem) -> Content:
    """``file:line: message`` with the hint after it, all shown literally."""
    place = str(problem.path)
    if problem.line:
        place = f"{place}:{problem.line}"
    warning = "warning: " if problem.severity == "warning" else ""
    text = f"{place}: {warning}{problem.message}"
    if problem.hint:
        text = f"{text} ({problem.hint})"
    return show(text)
