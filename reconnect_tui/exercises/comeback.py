"""When to come back to an exercise that spans days: a few plain phrases, read by our own rules.

A ``later`` step closes a session for now; its author gives a suggested time
(``come_back``) and perhaps a few others (``other_times``), each a phrase:

- ``tomorrow``;
- ``in 3 days``, ``in a day``, ``in a week``, ``in 2 weeks`` (up to 8 weeks);
- ``next sunday``, ``on sunday``, or ``sunday``: the first such day after today.

Case and runs of spaces do not matter. Nothing here reads a clock: the date
is worked out from the *today* it is given. Once a later step is answered,
the session rests (:func:`resting`) until the day its words point to; the
keeper keeps that day in the session file.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from reconnect_tui.exercises.model import Exercise, LaterStep

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_DAYS = 56
EXAMPLES = '"tomorrow", "in 3 days", "in 2 weeks" or "next sunday"'
_IN = re.compile(r"^in (a|an|one|\d{1,2}) (day|days|week|weeks)\Z")
_ON = re.compile(rf"^(?:(?:next|on) )?({'|'.join(WEEKDAYS)})\Z")


def _words(phrase: str) -> str:
    return " ".join(phrase.casefold().split())


def days_after(phrase: str, today: dt.date) -> int | None:
    """How many days after *today* *phrase* means (1 to 56), or None when it is not understood."""
    words = _words(phrase)
    if words == "tomorrow":
        return 1
    match = _IN.match(words)
    if match:
        count = 1 if not match.group(1).isdigit() else int(match.group(1))
        days = count * (7 if match.group(2).startswith("week") else 1)
        return days if 1 <= days <= MAX_DAYS else None
    match = _ON.match(words)
    if match:
        ahead = (WEEKDAYS.index(match.group(1)) - today.weekday()) % 7
        return ahead or 7
    return None


def understood(phrase: str) -> bool:
    """Whether *phrase* is one this module can turn into a date (whatever today is)."""
    return days_after(phrase, dt.date(2026, 1, 5)) is not None


def return_date(phrase: str, today: dt.date) -> dt.date | None:
    """The date *phrase* points to, counted from *today*."""
    days = days_after(phrase, today)
    return None if days is None else today + dt.timedelta(days=days)


def resting(exercise: Exercise, data: dict[str, Any]) -> str | None:
    """The time picked on a later step, when that is the last thing done in *data*.

    *data* is the engine's ``Session.to_data()``. Going back over the step, or answering
    the next one, ends the rest.
    """
    history = data.get("history") or []
    if not history or data.get("state", {}).get("step") is None:
        return None
    last = history[-1].get("step")
    known = {step.id: step for step in exercise.steps}
    if not isinstance(known.get(last), LaterStep):
        return None
    row = data.get("answers", {}).get(last, {})
    picks = row.get(history[-1].get("key")) or row.get("both") or row.get("a")
    if isinstance(picks, list) and picks and isinstance(picks[0], str):
        return picks[0]
    return None
