"""The daily check-in's scales over recent weeks, and what has been done so far.

Counting only ever goes up: nothing here measures a gap, a missed day or a
streak that could break. The words for it are the UI's (``ui/wording.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from reconnect_tui.exercises.model import Exercise
from reconnect_tui.progress.export import hidden_for_anyone

CHECK_IN = "daily-check-in"
SCALES = ("mood", "energy")
WEEKS = 8
MAX_POINTS = 48
"""At most this many marks a line, so that name and marks fit one line at 80 columns."""


@attrs.frozen(kw_only=True)
class Series:
    """One person's answers to one scale, oldest first (values 1-5)."""

    scale: str
    person: str
    values: tuple[int, ...]


def _moment(stamp: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def check_in_series(
    records: Iterable[Any], now: dt.datetime | None = None, exercise: Exercise | None = None
) -> list[Series]:
    """Mood and energy per person from check-in records of the last few weeks.

    Only answers the session has shown to both count (the engine's one rule,
    for a reader who could be either person): a partner's mood from a
    check-in still going, say, waits until the session shows it.
    *exercise* is the check-in as the library has it now, for which steps are private.
    """
    now = now or dt.datetime.now(dt.UTC)
    known = {step.id: step.private for step in exercise.steps} if exercise is not None else {}
    since = now - dt.timedelta(weeks=WEEKS)
    found: dict[tuple[str, str], list[tuple[dt.datetime, int]]] = {}
    for record in records:
        moment = _moment(record.started)
        if record.exercise_id != CHECK_IN or moment is None or not since <= moment <= now:
            continue
        people = list(record.people)
        for scale in SCALES:
            row = record.answers.get(scale)
            if not isinstance(row, dict):
                continue
            for key, value in row.items():
                if not isinstance(value, int) or isinstance(value, bool):
                    continue
                if hidden_for_anyone(record, scale, known.get(scale), str(key)) is not None:
                    continue
                index = {"a": 0, "b": 1}.get(key)
                name = people[index] if index is not None and index < len(people) else ""
                found.setdefault((scale, name), []).append((moment, value))
    series = []
    for (scale, person), points in sorted(found.items(), key=lambda item: item[0]):
        points.sort(key=lambda point: point[0])
        values = tuple(v for _, v in points)[-MAX_POINTS:]
        series.append(Series(scale=scale, person=person, values=values))
    series.sort(key=lambda s: (SCALES.index(s.scale), s.person))
    return series


@attrs.frozen(kw_only=True)
class Done:
    """What has been done so far: counts of what was done, never of what was not.

    Attributes:
        finished: exercises finished, ever.
        check_ins: daily check-ins finished this calendar month.
    """

    finished: int
    check_ins: int


def done_so_far(sessions: Iterable[Any], now: dt.datetime | None = None) -> Done:
    """Count the finished sessions, and this month's finished check-ins."""
    now = now or dt.datetime.now(dt.UTC)
    finished = [info for info in sessions if info.finished]
    check_ins = sum(
        1
        for info in finished
        if info.exercise_id == CHECK_IN
        and (moment := _moment(info.started)) is not None
        and (moment.year, moment.month) == (now.year, now.month)
    )
    return Done(finished=len(finished), check_ins=check_ins)
