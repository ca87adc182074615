"""The words screens show about progress and problems: calm, literal, only counting up."""

from __future__ import annotations

import datetime as dt

from reconnect_tui.common.problems import Problem
from reconnect_tui.progress.keeper import Edits
from reconnect_tui.progress.moments import Done
from reconnect_tui.ui.wording import (
    milestones,
    problem_line,
    text_sparkline,
    what_changed,
    when_words,
)

NOW = dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC)


def test_when_words() -> None:
    assert when_words("20261126-080000", NOW) == "today"
    assert when_words("2026-11-25T08:00:00+00:00", NOW) == "yesterday"
    assert when_words("20261120-080000", NOW) == "6 days ago"
    assert when_words("20260101-080000", NOW) == "1 January 2026"
    assert when_words("not a date", NOW) == ""


def test_what_changed_says_what_was_gone_and_added_kindly() -> None:
    sentence = what_changed(Edits(gone=("old-step",), added=("a", "b")))
    assert "one step you answered is no longer part of it" in sentence
    assert "2 steps were added" in sentence
    assert "a new step was added" in what_changed(Edits(added=("a",)))
    assert "edited a little" in what_changed(Edits())
    assert "missed" not in sentence


def test_milestones_only_count_up() -> None:
    notes = milestones(Done(finished=5, check_ins=5))
    assert notes[0].startswith("Five check-ins this month")
    assert "5 exercises finished so far" in notes[1]
    assert not any(word in " ".join(notes).lower() for word in ("streak", "missed", "gap"))
    assert milestones(Done(finished=1, check_ins=1)) == [
        "A check-in this month already. That counts.",
        "Your first exercise is done. A good beginning.",
    ]
    assert milestones(Done(finished=0, check_ins=0)) == []


def test_text_sparkline() -> None:
    assert text_sparkline([1, 3, 5]) == "▁▅█"
    assert text_sparkline([0, 9]) == "▁█"  # out of range: kept to the ends


def test_problem_line_is_literal_with_place_and_hint() -> None:
    problem = Problem(path="[b]mine.toml", message="x [/] y", line=3, hint="did you mean 'a'?")
    assert problem_line(problem).plain == "[b]mine.toml:3: x [/] y (did you mean 'a'?)"
    warning = Problem(path="w.toml", message="odd", severity="warning")
    assert problem_line(warning).plain == "w.toml: warning: odd"
